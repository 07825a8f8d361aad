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
    n, fast = next(sql.answer_lines_of_finals(store, [{"id": aid}]))
    lines = core.answer_lines(rows)
    assert fast.decode("utf-8") == lines and n == len(rows)
    a = {**store.assessment(aid), "status": "final"}
    v = store.vendor(vid)
    ref = {"id": "cs-outsourcing", "version": "1", "sha256": sha}
    whole = core.digest(core.canonical_v2(a, v, ref, lines, []))
    assert core.digest_v2(core.header_v2(a, v, ref, n, []), fast) == whole
    store.close()


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["score", "grade", "assessor", "completeness"]), TEXT),
    st.lists(st.tuples(TEXT, TEXT, TEXT), max_size=3, unique_by=lambda f: f[0]),
)
def test_header_is_json_with_sorted_keys(
    fields: dict[str, str], flags: list[tuple[str, ...]]
) -> None:
    """header_v2 writes its keys in sorted order by hand: the same text as sort_keys gives."""
    a = {"id": "a", "status": "final", **fields}
    red = [{"question_id": q, "prompt_zh": z, "reason_en": e} for q, z, e in flags]
    vendor = {"id": "v", "name": "名", "credit_code": "91330106MA2B3C4D5D"}
    ref = {"id": "c", "version": "1", "sha256": "s"}
    header = core.header_v2(a, vendor, ref, 3, red, "p")
    again = json.dumps(
        json.loads(header), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    assert header == again


def _cells(r: dict[str, object]) -> tuple[object, ...]:
    value = json.dumps(r["value"], ensure_ascii=False)  # as the store writes it
    return (r["question_id"], value, r["note"], r["evidence"], r["source"])
