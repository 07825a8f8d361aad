"""Issue 19, item 8: `make setup` says what it is doing instead of a blank terminal.

scripts/setup.sh runs in a copy of the project whose .venv/bin/python is a stand-in that
prints what pip would (no network, no real install): the steps and pip's own lines show.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAKE_PYTHON = """#!/bin/sh
case "$*" in
  *"pip install"*) echo "Collecting textual (from vendorcheck)"; echo "Downloading textual-8.0.whl (700 kB)";;
esac
exit 0
"""


def test_setup_prints_its_steps_and_pips_output(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    # dpkg-query answers "installed" for every system package: the apt step is skipped here.
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "dpkg-query").write_text("#!/bin/sh\necho 'install ok installed'\n")
    (fake_bin / "dpkg-query").chmod(0o755)
    env = {"PATH": f"{fake_bin}:/usr/bin:/bin", "HOME": str(tmp_path)}
    r = subprocess.run(
        ["bash", "scripts/setup.sh"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("setup [3/3] Python packages: pip install")
    assert "Downloading textual-8.0.whl (700 kB)" in lines
    assert lines[-1] == "setup: done / 安装完成"
    again = subprocess.run(
        ["bash", "scripts/setup.sh"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert again.returncode == 0 and again.stdout == ""  # all done: nothing to say, no delay
