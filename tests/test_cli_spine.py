"""The spine through the real CLI: every command against a real database file, bad input refused."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CLI, FIXTURES

ENV = {"VENDORCHECK_CHECKLISTS": str(FIXTURES / "checklists")}
ROOT = Path(__file__).resolve().parents[1]


def digest(db: Path) -> str:
    """Content of every user table, so 'nothing written' can be asserted exactly."""
    if not db.exists():
        return "absent"
    con = sqlite3.connect(db)
    h = hashlib.sha256()
    for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ):
        for row in con.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
            h.update(repr(row).encode())
    con.close()
    return h.hexdigest()


@pytest.fixture
def vc(run_cli: CLI):
    def run(*args: str, **kw):
        return run_cli(*args, env={**ENV, **kw.pop("env", {})}, **kw)

    return run


def test_version_and_help(vc) -> None:
    r = vc("--version")
    assert r.returncode == 0 and "vendorcheck, version" in r.stdout
    r = vc("--help")
    for cmd in ("assess", "checklist", "compare", "demo", "export", "import", "score", "vendor"):
        assert cmd in r.stdout


def test_checklist_list_show_validate(vc) -> None:
    r = vc("checklist", "list", "--format", "json")
    ids = [c["id"] for c in json.loads(r.stdout)]
    assert "cs-outsourcing" in ids and "spine-test" in ids
    shown = json.loads(vc("checklist", "show", "spine-test", "--format", "json").stdout)
    assert shown["sha256"] and len(shown["sha256"]) == 64
    q = {q["id"]: q for s in shown["sections"] for q in s["questions"]}
    assert [o["id"] for o in q["basics.licence"]["options"]] == ["yes", "no", "unknown"]
    assert q["contract.no_loans"]["critical"] is True
    assert q["contract.no_loans"]["options"][1] == {
        "id": "no",
        "label": {"zh": "否", "en": "No"},
        "points": 0,
        "critical": True,
    }
    assert q["basics.response"]["bands"][0]["label"] == {"zh": "优秀", "en": "excellent"}
    assert q["basics.response"]["unit"] == {"zh": "秒", "en": "s"}
    zh = vc("checklist", "show", "spine-test", lang="zh")
    assert "有营业执照吗？" in zh.stdout
    ok = vc("checklist", "validate", *map(str, sorted((ROOT / "checklists").glob("*.toml"))))
    assert ok.returncode == 0, ok.stderr


def test_checklist_validate_reports_each_bad_file(vc) -> None:
    r = vc(
        "checklist",
        "validate",
        str(FIXTURES / "bad" / "overlap.toml"),
        str(FIXTURES / "bad" / "not_toml.toml"),
    )
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("overlap.toml:16: sections[0].questions[1]: bands overlap at 50")


def test_checklist_schema_is_json_schema(vc) -> None:
    schema = json.loads(vc("checklist", "schema").stdout)
    assert schema["title"] == "Checklist"
    assert "sections" in schema["properties"]


def test_assess_score_explain_compare_and_export(vc, db_path: Path) -> None:
    assert (
        vc(
            "vendor",
            "add",
            "好帮手客服",
            "--credit-code",
            "91350100M000100Y43",
            "--platform",
            "taobao",
        ).returncode
        == 0
    )
    assert vc("vendor", "add", "Shell Co").returncode == 0
    r = vc(
        "assess",
        "好帮手客服",
        "--checklist",
        "spine-test",
        "--answers",
        str(FIXTURES / "answers-good.yaml"),
    )
    assert r.returncode == 0, r.stderr
    r = vc(
        "assess",
        "Shell Co",
        "--checklist",
        "spine-test",
        "--answers",
        str(FIXTURES / "answers-shell.json"),
        "--finalize",
    )
    assert r.returncode == 0, r.stderr
    assert "red flag: a shell company" in r.stdout

    good = json.loads(vc("score", "好帮手客服", "--format", "json").stdout)
    assert good["vendor"] == "好帮手客服"
    assert good["checklist"]["id"] == "spine-test" and len(good["checklist"]["sha256"]) == 64
    assert good["verdict"] == "recommended" and good["grade"] == "A" and good["red_flags"] == []
    assert good["completeness"] == 1
    assert [s["id"] for s in good["sections"]] == ["basics", "contract"]
    resp = next(q for s in good["sections"] for q in s["questions"] if q["id"] == "basics.response")
    assert resp["note"] == "三次试聊实测" and resp["evidence"] == "screenshot 2026-10"

    shell = json.loads(vc("score", "Shell Co", "--format", "json").stdout)
    assert shell["verdict"] == "reject" and shell["status"] == "final"
    assert shell["red_flags"] == [
        {"question_id": "basics.tier", "reason": {"zh": "空壳公司", "en": "a shell company"}}
    ]

    explain = vc("score", "好帮手客服", "--explain", lang="zh").stdout
    assert "首次响应" in explain and "10/10" in explain and "25 (优秀)" in explain

    cmp = json.loads(vc("compare", "好帮手客服", "Shell Co", "--format", "json").stdout)
    assert [v["vendor"] for v in cmp["vendors"]] == ["好帮手客服", "Shell Co"]
    assert cmp["sections"][0]["best"] == ["好帮手客服"]
    table = vc("compare", "好帮手客服", "Shell Co").stdout
    assert "★" in table and "Red flags" in table

    listing = json.loads(vc("vendor", "list", "--format", "json").stdout)
    assert {v["name"]: v["verdict"] for v in listing} == {
        "好帮手客服": "recommended",
        "Shell Co": "reject",
    }
    csv = vc("vendor", "list", "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("name,score,grade,verdict")

    # Final assessments cannot be changed: a second finalize finds no draft.
    r = vc("finalize", "Shell Co", "--yes")
    assert r.returncode == 2 and "no draft assessment" in r.stderr


def test_export_then_import_elsewhere_and_again(vc, tmp_path: Path, db_path: Path) -> None:
    vc("vendor", "add", "A")
    vc(
        "assess",
        "A",
        "--checklist",
        "spine-test",
        "--answers",
        str(FIXTURES / "answers-good.yaml"),
        "--finalize",
    )
    out = tmp_path / "all.json"
    assert vc("export", "-o", str(out)).returncode == 0
    other = tmp_path / "other.db"
    r = vc("import", str(out), db=other)
    assert r.returncode == 0 and "vendors: +1" in r.stdout and "answers: +6" in r.stdout
    before = digest(other)
    r = vc("import", str(out), db=other)
    assert r.returncode == 0 and "answers: +0" in r.stdout
    assert digest(other) == before
    again = json.loads(vc("score", "A", "--format", "json", db=other).stdout)
    assert again["verdict"] == "recommended" and again["status"] == "final"


BAD_ANSWERS = [
    ("answers-unknown-id.toml", "answers.basics.nope: no question with this id in spine-test 1"),
    ("answers-out-of-range.yaml", "answers.contract.rating: rating 7 is outside 1-5"),
    ("answers-wrong-kind.json", "answers.basics.response: expects a number, got 'fast'"),
    (
        "answers-broken.yaml",
        "answers-broken.yaml:2: not valid YAML: while scanning a quoted scalar",
    ),
]


@pytest.mark.parametrize(("name", "message"), BAD_ANSWERS)
def test_bad_answers_file_one_line_exit_2_nothing_written(
    vc, db_path: Path, name: str, message: str
) -> None:
    vc("vendor", "add", "A")
    before = digest(db_path)
    r = vc("assess", "A", "--checklist", "spine-test", "--answers", str(FIXTURES / name))
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert digest(db_path) == before


def test_bad_import_files_write_nothing(vc, tmp_path: Path, db_path: Path) -> None:
    vc("vendor", "add", "A")
    vc("assess", "A", "--checklist", "spine-test", "--answers", str(FIXTURES / "answers-good.yaml"))
    good = tmp_path / "good.json"
    vc("export", "-o", str(good))
    data = json.loads(good.read_text())
    target = tmp_path / "target.db"
    vc("vendor", "list", db=target)
    before = digest(target)

    tampered = json.loads(json.dumps(data))
    tampered["checklists"][0]["content"]["version"] = "2"
    cases = {
        "tampered.json": (json.dumps(tampered), "content does not match its SHA-256"),
        "missing.json": (
            json.dumps({**data, "answers": [{"assessment_id": "x"}]}),
            "answers.0.question_id: Field required",
        ),
        "orphan.json": (
            json.dumps({**data, "assessments": []}),
            "answers[0]: unknown assessment_id",
        ),
        "truncated.json": (good.read_text()[:200], "not valid JSON"),
        "wrong.json": (
            json.dumps({"format": "other"}),
            "format: Input should be 'vendorcheck-export'",
        ),
    }
    for name, (text, message) in cases.items():
        f = tmp_path / name
        f.write_text(text)
        r = vc("import", str(f), db=target)
        assert r.returncode == 2, name
        assert message in r.stderr, (name, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1
        assert digest(target) == before, name


def test_user_mistakes_exit_2_in_both_languages(vc) -> None:
    r = vc("score", "Nobody")
    assert r.returncode == 2 and r.stderr.strip() == "vendorcheck: no vendor named 'Nobody'"
    r = vc("score", "Nobody", lang="zh")
    assert r.returncode == 2 and "找不到服务商“Nobody”" in r.stderr
    r = vc("vendor", "add", "X", "--credit-code", "911100001000000000")
    assert r.returncode == 2 and "credit_code: credit code check digit does not match" in r.stderr
    vc("vendor", "add", "Dup")
    r = vc("vendor", "add", "Dup")
    assert r.returncode == 2 and "already exists" in r.stderr
    r = vc("assess", "Dup", "--checklist", "nope", "--answers", "x.yaml")
    assert r.returncode == 2 and "no checklist 'nope'" in r.stderr
    r = vc("assess", "Dup", "--checklist", "spine-test", "--answers", "missing.yaml")
    assert r.returncode == 2 and "missing.yaml: file not found" in r.stderr
    r = vc("vendor", "frobnicate")
    assert r.returncode == 2  # click usage error


@pytest.mark.parametrize(
    "args",
    [("vendor", "list"), ("--lang", "en")],  # a command; the app alone (opened without click)
    ids=["command", "app"],
)
def test_database_from_a_newer_version_is_refused(vc, db_path: Path, args: tuple[str, ...]) -> None:
    vc("vendor", "add", "A")
    con = sqlite3.connect(db_path)
    con.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('vendorcheck', 'm999_future', 'x')"
    )
    con.commit()
    con.close()
    before = digest(db_path)
    r = vc(*args)
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith("vendorcheck: ")
    assert "written by a newer vendorcheck" in r.stderr and "m999_future" in r.stderr
    assert digest(db_path) == before


def test_app_options_click_would_refuse_are_refused_by_click(vc) -> None:
    r = vc("--lang", "fr")
    assert r.returncode == 2 and "'fr' is not one of" in r.stderr
    r = vc("tui", "--bogus")
    assert r.returncode == 2 and "No such option '--bogus'" in r.stderr


def test_not_a_database_is_a_clear_error(vc, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("this is not sqlite " * 100)
    r = vc("vendor", "list", db=junk)
    assert r.returncode == 2 and "not a vendorcheck database" in r.stderr


def test_store_pragmas_wal_and_foreign_keys(vc, db_path: Path) -> None:
    vc("vendor", "add", "A")
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"vendors", "checklists", "assessments", "answers", "events"} <= tables
    fks = {r[2] for r in con.execute("PRAGMA foreign_key_list(answers)")}
    assert fks == {"assessments"}


def test_demo_is_idempotent(run_cli: CLI, db_path: Path) -> None:
    r = run_cli("demo")
    assert r.returncode == 0 and "Loaded" in r.stdout
    before = digest(db_path)
    r = run_cli("demo")
    assert r.returncode == 0 and "already there" in r.stdout
    assert digest(db_path) == before
    names = [v["name"] for v in json.loads(run_cli("vendor", "list", "--format", "json").stdout)]
    assert "杭州云帆客服外包有限公司" in names and len(names) >= 3


def test_db_location_from_environment(run_cli: CLI, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    target = tmp_path / "from-env.db"
    env = {**os.environ, "VENDORCHECK_DB": str(target), "VENDORCHECK_LANG": "en"}
    r = subprocess.run(
        [sys.executable, "-m", "vendorcheck", "vendor", "add", "Env Co"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert target.exists()


def test_output_into_a_closed_pipe_exits_quietly(db_path: Path) -> None:
    """`vendorcheck checklist show ... | head -1` must not end with an 'internal error'."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "vendorcheck",
            "--db",
            str(db_path),
            "checklist",
            "show",
            "cs-outsourcing",
            "--format",
            "json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # the reader goes away, as `head` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 141)
    assert "error" not in err.lower() and "Traceback" not in err


def test_tables_print_brackets_as_written(run_cli: CLI, tmp_path: Path) -> None:
    """Square brackets in names and markers are text, not terminal markup to swallow."""
    assert run_cli("vendor", "add", "[bold]方括号[/bold] Ltd").returncode == 0
    assert "[bold]方括号[/bold] Ltd" in run_cli("vendor", "list").stdout
    contract = ROOT / "tests" / "fixtures" / "contracts" / "dev"
    first = sorted(p for p in contract.iterdir() if p.suffix in (".txt", ".md"))[0]
    assert run_cli("assess", "[bold]方括号[/bold] Ltd", "--contract", str(first)).returncode == 0
    explained = run_cli("score", "[bold]方括号[/bold] Ltd", "--explain", lang="en").stdout
    assert "[suggested, unconfirmed]" in explained
