"""Session benchmark (issue 20): an answer key to the new score, the old path against the
AssessmentSession, side by side.

Run: .venv/bin/python -m benchmarks session          (or `make bench ONLY=session`)

The draft. A database file (on disk, under the temp folder: commits pay the real fsync) with
OTHER_VENDORS vendors holding a draft each, and one vendor on Taobao doing customer service whose
draft of the `cs-outsourcing` checklist has ANSWERED of its questions answered (about a fifth with
a Chinese note, so the search index's triggers work too). Each key answers one yes/no question
of it, alternating yes and no so that every key changes the score, and saves the next question
to resume on with it, as the assessment screen does.

Three ways, interleaved key by key (machine load drifts hit all alike), medians of KEYS each:
  main     what the screen did at main (f4e642b): services.assessing.answer (re-reads the
           assessment, checklist, vendor and every answer, rescores everything, writes with
           sqlite-utils' upsert and insert, each reading the table's columns first) and
           set_position in one transaction, then every answer read back again;
  old      the same path on this branch's store (prepared statements: store.drafts);
  session  AssessmentSession.answer(..., advance=True): one transaction, incremental score.
Wall time (what the merchant waits for; a commit's fsync is most of it) and CPU time of this
process (the part the session changes). Target: session <= 5 ms median wall.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.tui import cache_dir

OTHER_VENDORS = 300
ANSWERED = 45
KEYS = 200
TARGET_MS = 5.0
NOTES = (
    "合同第 8 条禁止以店铺名义贷款",
    "三次试聊实测首响 25 秒",
    "千牛后台截图",
    "夜班只有一名客服",
)


def build() -> tuple[Path, str]:
    """A fresh file with the other vendors' drafts and the draft under test; its id."""
    from benchmarks.archive import _value
    from vendorcheck.services import assessing, catalog
    from vendorcheck.store import Store

    path = cache_dir() / "session.db"
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    store = Store.open(path)
    checklist = catalog.get("cs-outsourcing")
    rng = random.Random(20)
    questions = checklist.questions()
    aid = ""
    for i in range(OTHER_VENDORS + 1):
        name = "BV session test" if i == OTHER_VENDORS else f"BV{i:04d} 杭州客服外包有限公司"
        vid = assessing.add_vendor(store, name, services=["customer_service"], platforms=["taobao"])
        payload = {
            "answers": {
                q.id: {
                    "value": _value(q, rng),
                    "note": rng.choice(NOTES) if rng.random() < 0.2 else "",
                }
                for q in rng.sample(questions, ANSWERED)
                if q.depends_on is None
            }
        }
        aid = assessing.assess_payload(store, vid, checklist, payload)
    store.close()
    return path, aid


def _main_path(store: Any, aid: str, qid: str, value: str, position: str | None) -> Any:
    """The screen's key at f4e642b: assessing.answer with sqlite-utils' writes, then a re-read."""
    from vendorcheck.services import assessing
    from vendorcheck.store import now

    checklist = assessing.checklist_of(store, aid)
    q = checklist.question(qid)
    assert q is not None
    with store.atomic():
        answers = dict(store.answers(aid))
        ans = answers[qid].model_copy(update={"value": value, "source": "merchant"})
        answers[qid] = ans
        result = assessing.draft_score(store, aid, checklist, answers)
        a = store._require_draft(aid)
        ts = now()
        store.db["answers"].upsert(
            {
                "assessment_id": aid,
                "question_id": qid,
                "value": json.dumps(value, ensure_ascii=False),
                "note": ans.note,
                "evidence": ans.evidence,
                "source": ans.source,
                "answered_at": ts,
            },
            pk=("assessment_id", "question_id"),
        )
        store.db["events"].insert(
            {
                "at": ts,
                "kind": "answer_set",
                "vendor_id": a["vendor_id"],
                "assessment_id": aid,
                "detail": json.dumps(
                    {"question_id": qid, "value": value, "source": "merchant"},
                    ensure_ascii=False,
                    sort_keys=True,
                ),
            }
        )
        store.save_summary(aid, result)
        if position is not None:
            store.set_position(aid, position)
    store.answers(aid)
    return result


def _old_path(store: Any, aid: str, qid: str, value: str, position: str | None) -> Any:
    """The same key through services.assessing.answer on this branch's store."""
    from vendorcheck.services import assessing

    note = store.answers(aid)[qid].note
    with store.atomic():
        result = assessing.answer(store, aid, qid, value, note=note)
        if position is not None:
            store.set_position(aid, position)
    store.answers(aid)
    return result


def _timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return (time.perf_counter() - w) * 1000, (time.process_time() - c) * 1000, out


def main() -> None:
    import shutil

    from vendorcheck.core.scoring import score
    from vendorcheck.services.rescoring import fit_of
    from vendorcheck.services.session import AssessmentSession
    from vendorcheck.store import Store

    t0 = time.perf_counter()
    path, aid = build()
    took = time.perf_counter() - t0
    print(f"built {path}: {OTHER_VENDORS + 1} drafts of ~{ANSWERED} answers ({took:.0f} s)")
    names = ("main", "old", "session")
    stores = {}
    for name in names:  # one copy each: a write to a shared file would make the session reload
        copy = path.with_name(f"session-{name}.db")
        shutil.copy(path, copy)
        stores[name] = Store.open(copy)
    session = AssessmentSession(stores["session"], aid)
    order = [q.id for q in session.checklist.questions()]
    keys = [
        q for q in session.checklist.questions() if q.kind == "yes_no" and q.id in session.answers
    ]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for i in range(KEYS):
        q = keys[i % len(keys)]
        value = "yes" if (i // len(keys)) % 2 else "no"
        nxt = order[order.index(q.id) + 1] if q.id != order[-1] else None
        note = session.answers[q.id].note
        runs: list[tuple[str, Callable[[], Any]]] = [
            ("main", partial(_main_path, stores["main"], aid, q.id, value, nxt)),
            ("old", partial(_old_path, stores["old"], aid, q.id, value, nxt)),
            ("session", partial(session.answer, q.id, value, note=note, advance=True)),
        ]
        for name, fn in runs[i % 3 :] + runs[: i % 3]:
            wall, cpu, result = _timed(fn)
            times[name].append((wall, cpu))
            st = stores[name]
            expect = score(session.checklist, st.answers(aid), fit=fit_of(session.vendor))
            assert result == expect, f"{name}: the score differs from scoring from scratch"
    reloads = session.loads - 1
    for st in stores.values():
        st.close()
    _report(times, reloads)


def _report(times: dict[str, list[tuple[float, float]]], reloads: int) -> None:
    med = {
        k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
        for k, v in times.items()
    }
    print(f"answer key -> new score, cs-outsourcing, {KEYS} keys each, interleaved, medians:")
    for name, (wall, cpu) in med.items():
        q1, _, q3 = statistics.quantiles([w for w, _ in times[name]], n=4)
        print(f"  {name:8s} wall {wall:6.2f} ms (IQR {q1:.2f}-{q3:.2f})   cpu {cpu:6.2f} ms")
    s_wall, s_cpu = med["session"]
    for base in ("main", "old"):
        b_wall, b_cpu = med[base]
        print(f"  ratio session/{base}: wall {s_wall / b_wall:.2f}x   cpu {s_cpu / b_cpu:.2f}x")
    verdict = "within" if s_wall <= TARGET_MS else "OVER"
    print(f"  session {s_wall:.2f} ms: {verdict} the {TARGET_MS:g} ms target; reloaded {reloads}x")


if __name__ == "__main__":
    main()
