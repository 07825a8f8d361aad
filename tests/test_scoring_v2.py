"""Scoring method v2 (issue 15): caps, `incomplete`, grades that agree with verdicts, conditions,
and the old method kept for sealed finals. Properties hold for every mix of answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_core_scoring import CHECKLISTS, SPINE, _values, answers_for
from vendorcheck.core.answers import Answer
from vendorcheck.core.errors import UserError
from vendorcheck.core.models import VERDICT_ORDER, Checklist
from vendorcheck.core.parsing import parse_checklist
from vendorcheck.core.scoring import Fit, score
from vendorcheck.services import catalog

CS = catalog.get("cs-outsourcing")
SO = catalog.get("store-operation")
CAP_RANK = {"reject": 0, "caution": VERDICT_ORDER.index("caution")}


def _rank(verdict: str | None) -> int:
    return -1 if verdict is None else VERDICT_ORDER.index(verdict)


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=lambda c: c.id)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_no_answer_change_lifts_the_verdict_past_a_cap_that_still_applies(
    checklist: Checklist, data: st.DataObject
) -> None:
    answers = data.draw(answers_for(checklist))
    q = data.draw(st.sampled_from([q for q in checklist.questions() if q.scored]))
    changed = {**answers, q.id: Answer(question_id=q.id, value=data.draw(_values(q)))}
    for r in (score(checklist, answers), score(checklist, changed)):
        for cap in r.caps:
            assert _rank(r.verdict) <= CAP_RANK[cap.cap], (cap, r.verdict)


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=lambda c: c.id)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_making_any_one_answer_worse_never_raises_the_score(
    checklist: Checklist, data: st.DataObject
) -> None:
    answers = data.draw(answers_for(checklist))
    q = data.draw(st.sampled_from([q for q in checklist.questions() if q.scored]))
    a = Answer(question_id=q.id, value=data.draw(_values(q)))
    b = Answer(question_id=q.id, value=data.draw(_values(q)))
    ra, rb = score(checklist, {**answers, q.id: a}), score(checklist, {**answers, q.id: b})
    qa = next(x for s in ra.sections for x in s.questions if x.question_id == q.id)
    qb = next(x for s in rb.sections for x in s.questions if x.question_id == q.id)
    if qb.earned <= qa.earned:
        assert rb.score <= ra.score + 1e-9


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=lambda c: c.id)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_grade_and_verdict_never_contradict(checklist: Checklist, data: st.DataObject) -> None:
    r = score(checklist, data.draw(answers_for(checklist)))
    if r.grade is not None:
        band = next(g for g in checklist.scoring.grades if g.grade == r.grade)
        assert band.verdict == r.verdict
    if r.verdict in ("incomplete", None) or r.red_flags or any(c.cap == "reject" for c in r.caps):
        assert r.grade is None
    if r.verdict == "incomplete":
        assert r.to_verify
    if r.verdict in (None, "incomplete", "reject"):
        assert r.reasons  # something says why, even "nothing answered yet"


def test_nothing_answered_gives_no_verdict_and_no_grade() -> None:
    r = score(CS, {})
    assert r.verdict is None and r.grade is None
    assert r.reasons[0].en == "nothing answered yet: no verdict"


def test_ratings_map_1_to_5_onto_0_to_100_percent() -> None:
    def earned(v: int) -> float:
        r = score(SPINE, {"contract.rating": Answer(question_id="contract.rating", value=v)})
        return next(q.earned for q in r.sections[1].questions if q.question_id == "contract.rating")

    assert [earned(v) for v in (1, 2, 3, 4, 5)] == [0, 2.5, 5, 7.5, 10]


def test_a_reject_never_reads_capped_at_caution() -> None:
    """Issue 19 item 4: every sentence of the verdict agrees with the badge."""
    answers = {
        "process.reply_rate": 60,  # reject
        "process.first_response_seconds": 120,  # caution, overruled by the reject
        "contract.account_control": "no",  # caution
    }
    r = score(CS, {k: Answer(question_id=k, value=v) for k, v in answers.items()})
    assert r.verdict == "reject" and r.grade is None
    assert all("caution" not in t.en and "谨慎" not in t.zh for t in r.reasons), r.reasons
    assert {c.question_id for c in r.caps} == set(answers)  # all caps still listed, for explain


def test_platform_rules_apply_only_to_vendors_on_that_platform() -> None:
    jd_rule = {"process.ticket_deadline": Answer(question_id="process.ticket_deadline", value="no")}
    on_jd = score(CS, jd_rule, fit=Fit(platforms=("jd",)))
    on_taobao = score(CS, jd_rule, fit=Fit(platforms=("taobao",)))
    unknown = score(CS, jd_rule, fit=Fit())

    def q(r: object) -> object:
        return next(
            x for s in r.sections for x in s.questions if x.question_id == "process.ticket_deadline"
        )  # type: ignore[attr-defined]

    assert q(on_jd).applies and q(unknown).applies  # no platforms on record: asked anyway
    assert not q(on_taobao).applies and q(on_taobao).possible == 0
    assert on_taobao.verdict is None  # the only answer does not count: nothing answered


def test_depends_on_hides_a_question_until_its_answer_fits() -> None:
    def applies(seat: str) -> bool:
        answers = {
            "bench.seat_type": Answer(question_id="bench.seat_type", value=seat),
            "bench.shops_per_agent": Answer(question_id="bench.shops_per_agent", value=8),
        }
        r = score(CS, answers)
        return next(
            x.applies
            for s in r.sections
            for x in s.questions
            if x.question_id == "bench.shops_per_agent"
        )

    assert applies("shared") and not applies("dedicated")


def test_depends_on_must_name_an_earlier_question_and_its_answers(tmp_path: Path) -> None:
    text = (Path(__file__).parent / "fixtures" / "checklists" / "spine.toml").read_text()
    bad = text.replace(
        'id = "basics.tier"\nkind = "choice"',
        'id = "basics.tier"\nkind = "choice"\ndepends_on = { question = "basics.licence", values = ["maybe"] }',
    )
    with pytest.raises(UserError, match="depends_on"):
        parse_checklist(bad, "x.toml")
    later = text.replace(
        'id = "basics.tier"\nkind = "choice"',
        'id = "basics.tier"\nkind = "choice"\ndepends_on = { question = "basics.response", values = ["yes"] }',
    )
    with pytest.raises(UserError, match="not a question asked before it"):
        parse_checklist(later, "x.toml")


@pytest.mark.parametrize("checklist", [CS, SO], ids=lambda c: c.id)
def test_yes_no_answers_say_what_they_mean_when_yes_is_not_safe(checklist: Checklist) -> None:
    """Issue 19 item 2, one rule for both checklists: in a yes/no question "yes" is the safe
    answer, unless the question asks whether a risk is present; then both answers are named
    (有此条款 / 没有此条款), so no key press reads as safe by mistake."""
    for s in checklist.sections:
        for q in s.questions:
            if q.kind == "yes_no" and q.good == "no":
                assert q.yes is not None and q.no is not None, q.id
                assert q.answer_options()[0].label.zh != "是", q.id


def test_v1_is_kept_for_finals_sealed_with_it() -> None:
    answers = {"contract.rating": Answer(question_id="contract.rating", value=3)}
    v1 = score(SPINE, answers, method="v1")
    v2 = score(SPINE, answers)
    assert (v1.method, v2.method) == ("v1", "v2")
    earned = [
        next(q.earned for q in r.sections[1].questions if q.question_id == "contract.rating")
        for r in (v1, v2)
    ]
    assert earned == [6, 5]  # v1 paid a rating r as r/5
    assert v1.verdict in ("caution", "reject") and v2.verdict == "incomplete"


@pytest.mark.parametrize("checklist", [CS, SO], ids=lambda c: c.id)
def test_every_figure_in_help_says_where_it_comes_from(checklist: Checklist) -> None:
    """Issue 15: a help text that states a figure cites the seed article (《…》 / seed: '…') or
    says the figure is our assumption. A section's own weight is ours by definition."""
    import re

    for s in checklist.sections:
        if checklist.id == "store-operation" and s.id == "pricing":
            continue  # issue 22 rewrites that section this round
        items = [(s.id, s.help)] + [(q.id, q.help) for q in s.questions]
        for qid, h in items:
            if h is None or qid == "contract.fee_definition":  # issue 22's question
                continue
            zh = re.sub(r"权重 \d+%", "", h.zh)
            en = re.sub(r"Weight \d+ %", "", h.en)
            if re.search(r"\d", zh):
                assert "《" in zh or "我们的假设" in zh, qid
            if re.search(r"\d", en):
                assert "seed" in en or "our assumption" in en, qid


