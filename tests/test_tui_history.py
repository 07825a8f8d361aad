"""History screen: every final assessment of a vendor and what changed, on a real database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_shell import _isolated, drive, footer_texts, go_to, headers, table_rows

from vendorcheck.services import assessing, catalog, demo
from vendorcheck.store import Store
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.commands import palette_entries
from vendorcheck.tui.screens.history import HistoryScreen
from vendorcheck.tui.screens.home import HomeScreen

__all__ = ["_isolated"]

VENDOR = "测试外包服务商"
FIRST_DAY, SECOND_DAY = "1731000000", "1763856000"  # 2024-11-07, 2025-11-23


def build_two_finals(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A final from the demo answers of a risky vendor, then a prefilled re-assessment that
    clears one red flag, gains another and changes a number, finalized a year later."""
    checklist = catalog.get("cs-outsourcing")
    answers = next(v for v in demo.demo_vendors() if v["name"] == "速达电商服务工作室")
    store = Store.open(db_path)
    try:
        assessing.add_vendor(store, VENDOR, services=["customer_service"])
        monkeypatch.setenv("SOURCE_DATE_EPOCH", FIRST_DAY)
        first = assessing.assess_payload(
            store, VENDOR, checklist, {"answers": answers["assessments"][0]["answers"]},
            finalize=True,
        )  # fmt: skip
        monkeypatch.setenv("SOURCE_DATE_EPOCH", SECOND_DAY)
        second = assessing.start_assessment(store, VENDOR, checklist, prefill=True)
        assessing.answer(store, second, "contract.no_shop_loans", "yes")
        assessing.answer(store, second, "contract.vendor_fraud_liability", "no")
        assessing.answer(store, second, "process.first_response_seconds", 25)
        assessing.finalize_assessment(store, second, by="王经理")
        return {
            "first": assessing.result_of(store, first),
            "second": assessing.result_of(store, second),
            "old_seconds": store.answers(first)["process.first_response_seconds"].value,
        }
    finally:
        store.close()


def prompt(qid: str, lang: str = "en") -> str:
    q = catalog.get("cs-outsourcing").question(qid)
    assert q is not None
    return q.prompt.get(lang)  # type: ignore[arg-type]


async def open_history(app: VendorcheckApp, pilot: Any) -> None:
    await go_to(app, pilot, VENDOR)
    await pilot.press("h")
    await pilot.pause()


def changes(app: VendorcheckApp) -> str:
    return str(app.screen.query_one("#history-changes").content)


def test_two_finals_show_as_rows_with_what_changed(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build_two_finals(db_path, monkeypatch)
    first, second = built["first"], built["second"]
    # Issue 15: the liability waiver became a deal-breaker (was 3).
    assert len(first.red_flags) == len(second.red_flags) == 4

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await open_history(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        title = str(app.screen.query_one("#history-title").content)
        assert title == f"{VENDOR} · 2 final assessments · next review 2026-11-23"
        assert headers(app, "#history")[:4] == ["#", "Finalized", "By", "Score"]
        rows = table_rows(app, "#history")
        assert [r[1] for r in rows] == ["2024-11-07", "2025-11-23"]
        assert rows[1][2] == "王经理"
        assert [r[3] for r in rows] == [f"{first.score:.1f}", f"{second.score:.1f}"]
        assert rows[0][4] == "—" and rows[1][4] == f"{second.score - first.score:+.1f}"
        assert [r[6] for r in rows] == ["reject", "reject"]
        assert rows[0][8] == "first final"
        assert rows[1][8] == "3 answers moved, red flags +1 / -1"
        # The cursor starts on the latest final; its changes against the one before show below.
        text = changes(app)
        assert text.startswith("Final #2 (2025-11-23) against the one before:")
        assert f"Score {first.score:.1f} → {second.score:.1f}" in text
        fraud = catalog.get("cs-outsourcing").question("contract.vendor_fraud_liability")
        assert fraud is not None and fraud.reason is not None  # said in plain words
        assert f"Red flags gained (1)\n  ✗ {fraud.reason.en}" in text
        assert f"Red flags cleared (1)\n  ✓ {prompt('contract.no_shop_loans')}" in text
        assert "Answers that moved (3)" in text
        assert f"{prompt('contract.no_shop_loans')}: No → Yes" in text
        assert f"{prompt('process.first_response_seconds')}: {built['old_seconds']}" in text
        assert "→ 25 " in text  # the new number with its unit
        # Up to the first final: nothing to compare with, its red flags listed.
        await pilot.press("up")
        await pilot.pause()
        text = changes(app)
        assert "the first final" in text and "Red flags (4)" in text  # issue 15 (was 3)
        assert {"Back"} <= set(footer_texts(app))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    drive(db_path, body)


def test_history_speaks_chinese_after_f2_and_keeps_the_row(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_two_finals(db_path, monkeypatch)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await open_history(app, pilot)
        await pilot.press("up")
        await pilot.press("f2")
        await pilot.pause()
        assert headers(app, "#history")[1] == "定稿日期"
        assert app.screen.query_one("#history").cursor_row == 0  # the row the merchant was on
        assert "首次定稿" in changes(app) and "红旗（4 项）" in changes(app)
        await pilot.press("down")
        await pilot.pause()
        assert f"{prompt('contract.no_shop_loans', 'zh')}: 否 → 是" in changes(app)
        assert table_rows(app, "#history")[1][8] == "3 项答案变化，红旗 +1 / -1"
        assert "返回" in footer_texts(app)

    drive(db_path, body)


def test_a_vendor_without_finals_says_so(db_path: Path) -> None:
    store = Store.open(db_path)
    vid = store.add_vendor("草稿服务商")
    assessing.start_assessment(store, vid, catalog.get("cs-outsourcing"))
    store.close()

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert table_rows(app, "#history") == []
        assert "No final assessment yet" in changes(app)

    drive(db_path, body)


def test_history_is_in_the_home_palette_and_runs_from_it(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_two_finals(db_path, monkeypatch)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        entries = {title: hint for title, _key, hint, *_ in palette_entries(app, app.screen)}
        assert "History" in entries and "what changed" in entries["History"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"History")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, HistoryScreen)

    drive(db_path, body)
