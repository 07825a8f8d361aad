"""Issue 19 item 1: a contract read after answering shows where it contradicts the merchant.

Through the real CLI on a real database file: `assess --contract` prints each conflict with the
quote (never "kept your answers" silently), `conflict` settles them by script, an open conflict
is a must-do item and appears in the client report (PDF read back); `confirm` confirms the
suggestions and `finalize` warns about what is left open.
"""

from __future__ import annotations

import json
from pathlib import Path

import pypdf

from tests.conftest import CLI, FIXTURES
from vendorcheck.core import conflicts
from vendorcheck.core.answers import Answer
from vendorcheck.services import catalog

VENDOR = "云帆"
# Allows the vendor to borrow in the shop's name and puts every platform penalty on the merchant.
CONTRACT = FIXTURES / "contracts" / "dev" / "zh02_tmall_agency_vendor_template.txt"
MINE = {
    "contract.no_shop_loans": "yes",  # "the contract forbids loans": the text allows them
    "contract.penalties_on_merchant": "no",  # "no such clause": the text has it
    "contract.sla_targets": "no",  # the contract sets no targets either: no conflict
}


def _answered_then_contract(run_cli: CLI, tmp_path: Path, lang: str = "en") -> str:
    assert run_cli("vendor", "add", VENDOR).returncode == 0
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "answers:\n" + "".join(f"  {q}: '{v}'\n" for q, v in MINE.items()), encoding="utf-8"
    )
    assert run_cli("assess", VENDOR, "--answers", str(answers)).returncode == 0
    r = run_cli("assess", VENDOR, "--contract", str(CONTRACT), lang=lang)
    assert r.returncode == 0, r.stderr
    return r.stdout


def _score(run_cli: CLI) -> dict[str, dict[str, object]]:
    data = json.loads(run_cli("score", VENDOR, "--format", "json").stdout)
    return {q["id"]: q for s in data["sections"] for q in s["questions"]}


def test_assess_contract_prints_each_conflict_with_its_quote(run_cli: CLI, tmp_path: Path) -> None:
    out = _answered_then_contract(run_cli, tmp_path)
    assert "The contract contradicts 2 of your answers" in out
    loans = out.split("≠ contract.no_shop_loans", 1)[1].split("≠", 1)[0]
    assert "your answer: Yes; the contract: No" in loans
    assert "quote: " in loans and "网商贷" in loans
    penalties = out.split("≠ contract.penalties_on_merchant", 1)[1]
    assert "your answer: no such clause; the contract: has this clause" in penalties
    assert "一切平台处罚" in penalties
    assert "≠ contract.sla_targets" not in out
    assert f"vendorcheck conflict '{VENDOR}' --take-contract contract.no_shop_loans" in out
    # the merchant's answers are untouched until they choose
    qs = _score(run_cli)
    assert (qs["contract.no_shop_loans"]["value"], qs["contract.no_shop_loans"]["source"]) == (
        "yes",
        "merchant",
    )


def test_conflicts_in_chinese(run_cli: CLI, tmp_path: Path) -> None:
    out = _answered_then_contract(run_cli, tmp_path, lang="zh")
    assert "合同与你的 2 个回答矛盾" in out
    assert "你的回答：没有此条款；合同：有此条款（处罚全由商家担）" in out


