"""The negotiation to-do list beside an assessment (issue 17): what to ask for before signing.

Data from services.todo (the same as `vendorcheck todo VENDOR`): must-do items first, each with
why and the clause to add or strike; `space` ticks the item under the cursor off as agreed (who
and when are stored, so the next assessment of the vendor still shows it) or reopens it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from vendorcheck.tui.screens.base import AppScreen, styles, user_errors
from vendorcheck.tui.widgets.titlebar import TitleBar

COLUMNS: list[tuple[str, str, str]] = [
    ("agreed", "已谈妥", "Agreed"),
    ("priority", "优先级", "Priority"),
    ("ask", "要求", "Ask for"),
    ("wording", "条款", "Wording"),
]


class TodoScreen(AppScreen[None]):
    """One vendor's to-do list, from its latest assessment."""

    CSS_PATH = styles("todo.tcss")

    KEY_LABELS: ClassVar[dict[str, tuple[str, str]]] = {
        "toggle_agreed": ("谈妥/未谈妥", "Agreed"),
    }
    KEY_HELP: ClassVar[dict[str, tuple[str, str]]] = {
        "toggle_agreed": (
            "把光标所在的待办标为已谈妥（记录谁、何时），再按一次取消",
            "Tick the item under the cursor off as agreed (who and when are kept); again to reopen",
        ),
        "back": ("返回评估", "Back to the assessment"),
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_agreed", "Agreed"),
        Binding("escape", "back", "Back", key_display="esc"),
    ]

    def __init__(self, vendor_id: str) -> None:
        super().__init__()
        self.vendor_id = vendor_id
        self.items: list[dict[str, Any]] = []
        self.vendor_name = ""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="todo-title", markup=False)
        yield DataTable(id="todo", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="todo-detail-box"):
            yield Static("", id="todo-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.fill()

    def refresh_texts(self) -> None:
        self.fill()

    @user_errors
    def fill(self) -> None:
        from vendorcheck.services import todo

        v, self.items = todo.items_for(self.store, self.vendor_id)
        self.vendor_name = v["name"]
        table = self.query_one("#todo", DataTable)
        keep = table.cursor_row if table.row_count else 0
        table.clear(columns=True)
        for key, zh, en in COLUMNS:
            table.add_column(self.t(zh, en), key=key)
        for i in self.items:
            label = todo.PRIORITY_LABEL[i["priority"]]
            table.add_row(
                "☑" if i["agreed"] else "☐",
                self.t(*label),
                i["text"][self.lang],
                self.t("有", "yes") if i["wording"] else "",
                key=i["id"],
            )
        done = sum(1 for i in self.items if i["agreed"])
        self.query_one("#todo-title", Static).update(
            self.t(
                f"{self.vendor_name} · 签约前谈判待办 {len(self.items)} 项，已谈妥 {done} 项",
                f"{self.vendor_name} · {len(self.items)} to-dos before signing, {done} agreed",
            )
        )
        if self.items:
            table.move_cursor(row=min(keep, len(self.items) - 1))
            self.show(table.cursor_row)

    @on(DataTable.RowHighlighted, "#todo")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show(event.cursor_row)

    def show(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        i, L = self.items[row], self.lang
        parts = [i["text"][L], "", self.t("理由：", "Why: ") + i["why"][L]]
        if i["evidence"]:
            parts.append(self.t("合同原文：", "Contract: ") + i["evidence"])
        if i["wording"]:
            head = self.t("建议删除并改为：", "Strike and replace with: ")
            if i["action"] != "strike":
                head = self.t("建议增加条款：", "Clause to add: ")
            parts += ["", head + i["wording"][L]]
        if i["agreed"]:
            a = i["agreed"]
            parts.append(self.t(f"已谈妥：{a['by']}，{a['at']}", f"Agreed: {a['by']}, {a['at']}"))
        self.query_one("#todo-detail", Static).update("\n".join(parts))

    @user_errors
    def action_toggle_agreed(self) -> None:
        from vendorcheck.services import todo

        table = self.query_one("#todo", DataTable)
        if not self.items:
            return
        item = self.items[table.cursor_row]
        todo.set_agreed(self.store, self.vendor_id, [item["id"]], agreed=not item["agreed"])
        self.fill()

    def action_back(self) -> None:
        self.app.pop_screen()
