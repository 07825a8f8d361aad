"""Stored quotes (one per vendor) and shop profiles (by name): the SQL for vendorcheck.services.costing."""

from __future__ import annotations

import json
from typing import Any

from vendorcheck.store import Store, now

DEFAULT_PROFILE = "default"


def set_quote(store: Store, vendor_id: str, model: str, quote: dict[str, Any]) -> None:
    text = json.dumps(quote, ensure_ascii=False, sort_keys=True)
    with store.atomic():
        store.db.table("quotes").upsert(
            {"vendor_id": vendor_id, "model": model, "quote": text, "set_at": now()},
            pk="vendor_id",
        )
        store.log("quote_set", vendor_id=vendor_id, quote=quote)


def get_quote(store: Store, vendor_id: str) -> tuple[dict[str, Any], str] | None:
    """The stored quote data and when it was set, or None."""
    rows = list(store.db.query("SELECT quote, set_at FROM quotes WHERE vendor_id = ?", [vendor_id]))
    return (json.loads(rows[0]["quote"]), rows[0]["set_at"]) if rows else None


def quoted_vendor_ids(store: Store) -> list[str]:
    """Vendors with a quote, by vendor name."""
    sql = "SELECT q.vendor_id FROM quotes q JOIN vendors v ON v.id = q.vendor_id ORDER BY v.name"
    return [r["vendor_id"] for r in store.db.query(sql)]


def set_profile(store: Store, profile: dict[str, Any], name: str = DEFAULT_PROFILE) -> None:
    text = json.dumps(profile, ensure_ascii=False, sort_keys=True)
    with store.atomic():
        store.db.table("shop_profiles").upsert(
            {"name": name, "profile": text, "set_at": now()}, pk="name"
        )
        store.log("profile_set", name=name, profile=profile)


def get_profile(store: Store, name: str = DEFAULT_PROFILE) -> dict[str, Any] | None:
    rows = list(store.db.query("SELECT profile FROM shop_profiles WHERE name = ?", [name]))
    return json.loads(rows[0]["profile"]) if rows else None
