"""Archive benchmark: bundle import against raw executemany, and list / history / search / verify
on an archive of 100,000 final assessments of about 50 answers each.

Run: .venv/bin/python -m benchmarks archive          (or `make bench ONLY=archive`)
     VENDORCHECK_BENCH_FINALS=2000 .venv/bin/python -m benchmarks archive   (a quick smoke run)

The archive. VENDORS = FINALS / 10 vendors, each with 10 yearly final assessments of the
`cs-outsourcing` checklist (50 of its 61 questions answered with valid values; about a fifth of
the answers carry a Chinese note, a tenth evidence), sealed with real hashes chained per vendor
(hash v2 since issue 18, as `finalize` seals; a rejected final carries its red flag row).
It is written through our import path (`transfer.import_data`, bundles of 1,000 vendors) and
cached under the temp folder keyed by size and ARCHIVE_VERSION, so reruns start at the queries.

Import throughput. The same sample (the first SAMPLE_VENDORS vendors' rows: vendors,
assessments, answers) goes into fresh database files made by Store.open (same schema, triggers
and search index) two ways: our import path, given the parsed bundle (validation, every hash and
chain link recomputed, conflict checks, one transaction), and bare `sqlite3.executemany` of
the same rows as ready-made tuples in one transaction. Runs alternate; medians compared.

Queries, medians of RUNS runs on the full archive: each vendor's latest verdict (`history`
without a vendor: the columns it shows, from the trigger-kept latest_finals table, m026),
the same as CSV rows; `vendor list` as the command reads it (every vendor and its latest
assessment, draft or final: the shown columns for the table and CSV, every column with the
services and platforms lists decoded for JSON); one vendor's history with its diffs;
full-text search for 2-, 3- and 4-character Chinese words; and (fewer runs, it reads every
answer) verify of the whole archive. Targets: list, `vendor list`, history and search under
50 ms.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.tui import cache_dir  # one cache folder for every benchmark

ARCHIVE_VERSION = "archive-2"  # 2: finals sealed with hash v2 (issue 18)
SEALED_IN = "00000000-0000-4000-8000-bench0archive"
RED_FLAG = {
    "question_id": "contract.no_shop_loans",
    "prompt_zh": "合同是否明确禁止服务商以店铺或你的名义贷款？",
    "prompt_en": "Does the contract forbid the vendor to take loans in the shop's name?",
    "reason_zh": "合同没有禁止服务商拿店铺贷款",
    "reason_en": "the contract does not forbid the vendor to borrow against the shop",
}
FINALS = int(os.environ.get("VENDORCHECK_BENCH_FINALS", "100000"))
PER_VENDOR = 10
ANSWERED = 50
CHUNK_VENDORS = 1_000
SAMPLE_VENDORS = int(os.environ.get("VENDORCHECK_BENCH_SAMPLE_VENDORS", "200"))
RUNS = 7
VERIFY_RUNS = 3
TARGET_MS = 50.0
TARGET_RATIO = 0.5

CITIES = ("杭州", "上海", "广州", "深圳", "义乌", "苏州", "成都", "武汉", "厦门", "南京")
KINDS = ("客服外包", "电商代运营", "网店托管", "云客服", "品牌运营")
PHRASES = (
    "合同第 8 条禁止以店铺名义贷款",
    "三次试聊实测首响 25 秒",
    "千牛后台截图",
    "夜班只有一名客服",
    "提成按扣除退款后的成交额计算",
    "客户回访：售后处理及时",
    "没有赔偿条款，需补充",
    "营业执照已核验，存续",
    "承诺书已签",
    "违规扣分由乙方承担",
    "虚假发货风险已说明",
    "培训记录齐全",
)


# --- the data ----------------------------------------------------------------------------------


def _value(q: Any, rng: random.Random) -> Any:
    from vendorcheck.core.answers import check_value

    if q.kind in ("yes_no", "choice"):
        raw: Any = rng.choice([o.id for o in q.answer_options()])
    elif q.kind == "rating":
        raw = rng.randint(1, 5)
    elif q.kind == "text":
        raw = rng.choice(PHRASES)
    else:
        lo = q.min if q.min is not None else 0
        hi = q.max if q.max is not None else lo + 200
        raw = round(lo + (hi - lo) * rng.random(), 1)
    return check_value(q, raw)


def make_bundles(finals: int, only_first: bool = False) -> list[dict[str, Any]]:
    """Bundles of CHUNK_VENDORS vendors each, sealed exactly as vendorcheck seals finals."""
    from vendorcheck.core import archive as chain
    from vendorcheck.core.parsing import canonical_json, checklist_sha256
    from vendorcheck.services import catalog

    rng = random.Random(8)
    checklist = catalog.get("cs-outsourcing")
    sha = checklist_sha256(checklist)
    cl_row = {
        "sha256": sha,
        "checklist_id": checklist.id,
        "version": checklist.version,
        "title_zh": checklist.title.zh,
        "title_en": checklist.title.en,
        "content": json.loads(canonical_json(checklist)),
        "added_at": "2016-01-01T00:00:00+00:00",
    }
    cl = {"id": checklist.id, "version": checklist.version, "sha256": sha}
    questions = [q for s in checklist.sections for q in s.questions]
    vendors_n = max(1, finals // PER_VENDOR)
    bundles: list[dict[str, Any]] = []
    for start in range(0, vendors_n, CHUNK_VENDORS):
        doc: dict[str, Any] = {
            "format": "vendorcheck-export",
            "format_version": 1,
            "vendors": [],
            "checklists": [cl_row],
            "assessments": [],
            "answers": [],
            "red_flags": [],
        }
        for i in range(start, min(start + CHUNK_VENDORS, vendors_n)):
            vid = f"00000000-0000-4000-8000-{i:012d}"
            vendor = {
                "id": vid,
                "name": f"V{i:06d} {rng.choice(CITIES)}{rng.choice(KINDS)}有限公司",
                "credit_code": "",
                "services": ["customer_service"],
                "platforms": ["taobao"],
                "contact": "",
                "notes": rng.choice(PHRASES) if i % 4 == 0 else "",
                "created_at": "2016-01-01T00:00:00+00:00",
                "updated_at": "2016-01-01T00:00:00+00:00",
            }
            doc["vendors"].append(vendor)
            prev = chain.GENESIS
            for n in range(PER_VENDOR):
                aid = f"{i:08d}-{n:04d}-4000-8000-{rng.getrandbits(48):012x}"
                at = f"{2016 + n}-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00+00:00"
                answers = []
                for q in rng.sample(questions, ANSWERED):
                    r = rng.random()
                    answers.append(
                        {
                            "assessment_id": aid,
                            "question_id": q.id,
                            "value": _value(q, rng),
                            "note": rng.choice(PHRASES) if r < 0.2 else "",
                            "evidence": f"截图 {rng.randint(1, 999)} 号" if r > 0.9 else "",
                            "source": "merchant",
                            "answered_at": at,
                        }
                    )
                score = round(rng.uniform(20, 99), 2)
                flags = 1 if score < 40 else 0
                a = {
                    "id": aid,
                    "vendor_id": vid,
                    "checklist_sha256": sha,
                    "status": "final",
                    "assessor": "bench",
                    "created_at": at,
                    "updated_at": at,
                    "finalized_at": at,
                    "finalized_by": "bench",
                    "position": None,
                    "score": score,
                    "grade": "A"
                    if score >= 85
                    else "B"
                    if score >= 70
                    else "C"
                    if score >= 55
                    else "D",
                    "verdict": "reject" if flags or score < 55 else "acceptable",
                    "completeness": round(ANSWERED / len(questions), 4),
                    "red_flag_count": flags,
                    "prev_hash": prev,
                    # sealed as vendorcheck seals since issue 18: hash v2, by one archive
                    "scoring_method": "v1",
                    "hash_version": chain.V2,
                    "sealed_in": SEALED_IN,
                }
                red = [{"assessment_id": aid, **RED_FLAG}] if flags else []
                lines = chain.answer_lines(answers)
                a["hash"] = chain.digest(chain.canonical_v2(a, vendor, cl, lines, red, prev))
                doc["red_flags"] += red
                prev = a["hash"]
                doc["assessments"].append(a)
                doc["answers"] += answers
        bundles.append(doc)
        if only_first:
            break
    return bundles


def _tuples(doc: dict[str, Any]) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """The bundle's rows as the tuples raw executemany gets (JSON columns already encoded)."""
    out: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
    for table in ("vendors", "checklists", "assessments", "answers"):
        rows = doc[table]
        cols = list(rows[0])
        enc = {"services", "platforms", "content", "value"}
        out[table] = (
            cols,
            [
                tuple(
                    json.dumps(r[c], ensure_ascii=False, sort_keys=c == "content")
                    if c in enc
                    else r[c]
                    for c in cols
                )
                for r in rows
            ],
        )
    return out


