"""A real terminal for the TUI tests: the program runs in a detached tmux pane we type into and read.

Used by tests/test_tui_terminal.py and tests/test_tui_crash.py. Every wait polls `capture-pane`
with a timeout (never a fixed sleep); a test skips with a message when tmux is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CLI

SIZE = (120, 40)
DEMO_NAMES = ("杭州云帆客服外包有限公司", "Bluewave Commerce Services", "义乌快跑网店托管工作室")


def _zombie_status(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
    if fields[0] != "Z":
        return None
    code = int(fields[-1])  # exit_code, as waitpid would report it
    return -os.WTERMSIG(code) if os.WIFSIGNALED(code) else os.WEXITSTATUS(code)


def vendorcheck_argv(*args: str) -> list[str]:
    """The installed `vendorcheck` console script (as a user runs it), else `python -m vendorcheck`."""
    script = Path(sys.executable).with_name("vendorcheck")
    head = [str(script)] if script.exists() else [sys.executable, "-m", "vendorcheck"]
    return [*head, *args]


def clean_env(tmp: Path, lang: str = "en") -> dict[str, str]:
    """The user's environment without test-only overrides, with config kept in `tmp`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    # COLUMNS/LINES: pytest-xdist workers carry 80x24, which would beat the pane's own size
    for k in ("NO_COLOR", "VENDORCHECK_DB", "TMUX", "TMUX_PANE", "COLUMNS", "LINES"):
        env.pop(k, None)
    env.update(
        VENDORCHECK_LANG=lang,
        VENDORCHECK_CONFIG=str(tmp / "config.toml"),
        TERM="xterm-256color",
    )
    return env


class Tmux:
    """One private tmux server (its own socket under `tmp`) running one program in one pane."""

    def __init__(self, tmp: Path, env: dict[str, str], size: tuple[int, int] = SIZE) -> None:
        if shutil.which("tmux") is None:
            pytest.skip("tmux is not installed: the real-terminal test needs it (apt install tmux)")
        self.socket = tmp / "tmux.sock"
        self.env = env
        self.size = size

    def _tmux(self, *args: str, check: bool = True) -> str:
        r = subprocess.run(
            ["tmux", "-f", "/dev/null", "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=30,
        )
        if check and r.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {r.stderr.strip()}")
        return r.stdout

    def start(self, argv: list[str]) -> None:
        """Run `argv` directly (no shell) in a new pane that stays readable after it exits."""
        w, h = self.size
        self._tmux(
            "new-session", "-d", "-s", "t", "-x", str(w), "-y", str(h),
            "-e", "COLORTERM=truecolor", *argv,
            ";", "set-option", "-t", "t", "remain-on-exit", "on",
        )  # fmt: skip

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "t")

    def send(self, *keys: str) -> None:
        """tmux key names (`Enter`, `C-q`, `Down`) or literal text."""
        self._tmux("send-keys", "-t", "t", *keys)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", "t", "-l", text)

    def pid(self) -> int:
        return int(self._tmux("display-message", "-p", "-t", "t", "#{pane_pid}").strip())

    def exit_status(self) -> int | None:
        """The program's exit status once it has ended (-N when killed by signal N), else None."""
        fmt = "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:#{pane_pid}"
        out = self._tmux("display-message", "-p", "-t", "t", fmt).strip()
        dead, status, sig, pid = out.split(":")
        if dead != "1":
            return None
        if status:
            return int(status)
        if sig:
            return -int(sig)
        # tmux saw the pty close but has not reaped the process yet (it can stay a zombie for a
        # long while): Linux keeps a zombie's wait status in /proc/<pid>/stat (field 52).
        return _zombie_status(int(pid)) if pid else None

    def wait_for(self, what: str | Callable[[str], bool], timeout: float = 30.0) -> str:
        """Poll the pane until `what` (text, or a test of the whole screen) holds; return the screen."""
        test = what if callable(what) else (lambda s: what in s)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if test(screen):
                return screen
            if self.exit_status() is not None:
                screen = self.screen()
                if test(screen):
                    return screen
                raise AssertionError(f"the program ended (status {self.exit_status()}):\n{screen}")
            time.sleep(0.05)
        raise AssertionError(
            f"timed out after {timeout:.0f} s waiting for {what!r}; screen:\n{screen}"
        )

    def wait_exit(self, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.exit_status()
            if status is not None:
                return status
            time.sleep(0.05)
        fmt = "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:#{pane_pid}"
        state = self._tmux("display-message", "-p", "-t", "t", fmt).strip()
        ps = subprocess.run(
            ["ps", "-o", "pid,stat,wchan:24,args", "-p", state.split(":")[-1]],
            capture_output=True,
            text=True,
        ).stdout
        raise AssertionError(
            f"still running after {timeout:.0f} s ({state}):\n{ps}\n{self.screen()}"
        )

    def kill_server(self) -> None:
        self._tmux("kill-server", check=False)


def open_home_with_demo(term: Tmux, db: Path) -> str:
    """Start the program on an empty database, accept the demo offer, return the home screen."""
    term.start(vendorcheck_argv("--db", str(db)))
    term.wait_for(lambda s: "(y)" in s)  # the offer to load the demo data
    term.send("y")
    return term.wait_for(lambda s: all(n in s for n in DEMO_NAMES))


def table_keys(screen: str) -> bool:
    """The footer lists the vendor table's keys (only while the table has the focus)."""
    return "a 新增" in screen or "a Add" in screen


def find_and_open(term: Tmux, name: str) -> None:
    """Filter the vendor list down to `name` and open it, as a user would: /, type, enter.

    Keys go to whatever has the focus when they are read, so each focus change is waited for.
    """
    term.wait_for(table_keys)
    term.send("/")
    term.wait_for(lambda s: not table_keys(s))
    term.type(name)
    term.wait_for(lambda s: all(n not in s for n in DEMO_NAMES if n != name))
    term.send("Enter")  # opens the highlighted (the only) vendor of the filtered list


def answers_of(run_cli: CLI, vendor: str) -> dict[str, Any]:
    """Question id -> stored value of the vendor's latest assessment, read by the real CLI."""
    r = run_cli("score", vendor, "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    return {q["id"]: q["value"] for s in doc["sections"] for q in s["questions"]}


def require_assessment_screen() -> Any:
    """B's assessment screen module, or skip naming what is missing."""
    return pytest.importorskip(
        "vendorcheck.tui.screens.assessment",
        reason="B's AssessmentScreen (vendorcheck.tui.screens.assessment) is missing",
    )


def add_vendor_in_form(term: Tmux, name: str) -> None:
    """From home (Chinese): a opens the form, type the name, ctrl+s saves, enter picks the checklist."""
    term.send("a")
    term.wait_for("服务商名称")
    term.type(name)
    term.wait_for(name)
    term.send("C-s")
    term.wait_for("选择评估清单")
    term.send("Enter")
