"""Reports through the real CLI on the demo data, read back as a client would see them.

PDF renders cost 1-2 s each, so one module-scoped database serves every test and each PDF is
rendered once: a branded Chinese comparison (twice, for byte-identical determinism), an English
assessment of a vendor whose notes try to load local files and a local URL, and exports.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

ROOT = Path(__file__).resolve().parents[1]
BRAND = ROOT / "reports" / "branding.example.toml"
YUNFAN = "杭州云帆客服外包有限公司"
SUDA = "速达电商服务工作室"
BLUEWAVE = "Bluewave Commerce Services"
THREE = (YUNFAN, SUDA, BLUEWAVE)
EPOCH = "1767225600"  # 2026-01-01


def cli(
    db: Path, *args: str, lang: str = "en", env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "VENDORCHECK_LANG": lang, **(env or {})}
    full.pop("VENDORCHECK_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "vendorcheck", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=full,
        cwd=cwd,
        timeout=120,
    )


def ok(r: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert r.returncode == 0, r.stderr
    return r


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("report")


def demo_db_in(work: Path) -> Path:
    """The demo vendors loaded through the real CLI into `work`: one per test module."""
    path = work / "demo.db"
    ok(cli(path, "demo"))
    return path


@pytest.fixture(scope="module")
def db(work: Path) -> Path:
    return demo_db_in(work)


def render_branded_zh(db: Path, out: Path) -> Path:
    """The done-when report: branded Chinese comparison of three demo vendors, pinned date."""
    args = ("-o", str(out), "--lang", "zh", "--client", "某某旗舰店", "--brand", str(BRAND))
    ok(cli(db, "report", *THREE, *args, env={"SOURCE_DATE_EPOCH": EPOCH}))
    return out


@pytest.fixture(scope="module")
def zh_pdf(db: Path, work: Path) -> Path:
    return render_branded_zh(db, work / "对比报告.pdf")


@pytest.fixture(scope="module")
def zh_json(db: Path, work: Path) -> dict:
    out = work / "report.json"
    ok(cli(db, "report", *THREE, "-o", str(out), "--lang", "zh"))
    return json.loads(out.read_text(encoding="utf-8"))


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def base_fonts(path: Path) -> set[str]:
    fonts: set[str] = set()
    for page in pypdf.PdfReader(path).pages:
        res = page.get("/Resources")
        font_dict = res.get_object().get("/Font") if res else None
        for ref in (font_dict or {}).values():
            fonts.add(str(ref.get_object()["/BaseFont"]))
    return fonts


def images(path: Path) -> int:
    """Image XObjects on all pages (WeasyPrint also uses form XObjects; those are not images)."""
    n = 0
    for page in pypdf.PdfReader(path).pages:
        res = page.get("/Resources")
        xobjects = res.get_object().get("/XObject") if res else None
        for ref in (xobjects or {}).values():
            obj = ref.get_object()
            n += obj.get("/Subtype") == "/Image"
            inner = obj.get("/Resources")
            for sub in ((inner.get_object().get("/XObject") if inner else None) or {}).values():
                n += sub.get_object().get("/Subtype") == "/Image"
    return n


def outline_titles(outline: list) -> list[str]:
    titles: list[str] = []
    for item in outline:
        if isinstance(item, list):
            titles += outline_titles(item)
        else:
            titles.append(item.title)
    return titles


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- the Chinese comparison a consultant sends --------------------------------------------------


def test_zh_comparison_names_every_vendor_verdict_and_red_flag(zh_pdf: Path, zh_json: dict) -> None:
    text = squash(pdf_text(zh_pdf))
    for name in THREE:
        assert squash(name) in text
    assert "执行摘要" in text and "附录：评估方法" in text
    assert "某某旗舰店" in text and "明鉴电商顾问" in text
    suda = next(v for v in zh_json["vendors"] if v["vendor"] == SUDA)
    assert suda["verdict"] == "reject" and suda["red_flags"]
    verdicts = {
        "recommended": "推荐",
        "acceptable": "可以接受",
        "caution": "谨慎",
        "reject": "拒绝",
        "incomplete": "待核实",
    }
    summary = text[text.index("执行摘要") : text.index("各部分得分")]
    for v in zh_json["vendors"]:
        # The executive summary names each vendor with its verdict, grade and score...
        assert verdicts[v["verdict"]] in summary and f"{v['score']:.1f}" in summary
        # ...and every red flag and verdict cap in plain words.
        for flag in v["red_flags"]:
            assert squash(flag["reason"]["zh"]) in summary
        # Issue 15: the sentences behind the verdict (red flags aside) and what to verify.
        skip = len(v["red_flags"]) if v["verdict"] == "reject" else 0
        for reason in v["reasons"][skip:]:
            assert squash(reason["zh"]) in summary
        for item in v["to_verify"]:
            assert squash(item["prompt"]["zh"]) in summary
    assert "建议优先考虑“杭州云帆客服外包有限公司”" in summary
    # The section-by-section table carries the answers' notes and evidence.
    notes = [
        (q["note"], q["evidence"])
        for v in zh_json["vendors"]
        for s in v["sections"]
        for q in s["questions"]
        if q["note"] or q["evidence"]
    ]
    assert len(notes) > 20
    for note, evidence in notes:
        assert squash(note) in text and squash(evidence) in text
    # The methodology appendix names each checklist's identity.
    for c in zh_json["checklists"]:
        assert c["sha256"] in text and c["id"] in text


def test_zh_comparison_is_drawn_with_an_embedded_cjk_font(zh_pdf: Path) -> None:
    fonts = base_fonts(zh_pdf)
    assert any(re.match(r"/[A-Z]{6}\+.*(CJK|Han|WenQuanYi|Hei)", f) for f in fonts), fonts
    assert not any("DejaVu" in f for f in fonts), f"a glyph fell back to DejaVu: {fonts}"
    from vendorcheck.render import fonts as prepared

    if prepared.subset_faces(build=False):
        # Every character the report uses is in the prepared subset: had one fallen outside,
        # Pango would have pulled in the 20 MB system collection as a third font.
        assert {f.split("+")[-1] for f in fonts} == {
            "VC-Noto-Sans-CJK-SC",
            "VC-Noto-Sans-CJK-SC-Bold",
        }, fonts


def test_zh_comparison_has_page_numbers_bookmarks_and_metadata(zh_pdf: Path) -> None:
    reader = pypdf.PdfReader(zh_pdf)
    n = len(reader.pages)
    text = squash(pdf_text(zh_pdf))
    assert f"第2页，共{n}页" in text and f"第{n}页，共{n}页" in text
    # The answer tables run over several pages, each page under its column headings.
    pages = [squash(p.extract_text() or "") for p in reader.pages]
    detail = next(i for i, p in enumerate(pages) if p.startswith("逐项评估明细"))
    appendix = next(i for i, p in enumerate(pages) if p.startswith("附录：评估方法"))
    header = "#问题①杭州云帆客服外包有限公司②速达电商服务工作室③BluewaveCommerceServices"
    assert appendix - detail >= 4
    assert all(header in page for page in pages[detail + 1 : appendix])
    assert any(page.startswith(header) for page in pages[detail + 1 : appendix])  # repeated
    titles = outline_titles(reader.outline)
    for chapter in ("执行摘要", "各部分得分", "费用对比", "逐项评估明细", "附录：评估方法"):
        assert chapter in titles
    # Each checklist section is bookmarked by its name alone (no score figures in the panel).
    for section in ("资质", "团队人手", "流程与考核", "客户口碑", "合同风险条款", "价格与条款"):
        assert section in titles
    meta = reader.metadata
    assert meta is not None
    assert meta.title and "服务商对比评估报告" in meta.title
    assert meta.author and "明鉴电商顾问" in meta.author
    assert meta.subject and "某某旗舰店" in meta.subject
    assert str(reader.trailer["/Root"]["/Lang"]) == "zh-CN"
    assert str(meta["/CreationDate"]).startswith("D:20260101")


def test_same_input_and_source_date_epoch_give_identical_bytes(
    db: Path, work: Path, zh_pdf: Path
) -> None:
    again = render_branded_zh(db, work / "again.pdf")
    assert again.read_bytes() == zh_pdf.read_bytes()
    for ext in ("html", "md", "json"):
        first = render_branded_zh(db, work / f"first.{ext}").read_bytes()
        assert render_branded_zh(db, work / f"second.{ext}").read_bytes() == first, ext
        assert b"2026" in first  # the pinned date, not today's


def test_one_process_writes_pdf_after_pdf_the_same(db: Path, work: Path, zh_pdf: Path) -> None:
    """The TUI exports from one long-lived process: each PDF after the first (rendered once the
    previous one's layout is freed) has exactly the bytes the command line writes."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from vendorcheck.services import reporting\n"
        "from vendorcheck.store import Store\n"
        "db, out, brand, *names = sys.argv[1:]\n"
        "data = reporting.build_report(\n"
        "    Store.open(Path(db)), names, 'zh', '某某旗舰店', reporting.load_brand(Path(brand)))\n"
        "for i in (1, 2, 3):\n"
        "    reporting.write_report(data, Path(f'{out}-{i}.pdf'))\n"
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    args = [sys.executable, "-c", script, str(db), str(work / "tui"), str(BRAND), *THREE]
    ok(subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120))
    for i in (1, 2, 3):
        assert (work / f"tui-{i}.pdf").read_bytes() == zh_pdf.read_bytes(), i


