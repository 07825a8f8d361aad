"""SQL for evidence files (schema m080): add, list, read back, bind at sealing, verify, due."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from typing import Any

from vendorcheck.core.archive import EVIDENCE_FIELDS
from vendorcheck.core.errors import NotFound, UserError
from vendorcheck.store import Store

# Every column but the bytes: what lists, reports, hashes and bundles read.
META = (
    "id, vendor_id, assessment_id, question_id, kind, name, media_type, size, sha256, "
    "issued, expires, note, added_by, added_at"
)
_META_NAMES = tuple(c.strip() for c in META.split(","))
_HASHED = ", ".join(EVIDENCE_FIELDS)


def _rows(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur]


def stored_bytes(store: Store) -> int:
    """Bytes of evidence in the archive: what the per-archive cap counts."""
    return int(store.conn.execute("SELECT coalesce(sum(size), 0) FROM evidence").fetchone()[0])


def add(store: Store, row: dict[str, Any]) -> None:
    """Insert one evidence row (bytes included) and its event, in one transaction."""
    cols = [*_META_NAMES, "bytes"]
    with store.atomic():
        store.conn.execute(
            f"INSERT INTO evidence ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [row.get(c) for c in cols],
        )
        store.log(
            "evidence_added",
            vendor_id=row["vendor_id"],
            evidence_id=row["id"],
            name=row["name"],
            sha256=row["sha256"],
            size=row["size"],
        )


def of_vendor(store: Store, vendor_id: str) -> list[dict[str, Any]]:
    return _rows(
        store.conn.execute(
            f"SELECT {META} FROM evidence WHERE vendor_id = ? ORDER BY added_at, rowid",
            [vendor_id],
        )
    )


def of_assessment(store: Store, aid: str) -> list[dict[str, Any]]:
    return _rows(
        store.conn.execute(
            f"SELECT {META} FROM evidence WHERE assessment_id = ? ORDER BY id", [aid]
        )
    )


def unbound(store: Store, vendor_id: str) -> list[dict[str, Any]]:
    """The vendor's evidence not yet sealed into a final (what a report of its draft shows)."""
    return _rows(
        store.conn.execute(
            f"SELECT {META} FROM evidence WHERE vendor_id = ? AND assessment_id IS NULL "
            "ORDER BY id",
            [vendor_id],
        )
    )


def find(store: Store, ident: str) -> dict[str, Any]:
    """One evidence row by id or a unique id prefix (at least 4 characters)."""
    ident = ident.strip().lower()
    if len(ident) < 4:
        raise UserError(
            "give at least 4 characters of the evidence id", "证据编号至少需 4 个字符", where="ID"
        )
    like = ident.replace("%", "").replace("_", "") + "%"
    rows = _rows(store.conn.execute(f"SELECT {META} FROM evidence WHERE id LIKE ? LIMIT 2", [like]))
    if not rows:
        raise NotFound(f"no evidence {ident!r}", f"找不到证据“{ident}”", where="ID")
    if len(rows) > 1:
        raise UserError(
            f"{ident!r} matches more than one evidence file; give more of its id",
            f"“{ident}”匹配多个证据文件；请给出更长的编号",
            where="ID",
        )
    return rows[0]


def content(store: Store, evidence_id: str) -> bytes:
    row = store.conn.execute("SELECT bytes FROM evidence WHERE id = ?", [evidence_id]).fetchone()
    return bytes(row[0]) if row else b""


def bind(store: Store, vendor_id: str, aid: str) -> list[dict[str, Any]]:
    """Bind the vendor's unbound evidence to `aid` (inside the caller's sealing transaction,
    while it is still a draft); returns the rows now bound to it."""
    store.conn.execute(
        "UPDATE evidence SET assessment_id = ? WHERE vendor_id = ? AND assessment_id IS NULL",
        [aid, vendor_id],
    )
    return of_assessment(store, aid)


