"""The assessment walk-through, driven with Pilot on a real database file.

A merchant answers every kind of question by keyboard (with a note and evidence), quits, and a
new app on the same file shows every answer and resumes on the same question; the side panel
follows each answer; a final assessment refuses edits; a contract pre-fills suggestions.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tui_shell import _isolated, drive, go_to

from tests.conftest import FIXTURES
from vendorcheck.core.answers import Answer, check_value
from vendorcheck.core.scoring import question_score
from vendorcheck.services import assessing, catalog
from vendorcheck.store import Store
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.commands import palette_entries
from vendorcheck.tui.screens.assessment import AssessmentScreen
from vendorcheck.tui.screens.conflicts import ConflictScreen
from vendorcheck.tui.screens.dialogs import ConfirmScreen, TextPrompt
from vendorcheck.tui.widgets.assessment import band_of, band_range, bands_text

__all__ = ["_isolated"]

FIX_CHECKLIST = FIXTURES / "tui" / "checklist.toml"
CONTRACTS = FIXTURES / "contracts" / "dev"
VENDOR = "宁波海蓝客服外包有限公司"


def new_draft(db_path: Path, checklist: Any = None, name: str = VENDOR) -> str:
    """A vendor and an empty draft, through the services (as the CLI would make them)."""
    store = Store.open(db_path)
    try:
        vid = assessing.add_vendor(store, name, services=["customer_service"])
        return assessing.start_assessment(store, vid, checklist or catalog.load_file(FIX_CHECKLIST))
    finally:
        store.close()


def stored(db_path: Path, aid: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(assessment row, question id -> answer) read back by a fresh connection."""
    store = Store.open(db_path)
    try:
        return dict(store.assessment(aid)), store.answers(aid)
    finally:
        store.close()


def text(app: VendorcheckApp, selector: str) -> str:
    return str(app.screen.query_one(selector).content)


async def open_from_home(app: VendorcheckApp, pilot: Any, name: str = VENDOR) -> AssessmentScreen:
    """Home → the vendor's row → enter resumes its draft."""
    await go_to(app, pilot, name)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, AssessmentScreen)
    return app.screen


async def type_text(pilot: Any, value: str) -> None:
    await pilot.press(*value)


