"""Snapshots of the section picker and the `?` key list over the assessment (issue 19 item 5),
in Chinese and English, at 80 and 120 columns; the data and settings of test_tui_snapshots."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_tui_snapshots import EPOCH, THEME, fixture_db

__all__ = ["EPOCH", "fixture_db"]
SIZES = [(80, 24), (120, 40)]


def _snap(
    snap_compare: Any, db: dict[str, Any], lang: str, size: tuple[int, int], key: str
) -> bool:
    from vendorcheck.tui.app import VendorcheckApp
    from vendorcheck.tui.screens.assessment import AssessmentScreen

    app = VendorcheckApp(db["path"], lang=lang, demo=False)  # type: ignore[arg-type]
    aid = db["assessments"]["速达电商服务工作室"]

    async def run_before(pilot: Any) -> None:
        pilot.app.theme = THEME
        await pilot.app.push_screen(AssessmentScreen(aid))
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()

    return bool(snap_compare(app, terminal_size=size, run_before=run_before))


@pytest.mark.parametrize("size", SIZES, ids=["80", "120"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_section_picker(
    snap_compare: Any, fixture_db: dict[str, Any], lang: str, size: Any
) -> None:
    assert _snap(snap_compare, fixture_db, lang, size, "s")


@pytest.mark.parametrize("size", SIZES, ids=["80", "120"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_key_list(snap_compare: Any, fixture_db: dict[str, Any], lang: str, size: Any) -> None:
    assert _snap(snap_compare, fixture_db, lang, size, "question_mark")
