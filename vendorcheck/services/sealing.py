"""The canonical texts a final's hash is made of (v1 and v2), as `finalize` and `verify` read them.

Shared by services.archive (sealing) and services.verify (checking) from here, so verify no
longer imports archive while archive's `verify` imports verify (issue 20).
"""

from __future__ import annotations

from typing import Any

from vendorcheck.core import archive as core
from vendorcheck.store import Store
from vendorcheck.store import archive as sql
from vendorcheck.store import evidence as evidence_sql


def canonical_of(
    store: Store,
    a: dict[str, Any],
    prev_hash: str,
    *,
    vendor: dict[str, Any] | None = None,
    answers: list[dict[str, Any]] | None = None,
) -> str:
    """Hash v1's canonical form (finals sealed before v2); `vendor`/`answers` when already read."""
    vendor = vendor or store.vendor(a["vendor_id"])
    if answers is None:
        answers = sql.answer_rows(store, a["id"])
    return core.canonical(a, vendor, checklist_ref(store, a), answers, prev_hash)


def checklist_ref(store: Store, a: dict[str, Any]) -> dict[str, Any]:
    cl = store.checklist(a["checklist_sha256"])
    return {"id": cl.id, "version": cl.version, "sha256": a["checklist_sha256"]}


def canonical_v2_of(
    store: Store,
    a: dict[str, Any],
    vendor: dict[str, Any],
    red_flags: list[dict[str, Any]],
    lines: str | None = None,
    evidence: list[dict[str, Any]] | None = None,
) -> str:
    """Hash v2's text of `a` as stored (answer lines built in Python unless given; evidence
    read from the store unless given)."""
    if lines is None:
        rows = store.db.query(
            "SELECT question_id, value, note, evidence, source FROM answers "
            "WHERE assessment_id = ?",
            [a["id"]],
        )
        lines = core.answer_lines([{**r, "value": sql.json_loads_value(r["value"])} for r in rows])
    if evidence is None:
        evidence = evidence_sql.of_assessment(store, a["id"])
    cl = checklist_ref(store, a)
    prev = a.get("prev_hash") or core.GENESIS
    return core.canonical_v2(a, vendor, cl, lines, red_flags, prev, evidence)
