"""Scoring, method v2: checklist + answers (+ the vendor's platforms and services) -> a verdict a
merchant can act on. Pure functions, no I/O.

Points: a section scores points earned / possible x 100 over the questions that apply to this
vendor; the total is the weight-normalised sum. `unknown` earns nothing (an unverified claim is
worth nothing yet) and lowers completeness.

The verdict is decided in this order, because points alone are a count of ticks:
1. nothing answered -> no verdict at all;
2. a red flag (critical answer) or an answer with `cap = "reject"` -> `reject`, grade "—";
3. a question whose answer could rule the vendor out is unknown or unanswered, or fewer than
   `min_completeness` of the questions are answered -> `incomplete` (待核实), with the list of
   what to verify: unknown never reads as reject, and never as a pass either;
4. otherwise the grade band's verdict, lowered to `caution` by any `cap = "caution"` answer; the
   grade shown is lowered with it, so a grade never contradicts the verdict beside it. An
   answer only the vendor has declared (its questionnaire, `source = "vendor"`) counts like any
   other, but on a question that could rule the vendor out it also caps at `caution` until the
   merchant confirms it: the vendor's word alone never recommends (issue 21, our assumption).

Method v1 (before caps, conditions and `incomplete`) lives in `scoring_v1`; finals sealed with it
are re-scored with it, so they keep the score and verdict they were sealed with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from vendorcheck.core.answers import Answer
from vendorcheck.core.models import (
    UNKNOWN,
    VERDICT_ORDER,
    Checklist,
    Grade,
    Question,
    Section,
    Text,
    Verdict,
)
from vendorcheck.core.scores import METHOD as METHOD
from vendorcheck.core.scores import METHODS as METHODS
from vendorcheck.core.scores import CapHit as CapHit
from vendorcheck.core.scores import Fit as Fit
from vendorcheck.core.scores import QuestionScore as QuestionScore
from vendorcheck.core.scores import RedFlag as RedFlag
from vendorcheck.core.scores import Result as Result
from vendorcheck.core.scores import SectionScore as SectionScore
from vendorcheck.core.scores import ToVerify as ToVerify
from vendorcheck.core.scores import question_score as question_score
from vendorcheck.core.scores import red_flag_reason as red_flag_reason
from vendorcheck.core.scoring_v1 import score_v1


def applies(q: Question, answers: Mapping[str, Answer], fit: Fit | None, seen: set[str]) -> bool:
    """Does `q` fit this vendor? `seen`: ids of earlier questions that apply (depends_on).

    A vendor with no platforms (or services) on record gets every question: better asked once
    too often than a platform's rule never asked.
    """
    if fit is not None:
        if q.platforms and fit.platforms and not set(q.platforms) & set(fit.platforms):
            return False
        if q.services and fit.services and not set(q.services) & set(fit.services):
            return False
    if q.depends_on is not None:
        other = answers.get(q.depends_on.question)
        if q.depends_on.question not in seen or other is None:
            return False
        return str(other.value) in q.depends_on.values
    return True


def applicable(checklist: Checklist, answers: Mapping[str, Answer], fit: Fit | None) -> set[str]:
    """Ids of the questions that apply, in one pass (a condition only looks backwards)."""
    seen: set[str] = set()
    for q in checklist.questions():
        if applies(q, answers, fit, seen):
            seen.add(q.id)
    return seen


def _known(r: QuestionScore) -> bool:
    return r.value is not None and r.value != UNKNOWN


def score(
    checklist: Checklist,
    answers: Mapping[str, Answer],
    *,
    fit: Fit | None = None,
    method: str = METHOD,
) -> Result:
    """Score with `method` (v1 for finals sealed before v2; v2 otherwise)."""
    if method == "v1":
        return score_v1(checklist, answers)
    fits = applicable(checklist, answers, fit)
    parts = [
        score_section(
            s, tuple(question_score(q, answers.get(q.id), q.id in fits) for q in s.questions)
        )
        for s in checklist.sections
    ]
    return combine(checklist, parts)


@dataclass(frozen=True)
class SectionPart:
    """One section scored, with what it adds to the verdict (flags, caps, what to verify) and
    to the vendor-declared share. A section's part depends on its own answers only (and on which
    of its questions apply), so an incremental scorer (core.live_score) recomputes the parts an
    answer touches and `combine`s them with the others, with the same arithmetic as `score`."""

    section: SectionScore
    flags: tuple[RedFlag, ...]
    caps: tuple[CapHit, ...]
    must: tuple[ToVerify, ...]
    gaps: tuple[ToVerify, ...]
    declared: tuple[float, ...]
    """`possible` of each applying, known, non-text answer on the vendor's word alone."""
    declared_caps: tuple[CapHit, ...]


