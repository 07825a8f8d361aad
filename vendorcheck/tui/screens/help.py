"""The `?` screen (every key of the screen underneath and of the app, with what it does and the id
to remap it in the settings file) and the F1 screen (help on the focused field)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Label, Static

from vendorcheck.paths import config_path
from vendorcheck.tui.commands import node_bindings, palette_entries
from vendorcheck.tui.screens.dialogs import Dialog

# Keys Textual handles itself on every screen; listed so the list is complete.
ALWAYS: list[tuple[str, tuple[str, str], tuple[str, str]]] = [
    (
        "ctrl+p",
        ("命令面板", "Command palette"),
        ("搜索并执行任何操作", "Search and run any action"),
    ),
    (
        "tab, shift+tab",
        ("切换焦点", "Move the focus"),
        (
            "在答案、备注、证据等控件间移动（从不作答）",
            "Between answer, note, evidence… (never answers)",
        ),
    ),
]

# Help on a focused widget no screen explains itself, by widget type.
WIDGET_HELP: dict[str, tuple[str, str]] = {
    "DataTable": ("表格：↑↓ 移动，回车打开所选行", "A table: ↑↓ move, enter opens the row"),
    "OptionList": ("选项列表：↑↓ 选择，回车确定", "A list: ↑↓ choose, enter picks"),
    "Input": ("输入框：输入文字，回车确定，esc 返回", "A field: type, enter confirms, esc leaves"),
    "Button": ("按钮：回车或空格按下", "A button: enter or space presses it"),
}


def _below(screen: Any) -> Any:
    stack = screen.app.screen_stack
    return stack[-2] if len(stack) > 1 else screen.app.screen


class HelpScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Back", key_display="esc")
    ]

    def compose(self) -> ComposeResult:
        t = self.app.t  # type: ignore[attr-defined]
        below = _below(self)
        with VerticalScroll(id="dialog", classes="dialog help"):
            yield Label(t("按键（ctrl+p 可搜索全部命令）", "Keys (ctrl+p searches every command)"))
            table: DataTable[str] = DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            table.add_columns(
                t("按键", "Key"), t("操作", "Action"), t("说明", "What it does"), t("编号", "Id")
            )
            for title, key, hint, node, action in palette_entries(self.app, below, every=True):
                ids = [b.id for b in node_bindings(self.app, node) if b.action == action and b.id]
                table.add_row(key, title, hint, ", ".join(dict.fromkeys(ids)))
            for keys, (title_zh, title_en), (hint_zh, hint_en) in ALWAYS:
                table.add_row(keys, t(title_zh, title_en), t(hint_zh, hint_en), "")
            yield table
            yield Label(
                t(
                    f'改键：在 {config_path().name} 的 [keymap] 里写 编号 = "按键"（如 "home.open" = "o"）',
                    f'Remap: in {config_path().name}, under [keymap], write id = "keys"'
                    ' (e.g. "home.open" = "o")',
                ),
                classes="hint",
                markup=False,
            )
            yield Label(t("按 esc 返回", "esc to go back"), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


def focus_help_text(screen: Any, lang: str) -> str:
    """What F1 says about `screen`'s focused widget: the screen's own words (`focus_help()`) when
    it has them, else the widget type's, then the keys bound to it."""
    own = getattr(screen, "focus_help", None)
    text = own() if own is not None else ""
    focused: Widget | None = screen.focused
    if not text:
        kind = (
            next((k for k in WIDGET_HELP for c in type(focused).__mro__ if c.__name__ == k), None)
            if focused is not None
            else None
        )
        pair = WIDGET_HELP.get(
            kind or "", ("没有焦点控件：按 ? 查看按键", "Nothing focused: ? lists the keys")
        )
        text = pair[0] if lang == "zh" else pair[1]
    return text


class FocusHelpScreen(Dialog[None]):
    """F1: help on the focused field (and on the question, in an assessment)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Back", key_display="esc")
    ]

    def compose(self) -> ComposeResult:
        t = self.app.t  # type: ignore[attr-defined]
        below = _below(self)
        with VerticalScroll(id="dialog", classes="dialog help"):
            yield Label(t("帮助（F1）", "Help (F1)"))
            yield Static(focus_help_text(below, self.app.lang), id="focus-help", markup=False)  # type: ignore[attr-defined]
            yield Label(
                t("按 ? 查看全部按键，esc 返回", "? lists every key, esc goes back"), classes="hint"
            )

    def action_close(self) -> None:
        self.dismiss(None)
