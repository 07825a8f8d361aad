"""Issue 18: a database made by the release before it (commit d1bb0f4) opens, migrates (m030),
verifies and keeps its scores; new finals chain onto its old ones.

The fixture was made with that commit's code (`git archive d1bb0f4`) through its CLI: the demo,
云帆's final sent as a bundle to a consultant who re-assessed it, a local re-assessment, the
consultant's bundle merged back (a tree of v1 finals), and two drafts of Bluewave (each `assess`
call then started a new draft).
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from vendorcheck.store.connection import SCHEMA_VERSION

OLD = FIXTURES / "archive-d1bb0f4.db.gz"
YUNFAN = "杭州云帆客服外包有限公司"
BLUEWAVE = "Bluewave Commerce Services"


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VENDORCHECK_LANG": "en"}
    env.pop("VENDORCHECK_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "vendorcheck", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    db = tmp_path / "old.db"
    db.write_bytes(gzip.decompress(OLD.read_bytes()))
    return db


def _rows(db: Path) -> dict[str, tuple[object, ...]]:
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT id, status, score, grade, verdict, completeness, red_flag_count, hash "
        "FROM assessments"
    ).fetchall()
    con.close()
    return {r[0]: r[1:] for r in rows}


def test_old_database_migrates_verifies_and_keeps_its_scores(old_db: Path) -> None:
    before = _rows(old_db)
    r = run(old_db, "verify", "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["ok"] is True and out["finals"] == 6 and len(out["head"]) == 64
    after = _rows(old_db)
    finals = {k for k, v in before.items() if v[0] == "final"}
    assert {k: after[k] for k in finals} == {k: before[k] for k in finals}  # nothing sealed changed
    # drafts are rescored by scoring v2: the release's "reject" for an unverified draft becomes
    # "incomplete", with no grade (issue 15)
    drafts = {k: after[k] for k in before if k not in finals}
    assert drafts and {v[3] for v in drafts.values()} <= {"incomplete", "caution", "reject"}
    assert all(v[3] != "incomplete" or v[2] is None for v in drafts.values())
    con = sqlite3.connect(old_db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    methods = dict(
        con.execute(
            "SELECT status, group_concat(DISTINCT scoring_method) FROM assessments GROUP BY status"
        )
    )
    assert methods == {"final": "v1", "draft": "v2"}  # sealed finals keep v1; drafts are rescored
    assert {
        r[0] for r in con.execute("SELECT hash_version FROM assessments WHERE status = 'final'")
    } == {1}
    assert con.execute("SELECT count(*) FROM archive_seals").fetchone()[0] == 6
    con.close()
    listing = json.loads(run(old_db, "vendor", "list", "--format", "json").stdout)
    shown = {v["name"]: (v["score"], v["verdict"], v["red_flag_count"]) for v in listing}
    assert shown["速达电商服务工作室"][1:] == ("reject", 3)
    assert shown["广州星禾电商代运营有限公司"][0] == pytest.approx(80.7754901960784)
    history = json.loads(run(old_db, "history", YUNFAN, "--format", "json").stdout)
    assert len(history["assessments"]) == 3  # the merged tree of v1 finals keeps verifying


def test_new_finals_chain_onto_old_ones_and_old_heads_still_hold(old_db: Path) -> None:
    head = json.loads(run(old_db, "verify", "--format", "json").stdout)["head"]
    r = run(old_db, "finalize", BLUEWAVE, "--yes")  # the old release left two drafts
    assert r.returncode == 2 and "has 2 drafts" in r.stderr
    con = sqlite3.connect(old_db)
    newest_draft = con.execute(
        "SELECT a.id FROM assessments a JOIN vendors v ON v.id = a.vendor_id WHERE v.name = ? "
        "ORDER BY a.created_at DESC, a.rowid DESC LIMIT 1",
        [BLUEWAVE],
    ).fetchone()[0]
    con.close()
    r = run(old_db, "finalize", BLUEWAVE, "--yes", "--assessment", newest_draft)
    assert r.returncode == 0 and f"assessment {newest_draft}" in r.stdout, r.stderr
    answers = old_db.parent / "re.yaml"
    answers.write_text("answers:\n  qual.licence_checked: yes\n", encoding="utf-8")
    r = run(old_db, "assess", YUNFAN, "--answers", str(answers), "--finalize")
    assert r.returncode == 0, r.stderr
    out = json.loads(run(old_db, "verify", "--format", "json").stdout)
    assert out["ok"] is True and out["finals"] == 8, out["problems"]
    assert run(old_db, "verify", "--head", head).returncode == 0  # the earlier head still holds
    con = sqlite3.connect(old_db)
    v2 = con.execute(
        "SELECT count(*) FROM assessments WHERE status = 'final' AND hash_version = 2 "
        "AND sealed_in = (SELECT value FROM archive_meta WHERE key = 'archive_id')"
    ).fetchone()[0]
    con.close()
    assert v2 == 2


def test_a_bundle_written_by_the_old_release_imports_and_verifies(tmp_path: Path) -> None:
    """format_version 1, hash v1 finals (a consultant's re-assessment chained to central's)."""
    db = tmp_path / "fresh.db"
    r = run(db, "import", str(FIXTURES / "bundle-d1bb0f4.json"))
    assert r.returncode == 0 and "assessments: +2" in r.stdout, r.stderr
    out = json.loads(run(db, "verify", "--format", "json").stdout)
    assert out["ok"] is True and out["finals"] == 2
    answers = tmp_path / "re.yaml"
    answers.write_text("answers:\n  qual.licence_checked: yes\n", encoding="utf-8")
    assert run(db, "assess", YUNFAN, "--answers", str(answers), "--finalize").returncode == 0
    bundle = tmp_path / "new.json"
    assert run(db, "export", "--bundle", str(bundle)).returncode == 0
    other = tmp_path / "other.db"
    r = run(other, "import", str(bundle))  # v1 and v2 finals in one version-2 bundle
    assert r.returncode == 0, r.stderr
    assert json.loads(run(other, "verify", "--format", "json").stdout)["finals"] == 3
    assert run(other, "verify").returncode == 0
