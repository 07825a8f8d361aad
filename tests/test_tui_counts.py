"""Issue 19 item 7: the assessment's counts agree. The where-line above a question, the section
list and "Complete" count the same questions (those that apply and are scored); a note is shown
as not counted. Pilot on a real database with the shipped checklist."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from test_tui_assessment import new_draft
from tui_shell import _isolated, drive

from vendorcheck.services import catalog
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.screens.assessment import AssessmentScreen

__all__ = ["_isolated"]


def rendered(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector).render())


def test_where_line_and_completeness_count_the_same_questions(db_path: Path) -> None:
    aid = new_draft(db_path, catalog.get("cs-outsourcing"))

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = AssessmentScreen(aid)
        await app.push_screen(screen)
        await pilot.pause()
        screen.go_to("pricing.fee_model")
        await pilot.pause()
        where = rendered(screen, "#where")
        overall = re.search(r"\((\d+)/(\d+) overall\)", where)
        complete = re.search(r"Complete 0% \(0/(\d+)\)", rendered(screen, "#completeness"))
        assert overall and complete, (where, rendered(screen, "#completeness"))
        assert overall[2] == complete[1]  # one total for both
        in_section = re.search(r"· (\d+)/(\d+) \(", where)
        at = screen.section_at["pricing.fee_model"]
        section = str(screen.query_one("#sections").get_option_at_index(at).prompt)  # type: ignore[attr-defined]
        assert in_section and f"0/{in_section[2]}" in section  # "1/7" beside "0/6" no more
        screen.go_to("pricing.notes")  # free text: asked, never counted
        await pilot.pause()
        assert "a note (not scored, not counted)" in rendered(screen, "#where")

    drive(db_path, body)


def test_where_line_counts_in_chinese(db_path: Path) -> None:
    aid = new_draft(db_path, catalog.get("cs-outsourcing"))

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = AssessmentScreen(aid)
        await app.push_screen(screen)
        await pilot.pause()
        where = rendered(screen, "#where")
        total = re.search(r"总第 1/(\d+) 题", where)
        complete = re.search(r"\(0/(\d+)\)", rendered(screen, "#completeness"))
        assert total and complete and total[1] == complete[1], where

    drive(db_path, body, lang="zh")
