"""The paraphrase bank (tests/fixtures/contracts/paraphrases.toml): every clause id written in
many wordings a drafter might use, and near-misses that must not count. One case per sentence,
so a failure names the sentence; the bank was written before the patterns were widened for it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from vendorcheck.core.contracts import CLAUSE_IDS
from vendorcheck.services import contracts

BANK = tomllib.loads(
    (Path(__file__).parent / "fixtures" / "contracts" / "paraphrases.toml").read_text("utf-8")
)
HEADS: dict[str, str] = BANK["heads"]
KINDS = {"zh": True, "en": True, "zh_absent": False, "en_absent": False}


def _cases() -> list[object]:
    out: list[object] = []
    for cid in CLAUSE_IDS:
        entry = BANK["clauses"][cid]
        for kind, want in KINDS.items():
            for n, item in enumerate(entry.get(kind, [])):
                text, head = (
                    (item, kind[:2]) if isinstance(item, str) else (item["text"], item["head"])
                )
                tag = "present" if want else "absent"
                out.append(pytest.param(cid, head, text, want, id=f"{cid}-{kind}-{n}-{tag}"))
    return out


def test_bank_covers_every_id_in_both_languages() -> None:
    for cid in CLAUSE_IDS:
        entry = BANK["clauses"][cid]
        assert len(entry["zh"]) >= 15 and len(entry["en"]) >= 8, cid
        assert len(entry.get("zh_absent", [])) + len(entry.get("en_absent", [])) >= 5, cid


@pytest.mark.parametrize(("cid", "head", "text", "want"), _cases())
def test_paraphrase(cid: str, head: str, text: str, want: bool) -> None:
    result = contracts.scan_text(HEADS[head] + text)
    got = result.clauses[cid].status == "present"
    assert got is want, f"{cid} {'missed' if want else 'false alarm'}: {text}"


FAMILIES = tomllib.loads(
    (Path(__file__).parent / "fixtures" / "contracts" / "family-paraphrases.toml").read_text(
        "utf-8"
    )
)["cases"]


@pytest.mark.parametrize(
    "case",
    FAMILIES,
    ids=[f"{c['family'].replace(' ', '_')}-{c['id']}-{n}" for n, c in enumerate(FAMILIES)],
)
def test_family_paraphrase(case: dict[str, object]) -> None:
    """Issue 16's families (who is who, rights on the other side, exception scope, non-operative
    text, mutual terms, caps by scope, variants): each case in a drafting style of its own."""
    text = str(case["text"])
    head = str(case.get("head") or ("en" if text.isascii() else "zh"))
    got = contracts.scan_text(HEADS[head] + text).clauses[str(case["id"])].status == "present"
    assert got is case["present"], f"{case['family']}: {case['id']} {text}"


def test_every_family_has_three_paraphrases() -> None:
    families: dict[str, int] = {}
    for c in FAMILIES:
        families[str(c["family"])] = families.get(str(c["family"]), 0) + 1
    assert all(n >= 3 for n in families.values()), families
