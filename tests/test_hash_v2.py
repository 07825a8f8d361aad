"""Hash v2's answer lines: SQLite's json_array (verify's fast path) gives exactly the text that
core.archive.answer_lines (the definition, used when sealing and importing) gives, for any
notes, evidence, sources and values; and a mismatch would still be re-checked the slow way."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vendorcheck.core import archive as core
from vendorcheck.services import catalog
from vendorcheck.store import Store
from vendorcheck.store import archive as sql

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
VALUE = st.one_of(
    TEXT, st.integers(-(10**12), 10**12), st.floats(allow_nan=False, allow_infinity=False)
)
ANSWER = st.tuples(TEXT, VALUE, TEXT, TEXT, st.sampled_from(["merchant", "suggested"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ANSWER, max_size=12, unique_by=lambda a: a[0]))
def test_sql_answer_lines_equal_the_definition(answers: list[tuple[object, ...]]) -> None:
    store = Store.memory()
    sha = store.put_checklist(catalog.get("cs-outsourcing"))
    vid = store.add_vendor("V")
    aid = store.create_assessment(vid, sha)
    rows = [
        {"question_id": q, "value": v, "note": n, "evidence": e, "source": s}
        for q, v, n, e, s in answers
    ]
    store.conn.executemany(
        "INSERT INTO answers (assessment_id, question_id, value, note, evidence, source, "
        "answered_at) VALUES (?, ?, ?, ?, ?, ?, 'now')",
        [(aid, *_cells(r)) for r in rows],
    )
    fast = next(sql.answer_lines_of_finals(store, [{"id": aid}]))
    assert fast == core.answer_lines(rows)
    store.close()


def _cells(r: dict[str, object]) -> tuple[object, ...]:
    value = json.dumps(r["value"], ensure_ascii=False)  # as the store writes it
    return (r["question_id"], value, r["note"], r["evidence"], r["source"])
