"""Agreed to-do items (issue 17): who ticked which item off for a vendor, and when."""

from __future__ import annotations

from typing import Any

from vendorcheck.store import Store, now


def agree(store: Store, vendor_id: str, item_id: str, by: str, assessment_id: str) -> None:
    with store.atomic():
        store.db.table("todo_agreements").upsert(
            {
                "vendor_id": vendor_id,
                "item_id": item_id,
                "agreed_by": by,
                "agreed_at": now(),
                "assessment_id": assessment_id,
            },
            pk=("vendor_id", "item_id"),
        )
        store.log("todo_agreed", vendor_id=vendor_id, assessment_id=assessment_id, item=item_id)


def reopen(store: Store, vendor_id: str, item_id: str) -> None:
    with store.atomic():
        store.conn.execute(
            "DELETE FROM todo_agreements WHERE vendor_id = ? AND item_id = ?", [vendor_id, item_id]
        )
        store.log("todo_reopened", vendor_id=vendor_id, item=item_id)


def agreements(store: Store, vendor_id: str) -> dict[str, dict[str, Any]]:
    """item id -> {"by", "at", "assessment_id"}: kept per vendor, so a re-assessment shows them."""
    sql = (
        "SELECT item_id, agreed_by, agreed_at, assessment_id FROM todo_agreements "
        "WHERE vendor_id = ?"
    )
    return {
        r["item_id"]: {
            "by": r["agreed_by"],
            "at": r["agreed_at"],
            "assessment_id": r["assessment_id"],
        }
        for r in store.db.query(sql, [vendor_id])
    }
