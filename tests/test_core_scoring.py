"""Scoring rules that must hold for every possible set of answers (hypothesis) and worked cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendorcheck.core.answers import Answer
from vendorcheck.core.models import UNKNOWN, Checklist, Question
from vendorcheck.core.parsing import parse_checklist
from vendorcheck.core.scoring import score

FIXTURE = Path(__file__).parent / "fixtures" / "checklists" / "spine.toml"
SPINE = parse_checklist(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE))
SHIPPED = sorted((Path(__file__).parents[1] / "checklists").glob("*.toml"))


def _values(q: Question) -> st.SearchStrategy[object]:
    if q.kind in ("yes_no", "choice"):
        return st.sampled_from([o.id for o in q.answer_options()] + [UNKNOWN])
    if q.kind == "number":
        lo = q.min if q.min is not None else -1e6
        hi = q.max if q.max is not None else 1e6
        return st.one_of(st.just(UNKNOWN), st.integers(int(lo), int(hi)))
    if q.kind == "rating":
        return st.one_of(st.just(UNKNOWN), st.integers(1, 5))
    return st.text(max_size=5)


def answers_for(checklist: Checklist) -> st.SearchStrategy[dict[str, Answer]]:
    def build(draw: st.DrawFn) -> dict[str, Answer]:
        out = {}
        for q in checklist.questions():
            if draw(st.booleans()):
                out[q.id] = Answer(question_id=q.id, value=draw(_values(q)))
        return out

    return st.composite(build)()


CHECKLISTS = [SPINE] + [parse_checklist(p.read_text(encoding="utf-8"), str(p)) for p in SHIPPED]


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=lambda c: c.id)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_score_stays_within_0_and_100(checklist: Checklist, data: st.DataObject) -> None:
    r = score(checklist, data.draw(answers_for(checklist)))
    assert 0 <= r.score <= 100
    assert 0 <= r.completeness <= 1
    for s in r.sections:
        assert s.score is None or 0 <= s.score <= 100


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=lambda c: c.id)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_improving_one_answer_never_lowers_the_total(
    checklist: Checklist, data: st.DataObject
) -> None:
    answers = data.draw(answers_for(checklist))
    q = data.draw(st.sampled_from([q for q in checklist.questions() if q.scored]))
    a = Answer(question_id=q.id, value=data.draw(_values(q)))
    b = Answer(question_id=q.id, value=data.draw(_values(q)))
    ra, rb = score(checklist, {**answers, q.id: a}), score(checklist, {**answers, q.id: b})
    qa = next(x for s in ra.sections for x in s.questions if x.question_id == q.id)
    qb = next(x for s in rb.sections for x in s.questions if x.question_id == q.id)
    if qb.earned >= qa.earned:
        assert rb.score >= ra.score - 1e-9


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=lambda c: c.id)
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_a_critical_answer_always_rejects(checklist: Checklist, data: st.DataObject) -> None:
    answers = data.draw(answers_for(checklist))
    crit = [(q, o) for q in checklist.questions() for o in q.answer_options() if o.critical]
    crit += [(q, b) for q in checklist.questions() for b in q.bands if b.critical]
    if not crit:
        return
    q, hit = data.draw(st.sampled_from(crit))
    value = hit.id if hasattr(hit, "id") else (hit.min if hit.min is not None else hit.max - 1)
    r = score(checklist, {**answers, q.id: Answer(question_id=q.id, value=value)})
    assert r.verdict == "reject"
    assert q.id in {f.question_id for f in r.red_flags}


@settings(max_examples=100, deadline=None)
@given(factor=st.floats(min_value=0.01, max_value=1000), data=st.data())
def test_section_weights_normalise(factor: float, data: st.DataObject) -> None:
    """Scaling every weight by the same factor changes nothing: weights need not sum to 100."""
    scaled = SPINE.model_copy(
        update={
            "sections": tuple(
                s.model_copy(update={"weight": s.weight * factor}) for s in SPINE.sections
            )
        }
    )
    answers = data.draw(answers_for(SPINE))
    assert score(scaled, answers).score == pytest.approx(score(SPINE, answers).score)


def _a(**vals: object) -> dict[str, Answer]:
    return {
        k.replace("__", "."): Answer(question_id=k.replace("__", "."), value=v)
        for k, v in vals.items()
    }


def test_worked_example_by_hand() -> None:
    # basics (weight 2): yes 10/10, small 4/10, 45 s -> 6/10: 20/30 = 66.67
    # contract (weight 1): no_loans yes 10/10, rating 3 -> 5/10 (issue 15: ratings 1-5 map to
    # 0-100 %, so 3 is half; it was 6/10): 15/20 = 75
    r = score(
        SPINE,
        _a(
            basics__licence="yes",
            basics__tier="small",
            basics__response=45,
            contract__no_loans="yes",
            contract__rating=3,
        ),
    )
    assert r.sections[0].score == pytest.approx(200 / 3)
    assert r.sections[1].score == pytest.approx(75)
    assert r.score == pytest.approx((2 * 200 / 3 + 75) / 3)
    assert r.completeness == 1
    assert r.grade == "C" and r.verdict == "caution"


def test_unknown_earns_nothing_and_lowers_completeness() -> None:
    full = _a(
        basics__licence="yes",
        basics__tier="large",
        basics__response=10,
        contract__no_loans="yes",
        contract__rating=5,
    )
    assert score(SPINE, full).verdict == "recommended"
    partial = {**full, **_a(basics__tier=UNKNOWN, basics__response=UNKNOWN)}
    r = score(SPINE, partial)
    assert r.completeness == pytest.approx(3 / 5)
    assert r.score < score(SPINE, full).score


def test_low_completeness_makes_the_verdict_incomplete() -> None:
    # Issue 15: was "caution or reject"; too little verified is its own verdict, with the list.
    r = score(SPINE, _a(basics__licence="yes", contract__no_loans="yes"))
    assert r.completeness == pytest.approx(2 / 5)
    assert r.verdict == "incomplete" and r.grade is None
    assert any("of questions verified" in c.en for c in r.reasons)
    assert {t.question_id for t in r.to_verify} == {
        "basics.tier",
        "basics.response",
        "contract.rating",
    }


def test_unverified_critical_question_makes_the_verdict_incomplete() -> None:
    r = score(
        SPINE,
        _a(
            basics__licence="yes",
            basics__tier="large",
            basics__response=10,
            contract__no_loans=UNKNOWN,
            contract__rating=5,
        ),
    )
    # Issue 15: was "caution"; now incomplete, naming the question to verify.
    assert r.verdict == "incomplete" and r.grade is None
    assert [t.question_id for t in r.to_verify] == ["contract.no_loans"]


def test_critical_no_gives_reject_with_reason_in_both_languages() -> None:
    r = score(
        SPINE,
        _a(
            basics__licence="yes",
            basics__tier="large",
            basics__response=10,
            contract__no_loans="no",
            contract__rating=5,
        ),
    )
    assert r.verdict == "reject" and r.grade is None
    assert r.red_flags[0].reason.zh == "合同允许拿店铺贷款"
    assert r.red_flags[0].reason.en == "the contract lets it borrow against the shop"
