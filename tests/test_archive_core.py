"""Pure archive rules: canonical hash changes with content and chain, diff, due dates."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from vendorcheck.core import archive as core

A = {
    "id": "a1",
    "score": 80.0,
    "grade": "B",
    "verdict": "caution",
    "finalized_by": "li",
    "finalized_at": "2026-01-31T00:00:00+00:00",
}
V = {"id": "v1", "name": "杭州云帆"}
C = {"id": "cs", "version": "1", "sha256": "x" * 64}
ANS = [{"question_id": "q1", "value": "yes", "note": "无贷款", "evidence": ""}]


def test_hash_covers_notes_and_chain_link() -> None:
    h = core.digest(core.canonical(A, V, C, ANS))
    edited = [{**ANS[0], "note": "有贷款"}]
    assert core.digest(core.canonical(A, V, C, edited)) != h
    assert core.digest(core.canonical(A, V, C, ANS, prev_hash="f" * 64)) != h
    assert core.digest(core.canonical(A, V, C, list(reversed(ANS * 1)))) == h


def test_diff_reports_moves_flags_and_score() -> None:
    d = core.diff({"q1": "yes", "q2": "no"}, {"q1": "no", "q2": "no"}, ["q9"], ["q1"], 80, 62.5)
    assert d == {
        "moved": [{"question_id": "q1", "from": "yes", "to": "no"}],
        "flags_gained": ["q1"],
        "flags_cleared": ["q9"],
        "score_change": -17.5,
    }


def test_due_clamps_month_end() -> None:
    assert core.due_at(date(2024, 2, 29)) == date(2025, 2, 28)
    assert core.due_at(date(2026, 1, 31), 1) == date(2026, 2, 28)


@given(st.dates(max_value=date(9000, 1, 1)), st.integers(1, 120))
def test_due_is_after_last_and_overdue_exactly_from_then(day: date, months: int) -> None:
    at = core.due_at(day, months)
    assert at > day
    assert core.is_overdue(day, at, months) and not core.is_overdue(day, day, months)
