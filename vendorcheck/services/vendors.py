"""Deleting a vendor, for the CLI (`vendorcheck vendor delete`) and the terminal app alike.

The archive's rule (store migration m022): a final assessment is never deleted, except by a
purge of its whole vendor, recorded permanently in vendor_purges (a row no one can change or
remove), which `vendorcheck verify` and the bundles can point to. So a vendor with drafts only
goes on a plain delete; one with finals needs `purge=True`, the user's explicit consent.
"""

from __future__ import annotations

from dataclasses import dataclass

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
