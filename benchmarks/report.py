"""Report benchmark: a 5-vendor Chinese comparison PDF with the full appendix, as a user runs it.

Run: .venv/bin/python -m benchmarks report

Whole processes. `vendorcheck report V1..V5 -o out.pdf --lang zh --client … --brand …` runs as
a CLI subprocess (SOURCE_DATE_EPOCH pinned), one warm-up then RUNS timed runs, interleaved with
the same report on the system font (VENDORCHECK_FONT_SUBSET=0: the "before" of the font-subset
recipe step), the same report with every answer annotated, and two baselines: the start-up
floor (`python -c "import weasyprint"`) and a minimal one-page Chinese WeasyPrint render.
Medians of wall time and of CPU time (user + sys of the child; other work on a shared machine
stretches wall time much more than CPU time), and our median as a multiple of each baseline.

Where the time goes. A fresh child process does what the CLI does (reporting.build_report, then
reporting.write_report, the same calls `vendorcheck report` makes), with a timer wrapped around
each step: imports, database -> ReportData, `import weasyprint`, the font-subset lookup, the
template context + Jinja, the font check, WeasyPrint's `HTML(...)` (parse), `.render()` (styles
and layout) and `Document.write_pdf()`, our glue around them and writing the file. "Outside
WeasyPrint" is our own work after the imports as a share of it plus WeasyPrint's three steps;
the share counting interpreter start-up and imports is printed beside it, since those are a
floor no report code removes.

The databases: 5 vendors fully answered on cs-outsourcing (61 questions), each with a quote and
a shop profile; "typical" has a note on half the answers and evidence on a quarter (the demo
vendors annotate 10-25 %), "every answer" a note on all and evidence on 80 %. Built once through
the real services and cached in the temp folder under DB_VERSION.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.tui import cache_dir

ROOT = Path(__file__).resolve().parents[1]
BRAND = ROOT / "reports" / "branding.example.toml"
EXAMPLES = ROOT / "checklists" / "market" / "examples"
DB_VERSION = "report-5v-cs-2"
RUNS = 7
TARGET_S = 2.0
TARGET_SHARE = 0.15
EPOCH = "1767225600"
CLIENT = "某某旗舰店"
VENDORS = (
    ("杭州云帆客服外包有限公司", "quote-shift-plus-commission.toml", 0.92),
    ("上海青禾电商客服外包服务有限公司", "quote-base-plus-commission.toml", 0.8),
    ("广州星耀网络科技有限公司（客服中心）", "quote-tiered.toml", 0.7),
    ("速达电商服务工作室", "quote-day-rate.toml", 0.45),
    ("Bluewave Commerce Services", "quote-service-fee-plus-commission.toml", 0.75),
)
NOTES = (
    "三次试聊实测，晚班响应明显变慢，需要在合同里写明晚班人数",
    "对方提供的月报数据，我们抽查了其中两周的聊天记录，基本一致",
    "实地考察时看了排班表和质检记录，主管能说清每个客服负责的店铺",
    "老板口头承诺，尚未写进合同附件，签约前要求补充书面说明",
    "参考客户反馈：大促期间接待量大时仍能保持首响在 30 秒以内",
    "合同第 8 条的表述比较模糊，已请法务确认责任边界和赔偿上限",
)
EVIDENCE = (
    "千牛后台截图 2026-10-12",
    "合同草案第 5 条、附件一",
    "国家企业信用信息公示系统截图，登记状态：存续",
    "客户微信聊天记录（已打码）",
)
# Shares of answers with a note, and with evidence too. The demo vendors annotate 10-25 % and
# 2-11 %; "typical" is a thorough consultant, "every answer" the worst case.
DENSITIES = {"typical": (0.5, 0.25), "every answer": (1.0, 0.8)}

# --- the database --------------------------------------------------------------------------


def _answer(q: dict[str, Any], good: float, rng: random.Random) -> Any:
    """A plausible answer: a good option with probability `good`, else a worse one."""
    if q["kind"] == "text":
        return "报价单原文：白班 + 晚班各 1,500 元/月，另按营业额 2% 提成，月结"
    if q["kind"] == "rating":
        return 5 if rng.random() < good else rng.randint(2, 4)
    if q["kind"] == "number":
        bands = sorted(q["bands"], key=lambda b: -b["points"])
        band = bands[0] if rng.random() < good else rng.choice(bands)
        lo = band["min"] if band["min"] is not None else (q["min"] or 0)
        hi = band["max"] if band["max"] is not None else lo + 10
        if q["max"] is not None:
            hi = min(hi, q["max"])
        return round(lo + (hi - lo) * 0.5, 0)
    options = sorted(q["options"], key=lambda o: -o["points"])
    if q["critical"] or rng.random() < good:
        return options[0]["id"]
    return rng.choice(options[1:] or options)["id"]


def build_db(notes: float, evidence: float) -> Path:
    """Five vendors fully answered on cs-outsourcing, with quotes and a profile (cached): a
    share `notes` of the answers carries a note, a share `evidence` a note and evidence."""
    from vendorcheck.store.connection import SCHEMA_VERSION

    # the schema in the name: a file cached by an older release would lack newer tables
    path = cache_dir() / f"{DB_VERSION}-s{SCHEMA_VERSION}-{notes:.2f}-{evidence:.2f}.db"
    if path.exists():
        return path
    from vendorcheck.services import assessing, catalog, costing
    from vendorcheck.store import Store

    tmp = path.with_name(f".{path.name}.{os.getpid()}")  # a fresh name: no stale -wal
    store = Store.open(tmp)
    checklist = catalog.get("cs-outsourcing")
    questions = catalog.checklist_json(checklist)["sections"]
    rng = random.Random(5)
    costing.set_profile(store, costing.load_profile_file(EXAMPLES / "profile.toml"))
    for name, quote, good in VENDORS:
        assessing.add_vendor(
            store, name, services=["customer_service"], platforms=["taobao", "tmall", "jd"]
        )
        answers = {}
        for q in (q for s in questions for q in s["questions"]):
            draw = rng.random()
            answers[q["id"]] = {
                "value": _answer(q, good, rng),
                "note": rng.choice(NOTES) if draw < notes else "",
                "evidence": rng.choice(EVIDENCE) if draw < evidence else "",
            }
        assessing.assess_payload(
            store, name, checklist, {"answers": answers}, finalize=True, assessor="李明"
        )
        costing.set_quote(store, name, costing.load_quote_file(EXAMPLES / quote))
    store.close()
    tmp.replace(path)
    return path


# --- whole processes -----------------------------------------------------------------------

FLOOR = "import weasyprint"
MINIMAL = (
    "import gc, sys, weasyprint; gc.freeze(); "
    'weasyprint.HTML(string=\'<html lang=zh-CN><body style="font-family: Noto Sans CJK SC">'
    "<h1>报告</h1><p>一页中文测试：服务商评估</p></body></html>').write_pdf(sys.argv[1])"
)


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "VENDORCHECK_LANG": "zh", **extra}
    env.pop("VENDORCHECK_DB", None)
    return env


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one child process; CPU (user + sys) barely moves when other
    work shares the machine, wall time does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(args)}\n{r.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def report_args(db: Path, out: Path) -> list[str]:
    names = [v[0] for v in VENDORS]
    options = ["-o", str(out), "--lang", "zh", "--client", CLIENT, "--brand", str(BRAND)]
    return [sys.executable, "-m", "vendorcheck", "--db", str(db), "report", *names, *options]


def whole_processes(db: Path, dense: Path, work: Path) -> dict[str, list[tuple[float, float]]]:
    variants = {
        "report": (report_args(db, work / "report.pdf"), _env()),
        "dense": (report_args(dense, work / "dense.pdf"), _env()),
        "system_font": (
            report_args(db, work / "system-font.pdf"),
            _env(VENDORCHECK_FONT_SUBSET="0"),
        ),
        "floor": ([sys.executable, "-c", FLOOR], _env()),
        "minimal": ([sys.executable, "-c", MINIMAL, str(work / "minimal.pdf")], _env()),
    }
    for args, env in variants.values():  # warm-up: page cache, font subset, bytecode
        _timed(args, env)
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in variants}
    for _ in range(RUNS):
        for name, (args, env) in variants.items():
            times[name].append(_timed(args, env))
    return times


# --- one process, step by step -------------------------------------------------------------

STEPS = r"""
import json, sys, time
clock = {}
def mark(name, t0, c0):
    wall, cpu = clock.get(name, (0.0, 0.0))
    clock[name] = (wall + time.perf_counter() - t0, cpu + time.process_time() - c0)