def _fresh(path: Path) -> Any:
    from vendorcheck.store import Store

    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    return Store.open(path)


def raw_import(
    path: Path, rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]], search: bool = True
) -> float:
    """executemany of ready tuples; `search=False` drops the search index's triggers first
    (the floor: what the rows alone cost)."""
    from vendorcheck.store.schema import register_functions

    _fresh(path).close()
    con = sqlite3.connect(path, isolation_level=None)
    register_functions(con)  # the search index's triggers call it, as in the app
    if not search:
        for t in ("answers_fts_insert", "answers_fts_delete", "answers_fts_update"):
            con.execute(f"DROP TRIGGER {t}")
    start = time.perf_counter()
    con.execute("BEGIN")
    for table, (cols, tuples) in rows.items():
        quoted = ", ".join(f'"{c}"' for c in cols)
        marks = ", ".join("?" for _ in cols)
        con.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', tuples)
    con.execute("COMMIT")
    took = time.perf_counter() - start
    con.close()
    return took


def our_import(path: Path, doc: dict[str, Any]) -> float:
    from vendorcheck.services import transfer

    store = _fresh(path)
    start = time.perf_counter()
    counts = transfer.import_data(store, doc, "bench bundle")
    took = time.perf_counter() - start
    store.close()
    assert counts["assessments"] == len(doc["assessments"]), counts
    return took


