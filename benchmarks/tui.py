"""TUI benchmark: launch-to-first-frame of home vs a bare Textual app, and answer-to-panel latency.

Run: .venv/bin/python -m benchmarks tui   (or `make bench ONLY=tui`)

Startup. Both programs run as whole processes in a pseudo-terminal of 120x40 (os.openpty with
the window size set), exactly as a user's terminal would host them: the real Linux driver, real
escape-sequence output. The clock starts just before the process is spawned and stops when the
first bytes naming a vendor row (`BV0000`...) come out of the pty, i.e. when the first frame that
shows table rows has been written. A pty was preferred over tmux + capture-pane polling because
it reads the app's own output the moment it is written (no poll interval, no tmux server parsing
in between), while still going through the real terminal driver. Runs are interleaved (bare,
ours, bare, ours...) so machine load drifts hit both alike.

Our app opens a database of 1,000 vendors and 10,000 assessments built once through the real
Store (cached under the temp folder, keyed by DB_VERSION). The latest assessment of every vendor
carries real answers scored by the core; the older nine carry only their score summary.

Answer latency. In one process, Pilot opens the assessment screen; the clock starts just before
an answer key is sent and stops at the first frame (App.post_display_hook) composed after the
score panel's `#total` has re-rendered with the new figure.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BARE = Path(__file__).resolve().parent / "_bare_tui.py"
DB_VERSION = "tui-1000v-10000a-1"
VENDORS = 1_000
PER_VENDOR = 10
RUNS = 15
SIZE = (120, 40)  # columns, rows
MARKER = re.compile(rb"BV\d{4}")
TIMEOUT = 60.0
ANSWER_PRESSES = 40

CITIES = ("杭州", "上海", "广州", "深圳", "义乌", "苏州", "成都", "武汉", "厦门", "南京")
KINDS = ("客服外包", "电商代运营", "网店托管", "云客服", "品牌运营")


def cache_dir() -> Path:
    d = Path(tempfile.gettempdir()) / "vendorcheck-bench"
    d.mkdir(parents=True, exist_ok=True)
    return d


# --- the database ------------------------------------------------------------------------------


def _random_answers(checklist: Any, rng: random.Random) -> list[Any]:
    from vendorcheck.core.answers import Answer, check_value

    out = []
    for section in checklist.sections:
        for q in section.questions:
            if q.kind == "text" or rng.random() < 0.1:
                continue
            if q.kind in ("yes_no", "choice"):
                raw: Any = rng.choice([o.id for o in q.answer_options()])
            elif q.kind == "rating":
                raw = rng.randint(1, 5)
            else:
                band = rng.choice(q.bands)
                lo = band.min if band.min is not None else (q.min if q.min is not None else 0)
                hi = band.max if band.max is not None else lo + 100
                raw = round(lo + (hi - lo) * rng.random() * 0.99, 1)
                if q.min is not None:
                    raw = max(raw, q.min)
                if q.max is not None:
                    raw = min(raw, q.max)
            out.append(Answer(question_id=q.id, value=check_value(q, raw)))
    return out


def build_db() -> Path:
    """1,000 vendors / 10,000 assessments through the real Store, built once and cached."""
    from vendorcheck.store.connection import SCHEMA_VERSION

    # the schema in the name: a file cached by an older release would lack newer tables
    path = cache_dir() / f"{DB_VERSION}-s{SCHEMA_VERSION}.db"
    if path.exists():
        return path
    from vendorcheck.core.scoring import score
    from vendorcheck.services import catalog
    from vendorcheck.store import Store

    tmp = path.with_suffix(".building")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    started = time.perf_counter()
    rng = random.Random(4)
    store = Store.open(tmp)
    lists = [catalog.get("cs-outsourcing"), catalog.get("store-operation")]
    shas = [store.put_checklist(c) for c in lists]
    vendors: list[dict[str, Any]] = []
    assessments: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    for i in range(VENDORS):
        vid = f"00000000-0000-4000-8000-{i:012d}"
        ts = f"2025-01-{1 + i % 28:02d}T08:{i % 60:02d}:00+00:00"
        vendors.append(
            {
                "id": vid,
                "name": f"BV{i:04d} {rng.choice(CITIES)}{rng.choice(KINDS)}有限公司",
                "services": '["customer_service"]' if i % 2 == 0 else '["store_operation"]',
                "platforms": '["taobao", "jd"]',
                "created_at": ts,
                "updated_at": ts,
            }
        )
        which = i % 2
        for j in range(PER_VENDOR):
            aid = f"00000000-0000-4000-9000-{i * PER_VENDOR + j:012d}"
            latest = j == PER_VENDOR - 1
            at = f"2025-{1 + j:02d}-{1 + i % 28:02d}T09:00:00+00:00"
            row: dict[str, Any] = {
                "id": aid,
                "vendor_id": vid,
                "checklist_sha256": shas[which],
                "status": "draft" if latest and i % 3 == 0 else "final",
                "assessor": "bench",
                "created_at": at,
                "updated_at": at,
                "finalized_at": None if latest and i % 3 == 0 else at,
            }
            if latest:
                given = _random_answers(lists[which], rng)
                result = score(lists[which], {a.question_id: a for a in given})
                row.update(
                    score=result.score,
                    grade=result.grade,
                    verdict=result.verdict,
                    completeness=result.completeness,
                    red_flag_count=len(result.red_flags),
                )
                answers.extend(
                    {
                        "assessment_id": aid,
                        "question_id": a.question_id,
                        "value": _json(a.value),
                        "answered_at": at,
                    }
                    for a in given
                )
            else:
                s = round(rng.uniform(30, 95), 1)
                row.update(
                    score=s,
                    grade="A" if s >= 85 else "B" if s >= 70 else "C" if s >= 55 else "D",
                    verdict="acceptable",
                    completeness=1.0,
                    red_flag_count=0,
                )
            assessments.append(row)
    with store.atomic():
        store.insert_rows("vendors", vendors)
        store.insert_rows("assessments", assessments)
        store.insert_rows("answers", answers)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    tmp.rename(path)
    print(
        f"built {path} ({VENDORS} vendors, {len(assessments)} assessments, {len(answers)} answers)"
        f" in {time.perf_counter() - started:.1f} s"
    )
    return path


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


# --- launch to first frame ----------------------------------------------------------------------


def _env(config: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.pop("NO_COLOR", None)
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        VENDORCHECK_LANG="zh",
        VENDORCHECK_CONFIG=str(config),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def launch_to_marker(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning `cmd` in a fresh pty to the first output naming a `BV` row."""
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    try:
        while True:
            left = start + TIMEOUT - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no row after {TIMEOUT:.0f} s: {cmd}\n{seen[-2000:]!r}")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # EIO: the child closed the pty (it died)
                chunk = b""
            if not chunk:
                raise RuntimeError(f"exited before a row was shown: {cmd}\n{seen[-2000:]!r}")
            # keep a tail so a marker split across reads is still found
            seen = seen[-16:] + chunk
            if MARKER.search(seen):
                return time.perf_counter() - start
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)


