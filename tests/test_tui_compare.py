"""Compare screen: sections as rows, best starred, red flags, completeness, monthly cost, staffing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_shell import _isolated, drive, go_to, headers, load_demo, names, table_rows

from vendorcheck.services import assessing, catalog
from vendorcheck.store import Store
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.screens.compare import CompareScreen

__all__ = ["_isolated"]

WEAK = "Bluewave Commerce Services"
STRONG = "杭州云帆客服外包有限公司"
RISKY = "速达电商服务工作室"


async def mark(app: VendorcheckApp, pilot: Any, *vendors: str) -> None:
    for name in vendors:
        await go_to(app, pilot, name)
        await pilot.press("space")
    await pilot.pause()


def by_label(app: VendorcheckApp) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table_rows(app, "#compare")}


def test_compare_two_vendors_marks_the_best_and_shows_costs(db_path: Path) -> None:
    load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await mark(app, pilot, WEAK, STRONG)
        assert sum(n.startswith("●") for n in [r[0] for r in table_rows(app, "#vendors")]) == 2
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert headers(app, "#compare") == ["Section", WEAK, STRONG]
        rows = by_label(app)
        # Every section of the checklist is a row, and the stronger vendor is starred in it.
        for section in ("Qualifications", "Client reviews", "Pricing and terms"):
            weak, strong = rows[section]
            assert strong.startswith("★") and not weak.startswith("★")
        # Scoring v2 (issue 15): Bluewave's unverified fraud clause makes it incomplete, not
        # caution (was 70.6 caution / 98.3).
        assert rows["Total"] == ["  68.2", "★ 98.1"]  # 68.2 with issue 17's dispute answers
        assert rows["Verdict"] == ["incomplete", "recommended"]
        assert rows["Red flags"] == ["0", "0"]
        assert (
            rows["Complete"]
            == [
                "   79%",
                "★ 100%",
            ]
        )  # issue 19: figures right-aligned to the widest, so digits line up under the ★  # issue 15 added questions (was 82 %); 79 % with issue 17's
        # Costs from the demo quotes and the stored shop profile: cheaper is best.
        assert rows["Monthly cost"] == ["  CN¥10,000", "★  CN¥7,000"]
        staffing = rows["Staffing (committed/needed)"]
        assert all(s.startswith("✓") for s in staffing)

    drive(db_path, body)


def test_compare_shows_short_staffing_and_red_flags(db_path: Path) -> None:
    load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await mark(app, pilot, STRONG, RISKY)
        await pilot.press("c")
        await pilot.pause()
        rows = by_label(app)
        assert rows["Red flags"] == ["0", "4"]  # issue 15: its liability waiver is one too
        assert rows["Staffing (committed/needed)"][1].startswith("✗")
        assert "agents 1/2" in rows["Staffing (committed/needed)"][1]

    drive(db_path, body)


def test_compare_hints_when_a_quote_is_missing(db_path: Path) -> None:
    load_demo(db_path)
    unquoted = "广州星禾电商代运营有限公司"

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await mark(app, pilot, STRONG, unquoted)
        await pilot.press("c")
        await pilot.pause()
        assert "No quote: " + unquoted in str(app.screen.query_one("#hint").content)
        costs = dict(zip(headers(app, "#compare")[1:], by_label(app)["Monthly cost"], strict=True))
        assert costs == {STRONG: "  CN¥7,000", unquoted: "         —"}  # lined up

    drive(db_path, body)


def test_compare_without_a_shop_profile_says_how_to_add_one(db_path: Path) -> None:
    store = Store.open(db_path)
    checklist = catalog.get("cs-outsourcing")
    for name in ("Alpha CS", "Beta CS"):
        store.add_vendor(name, services=["customer_service"])
        assessing.start_assessment(store, name, checklist)
    store.close()

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await mark(app, pilot, "Alpha CS", "Beta CS")
        await pilot.press("c")
        await pilot.pause()
        assert "No shop profile yet" in str(app.screen.query_one("#hint").content)
        assert "Monthly cost" not in by_label(app)
        assert by_label(app)["Complete"] == ["  0%", "  0%"]  # a tie: nobody starred

    drive(db_path, body)


def test_compare_needs_two_marked_vendors(db_path: Path) -> None:
    load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await mark(app, pilot, STRONG)
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        assert STRONG in names(app)

    drive(db_path, body)


def test_compare_follows_the_language(db_path: Path) -> None:
    load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await mark(app, pilot, WEAK, STRONG)
        await pilot.press("c")
        await pilot.pause()
        assert "总分" in by_label(app)
        assert by_label(app)["月度成本"] == ["  ¥10,000", "★  ¥7,000"]
        await pilot.press("f2")
        await pilot.pause()
        assert "Total" in by_label(app) and "总分" not in by_label(app)
        await pilot.press("escape")
        await pilot.pause()
        assert headers(app, "#vendors")[0].startswith("Vendor")

    drive(db_path, body, lang="zh")