def score_section(s: Section, qs: tuple[QuestionScore, ...]) -> SectionPart:
    """A section's score from its questions' scores (`qs`, in the section's order)."""
    flags: list[RedFlag] = []
    caps: list[CapHit] = []
    must: list[ToVerify] = []
    gaps: list[ToVerify] = []
    scored = [(q, r) for q, r in zip(s.questions, qs, strict=True) if q.scored and r.applies]
    for q, r in scored:
        if r.critical and r.value is not None:
            flags.append(RedFlag(question_id=q.id, reason=red_flag_reason(q, r.value)))
        if r.cap is not None and r.value is not None:
            caps.append(
                CapHit(
                    question_id=q.id, cap=r.cap, reason=red_flag_reason(q, r.value), answer=r.label
                )
            )
        if not _known(r):
            (must if q.can_reject else gaps).append(ToVerify(question_id=q.id, prompt=q.prompt))
    possible = sum(r.possible for _, r in scored)
    earned = sum(r.earned for _, r in scored)
    section = SectionScore(
        id=s.id,
        title=s.title,
        weight=s.weight,
        score=None if possible == 0 else earned / possible * 100,
        earned=earned,
        possible=possible,
        answered=sum(1 for _, r in scored if _known(r)),
        total=len(scored),
        questions=qs,
    )
    declared, declared_caps = _declared(s, qs)
    return SectionPart(
        section, tuple(flags), tuple(caps), tuple(must), tuple(gaps), declared, declared_caps
    )


def combine(checklist: Checklist, parts: Sequence[SectionPart]) -> Result:
    """The total, completeness and verdict from every section's part, in checklist order."""
    sections = [p.section for p in parts]
    weighted = [(sec.weight, sec.score) for sec in sections if sec.score is not None]
    weight_sum = sum(w for w, _ in weighted)
    total = sum(w * sc for w, sc in weighted) / weight_sum if weight_sum else 0.0
    total = min(100.0, max(0.0, total))
    n_total = sum(sec.total for sec in sections)
    completeness = sum(sec.answered for sec in sections) / n_total if n_total else 0.0
    given = any(r.value is not None and r.applies for sec in sections for r in sec.questions)
    n, share = 0, 0.0
    for p in parts:
        n += len(p.declared)
        for possible in p.declared:
            if p.section.possible and weight_sum:
                share += p.section.weight / weight_sum * possible / p.section.possible
    flags = [f for p in parts for f in p.flags]
    caps = [c for p in parts for c in p.caps] + [c for p in parts for c in p.declared_caps]
    must = [t for p in parts for t in p.must]
    gaps = [t for p in parts for t in p.gaps]
    result = _decide(checklist, total, completeness, given, sections, flags, caps, must, gaps)
    if not n:
        return result
    return result.model_copy(update={"vendor_declared": n, "vendor_weight": min(1.0, share)})