def test_settling_by_script_keeps_or_takes_the_contract(run_cli: CLI, tmp_path: Path) -> None:
    _answered_then_contract(run_cli, tmp_path)
    todo = json.loads(run_cli("todo", VENDOR, "--format", "json").stdout)
    items = todo if isinstance(todo, list) else todo["items"]
    ids = [i["id"] for i in items]
    assert ids[:2] == ["conflict.contract.no_shop_loans", "conflict.contract.penalties_on_merchant"]
    assert items[0]["priority"] == "must" and "网商贷" in items[0]["evidence"]

    r = run_cli("conflict", VENDOR, "--take-contract", "contract.no_shop_loans")
    assert r.returncode == 0, r.stderr
    assert "Settled contract.no_shop_loans: the contract's answer taken" in r.stdout
    assert "contradicts 1 of your answers" in r.stdout  # the other one is still listed
    qs = _score(run_cli)
    assert qs["contract.no_shop_loans"]["value"] == "no"  # now a red flag: loans allowed
    assert qs["contract.no_shop_loans"]["source"] == "merchant"
    assert "网商贷" in str(qs["contract.no_shop_loans"]["evidence"])

    r = run_cli("conflict", VENDOR, "--keep", "contract.penalties_on_merchant")
    assert r.returncode == 0, r.stderr
    assert "No contradictions between the contract and your answers" in r.stdout
    assert _score(run_cli)["contract.penalties_on_merchant"]["value"] == "no"
    todo = json.loads(run_cli("todo", VENDOR, "--format", "json").stdout)
    assert not [
        i
        for i in (todo if isinstance(todo, list) else todo["items"])
        if i["id"].startswith("conflict.")
    ]

    bad = run_cli("conflict", VENDOR, "--keep", "contract.penalties_on_merchant")
    assert (
        bad.returncode == 2 and "no open conflict on contract.penalties_on_merchant" in bad.stderr
    )
    assert "Traceback" not in bad.stderr


def test_an_open_conflict_is_in_the_report(run_cli: CLI, tmp_path: Path) -> None:
    _answered_then_contract(run_cli, tmp_path)
    out = tmp_path / "report.pdf"
    r = run_cli("report", VENDOR, "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = " ".join("".join(p.extract_text() for p in pypdf.PdfReader(out).pages).split())
    section = text.split("Before you sign", 1)[1]
    assert "Settle the contradiction: you answered 'Yes', the contract says 'No'" in section
    assert "网商贷" in section  # the quote behind it


def test_confirm_and_finalize_warn_about_what_is_open(run_cli: CLI, tmp_path: Path) -> None:
    _answered_then_contract(run_cli, tmp_path)
    pending = [q for q, a in _score(run_cli).items() if a["source"] == "suggested"]
    assert len(pending) > 5
    r = run_cli("confirm", VENDOR, pending[0])
    assert r.returncode == 0, r.stderr
    assert f"Confirmed 1 suggested answers: {pending[0]}" in r.stdout
    assert _score(run_cli)[pending[0]]["source"] == "merchant"
    bad = run_cli("confirm", VENDOR, pending[0])
    assert bad.returncode == 2 and "not an unconfirmed suggestion" in bad.stderr

    r = run_cli("finalize", VENDOR, "--yes")
    assert r.returncode == 0, r.stderr
    assert f"Warning: {len(pending) - 1} answers suggested from the contract are unconfirmed" in (
        r.stderr
    )
    assert "Warning: 2 contradictions with the contract are unsettled" in r.stderr
    assert "≠ contract.no_shop_loans" in r.stderr


def test_confirm_all(run_cli: CLI, tmp_path: Path) -> None:
    _answered_then_contract(run_cli, tmp_path)
    r = run_cli("confirm", VENDOR)
    assert r.returncode == 0, r.stderr
    assert "Confirmed " in r.stdout
    assert not [q for q, a in _score(run_cli).items() if a["source"] == "suggested"]
    r = run_cli("finalize", VENDOR, "--yes")
    assert "unconfirmed" not in r.stderr


def test_only_a_quoted_finding_contradicts_a_known_answer() -> None:
    """Pure rule: a clause not found, an unknown answer or a suggestion never conflicts."""
    cs = catalog.get("cs-outsourcing")
    q = "contract.no_shop_loans"
    found = {
        q: Answer(
            question_id=q, value="no", evidence="四: 乙方可以以店铺名义贷款", source="suggested"
        )
    }
    mine = {q: Answer(question_id=q, value="yes")}
    assert [c.question_id for c in conflicts.find(cs, mine, found)] == [q]
    not_found = {q: found[q].model_copy(update={"evidence": ""})}
    assert conflicts.find(cs, mine, not_found) == []
    for other in ("unknown", "no"):
        assert conflicts.find(cs, {q: Answer(question_id=q, value=other)}, found) == []
    suggested_before = {q: Answer(question_id=q, value="yes", source="suggested")}
    assert conflicts.find(cs, suggested_before, found) == []
