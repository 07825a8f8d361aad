"""What scoring returns (the result types) and the per-answer scoring both methods share.

Below core.scoring (v2) and core.scoring_v1, so each imports it and neither imports the other
back (issue 20: no import circles); core.scoring re-exports every name for its callers.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from vendorcheck.core.answers import Answer, Value
from vendorcheck.core.models import UNKNOWN, Cap, Grade, Question, Text, Verdict

METHOD = "v2"
METHODS = ("v1", "v2")


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Fit(Frozen):
    """What the vendor is, for questions that apply only to some (a platform's own rules)."""

    platforms: tuple[str, ...] = ()
    services: tuple[str, ...] = ()


class QuestionScore(Frozen):
    question_id: str
    prompt: Text
    kind: str
    value: Value | None
    """None when unanswered."""
    label: Text | None
    """The chosen option or band, for display."""
    earned: float
    possible: float
    critical: bool
    """This answer is a red flag."""
    note: str = ""
    evidence: str = ""
    source: str = "merchant"
    applies: bool = True
    """False when the question does not fit this vendor: not asked, not counted."""
    cap: Cap | None = None
    """The cap this answer sets, if any."""


class RedFlag(Frozen):
    question_id: str
    reason: Text


class CapHit(Frozen):
    """An answer that limits the verdict, and why."""

    question_id: str
    cap: Cap
    reason: Text
    answer: Text | None = None
    """The answer that caused it, as the merchant saw it."""


class ToVerify(Frozen):
    question_id: str
    prompt: Text


class SectionScore(Frozen):
    id: str
    title: Text
    weight: float
    score: float | None
    """None when the section has no scored question that applies."""
    earned: float
    possible: float
    answered: int
    total: int
    questions: tuple[QuestionScore, ...]


class Result(Frozen):
    score: float
    grade: Grade | None
    """Shown as "—" when None: a forced reject, an incomplete assessment or no verdict."""
    verdict: Verdict | None
    """None: nothing answered yet, so no verdict at all."""
    completeness: float
    sections: tuple[SectionScore, ...]
    red_flags: tuple[RedFlag, ...]
    caps: tuple[CapHit, ...]
    """Every cap an answer sets, whether or not it decided the verdict."""
    to_verify: tuple[ToVerify, ...] = ()
    """What to find out before a verdict can be given (verdict `incomplete`)."""
    reasons: tuple[Text, ...] = ()
    """Why the verdict is what it is; every sentence agrees with it."""
    score_grade: Grade | None = None
    """The grade band of the total alone, before the verdict lowered it."""
    method: str = METHOD
    vendor_declared: int = 0
    """Answers resting on the vendor's word alone (its questionnaire), not yet confirmed."""
    vendor_weight: float = 0.0
    """The share of the total's weight (0-1) those answers carry."""


def question_score(q: Question, answer: Answer | None, applies: bool = True) -> QuestionScore:
    possible = q.max_points() if applies else 0.0
    value: Value | None = None if answer is None else answer.value
    earned = 0.0
    label: Text | None = None
    critical = False
    cap: Cap | None = None
    if value is not None and value != UNKNOWN:
        if q.kind in ("yes_no", "choice"):
            opt = next(o for o in q.answer_options() if o.id == value)
            earned, label, critical, cap = opt.points, opt.label, opt.critical, opt.cap
        elif q.kind == "number":
            assert isinstance(value, int | float)
            band = next((b for b in q.bands if b.contains(float(value))), None)
            if band is not None:
                earned, label, critical, cap = band.points, band.label, band.critical, band.cap
        elif q.kind == "rating":
            assert isinstance(value, int | float)
            earned = q.points * (float(value) - 1) / 4  # 1 = regrets hiring it: nothing
    elif value == UNKNOWN:
        label = Text(zh="不清楚", en="Unknown")
    if not applies:
        earned, critical, cap = 0.0, False, None
    return QuestionScore(
        question_id=q.id,
        prompt=q.prompt,
        kind=q.kind,
        value=value,
        label=label,
        earned=earned,
        possible=possible,
        critical=critical,
        note=answer.note if answer else "",
        evidence=answer.evidence if answer else "",
        source=answer.source if answer else "merchant",
        applies=applies,
        cap=cap,
    )


def red_flag_reason(q: Question, value: Value) -> Text:
    for o in q.answer_options():
        if o.id == value and o.reason:
            return o.reason
    if q.kind == "number" and isinstance(value, int | float):
        for b in q.bands:
            if b.contains(float(value)) and b.reason:
                return b.reason
    return q.reason or q.prompt
