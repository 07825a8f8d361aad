"""Verify benchmark (issue 18): `verify` of the whole archive against the verify it replaced.

Run: .venv/bin/python -m benchmarks verify          (or `make bench ONLY=verify`)
     VENDORCHECK_BENCH_FINALS=2000 .venv/bin/python -m benchmarks verify   (a quick smoke run)

The archive is the archive benchmark's (benchmarks/archive.py, shared and cached): FINALS final
assessments (100,000 by default) of 10 per vendor, 50 answers each (5 million), sealed with hash
v2 and written through our import path.

Side by side, alternating, median of RUNS each on the same file:
  before  the verify of d1bb0f4 (what the issue measured at 28.5 s): every answer read and
          JSON-decoded in Python, then one canonical JSON document per final re-encoded and
          hashed. Its work is replicated here (same reads, same canonical v1 function).
  now     services.verify.verify_archive, everything `vendorcheck verify` checks: each final's
          hash v2 (answer lines built by SQLite's json_array in one range read per final, the
          header in Python), chain links and forks, the seal list and every head, finals turned
          into drafts, the vendor list's copies; with the progress callback the CLI uses.
Target: now <= 10 s at 100,000 finals.

Measured at 2aa2ec0 on the shared 2-core machine (load average 7-9 from other jobs): before
50.2 s, now 19.7 s (medians of 3; runs 39.7/50.8/50.2 and 10.7/20.4/19.7), ratio 0.39x; the
issue's 28.5 s baseline times that ratio is about 11 s. Not shown within 10 s on this machine.
"""

from __future__ import annotations

import gc
import statistics
import time
from typing import Any

from benchmarks.archive import FINALS, archive_path, build_archive, make_bundles

RUNS = 3
TARGET_S = 10.0


def before_verify(store: Any) -> int:
    """The work of d1bb0f4's verify: decoded answers, canonical v1 re-encoded, hashed."""
    from vendorcheck.core import archive as core
    from vendorcheck.store import archive as sql

    rows = sql.finals(store)
    names = {v["id"]: v["name"] for v in store.rows("vendors")}
    refs: dict[str, dict[str, Any]] = {}
    n = 0
    for a, answers in zip(rows, sql.answers_of_finals(store, rows), strict=True):
        sha = a["checklist_sha256"]
        if sha not in refs:
            cl = store.checklist(sha)
            refs[sha] = {"id": cl.id, "version": cl.version, "sha256": sha}
        vendor = {"id": a["vendor_id"], "name": names.get(a["vendor_id"], "")}
        text = core.canonical(a, vendor, refs[sha], answers, a.get("prev_hash") or "")
        n += core.digest(text) == a.get("hash")  # v2 hashes: never equal; the work is the same
    return n


def main() -> None:
    from vendorcheck.services.verify import verify_archive
    from vendorcheck.store import Store

    cached = archive_path().exists()
    t0 = time.perf_counter()
    bundles = [] if cached else make_bundles(FINALS)
    path, build = build_archive(bundles)
    del bundles
    gc.collect()
    made = "cached" if build is None else f"built in {time.perf_counter() - t0:.0f} s"
    print(f"archive: {FINALS:,} finals, {FINALS * 50:,} answers ({made}) {path}")
    store = Store.open(path)
    shown: list[str] = []

    def progress(done: int, total: int) -> None:
        if done % 25000 == 0 or done == total:
            shown.append(f"{done:,}/{total:,}")

    before, now = [], []
    out: dict[str, Any] = {}
    for _ in range(RUNS):
        t = time.perf_counter()
        before_verify(store)
        before.append(time.perf_counter() - t)
        shown.clear()
        t = time.perf_counter()
        out = verify_archive(store, progress=progress)
        now.append(time.perf_counter() - t)
    store.close()
    b, n = statistics.median(before), statistics.median(now)
    print(f"verify of {out['finals']:,} finals, median of {RUNS} each, alternating:")
    print(f"  before (d1bb0f4's verify, hash v1 work)   {b:8.2f} s   (runs {_runs(before)})")
    print(f"  now    (verify_archive, every check)       {n:8.2f} s   (runs {_runs(now)})")
    print(
        f"  ratio now/before {n / b:.2f}x; {'within' if n <= TARGET_S else 'OVER'} the "
        f"{TARGET_S:.0f} s target; {len(out['problems'])} problems; head {out['head'][:16]}…"
    )
    print(f"  progress shown: {' '.join(shown)}")


def _runs(xs: list[float]) -> str:
    return ", ".join(f"{x:.2f}" for x in xs)


if __name__ == "__main__":
    main()
