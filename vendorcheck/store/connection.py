"""Opening a connection: pragmas and the SQL functions the schema's triggers call.

Kept apart from `schema` (which needs sqlite-utils for its migrations) so that opening a database
that is already up to date, the first thing the terminal app does, imports plain sqlite3 only.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from vendorcheck.core.search import bigrams

BUSY_TIMEOUT_MS = 5000


def busy_timeout_ms() -> int:
    """How long a writer waits for another one's lock: VENDORCHECK_BUSY_TIMEOUT_MS, else 5 s."""
    raw = os.environ.get("VENDORCHECK_BUSY_TIMEOUT_MS", "")
    return int(raw) if raw.isdigit() else BUSY_TIMEOUT_MS


# How many migrations `schema` holds; PRAGMA user_version records it after each upgrade, so an
# up-to-date file is recognised without loading the migrations (a test keeps the two equal).
SCHEMA_VERSION = 14

SEARCH_FUNCTION = "vendorcheck_bigrams"  # registered on every connection by Store.open
EACH_ROW_FUNCTION = "vendorcheck_index_each_row"  # 0 while a bulk import indexes in one go


def register_functions(conn: sqlite3.Connection, *, each_row: bool = True) -> None:
    """SQL functions the schema's triggers call; every connection that writes needs them.

    `each_row=False` (bulk imports only) makes the insert trigger leave new answers unindexed;
    the importer then indexes them with one INSERT ... SELECT, which FTS5 does far faster than
    row by row inside a trigger (each trigger statement flushes FTS5's pending terms).
    """
    conn.create_function(SEARCH_FUNCTION, 1, bigrams, deterministic=True)
    conn.create_function(EACH_ROW_FUNCTION, 0, lambda: int(each_row))


def connect(path: Path | str) -> sqlite3.Connection:
    """Autocommit connection, WAL, foreign keys, a busy timeout so two processes share a file."""
    timeout = busy_timeout_ms()
    conn = sqlite3.connect(path, timeout=timeout / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {timeout}")
    conn.execute("PRAGMA foreign_keys = ON")
    register_functions(conn)
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
    return conn
