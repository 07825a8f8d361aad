"""The `vendorcheck` console script.

`vendorcheck` alone (or `vendorcheck [--db FILE] [--lang zh|en] [tui [--demo|--no-demo]]`) opens
the terminal app without loading the command-line framework: a merchant's most common start pays
only for Textual. Anything else, including every mistake in those options, goes to the click CLI
(vendorcheck.cli), which parses it and words its errors.
"""

from __future__ import annotations

import sys
from pathlib import Path

from vendorcheck.i18n import detect_lang
from vendorcheck.launch import failure, open_tui

_GLOBAL = ("--db", "--lang")


def tui_options(args: list[str]) -> tuple[str | None, str | None, bool] | None:
    """(db, lang, demo) when `args` only open the terminal app, else None (click's turn)."""
    given: dict[str, str] = {}
    demo = True
    i, tui = 0, False
    while i < len(args):
        arg = args[i]
        name, eq, value = arg.partition("=")
        if not tui and name in _GLOBAL and name not in given:
            if not eq:
                if i + 1 == len(args) or args[i + 1].startswith("-"):
                    return None
                value = args[i + 1]
                i += 1
            given[name] = value
        elif not tui and arg == "tui":
            tui = True
        elif tui and arg in ("--demo", "--no-demo"):
            demo = arg == "--demo"
        else:
            return None
        i += 1
    db, lang = given.get("--db"), given.get("--lang")
    if lang not in (None, "zh", "en") or (db is not None and (not db or Path(db).is_dir())):
        return None
    return db, lang, demo


def main() -> None:
    options = tui_options(sys.argv[1:])
    if options is None:
        from vendorcheck.cli import main as cli_main

        cli_main()
        return
    db, explicit, demo = options
    lang = detect_lang(explicit)
    try:
        if db is None:
            from vendorcheck.paths import default_db_path

            path = default_db_path()
        else:
            path = Path(db)
        open_tui(path, lang, demo)
    except BaseException as e:
        code = failure(e, lang)
        if code is None:
            raise
        sys.exit(code)