def _quartiles(xs: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return q[0], statistics.median(xs), q[2]


def startup(db: Path, runs: int = RUNS) -> tuple[list[float], list[float]]:
    config = cache_dir() / "bench-config.toml"
    env = _env(config)
    bare_cmd = [sys.executable, str(BARE)]
    # a bare `vendorcheck`, the start the fast path serves (issue 20), on the benchmark's file
    ours_cmd = [sys.executable, "-m", "vendorcheck"]
    ours_env = {**env, "VENDORCHECK_DB": str(db)}
    # Bytecode as an installed wheel has it (pip compiles on install; Textual's is compiled), even
    # where PYTHONDONTWRITEBYTECODE is set: otherwise every launch would compile our sources.
    import compileall

    import vendorcheck

    compileall.compile_dir(Path(vendorcheck.__file__).parent, quiet=1)
    # one untimed run of each warms the OS file cache and writes nothing we measure
    launch_to_marker(bare_cmd, env)
    launch_to_marker(ours_cmd, ours_env)
    bare: list[float] = []
    ours: list[float] = []
    for _ in range(runs):
        bare.append(launch_to_marker(bare_cmd, env))
        ours.append(launch_to_marker(ours_cmd, ours_env))
    return bare, ours


TUI_IMPORTS = "vendorcheck.tui.app, vendorcheck.tui.screens.home"
BARE_IMPORTS = "textual.app, textual.widgets"


def import_costs(top: int = 10) -> list[tuple[float, str]]:
    """Self import time (ms) per top-level package the app's start imports, beyond a bare app."""

    def per_package(code: str) -> dict[str, float]:
        r = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        out: dict[str, float] = {}
        for line in r.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+\d+ \| *(\S+)", line)
            if m:
                pkg = m.group(2).split(".")[0]
                out[pkg] = out.get(pkg, 0.0) + int(m.group(1)) / 1000
        return out

    ours = per_package(f"import vendorcheck.cli, {TUI_IMPORTS}")
    bare = per_package(f"import {BARE_IMPORTS}")
    extra = [(ms - bare.get(pkg, 0.0), pkg) for pkg, ms in ours.items()]
    return sorted(extra, reverse=True)[:top]


def diagnose(env: dict[str, str], runs: int = 7) -> None:
    """Where the extra startup goes: imports (whole processes) and a bare table of 1,000 rows."""
    py = sys.executable
    timed = {
        "python -c pass (the interpreter alone)": [py, "-c", "pass"],
        "python -c 'import pydantic'": [py, "-c", "import pydantic"],
        "python -c 'import sqlite_utils'": [py, "-c", "import sqlite_utils"],
        "python -c 'import vendorcheck.store' (the floor any home pays)": [
            py, "-c", "import vendorcheck.store",
        ],
        f"python -c 'import {BARE_IMPORTS}'": [py, "-c", f"import {BARE_IMPORTS}"],
        "  + the TUI modules (app, home)": [py, "-c", f"import {BARE_IMPORTS}, {TUI_IMPORTS}"],
        "  + vendorcheck.cli (every command module)": [
            py, "-c", f"import {BARE_IMPORTS}, vendorcheck.cli, {TUI_IMPORTS}",
        ],
    }  # fmt: skip
    times: dict[str, list[float]] = {k: [] for k in timed}
    bare1000: list[float] = []
    for _ in range(runs):
        for label, cmd in timed.items():
            start = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, env=env, check=True)
            times[label].append(time.perf_counter() - start)
        bare1000.append(launch_to_marker([py, str(BARE), str(VENDORS)], env))
    print(f"  where it goes (medians of {runs} whole processes):")
    for label, xs in times.items():
        print(f"    {statistics.median(xs) * 1000:6.0f} ms  {label}")
    print(
        f"    {statistics.median(bare1000) * 1000:6.0f} ms  bare app with {VENDORS} rows"
        " to first frame (the cost of filling a table with every vendor)"
    )
    print("  self import time beyond the bare app, by package (python -X importtime):")
    for ms, pkg in import_costs():
        print(f"    {ms:6.1f} ms  {pkg}")


