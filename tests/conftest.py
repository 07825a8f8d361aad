"""Shared fixtures: a real database file per test and the real CLI run as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Snapshot tests break under NO_COLOR (see shared notes on Textual 8).
os.environ.pop("NO_COLOR", None)
# The TUI spawns a warm PDF renderer when it opens (issue 19); tests that export turn it on.
os.environ.setdefault("VENDORCHECK_WARM_RENDER", "0")


def shared_dir(*parts: str) -> Path:
    """A path under ../shared/, or skip the test with a message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"{path} is absent: shared data is read in place, never copied into the project"
        )
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "vendorcheck.db"


CLI = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli(db_path: Path, tmp_path: Path) -> CLI:
    """Run `python -m vendorcheck --db <db_path> ARGS...`; English unless `lang` is given."""

    def run(
        *args: str,
        lang: str = "en",
        input: str | None = None,
        db: Path | None = None,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        full_env = {
            **os.environ,
            "VENDORCHECK_LANG": lang,
            "VENDORCHECK_CONFIG": str(tmp_path / "config.toml"),
        }
        full_env.pop("VENDORCHECK_DB", None)
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "vendorcheck", "--db", str(db or db_path), *args],
            capture_output=True,
            text=True,
            input=input,
            env=full_env,
            cwd=cwd or tmp_path,
            timeout=120,
        )

    return run


@pytest.fixture
def demo_db(run_cli: CLI, db_path: Path) -> Path:
    """A database file with the demo vendors loaded through the real CLI."""
    r = run_cli("demo")
    assert r.returncode == 0, r.stderr
    return db_path