def timed(name, fn):
    def wrapper(*a, **k):
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return fn(*a, **k)
        finally:
            mark(name, t0, c0)
    return wrapper
t0, c0 = time.perf_counter(), time.process_time()
from pathlib import Path
import vendorcheck.cli, vendorcheck.cli.report
from vendorcheck.store import Store
from vendorcheck.services import reporting
from vendorcheck import render
from vendorcheck.render import fonts
mark("imports", t0, c0)
db, out, brand, client, *names = sys.argv[1:]
t0, c0 = time.perf_counter(), time.process_time()
store = Store.open(Path(db))
data = reporting.build_report(store, names, "zh", client, reporting.load_brand(Path(brand)))
mark("data", t0, c0)
t0, c0 = time.perf_counter(), time.process_time()
weasyprint = render.import_weasyprint()
import weasyprint.document
mark("import_weasyprint", t0, c0)
fonts.subset_faces = timed("faces", fonts.subset_faces)
render.render_html = timed("html", render.render_html)
render._check_fonts = timed("fonts", render._check_fonts)
render.html_to_pdf = timed("html_to_pdf", render.html_to_pdf)
weasyprint.HTML.__init__ = timed("wp_parse", weasyprint.HTML.__init__)
weasyprint.HTML.render = timed("wp_render", weasyprint.HTML.render)
weasyprint.document.Document.write_pdf = timed(
    "wp_write_pdf", weasyprint.document.Document.write_pdf)