def test_report_sentences_agree_with_each_badge(run_cli: Any, tmp_path: Path) -> None:
    """Issue 19 item 4 through the real CLI: a vendor rejected by its reply rate, whose response
    time alone would cap it at caution, is never "capped at caution" in the report; it has no
    grade; an incomplete vendor reads as such with what to verify; the JSON report agrees."""
    scenarios = Path(__file__).parent / "fixtures" / "scenarios"
    for name, file in (
        ("Slow", "cs-slow-unresponsive.yaml"),
        ("Unsure", "cs-fraud-liability-unknown.yaml"),
    ):
        assert run_cli("vendor", "add", name).returncode == 0
        r = run_cli(
            "assess", name, "--checklist", "cs-outsourcing", "--answers", str(scenarios / file)
        )
        assert r.returncode == 0, r.stderr
    md = tmp_path / "r.md"
    r = run_cli("report", "Slow", "Unsure", "-o", str(md))
    assert r.returncode == 0, r.stderr
    text = md.read_text(encoding="utf-8")
    summary = text[: text.index("## Section scores")]
    assert "| Slow | reject | — |" in summary and "| Unsure | incomplete | — |" in summary
    slow = summary[summary.index("### Slow") : summary.index("### Unsure")]
    assert "capped at caution" not in slow.lower() and "Why it is rejected:" in slow
    assert "Cannot sign: reply rate under 80 %" in slow
    unsure = summary[summary.index("### Unsure") :]
    assert "To verify before a verdict can be given:" in unsure
    assert "Verify: Does the contract make the vendor bear all liability" in unsure
    assert "Every vendor assessed is rejected" not in summary  # one is only incomplete
    js = tmp_path / "r.json"
    assert run_cli("report", "Slow", "Unsure", "-o", str(js)).returncode == 0
    data = json.loads(js.read_text(encoding="utf-8"))
    grades = {v["vendor"]: (v["verdict"], v["grade"]) for v in data["vendors"]}
    assert grades == {"Slow": ("reject", None), "Unsure": ("incomplete", None)}
