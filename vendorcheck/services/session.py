"""One open assessment, as the terminal app and `vendorcheck assess` hold it while answering.

`AssessmentSession` keeps the checklist, the vendor, the answers and the live score
(core.live_score) of one assessment. Each answer is written through at once, in one store
transaction with the new score summary and the position to resume on (BEGIN IMMEDIATE:
`Store.atomic`), so a quit or a kill -9 loses nothing; the score is updated incrementally
instead of reading every answer back and rescoring the whole checklist on each key.

Another writer of the same file (the CLI while the app is open, another app) is noticed by the
store's revision (SQLite's data_version and this connection's own change count): inside the
write transaction, before anything is written, a session that is behind reloads from the file
and then applies the answer on what is really there, so it never overwrites what another
process wrote nor shows a score the file does not hold. `refresh()` does the same between keys.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from vendorcheck.core.answers import Answer, Source, check_value
from vendorcheck.core.errors import Conflict, UserError
from vendorcheck.core.live_score import LiveScore
from vendorcheck.core.models import Checklist, Question
from vendorcheck.core.scoring import Result, score
from vendorcheck.services.rescoring import fit_of, method_of
from vendorcheck.store import Store


def _final() -> Conflict:
    return Conflict(
        "this assessment is final and cannot be changed; start a re-assessment instead",
        "该评估已定稿，不能修改；请发起重新评估",
    )


class AssessmentSession:
    """One assessment's state, kept in step with the file (see the module doc)."""

    def __init__(self, store: Store, aid: str) -> None:
        self.store = store
        self.aid = aid
        self._live: LiveScore | None = None
        self._revision: tuple[int, int] | None = None
        self._applying: tuple[Result | None, frozenset[str]] = (None, frozenset())
        self.loads = 0
        """How many times the state was read from the file (a shell redraws when it moved)."""
        self._load()

    # --- state --------------------------------------------------------------------------------

    def _load(self) -> None:
        """Everything read again from the file: the row, the vendor, the answers, the score."""
        store = self.store
        self.row: dict[str, Any] = dict(store.assessment(self.aid))
        self.checklist: Checklist = store.checklist(self.row["checklist_sha256"])
        self.vendor: dict[str, Any] = store.vendor(str(self.row["vendor_id"]))
        answers = store.answers(self.aid)
        fit = fit_of(self.vendor)
        if self.final:  # read-only, scored with the method it was sealed with
            self._live = None
            self._answers = answers
            self._result = score(self.checklist, answers, fit=fit, method=method_of(self.row))
        else:
            self._live = LiveScore(self.checklist, answers, fit)
        self._revision = store.revision()
        self.loads += 1

    @property
    def final(self) -> bool:
        return bool(self.row["status"] != "draft")

    @property
    def answers(self) -> Mapping[str, Answer]:
        return self._live.answers if self._live is not None else self._answers

    @property
    def result(self) -> Result:
        return self._live.result if self._live is not None else self._result

    def stale(self) -> bool:
        """Has anything written to the file since this session last read or wrote it?"""
        return self._revision is None or self.store.revision() != self._revision

    def refresh(self) -> bool:
        """Reload when another writer changed the file; whether it did."""
        if not self.stale():
            return False
        self._load()
        return True

    def reload(self) -> None:
        """Reload unconditionally (after another service wrote through this connection)."""
        self._load()

    def applies(self, question_id: str) -> bool:
        """Does the question fit this vendor, given the answers so far (issue 15)?"""
        result, ids = self._applying
        if result is not self.result:
            ids = frozenset(
                q.question_id for s in self.result.sections for q in s.questions if q.applies
            )
            self._applying = (self.result, ids)
        return question_id in ids

    def next_applying(self, question_id: str) -> str | None:
        """The first question after this one (checklist order) that applies."""
        ids = [q.id for q in self.checklist.questions()]
        later = ids[ids.index(question_id) + 1 :]
        return next((qid for qid in later if self.applies(qid)), None)

    # --- writing ------------------------------------------------------------------------------

    def question(self, question_id: str) -> Question:
        q = self.checklist.question(question_id)
        if q is None:
            raise UserError(
                f"no question {question_id!r} in {self.checklist.id}",
                f"清单 {self.checklist.id} 中没有问题 {question_id}",
            )
        return q

    def answer(
        self,
        question_id: str,
        raw: Any,
        *,
        note: str = "",
        evidence: str = "",
        source: Source = "merchant",
        position: str | None = None,
        advance: bool = False,
    ) -> Result:
        """Validate, store and score one answer in one committed transaction; the new score.
        The question to resume on is saved with it: `position`, or with `advance` the next one
        that applies given this answer (its depends_on may open or close later questions)."""
        q = self.question(question_id)
        ans = Answer(
            question_id=q.id, value=check_value(q, raw), note=note, evidence=evidence, source=source
        )
        with self._writing() as live:
            result = live.set(ans)
            if advance:
                position = self.next_applying(q.id)
            self.store.save_answer(self.aid, ans, result, position)
            if position is not None:
                self.row["position"] = position
        return result

    def answer_all(self, answers: Sequence[Answer]) -> Result:
        """Several checked answers (a document, a contract's suggestions) in one transaction."""
        with self._writing() as live:
            for ans in answers:
                self.question(ans.question_id)  # an id of this checklist, or a UserError
                live.set(ans)
            if answers:
                self.store.set_answers(self.aid, list(answers), live.result)
        return self.result

    def clear(self, question_id: str) -> Result:
        """The question's answer removed; the new score."""
        with self._writing() as live:
            result = live.clear(question_id)
            self.store.clear_answer(self.aid, question_id, result)
        return result

    def set_position(self, question_id: str) -> None:
        """The question to resume on (a draft only; moving never rescores)."""
        with self._writing():
            self.store.set_position(self.aid, question_id)
            self.row["position"] = question_id

    @contextmanager
    def _writing(self) -> Iterator[LiveScore]:
        """One write transaction: behind the file, reload first (inside the transaction, so
        what is read is what the write goes onto); a failed write reloads what was kept."""
        try:
            with self.store.atomic():
                if self.stale():
                    self._load()
                if self._live is None:
                    raise _final()
                yield self._live
                self._revision = self.store.revision()  # before COMMIT: nobody else can write
        except BaseException:
            self._revision = None  # rolled back: what the session holds may not be the file's
            with suppress(UserError):  # still busy: the next call reloads
                self._load()
            raise
