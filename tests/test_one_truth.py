"""Issue 18, items 1-2: one open draft per vendor and checklist, what finalize seals, and
writers that share a file (BEGIN IMMEDIATE, busy timeout, a lock held too long as a user error).

Everything through the real CLI or through real processes on a real SQLite file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CLI, FIXTURES

ENV = {"VENDORCHECK_CHECKLISTS": str(FIXTURES / "checklists")}
ROOT = Path(__file__).resolve().parents[1]
FINALIZE = [sys.executable, "-m", "vendorcheck", "--db"]


@pytest.fixture
def vc(run_cli: CLI):
    def run(*args: str, **kw):
        return run_cli(*args, env={**ENV, **kw.pop("env", {})}, **kw)

    return run


def _answers(tmp_path: Path, name: str, answers: dict[str, object]) -> str:
    path = tmp_path / name
    path.write_text(json.dumps({"answers": answers}, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_two_assess_calls_build_one_draft_and_finalize_says_what_it_sealed(
    vc, tmp_path: Path
) -> None:
    assert vc("vendor", "add", "A").returncode == 0
    a = _answers(tmp_path, "a.json", {"basics.licence": "yes"})
    b = _answers(tmp_path, "b.json", {"basics.tier": "large", "contract.no_loans": "yes"})
    first = vc("assess", "A", "--checklist", "spine-test", "--answers", a)
    assert first.returncode == 0, first.stderr
    assert "Started a new draft" in first.stdout and "(1 answers)" in first.stdout
    second = vc("assess", "A", "--checklist", "spine-test", "--answers", b)
    assert second.returncode == 0, second.stderr
    aid = first.stdout.split("Started a new draft ")[1].split()[0]
    assert f"Added to the open draft {aid} (now 3 answers" in second.stdout
    zh = vc("assess", "A", "--checklist", "spine-test", "--answers", b, lang="zh")
    assert f"已补充到未定稿的评估 {aid}（现有 3 个回答" in zh.stdout

    done = vc("finalize", "A", "--yes")
    assert done.returncode == 0, done.stderr
    assert f"Finalized: A, assessment {aid}," in done.stdout
    assert "3 answers" in done.stdout and "verdict" in done.stdout and "grade" in done.stdout
    assert "hash " in done.stdout and "archive head " in done.stdout
    again = vc("finalize", "A", "--yes")
    assert again.returncode == 2 and "no draft assessment" in again.stderr
    final = json.loads(vc("score", "A", "--format", "json").stdout)
    assert final["assessment_id"] == aid and final["status"] == "final"
    assert sum(s["answered"] for s in final["sections"]) == 3


def test_assess_new_starts_a_second_draft_and_finalize_names_both(vc, tmp_path: Path) -> None:
    vc("vendor", "add", "B")
    a = _answers(tmp_path, "a.json", {"basics.licence": "yes"})
    one = vc("assess", "B", "--checklist", "spine-test", "--answers", a).stdout
    two = vc("assess", "B", "--checklist", "spine-test", "--answers", a, "--new").stdout
    first = one.split("Started a new draft ")[1].split()[0]
    second = two.split("Started a new draft ")[1].split()[0]
    assert first != second
    r = vc("finalize", "B", "--yes")
    assert r.returncode == 2 and "has 2 drafts" in r.stderr
    assert first in r.stderr and second in r.stderr and "--assessment" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = vc("finalize", "B", "--yes", "--assessment", "nope")
    assert r.returncode == 2 and "no draft assessment nope" in r.stderr
    r = vc("finalize", "B", "--yes", "--assessment", first)
    assert r.returncode == 0 and f"assessment {first}" in r.stdout
    r = vc("finalize", "B", "--yes")  # one draft left: no need to name it
    assert r.returncode == 0 and f"assessment {second}" in r.stdout
    assert vc("verify").returncode == 0


def test_finalize_warns_about_unconfirmed_contract_suggestions(vc, tmp_path: Path) -> None:
    vc("vendor", "add", "C")
    a = _answers(tmp_path, "a.json", {"basics.licence": "yes"})
    vc("assess", "C", "--checklist", "spine-test", "--answers", a)
    db = tmp_path / "vendorcheck.db"
    con = sqlite3.connect(db)  # what `assess --contract` stores: a suggested, unconfirmed answer
    con.execute("UPDATE answers SET source = 'suggested' WHERE question_id = 'basics.licence'")
    con.commit()
    con.close()
    r = vc("finalize", "C", "--yes")
    assert r.returncode == 0, r.stderr
    assert "1 answers suggested from the contract are unconfirmed" in r.stderr
    assert "basics.licence" in r.stderr


# --- writers sharing one file ------------------------------------------------------------------

WRITER = """
import sys
from vendorcheck.services import assessing
from vendorcheck.store import Store

