"""Vendor quotes and the shop profile, as merchants write them in TOML or JSON.

The field names are a contract with scripts (issue 6): a profile has at least `monthly_sales`,
`daily_inquiries_avg`, `daily_inquiries_peak` and `coverage_hours`; a quote has `model` (one of
MODELS) and the fields of that fee model. Rates are fractions everywhere (0.02 means 2 %).
Money is Decimal yuan and never negative, so no quote can produce a negative cost.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from vendorcheck.core.errors import UserError
from vendorcheck.core.parsing import _path
from vendorcheck.core.quote_fields import (
    EN,
    ZH,
    Amount,
    Count,
    Days,
    Headcount,
    Hours,
    Money,
    Rate,
    whole_number,
)

ModelName = Literal[
    "day_rate",
    "shift_plus_commission",
    "base_plus_commission",
    "fixed_per_seat",
    "tiered_by_inquiries",
    "per_inquiry",
    "commission_only",
    "service_fee",
    "service_fee_then_commission",
    "service_fee_plus_commission",
]
CUSTOMER_SERVICE_MODELS = (
    "day_rate",
    "shift_plus_commission",
    "base_plus_commission",
    "fixed_per_seat",
    "tiered_by_inquiries",
    "per_inquiry",
)
STORE_OPERATION_MODELS = (
    "commission_only",
    "service_fee",
    "service_fee_then_commission",
    "service_fee_plus_commission",
)
MODELS: tuple[str, ...] = CUSTOMER_SERVICE_MODELS + STORE_OPERATION_MODELS
Kind = Literal["customer_service", "store_operation"]


def kind_of(quote: Any) -> Kind:
    """Store operation (代运营) replaces an operations team; the rest replace agents."""
    return "store_operation" if quote.model in STORE_OPERATION_MODELS else "customer_service"


class _Strict(BaseModel):
    """Unknown keys are typos in a hand-written file: refuse them."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- quotes -------------------------------------------------------------------------------------


class ExtraFee(_Strict):
    """A fee on top of the headline price: set-up, software, overtime, a clause in an annex."""

    name: Annotated[str, Field(min_length=1)]
    monthly: Money = Decimal(0)
    one_off: Money = Decimal(0)
    hidden: bool = False
    """True when it was not in the headline quote (found in the contract or asked for)."""
    note: str = ""


class _Quote(_Strict):
    """What every quote may state: what the vendor commits to, and fees beyond the model."""

    seats: Count | None = None
    """Seats (坐席) the vendor commits; one seat handles about 600 inquiries a day at peak."""
    agents: Count | None = None
    """Agents (people) the vendor commits across all shifts."""
    extra_fees: tuple[ExtraFee, ...] = ()
    notes: str = ""


class DayRate(_Quote):
    """Temporary, event or holiday agents paid by the day (100 / 200 / 300 a day in the digest)."""

    model: Literal["day_rate"]
    day_rate: Money
    agents: Count = 1
    days_per_month: Annotated[int, whole_number(1, 31)] = 30
    promotion_day_rate: Money | None = None
    """Charged on the profile's promotion days instead of `day_rate`, when given."""
    holiday_days: Days = 0
    holiday_day_rate: Money | None = None


class ShiftPlusCommission(_Quote):
    """Long-term day or night shift: about 1,500 a month per shift plus about 2 % of sales."""

    model: Literal["shift_plus_commission"]
    shift_monthly: Money
    """Fee per agent per shift per month."""
    shifts: Count = 1
    commission_rate: Rate


class BasePlusCommission(_Quote):
    """A base fee per seat per month plus a commission on the shop's sales."""

    model: Literal["base_plus_commission"]
    base_monthly: Money
    seats: Count
    commission_rate: Rate


class FixedPerSeat(_Quote):
    """A dedicated seat at a fixed monthly price (about 4,000 per agent per shift)."""

    model: Literal["fixed_per_seat"]
    seat_monthly: Money
    seats: Count


class Tier(_Strict):
    """From this average of daily inquiries (last month's, inclusive) the monthly fee is `monthly`."""

    min_daily_inquiries: Amount
    monthly: Money