def test_cost_comparison_appears_when_quotes_exist(zh_pdf: Path, zh_json: dict) -> None:
    assert zh_json["costs"] and {v["vendor"] for v in zh_json["costs"]["vendors"]} == set(THREE)
    text = squash(pdf_text(zh_pdf))
    assert "费用对比" in text and "月成本" in text and "自招" in text
    costs = text[text.index("按店铺档案测算：月销售额") :]
    # The same figures as `vendorcheck cost`: what each costs against hiring two agents,
    # the in-house breakdown, and the sales level where a commission quote stops paying.
    assert "自招2名客服" in costs and "¥11,333" in costs
    assert "省¥4,333" in costs and "省¥7,933" in costs and "省¥1,333" in costs
    assert "月销售额低于¥416,667时比自招便宜" in costs
    assert "工资¥8,000" in costs
    assert "只承诺1名客服" in costs and "提成比例3.5%高于市场常见的1%-3%" in costs


# --- safety: user text is text, and nothing is fetched -------------------------------------------


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.setblocking(False)
    try:
        yield srv
    finally:
        srv.close()


def connections(srv: socket.socket) -> int:
    n = 0
    while True:
        try:
            conn, _ = srv.accept()
        except BlockingIOError:
            return n
        conn.close()
        n += 1


