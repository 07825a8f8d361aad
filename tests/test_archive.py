"""The procurement archive: locked finals, verify naming a tampered row, due, search, history."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vendorcheck.core.errors import UserError
from vendorcheck.services import archive
from vendorcheck.store import Store
from vendorcheck.store import archive as store_sql
from vendorcheck.store.archive import execute_guarded
from vendorcheck.store.schema import register_functions


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
    register_functions(con)  # the search index's triggers need it to see the edited note
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


def test_chain_link_to_a_removed_final_is_named(demo_db: Path, run_cli) -> None:
    """Merged chains may fork, but a final whose parent is gone is named as a broken link."""
    from vendorcheck.services.assessing import finalize_assessment, start_assessment

    store = Store.open(demo_db)
    v = store.vendor("杭州云帆客服外包有限公司")
    first = store.latest_assessment(v["id"], status="final")
    assert first is not None
    checklist = store.checklist(first["checklist_sha256"])
    second = start_assessment(store, v["id"], checklist, prefill=True)
    finalize_assessment(store, second, by="li")
    assert archive.verify(store) == []
    latest = {r["name"]: r["assessment_id"] for r in store_sql.latest_finals(store, full=True)}
    assert latest["杭州云帆客服外包有限公司"] == second  # the summary follows the new final
    store.close()
    con = sqlite3.connect(demo_db)
    register_functions(con)
    con.execute("INSERT INTO vendor_purges VALUES (?, 'x', 'now')", [v["id"]])
    con.execute("DELETE FROM answers WHERE assessment_id = ?", [first["id"]])
    con.execute("DELETE FROM assessments WHERE id = ?", [first["id"]])
    con.commit()
    con.close()
    bad = json.loads(run_cli("verify", "--format", "json").stdout)["problems"]
    # issue 18: the seal list also names the removed final itself
    assert [(p["assessment_id"], p["problem"]) for p in bad] == [
        (second, "chain"),
        (first["id"], "missing"),
    ]
    store = Store.open(demo_db)
    store.delete_vendor(v["id"])  # a recorded purge: the summary row goes with the vendor
    assert v["id"] not in {r["vendor_id"] for r in store_sql.latest_finals(store)}
    assert len(store_sql.latest_finals(store)) == 3  # the other vendors with a final


NOTE_CHARS = "店铺贷款合同赔偿责任 KPIab12,，。“”\"'*()"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    notes=st.lists(st.text(alphabet=NOTE_CHARS, max_size=14), min_size=1, max_size=6),
    query=st.text(alphabet="店铺贷款合同赔偿责任 ，", min_size=1, max_size=4),
)
def test_search_finds_chinese_exactly_where_it_is_a_substring(notes: list[str], query: str) -> None:
    """Whatever the notes and the Chinese query (1, 2, 3+ characters, punctuation), search
    returns exactly the notes and evidence that contain it, through the bigram index."""
    from vendorcheck.core.answers import Answer
    from vendorcheck.services import assessing, catalog

    if query.strip() == "":
        return
    store = Store.memory()
    checklist = catalog.get("cs-outsourcing")
    qids = [q.id for s in checklist.sections for q in s.questions][: len(notes)]
    assessing.add_vendor(store, "V")
    aid = assessing.start_assessment(store, "V", checklist)
    store.set_answers(
        aid,
        [
            Answer(question_id=q, value="x", note=n, evidence=n[::-1])
            for q, n in zip(qids, notes, strict=False)
        ],
    )
    # edit one answer and clear another: the index must follow updates and deletes
    store.set_answers(aid, [Answer(question_id=qids[0], value="x", note=notes[-1], evidence="")])
    if len(qids) > 1:
        store.clear_answer(aid, qids[1])
    now_notes = {a.question_id: a for a in store.answers(aid).values()}
    q = query.strip()
    expected = sorted(
        [("note", a.note) for a in now_notes.values() if q in a.note]
        + [("evidence", a.evidence) for a in now_notes.values() if q in a.evidence]
    )
    got = sorted((h["field"], h["text"]) for h in store_sql.search(store, q, 100))
    assert got == expected


def test_history_without_vendor_lists_each_latest_final(demo_db: Path, run_cli) -> None:
    rows = json.loads(run_cli("history", "--format", "json").stdout)
    by_name = {r["name"]: r for r in rows}
    assert by_name["速达电商服务工作室"]["verdict"] == "reject"
    # Issue 15: its liability waiver is now a deal-breaker too (was 3 red flags).
    assert by_name["速达电商服务工作室"]["red_flag_count"] == 4
    assert "Bluewave Commerce Services" not in by_name  # its only assessment is a draft
    table = run_cli("history", lang="zh").stdout
    assert "拒绝" in table and "杭州云帆客服外包有限公司" in table
