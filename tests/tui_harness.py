"""A real terminal for the TUI tests: the program runs in a detached tmux pane we type into and read.

Used by tests/test_tui_terminal.py and tests/test_tui_crash.py. Every wait polls `capture-pane`
with a timeout (never a fixed sleep); a test skips with a message when tmux is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

SIZE = (120, 40)


def vendorcheck_argv(*args: str) -> list[str]:
    """The installed `vendorcheck` console script (as a user runs it), else `python -m vendorcheck`."""
    script = Path(sys.executable).with_name("vendorcheck")
    head = [str(script)] if script.exists() else [sys.executable, "-m", "vendorcheck"]
    return [*head, *args]


def clean_env(tmp: Path, lang: str = "en") -> dict[str, str]:
    """The user's environment without test-only overrides, with config kept in `tmp`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    for k in ("NO_COLOR", "VENDORCHECK_DB", "TMUX", "TMUX_PANE"):
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
        """The program's exit status once it has ended, else None."""
        out = self._tmux(
            "display-message", "-p", "-t", "t", "#{pane_dead} #{pane_dead_status}"
        ).split()
        if out and out[0] == "1":
            return int(out[1]) if len(out) > 1 and out[1] else -1
        return None

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
        raise AssertionError(f"still running after {timeout:.0f} s:\n{self.screen()}")

    def kill_server(self) -> None:
        self._tmux("kill-server", check=False)
