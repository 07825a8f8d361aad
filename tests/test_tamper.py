"""Issue 18, item 4: tamper evidence that covers everything shown.

Each case edits the file with raw sqlite3 below the archive's triggers (dropped first, as an
attacker with the file would), then runs the real `vendorcheck verify`; bundles edited by hand
are refused by the real `vendorcheck import`, one line, exit 2, nothing written.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from vendorcheck.store.schema import register_functions

YUNFAN = "杭州云帆客服外包有限公司"
SUDA = "速达电商服务工作室"  # the demo's rejected vendor: one final, 3 red flags


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


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo data, and a second (newest) final of 云帆 sealed through the CLI."""
    d = tmp_path_factory.mktemp("tamper")
    db = d / "base.db"
    assert run(db, "demo").returncode == 0
    answers = d / "re.yaml"
    answers.write_text("answers:\n  qual.licence_checked: yes\n", encoding="utf-8")
    r = run(db, "assess", YUNFAN, "--answers", str(answers), "--new", "--finalize")
    assert r.returncode == 0, r.stderr
    return db


@pytest.fixture
def db(base: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "archive.db"
    shutil.copy(base, copy)
    return copy


def raw(db: Path, *statements: str, args: tuple[object, ...] = ()) -> None:
    """Run SQL below the triggers: the locks on finals and on the seal list dropped first."""
    con = sqlite3.connect(db)
    register_functions(con)  # the search index's triggers call it
    for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' "
        "AND (name LIKE '%final_no%' OR name LIKE 'archive_seals_%')"
    ).fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    for sql in statements:
        con.execute(sql, args if "?" in sql else ())
    con.commit()
    con.close()


def final_of(db: Path, vendor: str, newest: bool = True) -> str:
    con = sqlite3.connect(db)
    order = "DESC" if newest else "ASC"
    (aid,) = con.execute(
        "SELECT a.id FROM assessments a JOIN vendors v ON v.id = a.vendor_id "
        f"WHERE v.name = ? AND a.status = 'final' ORDER BY a.finalized_at {order}, a.rowid {order}",
        [vendor],
    ).fetchone()
    con.close()
    return str(aid)


def problems(db: Path, *extra: str) -> tuple[int, list[tuple[str, str]], dict[str, object]]:
    r = run(db, "verify", "--format", "json", *extra)
    out = json.loads(r.stdout)
    return r.returncode, [(p["assessment_id"], p["problem"]) for p in out["problems"]], out


def test_intact_archive_verifies_and_prints_its_head(db: Path) -> None:
    code, found, out = problems(db)
    assert code == 0 and found == [] and out["ok"] is True and out["finals"] == 5
    assert set(out) == {"ok", "head", "finals", "problems"} and len(str(out["head"])) == 64
    table = run(db, "verify")
    assert table.returncode == 0 and f"archive head {out['head']}" in table.stdout
    assert run(db, "verify", "--head", str(out["head"])).returncode == 0
    bad = run(db, "verify", "--head", "nonsense")
    assert bad.returncode == 2 and "--head: not a head hash" in bad.stderr


# (what the attacker does, given the final's id) -> the problem verify must name for it
EDITS = {
    "red_flag_count set to 0": (
        ["UPDATE assessments SET red_flag_count = 0 WHERE id = ?"],
        "hash",
    ),
    "red_flags rows deleted": (["DELETE FROM red_flags WHERE assessment_id = ?"], "hash"),
    "completeness changed": (["UPDATE assessments SET completeness = 1.0 WHERE id = ?"], "hash"),
    "an answer's source changed": (
        ["UPDATE answers SET source = 'suggested' WHERE assessment_id = ?"],
        "hash",
    ),
    "credit code changed": (
        [
            "UPDATE vendors SET credit_code = '91330106MA2B3C4D5D' "
            "WHERE id = (SELECT vendor_id FROM assessments WHERE id = ?)"
        ],
        "hash",
    ),
    "final turned back into a draft": (
        ["UPDATE assessments SET status = 'draft' WHERE id = ?"],
        "downgraded",
    ),
    "only final deleted": (
        [
            "DELETE FROM answers WHERE assessment_id = ?",
            "DELETE FROM red_flags WHERE assessment_id = ?",
            "DELETE FROM assessments WHERE id = ?",
        ],
        "missing",
    ),
}


