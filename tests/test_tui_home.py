"""Home screen, driven with Pilot on a real database file: list, filter, sort, delete, demo, language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tui_shell import _isolated, drive, footer_texts, go_to, headers, load_demo, names, table_rows

from vendorcheck.store import Store
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.screens.dialogs import ChoicePrompt, ConfirmScreen
from vendorcheck.tui.screens.help import HelpScreen
from vendorcheck.tui.screens.home import sort_rows

__all__ = ["_isolated"]


def test_empty_database_offers_the_demo_and_loads_it(db_path: Path) -> None:
    async def body(app: VendorcheckApp, pilot: Any) -> None:
        assert isinstance(app.screen, ConfirmScreen)
        assert "demo" in str(app.screen.query_one("#message").content)
        await pilot.press("y")
        await pilot.pause()
        shown = names(app)
        assert "杭州云帆客服外包有限公司" in shown and len(shown) >= 5
        row = table_rows(app, "#vendors")[shown.index("杭州云帆客服外包有限公司")]
        assert row[1:4] == ["98.1", "A", "recommended"]  # scoring v2 (was 98.3)

    drive(db_path, body, demo=True)
    store = Store.open(db_path)
    assert len(store.vendors()) >= 5
    store.close()


def test_empty_database_without_demo_says_how_to_start(db_path: Path) -> None:
    async def body(app: VendorcheckApp, pilot: Any) -> None:
        assert not isinstance(app.screen, ConfirmScreen)
        assert names(app) == []
        assert "press a to add" in str(app.screen.query_one("#hint").content)

    drive(db_path, body, demo=False)


def test_declining_the_demo_leaves_the_database_empty(db_path: Path) -> None:
    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("n")
        await pilot.pause()
        assert names(app) == []

    drive(db_path, body, demo=True)


def test_filter_as_you_type_then_clear(db_path: Path) -> None:
    everyone = load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("slash", *"杭州")
        await pilot.pause()
        assert names(app) == ["杭州云帆客服外包有限公司"]
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert sorted(names(app)) == sorted(everyone)
        await pilot.press(*"zzz-nothing")
        await pilot.pause()
        assert names(app) == []
        assert str(app.screen.query_one("#hint").content) == "No vendor matches"

    drive(db_path, body)


def test_sort_by_key_and_by_clicking_a_header(db_path: Path) -> None:
    load_demo(db_path)

    def scores(app: VendorcheckApp) -> list[float]:
        return [float(r[1]) for r in table_rows(app, "#vendors") if r[1] != "—"]

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        shown = names(app)
        assert shown == sorted(shown, key=str.casefold)
        await pilot.press("s")  # name, descending
        await pilot.pause()
        assert names(app) == sorted(shown, key=str.casefold, reverse=True)
        await pilot.press("s")  # next column: score, ascending
        await pilot.pause()
        assert scores(app) == sorted(scores(app)) and len(scores(app)) >= 5
        assert headers(app, "#vendors")[1] == "Score ▲"
        # Clicking the "Red flags" header sorts by it.
        table = app.screen.query_one("#vendors")
        widths = [c.get_render_width(table) for c in table.ordered_columns]
        x = sum(widths[:4]) + 2
        await pilot.click("#vendors", offset=(x, 0))
        await pilot.pause()
        assert headers(app, "#vendors")[4].startswith("Red flags")
        flags = [int(r[4]) for r in table_rows(app, "#vendors")]
        assert flags == sorted(flags)

    drive(db_path, body)


def test_delete_asks_first_and_no_keeps_the_vendor(db_path: Path) -> None:
    load_demo(db_path)
    victim = "速达电商服务工作室"

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await go_to(app, pilot, victim)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert victim in str(app.screen.query_one("#message").content)
        await pilot.press("n")
        await pilot.pause()
        assert victim in names(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert victim not in names(app)

    drive(db_path, body)
    store = Store.open(db_path)
    assert store.find_vendor(victim) is None
    store.close()


def test_opening_a_final_assessment_offers_a_prefilled_reassessment(db_path: Path) -> None:
    load_demo(db_path)
    name = "杭州云帆客服外包有限公司"
    store = Store.open(db_path)
    vid = store.vendor(name)["id"]
    before = store.latest_assessment(vid)
    store.close()
    assert before is not None and before["status"] == "final"

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await go_to(app, pilot, name)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "final" in str(app.screen.query_one("#message").content)
        await pilot.press("y")
        await pilot.pause()

    drive(db_path, body)
    store = Store.open(db_path)
    after = store.latest_assessment(vid)
    assert after is not None and after["id"] != before["id"] and after["status"] == "draft"
    assert store.answers(after["id"]).keys() == store.answers(before["id"]).keys()
    store.close()


def test_a_vendor_without_assessment_asks_for_the_checklist(db_path: Path) -> None:
    store = Store.open(db_path)
    store.add_vendor("新店服务商", services=["store_operation"])
    store.close()

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePrompt)
        choices = app.screen.query_one("#choices")
        # A store-operation vendor gets the store-operation checklist by default.
        assert choices.get_option_at_index(choices.highlighted).id == "store-operation"

    drive(db_path, body, lang="zh")


def test_language_switch_changes_columns_footer_and_hint(db_path: Path) -> None:
    load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        assert headers(app, "#vendors")[0].startswith("服务商")
        assert "新增" in footer_texts(app)
        await pilot.press("f2")
        await pilot.pause()
        assert app.lang == "en"
        assert headers(app, "#vendors")[0].startswith("Vendor")
        assert "Add" in footer_texts(app) and "新增" not in footer_texts(app)
        assert "vendors" in str(app.screen.query_one("#hint").content)
        assert "recommended" in [r[3] for r in table_rows(app, "#vendors")]

    drive(db_path, body, lang="zh")


def test_keys_screen_and_palette_list_every_home_action(db_path: Path) -> None:
    load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        from vendorcheck.tui.commands import palette_entries

        titles = {title for title, *_ in palette_entries(app, app.screen)}
        assert {"Add", "Delete", "Compare", "Quote", "Shop profile", "Sort", "Keys"} <= titles
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = [r[1] for r in table_rows(app, "#keys")]
        assert {"Add", "Delete", "Compare", "Command palette"} <= set(listed)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)

    drive(db_path, body)


def test_palette_runs_an_action(db_path: Path) -> None:
    load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Shop profile")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert type(app.screen).__name__ == "ProfileScreen"

    drive(db_path, body)


def test_theme_is_remembered_across_restarts(db_path: Path, tmp_path: Path) -> None:
    async def pick(app: VendorcheckApp, pilot: Any) -> None:
        assert app.theme != "nord"
        await pilot.press("f3")  # Textual's theme picker
        await pilot.pause(0.2)
        await pilot.press(*"nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.theme == "nord"

    async def check(app: VendorcheckApp, pilot: Any) -> None:
        assert app.theme == "nord"

    drive(db_path, pick)
    assert 'theme = "nord"' in (tmp_path / "config.toml").read_text(encoding="utf-8")
    drive(db_path, check)


def test_palette_switches_language(db_path: Path) -> None:
    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Switch language")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.lang == "zh"
        assert headers(app, "#vendors")[0].startswith("服务商")

    drive(db_path, body)


def test_due_vendors_and_full_text_fallback_from_the_archive(db_path: Path) -> None:
    archive = pytest.importorskip("vendorcheck.services.archive")
    load_demo(db_path)
    store = Store.open(db_path)
    due = {d["name"]: d for d in archive.due(store)}
    store.add_vendor("Quiet Harbor", notes="合同里藏着独家条款 zebracrossing")
    store.close()

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        review = {r[0].strip(): r[7] for r in table_rows(app, "#vendors")}
        for name, d in due.items():
            assert review[name].startswith("overdue" if d["overdue"] else "due")
        await pilot.press("slash", *"zebracrossing")
        await pilot.pause()
        assert names(app) == ["Quiet Harbor"]
        assert "notes/evidence" in str(app.screen.query_one("#hint").content)

    drive(db_path, body)


def test_a_vendor_deleted_elsewhere_gives_a_notice_not_a_crash(db_path: Path) -> None:
    load_demo(db_path)
    gone = "义乌快跑网店托管工作室"

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await go_to(app, pilot, gone)
        other = Store.open(db_path)  # e.g. `vendorcheck vendor delete` in another terminal
        other.delete_vendor(other.vendor(gone)["id"])
        other.close()
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert any("找不到服务商" in n.message for n in app._notifications)
        await pilot.press("s")  # still responsive
        await pilot.pause()
        assert headers(app, "#vendors")[0].startswith("服务商 ▼")

    drive(db_path, body, lang="zh")


@settings(max_examples=200, deadline=None)
@given(
    scores=st.lists(st.one_of(st.none(), st.floats(0, 100, allow_nan=False)), max_size=30),
    reverse=st.booleans(),
)
def test_sorting_keeps_unassessed_vendors_last(scores: list[float | None], reverse: bool) -> None:
    rows = [{"id": str(i), "name": f"v{i}", "score": s} for i, s in enumerate(scores)]
    ordered = sort_rows(rows, "score", reverse)
    values = [r["score"] for r in ordered]
    present = [v for v in values if v is not None]
    assert values == present + [None] * (len(values) - len(present))
    assert present == sorted(present, reverse=reverse)
    assert sorted(r["id"] for r in ordered) == sorted(r["id"] for r in rows)


def test_overdue_vendors_are_marked_in_red_in_both_languages(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("vendorcheck.services.archive")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")  # finals signed on 2024-01-01
    load_demo(db_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763856000")  # opened on 2025-11-23
    store = Store.open(db_path)
    finals = {v["name"] for v in store.vendors() if v.get("status") == "final"}
    store.close()
    assert len(finals) >= 3

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        table = app.screen.query_one("#vendors")
        for i in range(table.row_count):
            name = str(table.get_row_at(i)[0]).strip()
            cell = table.get_row_at(i)[7]
            if name in finals:
                assert str(cell) == "已逾期 2025-01-01" and cell.style == "bold red"
            else:
                assert str(cell) == ""  # never signed off: nothing to review yet
        await pilot.press("f2")
        await pilot.pause()
        review = {r[0].strip(): r[7] for r in table_rows(app, "#vendors")}
        assert {review[n] for n in finals} == {"overdue 2025-01-01"}

    drive(db_path, body, lang="zh")


def test_filter_falls_back_to_a_two_character_chinese_search_of_notes(db_path: Path) -> None:
    from vendorcheck.services import assessing, catalog

    load_demo(db_path)
    store = Store.open(db_path)
    vid = store.add_vendor("静水客服")
    aid = assessing.start_assessment(store, vid, catalog.get("cs-outsourcing"))
    assessing.answer(
        store, aid, "contract.no_shop_loans", "no", evidence="前客户说它的客服接私单、飞单"
    )
    store.close()

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("slash", *"飞单")
        await pilot.pause()
        assert names(app) == ["静水客服"]
        hint = str(app.screen.query_one("#hint").content)
        assert "备注/证据" in hint and "接私单、飞单" in hint
        await pilot.press("backspace", "backspace", *"静水")
        await pilot.pause()
        assert names(app) == ["静水客服"]  # a name match needs no search
        assert "备注/证据" not in str(app.screen.query_one("#hint").content)

    drive(db_path, body, lang="zh")


def test_a_list_longer_than_the_screen_arrives_whole_and_in_order(db_path: Path) -> None:
    """Start-up reads one screenful first; the rest follows right after the first frame."""
    store = Store.open(db_path)
    wanted = [f"{'ABCDEFGHIJ'[i % 10]}{'bcd'[i % 3]}-vendor {i:03d}" for i in range(70)]
    for name in wanted:
        store.add_vendor(name)
    store.close()

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.pause()
        shown = names(app)
        assert shown == sorted(wanted, key=str.casefold)  # every vendor, by name, once
        assert "70 vendors" in str(app.screen.query_one("#hint").content)

    drive(db_path, body)


def test_the_title_bar_names_the_app_and_a_click_opens_the_command_palette(db_path: Path) -> None:
    from textual.command import CommandPalette

    from vendorcheck.tui.widgets.titlebar import TitleBar

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        bar = app.screen.query_one(TitleBar)
        assert str(bar.content) == "vendorcheck — outsourcing vendor vetting"
        await pilot.press("f2")  # the subtitle follows the language
        await pilot.pause()
        assert "外包服务商评估" in str(app.screen.query_one(TitleBar).content)
        await pilot.click(TitleBar)
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)

    drive(db_path, body)


def test_garbage_collection_paused_for_start_up_resumes_after_the_first_frame(
    db_path: Path,
) -> None:
    """`vendorcheck tui` pauses the collector while the app starts; a long session must not
    run without it."""
    import gc

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # start-up's objects are out of every later scan

    gc.disable()
    try:
        drive(db_path, body)
    finally:
        gc.enable()
        gc.unfreeze()
