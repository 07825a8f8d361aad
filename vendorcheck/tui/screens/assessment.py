"""The assessment walk-through: one question at a time, every answer saved the moment it is given.

Left, the sections with answered/total and their score; middle, the question, its help text, an
answer widget fitting its kind, a note and an evidence field; right, the live total, grade,
verdict and red flags. Answers go through services.assessing (validated, rescored, committed in
one transaction together with the position), so leaving, quitting or a kill -9 loses nothing and
reopening resumes on the same question. A contract can be loaded (`l`): it is scanned in a thread
and the contract questions are pre-filled as *suggested* answers (source "suggested", as
`vendorcheck assess --contract` stores them) with their quotes, until the merchant confirms them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList
from textual.widgets.option_list import Option

from vendorcheck.core.answers import Answer
from vendorcheck.core.contracts import ScanResult
from vendorcheck.core.errors import UserError
from vendorcheck.core.models import UNKNOWN, Question
from vendorcheck.core.scoring import Result
from vendorcheck.services import assessing
from vendorcheck.services.labels import grade_text, verdict_label
from vendorcheck.tui.screens.assess_keys import KeyFeedback, SectionsProvider
from vendorcheck.tui.screens.base import AppScreen, bug_error, styles, user_errors
from vendorcheck.tui.screens.conflicts import open_conflicts, record_conflicts, scan_message
from vendorcheck.tui.screens.dialogs import ConfirmScreen, TextPrompt
from vendorcheck.tui.screens.questionnaire import QuestionnaireActions
from vendorcheck.tui.text import tr
from vendorcheck.tui.widgets.assessment import (
    ScorePanel,
    answer_label,
    section_prompt,
    where_line,
)
from vendorcheck.tui.widgets.question import Choices, QuestionPane
from vendorcheck.tui.widgets.titlebar import TitleBar

UNCONFIRMED = ("suggested", "vendor")  # a contract's suggestion, the vendor's declaration
SAVE_DELAY = 0.5  # seconds of no typing before a note, evidence or text answer is saved


class AssessmentScreen(QuestionnaireActions, KeyFeedback, AppScreen[None]):
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

    KEY_LABELS: ClassVar[dict[str, tuple[str, str]]] = {
        "answer_yes": ("是", "Yes"),
        "answer_no": ("否", "No"),
        "answer_unknown": ("不清楚", "Unknown"),
        "answer": ("选择", "Choose"),
        "next_question": ("下一题", "Next"),
        "page_prev": ("上一题", "Previous"),
        "page_next": ("下一题", "Next"),
        "prev_question": ("上一题", "Previous"),
        "next_unanswered": ("下一未答", "Next open"),
        "confirm_suggestion": ("确认建议", "Confirm"),
        "clear_answer": ("清除回答", "Clear answer"),
        "load_contract": ("载入合同", "Contract"),
        "finalize": ("定稿", "Finalize"),
        "todo": ("谈判待办", "To-do"),
        "pick_section": ("跳到部分", "Jump to section"),
        **QuestionnaireActions.KEY_LABELS,
        "conflicts": ("合同矛盾", "Conflicts"),
    }
    KEY_HELP: ClassVar[dict[str, tuple[str, str]]] = {
        "answer_yes": ("回答“是”并前往下一题", "Answer yes and go to the next question"),
        "answer_no": ("回答“否”并前往下一题", "Answer no and go to the next question"),
        "answer_unknown": ("标为“不清楚”（不得分）", "Mark unknown (earns nothing)"),
        "next_question": (
            "下一题（PgDn 在输入框中也可用）",
            "Next question (PgDn works in fields)",
        ),
        "prev_question": ("上一题（PgUp）", "Previous question (PgUp)"),
        "page_prev": ("在输入框中回到上一题", "Previous question, from a field"),
        "page_next": ("在输入框中前往下一题", "Next question, from a field"),
        "next_unanswered": ("跳到下一道还没回答的题", "Jump to the next unanswered question"),
        "confirm_suggestion": (
            "确认根据合同建议或服务商自述的答案（变为你的回答）",
            "Confirm the answer suggested from the contract or declared by the vendor",
        ),
        "clear_answer": ("清除这道题的回答", "Clear this question's answer"),
        "load_contract": (
            "读取服务商合同，预填合同风险题（待你确认）",
            "Read the vendor's contract and pre-fill the contract questions",
        ),
        "finalize": ("定稿：之后不能再修改", "Finalize: it cannot change afterwards"),
        "todo": (
            "签约前的谈判待办（可逐项标为已谈妥）",
            "What to negotiate before signing, tickable",
        ),
        "back": ("返回主页（所有回答已保存）", "Back to home (every answer is saved)"),
        "answer": ("选第 N 个选项或评分 N（N = 1-9）", "Pick option N, or rate N (N = 1-9)"),
        "pick_section": (
            "列出各部分（已答/总数），选一个跳到它的第一道未答题",
            "List the sections (answered/total) and jump to one's first open question",
        ),
        **QuestionnaireActions.KEY_HELP,
        "conflicts": (
            "合同与你的回答矛盾之处（≠），逐条保留你的回答或采用合同的",
            "Where the contract contradicts your answers (≠): keep yours or take its, one by one",
        ),
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "answer(1)", "Choose", key_display="1-9", id="assessment.answer_1"),
        Binding("y", "answer_yes", "Yes", id="assessment.yes"),
        Binding("n", "answer_no", "No", id="assessment.no"),
        Binding("u", "answer_unknown", "Unknown", id="assessment.unknown"),
        *(
            Binding(str(i), f"answer({i})", show=False, id=f"assessment.answer_{i}")
            for i in range(2, 10)
        ),
        Binding("left", "prev_question", "Previous", key_display="←", id="assessment.previous"),
        Binding("right", "next_question", "Next", key_display="→", id="assessment.next"),
        # In a number or text field ← → move the cursor: there PgUp/PgDn move on instead.
        Binding("pageup", "page_prev", "Previous", key_display="PgUp", priority=True,
                id="assessment.page_previous"),
        Binding("pagedown", "page_next", "Next", key_display="PgDn", priority=True,
                id="assessment.page_next"),
        Binding("g", "next_unanswered", "Next open", id="assessment.next_open"),
        Binding("s", "pick_section", "Sections", show=False, id="assessment.sections"),
        Binding("f4", "pick_section", "Sections", show=False, id="assessment.sections_f4"),
        Binding("c", "confirm_suggestion", "Confirm", id="assessment.confirm"),
        Binding("delete", "clear_answer", "Clear answer", show=False, id="assessment.clear"),
        Binding("l", "load_contract", "Load contract", id="assessment.contract"),
        Binding("F", "finalize", "Finalize", key_display="F", id="assessment.finalize"),
        Binding("t", "todo", "To-do", show=False, id="assessment.todo"),  # ? and ctrl+p
        Binding("X", "conflicts", "Conflicts", show=False, id="assessment.conflicts"),
        # Focus moves only: never an answer, whatever the focused list would do with the key.
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
        *QuestionnaireActions.BINDINGS,
        Binding("escape", "back", "Back", key_display="esc", id="assessment.back"),
    ]  # fmt: skip

    # Footer groups (one label for several keys), so the footer fits 120 columns in both languages.
    KEY_GROUPS: ClassVar[dict[str, tuple[str, str]]] = {
        "answer_yes": ("是/否/不清楚", "Yes/No/Unknown"),
        "answer_no": ("是/否/不清楚", "Yes/No/Unknown"),
        "answer_unknown": ("是/否/不清楚", "Yes/No/Unknown"),
        "prev_question": ("上一题/下一题", "Prev/Next"),
        "next_question": ("上一题/下一题", "Prev/Next"),
        "page_prev": ("上一题/下一题", "Prev/Next"),
        "page_next": ("上一题/下一题", "Prev/Next"),
    }

    def __init__(self, aid: str) -> None:
        super().__init__()
        self.aid = aid
        self.index = 0
        self.answers: dict[str, Answer] = {}
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
        row = self.store.assessment(self.aid)
        self.final: bool = row["status"] != "draft"
        self.finalized_at: str | None = row.get("finalized_at")
        self.checklist = assessing.checklist_of(self.store, self.aid)
        self.order: list[Question] = self.checklist.questions()
        self.ids = [q.id for q in self.order]
        self.section_at = {
            q.id: i for i, s in enumerate(self.checklist.sections) for q in s.questions
        }
        self.vendor_name = self.store.vendor(row["vendor_id"])["name"]
        self.answers = self.store.answers(self.aid)
        self.result: Result = assessing.result_of(self.store, self.aid)
        self.conflicted = open_conflicts(self.store, self.aid)
        position = row.get("position")
        if position in self.ids:
            self.index = self.ids.index(position)
        else:
            self.index = self._next_open(-1, wrap=False) or 0

    @property
    def question(self) -> Question:
        return self.order[self.index]

    def _section_index(self, qid: str) -> int:
        return self.section_at[qid]

    def _applies(self, i: int) -> bool:
        """Does question `i` fit this vendor (its platforms, an earlier answer)? Issue 15: a
        question that does not apply is neither shown nor counted."""
        return any(
            q.applies
            for s in self.result.sections
            for q in s.questions
            if q.question_id == self.ids[i]
        )

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

    def on_unmount(self) -> None:
        """Quit (ctrl+q) while typing: what was typed is saved before the store closes (the
        widgets are gone by now, so from the copy `_typed` keeps)."""
        if self._save_timer is None or self._unsaved is None or self.final:
            return
        i, note, evidence, typed = self._unsaved
        raw = self._pending_from(i, note, evidence, typed)
        if raw is not None:
            a = self.answers.get(self.ids[i])
            source = a.source if a is not None and raw == a.value else "merchant"
            assessing.answer(
                self.store, self.aid, self.ids[i], raw, note=note, evidence=evidence, source=source
            )

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

    # --- saving --------------------------------------------------------------------------------

    def _refused(self) -> bool:
        if self.final:
            self._set_status(self._read_only_text(), "bold yellow")
            self.notify(self._read_only_text(), severity="warning")
        return self.final

    def _fields_of(self, i: int) -> tuple[str, str]:
        """Note and evidence of question `i`: as typed if it is the one drawn, else as stored."""
        if i == self.shown:
            return self.pane.fields()
        a = self.answers.get(self.ids[i])
        return (a.note, a.evidence) if a else ("", "")

    def _store_answer(
        self,
        raw: Any,
        *,
        at: int | None = None,
        source: str = "merchant",
        advance: bool = False,
        quiet: bool = False,
    ) -> bool:
        """Save question `at`'s answer (default: the current one) with its note and evidence.

        The panel and the section list are updated at once; moving on to the next question is
        drawn right after that frame, so the new score shows within the frame of the key.
        """
        if self._refused():
            return False
        old = self.index if at is None else at
        q = self.order[old]
        note, evidence = self._fields_of(old)
        try:
            with self.store.atomic():  # the answer and the position commit together
                self.result = assessing.answer(
                    self.store, self.aid, q.id, raw, note=note, evidence=evidence,
                    source=source,  # type: ignore[arg-type]
                )  # fmt: skip
                # The next question that applies, given this answer (issue 15: depends_on).
                target = self._step(old + 1, 1) if advance else None
                if target is not None:
                    self.store.set_position(self.aid, self.ids[target])
        except UserError as e:
            self._set_status(e.text(self.lang), "bold red")
            self.app.show_error(e)  # type: ignore[attr-defined]
            return False
        self.answers = self.store.answers(self.aid)
        if q.id in self.conflicted:  # answering as the contract says settles the conflict
            self.conflicted = open_conflicts(self.store, self.aid)
        self._show_panel()
        if not quiet:
            label = answer_label(q, self.answers.get(q.id), self.lang)
            self._set_status(
                self.t(f"已保存：第 {old + 1} 题 = {label}", f"Saved: question {old + 1} = {label}")
                + (self.t("（← 返回可补充备注）", " (← to add a note)") if target else "")
            )
        if target is not None:
            self.index = target
        changed = {self._section_index(q.id), self._section_index(self.question.id)}
        if quiet:
            self._update_sections(*changed)
        else:
            self._redraw_soon(changed)
        return True

    def _redraw_soon(self, sections: set[int]) -> None:
        """Question and section list after the frame that shows the panel's new figures
        (redrawing the section list costs more than the rest of that frame together)."""
        self._stale_sections |= sections
        if not self._redraw_pending:
            self._redraw_pending = True
            self.call_after_refresh(self._redraw)

    def _redraw(self) -> None:
        self._redraw_pending = False
        if self.is_attached:
            self._update_sections(*self._stale_sections)
            self._stale_sections = set()
            self._render_question()

    def _pending(self) -> Any | None:
        """The raw value to save when a field of the drawn question differs from the store."""
        if self.shown is None:
            return None
        return self._pending_from(self.shown, *self.pane.fields(), self.pane.typed())

    def _pending_from(self, i: int, note: str, evidence: str, typed: str) -> Any | None:
        q = self.order[i]
        a = self.answers.get(q.id)
        stored = "" if a is None or a.value == UNKNOWN else str(a.value)
        if q.kind in ("number", "text") and typed != stored and not self.final:
            if typed:
                return typed
            if a is not None:
                return UNKNOWN
        if (note, evidence) != ((a.note, a.evidence) if a else ("", "")):
            return a.value if a else UNKNOWN
        return None

    def _flush(self) -> None:
        """Save what was typed into the note, evidence or text field and not saved yet."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.shown is None or self.final:
            return
        raw = self._pending()
        if raw is None:
            return
        a = self.answers.get(self.ids[self.shown])
        unchanged = a is not None and raw == a.value
        source = a.source if unchanged and a is not None else "merchant"
        if self._store_answer(raw, at=self.shown, source=source, quiet=True):
            self._set_status(self.t("已自动保存", "Saved"))

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
        if save_position and not self.final:
            self.store.set_position(self.aid, self.question.id)
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

    # --- answering -----------------------------------------------------------------------------

    def action_answer_yes(self) -> None:
        self._store_answer("yes", advance=True)

    def action_answer_no(self) -> None:
        self._store_answer("no", advance=True)

    def action_answer_unknown(self) -> None:
        self._store_answer(UNKNOWN, advance=True)

    def action_answer(self, number: int) -> None:
        q = self.question
        if q.kind == "rating" and 1 <= number <= 5:
            self._store_answer(number, advance=True)
        elif q.kind == "choice" and number <= len(q.options):
            self._store_answer(q.options[number - 1].id, advance=True)
        else:
            reason = self.refusal("answer")
            if reason:
                self.refuse(reason)

    def action_confirm_suggestion(self) -> None:
        a = self.answers.get(self.question.id)
        if a is not None and a.source in UNCONFIRMED:
            self._store_answer(a.value, advance=True)

    @user_errors
    def action_clear_answer(self) -> None:
        if self._refused() or self.question.id not in self.answers:
            return
        self.result = assessing.clear_answer(self.store, self.aid, self.question.id)
        self.answers = self.store.answers(self.aid)
        self._show_panel()
        self._update_sections(self._section_index(self.question.id))
        self._render_question()
        self._set_status(self.t("已清除回答", "Answer cleared"))

    # --- finalize ------------------------------------------------------------------------------

    def action_finalize(self) -> None:
        if self._refused():
            return
        self._flush()
        r = self.result
        pending = sum(a.source == "suggested" for a in self.answers.values())
        zh = (
            f"定稿后这份评估不能再修改（以后只能发起重新评估）。\n"
            f"总分 {r.score:.1f}，等级 {grade_text(r.grade)}，结论 {verdict_label(r.verdict, 'zh') or '暂无'}，"
            f"完成度 {r.completeness:.0%}。"
        )
        en = (
            "A final assessment cannot be changed afterwards (only re-assessed).\n"
            f"Score {r.score:.1f}, grade {grade_text(r.grade)}, verdict {verdict_label(r.verdict, 'en') or 'none yet'}, "
            f"{r.completeness:.0%} complete."
        )
        if pending:
            zh += f"\n还有 {pending} 个根据合同建议的答案未确认，将按建议定稿。"
            en += (
                f"\n{pending} answers suggested from the contract are unconfirmed and will be kept."
            )
        self.app.push_screen(
            ConfirmScreen(zh + "\n现在定稿吗？", en + "\nFinalize now?"), self._finalized
        )

    @user_errors
    def _finalized(self, yes: bool | None) -> None:
        if not yes:
            return
        assessing.finalize_assessment(self.store, self.aid)
        self._load_keeping_index()
        self.notify(self.t("已定稿，之后不能再修改", "Finalized: it cannot change from now on"))

    def _load_keeping_index(self) -> None:
        index = self.index
        self._load()
        self.index = index
        self.refresh_texts()

    def action_todo(self) -> None:
        """The negotiation to-do list of this vendor (issue 17), beside the assessment."""
        from vendorcheck.tui.screens.todo import TodoScreen

        self.app.push_screen(TodoScreen(self.store.assessment(self.aid)["vendor_id"]))

    # --- contract ------------------------------------------------------------------------------

    def action_load_contract(self) -> None:
        if self._refused():
            return
        self.app.push_screen(
            TextPrompt(
                "服务商合同文件路径（.txt .md .docx .pdf），回车读取",
                "Path of the vendor's contract (.txt .md .docx .pdf), enter reads it",
                self._last_contract,
            ),
            self._contract_chosen,
        )

    def _contract_chosen(self, path: str | None) -> None:
        if path and path.strip():
            self._last_contract = path.strip()
            file = Path(path.strip()).expanduser()
            self._set_status(
                self.t(f"正在读取合同 {file.name}…", f"Reading {file.name}…"), "yellow"
            )
            self.scan_contract(file)

    @work(thread=True, exclusive=True, group="contract", exit_on_error=False)
    def scan_contract(self, file: Path) -> None:
        """Read and scan the file off the UI thread; the answers are stored on the UI thread.
        A scanner bug is a status line, not the end of the app (issue 20)."""
        from vendorcheck.services import contracts

        try:
            result = contracts.scan_file(file, explain=True)
        except UserError as e:  # OS refusals included: services.contracts names the file
            self.app.call_from_thread(self._scan_failed, e)
            return
        except Exception as e:  # a bug in the scanner: the merchant's work so far stays
            self.app.call_from_thread(self._scan_failed, bug_error(file, e))
            return
        self.app.call_from_thread(self._apply_scan, result)

    def _scan_failed(self, error: UserError) -> None:
        self.app.show_error(error)  # type: ignore[attr-defined]
        if self.is_attached:
            self._set_status(error.text(self.lang), "bold red")

    @user_errors
    def _apply_scan(self, scan: ScanResult) -> None:
        """Suggestions for the questions the merchant has not answered themselves."""
        from vendorcheck.services import contracts

        if not self.is_attached:  # the merchant left while it was read: nothing is written
            return
        if self._refused():
            return
        self._flush()
        suggested = contracts.suggest_answers(self.checklist, scan)
        self._why = contracts.explain_by_question(scan, self.lang)
        mine = {q for q, a in self.answers.items() if a.source == "merchant" and q in suggested}
        todo = [a for q, a in suggested.items() if q not in mine]
        with self.store.atomic():
            for a in todo:
                self.result = assessing.answer(
                    self.store, self.aid, a.question_id, a.value, note=a.note,
                    evidence=a.evidence, source="suggested",
                )  # fmt: skip
        self.answers = self.store.answers(self.aid)
        found = record_conflicts(self.store, self.aid, suggested, scan.file)
        self.conflicted = {c.question_id for c in found}
        message = scan_message(Path(scan.file).name, len(todo), len(mine), len(found), self.lang)
        self.notify(message, severity="warning" if found else "information")
        self.refresh_texts()
        self._set_status(message, "bold yellow" if found else "green")
        if todo:
            self.go_to(todo[0].question_id)
        if found:
            self.action_conflicts()

    def action_conflicts(self) -> None:
        """The open contradictions with the contract, each settled by key (screens.conflicts)."""
        from vendorcheck.tui.screens.conflicts import ConflictScreen

        if not self.conflicted:
            self.notify(self.t("合同与你的回答没有矛盾", "No contradictions with the contract"))
            return
        self.app.push_screen(ConflictScreen(self.aid), self._conflicts_settled)

    def _conflicts_settled(self, settled: int | None) -> None:
        if settled:
            self._load_keeping_index()