render.render = timed("render", render.render)
t0, c0 = time.perf_counter(), time.process_time()
reporting.write_report(data, Path(out))
mark("write_report", t0, c0)
print(json.dumps(clock))
"""
WP = ("wp_parse", "wp_render", "wp_write_pdf")
OURS = ("data", "faces", "html", "fonts", "glue", "write_file")
LABELS = {
    "imports": "imports (vendorcheck CLI, store, services, renderer)",
    "data": "database -> ReportData (services)",
    "import_weasyprint": "import weasyprint",
    "faces": "prepared font subset lookup (fontconfig)",
    "html": "context + Jinja (render_html)",
    "fonts": "CJK font check",
    "wp_parse": "WeasyPrint HTML(...) (parse)",
    "wp_render": "WeasyPrint .render() (styles, layout)",
    "wp_write_pdf": "WeasyPrint .write_pdf() (draw, fonts, PDF)",
    "glue": "our code around them (fetcher, gc.freeze)",
    "write_file": "write the file",
}


def steps(db: Path, work: Path) -> list[dict[str, tuple[float, float]]]:
    names = [v[0] for v in VENDORS]
    args = [sys.executable, "-c", STEPS, str(db), str(work / "steps.pdf"), str(BRAND), CLIENT]
    out = []
    for _ in range(RUNS):
        r = subprocess.run(
            [*args, *names], capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=300
        )
        if r.returncode != 0:
            raise SystemExit(f"step timing failed:\n{r.stderr}")
        c = {k: tuple(v) for k, v in json.loads(r.stdout.strip().splitlines()[-1]).items()}

        def sub(a: tuple[float, float], *bs: tuple[float, float]) -> tuple[float, float]:
            return (a[0] - sum(b[0] for b in bs), a[1] - sum(b[1] for b in bs))

        c["glue"] = sub(c["html_to_pdf"], *(c[k] for k in WP))
        c["write_file"] = sub(c["write_report"], c["render"])
        out.append(c)
    return out


def _med(xs: list[float]) -> float:
    return statistics.median(xs)


def main() -> None:
    import compileall

    import pypdf

    import vendorcheck
    from vendorcheck.render import fonts

    # Bytecode as an installed wheel has it, even where PYTHONDONTWRITEBYTECODE is set (as in
    # benchmarks/tui.py): otherwise every timed launch compiles our edited sources.
    compileall.compile_dir(Path(vendorcheck.__file__).parent, quiet=1)
    t = time.perf_counter()
    db = build_db(*DENSITIES["typical"])
    dense = build_db(*DENSITIES["every answer"])
    print(f"databases: {db.parent} ({time.perf_counter() - t:.1f} s to build or find)")
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        times = whole_processes(db, dense, work)
        info = {}
        for name in ("report", "dense", "system_font"):
            pdf = work / f"{name.replace('_', '-')}.pdf"
            reader = pypdf.PdfReader(pdf)
            faces = {
                str(f.get_object()["/BaseFont"]).split("+")[-1]
                for page in reader.pages
                for f in (page["/Resources"].get_object().get("/Font") or {}).values()
            }
            info[name] = (len(reader.pages), pdf.stat().st_size, sorted(faces))
        step_runs = steps(db, work)
    wall = {k: _med([w for w, _ in v]) for k, v in times.items()}
    cpu = {k: _med([c for _, c in v]) for k, v in times.items()}
    subset = bool(fonts.subset_faces(build=False))
    print(
        f"\n## Whole process: {len(VENDORS)}-vendor Chinese comparison with the full appendix, "
        f"median of {RUNS}, interleaved"
    )
    print(f"{'':40} {'wall s':>7} {'CPU s':>7}  {'x floor':>7} {'x minimal':>9}")
    (n1, e1), (n2, e2) = DENSITIES["typical"], DENSITIES["every answer"]
    rows = [
        ("report", f"vendorcheck report (notes {n1:.0%}, evid. {e1:.0%})"),
        ("system_font", "  same, system font (no subset)"),
        ("dense", f"  notes {n2:.0%}, evidence {e2:.0%}"),
        ("floor", "floor: python -c 'import weasyprint'"),
        ("minimal", "minimal one-page Chinese render"),
    ]
    for key, label in rows:
        print(
            f"{label:40} {wall[key]:7.2f} {cpu[key]:7.2f}  {wall[key] / wall['floor']:6.2f}x "
            f"{wall[key] / wall['minimal']:8.2f}x"
        )
    runs = [w for w, _ in times["report"]]
    verdict = "OK" if wall["report"] < TARGET_S else "OVER"
    print(
        f"target < {TARGET_S:.1f} s median wall: {verdict} "
        f"(report runs {min(runs):.2f}-{max(runs):.2f} s; above the floor "
        f"{wall['report'] - wall['floor']:.2f} s wall, {cpu['report'] - cpu['floor']:.2f} s CPU)"
    )
    for name, label in (
        ("report", "report"),
        ("system_font", "system font"),
        ("dense", "every answer annotated"),
    ):
        pages, size, faces = info[name]
        print(f"PDF, {label}: {pages} pages, {size / 1024:.0f} KiB, fonts {', '.join(faces)}")
    if not subset:
        print("(no prepared font subset on this machine: both rows used the system font)")

    keys = ["imports", "data", "import_weasyprint", "faces", "html", "fonts", *WP, "glue"]
    keys.append("write_file")
    med = {
        k: (_med([r[k][0] for r in step_runs]), _med([r[k][1] for r in step_runs])) for k in keys
    }
    print(f"\n## One process, step by step (median of {RUNS} fresh processes)")
    print(f"{'':52} {'wall ms':>8} {'CPU ms':>8}")
    for k in keys:
        print(f"{LABELS[k]:52} {med[k][0] * 1000:8.0f} {med[k][1] * 1000:8.0f}")
    for i, what in ((0, "wall"), (1, "CPU")):
        ours = sum(med[k][i] for k in OURS)
        wp = sum(med[k][i] for k in WP)
        total = sum(med[k][i] for k in keys)
        share = ours / (ours + wp)
        verdict = "OK" if share < TARGET_SHARE else "OVER"
        print(
            f"outside WeasyPrint ({what}): our work after the imports {ours * 1000:.0f} ms of "
            f"{(ours + wp) * 1000:.0f} ms = {share:.1%} (target < {TARGET_SHARE:.0%}: {verdict}); "
            f"counting interpreter and imports {(total - wp) / total:.1%}"
        )


if __name__ == "__main__":
    main()
