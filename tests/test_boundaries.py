"""The pure core stays pure: importing it loads neither Textual, sqlite-utils nor WeasyPrint."""

from __future__ import annotations

import ast
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_only_the_store_speaks_sql() -> None:
    """sqlite3 / sqlite_utils are imported in vendorcheck/store and nowhere else in the package."""
    import ast
    from pathlib import Path

    root = Path(vendorcheck.core.__file__).parents[1]
    offenders = []
    for path in root.rglob("*.py"):
        if "store" in path.relative_to(root).parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.split(".")[0] in ("sqlite3", "sqlite_utils") for n in names):
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == [], f"SQL outside vendorcheck/store: {offenders}"


def test_the_lazy_command_table_names_every_command() -> None:
    """`vendorcheck X` imports only X's module; the table must list exactly what modules register."""
    code = (
        "from vendorcheck.cli import cli, COMMAND_MODULES, register_commands\n"
        "register_commands()\n"
        "got = {n: c.callback.__module__.rsplit('.', 1)[-1] for n, c in cli.commands.items()}\n"
        "got.pop('tui')\n"
        "print(got == COMMAND_MODULES, sorted(set(got) ^ set(COMMAND_MODULES)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[0] == "True", out.stdout


def test_opening_the_terminal_app_loads_no_models_services_or_renderer(db_path: Path) -> None:
    """What home's first frame needs: Textual, the store and the home screen, nothing heavier,
    and not the command-line framework either (`vendorcheck` alone opens the app)."""
    from vendorcheck.store import Store

    Store.open(db_path).close()  # created and migrated; the app then opens an up-to-date file
    code = (
        "import sys\nimport vendorcheck.tui.app as app\n"
        "def first_frame(db_path, lang, demo):\n"
        "    import vendorcheck.tui.screens.home\n"
        "    from vendorcheck.store import Store\n"
        "    Store.open(db_path).vendors(list_only=True, first=40)\n"
        "    heavy = ('click', 'pydantic', 'sqlite_utils', 'weasyprint',"
        " 'vendorcheck.services.assessing', 'vendorcheck.cli')\n"
        "    print('LOADED=' + ','.join(m for m in heavy if m in sys.modules))\n"
        "app.run = first_frame\n"
        "sys.argv = ['vendorcheck']\n"
        "from vendorcheck.entry import main\nmain()\n"
    )
    env = {**os.environ, "VENDORCHECK_DB": str(db_path)}  # a bare `vendorcheck` (issue 20)
    env.pop("_VENDORCHECK_COMPLETE", None)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip().splitlines()[-1] == "LOADED="


def test_schema_version_counts_the_migrations() -> None:
    """An up-to-date file is recognised by PRAGMA user_version without loading the migrations."""
    from vendorcheck.store.connection import SCHEMA_VERSION
    from vendorcheck.store.schema import step_names

    assert len(step_names()) == SCHEMA_VERSION, "bump SCHEMA_VERSION with each migration"


def test_import_linter_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    """The layers of .importlinter (issue 20), checked in-process as `lint-imports` does:
    shells over services over the renderer and view models over the store over the core; only the
    store speaks SQL; the renderer imports no service; CLI command modules independent."""
    pytest.importorskip("importlinter")
    from importlinter.cli import lint_imports

    config = Path(__file__).parents[1] / ".importlinter"
    code = lint_imports(config_filename=str(config), no_cache=True, no_logo=True)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "5 kept, 0 broken" in out, out


def _imports_of(path: Path, name: str, modules: set[str]) -> set[str]:
    """Every module of ours `name` imports anywhere in its file: at the top, inside a function,
    under TYPE_CHECKING (a lazy import is still an arrow). `from pkg import mod` counts as mod."""
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                pkg = name.split(".") if is_pkg else name.split(".")[:-1]
                pkg = pkg[: len(pkg) - node.level + 1]
                base = ".".join([*pkg, base] if base else pkg)
            for a in node.names:
                out.add(f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base)
    return {m for m in out if m in modules and m != name}


def test_no_module_imports_one_that_imports_it_back() -> None:
    """No import circle in the package, direct or through others, even inside a function
    (issue 20 found three, each hidden by a function-level import)."""
    root = Path(vendorcheck.core.__file__).parents[1]
    files = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {m: _imports_of(p, m, set(files)) for m, p in files.items()}
    assert "vendorcheck.services.assessing" in graph["vendorcheck.services.reporting"]
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                cycles.append([*path[path.index(n) :], n])
            elif n not in state:
                visit(n, [*path, n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == [], "import circles: " + "; ".join(" -> ".join(c) for c in cycles)
