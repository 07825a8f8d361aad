"""The vendor's questionnaire out and back (issue 21): real .xlsx files written by the CLI, filled
with openpyxl as a vendor would, imported through the CLI; the HTML form driven in headless
Chromium when it is installed (its own save button, the Blob it downloads, read back)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import CLI
from vendorcheck.core.answers import Answer
from vendorcheck.core.scoring import score
from vendorcheck.services import catalog

VENDOR = "快客客服"


def _export(run_cli: CLI, tmp_path: Path, name: str = "q.xlsx", *extra: str) -> Path:
    out = tmp_path / name
    r = run_cli("questionnaire", "export", VENDOR, "--lang", "zh", "-o", str(out), *extra)
    assert r.returncode == 0, r.stderr
    return out


def _fill(src: Path, dst: Path, values: dict[str, Any], extra_rows: list[list[Any]] = ()) -> None:
    """Type answers into the `answer` column (and a note) like a vendor in Excel."""
    wb = load_workbook(src)
    for ws in wb.worksheets[2:]:
        for row in ws.iter_rows(min_row=2):
            if row[0].value in values:
                row[3].value = values[row[0].value]
                row[5].value = "详见附件"
                row[6].value = "营业执照扫描件"
    for r in extra_rows:
        wb.worksheets[2].append(r)
    wb.save(dst)


def _score(run_cli: CLI) -> dict[str, Any]:
    r = run_cli("score", VENDOR, "--format", "json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _answers(data: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    return {
        q["id"]: (q["value"], q["source"])
        for s in data["sections"]
        for q in s["questions"]
        if q["value"] is not None
    }


@pytest.fixture
def vendor(run_cli: CLI) -> None:
    r = run_cli("vendor", "add", VENDOR, "--platform", "taobao")
    assert r.returncode == 0, r.stderr


def test_export_has_cover_sections_dropdowns_and_no_merchant_only_questions(
    run_cli: CLI, tmp_path: Path, vendor: None
) -> None:
    wb = load_workbook(_export(run_cli, tmp_path))
    cover = {r[0]: r[1] for r in wb["cover"].iter_rows(values_only=True) if r and r[0]}
    checklist = catalog.get("cs-outsourcing")
    from vendorcheck.core.parsing import checklist_sha256

    assert cover["checklist"] == "cs-outsourcing" and cover["version"] == checklist.version
    assert cover["sha256"] == checklist_sha256(checklist) and cover["vendor"] == VENDOR
    texts = [str(c) for r in wb["cover"].iter_rows(values_only=True) for c in r]
    assert any("下拉列表" in t for t in texts)  # instructions in Chinese...
    assert any("drop-down" in t for t in texts)  # ...and English
    sections = wb.sheetnames[2:]
    assert sections[0] == "资质" and wb["_lists"].sheet_state == "hidden"
    ids = [r[0].value for ws in wb.worksheets[2:] for r in ws.iter_rows(min_row=2)]
    assert [c.value for c in wb["资质"][1]][:4] == ["id", "question", "help", "answer"]
    assert "qual.business_scope" in ids and "process.first_response_seconds" in ids
    # the merchant's own checks, reference calls and contract reading are not sent out
    assert "qual.licence_checked" not in ids and "reviews.references_contacted" not in ids
    assert not any(str(i).startswith("contract.") for i in ids)
    assert len(ids) == sum(not q.merchant_only for q in checklist.questions())
    seat = next(r for r in wb["团队人手"].iter_rows(min_row=2) if r[0].value == "bench.seat_type")
    assert "专属坐席" in seat[4].value  # the allowed answers, in Chinese
    rules = wb["团队人手"].data_validations.dataValidation
    assert any(f"D{seat[0].row}" in str(dv.sqref) and dv.type == "list" for dv in rules)
    response = next(
        r
        for r in wb["流程与考核"].iter_rows(min_row=2)
        if r[0].value == "process.first_response_seconds"
    )
    assert "秒" in response[4].value and "0-3600" in response[4].value  # unit and range


def test_filled_workbook_imports_as_vendor_declared_then_confirmed(
    run_cli: CLI, tmp_path: Path, vendor: None
) -> None:
    filled = tmp_path / "filled.xlsx"
    _fill(
        _export(run_cli, tmp_path),
        filled,
        {
            "bench.seat_type": "专属坐席：客服只接你一家店",  # a Chinese label, not the id
            "process.first_response_seconds": "45 秒",  # a number with its unit
            "process.reply_rate": "96%",
            "qual.invoice": "Yes",  # an English label
            "qual.years_trading": 6,
        },
    )
    r = run_cli("questionnaire", "import", VENDOR, str(filled))
    assert r.returncode == 0, r.stderr
    assert "Imported 5 vendor-declared answers" in r.stdout
    data = _score(run_cli)
    got = _answers(data)
    assert got["bench.seat_type"] == ("dedicated", "vendor")
    assert got["process.first_response_seconds"] == (45, "vendor")
    assert got["process.reply_rate"] == (96, "vendor")
    assert got["qual.invoice"] == ("yes", "vendor")
    assert data["vendor_declared"] == 5 and 0 < data["vendor_weight"] < 1
    q = next(q for s in data["sections"] for q in s["questions"] if q["id"] == "qual.years_trading")
    assert q["note"] == "详见附件" and q["evidence"] == "营业执照扫描件"
    shown = run_cli("score", VENDOR, "--explain")
    assert "[vendor's word, unconfirmed]" in shown.stdout
    assert "5 answers rest on the vendor's word alone" in shown.stdout
    r = run_cli("questionnaire", "confirm", VENDOR, "bench.seat_type")
    assert r.returncode == 0, r.stderr
    assert _answers(_score(run_cli))["bench.seat_type"] == ("dedicated", "merchant")
    # a re-export pre-fills what is known, as labels the vendor can keep or change
    again = load_workbook(_export(run_cli, tmp_path, "again.xlsx", "--prefill"))
    row = next(r for r in again["团队人手"].iter_rows(min_row=2) if r[0].value == "bench.seat_type")
    assert row[3].value == "专属坐席：客服只接你一家店"


def _bad_cases(good: Path, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each kind of bad file, and the text its refusal must name."""
    out: dict[str, tuple[Path, str]] = {}

    def case(name: str, values: dict[str, Any], want: str, rows: list[list[Any]] = ()) -> None:
        p = tmp_path / f"bad-{name}.xlsx"
        _fill(good, p, {"qual.invoice": "是", **values}, rows)
        out[name] = (p, want)

    case(
        "option",
        {"bench.seat_type": "半专属"},
        "团队人手!3 bench.seat_type: '半专属' is not one of",
    )
    case("range", {"process.reply_rate": 120}, "process.reply_rate: 120 is above the maximum 100")
    case("text", {"bench.agents_employed": "很多"}, "bench.agents_employed: expects a number")
    case("unit", {"process.first_response_seconds": "2 分钟"}, "unit '分钟' is not this question")
    case(
        "unknown id",
        {},
        "资质!7 qual.nonsense: unknown question id",
        [["qual.nonsense", "", "", "是"]],
    )
    case(
        "duplicate",
        {},
        "资质!7 qual.invoice: question already answered at 资质!3",
        [["qual.invoice", "", "", "否"]],
    )
    case(
        "merchant only", {}, "only the merchant answers", [["contract.no_shop_loans", "", "", "是"]]
    )
    wb = load_workbook(good)
    wb["cover"]["B6"] = "0" * 64
    wb.save(tmp_path / "bad-hash.xlsx")
    out["hash"] = (tmp_path / "bad-hash.xlsx", "export a new questionnaire")
    wb = load_workbook(good)
    wb["cover"]["B3"] = "00000000-0000-0000-0000-000000000000"
    wb.save(tmp_path / "bad-vendor.xlsx")
    out["vendor"] = (tmp_path / "bad-vendor.xlsx", "made for vendor")
    (tmp_path / "bad-notxlsx.xlsx").write_text("id,answer\nqual.invoice,yes\n")
    out["not xlsx"] = (tmp_path / "bad-notxlsx.xlsx", "not an Excel workbook")
    empty = Workbook()
    empty.save(tmp_path / "bad-nocover.xlsx")
    out["no cover"] = (tmp_path / "bad-nocover.xlsx", "no cover sheet")
    return out


