"""Finals sealed before scoring v2 keep their score, grade and verdict (issue 15).

`fixtures/db/v1-demo.db.gz` is a database made by the release before v2 (`vendorcheck demo` at
main 1ec1e28, SOURCE_DATE_EPOCH=1): four finals and one draft, scored with method v1.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import CLI, FIXTURES

SEALED = {  # as stored by the old release: score, grade, verdict
    "杭州云帆客服外包有限公司": (98.31, "A", "recommended"),
    "速达电商服务工作室": (35.61, "D", "reject"),
    "广州星禾电商代运营有限公司": (80.78, "B", "acceptable"),
    "义乌快跑网店托管工作室": (61.12, "C", "caution"),
}


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    path = tmp_path / "old.db"
    path.write_bytes(gzip.decompress((FIXTURES / "db" / "v1-demo.db.gz").read_bytes()))
    return path


def test_old_finals_keep_their_sealed_verdicts_and_say_which_method(
    run_cli: CLI, old_db: Path
) -> None:
    for name, (score, grade, verdict) in SEALED.items():
        r = run_cli("score", name, "--format", "json", db=old_db)
        assert r.returncode == 0, r.stderr
        data = json.loads(r.stdout)
        assert data["status"] == "final" and data["scoring_method"] == "v1"
        assert (round(data["score"], 2), data["grade"], data["verdict"]) == (score, grade, verdict)
    r = run_cli("score", "速达电商服务工作室", db=old_db)
    assert "sealed with scoring method v1" in r.stdout
    # No grade beside a red-flag reject, even for a v1 final sealed with grade D.
    assert "grade —" in r.stdout and "reject" in r.stdout


def test_the_migration_adds_the_column_and_leaves_sealed_rows_alone(
    run_cli: CLI, old_db: Path
) -> None:
    before = (
        sqlite3.connect(old_db)
        .execute(
            "SELECT id, score, grade, verdict, hash FROM assessments WHERE status = 'final' ORDER BY id"
        )
        .fetchall()
    )
    assert run_cli("vendor", "list", db=old_db).returncode == 0  # opening upgrades the file
    conn = sqlite3.connect(old_db)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(assessments)")]
    assert "scoring_method" in cols
    after = conn.execute(
        "SELECT id, score, grade, verdict, hash FROM assessments WHERE status = 'final' ORDER BY id"
    ).fetchall()
    assert after == before
    assert run_cli("verify", db=old_db).returncode == 0  # the hash chain still holds


def test_the_migration_rescores_the_old_draft_so_lists_agree(run_cli: CLI, old_db: Path) -> None:
    r = run_cli("vendor", "list", "--format", "json", db=old_db)
    assert r.returncode == 0, r.stderr
    rows = {v["name"]: v for v in json.loads(r.stdout)}
    # v1 had stored "70.6, B, caution" on this draft; the list now says what `score` says.
    assert (
        rows["Bluewave Commerce Services"]["verdict"],
        rows["Bluewave Commerce Services"]["grade"],
    ) == ("incomplete", None)
    assert (
        rows["速达电商服务工作室"]["grade"] == "D"
    )  # a sealed final keeps what it was sealed with


def test_the_old_draft_is_rescored_with_v2_and_a_new_final_records_v2(
    run_cli: CLI, old_db: Path
) -> None:
    r = run_cli("score", "Bluewave Commerce Services", "--format", "json", db=old_db)
    data = json.loads(r.stdout)
    # The draft was "caution, B" under v1; its fraud-liability clause is still unverified.
    assert (data["status"], data["scoring_method"], data["verdict"]) == (
        "draft",
        "v2",
        "incomplete",
    )
    assert data["grade"] is None
    r = run_cli("finalize", "Bluewave Commerce Services", "--yes", db=old_db)
    assert r.returncode == 0, r.stderr
    stored = (
        sqlite3.connect(old_db)
        .execute(
            "SELECT a.scoring_method, a.verdict, a.grade FROM assessments a JOIN vendors v "
            "ON v.id = a.vendor_id WHERE v.name = 'Bluewave Commerce Services'"
        )
        .fetchone()
    )
    assert stored == ("v2", "incomplete", None)