class TieredByInquiries(_Quote):
    """A price step chosen by last month's average daily inquiries; seats are shared."""

    model: Literal["tiered_by_inquiries"]
    tiers: Annotated[tuple[Tier, ...], Field(min_length=1)]
    commission_rate: Rate = Decimal(0)

    @model_validator(mode="after")
    def _steps(self) -> TieredByInquiries:
        if self.tiers[0].min_daily_inquiries != 0:
            raise PydanticCustomError(
                "tiers_start", "the first tier must have min_daily_inquiries = 0"
            )
        for a, b in zip(self.tiers, self.tiers[1:], strict=False):
            if b.min_daily_inquiries <= a.min_daily_inquiries:
                raise PydanticCustomError(
                    "tiers_order",
                    "must go up in min_daily_inquiries (got {got} after {prev})",
                    {"got": str(b.min_daily_inquiries), "prev": str(a.min_daily_inquiries)},
                )
        return self


class PerInquiry(_Quote):
    """按咨询量/按接待人数 × 单价: a unit price per inquiry (or per buyer served) each month.

    Seed 001 prices small shops by inquiry volume on shared seats; some vendors quote the unit
    price itself rather than steps. `minimum_monthly` is the floor (保底) many such quotes carry.
    """

    model: Literal["per_inquiry"]
    unit_price: Money
    """Yuan per inquiry (basis = "inquiries") or per buyer served (basis = "buyers_served")."""
    basis: Literal["inquiries", "buyers_served"] = "inquiries"
    minimum_monthly: Money = Decimal(0)
    commission_rate: Rate = Decimal(0)


class CommissionOnly(_Quote):
    """Store operation paid only by a share of sales: no upfront fee."""

    model: Literal["commission_only"]
    commission_rate: Rate


class ServiceFee(_Quote):
    """Store operation for a monthly service fee only."""

    model: Literal["service_fee"]
    service_fee_monthly: Money


class ServiceFeeThenCommission(_Quote):
    """A service fee for the first `fee_months`, then commission only."""

    model: Literal["service_fee_then_commission"]
    service_fee_monthly: Money
    fee_months: Count
    commission_rate: Rate


class ServiceFeePlusCommission(_Quote):
    """The mainstream store-operation model: a monthly service fee plus commission."""

    model: Literal["service_fee_plus_commission"]
    service_fee_monthly: Money
    commission_rate: Rate


Quote = (
    DayRate
    | ShiftPlusCommission
    | BasePlusCommission
    | FixedPerSeat
    | TieredByInquiries
    | PerInquiry
    | CommissionOnly
    | ServiceFee
    | ServiceFeeThenCommission
    | ServiceFeePlusCommission
)
QUOTE_CLASSES: dict[str, type[BaseModel]] = {
    "day_rate": DayRate,
    "shift_plus_commission": ShiftPlusCommission,
    "base_plus_commission": BasePlusCommission,
    "fixed_per_seat": FixedPerSeat,
    "tiered_by_inquiries": TieredByInquiries,
    "per_inquiry": PerInquiry,
    "commission_only": CommissionOnly,
    "service_fee": ServiceFee,
    "service_fee_then_commission": ServiceFeeThenCommission,
    "service_fee_plus_commission": ServiceFeePlusCommission,
}


# --- the shop profile ----------------------------------------------------------------------------


class InHouse(_Strict):
    """Overrides for the in-house baseline; what is left out comes from checklists/market/fees.toml."""

    agents: Count | None = None
    salary_monthly: Money | None = None
    overhead_monthly_per_agent: Money | None = None
    """Equipment, office space and social insurance, per agent per month."""
    turnover_rate_annual: Amount | None = None
    """Share of agents replaced per year (0.5 = half the team)."""
    replacement_cost: Money | None = None
    """Recruiting and training one replacement agent."""


class Role(_Strict):
    """One role of an in-house operations team, overriding or adding to the market defaults."""

    count: Headcount | None = None
    """People in this role; 0 removes a default role."""
    salary_monthly: Money | None = None


class InHouseOperations(_Strict):
    """Overrides for the in-house operations team a store-operation (代运营) quote replaces.

    Roles by id (operations = 运营/店长, design = 美工, promotion = 推广, or any role of your own);
    what is left out comes from checklists/market/fees.toml, where the salaries are our assumption.
    """

    roles: dict[str, Role] = {}
    overhead_monthly_per_person: Money | None = None


