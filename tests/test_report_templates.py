"""Issue 20: report templates are named partials a user can override from a folder of their own.

`vendorcheck report --templates DIR` (or the `templates` folder beside config.toml) is searched
before the shipped templates; an override is autoescaped as ours is; a broken override is one
line naming its file and line, exit 2, and no report. Real CLI on the demo data; the PDF is read
back with pdftotext.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_report import BRAND, EPOCH, ROOT, YUNFAN, cli, demo_db_in, ok

SIGN_OFF = (
    "{% if sign_off.shown %}\n"
    '<section class="sign-off" id="sign-off">\n'
    "  <h2>Approved for release by {{ sign_off.organisation }}</h2>\n"
    '  <p>{{ "<em>countersigned</em>" }}</p>\n'
    "</section>\n"
    "{% endif %}\n"
)


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("templates")


@pytest.fixture(scope="module")
def db(work: Path) -> Path:
    return demo_db_in(work)


@pytest.fixture(scope="module")
def overrides(work: Path) -> Path:
    folder = work / "mine"
    folder.mkdir()
    (folder / "_sign_off.html.j2").write_text(SIGN_OFF, encoding="utf-8")
    return folder


def report(db: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> Path:
    args = ("-o", str(out), "--lang", "en", "--brand", str(BRAND), *extra)
    ok(cli(db, "report", YUNFAN, *args, env={"SOURCE_DATE_EPOCH": EPOCH, **(env or {})}))
    return out


def test_an_overridden_sign_off_replaces_ours_in_html(
    db: Path, work: Path, overrides: Path
) -> None:
    html = report(db, work / "mine.html", "--templates", str(overrides)).read_text("utf-8")
    assert "Approved for release by 明鉴电商顾问" in html
    # Autoescape stays on for a user's template: its markup-looking text is text.
    assert "&lt;em&gt;countersigned&lt;/em&gt;" in html and "<em>countersigned" not in html
    # Ours is gone, and every other partial is still the shipped one.
    assert 'class="sign-off-table"' not in html
    assert 'id="summary"' in html and 'id="methodology"' in html
    shipped = report(db, work / "shipped.html").read_text("utf-8")
    assert 'class="sign-off-table"' in shipped and "Approved for release" not in shipped


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")
def test_an_overridden_sign_off_is_in_the_pdf(db: Path, work: Path, overrides: Path) -> None:
    pdf = report(db, work / "mine.pdf", "--templates", str(overrides))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Approved for release by 明鉴电商顾问" in text
    assert "<em>countersigned</em>" in text  # printed as the characters, not as emphasis
    assert "Executive summary" in text  # the rest of the report is ours


def test_the_config_folder_templates_are_used_without_the_option(db: Path, work: Path) -> None:
    config = work / "config"
    (config / "templates").mkdir(parents=True)
    (config / "templates" / "_sign_off.md.j2").write_text(
        "\n**Signed off by the partner in charge.**\n", encoding="utf-8"
    )
    env = {"VENDORCHECK_CONFIG": str(config / "config.toml")}
    md = report(db, work / "config.md", env=env).read_text("utf-8")
    assert "**Signed off by the partner in charge.**" in md
    assert "Signed off by the partner" not in report(db, work / "plain.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("source", "line", "needle"),
    [
        ("<p>ok</p>\n{% if sign_off.shown %}\n<p>{{ }}</p>\n", 3, "report template"),
        ("<p>ok</p>\n\n{% include '_our_letterhead.html.j2' %}\n", 3, "_our_letterhead.html.j2"),
        ("<p>{{ signature_of_partner }}</p>\n", 1, "signature_of_partner"),
    ],
    ids=["syntax-error", "missing-include", "unknown-name"],
)
@pytest.mark.parametrize("ext", ["html", "pdf"])
def test_a_broken_override_is_one_line_exit_2_and_no_report(
    db: Path, tmp_path: Path, source: str, line: int, needle: str, ext: str
) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "_sign_off.html.j2").write_text(source, encoding="utf-8")
    out = tmp_path / f"report.{ext}"
    r = cli(db, "report", YUNFAN, "-o", str(out), "--templates", str(folder), "--lang", "en")
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert f"{folder / '_sign_off.html.j2'}:{line}:" in lines[0]
    assert needle in lines[0]
    assert not out.exists()


def test_a_missing_templates_folder_is_refused(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = cli(db, "report", YUNFAN, "-o", str(out), "--templates", str(tmp_path / "nope"))
    assert r.returncode == 2 and "templates folder not found" in r.stderr
    assert not out.exists()
    r = cli(db, "report", YUNFAN, "-o", str(out), "--templates", str(tmp_path / "nope"), lang="zh")
    assert "找不到模板文件夹" in r.stderr


def test_the_readme_lists_every_shipped_partial() -> None:
    """The README's override section names exactly the partials that ship."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Your own report templates", 1)[1].split("\n#", 1)[0]
    shipped = sorted({p.name.split(".")[0] for p in (ROOT / "reports").glob("_*.j2")})
    assert len(shipped) >= 10
    assert [s for s in shipped if f"`{s}`" not in section] == []
    assert "--templates" in section and "config.toml" in section