@pytest.mark.parametrize("case", list(EDITS))
def test_each_tampering_of_a_final_is_named_by_verify(db: Path, case: str) -> None:
    statements, expected = EDITS[case]
    aid = final_of(db, SUDA)
    raw(db, *statements, args=(aid,))
    code, found, _ = problems(db)
    assert code == 1, case
    assert (aid, expected) in found, (case, found)
    table = run(db, "verify")
    assert table.returncode == 1 and aid in table.stdout


def test_deleted_newest_final_is_caught_against_an_earlier_head(db: Path) -> None:
    _, _, before = problems(db)
    head = str(before["head"])
    newest = final_of(db, YUNFAN)
    raw(
        db,
        "DELETE FROM answers WHERE assessment_id = ?",
        "DELETE FROM red_flags WHERE assessment_id = ?",
        "DELETE FROM assessments WHERE id = ?",
        args=(newest,),
    )
    code, found, _ = problems(db)
    assert code == 1 and (newest, "missing") in found  # the seal list still names it
    raw(db, "DELETE FROM archive_seals WHERE assessment_id = ?", args=(newest,))
    # every trace gone: the file is self-consistent again, but not with the printed head
    code, found, after = problems(db)
    assert code == 0 and after["head"] != head
    code, found, _ = problems(db, "--head", head)
    assert code == 1 and found == [("", "head")]
    r = run(db, "verify", "--head", head)
    assert "no longer holds everything up to the given head" in r.stdout


def test_downgrade_with_every_trace_removed_is_caught_against_an_earlier_head(db: Path) -> None:
    head = str(problems(db)[2]["head"])
    aid = final_of(db, SUDA)
    raw(
        db,
        "UPDATE assessments SET status = 'draft', hash = NULL WHERE id = ?",
        "DELETE FROM archive_seals WHERE assessment_id = ?",
        args=(aid,),
    )
    code, found, _ = problems(db, "--head", head)
    assert code == 1 and ("", "head") in found


def test_a_forged_fork_within_one_archive_is_named(db: Path) -> None:
    """A second final sealed here after the same parent, correctly hashed: still a fork."""
    from vendorcheck.core import archive as core
    from vendorcheck.services.archive import canonical_v2_of
    from vendorcheck.store import Store
    from vendorcheck.store import archive as sql

    newest, older = final_of(db, YUNFAN), final_of(db, YUNFAN, newest=False)
    store = Store.open(db)
    twin = dict(store.assessment(newest))
    vendor = store.vendor(twin["vendor_id"])
    twin.update(id="f0f0f0f0-0000-4000-8000-000000000000", finalized_by="forger")
    assert twin["prev_hash"] == store.assessment(older)["hash"]
    store.close()
    raw(db, "SELECT 1")  # drop the triggers
    store = Store.open(db)
    twin["hash"] = None
    with store.atomic():
        store.db["assessments"].insert(twin)
        store.conn.execute(
            "INSERT INTO answers SELECT ?, question_id, value, note, evidence, source, "
            "answered_at FROM answers WHERE assessment_id = ?",
            [twin["id"], newest],
        )
        twin["hash"] = core.digest(canonical_v2_of(store, twin, vendor, []))
        store.conn.execute(
            "UPDATE assessments SET hash = ? WHERE id = ?", [twin["hash"], twin["id"]]
        )
        sql.record_seals(store, [(twin["id"], twin["vendor_id"], twin["hash"])])
    store.close()
    code, found, _ = problems(db)
    assert code == 1 and (twin["id"], "fork") in found
    assert [p for p in found if p[0] == twin["id"]] == [(twin["id"], "fork")]  # hash and link hold