store = Store.open(sys.argv[1])
aid, tag, qids = sys.argv[2], sys.argv[3], sys.argv[4].split(",")
for i in range(300):
    assessing.answer(store, aid, qids[i % len(qids)], "yes" if i % 2 else "no", note=f"{tag}-{i}")
store.close()
"""


def test_three_writer_processes_lose_nothing(tmp_path: Path) -> None:
    from vendorcheck.services import assessing, catalog
    from vendorcheck.store import Store

    db = tmp_path / "shared.db"
    store = Store.open(db)
    checklist = catalog.get("cs-outsourcing")
    assessing.add_vendor(store, "Shared")
    aid = assessing.start_assessment(store, "Shared", checklist)
    yes_no = [q.id for s in checklist.sections for q in s.questions if q.kind == "yes_no"]
    groups = [yes_no[i::3][:10] for i in range(3)]
    store.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), aid, f"w{n}", ",".join(g)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n, g in enumerate(groups)
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [o[1][-500:] for o in outs]
    assert all(not err for _, err in outs)

    store = Store.open(db)
    events = store.conn.execute(
        "SELECT count(*) FROM events WHERE kind = 'answer_set' AND assessment_id = ?", [aid]
    ).fetchone()[0]
    assert events == 900  # every acknowledged write is there
    answers = store.answers(aid)
    for n, group in enumerate(groups):
        for k, qid in enumerate(group):
            last = 290 + k  # the writer's last write of this question
            assert answers[qid].note == f"w{n}-{last}"
            assert answers[qid].value == ("yes" if last % 2 else "no")
    # each summary was computed inside its write transaction: it matches the stored answers
    row = store.assessment(aid)
    assert row["score"] == pytest.approx(assessing.result_of(store, aid).score)
    store.close()


def test_a_lock_held_beyond_the_timeout_is_one_line_exit_2(vc, db_path: Path) -> None:
    assert vc("vendor", "add", "Early").returncode == 0
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        r = vc("vendor", "add", "Late", env={"VENDORCHECK_BUSY_TIMEOUT_MS": "300"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "database is busy" in r.stderr
    assert "internal error" not in r.stderr
    names = [v["name"] for v in json.loads(vc("vendor", "list", "--format", "json").stdout)]
    assert names == ["Early"]


def test_two_finalizers_of_one_vendor_never_fork(vc, tmp_path: Path, db_path: Path) -> None:
    vc("vendor", "add", "Race")
    a = _answers(tmp_path, "a.json", {"basics.licence": "yes"})
    env = {
        **os.environ,
        **ENV,
        "VENDORCHECK_LANG": "en",
        "VENDORCHECK_CONFIG": str(tmp_path / "c.toml"),
    }
    for _ in range(3):
        ids = []
        for _ in range(2):
            out = vc("assess", "Race", "--checklist", "spine-test", "--answers", a, "--new").stdout
            ids.append(out.split("Started a new draft ")[1].split()[0])
        procs = [
            subprocess.Popen(
                [*FINALIZE, str(db_path), "finalize", "Race", "--yes", "--assessment", aid],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for aid in ids
        ]
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
    con = sqlite3.connect(db_path)
    rows = con.execute(
        "SELECT hash, prev_hash FROM assessments WHERE status = 'final' "
        "ORDER BY finalized_at, rowid"
    ).fetchall()
    con.close()
    assert len(rows) == 6
    child = {prev: h for h, prev in rows}
    assert len(child) == 6  # no two finals follow the same parent
    walked, at = 0, ""
    while at in child:  # one line from the first final to the last
        at, walked = child[at], walked + 1
    assert walked == 6
    r = vc("verify", "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["ok"] is True
