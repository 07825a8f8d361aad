"""Issue 19 item 7, Compare: the ★ never stars a rejected vendor (the cheapest quote here is the
rejected 速达), figures line up whatever their characters, and `vendorcheck compare` shows the
cost and staffing rows the TUI shows (services.compare_view for both)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.cells import cell_len
from test_tui_compare import RISKY, STRONG, WEAK, by_label, mark
from tui_shell import _isolated, drive, headers, load_demo

from tests.conftest import CLI
from vendorcheck.tui.app import VendorcheckApp

__all__ = ["_isolated"]


def test_cli_compare_has_cost_and_staffing_rows_and_skips_the_rejected(
    db_path: Path, run_cli: CLI
) -> None:
    load_demo(db_path)
    for lang, cost, staff in (
        ("en", "Monthly cost", "Staffing (committed/needed)"),
        ("zh", "月度成本", "人手（承诺/所需）"),
    ):
        r = run_cli("compare", STRONG, RISKY, WEAK, lang=lang)
        assert r.returncode == 0, r.stderr
        lines = {line.split()[0]: line for line in r.stdout.splitlines() if line.strip()}
        monthly = lines[cost.split()[0]]
        # 速达 quotes the least but is rejected: the star goes to the best of the others.
        assert "3,400" in monthly and "★" in monthly
        assert monthly.index("★") < monthly.index("7,000") < monthly.index("3,400")
        assert "✗" in lines[staff.split()[0]] and "1/2" in lines[staff.split()[0]]


def test_tui_compare_does_not_star_a_rejected_vendor_and_lines_up(db_path: Path) -> None:
    load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await mark(app, pilot, STRONG, RISKY, WEAK)
        await pilot.press("c")
        await pilot.pause()
        rows = by_label(app)
        cols = headers(app, "#compare")[1:]
        verdict = dict(zip(cols, rows["Verdict"], strict=True))
        monthly = dict(zip(cols, rows["Monthly cost"], strict=True))
        assert verdict[RISKY] == "reject" and "3,400" in monthly[RISKY]
        assert not monthly[RISKY].startswith("★")  # cheapest, but rejected
        assert monthly[STRONG].startswith("★") and "7,000" in monthly[STRONG]
        for label in ("Total", "Complete", "Monthly cost"):
            widths = {cell_len(c) for c in rows[label]}
            assert len(widths) == 1, (label, rows[label])  # every figure ends in one cell
        assert "rejected vendors excluded" in str(app.screen.query_one("#hint").content)

    drive(db_path, body)
