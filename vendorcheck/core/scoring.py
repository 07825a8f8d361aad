"""Scoring: checklist + answers -> a traceable result. Pure functions, no I/O.

Section score = points earned / points possible x 100; the total is the weight-normalised sum
of section scores. `unknown` and unanswered questions earn nothing and lower completeness.
A critical answer is a red flag and forces `reject`; unresolved critical questions and low
completeness cap the verdict at `caution`, because an unverified vendor is not a safe vendor.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from vendorcheck.core.answers import Answer, Value
from vendorcheck.core.models import (
    UNKNOWN,
    VERDICT_ORDER,
    Checklist,
    Grade,
    Question,
    Text,
    Verdict,
)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


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


class RedFlag(Frozen):
    question_id: str
    reason: Text


class SectionScore(Frozen):
    id: str
    title: Text
    weight: float
    score: float | None
    """None when the section has no scored question."""
    earned: float
    possible: float
    answered: int
    total: int
    questions: tuple[QuestionScore, ...]


class Result(Frozen):
    score: float
    grade: Grade
    verdict: Verdict
    completeness: float
    sections: tuple[SectionScore, ...]
    red_flags: tuple[RedFlag, ...]
    caps: tuple[Text, ...]
    """Why the verdict is lower than the grade alone gives (low completeness, open critical items)."""


def question_score(q: Question, answer: Answer | None) -> QuestionScore:
    possible = q.max_points()
    value: Value | None = None if answer is None else answer.value
    earned = 0.0
    label: Text | None = None
    critical = False
    if value is not None and value != UNKNOWN:
        if q.kind in ("yes_no", "choice"):
            opt = next(o for o in q.answer_options() if o.id == value)
            earned, label, critical = opt.points, opt.label, opt.critical
        elif q.kind == "number":
            assert isinstance(value, int | float)
            band = next((b for b in q.bands if b.contains(float(value))), None)
            if band is not None:
                earned, label, critical = band.points, band.label, band.critical
        elif q.kind == "rating":
            assert isinstance(value, int | float)
            earned = q.points * float(value) / 5
    elif value == UNKNOWN:
        label = Text(zh="不清楚", en="Unknown")
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


def score(checklist: Checklist, answers: Mapping[str, Answer]) -> Result:
    sections: list[SectionScore] = []
    flags: list[RedFlag] = []
    open_critical: list[Text] = []
    scored_total = scored_known = 0
    for s in checklist.sections:
        qs = tuple(question_score(q, answers.get(q.id)) for q in s.questions)
        scored = [(q, r) for q, r in zip(s.questions, qs, strict=True) if q.scored]
        earned = sum(r.earned for _, r in scored)
        possible = sum(r.possible for _, r in scored)
        answered = sum(1 for _, r in scored if r.value is not None and r.value != UNKNOWN)
        scored_total += len(scored)
        scored_known += answered
        for q, r in scored:
            if r.critical and r.value is not None:
                flags.append(RedFlag(question_id=q.id, reason=red_flag_reason(q, r.value)))
            elif q.critical and (r.value is None or r.value == UNKNOWN):
                open_critical.append(q.prompt)
        sections.append(
            SectionScore(
                id=s.id,
                title=s.title,
                weight=s.weight,
                score=None if possible == 0 else earned / possible * 100,
                earned=earned,
                possible=possible,
                answered=answered,
                total=len(scored),
                questions=qs,
            )
        )
    weighted = [(sec.weight, sec.score) for sec in sections if sec.score is not None]
    weight_sum = sum(w for w, _ in weighted)
    total = sum(w * sc for w, sc in weighted) / weight_sum if weight_sum else 0.0
    total = min(100.0, max(0.0, total))
    completeness = scored_known / scored_total if scored_total else 0.0

    band = next(g for g in checklist.scoring.grades if total >= g.min)
    verdict: Verdict = band.verdict
    caps: list[Text] = []
    if completeness < checklist.scoring.min_completeness:
        caps.append(
            Text(
                zh=f"只回答了 {completeness:.0%} 的问题，未核实的服务商不能算安全",
                en=f"only {completeness:.0%} of questions answered; an unverified vendor is not a safe vendor",
            )
        )
    for prompt in open_critical:
        caps.append(
            Text(zh=f"关键项未核实：{prompt.zh}", en=f"critical item not verified: {prompt.en}")
        )
    if caps:
        verdict = _at_most(verdict, "caution")
    if flags:
        verdict = "reject"
    return Result(
        score=total,
        grade=band.grade,
        verdict=verdict,
        completeness=completeness,
        sections=tuple(sections),
        red_flags=tuple(flags),
        caps=tuple(caps),
    )


def _at_most(v: Verdict, cap: Verdict) -> Verdict:
    return v if VERDICT_ORDER.index(v) <= VERDICT_ORDER.index(cap) else cap
