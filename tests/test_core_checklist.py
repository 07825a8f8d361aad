"""Checklist format: validation errors name file, line and field; identity is id + version + hash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vendorcheck.core.answers import check_value, parse_answers
from vendorcheck.core.errors import UserError
from vendorcheck.core.models import Checklist
from vendorcheck.core.parsing import canonical_json, checklist_sha256, parse_checklist

FIX = Path(__file__).parent / "fixtures"
SPINE_TEXT = (FIX / "checklists" / "spine.toml").read_text(encoding="utf-8")


def test_overlapping_bands_named_with_file_line_and_path() -> None:
    path = FIX / "bad" / "overlap.toml"
    with pytest.raises(UserError) as e:
        parse_checklist(path.read_text(encoding="utf-8"), str(path))
    msg = e.value.text("en")
    assert msg == f"{path}:16: sections[0].questions[1]: bands overlap at 50"


def test_toml_syntax_error_names_the_line() -> None:
    with pytest.raises(UserError) as e:
        parse_checklist((FIX / "bad" / "not_toml.toml").read_text(), "not_toml.toml")
    assert "not_toml.toml: not valid TOML" in e.value.text("en")
    assert "line 2" in e.value.text("en")


def test_missing_language_is_refused() -> None:
    with pytest.raises(UserError) as e:
        parse_checklist((FIX / "bad" / "missing_en.toml").read_text(), "m.toml")
    assert "title.en: Field required" in e.value.text("en")


def test_duplicate_question_ids_refused() -> None:
    text = SPINE_TEXT.replace('id = "basics.tier"', 'id = "basics.licence"')
    with pytest.raises(UserError, match="question id 'basics.licence' appears twice"):
        parse_checklist(text, "dup.toml")


def test_unknown_keys_are_typos() -> None:
    text = SPINE_TEXT.replace('kind = "rating"', 'kind = "rating"\nweigth = 3')
    with pytest.raises(UserError, match="weigth: Extra inputs are not permitted"):
        parse_checklist(text, "typo.toml")


def test_identity_is_stable_and_content_sensitive() -> None:
    a = parse_checklist(SPINE_TEXT, "a.toml")
    reformatted = parse_checklist("# a comment\n" + SPINE_TEXT.replace(" = ", "="), "b.toml")
    assert checklist_sha256(a) == checklist_sha256(reformatted)
    changed = parse_checklist(SPINE_TEXT.replace("points = 4", "points = 5"), "c.toml")
    assert checklist_sha256(changed) != checklist_sha256(a)
    # The stored canonical JSON loads back to the same checklist.
    again = Checklist.model_validate(json.loads(canonical_json(a)))
    assert checklist_sha256(again) == checklist_sha256(a)


def test_answer_values_checked_against_their_question() -> None:
    c = parse_checklist(SPINE_TEXT, "spine.toml")
    assert check_value(c.question("basics.licence"), True) == "yes"  # YAML's bare yes
    assert check_value(c.question("basics.response"), "25") == 25
    assert check_value(c.question("contract.rating"), "unknown") == "unknown"
    with pytest.raises(UserError, match="answers.contract.rating: rating 6 is outside 1-5"):
        check_value(c.question("contract.rating"), 6)
    with pytest.raises(UserError, match="answers.basics.response: 4000 is above the maximum 3600"):
        check_value(c.question("basics.response"), 4000)
    with pytest.raises(UserError, match="'huge' is not one of: large, small, shell, unknown"):
        check_value(c.question("basics.tier"), "huge")
    with pytest.raises(UserError, match="answers.basics.nope: no question with this id"):
        parse_answers({"answers": {"basics.nope": "yes"}}, c)
