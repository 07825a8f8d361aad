"""The questionnaire round trip in the terminal app (issue 21), driven with Pilot on a real
database file: `x` writes the .xlsx, a vendor fills it with openpyxl, `i` reads it back, the
vendor's answers show as such (◇ in the section list, a box on the question), `c` confirms one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from textual.widgets import Input
from tui_shell import _isolated, drive

from tests.test_tui_assessment import new_draft, open_from_home, stored, text
from vendorcheck.services import catalog
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.commands import palette_entries
from vendorcheck.tui.screens.dialogs import TextPrompt

__all__ = ["_isolated"]


async def _answer_prompt(app: VendorcheckApp, pilot: Any, value: str) -> None:
    assert isinstance(app.screen, TextPrompt)
    app.screen.query_one("#prompt", Input).value = value
    await pilot.press("enter")
    await pilot.pause()


def test_export_fill_import_then_confirm_from_the_assessment_screen(
    db_path: Path, tmp_path: Path
) -> None:
    aid = new_draft(db_path, catalog.get("cs-outsourcing"))
    out = tmp_path / "q.xlsx"

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_from_home(app, pilot)
        titles = [e[0] for e in palette_entries(app, screen)]
        assert "Export questionnaire" in titles and "Import questionnaire" in titles
        await pilot.press("x")
        await pilot.pause()
        await _answer_prompt(app, pilot, str(out))
        assert out.exists()
        wb = load_workbook(out)
        for ws in wb.worksheets[2:]:
            for row in ws.iter_rows(min_row=2):
                if row[0].value == "bench.seat_type":
                    row[3].value = "shared: each agent serves several shops"
                    row[6].value = "排班表"
                elif row[0].value == "process.first_response_seconds":
                    row[3].value = "30 s"
        filled = tmp_path / "filled.xlsx"
        wb.save(filled)
        await pilot.press("i")
        await pilot.pause()
        await _answer_prompt(app, pilot, str(filled))
        assert "◇" in str(screen.query_one("#sections").get_option_at_index(1).prompt)
        assert "2 vendor-declared, unverified" in text(app, "#completeness")
        screen.go_to("bench.seat_type")
        await pilot.pause()
        shown = text(app, "#suggestion")
        assert "Declared by the vendor (unverified)" in shown and "排班表" in shown
        await pilot.press("c")
        await pilot.pause()

    drive(db_path, body)
    _, answers = stored(db_path, aid)
    assert (answers["bench.seat_type"].value, answers["bench.seat_type"].source) == (
        "shared",
        "merchant",
    )
    response = answers["process.first_response_seconds"]
    assert (response.value, response.source) == (30, "vendor")