def _declared(
    s: Section, qs: Sequence[QuestionScore]
) -> tuple[tuple[float, ...], tuple[CapHit, ...]]:
    """How much rests on the vendor's unconfirmed word, and the caps it sets: a declaration on a
    question whose answer could rule the vendor out is worth hearing, not signing on, so the
    verdict is at most caution until the merchant verifies it (our assumption, issue 21)."""
    possibles: list[float] = []
    caps: list[CapHit] = []
    for q, r in zip(s.questions, qs, strict=True):
        if r.source != "vendor" or not r.applies or not _known(r) or r.kind == "text":
            continue
        possibles.append(r.possible)
        if q.can_reject and not r.critical and r.cap is None:
            caps.append(CapHit(question_id=q.id, cap="caution", reason=_unverified(q)))
    return tuple(possibles), tuple(caps)


def _unverified(q: Question) -> Text:
    return Text(
        zh=f"服务商自述，尚未核实（签约前请核实）：{q.prompt.zh}",
        en=f"the vendor's own word, not verified yet (verify before you sign): {q.prompt.en}",
    )


def _decide(
    checklist: Checklist,
    total: float,
    completeness: float,
    given: bool,
    sections: Sequence[SectionScore],
    flags: list[RedFlag],
    caps: list[CapHit],
    must: list[ToVerify],
    gaps: list[ToVerify],
) -> Result:
    """The verdict, the grade beside it and the sentences that explain it (see the module doc)."""
    band = next(g for g in checklist.scoring.grades if total >= g.min)
    verdict: Verdict | None = band.verdict
    grade: Grade | None = band.grade
    to_verify: list[ToVerify] = []
    reasons: list[Text] = []
    rejects = [c for c in caps if c.cap == "reject"]
    short = completeness < checklist.scoring.min_completeness
    if not given:
        verdict = grade = None
        reasons.append(
            Text(zh="还没有回答任何问题，暂无结论", en="nothing answered yet: no verdict")
        )
    elif flags or rejects:
        verdict, grade = "reject", None
        reasons += [
            Text(zh=f"一票否决：{f.reason.zh}", en=f"deal-breaker: {f.reason.en}") for f in flags
        ]
        reasons += [
            Text(zh=f"不能签：{c.reason.zh}", en=f"cannot sign: {c.reason.en}") for c in rejects
        ]
    elif must or short:
        verdict, grade = "incomplete", None
        to_verify = must + (gaps if short else [])
        if must:
            reasons.append(
                Text(
                    zh=f"{len(must)} 项可能一票否决的问题还没核实，核实后才能下结论",
                    en=f"{len(must)} question(s) that could rule the vendor out are not verified yet",
                )
            )
        if short:
            reasons.append(
                Text(
                    zh=f"只核实了 {completeness:.0%} 的问题，至少要 {checklist.scoring.min_completeness:.0%}",
                    en=f"only {completeness:.0%} of questions verified; at least "
                    f"{checklist.scoring.min_completeness:.0%} are needed for a verdict",
                )
            )
    else:
        lowered = [c for c in caps if c.cap == "caution"]
        if lowered and VERDICT_ORDER.index(band.verdict) >= VERDICT_ORDER.index("caution"):
            verdict = "caution"
            grade = _grade_for(checklist, "caution") or band.grade
            reasons += [
                Text(zh=f"最多只能“谨慎”：{c.reason.zh}", en=f"at most caution: {c.reason.en}")
                for c in lowered
            ]
        elif band.verdict == "reject":
            reasons.append(
                Text(
                    zh=f"总分低于 {_min_of(checklist, 'caution'):g} 分",
                    en=f"the score is below {_min_of(checklist, 'caution'):g}",
                )
            )
    return Result(
        score=total,
        grade=grade,
        score_grade=band.grade,
        verdict=verdict,
        completeness=completeness,
        sections=tuple(sections),
        red_flags=tuple(flags),
        caps=tuple(caps),
        to_verify=tuple(to_verify),
        reasons=tuple(reasons),
    )


def _grade_for(checklist: Checklist, verdict: Verdict) -> Grade | None:
    return next((g.grade for g in checklist.scoring.grades if g.verdict == verdict), None)


def _min_of(checklist: Checklist, verdict: Verdict) -> float:
    return next((g.min for g in checklist.scoring.grades if g.verdict == verdict), 0.0)
