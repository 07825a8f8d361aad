"""Evidence files (issue 21): stored in the archive, sealed with the vendor's next final, listed
where they are due to expire. Used by the CLI, the TUI, reports and `due`.

Any file is accepted and kept byte for byte; only images and PDF (by their magic bytes, not the
name) are marked previewable, and nothing ever opens, runs or renders a file's content.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from vendorcheck.core import evidence as core
from vendorcheck.core.errors import UserError
from vendorcheck.core.safe_text import for_file_name
from vendorcheck.services.files import read_bytes, write_atomic
from vendorcheck.store import Store, now
from vendorcheck.store import evidence as sql


def _mb_env(name: str, default: int) -> int:
    """A cap in MB from the environment (a positive number), else the default; in bytes."""
    raw = os.environ.get(name, "").strip()
    try:
        mb = float(raw) if raw else float(default)
    except ValueError:
        mb = float(default)
    return int((mb if mb > 0 else default) * 2**20)


def file_cap() -> int:
    """Bytes one evidence file may have: VENDORCHECK_EVIDENCE_MAX_MB, else 10 MB."""
    return _mb_env("VENDORCHECK_EVIDENCE_MAX_MB", core.DEFAULT_FILE_MB)


def archive_cap() -> int:
    """Bytes all evidence in one archive may have: VENDORCHECK_EVIDENCE_ARCHIVE_MB, else 1 GB."""
    return _mb_env("VENDORCHECK_EVIDENCE_ARCHIVE_MB", core.DEFAULT_ARCHIVE_MB)


def _check_question(store: Store, vendor_id: str, question_id: str) -> None:
    """The question must be in the checklist of the vendor's latest assessment (any bundled
    checklist when it has none yet)."""
    from vendorcheck.services import catalog

    latest = store.latest_assessment(vendor_id)
    checklists = (
        [store.checklist(latest["checklist_sha256"])] if latest else list(catalog.available())
    )
    if not any(c.question(question_id) for c in checklists):
        ids = ", ".join(c.id for c in checklists)
        raise UserError(
            f"unknown question id {question_id!r} (not in {ids})",
            f"未知的问题编号“{question_id}”（不在 {ids} 中）",
            where="--question",
        )


def add(
    store: Store,
    vendor: str,
    path: Path,
    *,
    kind: str,
    question: str | None = None,
    issued: str | None = None,
    expires: str | None = None,
    note: str = "",
    by: str | None = None,
) -> dict[str, Any]:
    """Check everything, then store the file in one transaction; the stored row (no bytes)."""
    from vendorcheck.services.assessing import current_user

    v = store.vendor(vendor)
    core.check_kind(kind)
    day_issued = core.parse_day(issued, "--issued")
    day_expires = core.parse_day(expires, "--expires")
    core.check_dates(day_issued, day_expires)
    if question:
        _check_question(store, v["id"], question)
    cap = file_cap()
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_bytes words what is wrong
    core.check_size(size, cap, 0, archive_cap(), str(path))  # refused before it is read
    data = read_bytes(path, cap)
    with store.atomic():
        core.check_size(len(data), cap, sql.stored_bytes(store), archive_cap(), str(path))
        row = {
            "id": str(uuid.uuid4()),
            "vendor_id": v["id"],
            "assessment_id": None,
            "question_id": question or None,
            "kind": kind,
            "name": for_file_name(path.name).strip() or "file",
            "media_type": core.media_type(data),
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": data,
            "issued": day_issued.isoformat() if day_issued else None,
            "expires": day_expires.isoformat() if day_expires else None,
            "note": note,
            "added_by": by or current_user(),
            "added_at": now(),
        }
        sql.add(store, row)
    del row["bytes"]
    return shown(row)


def shown(
    row: dict[str, Any], today: date | None = None, within: int | None = None
) -> dict[str, Any]:
    """A row as lists and JSON show it: previewable, expiry state, whether it is sealed."""
    from vendorcheck.services.archive import today_utc

    state = core.expiry_state(
        row.get("expires"),
        today or today_utc(),
        core.DEFAULT_WITHIN_DAYS if within is None else within,
    )
    return {
        **row,
        "previewable": core.previewable(str(row.get("media_type") or "")),
        "sealed": row.get("assessment_id") is not None,
        "expiry": state,
    }


def list_for(store: Store, vendor: str) -> list[dict[str, Any]]:
    v = store.vendor(vendor)
    return [shown(r) for r in sql.of_vendor(store, v["id"])]


def get(store: Store, ident: str) -> dict[str, Any]:
    row = sql.find(store, ident)
    vendor = store.vendor(row["vendor_id"])
    return {**shown(row), "vendor": vendor["name"]}


def export(store: Store, ident: str, out: Path) -> dict[str, Any]:
    """Write the file's bytes, exactly as added, to `out`."""
    row = sql.find(store, ident)
    write_atomic(out, sql.content(store, row["id"]))
    return shown(row)


