"""Issue 19 item 1 in the TUI: a contract loaded with `l` after answering shows where it
contradicts the merchant's answers (question, both answers, the quote) and lets the merchant
choose per conflict by key; open ones stay marked ≠ until settled. Pilot on a real database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_shell import _isolated, drive

from tests.conftest import FIXTURES
from vendorcheck.services import assessing, catalog, conflicts, todo
from vendorcheck.store import Store
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.screens.assessment import AssessmentScreen
from vendorcheck.tui.screens.conflicts import ConflictScreen
from vendorcheck.tui.screens.dialogs import TextPrompt

__all__ = ["_isolated"]

VENDOR = "宁波海蓝客服外包有限公司"
# Allows loans against the shop (3.4) and puts the platform's penalties on the merchant (五 1).
CONTRACT = FIXTURES / "contracts" / "dev" / "zh02_tmall_agency_vendor_template.txt"
MINE = {"contract.no_shop_loans": "yes", "contract.penalties_on_merchant": "no"}


def answered_draft(db_path: Path) -> str:
    """A draft where the merchant said: no loans, no penalties on me (the contract says both)."""
    store = Store.open(db_path)
    try:
        vid = assessing.add_vendor(store, VENDOR, services=["customer_service"])
        aid = assessing.start_assessment(store, vid, catalog.get("cs-outsourcing"))
        for q, v in MINE.items():
            assessing.answer(store, aid, q, v)
        return aid
    finally:
        store.close()


def read_back(db_path: Path, aid: str) -> tuple[dict[str, Any], list[str], list[str]]:
    """Answers, open conflict ids and must-do to-do ids, by a fresh connection."""
    store = Store.open(db_path)
    try:
        vid = store.assessment(aid)["vendor_id"]
        musts = [i["id"] for i in todo.items_for(store, vid)[1] if i["priority"] == "must"]
        open_ids = [c.question_id for c in conflicts.open_for(store, aid)]
        return store.answers(aid), open_ids, musts
    finally:
        store.close()


async def load_contract(app: VendorcheckApp, pilot: Any, aid: str) -> AssessmentScreen:
    screen = AssessmentScreen(aid)
    await app.push_screen(screen)
    await pilot.pause()
    await pilot.press("l")
    await pilot.pause()
    assert isinstance(app.screen, TextPrompt)
    app.screen.query_one("#prompt").value = str(CONTRACT)  # type: ignore[attr-defined]
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


def shown(app: VendorcheckApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def test_each_conflict_is_shown_and_settled_by_key(db_path: Path) -> None:
    aid = answered_draft(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await load_contract(app, pilot, aid)
        assert isinstance(app.screen, ConflictScreen)
        assert "contradicts 2 of your answers" in shown(app, "#conflicts-title")
        rows = [str(o.prompt) for o in app.screen.query_one("#conflicts").options]  # type: ignore[attr-defined]
        assert len(rows) == 2
        assert "Your answer: Yes" in rows[0] and "the contract: No" in rows[0]
        assert "Quote: " in rows[0] and "网商贷" in rows[0]
        assert "店铺运营期间产生的一切平台处罚" in rows[1]
        assert "contradicts 2 of them (≠)" in str(screen.query_one("#status").render())
        await pilot.press("k")  # keep mine: the vendor may not borrow against the shop
        await pilot.pause()
        assert "Your answer kept: Yes" in shown(app, "#conflicts-status")
        assert len(app.screen.query_one("#conflicts").options) == 1  # type: ignore[attr-defined]
        await pilot.press("t")  # take the contract's: penalties do fall on the merchant
        await pilot.pause()
        assert app.screen is screen  # none left: back to the assessment
        assert "≠" not in str(screen.query_one("#where").render())

    drive(db_path, body)
    answers, open_ids, musts = read_back(db_path, aid)
    assert open_ids == [] and not [m for m in musts if m.startswith("conflict.")]
    assert answers["contract.no_shop_loans"].value == "yes"
    assert answers["contract.no_shop_loans"].source == "merchant"
    taken = answers["contract.penalties_on_merchant"]
    assert taken.value == "yes" and taken.source == "merchant"
    assert "一切平台处罚" in taken.evidence  # the quote became the evidence


def test_open_conflicts_stay_marked_until_settled(db_path: Path) -> None:
    aid = answered_draft(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await load_contract(app, pilot, aid)
        await pilot.press("escape")  # decide later
        await pilot.pause()
        assert app.screen is screen
        at = screen.section_at["contract.no_shop_loans"]
        section = str(screen.query_one("#sections").get_option_at_index(at).prompt)  # type: ignore[attr-defined]
        assert "≠2" in section  # the contract section carries the mark
        screen.go_to("contract.no_shop_loans")
        await pilot.pause()
        assert "≠ contradicts the contract (X settles)" in str(screen.query_one("#where").render())
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")  # answering as the contract says settles that one
        await pilot.pause()
        assert screen.conflicted == {"contract.penalties_on_merchant"}

    drive(db_path, body)
    _answers, open_ids, musts = read_back(db_path, aid)
    assert open_ids == ["contract.penalties_on_merchant"]
    assert "conflict.contract.penalties_on_merchant" in musts  # still a must-do item


def test_conflict_view_in_chinese(db_path: Path) -> None:
    aid = answered_draft(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await load_contract(app, pilot, aid)
        assert "合同与你的 2 个回答矛盾" in shown(app, "#conflicts-title")
        rows = [str(o.prompt) for o in app.screen.query_one("#conflicts").options]  # type: ignore[attr-defined]
        assert "你的回答：" in rows[0] and "原文：" in rows[0]
        await pilot.press("t")
        await pilot.pause()
        assert "已采用合同的答案" in shown(app, "#conflicts-status")

    drive(db_path, body, lang="zh")
    answers, open_ids, _ = read_back(db_path, aid)
    assert answers["contract.no_shop_loans"].value == "no"
    assert open_ids == ["contract.penalties_on_merchant"]
