"""Issue 15 in the terminal app: a question that does not fit the vendor is not shown.

A Taobao-only vendor is never asked JD's ticket and e-mail deadlines; moving on from the question
before them lands on the one after. Pilot on a real database file, through the services.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_shell import _isolated, drive

from vendorcheck.services import assessing, catalog
from vendorcheck.store import Store
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.screens.assessment import AssessmentScreen

__all__ = ["_isolated"]


def draft_for(db_path: Path, platform: str) -> str:
    store = Store.open(db_path)
    try:
        vid = assessing.add_vendor(
            store, f"{platform} vendor", services=["customer_service"], platforms=[platform]
        )
        return assessing.start_assessment(store, vid, catalog.get("cs-outsourcing"))
    finally:
        store.close()


async def open_at(app: VendorcheckApp, pilot: Any, aid: str, qid: str) -> AssessmentScreen:
    await app.push_screen(AssessmentScreen(aid))
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, AssessmentScreen)
    screen.go_to(qid)
    await pilot.pause()
    return screen


def walk(db_path: Path, aid: str, keys: tuple[str, ...]) -> list[str]:
    seen: list[str] = []

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_at(app, pilot, aid, "process.problem_log")
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            seen.append(screen.question.id)

    drive(db_path, body)
    return seen


def test_jd_rules_are_skipped_for_a_taobao_vendor_and_asked_of_a_jd_one(db_path: Path) -> None:
    taobao = walk(db_path, draft_for(db_path, "taobao"), ("right", "left"))
    assert taobao == ["process.bad_review_handling", "process.problem_log"]
    jd = walk(db_path, draft_for(db_path, "jd"), ("right", "right"))
    assert jd == ["process.ticket_deadline", "process.email_deadline"]


def test_a_dependent_question_appears_once_its_answer_fits(db_path: Path) -> None:
    """QA sampling ratio is asked only after "yes, it samples chats"."""
    aid = draft_for(db_path, "taobao")
    seen: list[str] = []

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_at(app, pilot, aid, "process.qa_sampling")
        await pilot.press("n")  # no sampling: the ratio does not apply
        await pilot.pause()
        seen.append(screen.question.id)
        screen.go_to("process.qa_sampling")
        await pilot.pause()
        await pilot.press("y")  # sampling: now its ratio is asked next
        await pilot.pause()
        seen.append(screen.question.id)

    drive(db_path, body)
    assert seen == ["process.pre_service_briefing", "process.qa_sampling_ratio"]
