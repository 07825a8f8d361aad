"""The dispute clause ids (issue 17): every id found in its paraphrases, in plain and Traditional
Chinese and in English, and never in the fair near-misses of the same bank
(tests/fixtures/contracts/dispute-paraphrases.toml). One case per sentence, so a failure names it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from vendorcheck.core.disputes import DISPUTE_IDS, DISPUTE_RISKY_IDS
from vendorcheck.services import contracts

BANK = tomllib.loads(
    (Path(__file__).parent / "fixtures" / "contracts" / "dispute-paraphrases.toml").read_text(
        "utf-8"
    )
)
HEADS: dict[str, str] = BANK["heads"]


def _cases() -> list[object]:
    out: list[object] = []
    for cid in DISPUTE_IDS:
        for kind, want in (("present", True), ("absent", False)):
            for n, item in enumerate(BANK["clauses"][cid][kind]):
                text, head = (item, "") if isinstance(item, str) else (item["text"], item["head"])
                head = head or ("en" if text.isascii() else "zh")
                out.append(pytest.param(cid, head, text, want, id=f"{cid}-{kind}-{n}"))
    return out


def test_every_id_is_data_with_both_languages() -> None:
    ps = contracts.patterns()
    by_id = {c.id: c for c in ps.clauses}
    for cid in DISPUTE_IDS:
        c = by_id[cid]
        assert c.name is not None and c.name.zh and c.name.en and c.what.zh and c.what.en
        assert c.kind == ("risky" if cid in DISPUTE_RISKY_IDS else "protective")
        assert {r.lang for r in c.rules} == {"zh", "en"}, cid
        entry = BANK["clauses"][cid]
        assert len(entry["present"]) >= 3 and len(entry["absent"]) >= 2, cid


@pytest.mark.parametrize(("cid", "head", "text", "want"), _cases())
def test_dispute_paraphrase(cid: str, head: str, text: str, want: bool) -> None:
    got = contracts.scan_text(HEADS[head] + text).clauses[cid].status == "present"
    assert got is want, f"{cid} {'missed' if want else 'false alarm'}: {text}"


TRAPS = Path(__file__).parent / "fixtures" / "contracts" / "traps17"
SEVEN_TRAPS = {
    "deposit_forfeit",
    "performance_gamble",
    "ad_spend_via_vendor",
    "min_term_autorenew",
    "vendor_holds_assets",
    "jurisdiction_vendor_seat",
    "credentials_handover",
}


@pytest.mark.parametrize("name", sorted(p.name for p in TRAPS.glob("t*.txt")))
def test_seven_trap_contract_flags_each_trap(name: str) -> None:
    """The issue's contract (three protections, seven traps, handed-over credentials), written
    in three styles: each trap is reported under its own id, the three protections still found."""
    r = contracts.scan_file(TRAPS / name)
    present = set(r.present())
    assert present >= SEVEN_TRAPS, SEVEN_TRAPS - present
    assert {"no_shop_loans", "vendor_fraud_liability", "violation_compensation"} <= present


@pytest.mark.parametrize("name", sorted(p.name for p in TRAPS.glob("f*.txt")))
def test_fair_merchant_contract_raises_no_new_risk(name: str) -> None:
    """A platform deposit deducted for the vendor's violations, a deposit refunded, jurisdiction
    at the merchant's seat, mutual penalties: none of the new risky ids."""
    r = contracts.scan_file(TRAPS / name)
    assert [c for c in DISPUTE_RISKY_IDS if r.clauses[c].status == "present"] == []
    found = {c for c in DISPUTE_IDS if c not in DISPUTE_RISKY_IDS and c in r.present()}
    assert len(found) >= 5, found


def test_scan_suggests_the_new_questions_yes_meaning_safe() -> None:
    """A trap found suggests "no" (unsafe) with its quote; a fair contract suggests "yes"."""
    from vendorcheck.services import catalog

    so = catalog.get("store-operation")
    trap = contracts.suggest_answers(so, contracts.scan_file(TRAPS / "t1_zh_agency_template.txt"))
    fair = contracts.suggest_answers(so, contracts.scan_file(TRAPS / "f1_zh_merchant_drafted.txt"))
    for cid in DISPUTE_RISKY_IDS:
        assert fair[f"contract.{cid}"].value == "yes", cid
    for cid in SEVEN_TRAPS:
        a = trap[f"contract.{cid}"]
        assert a.value == "no" and a.evidence and a.source == "suggested", cid
    assert fair["contract.asset_ownership"].value == "yes"
    assert trap["contract.asset_ownership"].value == "no"
    assert trap["contract.penalties_on_merchant"].value == "no"  # old phrasing (good = "no") intact
