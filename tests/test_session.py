"""The assessment session (services.session): every answer written through at once, the score
updated incrementally yet always equal to scoring from scratch, and another process writing the
same draft never overwritten nor hidden behind a stale score.

Real SQLite files throughout; the other writer is the real CLI in a subprocess.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CLI
from vendorcheck.core.errors import Conflict
from vendorcheck.core.models import UNKNOWN, Checklist, Question
from vendorcheck.core.scoring import score
from vendorcheck.services import assessing, catalog
from vendorcheck.services.rescoring import fit_of
from vendorcheck.services.session import AssessmentSession
from vendorcheck.store import Store

CHECKLISTS = ("cs-outsourcing", "store-operation")
VENDOR = "宁波海蓝客服外包有限公司"


def _values(q: Question) -> st.SearchStrategy[Any]:
    """Valid raw answers to `q`, band edges included for numbers."""
    if q.kind in ("yes_no", "choice"):
        return st.sampled_from([o.id for o in q.answer_options()] + [UNKNOWN])
    if q.kind == "rating":
        return st.integers(1, 5)
    if q.kind == "text":
        return st.sampled_from(["十月去过办公室", "ok", UNKNOWN])
    lo = q.min if q.min is not None else 0.0
    hi = q.max if q.max is not None else lo + 500.0
    edges = [e for b in q.bands for e in (b.min, b.max) if e is not None and lo <= e <= hi]
    return st.one_of(st.floats(lo, hi, allow_nan=False), st.sampled_from(edges or [lo]))


@st.composite
def _steps(draw: st.DrawFn, checklist: Checklist) -> list[tuple[str, Any, str]]:
    """A random run of answers (value, note, source) and clears on one checklist."""
    qs = checklist.questions()
    out: list[tuple[str, Any, str]] = []
    for _ in range(draw(st.integers(1, 40))):
        q = draw(st.sampled_from(qs))
        if draw(st.integers(0, 9)) == 0:
            out.append((q.id, None, ""))
        else:
            source = draw(st.sampled_from(["merchant", "merchant", "suggested", "vendor"]))
            out.append((q.id, draw(_values(q)), source))
    return out


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated file with one vendor per platform mix, copied for each example."""
    path = tmp_path_factory.mktemp("session") / "template.db"
    store = Store.open(path)
    assessing.add_vendor(store, "JD", services=["customer_service"], platforms=["jd"])
    assessing.add_vendor(store, "Taobao", services=["customer_service"], platforms=["taobao"])
    assessing.add_vendor(store, "Any")
    store.close()
    return path


def _full(store: Store, session: AssessmentSession) -> Any:
    """The score from scratch of what the file holds."""
    return score(session.checklist, store.answers(session.aid), fit=fit_of(session.vendor))


@pytest.mark.parametrize("checklist_id", CHECKLISTS)
def test_session_score_equals_scoring_from_scratch(checklist_id: str, template: Path) -> None:
    checklist = catalog.get(checklist_id)

    @settings(
        max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(steps=_steps(checklist), vendor=st.sampled_from(["JD", "Taobao", "Any"]))
    def run(steps: list[tuple[str, Any, str]], vendor: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "vendorcheck.db"
            shutil.copy(template, path)
            store = Store.open(path)
            session = assessing.open_draft(store, vendor, checklist)
            for i, (qid, value, source) in enumerate(steps):
                if value is None:
                    got = session.clear(qid)
                else:
                    got = session.answer(qid, value, note=f"n{i}" * (i % 2), source=source)  # type: ignore[arg-type]
                assert got == _full(store, session), f"step {i}: {qid} = {value!r}"
                assert dict(session.answers) == store.answers(session.aid)
            store.close()
            again = Store.open(path)  # a fresh session on the file, as the app reopens it
            reopened = AssessmentSession(again, session.aid)
            assert reopened.result == session.result
            assert again.assessment(session.aid)["score"] == session.result.score
            again.close()

    run()


def test_answer_key_saves_position_and_refuses_a_final(db_path: Path) -> None:
    store = Store.open(db_path)
    session = assessing.open_draft(store, add_vendor(store), catalog.get("cs-outsourcing"))
    first, second = session.checklist.questions()[:2]
    session.answer(first.id, "yes", note="公示系统截图", position=second.id)
    other = Store.open(db_path)  # another connection sees it committed at once
    row = other.assessment(session.aid)
    assert row["position"] == second.id
    assert other.answers(session.aid)[first.id].note == "公示系统截图"
    assert row["score"] == session.result.score
    assessing.finalize_assessment(other, session.aid)
    other.close()
    with pytest.raises(Conflict, match="final"):
        session.answer(second.id, "yes")
    assert session.final  # it noticed, reloaded, and holds the sealed state
    store.close()


def add_vendor(store: Store) -> str:
    """The vendor every test here assesses."""
    return assessing.add_vendor(store, VENDOR, services=["customer_service"])


def test_another_process_writing_the_draft_is_reloaded_not_overwritten(
    db_path: Path, run_cli: CLI, tmp_path: Path
) -> None:
    """The TUI holds a session while `vendorcheck assess` (a real second process) adds answers
    to the same draft: the session notices, shows the file's score, and its next answer goes
    onto what the CLI wrote instead of over it."""
    store = Store.open(db_path)
    checklist = catalog.get("cs-outsourcing")
    session = assessing.open_draft(store, add_vendor(store), checklist)
    yes_no = [q for q in checklist.questions() if q.kind == "yes_no" and q.depends_on is None]
    mine, theirs, last = yes_no[0], yes_no[1:6], yes_no[6]
    session.answer(mine.id, "yes")
    before = session.result
    assert not session.stale()
    doc = tmp_path / "answers.json"
    doc.write_text(json.dumps({"answers": {q.id: "yes" for q in theirs}}), encoding="utf-8")
    r = run_cli("assess", VENDOR, "--answers", str(doc))
    assert r.returncode == 0, r.stderr
    assert "Added to the open draft" in r.stdout  # the same draft, not a second one
    assert session.stale()
    assert session.refresh()  # between keys: reloaded, the score is the file's
    assert set(session.answers) == {mine.id, *(q.id for q in theirs)}
    assert session.result != before
    assert session.result == _full(store, session)
    # Written again by the CLI, then answered here without a refresh in between.
    doc.write_text(json.dumps({"answers": {theirs[0].id: "no"}}), encoding="utf-8")
    assert run_cli("assess", VENDOR, "--answers", str(doc)).returncode == 0
    result = session.answer(last.id, "no")
    held = store.answers(session.aid)
    assert held[theirs[0].id].value == "no"  # the CLI's answer stands
    assert held[last.id].value == "no"
    assert result == _full(store, session)
    assert store.assessment(session.aid)["score"] == result.score
    store.close()
