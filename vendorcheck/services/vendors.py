"""Vendors as the shells read and delete them (the terminal app's home, forms and screens,
`vendorcheck vendor delete`), so no shell reaches into the store itself (issue 20).

Deleting follows the archive's rule (store migration m022): a final assessment is never
deleted, except by a purge of its whole vendor, recorded permanently in vendor_purges (a row no one can change or
remove), which `vendorcheck verify` and the bundles can point to. So a vendor with drafts only
goes on a plain delete; one with finals needs `purge=True`, the user's explicit consent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vendorcheck.core.errors import Conflict
from vendorcheck.store import Store


@dataclass(frozen=True)
class Deleted:
    """What went with the vendor (for the one line the shells print)."""

    vendor_id: str
    name: str
    assessments: int
    finals: int


def delete_vendor(store: Store, name_or_id: str, *, purge: bool = False) -> Deleted:
    """Delete the vendor, its assessments, answers and evidence; finals only with `purge`."""
    v = store.vendor(name_or_id)
    rows = store.assessments(v["id"])
    finals = sum(r["status"] == "final" for r in rows)
    if finals and not purge:
        raise Conflict(
            f"{v['name']} has {finals} final assessment(s) in the archive; finals are deleted "
            "only by a purge, recorded permanently: add --purge to delete them too",
            f"“{v['name']}”有 {finals} 份已定稿评估在归档中；定稿只能随清除（purge）一起删除，"
            "清除记录永久保留：确需删除请加 --purge",
            where=v["name"],
        )
    store.delete_vendor(v["id"])
    return Deleted(v["id"], v["name"], len(rows), finals)


def listing(store: Store, first: int | None = None) -> list[dict[str, Any]]:
    """The vendors as home lists them (name order, latest summary), the first `first` only."""
    return store.vendors(list_only=True, first=first)


def records(store: Store) -> list[dict[str, Any]]:
    """Every vendor with all its fields and its latest summary, in name order (JSON output)."""
    return store.vendors()


def count(store: Store) -> int:
    return store.vendor_count()


def get(store: Store, name_or_id: str) -> dict[str, Any]:
    """One vendor by name or id; a NotFound naming it otherwise."""
    return store.vendor(name_or_id)


def name_taken(store: Store, name: str) -> bool:
    return store.find_vendor(name) is not None


def latest_assessment(store: Store, vendor_id: str) -> dict[str, Any] | None:
    """The vendor's newest assessment (draft or final), None before the first."""
    return store.latest_assessment(vendor_id)
