"""The assessment walk-through: one question at a time, every answer saved the moment it is given.

Left, the sections with answered/total and their score; middle, the question, its help text, an
answer widget fitting its kind, a note and an evidence field; right, the live total, grade,
verdict and red flags. The screen holds one AssessmentSession (services.session): each answer is
validated, written with the position and the new score in one transaction and scored
incrementally, so leaving, quitting or a kill -9 loses nothing and reopening resumes on the same
question. This module: the state, layout and navigation; answering (assess_answering), the
contract and conflicts (assess_contract), the questionnaire (questionnaire), refused keys and
sections (assess_keys) and the key table (assess_bindings) are mixed in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList
from textual.widgets.option_list import Option

from vendorcheck.core.answers import Answer
from vendorcheck.core.models import UNKNOWN, Question
from vendorcheck.core.scoring import Result
from vendorcheck.services.session import AssessmentSession
from vendorcheck.tui.screens import assess_bindings as keys
from vendorcheck.tui.screens.assess_answering import (
    RELOAD_CHECK,
    SAVE_DELAY,
    UNCONFIRMED,
    AnswerActions,
)
from vendorcheck.tui.screens.assess_contract import ContractActions
from vendorcheck.tui.screens.assess_keys import KeyFeedback, SectionsProvider
from vendorcheck.tui.screens.base import AppScreen, styles, user_errors
from vendorcheck.tui.screens.conflicts import open_conflicts
from vendorcheck.tui.screens.questionnaire import QuestionnaireActions
from vendorcheck.tui.text import tr
from vendorcheck.tui.widgets.assessment import ScorePanel, section_prompt, where_line
from vendorcheck.tui.widgets.question import Choices, QuestionPane
from vendorcheck.tui.widgets.titlebar import TitleBar

__all__ = ["SAVE_DELAY", "UNCONFIRMED", "AssessmentScreen"]


class AssessmentScreen(
    AnswerActions, ContractActions, QuestionnaireActions, KeyFeedback, AppScreen[None]
):
    """Walk through one assessment (a draft, or a final one read-only)."""

    CSS_PATH = styles("assessment.tcss")
    COMMANDS: ClassVar[set[Any]] = {SectionsProvider}  # each section: a palette command too

    # Below 100 columns (an 80x24 terminal) the section list gives its room to the question;
    # the where-line above the question still names the part and the position.
    # Typed as Textual's Screen types it (an instance attribute there, so no ClassVar here).
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [  # noqa: RUF012
        (0, "-narrow"),
        (100, "-wide"),
    ]

    KEY_LABELS: ClassVar[dict[str, tuple[str, str]]] = keys.KEY_LABELS
    KEY_HELP: ClassVar[dict[str, tuple[str, str]]] = keys.KEY_HELP
    BINDINGS: ClassVar[list[BindingType]] = keys.BINDINGS
    KEY_GROUPS: ClassVar[dict[str, tuple[str, str]]] = keys.KEY_GROUPS

    def __init__(self, aid: str) -> None:
        super().__init__()
        self.aid = aid
        self.index = 0
        self.session: AssessmentSession | None = None  # type: ignore[assignment]
        self._save_timer: Timer | None = None
        self.shown: int | None = None  # the question drawn in the pane (index lags while moving)
        self._redraw_pending = False
        self._stale_sections: set[int] = set()
        self._unsaved: tuple[int, str, str, str] | None = None
        self._keys_for: tuple[Any, ...] = ()
        self._last_contract = ""
        self._why: dict[str, str] = {}  # question id -> why the last contract scan suggested it

    # --- state ---------------------------------------------------------------------------------

    def _load(self) -> None:
        if self.session is None:
            self.session = AssessmentSession(self.store, self.aid)
        s = self.session
        self.final: bool = s.final
        self.finalized_at: str | None = s.row.get("finalized_at")
        self.checklist = s.checklist
        self.order: list[Question] = self.checklist.questions()
        self.ids = [q.id for q in self.order]
        self.section_at = {
            q.id: i for i, sec in enumerate(self.checklist.sections) for q in sec.questions
        }
        self.vendor_name = s.vendor["name"]
        self.conflicted = open_conflicts(self.store, self.aid)
        position = s.row.get("position")
        if position in self.ids:
            self.index = self.ids.index(position)
        else:
            self.index = self._next_open(-1, wrap=False) or 0

    def _load_keeping_index(self, *, reload: bool = True) -> None:
        """Read again (after another writer or service) and redraw, on the same question."""
        index = self.index
        if reload and self.session is not None:
            self.session.reload()
        self._load()
        self.index = index
        self.refresh_texts()

    @property
    def answers(self) -> Mapping[str, Answer]:
        return self.session.answers if self.session is not None else {}

    @property
    def result(self) -> Result:
        assert self.session is not None
        return self.session.result

    @property
    def question(self) -> Question:
        return self.order[self.index]

    def _section_index(self, qid: str) -> int:
        return self.section_at[qid]

    def _applies(self, i: int) -> bool:
        """Does question `i` fit this vendor (its platforms, an earlier answer)? Issue 15: a
        question that does not apply is neither shown nor counted."""
        assert self.session is not None
        return self.session.applies(self.ids[i])

    def _step(self, start: int, step: int) -> int | None:
        """The nearest question from `start` (inclusive) in direction `step` that applies."""
        i = start
        while 0 <= i < len(self.order):
            if self._applies(i):
                return i
            i += step
        return None

    def _next_open(self, after: int, *, wrap: bool = True) -> int | None:
        """The next question with no answer at all (then one left unknown), after `after`."""
        n = len(self.order)
        span = [(after + k) % n for k in range(1, n + 1)] if wrap else range(after + 1, n)
        span = [i for i in span if self._applies(i)]
        for missing in (lambda a: a is None, lambda a: a is not None and a.value == UNKNOWN):
            for i in span:
                if missing(self.answers.get(self.ids[i])):
                    return i
        return None

    # --- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="assess-body"):
            yield Choices(id="sections")
            yield QuestionPane(id="question", can_focus=False)
            yield ScorePanel(id="panel")
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p still works; see ?

    @property
    def pane(self) -> QuestionPane:
        return self.query_one(QuestionPane)

    def on_mount(self) -> None:
        self._load()
        self.refresh_texts()
        self.set_interval(RELOAD_CHECK, self._check_reload)

    def on_unmount(self) -> None:
        self._save_on_unmount()

    def refresh_texts(self) -> None:
        """Everything drawn again in the current language (f2), from the stored state."""
        title = self.checklist.title.get(self.lang)
        self.sub_title = f"{self.vendor_name} · {title}"
        self.pane.set_labels(self.lang)
        self._group_keys()
        sections = self.query_one("#sections", OptionList)
        sections.set_options(
            Option(self._section_text(i), id=s.id) for i, s in enumerate(self.checklist.sections)
        )
        self._show_panel()
        self._render_question()
        self._set_status(self._read_only_text() if self.final else "")

    def _group_keys(self) -> None:
        """Put y/n/u and ←/→ under one footer label each, in the current language."""
        bmap = self._bindings.key_to_bindings
        for key, bindings in list(bmap.items()):
            bmap[key] = [
                dataclasses.replace(
                    b, group=Binding.Group(tr(self.lang, self.KEY_GROUPS[b.action]), compact=True)
                )
                if b.action in self.KEY_GROUPS and b.show
                else b
                for b in bindings
            ]

    def _section_text(self, i: int) -> Text:
        current = self._section_index(self.question.id) == i
        s = self.checklist.sections[i]
        n = sum(q.id in self.conflicted for q in s.questions)
        return section_prompt(self.result.sections[i], self.lang, current, conflicts=n)

    def _update_sections(self, *indexes: int) -> None:
        sections = self.query_one("#sections", OptionList)
        for i in set(indexes):
            sections.replace_option_prompt_at_index(i, self._section_text(i))
        sections.highlighted = self._section_index(self.question.id)

    def _show_panel(self) -> None:
        self.query_one(ScorePanel).show(
            self.result, self.lang, final=self.final, when=self.finalized_at
        )

    def _render_question(self) -> None:
        q, lang = self.question, self.lang
        sidx = self._section_index(q.id)
        where = where_line(self.checklist, self.result, q.id, sidx, self.lang)
        if q.id in self.conflicted:
            where += self.t("  ≠ 与合同矛盾（X 解决）", "  ≠ contradicts the contract (X settles)")
        self.pane.show(
            q,
            self.answers.get(q.id),
            lang,
            where=where,
            final=self.final,
            why=self._why.get(q.id, ""),
        )
        self.shown = self.index
        self._focus_answer()
        a = self.answers.get(q.id)
        keys = (q.kind, a is not None and a.source in UNCONFIRMED, self.final, lang)
        if keys != self._keys_for:  # the footer is rebuilt only when its keys change
            self._keys_for = keys
            self.refresh_bindings()

    def _focus_answer(self) -> None:
        if not self.pane.focus_answer(self.question, self.final):
            self.query_one("#sections", OptionList).focus()

    def _set_status(self, text: str, style: str = "green") -> None:
        self.pane.set_status(text, style)

    def _read_only_text(self) -> str:
        return self.t(
            "该评估已定稿，只能查看。要更新，请回主页按 r 发起重新评估。",
            "This assessment is final and read-only. To update it, press r on home to re-assess.",
        )

    # --- key availability (footer and palette follow the question's kind) ----------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not hasattr(self, "order"):
            return True
        kind = self.question.kind
        if action in ("answer_yes", "answer_no"):
            return kind == "yes_no"
        if action == "answer":
            return kind in ("choice", "rating")
        if action in ("page_prev", "page_next"):
            return isinstance(self.focused, Input)
        if action == "confirm_suggestion":
            a = self.answers.get(self.question.id)
            return a is not None and a.source in UNCONFIRMED
        return True

    # --- typing and picking ---

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if self.shown is None:
            return
        if event.input.id == "value":
            self.pane.show_bands(self.order[self.shown], self.lang)
            if self.order[self.shown].kind == "number":
                return  # a number is saved on enter or when leaving the question
        if self._save_timer is not None:
            self._save_timer.stop()
        if not self.final and self._pending() is not None:
            self._unsaved = (self.shown, *self.pane.fields(), self.pane.typed())
            self._save_timer = self.set_timer(SAVE_DELAY, self._flush)

    @on(Input.Submitted, "#value")
    def _value_submitted(self, event: Input.Submitted) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        raw = event.value.strip()
        if raw:
            self._store_answer(raw, at=self.shown, advance=True)
        else:
            self.action_next_question()

    @on(Input.Submitted, "#note, #evidence")
    def _field_submitted(self) -> None:
        self._flush()

    @on(OptionList.OptionSelected, "#options")
    def _option_picked(self, event: OptionList.OptionSelected) -> None:
        if self.shown is None:
            return
        value = str(event.option.id)
        rating = self.order[self.shown].kind == "rating" and value.isdigit()
        self._store_answer(int(value) if rating else value, at=self.shown, advance=True)

    @on(OptionList.OptionSelected, "#sections")
    def _section_picked(self, event: OptionList.OptionSelected) -> None:
        self.jump_to_section(event.option_index)

    # --- navigation ----------------------------------------------------------------------------

    def go_to(self, question_id: str) -> None:
        """Show question `question_id` (saved as the position to resume on)."""
        self._move(self.ids.index(question_id))

    @user_errors
    def _move(self, index: int, *, save_position: bool = True) -> None:
        self._flush()
        before = self._section_index(self.question.id)
        self.index = index
        if save_position and not self.final and self.session is not None:
            self.session.set_position(self.question.id)
        self._update_sections(before, self._section_index(self.question.id))
        self._render_question()

    def action_next_question(self) -> None:
        target = self._step(self.index + 1, 1)
        if target is not None:
            self._move(target)
        else:
            self.notify(self.t("已是最后一题", "This is the last question"))

    def action_prev_question(self) -> None:
        target = self._step(self.index - 1, -1)
        if target is not None:
            self._move(target)

    def action_page_next(self) -> None:
        self.action_next_question()

    def action_page_prev(self) -> None:
        self.action_prev_question()

    def action_next_unanswered(self) -> None:
        self._flush()
        target = self._next_open(self.index)
        if target is None or (target == self.index and self.question.id in self.answers):
            self.notify(
                self.t("每道题都已回答，可以按 F 定稿", "Every question is answered: F finalizes")
            )
        else:
            self._move(target)

    def action_back(self) -> None:
        """esc: from the note or evidence field back to the answer, else out to home."""
        self._flush()
        focused = self.focused
        if isinstance(focused, Input):
            if focused.id != "value" and not self.final:
                self._focus_answer()
            else:
                self.query_one("#sections", OptionList).focus()
            return
        self.app.pop_screen()