# --- answer key to panel update ----------------------------------------------------------------


async def _answer_latency(db: Path, presses: int) -> list[float]:
    from vendorcheck.services import assessing, catalog
    from vendorcheck.store import Store
    from vendorcheck.tui.app import VendorcheckApp
    from vendorcheck.tui.screens.assessment import AssessmentScreen

    # a fresh vendor in a copy of the big database, so the benchmark DB stays as built
    work = cache_dir() / "answer-latency.db"
    for p in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
        p.unlink(missing_ok=True)
    src = Store.open(db)
    src.db.execute(f"VACUUM INTO '{work}'")
    src.close()
    store = Store.open(work)
    checklist = catalog.get("cs-outsourcing")
    vid = assessing.add_vendor(store, "BV latency test")
    aid = assessing.start_assessment(store, vid, checklist)
    yes_no = [q for s in checklist.sections for q in s.questions if q.kind == "yes_no"]
    store.close()

    app = VendorcheckApp(work, lang="zh", demo=False)
    frames: list[float] = []
    panel_renders: list[float] = []
    app.post_display_hook = lambda: frames.append(time.perf_counter())  # type: ignore[method-assign]
    out: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(AssessmentScreen(aid))
        await pilot.pause()
        screen = app.screen
        total = screen.query_one("#total")
        original = total.render_lines

        def render_lines(crop: Any) -> Any:
            panel_renders.append(time.perf_counter())
            return original(crop)

        total.render_lines = render_lines  # type: ignore[method-assign]
        for i in range(presses):
            q = yes_no[i % len(yes_no)]
            await _go_to(screen, q.id, pilot)
            key = _key_for(screen, "yes" if (i // len(yes_no)) % 2 == 0 else "no")
            before = str(total.render())
            frames.clear()
            panel_renders.clear()
            t0 = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            if str(total.render()) == before:
                continue  # this answer did not move the total (e.g. a zero-point question)
            renders = [t for t in panel_renders if t >= t0]
            if not renders:
                continue
            shown = [t for t in frames if t >= renders[0]]
            if shown:
                out.append((shown[0] - t0) * 1000)
    return out


async def _go_to(screen: Any, question_id: str, pilot: Any) -> None:
    """Put the assessment screen on a question through its own navigation method."""
    screen.go_to(question_id)
    await pilot.pause()


def _key_for(screen: Any, value: str) -> str:
    """The key the assessment screen binds to answering `value` (y / n by the contract)."""
    return {"yes": "y", "no": "n", "unknown": "u"}[value]


def answer_latency(db: Path, presses: int = ANSWER_PRESSES) -> list[float] | None:
    try:
        import vendorcheck.tui.screens.assessment  # noqa: F401
    except ImportError as e:
        print(f"answer latency: skipped, the assessment screen is not there yet ({e})")
        return None
    return asyncio.run(_answer_latency(db, presses))


# --- main ------------------------------------------------------------------------------------------


def main() -> None:
    try:
        import vendorcheck.tui.app  # noqa: F401
    except ImportError as e:
        print(f"tui: skipped, vendorcheck.tui.app is not there yet ({e})")
        return
    db = build_db()
    bare, ours = startup(db)
    b1, bm, b3 = _quartiles(bare)
    o1, om, o3 = _quartiles(ours)
    ratio = om / bm
    print(
        f"launch to first frame with rows, {RUNS} interleaved runs each, pty {SIZE[0]}x{SIZE[1]}:"
    )
    print(
        f"  bare Textual app, 20-row DataTable: median {bm * 1000:6.0f} ms  IQR {b1 * 1000:.0f}-{b3 * 1000:.0f} ms"
    )
    print(
        f"  vendorcheck home, {VENDORS} vendors:  median {om * 1000:6.0f} ms  IQR {o1 * 1000:.0f}-{o3 * 1000:.0f} ms"
    )
    verdict = "within" if ratio <= 1.25 else "OVER"
    print(f"  ratio ours/bare: {ratio:.2f}x  ({verdict} the 1.25x target)")
    if ratio > 1.25:
        diagnose(_env(cache_dir() / "bench-config.toml"))
    lat = answer_latency(db)
    if lat:
        q1, med, q3 = _quartiles(lat) if len(lat) >= 2 else (lat[0], lat[0], lat[0])
        print(
            f"answer key to score panel frame, {len(lat)} presses: median {med:.1f} ms"
            f"  IQR {q1:.1f}-{q3:.1f} ms  ({'within' if med < 16 else 'OVER'} the 16 ms target)"
        )


if __name__ == "__main__":
    main()
