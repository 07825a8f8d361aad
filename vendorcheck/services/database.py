"""Opening the database file for a shell (the terminal app opens it once), so no shell imports
the store itself (issue 20: the TUI and the CLI use only services).

Kept to the store's own light import (plain sqlite3): the terminal app's first frame opens the
file before anything heavier is loaded (tests/test_boundaries.py).
"""

from __future__ import annotations

from pathlib import Path

from vendorcheck.store import Store as Database

__all__ = ["Database", "open_database"]


def open_database(path: Path | str) -> Database:
    """The vendorcheck database at `path`, migrated; refuses another application's file."""
    return Database.open(path)