def test_notes_cannot_load_files_or_urls(
    db: Path, work: Path, listener: socket.socket, tmp_path: Path
) -> None:
    port = listener.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-CONTENT", encoding="utf-8")
    name = 'Evil <b>Vendor</b> "Ltd"'
    ok(cli(db, "vendor", "add", name))
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            {
                "answers": {
                    "qual.licence_checked": {
                        "value": "yes",
                        "note": f'<img src="file:///etc/passwd"><img src="{secret.as_uri()}">'
                        f'<img src="{url}/img.png"> see {url}/page',
                        "evidence": f"<style>@import url({url}/a.css); body {{ background: "
                        f"url({url}/bg.png) }}</style><link rel=stylesheet href={url}/b.css>",
                    },
                    "qual.invoice": "no",
                }
            }
        ),
        encoding="utf-8",
    )
    ok(cli(db, "assess", name, "--answers", str(answers)))
    out = work / "evil.pdf"
    ok(cli(db, "report", name, "-o", str(out), "--lang", "en"))
    text = pdf_text(out)
    assert "root:x:0:0" not in text and "TOPSECRET" not in text
    assert "Evil <b>Vendor</b>" in text  # shown as typed, not as markup
    assert f"{url}/page" in text  # the URL is just text
    assert images(out) == 0  # no brand, so no picture at all
    assert connections(listener) == 0
    html = work / "evil.html"
    ok(cli(db, "report", name, "-o", str(html)))
    page = html.read_text(encoding="utf-8")
    assert '<img src="file:' not in page and f'src="{url}' not in page
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in page
    assert "Evil &lt;b&gt;Vendor&lt;/b&gt;" in page
    md = work / "evil.md"
    ok(cli(db, "report", name, "-o", str(md)))
    text = md.read_text(encoding="utf-8")
    assert "<img" not in text and "&lt;img src=" in text
    assert connections(listener) == 0


