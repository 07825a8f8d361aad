"""Open contract conflicts (issue 19): what a scan found against the merchant's own answer."""

from __future__ import annotations

import json
from typing import Any

from vendorcheck.store import Store, now


def save(store: Store, aid: str, rows: list[dict[str, Any]]) -> None:
    """Record conflicts found by a scan (question_id, contract_value, quote, file): a later scan
    of the same question replaces the earlier finding."""
    if not rows:
        return
    with store.atomic():
        for r in rows:
            store.conn.execute(
                "INSERT OR REPLACE INTO contract_conflicts "
                "(assessment_id, question_id, contract_value, quote, file, found_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    aid,
                    r["question_id"],
                    json.dumps(r["contract_value"], ensure_ascii=False),
                    r["quote"],
                    r.get("file", ""),
                    now(),
                ],
            )
        store.log(
            "contract_conflicts_found",
            assessment_id=aid,
            questions=[r["question_id"] for r in rows],
        )


def rows(store: Store, aid: str) -> list[dict[str, Any]]:
    sql = (
        "SELECT question_id, contract_value, quote, file, found_at FROM contract_conflicts "
        "WHERE assessment_id = ?"
    )
    return [
        {**r, "contract_value": json.loads(r["contract_value"])} for r in store.db.query(sql, [aid])
    ]


def settle(store: Store, aid: str, question_id: str, choice: str) -> None:
    """The merchant decided (`keep` or `contract`): the conflict is closed and logged."""
    with store.atomic():
        store.conn.execute(
            "DELETE FROM contract_conflicts WHERE assessment_id = ? AND question_id = ?",
            [aid, question_id],
        )
        store.log(
            "contract_conflict_settled", assessment_id=aid, question=question_id, choice=choice
        )
