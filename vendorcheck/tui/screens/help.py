"""The `?` screen: every key of the screen underneath and of the app, with what it does."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label

from vendorcheck.tui.commands import palette_entries
from vendorcheck.tui.screens.dialogs import Dialog


class HelpScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Back", key_display="esc")
    ]

    def compose(self) -> ComposeResult:
        t = self.app.t  # type: ignore[attr-defined]
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else self.app.screen
        with VerticalScroll(id="dialog", classes="dialog help"):
            yield Label(t("按键（ctrl+p 可搜索全部命令）", "Keys (ctrl+p searches every command)"))
            table: DataTable[str] = DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            table.add_columns(t("按键", "Key"), t("操作", "Action"), t("说明", "What it does"))
            for title, key, hint, _node, _action in palette_entries(self.app, below):
                table.add_row(key, title, hint)
            table.add_row(
                "ctrl+p",
                t("命令面板", "Command palette"),
                t("搜索并执行任何操作", "Search and run any action"),
            )
            yield table
            yield Label(t("按 esc 返回", "esc to go back"), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
