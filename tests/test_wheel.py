"""The installed wheel carries checklists/ and reports/ and finds them from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return next(out.glob("vendorcheck-*.whl"))


def test_wheel_contains_the_data_folders(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "vendorcheck/_data/checklists/cs-outsourcing.toml" in names
    assert "vendorcheck/_data/checklists/demo/vendors.toml" in names
    assert any(n.startswith("vendorcheck/_data/reports/") for n in names) or not any(
        ROOT.joinpath("reports").iterdir()
    )


def test_installed_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The installed copy comes first on the path, ahead of the editable checkout.
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "VENDORCHECK_LANG": "en",
        "VENDORCHECK_DB": str(tmp_path / "w.db"),
    }
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import vendorcheck.paths as p; print(p.__file__); print(p.checklists_dir())",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        check=True,
    ).stdout.split()
    assert where[0].startswith(str(target)) and where[1].startswith(str(target))
    r = subprocess.run(
        [sys.executable, "-m", "vendorcheck", "checklist", "list", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert r.returncode == 0, r.stderr
    assert "cs-outsourcing" in [c["id"] for c in json.loads(r.stdout)]
    r = subprocess.run(
        [sys.executable, "-m", "vendorcheck", "demo"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert r.returncode == 0 and "Loaded" in r.stdout, r.stderr
