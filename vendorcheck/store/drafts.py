"""Writing a draft's answers: the statements `Store.set_answers`, `clear_answer` and
`save_answer` run inside their transaction, as prepared SQL on the connection.

sqlite-utils' `upsert` and `insert` read the table's columns (PRAGMA table_info) on every call;
an answer key in the terminal app runs these on each key, so they are written out here (the same
`INSERT ... ON CONFLICT DO UPDATE` sqlite-utils builds, so the same triggers fire: the search
index's insert or update trigger, the archive's guards on finals). Imports nothing of
`vendorcheck.store` itself, which imports it.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vendorcheck.core.answers import Answer
    from vendorcheck.core.scoring import Result

UPSERT_ANSWER = (
    "INSERT INTO answers (assessment_id, question_id, value, note, evidence, source, answered_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id, question_id) DO UPDATE SET "
    "value = excluded.value, note = excluded.note, evidence = excluded.evidence, "
    "source = excluded.source, answered_at = excluded.answered_at"
)
INSERT_EVENT = (
    "INSERT INTO events (at, kind, vendor_id, assessment_id, detail) VALUES (?, ?, ?, ?, ?)"
)
SUMMARY = (
    "UPDATE assessments SET score = ?, grade = ?, verdict = ?, completeness = ?, "
    "red_flag_count = ?, scoring_method = ?, updated_at = ?"
)


def log_event(
    conn: sqlite3.Connection,
    at: str,
    kind: str,
    vendor_id: str | None,
    assessment_id: str | None,
    detail: dict[str, Any],
) -> None:
    """One row of the event log (what `Store.log` writes)."""
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True)
    conn.execute(INSERT_EVENT, [at, kind, vendor_id, assessment_id, text])


def upsert_answer(conn: sqlite3.Connection, aid: str, vendor_id: str, ans: Answer, ts: str) -> None:
    """The answer stored (replacing the question's earlier one) and logged as `answer_set`."""
    value = json.dumps(ans.value, ensure_ascii=False)
    conn.execute(
        UPSERT_ANSWER, [aid, ans.question_id, value, ans.note, ans.evidence, ans.source, ts]
    )
    detail = {"question_id": ans.question_id, "value": ans.value, "source": ans.source}
    log_event(conn, ts, "answer_set", vendor_id, aid, detail)


def save_summary(
    conn: sqlite3.Connection, aid: str, result: Result, ts: str, position: str | None = None
) -> None:
    """The score summary lists show (and, given, the question to resume on) in the row."""
    args: list[Any] = [
        result.score,
        result.grade,
        result.verdict,
        result.completeness,
        len(result.red_flags),
        result.method,
        ts,
    ]
    sql = SUMMARY
    if position is not None:
        sql += ", position = ?"
        args.append(position)
    conn.execute(sql + " WHERE id = ?", [*args, aid])


def draft_row(conn: sqlite3.Connection, aid: str) -> tuple[str, str] | None:
    """(vendor id, status) of an assessment, None when there is no such assessment."""
    row = conn.execute("SELECT vendor_id, status FROM assessments WHERE id = ?", [aid]).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def revision(conn: sqlite3.Connection) -> tuple[int, int]:
    """Changes to the file since this connection opened: SQLite's data_version (moves when
    another connection commits, not for this one's) and this connection's own row changes. Equal
    twice: nobody wrote in between (two statements; no read of any table)."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes
