"""The pure core stays pure: importing it loads neither Textual, sqlite-utils nor WeasyPrint."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import vendorcheck.core

HEAVY = ("textual", "sqlite_utils", "sqlite3", "weasyprint")


def test_core_imports_no_ui_storage_or_rendering() -> None:
    modules = [
        m.name for m in pkgutil.walk_packages(vendorcheck.core.__path__, "vendorcheck.core.")
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"print(','.join(h for h in {HEAVY!r} if h in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"the core pulled in {out.stdout.strip()}"
    assert len(modules) >= 5


def test_cli_help_does_not_import_weasyprint_or_textual() -> None:
    code = (
        "import sys\nfrom vendorcheck.cli import cli\n"
        "try:\n    cli(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "print('LOADED=' + ','.join(h for h in ('textual', 'weasyprint') if h in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "LOADED="