def test_the_fetcher_is_a_second_wall(listener: socket.socket, tmp_path: Path) -> None:
    """Even markup that got past escaping loads only the bundled assets and the logo."""
    import weasyprint
    from PIL import Image

    from vendorcheck.paths import reports_dir
    from vendorcheck.render.fetcher import allow_only

    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    logo = tmp_path / "logo.png"
    Image.new("RGB", (8, 8), "red").save(logo)
    secret = tmp_path / "secret.png"
    Image.new("RGB", (8, 8), "blue").save(secret)
    fetcher = allow_only([logo], [reports_dir() / "assets"])
    for bad in (
        "file:///etc/passwd",
        secret.as_uri(),
        f"{url}/x.png",
        f"file://{url[7:]}{logo}",
        f"{reports_dir().as_uri()}/../README.md",
    ):
        assert fetcher.permits(bad) is None, bad
    assert fetcher.permits(logo.as_uri()) == logo.resolve()
    html = (
        f"<style>@import url({url}/a.css); body {{ background: url({url}/bg.png) }}"
        f"p {{ background: url({secret.as_uri()}) }}</style>"
        f'<link rel="stylesheet" href="{url}/b.css"><p>x</p>'
        f'<img src="file:///etc/passwd"><img src="{secret.as_uri()}"><img src="{url}/i.png">'
        f'<img src="{logo.as_uri()}">'
    )
    out = tmp_path / "raw.pdf"
    weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(out)
    assert images(out) == 1  # the logo, nothing else
    assert connections(listener) == 0


# --- English, HTML, Markdown, JSON ---------------------------------------------------------------


@pytest.fixture(scope="module")
def reassessed(work: Path) -> Path:
    """Demo data where 速达 was assessed again later: it fixed its loan clause and invoices."""
    path = work / "history.db"
    ok(cli(path, "demo"))
    current = json.loads(ok(cli(path, "score", SUDA, "--format", "json")).stdout)
    answers = {
        q["id"]: {"value": q["value"], "note": q["note"], "evidence": q["evidence"]}
        for s in current["sections"]
        for q in s["questions"]
        if q["value"] is not None
    }
    answers["contract.no_shop_loans"] = {"value": "yes", "note": "补充协议第 2 条"}
    answers["qual.invoice"] = "yes"
    file = work / "reassessment.json"
    file.write_text(json.dumps({"answers": answers}, ensure_ascii=False), encoding="utf-8")
    later = str(int(time.time()) + 30 * 86400)
    args = ("assess", SUDA, "--checklist", "cs-outsourcing", "--answers", str(file))
    ok(cli(path, *args, "--finalize", env={"SOURCE_DATE_EPOCH": later}))
    return path


def test_en_assessment_pdf_with_history(reassessed: Path, work: Path) -> None:
    out = work / "suda.pdf"
    ok(cli(reassessed, "report", SUDA, "-o", str(out), "--lang", "en"))
    reader = pypdf.PdfReader(out)
    n = len(reader.pages)
    text = squash(pdf_text(out))
    assert squash("Vendor assessment report") in text and squash(SUDA) in text
    assert f"Page2of{n}" in text and "Executivesummary" in text and "reject" in text
    assert str(reader.trailer["/Root"]["/Lang"]) == "en"
    assert "Assessment history" in outline_titles(reader.outline)
    # Issue 8: both finals with score and verdict, and what changed between them.
    history = text[text.index("Assessmenthistory") : text.index("Sectionbysection")]
    # Issue 15: scores of scoring v2 (were 35.6 and 39.7 under v1), and no grade beside a
    # red-flag reject; 41.1 / 42.3 since issue 17's dispute questions (answered safely).
    assert "2finalassessments" in history and "41.1" in history and "42.3" in history
    assert "reject—41.1" in history
    assert "+1.2" in history  # issue 15: the loan ban is a knock-out, worth no points (was +4.1)
    assert squash("Red flags cleared:") in history
    assert squash("Can it issue proper VAT invoices?") + "NoYes" in history
    # Red flags read as sentences in English too (their labels are lower-case mid-sentence).
    assert squash("The contract does not make the vendor compensate") in text
    # The Chinese vendor name needs a CJK font even in an English report.
    assert any("CJK" in f for f in base_fonts(out))


