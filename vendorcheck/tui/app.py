"""VendorcheckApp: opens the store once, speaks zh or en, remembers the theme.

Screens build their texts with `self.app.t(zh, en)`; switching language (f2) re-renders every
screen on the stack (`refresh_texts()` if it has one, else `recompose()`), so no screen keeps
text that only lives in widgets: state comes back from the store.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.reactive import reactive
from textual.screen import Screen

from vendorcheck.core.errors import Lang, UserError
from vendorcheck.services import settings
from vendorcheck.services.database import open_database
from vendorcheck.tui.commands import ActionsProvider
from vendorcheck.tui.text import localise_bindings


class VendorcheckApp(App[None]):
    """The vendorcheck terminal app."""

    CSS_PATH = "styles/app.tcss"  # home's; every other screen names its own (screens/base.py)
    TITLE = "vendorcheck"
    COMMANDS = App.COMMANDS | {ActionsProvider}
    ENABLE_COMMAND_PALETTE = True
    BINDING_PREFIX = "app"  # binding ids: app.<action> (remap them in the settings file)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "toggle_lang", "中/EN", id="app.toggle_lang"),
        Binding("question_mark", "help", "Keys", key_display="?", id="app.help"),
        Binding("f1", "focus_help", "Help", show=False, id="app.focus_help"),
        Binding("f3", "change_theme", "Theme", show=False, id="app.change_theme"),  # ? and ctrl+p
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
    ]

    lang: reactive[Lang] = reactive[Lang]("zh", init=False)

    def __init__(self, db_path: Path, lang: Lang = "zh", demo: bool = True) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.demo = demo
        self.store = open_database(self.db_path)
        self.set_reactive(VendorcheckApp.lang, lang)
        self._first_frame_shown = False
        self._after_first_frame: list[Callable[[], Any]] = []
        stored = settings.load().get("theme")
        if stored and stored in self.available_themes:
            self.theme = stored
        self._theme_ready = True
        keymap, self._keymap_problems = settings.load_keymap()
        self.set_keymap(keymap)  # the user's [keymap]: binding id -> keys (ids are in `?`)
        self._clashes_told: set[frozenset[str]] = set()

    def t(self, zh: str, en: str) -> str:
        """Pick the string for the current language."""
        return zh if self.lang == "zh" else en

    def get_default_screen(self) -> Screen[Any]:
        """Home is the base screen (no push, so no screen-switch delay before the first frame)."""
        from vendorcheck.tui.screens.home import HomeScreen

        home = HomeScreen()
        localise_bindings(home, self.lang)
        return home

    def on_mount(self) -> None:
        localise_bindings(self, self.lang)
        self.sub_title = self.t("外包服务商评估", "outsourcing vendor vetting")
        for problem in self._keymap_problems:
            self.notify(problem, severity="warning", timeout=10, markup=False)

    # --- keys and Textual's own commands, in the current language ----------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from vendorcheck.tui.system import system_commands

        return system_commands(self, screen, self.lang)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from vendorcheck.tui.system import command_palette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(command_palette(self.lang))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        from vendorcheck.tui.system import command_palette

        self.push_screen(command_palette(self.lang, [ThemeProvider]))

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        """A key of the user's keymap that another binding already has: said once, not silently."""
        ids = frozenset(b.id or b.action for b in clashed_bindings)
        if ids not in self._clashes_told:
            self._clashes_told.add(ids)
            self.notify(
                self.t(
                    f"按键设置冲突：{', '.join(sorted(ids))} 的按键已被改给别的操作",
                    f"Keymap clash: the keys of {', '.join(sorted(ids))} were given to another action",
                ),
                severity="warning",
                timeout=8,
                markup=False,
            )

    def after_first_frame(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run work that would delay the first frame (the rest of a long list, review dates)
        once that frame is on screen; afterwards, right after the next refresh."""
        if self._first_frame_shown:
            self.call_after_refresh(callback, *args)
        else:
            self._after_first_frame.append(functools.partial(callback, *args))

    def on_ready(self) -> None:
        """Textual's Ready: the first frame has been displayed."""
        if not gc.isenabled():  # paused for start-up by launch.open_tui (figures there)
            # What start-up built lives as long as the app: frozen, no later full collection
            # walks it. Issue 20 measured a full collection right after the first frame at
            # 17-43 ms unfrozen (two frames) and ~0 ms frozen; key -> score median 7.0 vs 7.4 ms.
            gc.freeze()
            gc.enable()
        self._first_frame_shown = True
        waiting, self._after_first_frame = self._after_first_frame, []
        for callback in waiting:
            self.call_after_refresh(callback)
        if os.environ.get("VENDORCHECK_WARM_RENDER", "1") != "0":
            # Issue 19: a PDF export should not pay WeasyPrint's import and first font loads,
            # nor share this process's interpreter lock with the UI (render/worker.py).
            self.set_timer(1.0, self.start_renderer)

    def start_renderer(self) -> None:
        """The warm PDF renderer, spawned from a thread (importing the renderer takes ~0.3 s)."""
        self.run_worker(_start_renderer, thread=True, group="renderer", exit_on_error=False)

    def on_unmount(self) -> None:
        if "vendorcheck.render.worker" in sys.modules:
            sys.modules["vendorcheck.render.worker"].stop()
        self.store.close()

    # --- language --------------------------------------------------------------------------------

    def action_toggle_lang(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"

    async def watch_lang(self, lang: Lang) -> None:
        try:
            settings.save({"lang": lang})  # remembered like the theme: the next start speaks it
        except OSError:
            self.notify(self.t("无法保存语言设置", "Could not save the language setting"))
        self.sub_title = self.t("外包服务商评估", "outsourcing vendor vetting")
        localise_bindings(self, lang)
        for screen in list(self.screen_stack):
            localise_bindings(screen, lang)
            refresh = getattr(screen, "refresh_texts", None)
            if refresh is not None:
                result = refresh()
                if hasattr(result, "__await__"):
                    await result
            elif screen.is_mounted:
                await screen.recompose()
        self.refresh_bindings()

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Every pushed screen gets its footer labels in the current language."""
        if not isinstance(screen, str):
            localise_bindings(screen, self.lang)
        return super().push_screen(screen, *args, **kwargs)

    # --- theme -----------------------------------------------------------------------------------

    def watch_theme(self, theme: str) -> None:
        """Remember the theme the user picked (ctrl+p → theme, or the palette entry)."""
        if getattr(self, "_theme_ready", False):
            try:
                settings.save({"theme": theme})
            except OSError:
                self.notify(self.t("无法保存主题设置", "Could not save the theme setting"))

    # --- shared actions --------------------------------------------------------------------------

    def action_focus_help(self) -> None:
        """F1: what the focused field does and how to answer the question on screen."""
        from vendorcheck.tui.screens.help import FocusHelpScreen

        if not isinstance(self.screen, FocusHelpScreen):
            self.push_screen(FocusHelpScreen())

    def action_help(self) -> None:
        from vendorcheck.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def show_error(self, error: UserError) -> None:
        """A user mistake: one line, in the current language, never a traceback."""
        self.notify(error.text(self.lang), severity="error", timeout=6, markup=False)


def run(db_path: Path, lang: Lang = "zh", demo: bool = True) -> None:
    """Entry point used by `vendorcheck` and `vendorcheck tui`."""
    VendorcheckApp(db_path, lang=lang, demo=demo).run()


def _start_renderer() -> None:
    from vendorcheck.render import worker

    worker.start()
