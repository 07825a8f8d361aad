"""Where a question stands among the questions that count (issue 19 item 7).

"1/61 overall" beside "Complete 0 % (0/60)" read as two different checklists. One definition
serves both the where-line above a question and every answered/total figure: a question counts
when it applies to this vendor and is scored (a free-text note is asked, never counted), which is
what core.scoring counts in `SectionScore.total` and `completeness`. Pure.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from vendorcheck.core.models import Checklist
from vendorcheck.core.scoring import Result


class Position(BaseModel):
    """A counted question's place: k-th of its section's counted ones, n-th of all of them."""

    model_config = ConfigDict(frozen=True)

    in_section: int
    section_total: int
    overall: int
    total: int


def counted(checklist: Checklist, result: Result) -> list[list[str]]:
    """Per section, the ids of the questions that count (apply and are scored), in order."""
    applies = {q.question_id for s in result.sections for q in s.questions if q.applies}
    return [[q.id for q in s.questions if q.scored and q.id in applies] for s in checklist.sections]


def position(checklist: Checklist, result: Result, question_id: str) -> Position | None:
    """Where `question_id` stands among the counted questions; None when it does not count."""
    per_section = counted(checklist, result)
    total = sum(len(ids) for ids in per_section)
    before = 0
    for ids in per_section:
        if question_id in ids:
            k = ids.index(question_id) + 1
            return Position(in_section=k, section_total=len(ids), overall=before + k, total=total)
        before += len(ids)
    return None
