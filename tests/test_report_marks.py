"""Issue 19, item 4: a report never contradicts itself.

A draft is marked on every PDF page and beside the vendor in the summary table; a report of
final assessments closes with a sign-off block naming the branding file's organisation (a
draft has none); the summary only points to reasons "below" when some are listed there, and
no reason sentence contradicts the badge. Real CLI on the demo data, PDFs read with pdftotext.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_report import BLUEWAVE, BRAND, EPOCH, SUDA, THREE, YUNFAN, cli, demo_db_in, ok
from vendorcheck.render import render_markdown
from vendorcheck.services.reporting import build_report, load_brand
from vendorcheck.store import Store

ORG = "明鉴电商顾问"  # reports/branding.example.toml
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("marks")


@pytest.fixture(scope="module")
def db(work: Path) -> Path:
    return demo_db_in(work)


def report(db: Path, out: Path, *vendors: str, lang: str) -> Path:
    args = ("-o", str(out), "--lang", lang, "--brand", str(BRAND))
    ok(cli(db, "report", *vendors, *args, env={"SOURCE_DATE_EPOCH": EPOCH}))
    return out


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [p for p in text.split("\f") if p.strip()]


def summary_row(page: str, name: str) -> str:
    """The vendor's row in the summary table: its line and the next (a tag may wrap)."""
    lines = page.splitlines()
    i = next(i for i, line in enumerate(lines) if line.strip().startswith(name))
    return "\n".join(lines[i : i + 2])


@pytest.mark.parametrize(("lang", "word"), [("zh", "草稿"), ("en", "DRAFT")])
def test_a_comparison_with_a_draft_says_so_on_every_page(
    db: Path, work: Path, lang: str, word: str
) -> None:
    """Bluewave's assessment is a draft in the demo: each page carries the mark, the summary
    row says draft beside its verdict, the finals' rows do not, and there is no sign-off."""
    got = pages(report(db, work / f"draft-{lang}.pdf", *THREE, lang=lang))
    assert len(got) > 5
    for n, page in enumerate(got, 1):
        assert word in page, f"page {n} has no draft mark"
    summary = next(p for p in got if ("执行摘要" if lang == "zh" else "Executive summary") in p)
    assert re.search(r"(草稿|draft)", summary_row(summary, BLUEWAVE))
    assert not re.search(r"(草稿|draft)", summary_row(summary, YUNFAN))
    text = "\n".join(got)
    for label in ("编制人", "审核人", "Reviewed by", "Signature"):
        assert label not in text
    assert ("草稿报告不设签发栏" if lang == "zh" else "A draft report has no sign-off block") in (
        " ".join(text.split())
    )


@pytest.mark.parametrize(
    ("lang", "title", "first_words", "word"),
    [
        ("zh", "签发", ["机构", "编制人", "审核人", "签字", "日期"], "草稿"),
        ("en", "Sign-off", ["Organisation", "Prepared", "Reviewed", "Signature", "Date"], "DRAFT"),
    ],
)
def test_a_final_report_closes_with_the_sign_off_block(
    db: Path, work: Path, lang: str, title: str, first_words: list[str], word: str
) -> None:
    """Only finals: no draft mark anywhere; the last page ends with the organisation from the
    branding file and the four lines to sign, the preparer being the file's consultant."""
    got = pages(report(db, work / f"final-{lang}.pdf", YUNFAN, SUDA, lang=lang))
    assert not any(word in p for p in got)
    lines = [line.split() for line in got[-1].splitlines() if line.strip()]
    start = max(i for i, w in enumerate(lines) if w == [title])
    block = lines[start + 1 : start + 6]
    assert [w[0] for w in block] == first_words
    assert block[0][-1] == ORG and block[1][-1] == "李明"
    assert block[2][-1] in ("审核人", "by")  # blank: written by hand on the printed copy


def test_markdown_html_and_json_carry_the_same_marks(db: Path, work: Path) -> None:
    md = report(db, work / "draft.md", *THREE, lang="en").read_text(encoding="utf-8")
    row = next(line for line in md.splitlines() if line.startswith(f"| {BLUEWAVE} |"))
    assert row.endswith("| **draft** |")
    assert "**DRAFT · 1 assessment(s) not final**" in md
    assert "## Sign-off" not in md
    html = report(db, work / "draft.html", *THREE, lang="zh").read_text(encoding="utf-8")
    assert 'class="draft-watermark"' in html and "草稿 · 含 1 份未定稿评估" in html
    final_md = report(db, work / "final.md", YUNFAN, lang="zh").read_text(encoding="utf-8")
    assert final_md.rstrip().endswith("| 日期 |  |")
    assert f"| 机构 | {ORG} |" in final_md and "| 编制人 | 李明 |" in final_md
    data = json.loads(report(db, work / "draft.json", *THREE, lang="en").read_text("utf-8"))
    head = data["report"]
    assert head["draft"] is True and head["drafts"] == [BLUEWAVE]
    assert head["sign_off"]["shown"] is False
    final = json.loads(report(db, work / "final.json", YUNFAN, lang="en").read_text("utf-8"))
    sign = final["report"]["sign_off"]
    assert sign["shown"] is True and sign["organisation"] == ORG
    assert [(f["key"], f["label"]["zh"], f["label"]["en"], f["value"]) for f in sign["fields"]] == [
        ("prepared_by", "编制人", "Prepared by", "李明"),
        ("reviewed_by", "审核人", "Reviewed by", ""),
        ("signature", "签字", "Signature", ""),
        ("date", "日期", "Date", ""),
    ]


CAPPED = re.compile(r"capped at caution|最多为“谨慎”|at most caution|最多只能“谨慎”")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sentence_agrees_with_the_badge(db: Path, work: Path, lang: str) -> None:
    """Each demo vendor alone: a reject never reads "capped at caution"; when the summary
    says reasons or red flags are set out below, that vendor has a list below."""
    names = json.loads(ok(cli(db, "vendor", "list", "--format", "json")).stdout)
    for v, verdict in [(n["name"], n["verdict"]) for n in names]:
        md = report(db, work / f"one-{lang}.md", v, lang=lang).read_text(encoding="utf-8")
        summary = md.split("\n## ", 2)[1]
        if verdict == "reject":
            assert not CAPPED.search(summary), v
        if re.search(r"below|见下文", summary.split("|")[0]):
            assert re.search(r"^- ", summary, re.M), f"{v}: points below, lists nothing"


def test_a_reject_without_stated_reasons_gets_one(db: Path) -> None:
    """A final sealed with scoring v1 and rejected on its score alone carries no reasons; the
    summary says "for the reasons set out below", so the report states the score's band."""
    store = Store.open(db)
    try:
        data = build_report(store, [SUDA], "en", brand=load_brand(BRAND))
    finally:
        store.close()
    r = data.results[0]
    r.update(red_flags=[], reasons=[], to_verify=[], scoring_method="v1")
    md = render_markdown(data)
    summary = md.split("\n## ", 2)[1]
    assert "for the reasons set out below" in summary
    assert "Why it is rejected:\n\n- The score is below 55" in summary
    assert not CAPPED.search(summary)
