"""Answering on the assessment screen: every answer saved the moment it is given, through the
screen's AssessmentSession (services.session), which writes it, the new score summary and the
question to resume on in one transaction and updates the score incrementally.

Typing in a note, evidence or text field is saved after SAVE_DELAY of no typing, on enter and on
leaving the question; a quit while typing saves what was typed (`on_unmount`). Another process
writing the same draft (the CLI while the app is open) is picked up every RELOAD_CHECK seconds
and before each write, and the screen redrawn from what the file holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vendorcheck.core.answers import Source
from vendorcheck.core.errors import UserError
from vendorcheck.core.models import UNKNOWN
from vendorcheck.services import assessing
from vendorcheck.services.labels import grade_text, verdict_label
from vendorcheck.tui.screens.base import user_errors
from vendorcheck.tui.screens.dialogs import ConfirmScreen
from vendorcheck.tui.widgets.assessment import answer_label

if TYPE_CHECKING:
    from vendorcheck.services.session import AssessmentSession

UNCONFIRMED = ("suggested", "vendor")  # a contract's suggestion, the vendor's declaration
SAVE_DELAY = 0.5  # seconds of no typing before a note, evidence or text answer is saved
RELOAD_CHECK = 1.0  # seconds between checks for another writer of the same file


class AnswerActions:
    """Mixed into AssessmentScreen (its `session`, `order`, `ids`, `pane`, `index`, `shown`)."""

    session: AssessmentSession

    def _refused(self) -> bool:
        s: Any = self
        if s.final:
            s._set_status(s._read_only_text(), "bold yellow")
            s.notify(s._read_only_text(), severity="warning")
        return bool(s.final)

    def _fields_of(self, i: int) -> tuple[str, str]:
        """Note and evidence of question `i`: as typed if it is the one drawn, else as stored."""
        s: Any = self
        if i == s.shown:
            note, evidence = s.pane.fields()
            return note, evidence
        a = self.session.answers.get(s.ids[i])
        return (a.note, a.evidence) if a else ("", "")

    def _store_answer(
        self,
        raw: Any,
        *,
        at: int | None = None,
        source: Source = "merchant",
        advance: bool = False,
        quiet: bool = False,
    ) -> bool:
        """Save question `at`'s answer (default: the current one) with its note and evidence.

        The panel and the section list are updated at once; moving on to the next question is
        drawn right after that frame, so the new score shows within the frame of the key.
        """
        s: Any = self
        if self._refused():
            return False
        old = s.index if at is None else at
        q = s.order[old]
        note, evidence = self._fields_of(old)
        loads = self.session.loads
        try:  # the answer and the position to resume on commit together
            self.session.answer(
                q.id, raw, note=note, evidence=evidence, source=source, advance=advance
            )
        except UserError as e:
            s._set_status(e.text(s.lang), "bold red")
            s.app.show_error(e)
            return False
        if self.session.loads != loads:  # another writer came first: redraw from the file
            self._reloaded()
        # The next question that applies, given this answer (issue 15: depends_on).
        target = s._step(old + 1, 1) if advance else None
        if q.id in s.conflicted:  # answering as the contract says settles the conflict
            s._reload_conflicts()
        s._show_panel()
        if not quiet:
            label = answer_label(q, self.session.answers.get(q.id), s.lang)
            s._set_status(
                s.t(f"已保存：第 {old + 1} 题 = {label}", f"Saved: question {old + 1} = {label}")
                + (s.t("（← 返回可补充备注）", " (← to add a note)") if target else "")
            )
        if target is not None:
            s.index = target
        changed = {s._section_index(q.id), s._section_index(s.question.id)}
        if quiet:
            s._update_sections(*changed)
        else:
            self._redraw_soon(changed)
        return True

    def _redraw_soon(self, sections: set[int]) -> None:
        """Question and section list after the frame that shows the panel's new figures
        (redrawing the section list costs more than the rest of that frame together)."""
        s: Any = self
        s._stale_sections |= sections
        if not s._redraw_pending:
            s._redraw_pending = True
            s.call_after_refresh(self._redraw)

    def _redraw(self) -> None:
        s: Any = self
        s._redraw_pending = False
        if s.is_attached:
            s._update_sections(*s._stale_sections)
            s._stale_sections = set()
            s._render_question()

    def _pending(self) -> Any | None:
        """The raw value to save when a field of the drawn question differs from the store."""
        s: Any = self
        if s.shown is None:
            return None
        note, evidence = s.pane.fields()
        return self._pending_from(s.shown, note, evidence, s.pane.typed())

    def _pending_from(self, i: int, note: str, evidence: str, typed: str) -> Any | None:
        s: Any = self
        q = s.order[i]
        a = self.session.answers.get(q.id)
        stored = "" if a is None or a.value == UNKNOWN else str(a.value)
        if q.kind in ("number", "text") and typed != stored and not s.final:
            if typed:
                return typed
            if a is not None:
                return UNKNOWN
        if (note, evidence) != ((a.note, a.evidence) if a else ("", "")):
            return a.value if a else UNKNOWN
        return None

    def _source_for(self, i: int, raw: Any) -> Source:
        """A note added to a suggestion keeps it a suggestion; a changed value is the merchant's."""
        s: Any = self
        a = self.session.answers.get(s.ids[i])
        return a.source if a is not None and raw == a.value else "merchant"

    def _flush(self) -> None:
        """Save what was typed into the note, evidence or text field and not saved yet."""
        s: Any = self
        if s._save_timer is not None:
            s._save_timer.stop()
            s._save_timer = None
        if s.shown is None or s.final:
            return
        raw = self._pending()
        if raw is None:
            return
        source = self._source_for(s.shown, raw)
        if self._store_answer(raw, at=s.shown, source=source, quiet=True):
            s._set_status(s.t("已自动保存", "Saved"))

    def _save_on_unmount(self) -> None:
        """Quit (ctrl+q) while typing: what was typed is saved before the store closes (the
        widgets are gone by now, so from the copy `_typed` keeps)."""
        s: Any = self
        if s._save_timer is None or s._unsaved is None or s.final:
            return
        i, note, evidence, typed = s._unsaved
        raw = self._pending_from(i, note, evidence, typed)
        if raw is not None:
            self.session.answer(
                s.ids[i], raw, note=note, evidence=evidence, source=self._source_for(i, raw)
            )

    # --- another writer -----------------------------------------------------------------------

    def _check_reload(self) -> None:
        """Every RELOAD_CHECK s: the file changed under the session (another process, another
        service on this connection)? Reload, and redraw if what is shown changed. Not while a
        field holds unsaved typing: its save reloads first, then writes onto the file's state."""
        s: Any = self
        if not s.is_attached or s._save_timer is not None:
            return
        before = (dict(self.session.answers), self.session.result, self.session.final)
        if not self.session.refresh():
            return
        if before != (dict(self.session.answers), self.session.result, self.session.final):
            self._reloaded()

    def _reloaded(self) -> None:
        """Redraw everything from the session, on the same question."""
        s: Any = self
        s._load_keeping_index(reload=False)

    # --- answering ----------------------------------------------------------------------------

    def action_answer_yes(self) -> None:
        self._store_answer("yes", advance=True)

    def action_answer_no(self) -> None:
        self._store_answer("no", advance=True)

    def action_answer_unknown(self) -> None:
        self._store_answer(UNKNOWN, advance=True)

    def action_answer(self, number: int) -> None:
        s: Any = self
        q = s.question
        if q.kind == "rating" and 1 <= number <= 5:
            self._store_answer(number, advance=True)
        elif q.kind == "choice" and number <= len(q.options):
            self._store_answer(q.options[number - 1].id, advance=True)
        else:
            reason = s.refusal("answer")
            if reason:
                s.refuse(reason)

    def action_confirm_suggestion(self) -> None:
        s: Any = self
        a = self.session.answers.get(s.question.id)
        if a is not None and a.source in UNCONFIRMED:
            self._store_answer(a.value, advance=True)

    @user_errors
    def action_clear_answer(self) -> None:
        s: Any = self
        if self._refused() or s.question.id not in self.session.answers:
            return
        self.session.clear(s.question.id)
        s._show_panel()
        s._update_sections(s._section_index(s.question.id))
        s._render_question()
        s._set_status(s.t("已清除回答", "Answer cleared"))

    # --- finalize -----------------------------------------------------------------------------

    def action_finalize(self) -> None:
        s: Any = self
        if self._refused():
            return
        self._flush()
        r = self.session.result
        pending = sum(a.source == "suggested" for a in self.session.answers.values())
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
        s.app.push_screen(
            ConfirmScreen(zh + "\n现在定稿吗？", en + "\nFinalize now?"), self._finalized
        )

    @user_errors
    def _finalized(self, yes: bool | None) -> None:
        s: Any = self
        if not yes:
            return
        assessing.finalize_assessment(s.store, s.aid)
        s._load_keeping_index()
        s.notify(s.t("已定稿，之后不能再修改", "Finalized: it cannot change from now on"))
