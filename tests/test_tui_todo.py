"""The to-do view (issue 17): reached from the assessment screen with `t`, items ticked off as
agreed with `space`, the mark stored (who and when) and shown by the CLI too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tui_shell import _isolated, drive, go_to, table_rows

from tests.conftest import CLI
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.screens.assessment import AssessmentScreen
from vendorcheck.tui.screens.todo import TodoScreen

__all__ = ["_isolated"]

TRAP = Path(__file__).parent / "fixtures" / "contracts" / "traps17" / "t1_zh_agency_template.txt"
VENDOR = "杭州某某电子商务有限公司"


def test_todo_view_ticks_items_off_as_agreed(
    run_cli: CLI, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("vendor", "add", VENDOR, "--service", "store_operation").returncode == 0
    r = run_cli("assess", VENDOR, "--checklist", "store-operation", "--contract", str(TRAP))
    assert r.returncode == 0, r.stderr
    monkeypatch.setenv("USER", "tester")

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await go_to(app, pilot, VENDOR)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentScreen)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TodoScreen)
        rows = table_rows(app, "#todo")
        assert len(rows) >= 6 and all(r[0] == "☐" for r in rows)
        assert rows[0][1] == "must, before signing"
        detail = str(app.screen.query_one("#todo-detail").content)
        assert "Why:" in detail
        await pilot.press("space")
        await pilot.pause()
        assert table_rows(app, "#todo")[0][0] == "☑"
        assert "1 agreed" in str(app.screen.query_one("#todo-title").content)
        assert "Agreed: " in str(app.screen.query_one("#todo-detail").content)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentScreen)

    drive(db_path, body)
    items = json.loads(run_cli("todo", VENDOR, "--format", "json").stdout)
    assert items[0]["agreed"] is not None and items[0]["agreed"]["at"]
    assert sum(1 for i in items if i["agreed"]) == 1
