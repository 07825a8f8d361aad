"""New-vendor, quote and shop-profile forms: checked as you type, saved through the services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_shell import _isolated, drive, load_demo, names

from vendorcheck.core.credit_code import check_char
from vendorcheck.services import costing
from vendorcheck.store import Store
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.screens.costs import ProfileScreen, QuoteScreen
from vendorcheck.tui.screens.dialogs import ChoicePrompt
from vendorcheck.tui.screens.vendor_form import VendorFormScreen

__all__ = ["_isolated"]

GOOD_CODE = "91330106MA2H1234A" + check_char("91330106MA2H1234A")
BAD_CODE = GOOD_CODE[:17] + ("0" if GOOD_CODE[17] != "0" else "1")


def text(app: VendorcheckApp, selector: str) -> str:
    return str(app.screen.query_one(selector).content)


async def type_into(app: VendorcheckApp, pilot: Any, selector: str, value: str) -> None:
    field = app.screen.query_one(selector)
    field.focus()
    field.value = ""
    await pilot.press(*value)
    await pilot.pause()


def test_new_vendor_refuses_a_bad_credit_code_and_saves_a_good_one(db_path: Path) -> None:
    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, VendorFormScreen)
        assert text(app, "#name-error") == "A vendor needs a name"
        assert app.screen.query_one("#save").disabled
        await pilot.press(*"Seabright 客服")
        await pilot.pause()
        assert text(app, "#name-error") == ""
        await type_into(app, pilot, "#credit_code", BAD_CODE)
        assert "check digit does not match" in text(app, "#credit_code-error")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, VendorFormScreen)  # refused: still on the form
        assert "Fix the fields" in text(app, "#form-error")
        await type_into(app, pilot, "#credit_code", GOOD_CODE[:10])
        assert "18 characters" in text(app, "#credit_code-error")
        await type_into(app, pilot, "#credit_code", GOOD_CODE.lower())
        assert text(app, "#credit_code-error") == ""
        app.screen.query_one("#services").select("customer_service")
        app.screen.query_one("#platforms").select("tmall")
        app.screen.query_one("#platforms").select("douyin")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Saved; the next step is choosing the checklist, customer service by default.
        assert isinstance(app.screen, ChoicePrompt)
        choices = app.screen.query_one("#choices")
        assert choices.get_option_at_index(choices.highlighted).id == "cs-outsourcing"
        await pilot.press("escape")
        await pilot.pause()
        assert "Seabright 客服" in names(app)

    drive(db_path, body)
    store = Store.open(db_path)
    v = store.vendor("Seabright 客服")
    assert v["credit_code"] == GOOD_CODE
    assert v["services"] == ["customer_service"]
    assert v["platforms"] == ["tmall", "douyin"]
    store.close()


def test_new_vendor_name_must_be_new_and_cancel_writes_nothing(db_path: Path) -> None:
    load_demo(db_path)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"速达电商服务工作室")
        await pilot.pause()
        assert "已有名为" in text(app, "#name-error")
        await pilot.press("f2")  # the message follows the language, the typed name stays
        await pilot.pause()
        assert app.screen.query_one("#name").value == "速达电商服务工作室"
        assert "exists" in text(app, "#name-error")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, VendorFormScreen)

    drive(db_path, body, lang="zh")
    store = Store.open(db_path)
    assert len([v for v in store.vendors() if v["name"] == "速达电商服务工作室"]) == 1
    store.close()


def test_quote_form_validates_per_model_and_saves(db_path: Path) -> None:
    store = Store.open(db_path)
    store.add_vendor("Harbor CS", services=["customer_service"])
    store.close()

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("Q")
        await pilot.pause()
        assert isinstance(app.screen, QuoteScreen)
        assert app.screen.query_one("#model").value == "day_rate"
        assert "Day rate" in text(app, "#form-error")  # required field still empty
        # Another model brings its own fields.
        app.screen.query_one("#model").value = "shift_plus_commission"
        await pilot.pause()
        assert len(app.screen.query("#f-day_rate")) == 0
        assert len(app.screen.query("#f-shift_monthly")) == 1
        await type_into(app, pilot, "#f-shift_monthly", "1500")
        await type_into(app, pilot, "#f-commission_rate", "2")
        assert text(app, "#form-error").startswith("Commission rate: ")
        assert "fraction" in text(app, "#form-error")
        assert app.screen.query_one("#f-commission_rate").has_class("-invalid")
        await pilot.press("f2")
        await pilot.pause()
        assert text(app, "#form-error").startswith("提成比例：必须是 0 到 1 之间的小数")
        await type_into(app, pilot, "#f-commission_rate", "2%")
        assert text(app, "#form-error") == ""
        await type_into(app, pilot, "#f-shifts", "2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, QuoteScreen)

    drive(db_path, body)
    store = Store.open(db_path)
    quote = costing.quote_json(store, "Harbor CS")["quote"]
    assert quote["model"] == "shift_plus_commission"
    assert quote["commission_rate"] == 0.02 and quote["shifts"] == 2
    store.close()


def test_profile_form_errors_in_both_languages_then_saves(db_path: Path) -> None:
    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await type_into(app, pilot, "#f-monthly_sales", "300000")
        await type_into(app, pilot, "#f-daily_inquiries_avg", "400")
        await type_into(app, pilot, "#f-daily_inquiries_peak", "900")
        await type_into(app, pilot, "#f-coverage_hours", "30")
        assert "at most 24 hours" in text(app, "#form-error")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)  # not saved
        await pilot.press("f2")
        await pilot.pause()
        assert "不超过 24 小时" in text(app, "#form-error")
        await type_into(app, pilot, "#f-coverage_hours", "16")
        assert text(app, "#form-error") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ProfileScreen)

    drive(db_path, body)
    store = Store.open(db_path)
    profile = costing.get_profile(store)
    assert profile is not None
    assert profile.coverage_hours == 16 and profile.daily_inquiries_peak == 900
    store.close()
