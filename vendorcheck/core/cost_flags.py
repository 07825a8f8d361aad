"""Where a quote sits against the market figures of the domain digest, and whether it staffs enough.

Each flag carries the figure compared and the range it was compared with, so every shell words it
the same way (vendorcheck.services.cost_text). A price far above the market is questioned, and so
is one far below it: the seeds explain a price that low by one agent serving several shops
(000). Store-operation (代运营) quotes are never judged by customer-service figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from vendorcheck.core.market import Market
from vendorcheck.core.quotes import (
    BasePlusCommission,
    CommissionOnly,
    DayRate,
    FixedPerSeat,
    PerInquiry,
    Quote,
    ServiceFee,
    ServiceFeeThenCommission,
    ShiftPlusCommission,
    ShopProfile,
    TieredByInquiries,
    kind_of,
)

ZERO = Decimal(0)
Severity = Literal["warn", "info"]
Unit = Literal["money", "day_money", "rate", "count"]


@dataclass(frozen=True)
class Flag:
    """A finding about a quote; `value` was compared with `low`-`high` (either may be open)."""

    code: str
    severity: Severity
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    unit: Unit = "money"
    detail: str = ""
    """Names that go into the message: a project size, the hidden fees."""


@dataclass(frozen=True)
class Needs:
    """What the shop's load and hours call for."""

    seats: int
    shifts: int
    agents: int


def market_flags(
    quote: Quote, profile: ShopProfile, market: Market, agents: int | None
) -> tuple[Flag, ...]:
    """Market checks of `quote`: its commission, its unit prices, its fee model and hidden fees."""
    out = _commission_flags(quote, market)
    out += _unit_price_flags(quote, market, agents)
    match quote:
        case TieredByInquiries() | PerInquiry():
            out.append(Flag("shared_seat", "info"))
        case CommissionOnly():
            out.append(Flag("commission_only_risk", "warn"))
        case ServiceFee():
            out.append(Flag("service_fee_only_risk", "info"))
        case ServiceFeeThenCommission():
            out.append(Flag("fee_then_commission_rare", "info"))
    out += service_fee_flags(quote, profile, market)
    out += _hidden_flags(quote)
    return tuple(out)


def _commission_flags(quote: Quote, market: Market) -> list[Flag]:
    rate = getattr(quote, "commission_rate", None)
    if not rate:
        return []
    if kind_of(quote) == "store_operation":
        band = market.store_operation.commission_rate
        if band is None:  # no sourced band for 代运营: shown, not judged
            return [Flag("store_operation_commission_unjudged", "info", rate, unit="rate")]
    else:
        band = market.customer_service.commission_rate
    if rate > band.max:
        return [Flag("commission_above_market", "warn", rate, band.min, band.max, "rate")]
    return []


def _unit_price_flags(quote: Quote, market: Market, agents: int | None) -> list[Flag]:
    """Day rates, shift fees, base and fixed seat per agent: far above or far below typical."""
    cs = market.customer_service
    checks: list[tuple[str, Decimal | None, Decimal, Decimal, str]] = []
    match quote:
        case DayRate():
            days = (
                ("day_rate", quote.day_rate, cs.day_rate_temporary),
                ("promotion_day_rate", quote.promotion_day_rate, cs.day_rate_event),
                ("holiday_day_rate", quote.holiday_day_rate, cs.day_rate_holiday),
            )
            checks = [(name, value, typ, typ, "day") for name, value, typ in days]
        case ShiftPlusCommission():
            r = cs.shift_monthly
            checks = [("shift_fee", quote.shift_monthly, r.min, r.max, "month")]
        case BasePlusCommission():
            per_agent = quote.base_monthly * quote.seats / (agents or 1)
            r = cs.shift_monthly
            checks = [("base_per_agent", per_agent, r.min, r.max, "month")]
        case FixedPerSeat():
            per_agent = quote.seat_monthly * quote.seats / (agents or 1)
            typ = cs.fixed_seat_monthly
            checks = [("fixed_seat", per_agent, typ, typ, "month")]
    out: list[Flag] = []
    for name, value, low, high, per in checks:
        if value is None:
            continue
        unit: Unit = "day_money" if per == "day" else "money"
        shown_low = None if low == high else low
        if value > high * cs.far_above_factor:
            out.append(Flag(f"{name}_far_above", "warn", value, shown_low, high, unit))
        elif value < low * cs.far_below_factor:
            out.append(
                Flag(f"{name}_far_below", "warn", value, low, None if low == high else high, unit)
            )
    return out


FeeFit = Literal["fits", "too_high_for_size", "too_low_for_goal"]


def fee_fit(fee: Decimal, profile: ShopProfile, market: Market) -> FeeFit | None:
    """The answer to the checklist's pricing.fee_vs_project_size for this fee and shop.

    None when no project size in fees.toml covers the shop's sales (nothing to judge against).
    """
    size = market.size_for(profile.monthly_sales)
    if size is None:
        return None
    if size.fee_max is not None and fee > size.fee_max:
        return "too_high_for_size"
    if size.fee_min is not None and fee < size.fee_min:
        return "too_low_for_goal"
    return "fits"


def service_fee_flags(quote: Quote, profile: ShopProfile, market: Market) -> list[Flag]:
    """A 代运营 service fee judged by its fit to the shop's project size, as the checklist does.

    A fee that does not fit the size is a warning; one that fits but is outside the market's
    5,000-50,000 is questioned only when it is above (a large project's fee is open above:
    3-5万 "甚至更高", 003), and below 5,000 is noted as upkeep only, which a small shop may want.
    """
    fee = getattr(quote, "service_fee_monthly", None)
    if fee is None:
        return []
    r = market.store_operation.service_fee_monthly
    size = market.size_for(profile.monthly_sales)
    if fee_fit(fee, profile, market) not in (None, "fits") and size is not None:
        lo, hi = size.fee_min, size.fee_max
        return [Flag("service_fee_unrealistic_for_size", "warn", fee, lo, hi, detail=size.id)]
    if fee < r.min:
        return [Flag("service_fee_upkeep_only", "info", fee, r.min)]
    if fee > r.max and not (size is not None and size.open_above):
        return [Flag("service_fee_outside_market", "warn", fee, r.min, r.max)]
    return []


def _hidden_flags(quote: Quote) -> list[Flag]:
    hidden = [f for f in quote.extra_fees if f.hidden]
    if not hidden:
        return []
    out: list[Flag] = []
    names = "、".join(f.name for f in hidden)
    monthly = sum((f.monthly for f in hidden), ZERO)
    once = sum((f.one_off for f in hidden), ZERO)
    if monthly or not once:
        out.append(Flag("hidden_fees_monthly", "warn", monthly, detail=names))
    if once:
        out.append(Flag("hidden_fees_one_off", "warn", once, detail=names))
    return out


def staffing_flags(need: Needs, seats: int | None, agents: int | None) -> tuple[Flag, ...]:
    """Customer service only: the seats the peak needs and the agents the hours need."""
    out: list[Flag] = []
    if seats is not None and seats < need.seats:
        out.append(Flag("seats_short", "warn", Decimal(seats), Decimal(need.seats), None, "count"))
    if agents is not None and agents < need.agents:
        out.append(
            Flag("agents_short", "warn", Decimal(agents), Decimal(need.agents), None, "count")
        )
    if seats is None and agents is None:
        out.append(Flag("staffing_not_stated", "info"))
    return tuple(out)