class ShopProfile(_Strict):
    """What the shop needs: its sales, its inquiry load and the hours it wants covered."""

    monthly_sales: Money
    daily_inquiries_avg: Amount
    daily_inquiries_peak: Amount
    coverage_hours: Hours
    split_presales_aftersales: bool = False
    promotion_days_per_month: Days = 0
    agent_sales_share: Rate = Decimal(1)
    """Share of sales closed through the agents (客服销售额), the base of customer-service
    commission. 1.0 (every sale) is the conservative default: it never understates the cost."""
    in_house: InHouse = InHouse()
    in_house_operations: InHouseOperations = InHouseOperations()

    @model_validator(mode="after")
    def _peak(self) -> ShopProfile:
        if self.daily_inquiries_peak < self.daily_inquiries_avg:
            raise PydanticCustomError(
                "peak",
                "must be at least daily_inquiries_avg ({avg}) (got {got})",
                {"got": str(self.daily_inquiries_peak), "avg": str(self.daily_inquiries_avg)},
            )
        return self


# --- reading them, with one-line errors naming the field -----------------------------------------

# Whole-model checks name the field they are about.
_FIELD_OF = {"tiers_start": "tiers", "tiers_order": "tiers", "peak": "daily_inquiries_peak"}


def _raise(e: ValidationError, prefix: str, source: str, allowed: tuple[str, ...]) -> None:
    # A misspelt key also makes the real one "missing": name the misspelling first.
    errors = sorted(e.errors(), key=lambda x: x["type"] != "extra_forbidden")
    err = errors[0]
    kind = err["type"]
    loc = tuple(err["loc"]) or ((_FIELD_OF[kind],) if kind in _FIELD_OF else ())
    path = f"{prefix}.{_path(loc)}" if loc else prefix
    ctx = dict(err.get("ctx") or {})
    en = EN.get(kind) or err["msg"]
    zh = ZH[kind].format(**ctx) if kind in ZH else en
    if kind == "extra_forbidden" and len(loc) == 1:
        close = difflib.get_close_matches(str(loc[0]), allowed, n=1)
        if close:
            en += f" (did you mean {close[0]}?)"
            zh += f"（是不是 {close[0]}？）"
    if len(errors) > 1:
        en += f" (+{len(errors) - 1} more)"
        zh += f"（另有 {len(errors) - 1} 处）"
    raise UserError(f"{path}: {en}", f"{path}：{zh}", where=source) from None


def _fields(cls: type[BaseModel]) -> tuple[str, ...]:
    return tuple(cls.model_fields)


def quote_from_data(data: Any, source: str) -> Quote:
    """A validated quote, or a UserError such as `quote.commission_rate: must be a fraction...`."""
    if not isinstance(data, dict):
        raise UserError(
            "quote: must be a table of fields (model = ...)",
            "quote：必须是字段表（model = ...）",
            where=source,
        )
    model = data.get("model")
    names = ", ".join(MODELS)
    if model is None:
        raise UserError(
            f"quote.model: is required, one of {names}",
            f"quote.model：必须填写，可选 {names}",
            where=source,
        )
    if not isinstance(model, str) or model not in QUOTE_CLASSES:
        raise UserError(
            f"quote.model: must be one of {names} (got {model!r})",
            f"quote.model：必须是 {names} 之一（收到 {model!r}）",
            where=source,
        )
    cls = QUOTE_CLASSES[model]
    try:
        return cls.model_validate(data)  # type: ignore[return-value]
    except ValidationError as e:
        _raise(e, "quote", source, _fields(cls))
        raise  # unreachable: _raise always raises


def profile_from_data(data: Any, source: str) -> ShopProfile:
    """A validated shop profile, or a UserError naming the field (`profile.coverage_hours: ...`)."""
    try:
        return ShopProfile.model_validate(data)
    except ValidationError as e:
        _raise(e, "profile", source, _fields(ShopProfile))
        raise


def quote_data(quote: Quote) -> dict[str, Any]:
    """The quote as plain JSON data (numbers as numbers), for storage and `quote show`."""
    out: dict[str, Any] = _plain(quote.model_dump(mode="python"))
    return out


def profile_data(profile: ShopProfile) -> dict[str, Any]:
    out: dict[str, Any] = _plain(profile.model_dump(mode="python"))
    return out


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items() if x is not None}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    return v
