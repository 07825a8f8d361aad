"""Before a database file is opened for writing: is it ours, and may its folder be created?

`--db` pointed at another application's SQLite file used to receive our 15 tables, and at a
mistyped folder used to create it. Both are checked here, before the connection that turns on
WAL (which rewrites the file's header) is opened, so a refused file is left byte-identical.
Only the platform's default location (platformdirs) is created without being asked; any other
folder is made by `vendorcheck init PATH`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from vendorcheck.core.errors import UserError

SQLITE_MAGIC = b"SQLite format 3\x00"
# sqlite-utils' bookkeeping table, the one table a vendorcheck file may have besides ours.
MIGRATIONS_TABLE = "_sqlite_migrations"


def check_db_path(path: Path, *, create_folder: bool = False) -> None:
    """Refuse a path that is not (or cannot become) a vendorcheck database; nothing is written.

    `create_folder`: make missing parent folders (the default location, and `init`).
    """
    folder = path.parent
    if not folder.is_dir():
        if folder.exists():
            raise UserError(
                f"{folder} is a file, not a folder", f"{folder} 是文件，不是文件夹", where=str(path)
            )
        if not create_folder and not _is_default(path):
            raise UserError(
                f"folder {folder} does not exist; check the path, or create it with "
                f"`vendorcheck init {path}`",
                f"文件夹 {folder} 不存在；请检查路径，或用 `vendorcheck init {path}` 新建",
                where=str(path),
            )
        folder.mkdir(parents=True, exist_ok=True)
        return
    if path.is_dir():
        raise UserError(
            "is a folder, not a database file", "这是文件夹，不是数据库文件", where=str(path)
        )
    if path.exists() and path.stat().st_size > 0:
        _check_file(path)


def _check_file(path: Path) -> None:
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as e:
        reason = e.strerror or str(e)
        raise UserError(f"cannot read: {reason}", f"无法读取：{reason}", where=str(path)) from None
    if head != SQLITE_MAGIC:
        raise _foreign(path, "it is not an SQLite file", "它不是 SQLite 文件")
    found = _inspect(path, "immutable=1")
    wal = path.with_name(path.name + "-wal")
    if found is not None and not found[0] and wal.exists() and wal.stat().st_size:
        found = _inspect(path, "mode=ro")  # tables so far only in the WAL: read it too
    if found is None:
        return  # unreadable here (locked, say): the real open words what is wrong
    tables, ours = found
    if tables and not ours:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise _foreign(
            path,
            f"it holds another application's tables ({shown})",
            f"其中是其他程序的数据表（{shown}）",
        )


def _inspect(path: Path, mode: str) -> tuple[set[str], bool] | None:
    """(table names, whether our migrations are recorded), read through a read-only connection;
    `immutable=1` takes no lock and creates no -wal/-shm beside another program's file. None
    when it cannot be read that way."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
    except sqlite3.Error:
        return None
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        tables = {r[0] for r in rows if not r[0].startswith("sqlite_")}
        ours = MIGRATIONS_TABLE in tables and bool(
            conn.execute(
                f"SELECT count(*) FROM {MIGRATIONS_TABLE} WHERE migration_set = 'vendorcheck'"
            ).fetchone()[0]
        )
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return tables, ours


def _foreign(path: Path, en: str, zh: str) -> UserError:
    return UserError(
        f"not a vendorcheck database: {en}; nothing was written (pick another --db file)",
        f"不是 vendorcheck 数据库：{zh}；未写入任何内容（请换一个 --db 文件）",
        where=str(path),
    )


def _is_default(path: Path) -> bool:
    from platformdirs import user_data_path

    from vendorcheck.paths import APP

    return path.parent == user_data_path(APP, appauthor=False)


# What SQLite says when the file, not our code, is wrong: a table or column dropped or renamed
# by hand or by another program, or pages that are not a database.
_DAMAGE = ("no such table", "no such column", "malformed", "file is not a database")


def damaged(error: BaseException, path: Path) -> UserError | None:
    """A user error for a damaged database file (exit 2, one line), else None."""
    text = str(error)
    if not isinstance(error, sqlite3.DatabaseError) or not any(d in text for d in _DAMAGE):
        return None
    return UserError(
        f"the database is damaged or was changed by another program ({text}); restore it from "
        "a backup, or import an export into a new one (`vendorcheck init NEW.db`)",
        f"数据库已损坏或被其他程序改动（{text}）；请从备份恢复，或新建数据库"
        "（`vendorcheck init 新.db`）后导入导出文件",
        where=str(path),
    )
