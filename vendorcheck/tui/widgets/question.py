"""The middle of the assessment screen: one question, its help, the answer widget for its kind,
the suggestion from a contract (if any), the note and evidence fields and a status line.

It only shows what it is given; the screen decides what is saved and when.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from vendorcheck.core.answers import Answer
from vendorcheck.core.errors import Lang
from vendorcheck.core.models import UNKNOWN, Question
from vendorcheck.tui.text import tr
from vendorcheck.tui.widgets.assessment import ValueInput, answer_label, bands_text, option_rows

OPTION_KINDS = ("yes_no", "choice", "rating")


class Choices(OptionList, inherit_bindings=False):
    """An option list without the horizontal scroll keys, so ← → reach the screen."""

    BINDINGS: ClassVar[list[BindingType]] = list(OptionList.BINDINGS)


class QuestionPane(VerticalScroll, inherit_bindings=False):
    """Scrolls with the mouse wheel; its arrow keys are left to the screen (← → navigate)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="where")
        yield Static("", id="prompt")
        yield Static("", id="help")
        yield Choices(id="options")
        with Horizontal(id="value-row"):
            yield ValueInput(id="value")
            yield Static("", id="unit")
        yield Static("", id="bands")
        yield Static("", id="suggestion")
        yield Label("", id="note-label", classes="field")
        yield Input(id="note")
        yield Label("", id="evidence-label", classes="field")
        yield Input(id="evidence")
        yield Static("", id="status")

    def on_mount(self) -> None:
        for field in ("#value", "#note", "#evidence"):
            self.query_one(field, Input).cursor_blink = False  # steady cursor, no idle repaints

    def set_labels(self, lang: Lang) -> None:
        self.query_one("#note-label", Label).update(tr(lang, ("备注", "Note")))
        self.query_one("#evidence-label", Label).update(
            tr(
                lang,
                ("证据（截图、链接、合同条款）", "Evidence (screenshot, link, contract clause)"),
            )
        )
        self.query_one("#note", Input).placeholder = tr(
            lang, ("补充说明，自动保存", "Anything to add; saved as you type")
        )
        self.query_one("#evidence", Input).placeholder = tr(
            lang, ("在哪里核实的，自动保存", "Where you checked it; saved as you type")
        )

    # --- what the screen reads -----------------------------------------------------------------

    def fields(self) -> tuple[str, str]:
        """The note and evidence as typed."""
        return self.query_one("#note", Input).value, self.query_one("#evidence", Input).value

    def typed(self) -> str:
        """The number or text typed into the value field."""
        return self.query_one("#value", ValueInput).value.strip()

    # --- drawing -------------------------------------------------------------------------------

    def show(
        self,
        q: Question,
        answer: Answer | None,
        lang: Lang,
        *,
        where: str,
        final: bool,
        why: str = "",
    ) -> None:
        """Draw question `q` with its stored `answer`; everything disabled when `final`; `why`:
        the contract scan's explanation of a suggested answer."""
        self.query_one("#where", Static).update(where)
        prompt = Text(q.prompt.get(lang), style="bold")
        if q.has_critical:
            prompt.append(tr(lang, ("  ⚑ 关键项", "  ⚑ critical")), style="bold red")
        self.query_one("#prompt", Static).update(prompt)
        help_box = self.query_one("#help", Static)
        help_box.update(q.help.get(lang) if q.help else "")
        help_box.display = q.help is not None
        options = self.query_one("#options", OptionList)
        options.display = q.kind in OPTION_KINDS
        if q.kind in OPTION_KINDS:
            rows = option_rows(q, lang, answer)
            options.set_options(Option(text, id=value) for value, text in rows)
            options.highlighted = [v for v, _ in rows].index(str(answer.value)) if answer else 0
            options.disabled = final
        self.query_one("#value-row").display = q.kind in ("number", "text")
        self.query_one("#bands").display = q.kind == "number"
        if q.kind in ("number", "text"):
            self._show_value(q, answer, lang, final)
        self._show_suggestion(q, answer, lang, final, why)
        for field, text in (("#note", answer.note if answer else ""),
                            ("#evidence", answer.evidence if answer else "")):  # fmt: skip
            box = self.query_one(field, Input)
            box.value = text
            box.disabled = final

    def _show_value(self, q: Question, answer: Answer | None, lang: Lang, final: bool) -> None:
        value = self.query_one("#value", ValueInput)
        value.numeric = q.kind == "number"
        known = answer is not None and answer.value != UNKNOWN
        value.value = str(answer.value) if known and answer else ""
        value.placeholder = tr(
            lang,
            ("输入数字，回车保存", "Type a number, enter saves")
            if q.kind == "number"
            else ("输入文字，回车保存（停顿即自动保存）", "Type, enter saves (also as you pause)"),
        )
        value.disabled = final
        unit = q.unit.get(lang) if q.unit else ""
        if answer is not None and answer.value == UNKNOWN:
            unit += tr(lang, ("  （已标为不清楚）", "  (marked unknown)"))
        self.query_one("#unit", Static).update(unit)
        self.show_bands(q, lang)

    def show_bands(self, q: Question, lang: Lang) -> None:
        """The bands of a number question, the one the typed value falls in marked."""
        if q.kind == "number":
            raw = self.query_one("#value", ValueInput).value
            self.query_one("#bands", Static).update(bands_text(q, raw, lang))

    def _show_suggestion(
        self, q: Question, answer: Answer | None, lang: Lang, final: bool, why: str = ""
    ) -> None:
        box = self.query_one("#suggestion", Static)
        box.display = answer is not None and answer.source in ("suggested", "vendor")
        if answer is None or answer.source not in ("suggested", "vendor"):
            return
        vendor = answer.source == "vendor"
        text = Text(
            tr(lang, ("服务商自述（待核实）：", "Declared by the vendor (unverified): "))
            if vendor
            else tr(
                lang, ("根据合同建议（待确认）：", "Suggested from the contract (unconfirmed): ")
            )
        )
        text.append(answer_label(q, answer, lang), style="bold")
        if answer.evidence:
            quote = (
                ("\n可提供的证明：", "\nEvidence offered: ")
                if vendor
                else ("\n原文：", "\nQuote: ")
            )
            text.append(tr(lang, quote) + answer.evidence, style="italic")
        if vendor and answer.note:
            text.append(tr(lang, ("\n说明：", "\nNote: ")) + answer.note, style="italic")
        if why:
            text.append(tr(lang, ("\n判断依据：", "\nWhy: ")) + why, style="dim")
        if not final:
            text.append(
                tr(
                    lang,
                    (
                        "\n按 c 确认，或直接作答修改。",
                        "\nPress c to confirm, or answer to change it.",
                    ),
                ),
                style="dim",
            )
        box.update(text)

    def focus_answer(self, q: Question, final: bool) -> bool:
        """Focus the answer widget of `q`; False when there is none to focus (final)."""
        if final:
            return False
        # the question reads from its first line: focusing must not scroll the prompt away
        if q.kind in OPTION_KINDS:
            self.query_one("#options", OptionList).focus(scroll_visible=False)
        else:
            self.query_one("#value", ValueInput).focus(scroll_visible=False)
        self.scroll_home(animate=False)
        return True

    def set_status(self, text: str, style: str = "green") -> None:
        self.query_one("#status", Static).update(Text(text, style=style), layout=False)
