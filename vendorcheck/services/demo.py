"""Demo data a newcomer can look at: realistic vendors and assessments from checklists/demo/."""

from __future__ import annotations

import tomllib
from typing import Any

from vendorcheck.core.errors import UserError
from vendorcheck.paths import checklists_dir
from vendorcheck.services import assessing, catalog, costing
from vendorcheck.store import Store


def demo_vendors() -> list[dict[str, Any]]:
    path = checklists_dir() / "demo" / "vendors.toml"
    try:
        return list(tomllib.loads(catalog.read_text(path))["vendors"])
    except (tomllib.TOMLDecodeError, KeyError) as e:
        raise UserError(f"broken demo data: {e}", f"演示数据有误：{e}", where=str(path)) from None


def load_demo(store: Store) -> list[str]:
    """Add the demo vendors that are not there yet; returns the names added (idempotent)."""
    added: list[str] = []
    with store.atomic():
        for v in demo_vendors():
            if store.find_vendor(v["name"]) is not None:
                continue
            assessing.add_vendor(
                store,
                v["name"],
                credit_code=v.get("credit_code", ""),
                services=v.get("services", []),
                platforms=v.get("platforms", []),
                contact=v.get("contact", ""),
                notes=v.get("notes", ""),
            )
            for a in v.get("assessments", []):
                checklist = catalog.get(a["checklist"])
                assessing.assess_payload(
                    store,
                    v["name"],
                    checklist,
                    {"answers": a["answers"]},
                    finalize=a.get("finalize", False),
                    assessor=a.get("assessor", "demo"),
                )
            added.append(v["name"])
        # Quotes and a default shop profile from checklists/demo/quotes.toml.
        costing.load_demo_quotes(store)
    return added
