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


@pytest.fixture(scope="module")
def db(work: Path) -> Path:
    """The demo vendors, loaded through the real CLI once for this module."""
    path = work / "demo.db"
    ok(cli(path, "demo"))
    return path


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
    for flag in suda["red_flags"]:
        assert squash(flag["reason"]["zh"]) in text
    assert "拒绝" in text
    # The methodology appendix names each checklist's identity.
    for c in zh_json["checklists"]:
        assert c["sha256"] in text and c["id"] in text


def test_zh_comparison_is_drawn_with_an_embedded_cjk_font(zh_pdf: Path) -> None:
    fonts = base_fonts(zh_pdf)
    assert any(re.match(r"/[A-Z]{6}\+.*(CJK|Han|WenQuanYi|Hei)", f) for f in fonts), fonts
    assert not any("DejaVu" in f for f in fonts), f"a glyph fell back to DejaVu: {fonts}"


def test_zh_comparison_has_page_numbers_bookmarks_and_metadata(zh_pdf: Path) -> None:
    reader = pypdf.PdfReader(zh_pdf)
    n = len(reader.pages)
    text = squash(pdf_text(zh_pdf))
    assert f"第2页，共{n}页" in text and f"第{n}页，共{n}页" in text
    titles = outline_titles(reader.outline)
    for chapter in ("执行摘要", "各部分得分", "费用对比", "逐项评估明细", "附录：评估方法"):
        assert chapter in titles
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


def test_cost_comparison_appears_when_quotes_exist(zh_pdf: Path, zh_json: dict) -> None:
    assert zh_json["costs"] and {v["vendor"] for v in zh_json["costs"]["vendors"]} == set(THREE)
    text = squash(pdf_text(zh_pdf))
    assert "费用对比" in text and "月成本" in text and "自招" in text


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


# --- English, HTML, Markdown, JSON ---------------------------------------------------------------


def test_en_assessment_pdf(db: Path, work: Path) -> None:
    out = work / "suda.pdf"
    ok(cli(db, "report", SUDA, "-o", str(out), "--lang", "en"))
    reader = pypdf.PdfReader(out)
    n = len(reader.pages)
    text = squash(pdf_text(out))
    assert squash("Vendor assessment report") in text and squash(SUDA) in text
    assert f"Page2of{n}" in text and "Executivesummary" in text and "reject" in text
    assert str(reader.trailer["/Root"]["/Lang"]) == "en"
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
    for flag in next(v for v in zh_json["vendors"] if v["vendor"] == SUDA)["red_flags"]:
        assert flag["reason"]["zh"] in page


def test_markdown_export(db: Path, work: Path, zh_json: dict) -> None:
    out = work / "report.md"
    ok(cli(db, "report", *THREE, "-o", str(out), "--lang", "zh"))
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# 服务商对比评估报告")
    assert "## 执行摘要" in md and "## 附录：评估方法" in md
    assert "|---|" in md
    for name in (YUNFAN, SUDA, "Bluewave Commerce Services"):
        assert name in md
    for flag in next(v for v in zh_json["vendors"] if v["vendor"] == SUDA)["red_flags"]:
        assert flag["reason"]["zh"].replace("（", "（") in md.replace("\\", "")


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
