"""A bug in the contract scanner is a status line on the assessment screen, not the end of the
app (issue 20: the scan worker lacked exit_on_error=False). The scanner is replaced by one that
raises, as a bug would; everything else is the real app on a real database file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_shell import _isolated, drive

from tests.test_tui_assessment import CONTRACTS, new_draft, stored, text, type_text
from vendorcheck.services import catalog
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.screens.assessment import AssessmentScreen

__all__ = ["_isolated"]  # the autouse fixture: config in the test folder

WORDS = {
    "en": "a bug in vendorcheck, please report it",
    "zh": "vendorcheck 的程序问题，请报告",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_scanner_that_raises_leaves_the_app_running(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from vendorcheck.services import contracts

    aid = new_draft(db_path, catalog.get("cs-outsourcing"))
    contract = CONTRACTS / "zh01_taobao_cs_full.txt"

    def broken_scan(path: Path, **kw: Any) -> Any:
        raise IndexError("list index out of range")

    monkeypatch.setattr(contracts, "scan_file", broken_scan)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await app.push_screen(AssessmentScreen(aid))
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await type_text(pilot, str(contract))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = text(app, "#status")
        assert WORDS[lang] in status
        assert "zh01_taobao_cs_full.txt" in status and "IndexError" in status
        assert app.is_running and isinstance(app.screen, AssessmentScreen)
        await pilot.press("y")  # the merchant carries on answering
        await pilot.pause()

    drive(db_path, body, lang=lang)
    answers = stored(db_path, aid)[1]
    assert len(answers) == 1 and next(iter(answers.values())).source == "merchant"
