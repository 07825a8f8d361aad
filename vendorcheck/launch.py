"""Opening the terminal app and wording a failure: shared by the fast path and the click CLI.

vendorcheck.entry (the console script, no click) and vendorcheck.cli both import this; neither
imports the other back (issue 20 named the circle cli <-> entry).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from vendorcheck.core.errors import Lang, UserError


def open_tui(db_path: Path, lang: Lang, demo: bool) -> None:
    """The terminal app on `db_path` (from here or from `vendorcheck tui`)."""
    import gc

    # Start-up allocates much and frees almost nothing, so the collector is paused from here to
    # the first frame, when the app freezes what start-up built and resumes it (app.on_ready).
    # Issue 20 measured it: launch to first frame 201 ms paused, 243 ms not (medians of 21
    # interleaved runs, benchmarks/tui.py's pty launch, 1,000 vendors). Resumed on the way out
    # too, should the app end before a first frame.
    gc.disable()
    try:
        from vendorcheck.tui.app import run

        run(db_path=db_path, lang=lang, demo=demo)
    finally:
        gc.enable()


def failure(error: BaseException, lang: Lang) -> int | None:
    """The exit status for `error`, its one line already printed; None: not ours to word."""
    if isinstance(error, UserError):
        print(f"vendorcheck: {error.text(lang)}", file=sys.stderr)
        return 2
    if isinstance(error, KeyboardInterrupt):
        return 130
    if isinstance(error, BrokenPipeError):
        quiet_stdout()
        return 141  # what a shell reports for SIGPIPE: `vendorcheck vendor list | head`
    if isinstance(error, Exception) and not os.environ.get("VENDORCHECK_DEBUG"):
        print(f"vendorcheck: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return None


def quiet_stdout() -> None:
    """The reader went away; stop Python from complaining while it flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
