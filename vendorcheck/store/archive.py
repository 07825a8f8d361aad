"""SQL for the archive: sealing finals with their hash, due dates, search, history rows."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from vendorcheck.core.archive import GENESIS, RED_FLAG_FIELDS, head_step
from vendorcheck.core.errors import Conflict
from vendorcheck.core.search import fts_query
from vendorcheck.store import Store
from vendorcheck.store.schema import (
    _LATEST_FINAL_OF,
    FINAL_LOCKED,
    SEARCH_FUNCTION,
    register_functions,
)


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


def archive_id(store: Store) -> str:
    """This archive's identity (m030), recorded in each final it seals."""
    row = store.conn.execute("SELECT value FROM archive_meta WHERE key = 'archive_id'").fetchone()
    return str(row[0]) if row else ""


def head(store: Store) -> str:
    """The archive's current head: the running hash stored with the newest seal."""
    row = store.conn.execute("SELECT head FROM archive_seals ORDER BY seq DESC LIMIT 1").fetchone()
    return str(row[0]) if row else GENESIS


def record_seals(store: Store, finals: list[tuple[str, str, str]]) -> str:
    """Enter (assessment id, vendor id, hash) finals into the archive's order; the new head.
    A final sealed here before (a purged vendor's, imported again) keeps its first seal."""
    h = head(store)
    rows = []
    have = {r[0] for r in store.conn.execute("SELECT assessment_id FROM archive_seals")}
    for aid, vid, hash_ in finals:
        if aid in have:
            continue
        h = head_step(h, hash_)
        rows.append((aid, vid, hash_, h))
    store.conn.executemany("INSERT INTO archive_seals VALUES (NULL, ?, ?, ?, ?)", rows)
    return h


def seal(store: Store, a: dict[str, Any], hash_: str, prev_hash: str) -> str:
    """Turn a draft final in ONE update (the trigger refuses any later change); the new head.

    `a` is the draft as hashed: status, finalized_at/by, sealed_in, scoring_method set.
    """
    aid = a["id"]
    with store.atomic():
        execute_guarded(
            store,
            "UPDATE assessments SET status = 'final', finalized_at = ?, finalized_by = ?, "
            "hash = ?, prev_hash = ?, hash_version = ?, sealed_in = ?, scoring_method = ? "
            "WHERE id = ? AND status = 'draft'",
            [
                a["finalized_at"],
                a["finalized_by"],
                hash_,
                prev_hash,
                a["hash_version"],
                a["sealed_in"],
                a["scoring_method"],
                aid,
            ],
        )
        new_head = record_seals(store, [(aid, a["vendor_id"], hash_)])
        store.log(
            "assessment_finalized",
            vendor_id=a["vendor_id"],
            assessment_id=aid,
            by=a["finalized_by"],
            hash=hash_,
            head=new_head,
        )
    return new_head


def purged_vendors(store: Store) -> set[str]:
    """Vendors deleted by a recorded purge and not in the archive any more (their seals stay)."""
    return {
        r[0]
        for r in store.conn.execute(
            "SELECT vendor_id FROM vendor_purges WHERE vendor_id NOT IN (SELECT id FROM vendors)"
        )
    }


def seals(store: Store) -> list[tuple[int, str, str, str]]:
    """(seq, assessment id, hash, head) of every seal, in the archive's order."""
    return store.conn.execute(
        "SELECT seq, assessment_id, hash, head FROM archive_seals ORDER BY seq"
    ).fetchall()


