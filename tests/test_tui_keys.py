"""Issue 19 items 3, 5, 6 with Pilot on a real database file: Home's filter takes what is typed,
the assessment's keys (section picker, F1, refused keys, the complete `?` list, shift+tab),
the user's keymap from the settings file, and the remembered language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_shell import _isolated, drive, load_demo, names

from tests.conftest import FIXTURES
from vendorcheck.services import assessing, catalog, settings
from vendorcheck.store import Store
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.screens.assess_keys import SectionPicker
from vendorcheck.tui.screens.help import FocusHelpScreen, HelpScreen

__all__ = ["_isolated"]


def draft_on(db_path: Path, position: str) -> str:
    """A draft on the fixture checklist (every answer kind), open on question `position`."""
    store = Store.open(db_path)
    try:
        vid = store.add_vendor("Keys Vendor")
        checklist = catalog.load_file(FIXTURES / "tui" / "checklist.toml")
        aid = assessing.start_assessment(store, vid, checklist)
        store.set_position(aid, position)
        return aid
    finally:
        store.close()


async def open_assessment(app: VendorcheckApp, pilot: Any, aid: str) -> Any:
    from vendorcheck.tui.screens.assessment import AssessmentScreen

    await app.push_screen(AssessmentScreen(aid))
    await pilot.pause()
    return app.screen


def notices(app: VendorcheckApp) -> list[str]:
    return [n.message for n in app._notifications]


def help_rows(app: VendorcheckApp) -> list[list[str]]:
    table = app.screen.query_one("#keys")
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


# --- item 3: Home ---------------------------------------------------------------------------------


def test_typing_a_name_on_home_filters_instead_of_acting(db_path: Path) -> None:
    load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press(*"Blue")  # `e` used to open the export dialog
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert names(app) == ["Bluewave Commerce Services"]
        await pilot.press("escape", "escape")  # back to the list, then the filter is cleared
        await pilot.pause()
        assert len(names(app)) == 5
        await pilot.press(*"杭州")  # Chinese, as an IME commits it: was ignored
        await pilot.pause()
        assert names(app) == ["杭州云帆客服外包有限公司"]
        await pilot.press("enter")  # opens the highlighted row of the filtered list
        await pilot.pause()
        assert "杭州云帆" in str(app.screen.query_one("#message").content)  # re-assess offer

    drive(db_path, body)


def test_a_paste_filters_and_enter_opens_the_highlighted_filtered_row(db_path: Path) -> None:
    from textual import events

    load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        app.screen.post_message(events.Paste("速达"))
        await pilot.pause()
        assert names(app) == ["速达电商服务工作室"]
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ != "HomeScreen"

    drive(db_path, body)


def test_home_keys_still_act_when_the_list_has_the_focus(db_path: Path) -> None:
    load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one("#filter").value == ""
        assert app.screen.sort_reverse is True  # type: ignore[attr-defined]

    drive(db_path, body)


# --- item 5: assessment ---------------------------------------------------------------------------


def test_the_section_picker_jumps_by_key_and_by_number(db_path: Path) -> None:
    aid = draft_on(db_path, "qual.licence")

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_assessment(app, pilot, aid)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SectionPicker)
        await pilot.press("2")
        await pilot.pause()
        assert screen.question.id == "service.first_response"
        await pilot.press("f4", "up", "enter")
        await pilot.pause()
        assert screen.question.id == "qual.licence"

    drive(db_path, body)


def test_the_palette_offers_each_section(db_path: Path) -> None:
    aid = draft_on(db_path, "qual.licence")

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_assessment(app, pilot, aid)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"section 2")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.question.id == "service.first_response"

    drive(db_path, body)


def test_refused_keys_say_why(db_path: Path) -> None:
    aid = draft_on(db_path, "qual.size")  # a choice of 3

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_assessment(app, pilot, aid)
        await pilot.press("y")
        await pilot.pause()
        assert any("options 1-3" in n for n in notices(app))
        await pilot.press("7")
        await pilot.pause()
        assert screen.question.id == "qual.size" and "qual.size" not in screen.answers
        await pilot.press("3")  # a valid one moves on to the number question
        await pilot.pause()
        assert screen.question.id == "qual.years"
        await pilot.press("z")
        await pilot.pause()
        assert any("'z' is not part of a number" in n for n in notices(app))
        assert "qual.years" not in screen.answers

    drive(db_path, body)


def test_shift_tab_and_tab_never_answer(db_path: Path) -> None:
    aid = draft_on(db_path, "qual.licence")

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_assessment(app, pilot, aid)
        for question in ("qual.licence", "qual.size", "qual.years"):
            screen.go_to(question)
            await pilot.pause()
            for key in ["shift+tab"] * 6 + ["tab"] * 6:
                await pilot.press(key)
            await pilot.pause()
            assert screen.answers == {}
            assert screen.question.id == question

    drive(db_path, body)


def test_f1_explains_the_focused_field_and_the_question(db_path: Path) -> None:
    aid = draft_on(db_path, "qual.years")

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        screen = await open_assessment(app, pilot, aid)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, FocusHelpScreen)
        text = str(app.screen.query_one("#focus-help").content)
        assert "The answer field" in text and "number question" in text
        assert screen.question.prompt.en in text

    drive(db_path, body)


def test_the_key_list_names_1_to_9_and_every_binding_id(db_path: Path) -> None:
    aid = draft_on(db_path, "qual.size")

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await open_assessment(app, pilot, aid)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {r[0]: r for r in help_rows(app)}
        assert rows["1-9"][3] == "assessment.answer_1"
        assert rows["s, f4"][1] == "Jump to section"
        assert "tab, shift+tab" in rows and rows["f1"][3] == "app.focus_help"

    drive(db_path, body, lang="en")


def test_keys_remapped_in_the_settings_file(db_path: Path, tmp_path: Path) -> None:
    aid = draft_on(db_path, "qual.licence")
    (tmp_path / "config.toml").write_text(
        'theme = "textual-dark"\n[keymap]\n"assessment.sections" = "j"\n'
        'home.sort = "o"\n"assessment.yes" = 3\n',
        encoding="utf-8",
    )

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        assert any("keymap.assessment.yes" in n for n in notices(app))  # the bad line, named
        screen = await open_assessment(app, pilot, aid)
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, SectionPicker)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        keys = next(r[0] for r in help_rows(app) if r[3].startswith("assessment.sections"))
        assert keys.split(", ") == ["f4", "j"]  # what the user set, not `s`
        await pilot.press("escape", "escape")
        await pilot.pause()
        home = app.screen
        await pilot.press("o")
        await pilot.pause()
        assert home.sort_reverse is True  # type: ignore[attr-defined]
        assert screen is not home

    drive(db_path, body)
    # the file keeps the keymap when the app saves a setting
    settings.save({"theme": "nord"}, tmp_path / "config.toml")
    assert settings.load_keymap(tmp_path / "config.toml")[0]["home.sort"] == "o"


# --- item 6: language -----------------------------------------------------------------------------


def test_the_language_chosen_with_f2_is_remembered(db_path: Path, tmp_path: Path) -> None:
    from vendorcheck.i18n import detect_lang

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("f2")
        await pilot.pause()

    drive(db_path, body, lang="en")
    assert settings.load(tmp_path / "config.toml")["lang"] == "zh"
    assert detect_lang(None) == "zh"


def test_textual_system_commands_speak_chinese(db_path: Path) -> None:
    async def body(app: VendorcheckApp, pilot: Any) -> None:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles[:3] == ["主题", "退出", "按键"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one("CommandInput").placeholder == "搜索命令…"
        await pilot.press("escape", "f3")
        await pilot.pause()
        assert app.screen.query_one("CommandInput").placeholder == "搜索主题…"

    drive(db_path, body, lang="zh")
