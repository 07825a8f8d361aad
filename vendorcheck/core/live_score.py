"""A draft's score kept up to date answer by answer, equal to scoring it from scratch.

`core.scoring.score` rescores every question of the checklist; an assessment screen needs the
new score after each key, and only one answer changed. `LiveScore` keeps each question's score
and each section's part (`core.scoring.SectionPart`) and, when an answer changes, rescores that
question, the questions whose `depends_on` chain leads to it (their applicability may change),
and the sections they sit in, then `combine`s every section's part into the result, exactly as
`score` does. The result is the same object `score` returns, to the last float (a property
test checks it); drafts only, so method v2 (finals keep the method they were sealed with).
"""

from __future__ import annotations

from collections.abc import Mapping

from vendorcheck.core.answers import Answer
from vendorcheck.core.models import Checklist, Question
from vendorcheck.core.scoring import (
    Fit,
    QuestionScore,
    Result,
    SectionPart,
    applicable,
    applies,
    combine,
    question_score,
    score_section,
)


def dependents(checklist: Checklist) -> dict[str, tuple[Question, ...]]:
    """Question id -> the later questions whose depends_on chain leads to it, in order."""
    ancestors: dict[str, set[str]] = {}
    out: dict[str, list[Question]] = {}
    for q in checklist.questions():
        up: set[str] = set()
        if q.depends_on is not None:
            parent = q.depends_on.question
            up = {parent} | ancestors.get(parent, set())
        ancestors[q.id] = up
        for a in up:
            out.setdefault(a, []).append(q)
    return {k: tuple(v) for k, v in out.items()}


class LiveScore:
    """The score of one draft's answers, updated per answer (see the module doc)."""

    def __init__(
        self, checklist: Checklist, answers: Mapping[str, Answer], fit: Fit | None = None
    ) -> None:
        self.checklist = checklist
        self.fit = fit
        self.answers: dict[str, Answer] = dict(answers)
        self._where: dict[str, tuple[int, int, Question]] = {
            q.id: (i, j, q)
            for i, s in enumerate(checklist.sections)
            for j, q in enumerate(s.questions)
        }
        self._dependents = dependents(checklist)
        self._fits = applicable(checklist, self.answers, fit)
        self._qs: list[list[QuestionScore]] = [
            [question_score(q, self.answers.get(q.id), q.id in self._fits) for q in s.questions]
            for s in checklist.sections
        ]
        self._parts: list[SectionPart] = [
            score_section(s, tuple(qs)) for s, qs in zip(checklist.sections, self._qs, strict=True)
        ]
        self.result: Result = combine(checklist, self._parts)

    def set(self, answer: Answer) -> Result:
        """The score with `answer` given (replacing any earlier answer to its question)."""
        self.answers[answer.question_id] = answer
        return self._changed(answer.question_id)

    def clear(self, question_id: str) -> Result:
        """The score with the question's answer removed."""
        self.answers.pop(question_id, None)
        return self._changed(question_id)

    def _changed(self, question_id: str) -> Result:
        touched = {self._rescore(question_id)}
        for q in self._dependents.get(question_id, ()):
            fits = applies(q, self.answers, self.fit, self._fits)
            if fits == (q.id in self._fits):
                continue  # its own answer did not change, nor whether it applies
            if fits:
                self._fits.add(q.id)
            else:
                self._fits.discard(q.id)
            touched.add(self._rescore(q.id))
        sections = self.checklist.sections
        for i in touched:
            self._parts[i] = score_section(sections[i], tuple(self._qs[i]))
        self.result = combine(self.checklist, self._parts)
        return self.result

    def _rescore(self, question_id: str) -> int:
        """Rescore one question in place; the index of its section."""
        i, j, q = self._where[question_id]
        self._qs[i][j] = question_score(q, self.answers.get(q.id), q.id in self._fits)
        return i
