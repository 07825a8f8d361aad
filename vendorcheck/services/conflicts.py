"""Contract conflicts (issue 19 item 1): found when a scan meets the merchant's own answers,
listed, and settled by the merchant (keep my answer / take the contract's).

The TUI's contract dialog and `vendorcheck assess --contract` / `vendorcheck conflict` all go
through here; the comparison itself is vendorcheck.core.conflicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from vendorcheck.core import conflicts as core
from vendorcheck.core.answers import Answer
from vendorcheck.core.conflicts import Conflict
from vendorcheck.core.errors import UserError
from vendorcheck.services import assessing
from vendorcheck.store import Store
from vendorcheck.store import conflicts as conflict_store

Choice = Literal["keep", "contract"]


def record(
    store: Store, aid: str, suggested: Mapping[str, Answer], file: str = ""
) -> list[Conflict]:
    """Store the conflicts between this scan's suggestions and the draft's answers; all the
    draft's open conflicts (earlier scans' included) are returned."""
    checklist = assessing.checklist_of(store, aid)
    found = core.find(checklist, store.answers(aid), suggested, file)
    conflict_store.save(
        store,
        aid,
        [
            {
                "question_id": c.question_id,
                "contract_value": c.contract,
                "quote": c.quote,
                "file": file,
            }
            for c in found
        ],
    )
    return open_for(store, aid)


def open_for(store: Store, aid: str) -> list[Conflict]:
    """The assessment's conflicts its answers still contradict, in checklist order."""
    checklist = assessing.checklist_of(store, aid)
    stored = {r["question_id"]: r for r in conflict_store.rows(store, aid)}
    answers = store.answers(aid)
    found = []
    for q in checklist.questions():
        r = stored.get(q.id)
        if r is None or q.id not in answers:
            continue
        mine = answers[q.id].value
        found.append(
            Conflict(
                question_id=q.id,
                prompt=q.prompt,
                mine=mine,
                mine_label=core.label_of(q, mine),
                contract=r["contract_value"],
                contract_label=core.label_of(q, r["contract_value"]),
                quote=r["quote"],
                file=r["file"],
            )
        )
    return core.still_open(checklist, found, answers)


def resolve(store: Store, aid: str, question_id: str, choice: Choice) -> None:
    """Keep the merchant's answer, or take the contract's (the quote becomes its evidence)."""
    match = [c for c in open_for(store, aid) if c.question_id == question_id]
    if not match:
        raise UserError(
            f"no open conflict on {question_id}",
            f"{question_id} 没有待解决的矛盾",
            where="--keep" if choice == "keep" else "--take-contract",
        )
    c = match[0]
    row = store.assessment(aid)
    with store.atomic():
        if choice == "contract":
            if row["status"] != "draft":
                raise UserError(
                    "this assessment is final: its answers cannot change (re-assess to take the "
                    "contract's answer)",
                    "该评估已定稿，回答不能再改（要采用合同的答案请重新评估）",
                    where="--take-contract",
                )
            old = store.answers(aid)[question_id]
            assessing.answer(store, aid, question_id, c.contract, note=old.note, evidence=c.quote)
        conflict_store.settle(store, aid, question_id, choice)


def for_vendor(store: Store, vendor: str) -> tuple[dict[str, Any], list[Conflict]]:
    """The vendor's latest assessment (id included) and its open conflicts."""
    v, a, _checklist, _result = assessing.latest(store, vendor)
    return {**v, "assessment_id": a["id"]}, open_for(store, str(a["id"]))


def as_json(c: Conflict) -> dict[str, Any]:
    return {
        "question_id": c.question_id,
        "prompt": c.prompt.model_dump(),
        "mine": c.mine,
        "mine_label": c.mine_label.model_dump(),
        "contract": c.contract,
        "contract_label": c.contract_label.model_dump(),
        "quote": c.quote,
        "file": c.file,
    }


def confirm(store: Store, vendor: str, question_ids: list[str]) -> list[str]:
    """Confirm answers suggested from a contract (all of them when `question_ids` is empty):
    each becomes the merchant's answer, quote kept. Every id named must be an unconfirmed
    suggestion, or nothing is written. The ids confirmed, in checklist order."""
    v, a, _checklist, _result = assessing.latest(store, vendor)
    aid = str(a["id"])
    if a["status"] != "draft":
        raise UserError(
            f"{v['name']}'s latest assessment is final: nothing to confirm",
            f"“{v['name']}”的最新评估已定稿，没有可确认的答案",
        )
    pending = [p["question_id"] for p in assessing.unconfirmed(store, aid)]
    bad = [q for q in question_ids if q not in pending]
    if bad:
        raise UserError(
            f"not an unconfirmed suggestion: {', '.join(bad)} (see vendorcheck score "
            f"{v['name']!r} --explain)",
            f"不是待确认的建议答案：{'、'.join(bad)}",
            where="QUESTION_ID",
        )
    chosen = [q for q in pending if not question_ids or q in question_ids]
    answers = store.answers(aid)
    with store.atomic():
        for q in chosen:
            s = answers[q]
            assessing.answer(store, aid, q, s.value, note=s.note, evidence=s.evidence)
        store.log("suggestions_confirmed", assessment_id=aid, questions=chosen)
    return chosen
