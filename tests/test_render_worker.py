"""Issue 19, item 8: the TUI's warm PDF renderer (vendorcheck.render.worker).

The TUI exports through the same services.reporting calls as the CLI; with the warm child
running, the PDF is made there (WeasyPrint never loads in the app's process) and has exactly
the bytes `vendorcheck report` writes; a child that died only means rendering in-process.
Speed is measured by `python -m benchmarks pdf_export`, not here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.test_report import BRAND, EPOCH, ROOT, THREE, cli, ok

SCRIPT = """
import os, signal, sys
from pathlib import Path
from vendorcheck.render import worker
from vendorcheck.services import reporting
from vendorcheck.store import Store
db, out, brand, kill, *names = sys.argv[1:]
store = Store.open(Path(db))
data = reporting.build_report(store, names, 'zh', '某某旗舰店', reporting.load_brand(Path(brand)))
warm = worker.start()
if kill == '1':
    os.kill(warm.proc.pid, signal.SIGKILL)
    warm.proc.wait()
for i in (1, 2):
    reporting.write_report(data, Path(f'{out}-{i}.pdf'))
print('weasyprint-in-parent' if 'weasyprint' in sys.modules else 'weasyprint-in-child')
worker.stop()
"""


def export_like_the_tui(db: Path, out: Path, kill: bool) -> str:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    args = [sys.executable, "-c", SCRIPT, str(db), str(out), str(BRAND), "1" if kill else "0"]
    r = subprocess.run(
        [*args, *THREE], capture_output=True, text=True, env=env, cwd=ROOT, timeout=180
    )
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_the_warm_renderer_writes_the_clis_pdf_and_a_dead_one_changes_nothing(
    tmp_path: Path,
) -> None:
    db = tmp_path / "demo.db"
    ok(cli(db, "demo"))
    expected = tmp_path / "cli.pdf"
    args = ("-o", str(expected), "--lang", "zh", "--client", "某某旗舰店", "--brand", str(BRAND))
    ok(cli(db, "report", *THREE, *args, env={"SOURCE_DATE_EPOCH": EPOCH}))
    assert export_like_the_tui(db, tmp_path / "warm", kill=False) == "weasyprint-in-child"
    assert export_like_the_tui(db, tmp_path / "dead", kill=True) == "weasyprint-in-parent"
    for name in ("warm-1", "warm-2", "dead-1", "dead-2"):
        assert (tmp_path / f"{name}.pdf").read_bytes() == expected.read_bytes(), name


AHEAD = """
import os, sys, time
from concurrent.futures import Future
from pathlib import Path
from vendorcheck.render import worker
from vendorcheck.services import reporting
from vendorcheck.store import Store
from vendorcheck.tui.prerender import render_ahead, same_report
db, out, client, *names = sys.argv[1:]
warm = worker.start()

def cpu() -> float:
    fields = Path(f'/proc/{warm.proc.pid}/stat').read_text().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')

while warm.render('<p>warm</p>', []) is None:
    time.sleep(0.1)
before = cpu()
ahead = Future()
render_ahead(Path(db), names, 'zh', ahead)
rendered = cpu() - before
store = Store.open(Path(db))
data = reporting.build_report(store, names, 'zh', client)
used = same_report(data, ahead)
before = cpu()
reporting.write_report(used, Path(out))
print('ahead' if used is ahead.result() else 'fresh', cpu() - before < rendered / 3)
worker.stop()
"""


def export_after_render_ahead(db: Path, out: Path, client: str) -> str:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    args = [sys.executable, "-c", AHEAD, str(db), str(out), client, *THREE]
    r = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=180)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_the_export_form_renders_ahead_and_never_writes_a_stale_report(tmp_path: Path) -> None:
    """The TUI's export form has the warm child make the default report as it opens: the
    export of that same report is the child's kept PDF (hardly any CPU in the child, the CLI's
    bytes); any other choice -- here a client named on the form -- is rendered afresh."""
    db = tmp_path / "demo.db"
    ok(cli(db, "demo"))
    expected = tmp_path / "cli.pdf"
    ok(
        cli(
            db,
            "report",
            *THREE,
            "-o",
            str(expected),
            "--lang",
            "zh",
            env={"SOURCE_DATE_EPOCH": EPOCH},
        )
    )
    same = tmp_path / "same.pdf"
    assert export_after_render_ahead(db, same, "") == "ahead True"
    assert same.read_bytes() == expected.read_bytes()
    other = tmp_path / "client.pdf"
    assert export_after_render_ahead(db, other, "某某旗舰店") == "fresh False"
    text = subprocess.run(
        ["pdftotext", str(other), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "某某旗舰店" in text
