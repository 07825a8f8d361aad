"""Where a contract scan and the merchant's own answer disagree (issue 19 item 1).

A contract read after the merchant answered must not hide a contradiction: the merchant said
"the contract forbids loans", the text allows them. Such a disagreement is a *conflict*: the
question, the merchant's answer, what the contract says and the sentence behind it. It stays open
until the merchant keeps their answer or takes the contract's, and while open it is a must-do
item of the negotiation list. Pure: the store keeps open conflicts (vendorcheck.store.conflicts).

Only a clause the scan *found* (with its quote) can contradict an answer. A clause the scan did
not find is no evidence against the merchant, who may have read a paraphrase the scanner missed
(our assumption), so such a suggestion neither overrides an answer nor raises a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict

from vendorcheck.core.answers import Answer, Value
from vendorcheck.core.models import UNKNOWN, Checklist, Question, Text
from vendorcheck.core.todo import Item

ITEM_PREFIX = "conflict."


class Conflict(BaseModel):
    """One open contradiction between the merchant's answer and the contract."""

    model_config = ConfigDict(frozen=True)

    question_id: str
    prompt: Text
    mine: Value
    """The merchant's answer."""
    mine_label: Text
    contract: Value
    """The answer the contract's text implies."""
    contract_label: Text
    quote: str
    """The sentence the scan found (as stored with a suggested answer: "第5条 5.3: …")."""
    file: str = ""


def label_of(q: Question, value: Value) -> Text:
    """An answer in words in both languages (有此条款, 是, "unknown")."""
    for o in q.answer_options():
        if o.id == value:
            return o.label
    return Text(zh=str(value), en=str(value))


def disagrees(mine: Answer | None, found: Answer) -> bool:
    """The merchant's own known answer differs from a suggestion the contract quotes."""
    return (
        mine is not None
        and mine.source == "merchant"
        and mine.value != UNKNOWN
        and bool(found.evidence)
        and mine.value != found.value
    )


def find(
    checklist: Checklist,
    answers: Mapping[str, Answer],
    suggested: Mapping[str, Answer],
    file: str = "",
) -> list[Conflict]:
    """The conflicts between the merchant's answers and a scan's suggestions, checklist order."""
    out = []
    for q in checklist.questions():
        found = suggested.get(q.id)
        if found is None or not disagrees(answers.get(q.id), found):
            continue
        mine = answers[q.id].value
        out.append(
            Conflict(
                question_id=q.id,
                prompt=q.prompt,
                mine=mine,
                mine_label=label_of(q, mine),
                contract=found.value,
                contract_label=label_of(q, found.value),
                quote=found.evidence,
                file=file,
            )
        )
    return out


def still_open(
    checklist: Checklist, conflicts: Iterable[Conflict], answers: Mapping[str, Answer]
) -> list[Conflict]:
    """Those the answers still contradict: a merchant who changed their answer to the contract's
    (or cleared it) has settled the conflict without saying so; a changed answer that still
    differs is shown as it now stands."""
    out = []
    for c in conflicts:
        a = answers.get(c.question_id)
        q = checklist.question(c.question_id)
        if a is None or q is None or a.value in (UNKNOWN, c.contract):
            continue
        out.append(c.model_copy(update={"mine": a.value, "mine_label": label_of(q, a.value)}))
    return out


def todo_items(conflicts: Iterable[Conflict]) -> list[Item]:
    """Each open conflict as a must-do item: settle it before signing, the quote as the why."""
    return [
        Item(
            id=f"{ITEM_PREFIX}{c.question_id}",
            priority="must",
            source="conflict",
            text=Text(
                zh=f"解决矛盾：你答“{c.mine_label.zh}”，合同写的是“{c.contract_label.zh}”——"
                f"{c.prompt.zh}",
                en=f"Settle the contradiction: you answered '{c.mine_label.en}', the contract "
                f"says '{c.contract_label.en}': {c.prompt.en}",
            ),
            why=Text(
                zh=f"合同原文：「{c.quote}」。请与服务商核对，保留你的回答或采用合同的说法。",
                en=f"The contract reads: \u201c{c.quote}\u201d. Check with the vendor, then keep "
                "your answer or take the contract's.",
            ),
            evidence=c.quote,
        )
        for c in conflicts
    ]