# --- bundles edited by hand ---------------------------------------------------------------------


def _bundle(db: Path, tmp_path: Path) -> dict[str, object]:
    out = tmp_path / "suda.json"
    assert run(db, "export", SUDA, "--bundle", str(out)).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (
        data["head"] and data["archive_head"] and len(data["red_flags"]) == 4
    )  # v2: the liability waiver is a deal-breaker too
    return data


def _refused(tmp_path: Path, data: dict[str, object], message: str) -> None:
    target = tmp_path / "central.db"
    assert run(target, "vendor", "list").returncode == 0
    before = target.read_bytes()
    f = tmp_path / "edited.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = run(target, "import", str(f))
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert message in r.stderr, r.stderr
    assert target.read_bytes() == before
    listing = json.loads(run(target, "vendor", "list", "--format", "json").stdout)
    assert listing == []


def test_bundle_with_red_flag_count_0_is_refused(db: Path, tmp_path: Path) -> None:
    data = _bundle(db, tmp_path)
    data["assessments"][0]["red_flag_count"] = 0  # type: ignore[index]
    _refused(tmp_path, data, "hash: its content does not match its SHA-256")


def test_bundle_without_its_red_flag_rows_is_refused(db: Path, tmp_path: Path) -> None:
    data = _bundle(db, tmp_path)
    data["red_flags"] = []
    _refused(tmp_path, data, "hash: its content does not match its SHA-256")


def test_bundle_with_a_final_marked_draft_is_refused(db: Path, tmp_path: Path) -> None:
    data = _bundle(db, tmp_path)
    data["assessments"][0]["status"] = "draft"  # type: ignore[index]
    _refused(tmp_path, data, "status: draft, yet it carries a final's hash")
    data["assessments"][0]["hash"] = None  # type: ignore[index]
    _refused(tmp_path, data, "head: does not match the final assessments in the file")


def test_untouched_bundle_imports_and_verifies(db: Path, tmp_path: Path) -> None:
    data = _bundle(db, tmp_path)
    f = tmp_path / "ok.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "central.db"
    r = run(target, "import", str(f))
    assert r.returncode == 0, r.stderr
    code, found, out = problems(target)
    assert found == []
    assert code == 0 and out["finals"] == 1
    listing = json.loads(run(target, "vendor", "list", "--format", "json").stdout)
    assert [(v["name"], v["red_flag_count"]) for v in listing] == [(SUDA, 4)]


def test_reports_carry_the_archive_head(db: Path, tmp_path: Path) -> None:
    head = str(problems(db)[2]["head"])
    out = tmp_path / "r.json"
    assert run(db, "report", SUDA, "-o", str(out)).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["report"]["archive_head"] == head
    md = tmp_path / "r.md"
    assert run(db, "report", SUDA, "-o", str(md)).returncode == 0
    assert head in md.read_text(encoding="utf-8")


def test_verify_reports_progress_and_the_cli_shows_it_on_a_terminal(db: Path) -> None:
    import pty

    from vendorcheck.services.verify import verify_archive
    from vendorcheck.store import Store

    seen: list[tuple[int, int]] = []
    store = Store.open(db)
    verify_archive(store, progress=lambda done, total: seen.append((done, total)))
    store.close()
    assert seen[-1] == (5, 5)
    # the real CLI with stderr on a terminal: the count of finals checked is shown there
    main, child = pty.openpty()
    env = {**os.environ, "VENDORCHECK_LANG": "en"}
    r = subprocess.run(
        [sys.executable, "-m", "vendorcheck", "--db", str(db), "verify"],
        stdout=subprocess.PIPE,
        stderr=child,
        env=env,
        timeout=120,
        check=False,
    )
    os.close(child)
    shown = os.read(main, 4096).decode()
    os.close(main)
    assert r.returncode == 0 and "verifying finals 5/5" in shown