def archive_path() -> Path:
    key = hashlib.sha256(f"{ARCHIVE_VERSION}-{FINALS}".encode()).hexdigest()[:8]
    return cache_dir() / f"{ARCHIVE_VERSION}-{FINALS}-{key}.db"


def build_archive(bundles: list[dict[str, Any]]) -> tuple[Path, float | None]:
    """The full archive through our import path, cached; returns its path and build seconds."""
    path = archive_path()
    if path.exists():
        return path, None
    tmp = path.with_suffix(".building")
    store = _fresh(tmp)
    from vendorcheck.services import transfer

    start = time.perf_counter()
    for doc in bundles:
        transfer.import_data(store, doc, "bench bundle")
    took = time.perf_counter() - start
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    tmp.rename(path)
    return path, took


# --- timing ------------------------------------------------------------------------------------


def median_ms(fn: Callable[[], Any], runs: int = RUNS) -> tuple[float, Any]:
    times, out = [], None
    if runs >= 5:
        fn()  # warm the page cache and statement cache once (not for the slow verify)
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), out


def main() -> None:
    from vendorcheck.services import archive, vendors
    from vendorcheck.store import Store

    t0 = time.perf_counter()
    cached = archive_path().exists()
    bundles = make_bundles(FINALS, only_first=cached)
    n_answers = sum(len(b["answers"]) for b in bundles)
    print(
        f"data: {'first bundle of ' if cached else ''}{FINALS:,} finals of "
        f"{max(1, FINALS // PER_VENDOR):,} vendors, {n_answers:,} answers, made and sealed in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    path, build = build_archive(bundles)
    size_mb = path.stat().st_size / 1e6
    if build is None:
        print(f"archive: cached {path} ({size_mb:,.0f} MB)")
    else:
        rows = n_answers + FINALS
        print(
            f"archive: built through our import path in {build:.1f} s "
            f"({rows / build:,.0f} rows/s), {size_mb:,.0f} MB"
        )

    # import throughput on a sample, our path and raw executemany alternating
    sample = _sample(bundles[0], SAMPLE_VENDORS)
    raw_rows = _tuples(sample)
    n_rows = sum(len(sample[t]) for t in ("vendors", "checklists", "assessments", "answers"))
    scratch = cache_dir() / "archive-sample.db"
    ours, raw, floor = [], [], []
    for _ in range(3):
        raw.append(raw_import(scratch, raw_rows))
        floor.append(raw_import(scratch, raw_rows, search=False))
        ours.append(our_import(scratch, sample))
    for p in (scratch, Path(f"{scratch}-wal"), Path(f"{scratch}-shm")):
        p.unlink(missing_ok=True)
    r_ours, r_raw = n_rows / statistics.median(ours), n_rows / statistics.median(raw)
    r_floor = n_rows / statistics.median(floor)
    ratio = r_ours / r_raw
    print(
        f"import, {len(sample['assessments']):,} finals / {n_rows:,} rows, median of 3 each:\n"
        f"  raw executemany, same schema (search triggers index each row): {r_raw:10,.0f} rows/s\n"
        f"  raw executemany, search triggers dropped (rows alone):         {r_floor:10,.0f} rows/s\n"
        f"  our import path (validate, hashes, chain, conflicts, index):   {r_ours:10,.0f} rows/s\n"
        f"  ratio ours/raw same schema {ratio:.2f}x "
        f"({'meets' if ratio >= TARGET_RATIO else 'MISSES'} the {TARGET_RATIO}x target); "
        f"ours/rows alone {r_ours / r_floor:.2f}x"
    )

    vendor = bundles[0]["vendors"][0]["name"]
    # The generated bundles are millions of objects the app would never hold; left alive, the
    # cyclic GC would walk them all during the queries below and time itself, not the queries.
    del bundles, sample, raw_rows
    gc.collect()
    gc.freeze()  # what survives is start-up state; a CLI process has little else to walk
    store = Store.open(path)
    results = []
    for label, fn, runs in (
        ("list: latest verdict per vendor", lambda: archive.latest_verdicts(store), RUNS),
        ("  the same as CSV rows (labels, due)", lambda: archive.latest_scores(store, "zh"), RUNS),
        ("`vendor list` (table, CSV)", lambda: vendors.listing(store), RUNS),
        ("`vendor list --format json`", lambda: vendors.records(store), RUNS),
        ("history of one vendor (10 finals)", lambda: archive.history(store, vendor), RUNS),
        ("search 2 chars 贷款", lambda: archive.search(store, "贷款"), RUNS),
        ("search 4 chars 店铺名义", lambda: archive.search(store, "店铺名义"), RUNS),
        ("search 2 chars 首响", lambda: archive.search(store, "首响"), RUNS),
        ("search 3 chars 承诺书", lambda: archive.search(store, "承诺书"), RUNS),
        ("verify whole archive", lambda: archive.verify(store), VERIFY_RUNS),
    ):
        ms, out = median_ms(fn, runs)
        results.append((label, ms, out))
    print(f"queries on {FINALS:,} finals, median of {RUNS} ({VERIFY_RUNS} for verify):")
    for label, ms, out in results:
        size = f"{len(out):,} rows" if isinstance(out, list) else ""
        if "CSV" in label:
            size = f"{len(out[1]):,} rows"
        elif label.startswith("history"):
            size = f"{len(out['assessments'])} finals"
        elif label.startswith("verify"):
            size = f"{len(out)} problems"
        target = ""
        if not label.startswith(("verify", " ")):
            target = f"({'within' if ms < TARGET_MS else 'OVER'} {TARGET_MS:.0f} ms)"
        print(f"  {label:36s} {ms:10.1f} ms  {size:>14s}  {target}")
    store.close()


def _sample(doc: dict[str, Any], vendors: int) -> dict[str, Any]:
    ids = {v["id"] for v in doc["vendors"][:vendors]}
    aids = {a["id"] for a in doc["assessments"] if a["vendor_id"] in ids}
    return {
        **doc,
        "vendors": [v for v in doc["vendors"] if v["id"] in ids],
        "assessments": [a for a in doc["assessments"] if a["id"] in aids],
        "answers": [a for a in doc["answers"] if a["assessment_id"] in aids],
        "red_flags": [f for f in doc["red_flags"] if f["assessment_id"] in aids],
    }


if __name__ == "__main__":
    main()
