"""Scoring method v1, kept unchanged so finals sealed with it keep their score and verdict.

New assessments use v2 (`scoring`). Only the result type is shared: v1's caps become `CapHit`s
without a question, and its grade is the score's band, as it was sealed.

Section score = points earned / points possible x 100; the total is the weight-normalised sum
of section scores. `unknown` and unanswered questions earn nothing and lower completeness.
A critical answer is a red flag and forces `reject`; unresolved critical questions and low
completeness cap the verdict at `caution`, because an unverified vendor is not a safe vendor.
"""

from __future__ import annotations

from collections.abc import Mapping

from vendorcheck.core.answers import Answer
from vendorcheck.core.models import UNKNOWN, VERDICT_ORDER, Checklist, Question, Text, Verdict
from vendorcheck.core.scores import (
    CapHit,
    QuestionScore,
    RedFlag,
    Result,
    SectionScore,
    question_score,
    red_flag_reason,
)


def question_score_v1(q: Question, answer: Answer | None) -> QuestionScore:
    """As v2 scores one answer, except that v1 had no caps and paid a rating of r as r/5."""
    r = question_score(q, answer)
    update: dict[str, object] = {"cap": None}
    if q.kind == "rating" and isinstance(r.value, int | float):
        update["earned"] = q.points * float(r.value) / 5
    return r.model_copy(update=update)


def score_v1(checklist: Checklist, answers: Mapping[str, Answer]) -> Result:
    sections: list[SectionScore] = []
    flags: list[RedFlag] = []
    open_critical: list[Text] = []
    scored_total = scored_known = 0
    for s in checklist.sections:
        qs = tuple(question_score_v1(q, answers.get(q.id)) for q in s.questions)
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
    reasons = [f.reason for f in flags] if flags else (caps if verdict == "caution" else [])
    return Result(
        score=total,
        grade=band.grade,
        score_grade=band.grade,
        verdict=verdict,
        completeness=completeness,
        sections=tuple(sections),
        red_flags=tuple(flags),
        caps=tuple(CapHit(question_id="", cap="caution", reason=c) for c in caps),
        reasons=tuple(reasons),
        method="v1",
    )


def _at_most(v: Verdict, cap: Verdict) -> Verdict:
    return v if VERDICT_ORDER.index(v) <= VERDICT_ORDER.index(cap) else cap