REPORT_FIELDS = (
    *("id", "name", "kind", "question_id", "media_type", "size", "sha256"),
    *("issued", "expires", "expiry", "sealed", "note"),
)


def for_report(store: Store, aid: str, status: str, vendor_id: str) -> list[dict[str, Any]]:
    """Evidence behind an assessment: for a final, the files sealed with it; then (final or
    draft) the vendor's files not sealed yet, which its next finalize seals (`sealed` False).
    The fields a report shows and its JSON documents."""
    rows = sql.of_assessment(store, aid) if status == "final" else []
    rows += sql.unbound(store, vendor_id)
    return [{k: r[k] for k in REPORT_FIELDS} for r in map(shown, rows)]


def due(store: Store, within_days: int, today: date | None = None) -> list[dict[str, Any]]:
    """Evidence expired or expiring within `within_days`, the newest file of its kind only."""
    from vendorcheck.services.archive import today_utc

    day = today or today_utc()
    before = (day + timedelta(days=within_days)).isoformat()
    return [
        {**r, "expiry": core.expiry_state(r["expires"], day, within_days)}
        for r in sql.due(store, before)
    ]


def due_counts(store: Store, within_days: int = core.DEFAULT_WITHIN_DAYS) -> dict[str, int]:
    """Vendor id -> evidence files expired or expiring (the TUI home's mark)."""
    out: dict[str, int] = {}
    for r in due(store, within_days):
        out[r["vendor_id"]] = out.get(r["vendor_id"], 0) + 1
    return out


def kind_label(kind: str, lang: str) -> str:
    zh, en = core.KIND_LABELS.get(kind, (kind, kind))
    return zh if lang == "zh" else en


def due_items(
    store: Store, within_days: int = core.DEFAULT_WITHIN_DAYS, today: date | None = None
) -> list[dict[str, Any]]:
    """What `due` lists: re-assessments (services.archive.due) and evidence expired or expiring
    within `within_days`, each marked by `type` ('reassessment' or 'evidence') with the same
    `vendor_id`, `name`, `due_at` and `overdue` fields, re-assessments first."""
    from vendorcheck.services.archive import due as reassessments

    if within_days < 0:
        raise UserError(
            "--within must be 0 or more days", "--within 必须是 0 或更多天", where="--within"
        )
    out = [{"type": "reassessment", **r} for r in reassessments(store, today)]
    for r in due(store, within_days, today):
        out.append(
            {
                "type": "evidence",
                "vendor_id": r["vendor_id"],
                "name": r["name"],
                "due_at": r["expires"],
                "overdue": r["expiry"] == "expired",
                "evidence_id": r["id"],
                "kind": r["kind"],
                "question_id": r["question_id"],
                "file": r["file"],
                "sealed": r["assessment_id"] is not None,
            }
        )
    return out
