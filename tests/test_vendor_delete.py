"""Deleting a vendor (issue 20): one service (services.vendors) behind `vendorcheck vendor
delete` and the home screen's `d`. Finals go only by a recorded purge, and the archive still
verifies afterwards (the purged vendor's seals stay, so every later head is still checkable)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tui_shell import _isolated, drive, go_to, names

from tests.conftest import CLI
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.screens.dialogs import ConfirmScreen

__all__ = ["_isolated"]  # the autouse fixture: config in the test folder

FINAL = "杭州云帆客服外包有限公司"  # the demo's vendors all have one final


def vendor_names(run_cli: CLI) -> set[str]:
    return {v["name"] for v in json.loads(run_cli("vendor", "list", "--format", "json").stdout)}


def purges(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT name FROM vendor_purges")]
    finally:
        con.close()


def test_a_vendor_with_finals_needs_purge(demo_db: Path, run_cli: CLI) -> None:
    before = vendor_names(run_cli)
    r = run_cli("vendor", "delete", FINAL)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert "1 final assessment(s)" in r.stderr and "--purge" in r.stderr
    assert vendor_names(run_cli) == before and purges(demo_db) == []
    r = run_cli("vendor", "delete", FINAL, lang="zh")
    assert r.returncode == 2 and "确需删除请加 --purge" in r.stderr


def test_purge_deletes_and_the_archive_still_verifies(
    demo_db: Path, run_cli: CLI, tmp_path: Path
) -> None:
    assert run_cli("export", "--bundle", str(tmp_path / "b.json")).returncode == 0
    r = run_cli("vendor", "delete", FINAL, "--purge")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"Deleted {FINAL} (1 assessments; 1 finals purged (recorded))"
    assert FINAL not in vendor_names(run_cli) and purges(demo_db) == [FINAL]
    v = run_cli("verify", "--format", "json")
    assert v.returncode == 0 and json.loads(v.stdout)["problems"] == []  # 'seal' on main
    r = run_cli("import", str(tmp_path / "b.json"))  # the bundle brings the final back
    assert r.returncode == 0, r.stderr
    assert FINAL in vendor_names(run_cli)
    assert json.loads(run_cli("verify", "--format", "json").stdout)["problems"] == []


def test_a_vendor_with_drafts_only_goes_without_purge(run_cli: CLI, db_path: Path) -> None:
    run_cli("vendor", "add", "Draft Only Ltd")
    r = run_cli("vendor", "delete", "Draft Only Ltd")
    assert r.returncode == 0 and r.stdout.strip() == "Deleted Draft Only Ltd (0 assessments)"
    r = run_cli("vendor", "delete", "Draft Only Ltd")
    assert r.returncode == 2 and "no vendor named 'Draft Only Ltd'" in r.stderr


def test_home_delete_purges_through_the_service(demo_db: Path, run_cli: CLI) -> None:
    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await go_to(app, pilot, FINAL)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert FINAL not in names(app)

    drive(demo_db, body)
    assert purges(demo_db) == [FINAL]
    assert json.loads(run_cli("verify", "--format", "json").stdout)["problems"] == []