def hashed_of_finals(store: Store) -> dict[str, list[dict[str, Any]]]:
    """What hash v2 covers of the evidence bound to finals, by assessment id ({} without any:
    one indexed probe, so archives without evidence verify as fast as before)."""
    if store.conn.execute("SELECT 1 FROM evidence LIMIT 1").fetchone() is None:
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    cur = store.conn.execute(
        f"SELECT assessment_id, {_HASHED} FROM evidence WHERE assessment_id IN "
        "(SELECT id FROM assessments WHERE status = 'final')"
    )
    for aid, *values in cur:
        out.setdefault(aid, []).append(dict(zip(EVIDENCE_FIELDS, values, strict=True)))
    return out


def damaged(store: Store) -> Iterator[tuple[str, str]]:
    """(assessment id, vendor id) of bound evidence whose bytes no longer match its SHA-256 or
    size: read one file at a time, so a large archive never holds them all in memory."""
    cur = store.conn.execute(
        "SELECT e.id, e.assessment_id, e.vendor_id, e.sha256, e.size FROM evidence e "
        "JOIN assessments a ON a.id = e.assessment_id WHERE a.status = 'final'"
    )
    for eid, aid, vid, sha, size in cur.fetchall():
        data = content(store, eid)
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
            yield aid, vid


def due(store: Store, before: str) -> list[dict[str, Any]]:
    """Evidence with an expiry date on or before `before` (ISO), with its vendor's name: the
    newest file per vendor, kind and question (a renewed licence replaces the expired one)."""
    return _rows(
        store.conn.execute(
            """SELECT e.id, e.vendor_id, v.name, e.kind, e.question_id, e.name AS file,
                      e.expires, e.assessment_id
            FROM evidence e JOIN vendors v ON v.id = e.vendor_id
            WHERE e.expires IS NOT NULL AND e.expires <= ? AND NOT EXISTS (
                SELECT 1 FROM evidence n WHERE n.vendor_id = e.vendor_id AND n.kind = e.kind
                AND coalesce(n.question_id, '') = coalesce(e.question_id, '')
                AND (n.expires IS NULL OR n.expires > e.expires) AND n.added_at >= e.added_at
                AND n.id <> e.id)
            ORDER BY e.expires, v.name""",
            [before],
        )
    )


def export_rows(
    store: Store, vendor_ids: list[str] | None, finals_only: bool
) -> list[dict[str, Any]]:
    """Evidence rows, bytes included, for an export: of the chosen vendors, and only those
    sealed into a final for a bundle."""
    where, args = [], list(vendor_ids or [])
    if vendor_ids is not None:
        where.append(f"vendor_id IN ({', '.join('?' for _ in vendor_ids)})")
    if finals_only:
        where.append("assessment_id IN (SELECT id FROM assessments WHERE status = 'final')")
    sql = f"SELECT {META}, bytes FROM evidence"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return _rows(store.conn.execute(sql + " ORDER BY rowid", args))


def known_ids(store: Store) -> dict[str, tuple[str, str | None]]:
    """Every evidence id with its SHA-256 and assessment: what an import merges against."""
    return {
        i: (sha, aid)
        for i, sha, aid in store.conn.execute("SELECT id, sha256, assessment_id FROM evidence")
    }


def bind_ids(store: Store, pairs: list[tuple[str, str]]) -> None:
    """(evidence id, assessment id): unbound rows sealed elsewhere, bound as the bundle says."""
    store.conn.executemany(
        "UPDATE evidence SET assessment_id = ? WHERE id = ? AND assessment_id IS NULL",
        [(aid, eid) for eid, aid in pairs],
    )


def insert_many(store: Store, rows: list[dict[str, Any]]) -> int:
    """Insert evidence rows from a bundle (inside the caller's transaction)."""
    cols = [*_META_NAMES, "bytes"]
    store.conn.executemany(
        f"INSERT INTO evidence ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
        [[r.get(c) for c in cols] for r in rows],
    )
    return len(rows)


def sealed_log(store: Store, aid: str) -> list[dict[str, Any]] | None:
    """The evidence list logged when `aid` was sealed or imported, or None if none was."""
    import json

    row = store.conn.execute(
        "SELECT detail FROM events WHERE kind = 'evidence_sealed' AND assessment_id = ? "
        "ORDER BY id DESC LIMIT 1",
        [aid],
    ).fetchone()
    if row is None:
        return None
    try:
        listed = json.loads(row[0]).get("evidence")
    except (ValueError, AttributeError):
        return None
    return listed if isinstance(listed, list) else None