def red_flag_rows(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every stored red flag row, by assessment: what hash v2 covers of them."""
    out: dict[str, list[dict[str, Any]]] = {}
    cur = store.conn.execute(f"SELECT assessment_id, {', '.join(RED_FLAG_FIELDS)} FROM red_flags")
    for aid, *values in cur:
        out.setdefault(aid, []).append(dict(zip(RED_FLAG_FIELDS, values, strict=True)))
    return out


def answer_lines_of_finals(
    store: Store, rows: list[dict[str, Any]], conn: sqlite3.Connection | None = None
) -> Iterator[tuple[int, bytes]]:
    """Hash v2's answer lines of each of `rows` as UTF-8 bytes, with their count, built by
    SQLite (json_array is the same text as core.archive.answer_line; a final that does not
    match is re-checked the slow way). `conn`: another connection to the same file."""
    conn = conn or store.conn
    sql = (
        "SELECT count(*), CAST(group_concat(line, char(10)) AS BLOB) FROM (SELECT "
        "json_array(question_id, coalesce(note, ''), coalesce(evidence, ''), "
        "coalesce(source, 'merchant')) || value AS line FROM answers "
        "WHERE assessment_id = ? ORDER BY question_id)"
    )
    for final in rows:
        n, lines = conn.execute(sql, [final["id"]]).fetchone()
        yield n, lines or b""


def finals_to_verify(store: Store) -> list[dict[str, Any]]:
    """Every final with the columns verify reads, in the order they were stored (plain sqlite3:
    100,000 rows through sqlite-utils cost a second)."""
    cur = store.conn.execute(
        "SELECT id, vendor_id, checklist_sha256, status, assessor, created_at, updated_at, "
        "finalized_at, finalized_by, score, grade, verdict, completeness, red_flag_count, hash, "
        "prev_hash, scoring_method, hash_version, sealed_in FROM assessments "
        "WHERE status = 'final' ORDER BY rowid"
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur]


def sealed_drafts(store: Store) -> list[dict[str, Any]]:
    """Drafts that carry a hash or a seal: finals turned back into drafts below the triggers."""
    return list(
        store.db.query(
            "SELECT a.id, a.vendor_id FROM assessments a WHERE a.status <> 'final' AND "
            "(coalesce(a.hash, '') <> '' OR EXISTS "
            "(SELECT 1 FROM archive_seals s WHERE s.assessment_id = a.id))"
        )
    )


def stale_latest_finals(store: Store) -> list[str]:
    """Vendors whose row in the trigger-kept latest_finals differs from their latest final."""
    cols = (
        "vendor_id, name, credit_code, assessment_id, score, grade, verdict, red_flag_count, "
        "completeness, finalized_at, finalized_by, hash"
    )
    fresh = _LATEST_FINAL_OF.replace("INSERT INTO latest_finals", "")
    ours = f"SELECT {cols} FROM latest_finals"
    rows = store.conn.execute(f"{ours} EXCEPT {fresh}").fetchall()
    rows += store.conn.execute(f"{fresh} EXCEPT {ours}").fetchall()
    return sorted({r[0] for r in rows})


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


def json_loads_value(text: str) -> Any:
    """json.loads for a stored answer value, with a fast path for plain strings ("yes")."""
    if text[:1] == '"' and "\\" not in text:
        return text[1:-1]
    return json.loads(text)


def answers_of_finals(store: Store, rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The answers of each of `rows`, in their order: one primary-key range read per final
    (faster than one joined, ordered scan, which sorts; measured)."""
    conn = store.db.conn
    sql = "SELECT question_id, value, note, evidence FROM answers WHERE assessment_id = ?"
    for final in rows:
        yield [
            {"question_id": q, "value": json_loads_value(v), "note": n, "evidence": e}
            for q, v, n, e in conn.execute(sql, [final["id"]])
        ]


def last_final(store: Store, vendor_id: str) -> dict[str, Any] | None:
    """The vendor's latest final: by finalization time, then by the order it was sealed in
    (two finals within one second are told apart by their seal, not their draft's row)."""
    rows = list(
        store.db.query(
            "SELECT a.* FROM assessments a LEFT JOIN archive_seals s ON s.assessment_id = a.id "
            "WHERE a.vendor_id = ? AND a.status = 'final' "
            "ORDER BY a.finalized_at DESC, s.seq DESC, a.rowid DESC LIMIT 1",
            [vendor_id],
        )
    )
    return rows[0] if rows else None


def last_finals(store: Store) -> list[dict[str, Any]]:
    """Every vendor with a final assessment and the time of its latest one, by name."""
    return list(
        store.db.query(
            "SELECT vendor_id, name, finalized_at AS last_final_at FROM latest_finals ORDER BY name"
        )
    )


LIST_COLUMNS = ("vendor_id", "name", "score", "grade", "verdict", "red_flag_count", "finalized_at")
FULL_COLUMNS = (
    *LIST_COLUMNS,
    *("credit_code", "assessment_id", "completeness", "finalized_by", "hash"),
)


def latest_finals(store: Store, *, full: bool = False) -> list[dict[str, Any]]:
    """Each vendor's latest final assessment by name, read from the trigger-kept latest_finals
    table (m026) in one scan; only the listed columns unless `full` (CSV: credit code, hash...).
    With `full`, vendors without a final follow with NULLs."""
    cols = FULL_COLUMNS if full else LIST_COLUMNS
    rows = list(store.db.query(f"SELECT {', '.join(cols)} FROM latest_finals ORDER BY name"))
    if full:
        nulls = ", ".join(f"NULL AS {c}" for c in cols[2:] if c != "credit_code")
        rows += store.db.query(
            f"""SELECT id AS vendor_id, name, credit_code, {nulls} FROM vendors v
            WHERE NOT EXISTS (SELECT 1 FROM latest_finals l WHERE l.vendor_id = v.id)
            ORDER BY name"""
        )
    return rows


def search(store: Store, text: str, limit: int) -> list[dict[str, Any]]:
    """Vendor names and notes (substring, instr) and answer notes and evidence (FTS5 bigrams).

    Every hit really contains `text` (case-insensitively): the FTS match only picks candidates.
    Vendors are few, so a scan finds any fragment; answers go through the index (core/search.py),
    exact for Chinese of any length and for Latin words and word prefixes.
    """
    hits = list(
        store.db.query(
            """SELECT id AS vendor_id, name, 'name' AS field, name AS text FROM vendors
            WHERE instr(lower(name), lower(:q)) > 0
            UNION ALL
            SELECT id, name, 'vendor_notes', notes FROM vendors
            WHERE instr(lower(notes), lower(:q)) > 0
            LIMIT :limit""",
            {"q": text, "limit": limit},
        )
    )
    match = fts_query(text)
    if len(hits) >= limit:
        return hits
    if match is None:  # no letter, digit or CJK character to index: punctuation, a scan finds it
        return hits + list(
            store.db.query(
                """SELECT v.id AS vendor_id, v.name, f.field, f.text FROM (
                    SELECT assessment_id, 'note' AS field, note AS text FROM answers
                    WHERE instr(lower(note), lower(:q)) > 0
                    UNION ALL SELECT assessment_id, 'evidence', evidence FROM answers
                    WHERE instr(lower(evidence), lower(:q)) > 0) f
                JOIN assessments a ON a.id = f.assessment_id JOIN vendors v ON v.id = a.vendor_id
                LIMIT :limit""",
                {"q": text, "limit": limit - len(hits)},
            )
        )
    for column, field in (("note", "note"), ("evidence", "evidence")):
        rest = limit - len(hits)
        if rest <= 0:
            break
        hits += store.db.query(
            f"""SELECT v.id AS vendor_id, v.name, '{field}' AS field, an.{column} AS text
            FROM answers_fts f JOIN answers an ON an.rowid = f.rowid
            JOIN assessments a ON a.id = an.assessment_id JOIN vendors v ON v.id = a.vendor_id
            WHERE answers_fts MATCH :match AND instr(lower(an.{column}), lower(:q)) > 0
            LIMIT :limit""",
            {"match": "{" + column + "} : " + match, "q": text, "limit": rest},
        )
    return hits


# --- bundles: what an import must compare against, and bulk writes ------------------------------


def assessment_index(store: Store) -> dict[str, dict[str, Any]]:
    """Every assessment's id with its vendor, status and hash: what an import merges against."""
    return {
        r["id"]: r for r in store.db.query("SELECT id, vendor_id, status, hash FROM assessments")
    }


def columns(store: Store, table: str) -> list[str]:
    return [c.name for c in store.db[table].columns]


def insert_new(store: Store, table: str, rows: list[dict[str, Any]]) -> int:
    """Insert rows known to be new, in one executemany over the columns the table has."""
    if not rows:
        return 0
    have = set(columns(store, table))
    cols = [c for c in rows[0] if c in have]
    for r in rows:
        if r.keys() != rows[0].keys():  # rows of mixed shapes: fill what is missing with NULL
            cols = sorted({c for row in rows for c in row} & have)
            break
    quoted = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join("?" for _ in cols)
    sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'
    values = [tuple(map(r.get, cols)) for r in rows]
    conn = store.db.conn
    if table != "answers":
        conn.executemany(sql, values)
        return len(rows)
    # Answers: index the new ones for search in one statement after the insert (schema m025).
    before = conn.execute("SELECT coalesce(max(rowid), 0) FROM answers").fetchone()[0]
    register_functions(conn, each_row=False)
    try:
        conn.executemany(sql, values)
    finally:
        register_functions(conn)
    conn.execute(
        f"INSERT INTO answers_fts(rowid, note, evidence) SELECT rowid, {SEARCH_FUNCTION}(note), "
        f"{SEARCH_FUNCTION}(evidence) FROM answers WHERE rowid > ? "
        "AND (coalesce(note, '') <> '' OR coalesce(evidence, '') <> '')",
        [before],
    )
    return len(rows)


def draft_state(store: Store, aid: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A draft's row and answers as stored, to tell a bundle's copy apart from it."""
    answers = list(
        store.db.query("SELECT * FROM answers WHERE assessment_id = ? ORDER BY question_id", [aid])
    )
    return store.assessment(aid), answers


def replace_draft(store: Store, row: dict[str, Any], answers: list[dict[str, Any]]) -> None:
    """A final from a bundle takes the place of the draft it grew from (same id), in place."""
    aid = row["id"]
    store.db.execute("DELETE FROM answers WHERE assessment_id = ?", [aid])
    have = set(columns(store, "assessments")) - {"id"}
    cols = [c for c in row if c in have]
    execute_guarded(
        store,
        "UPDATE assessments SET "
        + ", ".join(f'"{c}" = ?' for c in cols)
        + " WHERE id = ? AND status = 'draft'",
        [*(row[c] for c in cols), aid],
    )
    insert_new(store, "answers", answers)


def export_rows(
    store: Store, table: str, vendor_ids: list[str] | None, finals_only: bool
) -> list[dict[str, Any]]:
    """Rows of vendors, assessments or answers for an export, limited to vendors and finals."""
    where: list[str] = []
    args: list[Any] = []
    key = {"vendors": "id", "assessments": "vendor_id", "answers": "a.vendor_id"}[table]
    if vendor_ids is not None:
        where.append(f"{key} IN ({', '.join('?' for _ in vendor_ids)})")
        args += vendor_ids
    if finals_only and table != "vendors":
        where.append(("a." if table == "answers" else "") + "status = 'final'")
    sql = {
        "vendors": "SELECT * FROM vendors",
        "assessments": "SELECT * FROM assessments",
        "answers": "SELECT an.* FROM answers an JOIN assessments a ON a.id = an.assessment_id",
    }[table]
    if where:
        sql += " WHERE " + " AND ".join(where)
    order = " ORDER BY an.rowid" if table == "answers" else " ORDER BY rowid"
    return list(store.db.query(sql + order, args))


def save_red_flags(store: Store, aid: str, flags: list[dict[str, Any]]) -> None:
    store.db.table("red_flags").insert_all(
        [{"assessment_id": aid, **f} for f in flags],
        pk=("assessment_id", "question_id"),
        ignore=True,
    )


def finals_missing_red_flags(store: Store) -> list[str]:
    """Finals that have red flags but none stored yet (they came in a bundle)."""
    return [
        r["id"]
        for r in store.db.query(
            "SELECT id FROM assessments a WHERE status = 'final' AND red_flag_count > 0 "
            "AND coalesce(hash_version, 1) = 1 AND NOT EXISTS (SELECT 1 FROM red_flags f WHERE f.assessment_id = a.id)"
        )
    ]
