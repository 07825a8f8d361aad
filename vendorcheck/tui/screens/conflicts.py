"""Where the contract contradicts the merchant's own answers (issue 19 item 1), in the TUI.

Opened by the assessment screen when a contract scan (`l`) meets an answer it contradicts, and by
`x` while any stays open. Each conflict shows the question, the merchant's answer, the contract's
and the sentence behind it; `k` keeps the merchant's answer, `t` takes the contract's (its quote
becomes the evidence). Both go through services.conflicts, as `vendorcheck conflict --keep /
--take-contract` does. Leaving with esc settles nothing: an open conflict stays a must-do item
of the to-do list and a ≠ mark in the assessment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from vendorcheck.core.answers import Answer
from vendorcheck.core.conflicts import Conflict
from vendorcheck.core.errors import Lang
from vendorcheck.tui.screens.base import AppScreen, styles, user_errors
from vendorcheck.tui.text import tr
from vendorcheck.tui.widgets.titlebar import TitleBar


def open_conflicts(store: Any, aid: str) -> set[str]:
    """The question ids whose answer the contract still contradicts (the ≠ marks)."""
    from vendorcheck.services import conflicts

    return {c.question_id for c in conflicts.open_for(store, aid)}


def record_conflicts(
    store: Any, aid: str, suggested: Mapping[str, Answer], file: str
) -> list[Conflict]:
    """After a scan: its contradictions stored (as `assess --contract` does), all open returned."""
    from vendorcheck.services import conflicts

    return conflicts.record(store, aid, suggested, file)


def scan_message(name: str, suggested: int, kept: int, contradicted: int, lang: Lang) -> str:
    """What a scan did, never hiding a contradiction behind "kept your own answers"."""
    text = tr(
        lang,
        (
            f"已根据合同 {name} 建议 {suggested} 个答案（附原文，标为“待确认”）",
            f"{suggested} answers suggested from {name} (with quotes, marked unconfirmed)",
        ),
    )
    if kept:
        text += tr(lang, (f"；保留了你已给出的 {kept} 个回答", f"; kept your own {kept} answers"))
    if contradicted:
        text += tr(
            lang,
            (
                f"；合同与你的 {contradicted} 个回答矛盾（≠），请逐条选择",
                f"; the contract contradicts {contradicted} of them (≠): choose for each",
            ),
        )
    return text


def conflict_prompt(c: Conflict, lang: Lang) -> Text:
    """Three lines: the question, the two answers side by side, the quote."""
    out = Text("≠ " + c.prompt.get(lang), style="bold")
    out.append(
        "\n  "
        + tr(
            lang,
            (
                f"你的回答：{c.mine_label.zh}　合同：{c.contract_label.zh}",
                f"Your answer: {c.mine_label.en} · the contract: {c.contract_label.en}",
            ),
        )
    )
    out.append("\n  " + tr(lang, ("原文：", "Quote: ")) + f"「{c.quote}」", style="dim")
    return out


class ConflictScreen(AppScreen[int]):
    """The open conflicts of one assessment; dismissed with how many were settled here."""

    CSS_PATH = styles("conflicts.tcss")

    KEY_LABELS: ClassVar[dict[str, tuple[str, str]]] = {
        "keep": ("保留我的回答", "Keep mine"),
        "take": ("采用合同的", "Take contract's"),
    }
    KEY_HELP: ClassVar[dict[str, tuple[str, str]]] = {
        "keep": (
            "保留你的回答（合同的说法作废，矛盾解决）",
            "Keep your answer against the contract (the conflict is settled)",
        ),
        "take": (
            "采用合同的答案，原文作为证据",
            "Take the contract's answer, its quote as evidence",
        ),
        "back": (
            "返回评估（未解决的矛盾仍列为必须落实的待办）",
            "Back to the assessment (open conflicts stay must-do items)",
        ),
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "keep", "Keep mine", id="conflicts.keep"),
        Binding("t", "take", "Take contract's", id="conflicts.take"),
        Binding("escape", "back", "Back", key_display="esc", id="conflicts.back"),
    ]

    def __init__(self, aid: str) -> None:
        super().__init__()
        self.aid = aid
        self.found: list[Conflict] = []
        self.settled = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="conflicts-title", markup=False)
        yield OptionList(id="conflicts")
        yield Static("", id="conflicts-status", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.fill()

    def refresh_texts(self) -> None:
        self.fill()

    @user_errors
    def fill(self) -> None:
        from vendorcheck.services import conflicts

        self.found = conflicts.open_for(self.store, self.aid)
        table = self.query_one("#conflicts", OptionList)
        keep = table.highlighted or 0
        table.set_options(
            Option(conflict_prompt(c, self.lang), id=c.question_id) for c in self.found
        )
        if self.found:
            table.highlighted = min(keep, len(self.found) - 1)
        table.focus()
        self.query_one("#conflicts-title", Static).update(
            self.t(
                f"合同与你的 {len(self.found)} 个回答矛盾：逐条选择 k 保留你的回答，"
                "或 t 采用合同的答案",
                f"The contract contradicts {len(self.found)} of your answers: for each, k keeps "
                "yours, t takes the contract's",
            )
        )

    @user_errors
    def _settle(self, choice: str) -> None:
        from vendorcheck.services import conflicts

        table = self.query_one("#conflicts", OptionList)
        if not self.found or table.highlighted is None:
            return
        c = self.found[table.highlighted]
        conflicts.resolve(self.store, self.aid, c.question_id, choice)  # type: ignore[arg-type]
        self.settled += 1
        done = (
            self.t(f"已保留你的回答：{c.mine_label.zh}", f"Your answer kept: {c.mine_label.en}")
            if choice == "keep"
            else self.t(
                f"已采用合同的答案：{c.contract_label.zh}",
                f"The contract's answer taken: {c.contract_label.en}",
            )
        )
        self.fill()
        self.query_one("#conflicts-status", Static).update(done)
        if not self.found:
            self.dismiss(self.settled)

    def action_keep(self) -> None:
        self._settle("keep")

    def action_take(self) -> None:
        self._settle("contract")

    def action_back(self) -> None:
        self.dismiss(self.settled)