def test_every_kind_answered_then_restored_after_quitting(db_path: Path) -> None:
    aid = new_draft(db_path)

    async def answer_all(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_from_home(app, pilot)
        assert screen.question.id == "qual.licence"  # a new draft starts at the first question
        # note and evidence first (tab from the answer list), esc back to the answer, y answers
        await pilot.press("tab")
        await type_text(pilot, "公示系统截图")
        await pilot.press("tab")
        await type_text(pilot, "gsxt.gov.cn")
        await pilot.press("escape", "y")
        await pilot.pause()
        assert screen.question.id == "qual.size"  # an answer moves on to the next question
        await pilot.press("2")  # choice: the second option
        assert screen.question.id == "qual.years"
        await type_text(pilot, "2")
        assert "▶ 1–3 years: one to three years" in text(app, "#bands")  # the band as you type
        await pilot.press("enter")
        assert screen.question.id == "service.first_response"
        await type_text(pilot, "25")
        await pilot.press("enter")
        await pilot.press("y")  # service.no_loans
        await pilot.press("4")  # rating
        assert screen.question.id == "service.notes"
        await type_text(pilot, "十月去过办公室")
        await pilot.press("enter")  # the last question: saved, stays
        await pilot.press("escape", "left")  # out of the field, back one question
        await pilot.pause()
        assert screen.question.id == "service.references"
        await pilot.press("ctrl+q")

    drive(db_path, answer_all)
    row, answers = stored(db_path, aid)
    assert {q: a.value for q, a in answers.items()} == {
        "qual.licence": "yes",
        "qual.size": "small",
        "qual.years": 2,
        "service.first_response": 25,
        "service.no_loans": "yes",
        "service.references": 4,
        "service.notes": "十月去过办公室",
    }
    assert (answers["qual.licence"].note, answers["qual.licence"].evidence) == (
        "公示系统截图",
        "gsxt.gov.cn",
    )
    assert row["position"] == "service.references"

    async def reopen(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_from_home(app, pilot)
        assert screen.question.id == "service.references"  # resumed where the merchant was
        assert "● 4  ★★★★☆" in [str(o.prompt) for o in screen.query_one("#options").options]
        screen.go_to("qual.licence")
        await pilot.pause()
        assert app.screen.query_one("#note").value == "公示系统截图"
        assert app.screen.query_one("#evidence").value == "gsxt.gov.cn"
        screen.go_to("service.notes")
        await pilot.pause()
        assert app.screen.query_one("#value").value == "十月去过办公室"
        assert "Complete 100% (6/6)" in text(app, "#completeness")

    drive(db_path, reopen)


def test_side_panel_follows_each_answer(db_path: Path) -> None:
    aid = new_draft(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await app.push_screen(AssessmentScreen(aid))
        await pilot.pause()
        assert text(app, "#total") == "Total 0.0 / 100"
        assert "Red flags 0" in text(app, "#flags")
        await pilot.press("y")  # qual.licence: 10 of 30 points in a section of weight 2 of 3
        assert text(app, "#total") == "Total 22.2 / 100"
        assert "1/3" in str(app.screen.query_one("#sections").options[0].prompt)
        await pilot.press("3")  # qual.size: no real team, a red flag
        flags = text(app, "#flags")
        assert "Red flags 1" in flags and "a shell company with no real team" in flags
        assert text(app, "#verdict") == "Verdict reject"
        await pilot.press("pageup", "1")  # back (PgUp works in a number field), changed
        assert "Red flags 0" in text(app, "#flags")  # the flag has gone
        assert text(app, "#total") == "Total 44.4 / 100"
        # Issue 15: 2 of 5 answered is "incomplete", with no grade (was "Grade D" = reject).
        assert text(app, "#grade") == "Grade —"
        assert text(app, "#verdict") == "Verdict incomplete"

    drive(db_path, body)
    _, answers = stored(db_path, aid)
    assert answers["qual.size"].value == "large"


def test_finalize_asks_then_refuses_edits(db_path: Path) -> None:
    aid = new_draft(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_from_home(app, pilot)
        await pilot.press("y", "1")
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "cannot be changed afterwards" in text(app, "#message")
        await pilot.press("n")  # declined: still a draft
        await pilot.pause()
        assert stored(db_path, aid)[0]["status"] == "draft"
        await pilot.press("F")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        assert "Final (read-only)" in text(app, "#state")
        screen.go_to("qual.licence")
        await pilot.pause()
        await pilot.press("n", "u", "delete")
        await pilot.pause()
        assert "final and read-only" in text(app, "#status")
        assert app.screen.query_one("#note").disabled
        assert app.screen.query_one("#options").disabled

    drive(db_path, body)
    row, answers = stored(db_path, aid)
    assert row["status"] == "final"
    assert {q: a.value for q, a in answers.items()} == {"qual.licence": "yes", "qual.size": "large"}


def test_loading_a_contract_prefills_suggestions_to_confirm(db_path: Path) -> None:
    checklist = catalog.get("cs-outsourcing")
    aid = new_draft(db_path, checklist)
    contract = CONTRACTS / "zh02_tmall_agency_vendor_template.txt"  # allows shop loans

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_from_home(app, pilot)
        screen.go_to("contract.data_confidentiality")
        await pilot.pause()
        await pilot.press("n")  # the merchant's own answer is kept over the contract's
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, str(contract))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Issue 19: the contract says it keeps data confidential, the merchant said no: shown.
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")  # decided later: the merchant's answer stands meanwhile
        await pilot.pause()
        assert screen.question.id == "contract.no_shop_loans"  # the first suggestion is shown
        shown = text(app, "#suggestion")
        assert "Suggested from the contract (unconfirmed): No" in shown
        assert "Quote: " in shown and "贷" in shown
        assert "Why: " in shown and "shop_loans_allowed rule" in shown  # the scan explains itself
        # The template is a bad one: 5 deal-breakers at once (issue 15 made its liability waiver
        # one; it was 4).
        flags = text(app, "#flags")
        assert "Red flags 5" in flags and "borrow against the shop" in flags
        await pilot.press("c")  # confirmed: now the merchant's answer, next question shown
        await pilot.pause()
        assert screen.question.id == "contract.vendor_fraud_liability"
        assert app.screen.query_one("#suggestion").display

    drive(db_path, body)
    _, answers = stored(db_path, aid)
    assert answers["contract.no_shop_loans"].value == "no"
    assert answers["contract.no_shop_loans"].source == "merchant"
    assert "贷" in answers["contract.no_shop_loans"].evidence
    assert answers["contract.data_confidentiality"].source == "merchant"
    assert answers["contract.data_confidentiality"].value == "no"
    suggested = {q for q, a in answers.items() if a.source == "suggested"}
    assert suggested and all(q.startswith("contract.") for q in suggested)
    assert answers["contract.penalties_on_merchant"].value == "yes"  # risky clause present


def test_a_contract_that_cannot_be_read_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    aid = new_draft(db_path, catalog.get("cs-outsourcing"))

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await app.push_screen(AssessmentScreen(aid))
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await type_text(pilot, str(tmp_path / "missing.docx"))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "missing.docx: file not found" in text(app, "#status")

    drive(db_path, body)
    assert stored(db_path, aid)[1] == {}


def test_language_switch_redraws_the_question_and_keys(db_path: Path) -> None:
    aid = new_draft(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await app.push_screen(AssessmentScreen(aid))
        await pilot.pause()
        assert "营业执照已在公示系统核实？" in text(app, "#prompt")
        assert "总分" in text(app, "#total")
        await pilot.press("f2")
        await pilot.pause()
        assert "Business licence checked in the public registry?" in text(app, "#prompt")
        assert "Total" in text(app, "#total")
        titles = {title for title, *_ in palette_entries(app, app.screen)}
        assert {"Contract", "Finalize", "Next", "Yes", "Next open"} <= titles

    drive(db_path, body, lang="zh")


def test_unknown_while_typing_a_number_and_next_unanswered(db_path: Path) -> None:
    aid = new_draft(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await app.push_screen(AssessmentScreen(aid))
        await pilot.pause()
        screen = app.screen
        screen.go_to("qual.years")
        await pilot.pause()
        await pilot.press("u")  # not a digit: the field lets it through to the screen
        assert screen.question.id == "service.first_response"
        await pilot.press("g")  # the next question nobody has touched
        assert screen.question.id == "service.no_loans"
        screen.go_to("service.notes")
        await pilot.pause()
        await pilot.press("escape", "g")  # from the last question it wraps round to the first
        assert screen.question.id == "qual.licence"

    drive(db_path, body)
    row, answers = stored(db_path, aid)
    assert answers["qual.years"].value == "unknown"
    assert row["position"] == "qual.licence"


def test_a_note_typed_just_before_quitting_is_kept(db_path: Path) -> None:
    aid = new_draft(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await app.push_screen(AssessmentScreen(aid))
        await pilot.pause()
        await pilot.press("tab", *"待法务确认", "ctrl+q")  # no pause for the autosave

    drive(db_path, body)
    answers = stored(db_path, aid)[1]
    assert answers["qual.licence"].note == "待法务确认"
    assert answers["qual.licence"].value == "unknown"  # a note alone does not invent an answer


def test_the_mouse_picks_a_section_and_an_answer(db_path: Path) -> None:
    aid = new_draft(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_from_home(app, pilot)
        # the section list: each section is two lines (title, progress); "Service" is the second
        await pilot.click("#sections", offset=(4, 3))
        await pilot.pause()
        assert screen.question.id == "service.first_response"
        screen.go_to("service.no_loans")
        await pilot.pause()
        await pilot.click("#options", offset=(6, 2))  # the second option: No
        await pilot.pause()
        assert screen.question.id == "service.references"
        assert "Red flags 1" in text(app, "#flags")

    drive(db_path, body)
    assert stored(db_path, aid)[1]["service.no_loans"].value == "no"


def test_a_number_out_of_range_is_refused_and_nothing_is_stored(db_path: Path) -> None:
    aid = new_draft(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_from_home(app, pilot)
        screen.go_to("qual.years")
        await pilot.pause()
        await type_text(pilot, "-3")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.question.id == "qual.years"  # stays, says what is wrong and where
        assert "answers.qual.years: -3 is below the minimum 0" in text(app, "#status")

    drive(db_path, body)
    assert "qual.years" not in stored(db_path, aid)[1]


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=0, max_value=3600, allow_nan=False))
def test_the_band_shown_while_typing_is_the_band_scored(value: float) -> None:
    """For any number typed, the marked band is the one the score uses (same label, points)."""
    q = catalog.load_file(FIX_CHECKLIST).question("service.first_response")
    assert q is not None
    typed = repr(value)
    shown = band_of(q, typed)
    scored = question_score(q, Answer(question_id=q.id, value=check_value(q, typed)))
    assert shown is not None and scored.label == shown.label
    assert scored.earned == shown.points
    marked = [line for line in str(bands_text(q, typed, "en")).splitlines() if "▶" in line]
    assert len(marked) == 1 and marked[0].startswith("▶ ")
    assert f"{shown.label.en} ({shown.points:g} pts)" in marked[0]
    if not any(ch.isdigit() for ch in shown.label.en):  # a label with no figure gets the bounds
        assert marked[0].startswith(f"▶ {band_range(shown, 's')}: ")


def test_band_lines_read_as_the_checklist_names_them() -> None:
    """Issue 19 item 7: no "5–20 agents: 5-19" or "< 2.01 %" -- the band's own label."""
    doc = catalog.load_file(FIXTURES.parents[1] / "checklists" / "cs-outsourcing.toml")
    for qid, typed, want in (("bench.agents_employed", "12", "▶ 5-19 agents (5 pts)"),):
        q = doc.question(qid)
        assert q is not None
        marked = [ln for ln in str(bands_text(q, typed, "en")).splitlines() if "▶" in ln]
        assert marked == [want], marked
    for q in (q for s in doc.sections for q in s.questions if q.bands):
        for lang in ("zh", "en"):
            text = str(bands_text(q, "", lang))
            assert ".01" not in text and "–20" not in text, (q.id, text)


def test_leaving_while_a_contract_is_read_writes_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vendorcheck.services import contracts

    aid = new_draft(db_path, catalog.get("cs-outsourcing"))
    contract = CONTRACTS / "zh01_taobao_cs_full.txt"
    left = threading.Event()
    real_scan = contracts.scan_file

    def slow_scan(path: Path, **kw: Any) -> Any:  # the real scan, done once the merchant left
        left.wait(10)
        return real_scan(path, **kw)

    monkeypatch.setattr(contracts, "scan_file", slow_scan)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = AssessmentScreen(aid)
        await app.push_screen(screen)
        await pilot.pause()
        screen._contract_chosen(str(contract))
        await pilot.press("escape")  # back home before the result comes back
        await pilot.pause()
        left.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, AssessmentScreen)
        assert app.is_running

    drive(db_path, body)
    assert stored(db_path, aid)[1] == {}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_80x24_terminal_shows_the_whole_question(db_path: Path, lang: str) -> None:
    """The most common terminal size: the section list steps aside, the prompt stays in view."""
    new_draft(db_path, catalog.get("cs-outsourcing"))

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_from_home(app, pilot)
        for _ in range(3):
            pane = screen.query_one("#question")
            prompt = screen.query_one("#prompt")
            assert not screen.query_one("#sections").display
            assert pane.size.width >= 50, pane.size
            assert pane.scroll_y == 0
            assert prompt.region.y < 24 and prompt.region.height > 0
            await pilot.press("y")  # answers and moves on to the next question
            await pilot.pause()

    drive(db_path, body, lang=lang, size=(80, 24))
