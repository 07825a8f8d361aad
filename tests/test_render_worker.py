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
