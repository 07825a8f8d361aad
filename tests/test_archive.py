"""The procurement archive: locked finals, verify naming a tampered row, due, search, history."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from vendorcheck.core.errors import UserError
from vendorcheck.services import archive
from vendorcheck.store import Store
from vendorcheck.store.archive import execute_guarded


def test_final_assessment_refuses_sql_update(demo_db: Path) -> None:
    store = Store.open(demo_db)
    with pytest.raises(UserError, match="final assessment cannot be changed"):
        execute_guarded(store, "UPDATE assessments SET score = 0 WHERE status = 'final'")
    with pytest.raises(UserError):
        execute_guarded(
            store,
            "DELETE FROM answers WHERE assessment_id IN "
            "(SELECT id FROM assessments WHERE status = 'final')",
        )
    assert archive.verify(store) == []


def test_verify_names_tampered_assessment(demo_db: Path, run_cli) -> None:
    ok = run_cli("verify", "--format", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["ok"] is True
    con = sqlite3.connect(demo_db)
    for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%final_no%'"
    ).fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    aid, vendor = con.execute(
        "SELECT a.id, v.name FROM assessments a JOIN vendors v ON v.id = a.vendor_id "
        "WHERE a.status = 'final' LIMIT 1"
    ).fetchone()
    con.execute("UPDATE answers SET note = note || ' edited' WHERE assessment_id = ?", [aid])
    con.commit()
    con.close()
    bad = run_cli("verify", "--format", "json")
    assert bad.returncode == 1
    problems = json.loads(bad.stdout)["problems"]
    assert [(p["assessment_id"], p["vendor"], p["problem"]) for p in problems] == [
        (aid, vendor, "hash")
    ]
    table = run_cli("verify")
    assert table.returncode == 1 and aid in table.stdout


def test_search_finds_two_character_chinese_word(demo_db: Path, run_cli) -> None:
    hits = json.loads(run_cli("search", "贷款", "--format", "json").stdout)
    assert hits and all("贷款" in h["snippet"] for h in hits)
    by_part = json.loads(run_cli("search", "云帆", "--format", "json").stdout)
    assert any(h["field"] == "name" and "云帆" in h["name"] for h in by_part)


def test_due_with_fixed_date(demo_db: Path, run_cli) -> None:
    store = Store.open(demo_db)
    assert all(not d["overdue"] for d in archive.due(store, today=date(2000, 1, 1)))
    assert all(d["overdue"] for d in archive.due(store, today=date(2100, 1, 1)))
    later = run_cli("due", "--format", "json", env={"SOURCE_DATE_EPOCH": "4102444800"})
    rows = json.loads(later.stdout)
    assert rows and all(r["overdue"] for r in rows)


def test_history_lists_finals_with_hash(demo_db: Path, run_cli) -> None:
    h = json.loads(run_cli("history", "杭州云帆客服外包有限公司", "--format", "json").stdout)
    assert h["assessments"] and len(h["assessments"][0]["hash"]) == 64
    assert h["assessments"][0]["diff"] is None