def test_html_export_is_standalone_and_complete(db: Path, work: Path, zh_json: dict) -> None:
    out = work / "report.html"
    ok(cli(db, "report", *THREE, "-o", str(out), "--lang", "zh", "--brand", str(BRAND)))
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "<link" not in page and "<style>" in page
    assert 'src="data:image/svg+xml;base64,' in page  # the logo travels inside the file
    assert not re.search(r'(src|href)="(https?|file):', page)
    for name in THREE:
        assert name in page
    for v in zh_json["vendors"]:
        for flag in v["red_flags"]:
            assert flag["reason"]["zh"] in page
    assert "对比自招/月" in page and "省 ¥4,333" in page
    assert "@font-face" not in page  # fonts are the reader's own; the PDF embeds its subset
    assert "10 月 12 日实地考察，看了排班表和质检记录" in page  # a demo note


def test_markdown_export(db: Path, work: Path, zh_json: dict) -> None:
    out = work / "report.md"
    ok(cli(db, "report", *THREE, "-o", str(out), "--lang", "zh"))
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# 服务商对比评估报告")
    assert "## 执行摘要" in md and "## 附录：评估方法" in md
    assert "|---|" in md
    for name in (YUNFAN, SUDA, "Bluewave Commerce Services"):
        assert name in md
    for v in zh_json["vendors"]:
        for flag in v["red_flags"]:
            assert flag["reason"]["zh"] in md
    assert "| 自招 2 名客服 | 工资 + 开销 + 流失 | ¥11,333 |" in md
    assert "省 ¥4,333" in md and "## 费用对比" in md and "### 完成度" in md
    assert "10 月 12 日实地考察，看了排班表和质检记录" in md  # a demo note
    assert "\\+" not in md and "\\(" not in md  # no needless escapes in plain text


def test_json_export_structure(zh_json: dict) -> None:
    assert zh_json["report"]["kind"] == "comparison" and zh_json["report"]["lang"] == "zh"
    assert [v["vendor"] for v in zh_json["vendors"]] == list(THREE)
    assert zh_json["recommendation"]["vendor"] in THREE
    assert SUDA in zh_json["recommendation"]["rejected"]
    for v in zh_json["vendors"]:
        assert {"score", "grade", "verdict", "sections", "red_flags", "caps"} <= v.keys()
    assert zh_json["sections"] and zh_json["checklists"]
    assert {"id", "version", "sha256", "sections", "scoring"} <= zh_json["checklists"][0].keys()


# --- user mistakes: one line, exit 2, no file ----------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "needle"),
    [
        ('organisation = "X"\nlogo = "missing.png"\n', "logo"),
        ('organisation = "X"\naccent = "blue"\n', "accent"),
        ('organisation = "X"\ncolour = "#123456"\n', "unknown field"),
        ('accent = "#123456"\n', "organisation"),
        ("organisation = \n", "TOML"),
    ],
)
def test_branding_errors(db: Path, tmp_path: Path, toml: str, needle: str) -> None:
    brand = tmp_path / "brand.toml"
    brand.write_text(toml, encoding="utf-8")
    out = tmp_path / "r.pdf"
    r = cli(db, "report", YUNFAN, "-o", str(out), "--brand", str(brand))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vendorcheck: ") and needle in lines[0]
    assert not out.exists()


def test_unknown_extension_and_vendor(db: Path, tmp_path: Path) -> None:
    r = cli(db, "report", YUNFAN, "-o", str(tmp_path / "r.docx"))
    assert r.returncode == 2 and ".pdf" in r.stderr
    r = cli(db, "report", "no such vendor", "-o", str(tmp_path / "r.pdf"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_chinese_without_a_cjk_font_is_refused(db: Path, tmp_path: Path) -> None:
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig tools are not installed")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{tmp_path / 'nofonts'}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    out = tmp_path / "r.pdf"
    env = {"FONTCONFIG_FILE": str(conf)}
    r = cli(db, "report", YUNFAN, "-o", str(out), "--lang", "zh", env=env)
    assert r.returncode == 2 and "fonts-noto-cjk" in r.stderr
    assert not out.exists()
    r = cli(db, "doctor", env=env)
    assert r.returncode == 1 and "fonts-noto-cjk" in r.stdout


def test_doctor_reports_a_ready_machine(db: Path) -> None:
    r = cli(db, "doctor", lang="zh")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "中文字体" in r.stdout and "一切就绪" in r.stdout
    assert "HarfBuzz" in r.stdout
