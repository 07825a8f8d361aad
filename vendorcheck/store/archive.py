"""SQL for the archive: sealing finals with their hash, due dates, search, history rows."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from vendorcheck.core.errors import Conflict
from vendorcheck.store import Store
from vendorcheck.store.schema import FINAL_LOCKED


def locked_error() -> Conflict:
    return Conflict(
        "a final assessment cannot be changed or deleted; start a re-assessment instead",
        "已定稿的评估不能修改或删除；请发起重新评估",
    )


def execute_guarded(store: Store, sql: str, args: list[Any] | None = None) -> None:
    """Run a write; the lock trigger's refusal becomes a UserError instead of a traceback."""
    try:
        store.db.execute(sql, args or [])
    except sqlite3.DatabaseError as exc:
        if FINAL_LOCKED in str(exc):
            raise locked_error() from exc
        raise


def seal(store: Store, aid: str, by: str, at: str, hash_: str, prev_hash: str) -> None:
    """Turn a draft final in ONE update (the trigger refuses any later change)."""
    a = store.assessment(aid)
    with store.atomic():
        execute_guarded(
            store,
            "UPDATE assessments SET status = 'final', finalized_at = ?, finalized_by = ?, "
            "hash = ?, prev_hash = ? WHERE id = ? AND status = 'draft'",
            [at, by, hash_, prev_hash, aid],
        )
        store.log(
            "assessment_finalized", vendor_id=a["vendor_id"], assessment_id=aid, by=by, hash=hash_
        )


def answer_rows(store: Store, aid: str) -> list[dict[str, Any]]:
    return [
        {**r, "value": json.loads(r["value"])}
        for r in store.db.query(
            "SELECT question_id, value, note, evidence FROM answers WHERE assessment_id = ? "
            "ORDER BY question_id",
            [aid],
        )
    ]


def finals(store: Store, vendor_id: str | None = None) -> list[dict[str, Any]]:
    """Final assessments oldest first (the chain order), for one vendor or all."""
    sql = "SELECT * FROM assessments WHERE status = 'final'"
    args: list[Any] = []
    if vendor_id:
        sql += " AND vendor_id = ?"
        args.append(vendor_id)
    return list(store.db.query(sql + " ORDER BY vendor_id, finalized_at, rowid", args))


def last_final(store: Store, vendor_id: str) -> dict[str, Any] | None:
    rows = list(
        store.db.query(
            "SELECT * FROM assessments WHERE vendor_id = ? AND status = 'final' "
            "ORDER BY finalized_at DESC, rowid DESC LIMIT 1",
            [vendor_id],
        )
    )
    return rows[0] if rows else None


def last_finals(store: Store) -> list[dict[str, Any]]:
    """Every vendor with the time of its latest final assessment (NULL when none)."""
    return list(
        store.db.query(
            "SELECT v.id AS vendor_id, v.name AS name, "
            "(SELECT max(finalized_at) FROM assessments a WHERE a.vendor_id = v.id "
            " AND a.status = 'final') AS last_final_at FROM vendors v ORDER BY v.name"
        )
    )


def search(store: Store, text: str, limit: int) -> list[dict[str, Any]]:
    """Substring search (instr) over vendor names, answer notes and evidence.

    instr() is exact for 1-, 2- and 3+-character Chinese and for Latin fragments alike
    (the trigram tokenizer misses 贷款; see the report for the measured trade-off).
    """
    sql = """
        SELECT id AS vendor_id, name, 'name' AS field, name AS text FROM vendors
        WHERE instr(lower(name), lower(:q)) > 0
        UNION ALL
        SELECT id, name, 'vendor_notes', notes FROM vendors WHERE instr(lower(notes), lower(:q)) > 0
        UNION ALL
        SELECT v.id, v.name, 'note', an.note FROM answers an
        JOIN assessments a ON a.id = an.assessment_id JOIN vendors v ON v.id = a.vendor_id
        WHERE instr(lower(an.note), lower(:q)) > 0
        UNION ALL
        SELECT v.id, v.name, 'evidence', an.evidence FROM answers an
        JOIN assessments a ON a.id = an.assessment_id JOIN vendors v ON v.id = a.vendor_id
        WHERE instr(lower(an.evidence), lower(:q)) > 0
        LIMIT :limit
    """
    return list(store.db.query(sql, {"q": text, "limit": limit}))