def test_every_kind_of_bad_file_is_refused_and_nothing_is_written(
    run_cli: CLI, tmp_path: Path, db_path: Path, vendor: None
) -> None:
    good = _export(run_cli, tmp_path)
    before = db_path.read_bytes()
    for name, (path, want) in _bad_cases(good, tmp_path).items():
        r = run_cli("questionnaire", "import", VENDOR, str(path))
        assert r.returncode == 2, (name, r.stdout, r.stderr)
        assert want in r.stderr, (name, r.stderr)
        assert "Traceback" not in r.stderr
        assert db_path.read_bytes() == before, name
    # several bad cells: one line each, and the good cells of that file are not imported either
    many = tmp_path / "many.xlsx"
    _fill(good, many, {"qual.invoice": "是", "bench.seat_type": "x", "process.reply_rate": "abc"})
    r = run_cli("questionnaire", "import", VENDOR, str(many))
    assert r.returncode == 2 and "2 problem(s), nothing imported" in r.stderr
    assert len([line for line in r.stderr.splitlines() if "!" in line]) == 2
    assert db_path.read_bytes() == before
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM answers").fetchone()[0] == 0


def test_unconfirmed_vendor_word_on_a_deal_breaker_caps_the_verdict_at_caution() -> None:
    """Scoring v2: the vendor saying so is not verification (our assumption, issue 21)."""
    checklist = catalog.get("cs-outsourcing")
    best: dict[str, Answer] = {}
    for q in checklist.questions():
        if q.kind in ("yes_no", "choice"):
            opt = max(q.answer_options(), key=lambda o: (o.points, not o.critical and not o.cap))
            best[q.id] = Answer(question_id=q.id, value=opt.id)
        elif q.kind == "number":
            band = max(q.bands, key=lambda b: b.points)
            v = band.min if band.min is not None else (band.max or 1) - 1
            best[q.id] = Answer(question_id=q.id, value=v)
        elif q.kind == "rating":
            best[q.id] = Answer(question_id=q.id, value=5)
    merchant = score(checklist, best)
    assert merchant.verdict == "recommended" and merchant.vendor_declared == 0
    critical = next(q.id for q in checklist.questions() if q.can_reject and not q.merchant_only)
    declared = dict(best)
    declared[critical] = best[critical].model_copy(update={"source": "vendor"})
    capped = score(checklist, declared)
    assert capped.verdict == "caution" and capped.score == merchant.score
    assert capped.vendor_declared == 1
    assert any("verify before you sign" in r.en and "签约前请核实" in r.zh for r in capped.reasons)
    harmless = next(q.id for q in checklist.questions() if not q.can_reject and q.scored)
    soft = dict(best)
    soft[harmless] = best[harmless].model_copy(update={"source": "vendor"})
    assert score(checklist, soft).verdict == "recommended"  # counted, not capped


