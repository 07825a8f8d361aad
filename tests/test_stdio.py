"""`-` for stdin and stdout (issue 20): answers, contracts and imports piped in; reports,
exports, CSV, the rider and evidence piped out; binary output refused on a terminal. All through
the real CLI as a subprocess on a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CLI, FIXTURES

CONTRACT = FIXTURES / "contracts" / "dev" / "zh01_taobao_cs_full.txt"
VENDOR = "杭州云帆客服外包有限公司"


def raw(args: list[str], tmp_path: Path, db: Path, data: bytes = b"", lang: str = "en"):
    """The CLI with bytes in and bytes out (a PDF does not decode as text)."""
    env = {
        **os.environ,
        "VENDORCHECK_LANG": lang,
        "VENDORCHECK_CONFIG": str(tmp_path / "config.toml"),
    }
    return subprocess.run(
        [sys.executable, "-m", "vendorcheck", "--db", str(db), *args],
        input=data,
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_contract_scan_reads_stdin(run_cli: CLI) -> None:
    from_file = json.loads(run_cli("contract", "scan", str(CONTRACT), "--format", "json").stdout)
    r = run_cli("contract", "scan", "-", "--format", "json", input=CONTRACT.read_text())
    assert r.returncode == 0, r.stderr
    piped = json.loads(r.stdout)
    assert piped["file"] == "<stdin>"
    assert piped["clauses"] == from_file["clauses"]


def test_answers_and_contract_from_stdin(demo_db: Path, run_cli: CLI) -> None:
    r = run_cli("vendor", "add", "Piped Ltd")
    r = run_cli(
        "assess",
        "Piped Ltd",
        "--answers",
        "-",
        "--new",
        input='{"answers": {"qual.licence_checked": "yes"}}',
    )
    assert r.returncode == 0, r.stderr
    score = json.loads(run_cli("score", "Piped Ltd", "--format", "json").stdout)
    assert sum(s["answered"] for s in score["sections"]) == 1
    r = run_cli("assess", "Piped Ltd", "--contract", "-", input=CONTRACT.read_text())
    assert r.returncode == 0 and "suggested from the contract" in r.stdout, r.stderr
    r = run_cli("assess", "Piped Ltd", "--answers", "-", input="answers: {basics.nope: yes}\n")
    assert r.returncode == 2 and r.stderr.startswith("vendorcheck: <stdin>: answers.basics.nope")
    r = run_cli("assess", "Piped Ltd", "--answers", "-", "--contract", "-", input="")
    assert r.returncode == 2 and "only one of --answers and --contract" in r.stderr


def test_export_to_stdout_imports_from_stdin(demo_db: Path, run_cli: CLI, tmp_path: Path) -> None:
    r = run_cli("export", "-o", "-")
    assert r.returncode == 0 and "to <stdout>" in r.stderr
    exported = json.loads(r.stdout)
    assert len(exported["vendors"]) == 5
    other = tmp_path / "other.db"
    r = run_cli("import", "-", input=r.stdout, db=other)
    assert r.returncode == 0, r.stderr
    assert VENDOR in run_cli("vendor", "list", db=other).stdout
    csv_out = run_cli("export", "--csv", "-")
    assert csv_out.stdout.startswith("\ufeffvendor,") and VENDOR in csv_out.stdout


def test_reports_to_stdout(demo_db: Path, run_cli: CLI, tmp_path: Path) -> None:
    r = run_cli("report", VENDOR, "-o", "-")
    assert r.returncode == 2 and "--format pdf|html|md|json" in r.stderr and r.stdout == ""
    md = run_cli("report", VENDOR, "-o", "-", "--format", "md")
    assert md.returncode == 0 and md.stdout.startswith("# Vendor assessment report: " + VENDOR)
    assert "Wrote <stdout>" in md.stderr
    pdf = raw(["report", VENDOR, "-o", "-", "--format", "pdf"], tmp_path, demo_db)
    assert pdf.returncode == 0 and pdf.stdout.startswith(b"%PDF-"), pdf.stderr
    (tmp_path / "r.pdf").write_bytes(pdf.stdout)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert VENDOR in text
    assert not list(tmp_path.glob("-*")) and not (tmp_path / "-").exists()


def test_rider_to_stdout_is_the_rider_alone(demo_db: Path, run_cli: CLI) -> None:
    r = run_cli("todo", "速达电商服务工作室", "--rider", "-")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("# 补充协议（草案） / Supplementary Agreement (draft)")
    assert "rider draft written to <stdout>" in r.stderr


def test_binary_output_is_refused_on_a_terminal(demo_db: Path, tmp_path: Path) -> None:
    """A PDF on a terminal would be garbage: one line, exit 2, nothing written."""
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "VENDORCHECK_LANG": "en", "VENDORCHECK_CONFIG": str(tmp_path / "c")}
    try:
        r = subprocess.run(
            [
                *(sys.executable, "-m", "vendorcheck", "--db", str(demo_db), "report", VENDOR),
                *("-o", "-", "--format", "pdf"),
            ],
            stdout=slave,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
        )
    finally:
        os.close(slave)
        os.close(master)
    assert r.returncode == 2
    assert r.stderr.decode().strip() == (
        "vendorcheck: <stdout>: will not write a binary .pdf to the terminal; "
        "redirect it (> FILE, | program) or give a file name"
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stdin_that_is_a_terminal_is_refused(demo_db: Path, tmp_path: Path, lang: str) -> None:
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "VENDORCHECK_LANG": lang, "VENDORCHECK_CONFIG": str(tmp_path / "c")}
    try:
        r = subprocess.run(
            [sys.executable, "-m", "vendorcheck", "--db", str(demo_db), "contract", "scan", "-"],
            stdin=slave,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    finally:
        os.close(slave)
        os.close(master)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert ("pipe the file in" if lang == "en" else "请用管道传入文件") in r.stderr


def test_questionnaire_out_to_stdout_and_back_in_from_stdin(
    run_cli: CLI, db_path: Path, tmp_path: Path
) -> None:
    """The workbook piped out (not a terminal), filled as a vendor would, piped back in."""
    from openpyxl import load_workbook

    vendor = "快客客服"
    assert run_cli("vendor", "add", vendor).returncode == 0
    r = run_cli("questionnaire", "export", vendor, "-o", "-")
    assert r.returncode == 2 and "--format xlsx|html" in r.stderr
    out = raw(["questionnaire", "export", vendor, "-o", "-", "--format", "xlsx"], tmp_path, db_path)
    assert out.returncode == 0 and out.stdout.startswith(b"PK\x03\x04"), out.stderr
    assert b"Questionnaire written: <stdout>" in out.stderr
    (tmp_path / "q.xlsx").write_bytes(out.stdout)
    wb = load_workbook(tmp_path / "q.xlsx")
    for ws in wb.worksheets[2:]:
        for row in ws.iter_rows(min_row=2):
            if row[0].value == "qual.invoice":
                row[3].value = "Yes"
    wb.save(tmp_path / "filled.xlsx")
    back = raw(
        ["questionnaire", "import", vendor, "-"], tmp_path, db_path,
        (tmp_path / "filled.xlsx").read_bytes(),
    )  # fmt: skip
    assert back.returncode == 0, back.stderr
    assert b"Imported 1 vendor-declared answers" in back.stdout
    html = run_cli("questionnaire", "export", vendor, "-o", "-", "--format", "html")
    assert html.returncode == 0 and html.stdout.lstrip().lower().startswith("<!doctype html")
