"""Export screen, driven with Pilot on a real database: real reports written and read back."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pypdf
import pytest
from test_tui_compare import STRONG, WEAK, mark
from textual.widgets import Button, Input
from tui_shell import _isolated, drive, footer_texts, go_to, load_demo

from vendorcheck.paths import reports_dir
from vendorcheck.services import reporting
from vendorcheck.store import Store
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.commands import palette_entries
from vendorcheck.tui.screens.compare import CompareScreen
from vendorcheck.tui.screens.export import ExportScreen
from vendorcheck.tui.screens.home import HomeScreen

__all__ = ["_isolated"]

DAY = "2025-11-23"  # SOURCE_DATE_EPOCH pinned by tui_shell


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app is started in the test's folder, so default report paths land there."""
    monkeypatch.chdir(tmp_path)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def notices(app: VendorcheckApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def shown(app: VendorcheckApp, selector: str) -> str:
    return str(app.screen.query_one(selector).content)


async def open_export(app: VendorcheckApp, pilot: Any, name: str) -> None:
    """Home: highlight `name`, then e opens its export screen."""
    await go_to(app, pilot, name)
    await pilot.press("e")
    await pilot.pause()


class Gate:
    """Holds the real `write_report` until the test lets it go, and notes which thread ran it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.open = threading.Event()
        self.entered = threading.Event()
        self.thread: threading.Thread | None = None
        real = reporting.write_report

        def gated(data: Any, out: Path, notify: Any = None) -> Path:
            self.thread = threading.current_thread()
            self.entered.set()
            self.open.wait(timeout=60)
            return real(data, out, notify)

        monkeypatch.setattr(reporting, "write_report", gated)


def test_export_a_vendor_to_pdf_from_home_while_the_ui_keeps_working(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(db_path)
    gate = Gate(monkeypatch)
    out = tmp_path / f"{STRONG}-assessment-{DAY}.pdf"

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await open_export(app, pilot, STRONG)
        assert isinstance(app.screen, ExportScreen)
        assert STRONG in shown(app, "#export-title")
        # The default: a PDF in the current folder, named for the vendor and the day.
        assert app.screen.query_one("#path", Input).value == str(out)
        assert {"Export", "Back"} <= set(footer_texts(app))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.query_one("#export-busy").display
        assert app.screen.query_one("#save", Button).disabled
        assert shown(app, "#export-status") == "Making the PDF…"
        # While the report is being made, a key is handled: the language switches at once.
        assert gate.entered.wait(timeout=30)
        await pilot.press("f2")
        await pilot.pause()
        assert app.lang == "zh"
        assert shown(app, "#export-title").startswith("导出评估报告")
        assert "正在生成" in shown(app, "#export-status")
        assert not gate.open.is_set() and not out.exists()
        gate.open.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.screen.query_one("#export-busy").display
        assert shown(app, "#export-status") == f"✓ 已写入 {out.name}"
        assert f"已写入 {out}" in notices(app)  # the notice speaks the language now in use
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    drive(db_path, body)
    assert gate.thread is not None and gate.thread is not threading.main_thread()
    text = pdf_text(out)
    assert STRONG in text
    assert "98.1" in text and "recommended" in text.lower()  # English: chosen when it started
    assert not list(tmp_path.glob(".*.tmp"))


def test_export_a_comparison_to_html_from_the_compare_screen(db_path: Path, tmp_path: Path) -> None:
    load_demo(db_path)
    out = tmp_path / f"vendor-comparison-{DAY}.html"

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await mark(app, pilot, WEAK, STRONG)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.vendor_names == [WEAK, STRONG]
        assert "comparison report of 2 vendors" in shown(app, "#export-title")
        # Keyboard only: the format radio set has focus; → then enter picks HTML.
        await pilot.press("right", "enter")
        await pilot.pause()
        assert screen.query_one("#path", Input).value == str(out)
        screen.query_one("#client", Input).value = "某某旗舰店"
        example = reports_dir() / "branding.example.toml"
        screen.query_one("#brand", Input).value = str(example)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"Wrote {out}" in notices(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)

    drive(db_path, body)
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert WEAK in html and STRONG in html and "某某旗舰店" in html
    assert "明鉴电商顾问" in html  # the organisation from the branding file


def test_a_typed_extension_picks_the_format_and_markdown_is_written(
    db_path: Path, tmp_path: Path
) -> None:
    load_demo(db_path)
    out = tmp_path / "sub" / "云帆.md"
    out.parent.mkdir()

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await open_export(app, pilot, STRONG)
        screen = app.screen
        path = screen.query_one("#path", Input)
        # Until a path is typed, the default follows the report language.
        await pilot.press("tab", "enter")  # the cursor starts on the first choice, 中文
        await pilot.pause()
        assert path.value == str(tmp_path / f"{STRONG}-评估报告-{DAY}.pdf")
        path.value = "sub/nowhere/x.md"
        await pilot.pause()
        assert "No such folder" in shown(app, "#path-note")
        path.value = "sub/云帆.md"
        await pilot.pause()
        assert screen.query_one("#fmt-md").value  # the radio follows the typed extension
        assert shown(app, "#path-note") == ""
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()

    drive(db_path, body)
    text = out.read_text(encoding="utf-8")
    assert STRONG in text and "推荐" in text  # the report in the language picked: Chinese


def test_a_bad_branding_file_is_a_one_line_notice_and_writes_nothing(
    db_path: Path, tmp_path: Path
) -> None:
    load_demo(db_path)
    brand = tmp_path / "brand.toml"
    brand.write_text('organisation = "明鉴"\naccent = "blueish"\n', encoding="utf-8")

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await open_export(app, pilot, STRONG)
        screen = app.screen
        screen.query_one("#path", Input).value = "report.txt"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("无法从扩展名 .txt 判断格式" in m for m in notices(app))
        assert not screen.busy
        app.clear_notifications()
        screen.query_one("#path", Input).value = "report.pdf"
        screen.query_one("#brand", Input).value = "nope.toml"
        await pilot.pause()
        assert shown(app, "#brand-note") == "找不到该文件"
        screen.query_one("#brand", Input).value = "brand.toml"
        await pilot.pause()
        assert shown(app, "#brand-note") == ""
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1
        message = str(errors[0].message)
        assert "\n" not in message and "brand.toml: accent" in message and "颜色" in message
        assert isinstance(app.screen, ExportScreen) and not screen.busy

    drive(db_path, body, lang="zh")
    written = [p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".tmp")]
    assert written == []


def test_export_keys_are_in_the_palette_in_both_languages(db_path: Path) -> None:
    load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await open_export(app, pilot, STRONG)
        titles = {title for title, *_ in palette_entries(app, app.screen)}
        assert {"导出", "返回"} <= titles
        await pilot.press("f2")
        await pilot.pause()
        titles = {title for title, *_ in palette_entries(app, app.screen)}
        assert {"Export", "Back"} <= titles
        assert str(app.screen.query_one("#save", Button).label) == "Export (ctrl+s)"

    drive(db_path, body, lang="zh")


def demo_and_an_unassessed_vendor(db_path: Path) -> None:
    load_demo(db_path)
    store = Store.open(db_path)
    store.add_vendor("新店服务商")
    store.close()


def test_compare_exports_only_the_vendors_it_compares(db_path: Path) -> None:
    demo_and_an_unassessed_vendor(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await mark(app, pilot, WEAK, "新店服务商", STRONG)
        await pilot.press("c")
        await pilot.pause()
        assert "新店服务商" in shown(app, "#hint")  # compare says it left the vendor out
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.vendor_names == [WEAK, STRONG]

    drive(db_path, body)


def test_e_on_home_exports_the_marked_vendors_as_a_comparison(db_path: Path) -> None:
    """Marked vendors (an unassessed one left out) go to the export screen together."""
    demo_and_an_unassessed_vendor(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await mark(app, pilot, WEAK, "新店服务商", STRONG)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert sorted(app.screen.vendor_names) == sorted([WEAK, STRONG])

    drive(db_path, body)


LAZY_CHECK = """
import asyncio, sys
from pathlib import Path
from vendorcheck.services import demo
from vendorcheck.store import Store
from vendorcheck.tui.app import VendorcheckApp

db = Path(sys.argv[1])
store = Store.open(db)
demo.load_demo(store)
store.close()
seen = []

async def main():
    app = VendorcheckApp(db, lang="en", demo=False)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        seen.append("weasyprint" in sys.modules)
        await pilot.press("right", "enter", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen.append("weasyprint" in sys.modules)
        await pilot.press("left", "enter", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen.append("weasyprint" in sys.modules)

asyncio.run(main())
print("LOADED=" + ",".join(str(s) for s in seen))
"""


def test_weasyprint_is_imported_only_when_a_pdf_is_made(db_path: Path, tmp_path: Path) -> None:
    """Opening the screen and writing HTML load no WeasyPrint; the first PDF does (a fresh
    interpreter, since other tests in this process may have imported it already)."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", LAZY_CHECK, str(db_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=180,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "LOADED=False,False,True"
    assert len(list(tmp_path.glob("*.html"))) == 1 and len(list(tmp_path.glob("*.pdf"))) == 1


def test_leaving_the_screen_while_rendering_still_writes_and_tells(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(db_path)
    gate = Gate(monkeypatch)
    out = tmp_path / f"{STRONG}-assessment-{DAY}.json"

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await open_export(app, pilot, STRONG)
        app.screen.query_one("#path", Input).value = str(out)
        await pilot.press("ctrl+s")
        assert gate.entered.wait(timeout=30)
        await pilot.press("escape")  # back home at once, the report still being made
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        gate.open.set()
        for _ in range(600):  # until the thread has finished (bounded; no timing asserted)
            if f"Wrote {out}" in notices(app):
                break
            await pilot.pause(0.05)
        assert f"Wrote {out}" in notices(app)

    drive(db_path, body)
    assert STRONG in out.read_text(encoding="utf-8")
