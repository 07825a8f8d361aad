"""The `vendorcheck` console script.

A bare `vendorcheck` (no argument at all) opens the terminal app without loading the
command-line framework: a merchant's most common start pays only for Textual. Everything else,
`--db`, `--lang`, `tui`, `--help` and click's shell completion (`_VENDORCHECK_COMPLETE`), goes to
the click group (vendorcheck.cli), which parses it, words its errors and completes it (issue 20:
the hand-written option parser that was here broke completion). The database and the language
come from VENDORCHECK_DB and VENDORCHECK_LANG, as click's own defaults would have them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from vendorcheck.i18n import detect_lang
from vendorcheck.launch import failure, open_tui

COMPLETE_VAR = "_VENDORCHECK_COMPLETE"  # click's completion protocol for prog_name vendorcheck


def bare(args: Sequence[str], environ: Mapping[str, str]) -> bool:
    """True when this start is a bare `vendorcheck` the fast path opens as click would: no
    argument, no completion request, and no VENDORCHECK_DB click would refuse (a folder)."""
    if args or COMPLETE_VAR in environ:
        return False
    db = environ.get("VENDORCHECK_DB", "")
    return not db or not Path(db).expanduser().is_dir()


def main() -> None:
    if not bare(sys.argv[1:], os.environ):
        from vendorcheck.cli import main as cli_main

        cli_main()
        return
    lang = detect_lang()
    try:
        from vendorcheck.paths import default_db_path

        open_tui(default_db_path(), lang, demo=True)
    except BaseException as e:
        code = failure(e, lang)
        if code is None:
            raise
        sys.exit(code)
