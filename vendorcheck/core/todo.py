"""The negotiation to-do list (issue 17): an assessment turned into what to ask for next.

Every red flag, cap, weak answer, unknown deal-breaker, missing protection and risky clause
becomes an item: what to ask for, why (the merchant's terms), how urgent (must before signing /
should / nice) and, for contract questions, the clause to add or strike in both languages (data:
checklists/todo/<clause id or question id>.toml). Pure: the wording files are read by services.todo.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from vendorcheck.core.errors import UserError
from vendorcheck.core.models import UNKNOWN, Checklist, Strict, Text
from vendorcheck.core.scoring import QuestionScore, Result

Priority = Literal["must", "should", "nice"]
PRIORITIES: tuple[Priority, ...] = ("must", "should", "nice")
Source = Literal["question", "clause", "cap", "conflict"]


class Wording(Strict):
    """One checklists/todo/<id>.toml file: the lawyer's wording for one clause id."""

    id: str
    priority: Priority
    action: Literal["add", "strike"]
    ask: Text
    why: Text
    wording: Text


class Item(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    priority: Priority
    source: Source
    text: Text
    """What to ask for."""
    why: Text
    wording: Text | None = None
    action: Literal["add", "strike"] | None = None
    evidence: str | None = None


def parse_wording(data: Any, where: str) -> Wording:
    """Validate one wording file; a mistake names the file and the field."""
    try:
        return Wording.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        path = ".".join(str(p) for p in err["loc"]) or "file"
        raise UserError(f"{path}: {err['msg']}", f"{path}：{err['msg']}", where=where) from None


def _clause_id(qid: str) -> str | None:
    return qid.removeprefix("contract.") if qid.startswith("contract.") else None


def _weak(q: QuestionScore) -> bool:
    return q.value is not None and q.value != UNKNOWN and q.earned < q.possible


def _verify(prompt: Text) -> Text:
    return Text(
        zh=f"核实并取得书面证据：{prompt.zh}", en=f"Verify and get it in writing: {prompt.en}"
    )


def build(
    checklist: Checklist,
    result: Result,
    wordings: Mapping[str, Wording],
    risky: frozenset[str] = frozenset(),
) -> list[Item]:
    """The to-do list, must first, then in checklist order. `risky`: clause ids of risky clauses,
    so an unsafe answer quoting the contract reads "strike this clause" (source "clause")."""
    items: list[Item] = []
    flagged = {f.question_id for f in result.red_flags}
    for section in result.sections:
        for qs in section.questions:
            q = checklist.question(qs.question_id)
            if q is None or not q.scored or not qs.applies:
                continue
            unknown_critical = q.can_reject and (qs.value is None or qs.value == UNKNOWN)
            if not (qs.question_id in flagged or unknown_critical or _weak(qs)):
                continue
            cid = _clause_id(q.id)
            w = wordings.get(q.id) or (wordings.get(cid) if cid else None)
            if qs.question_id in flagged or unknown_critical:
                priority: Priority = "must"
            else:
                priority = w.priority if w else ("should" if q.has_critical else "nice")
            source: Source = (
                "clause" if cid in risky and qs.evidence and not unknown_critical else "question"
            )
            text = w.ask if w and not unknown_critical else _verify(q.prompt)
            why = w.why if w else (q.reason or q.help or q.prompt)
            items.append(
                Item(
                    id=q.id,
                    priority=priority,
                    source=source,
                    text=text,
                    why=why,
                    wording=w.wording if w else None,
                    action=w.action if w else None,
                    evidence=qs.evidence or None,
                )
            )
    listed = {i.id for i in items}
    for cap in result.caps:
        if cap.question_id in listed or f"cap.{cap.question_id}" in listed:
            continue  # the answer is an item of its own already
        listed.add(f"cap.{cap.question_id}")
        rejects = cap.cap == "reject"
        items.append(
            Item(
                id=f"cap.{cap.question_id}",
                priority="must",
                source="cap",
                text=Text(zh=f"先解决：{cap.reason.zh}", en=f"Resolve first: {cap.reason.en}"),
                why=Text(
                    zh="这一条让服务商不能签。"
                    if rejects
                    else "这一条让评估结论最多只能是“谨慎”。",
                    en="This rules the vendor out."
                    if rejects
                    else "This holds the verdict at 'caution' at best.",
                ),
            )
        )
    for t in result.to_verify:
        if t.question_id not in listed:  # too little verified: each gap holds the verdict back
            listed.add(t.question_id)
            items.append(
                Item(
                    id=t.question_id,
                    priority="should",
                    source="question",
                    text=_verify(t.prompt),
                    why=Text(
                        zh="核实之前无法下结论（评估“待核实”）。",
                        en="No verdict can be given until this is verified (incomplete).",
                    ),
                )
            )
    order = {i.id: n for n, i in enumerate(items)}
    return sorted(items, key=lambda i: (PRIORITIES.index(i.priority), order[i.id]))


def as_json(item: Item, agreed: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The documented JSON item (issue 17), plus why/action and who agreed it when."""
    return {
        "id": item.id,
        "priority": item.priority,
        "source": item.source,
        "text": item.text.model_dump(),
        "why": item.why.model_dump(),
        "action": item.action,
        "wording": item.wording.model_dump() if item.wording else None,
        "evidence": item.evidence,
        "agreed": dict(agreed) if agreed else None,
    }