def _drive_form(page: Path, fill_js: str) -> dict[str, Any]:
    """Open the form in headless Chromium, fill it, press its save button and read the Blob
    it downloads (URL.createObjectURL is wrapped to keep the Blob's text)."""
    driven = page.with_name("driven.html")
    hook = (
        "<script>var pre=document.createElement('pre');pre.id='saved';document.body.appendChild(pre);"
        "var orig=URL.createObjectURL;URL.createObjectURL=function(b){b.text().then(function(t)"
        "{pre.textContent=t;});return orig.call(URL,b);};"
        f"{fill_js};document.getElementById('save').click();</script>"
    )
    html = page.read_text(encoding="utf-8").replace("</body>", hook + "</body>")
    driven.write_text(html, encoding="utf-8")
    r = subprocess.run(
        [
            shutil.which("chromium") or "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=3000",
            "--dump-dom",
            driven.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    import html as htmlmod
    import re

    m = re.search(r'<pre id="saved">(.*?)</pre>', r.stdout, re.S)
    assert m and m.group(1), r.stderr[-500:]
    return json.loads(htmlmod.unescape(m.group(1)))


def test_html_form_is_self_contained_and_its_saved_file_imports(
    run_cli: CLI, tmp_path: Path, vendor: None
) -> None:
    page = _export(run_cli, tmp_path, "q.html")
    text = page.read_text(encoding="utf-8")
    assert "d65f6c6d49873c5a" in text and "vendorcheck-questionnaire/1" in text
    assert (
        "<link" not in text and "src=" not in text and "http" not in text.replace("http-equiv", "")
    )  # nothing fetched from anywhere
    assert "保存答案文件" in text and "Save answers file" in text
    assert 'data-id="qual.licence_checked"' not in text  # merchant-only left out
    if shutil.which("chromium") is None:
        pytest.skip("chromium not installed: the form's script is not driven")
    saved = _drive_form(
        page,
        "document.querySelector('[data-id=\"bench.seat_type\"] select').value='shared';"
        "document.querySelector('[data-id=\"process.reply_rate\"] input[name=answer]').value='98';"
        "document.querySelector('[data-id=\"process.reply_rate\"] input[name=note]').value='近三月'",
    )
    assert saved["vendor"] == VENDOR and saved["checklist"] == "cs-outsourcing"
    assert saved["answers"]["process.reply_rate"] == {"value": 98, "note": "近三月", "evidence": ""}
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    r = run_cli("questionnaire", "import", VENDOR, str(answers))
    assert r.returncode == 0, r.stderr
    got = _answers(_score(run_cli))
    assert got["bench.seat_type"] == ("shared", "vendor")
    assert got["process.reply_rate"] == (98, "vendor")


def test_html_form_prints_a_vendor_name_with_markup_as_text(run_cli: CLI, tmp_path: Path) -> None:
    name = "</script><img src=x onerror=alert(1)>&"
    assert run_cli("vendor", "add", name).returncode == 0
    out = tmp_path / "q.html"
    r = run_cli("questionnaire", "export", name, "-o", str(out))
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert "<img" not in page and "&lt;img src=x" in page  # the header, escaped
    assert page.count("</script>") == 2  # the form's two scripts; the name closes none
    assert "\\u003c/script\\u003e" in page  # in the embedded JSON, escaped too


def test_prefilled_reassessment_keeps_the_merchants_answers_the_vendor_left_alone(
    run_cli: CLI, tmp_path: Path, vendor: None
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps({"answers": {"qual.invoice": "yes", "process.reply_rate": 97}}), encoding="utf-8"
    )
    assert run_cli("assess", VENDOR, "--answers", str(answers)).returncode == 0
    sent = _export(run_cli, tmp_path, "pre.xlsx", "--prefill")
    wb = load_workbook(sent)
    prefilled = {
        r[0].value: r[3].value for ws in wb.worksheets[2:] for r in ws.iter_rows(min_row=2)
    }
    assert prefilled["qual.invoice"] == "是" and prefilled["process.reply_rate"] == 97
    back = tmp_path / "back.xlsx"
    _fill(sent, back, {"process.reply_rate": "92%"})  # the vendor updates only what changed
    r = run_cli("questionnaire", "import", VENDOR, str(back))
    assert r.returncode == 0, r.stderr
    assert "1 matched your own answers and stay yours" in r.stdout
    assert "changed 1 of your earlier answers" in r.stdout and "process.reply_rate" in r.stdout
    got = _answers(_score(run_cli))
    assert got["qual.invoice"] == ("yes", "merchant")
    assert got["process.reply_rate"] == (92, "vendor")


def test_answers_file_in_the_documented_format_is_checked_like_the_workbook(
    run_cli: CLI, tmp_path: Path, db_path: Path, vendor: None
) -> None:
    """The form's file built by hand, as services/questionnaire_html.py documents it."""
    page = _export(run_cli, tmp_path, "q.html")
    meta = json.loads(
        page.read_text(encoding="utf-8").split('type="application/json">')[1].split("</script>")[0]
    )
    doc = {
        **meta,
        "answers": {
            "qual.invoice": {"value": "yes", "note": "", "evidence": ""},
            "process.reply_rate": {"value": 120, "note": "", "evidence": ""},
        },
    }
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    before = db_path.read_bytes()
    r = run_cli("questionnaire", "import", VENDOR, str(bad))
    assert (
        r.returncode == 2
        and "answers!2 process.reply_rate: 120 is above the maximum 100" in r.stderr
    )
    assert db_path.read_bytes() == before
    doc["answers"]["process.reply_rate"]["value"] = 99
    good = tmp_path / "good.json"
    good.write_text(json.dumps(doc), encoding="utf-8")
    assert run_cli("questionnaire", "import", VENDOR, str(good)).returncode == 0
    assert _answers(_score(run_cli))["process.reply_rate"] == (99, "vendor")
