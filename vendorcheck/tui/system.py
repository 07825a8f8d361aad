"""Textual's own palette entries (theme, quit, keys, screenshot…) and palettes, in zh or en.

Textual words its system commands and the placeholders of its palettes in English only; the app
yields the same commands from here (`App.get_system_commands`) in the current language, and opens
the command palette and the theme picker with placeholders in that language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen

from vendorcheck.core.errors import Lang
from vendorcheck.tui.text import tr

if TYPE_CHECKING:
    from textual.app import App

# (zh title, en title, zh help, en help)
THEME = (
    "主题",
    "Theme",
    "选择配色主题，下次启动仍然生效",
    "Pick a colour theme, kept for next time",
)
QUIT = ("退出", "Quit", "退出程序（所有回答已即时保存）", "Quit (every answer is already saved)")
KEYS = ("按键", "Keys", "列出当前界面的全部按键", "List every key of this screen")
FOCUS_HELP = (
    "帮助（F1）",
    "Help (F1)",
    "当前焦点控件与题目的说明",
    "Help on the focused field and question",
)
MINIMIZE = ("还原", "Minimize", "把最大化的控件还原", "Restore the maximized widget")
MAXIMIZE = ("最大化", "Maximize", "最大化当前焦点控件", "Maximize the focused widget")
SCREENSHOT = (
    "截图",
    "Screenshot",
    "把当前界面存为 SVG 截图",
    "Save an SVG screenshot of the screen",
)

COMMANDS_PLACEHOLDER = ("搜索命令…", "Search for commands…")
THEMES_PLACEHOLDER = ("搜索主题…", "Search for themes…")


def _command(lang: Lang, words: tuple[str, str, str, str], callback: Any) -> SystemCommand:
    zh, en, zh_help, en_help = words
    return SystemCommand(tr(lang, (zh, en)), tr(lang, (zh_help, en_help)), callback)


def system_commands(app: App[Any], screen: Screen[Any], lang: Lang) -> Iterator[SystemCommand]:
    """What Textual's `get_system_commands` yields, in `lang`; Keys opens the app's `?` list."""
    yield _command(lang, THEME, app.action_change_theme)
    yield _command(lang, QUIT, app.action_quit)
    yield _command(lang, KEYS, lambda: app.run_action("help"))
    yield _command(lang, FOCUS_HELP, lambda: app.run_action("focus_help"))
    if screen.maximized is not None:
        yield _command(lang, MINIMIZE, screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield _command(lang, MAXIMIZE, screen.action_maximize)
    yield _command(lang, SCREENSHOT, lambda: app.set_timer(0.1, app.deliver_screenshot))


def command_palette(lang: Lang, providers: Iterable[Any] | None = None) -> CommandPalette:
    """The command palette (or, with `providers`, the theme picker) with its placeholder in `lang`."""
    if providers is None:
        return CommandPalette(placeholder=tr(lang, COMMANDS_PLACEHOLDER), id="--command-palette")
    return CommandPalette(providers=list(providers), placeholder=tr(lang, THEMES_PLACEHOLDER))
