"""Issue 19 item 7: the README's count of deal-breakers agrees with the checklist data (it said
three while the screens counted more). A deal-breaker is a question with a `critical` option or
band: answered that way it is a red flag and the verdict is reject."""

from __future__ import annotations

import re
from pathlib import Path

from vendorcheck.core.models import Checklist
from vendorcheck.services import catalog

README = Path(__file__).resolve().parent.parent / "README.md"
WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def deal_breakers(c: Checklist) -> list[str]:
    return [
        q.id
        for q in c.questions()
        if any(o.critical for o in q.answer_options()) or any(b.critical for b in q.bands)
    ]


def test_readme_counts_the_deal_breakers_the_checklists_have() -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    totals = re.search(
        r"\*\*(\d+) deal-breakers in cs-outsourcing, (\d+) in store-operation\*\*", text
    )
    assert totals, "README no longer states the deal-breaker counts"
    cs, so = catalog.get("cs-outsourcing"), catalog.get("store-operation")
    assert (int(totals[1]), int(totals[2])) == (len(deal_breakers(cs)), len(deal_breakers(so)))
    contract = re.search(r"(\w+) contract questions are deal-breakers \(`critical`\) in both", text)
    assert contract
    common = {q for q in deal_breakers(cs) if q.startswith("contract.")} & set(deal_breakers(so))
    assert WORDS[contract[1].lower()] == len(common)
    adds = re.search(r"`store-operation` adds (\w+):", text)
    assert adds and WORDS[adds[1]] == len(
        [q for q in deal_breakers(so) if q.startswith("contract.") and q not in common]
    )
