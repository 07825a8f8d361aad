"""What a quote really costs a given shop, whether the vendor staffs enough, and in-house instead.

Every fee model reduces to `fixed + rate × monthly_sales` per month (plus one-off fees for the
year), which makes break-even with in-house a single division and keeps costs monotone in sales.
Figures are exact Decimals; rounding is left to whoever displays them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from vendorcheck.core.market import Market
from vendorcheck.core.quotes import (
    STORE_OPERATION_MODELS,
    BasePlusCommission,
    CommissionOnly,
    DayRate,
    FixedPerSeat,
    Quote,
    ServiceFee,
    ServiceFeePlusCommission,
    ServiceFeeThenCommission,
    ShiftPlusCommission,
    ShopProfile,
    TieredByInquiries,
)

ZERO = Decimal(0)
MONTHS = 12
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


@dataclass(frozen=True)
class InHouseCost:
    agents: int
    salary_monthly: Decimal
    overhead_monthly: Decimal
    turnover_monthly: Decimal
    monthly: Decimal

    @property
    def annual(self) -> Decimal:
        return self.monthly * MONTHS


@dataclass(frozen=True)
class QuoteCost:
    model: str
    fixed_monthly: Decimal
    """The part of the monthly cost that does not depend on sales (extra monthly fees included)."""
    sales_rate: Decimal
    """Share of monthly sales paid (averaged over the first year for fee-then-commission)."""
    monthly: Decimal
    one_off: Decimal
    annual: Decimal
    per_inquiry: Decimal | None
    seats_committed: int | None
    agents_committed: int | None
    needs: Needs
    vs_in_house: Decimal
    """Monthly cost minus the in-house baseline: negative means the vendor is cheaper."""
    break_even_sales: Decimal | None
    """Monthly sales up to which the vendor costs no more than in-house (None: no commission)."""
    flags: tuple[Flag, ...]

    @property
    def seats_ok(self) -> bool | None:
        return None if self.seats_committed is None else self.seats_committed >= self.needs.seats

    @property
    def agents_ok(self) -> bool | None:
        if self.agents_committed is None:
            return None
        return self.agents_committed >= self.needs.agents

    @property
    def staffing_ok(self) -> bool | None:
        known = [x for x in (self.seats_ok, self.agents_ok) if x is not None]
        return all(known) if known else None


def needs(profile: ShopProfile, market: Market) -> Needs:
    """Seats for the peak (about 600 inquiries a day each), agents to cover the hours."""
    st = market.staffing
    seats = max(1, math.ceil(profile.daily_inquiries_peak / st.inquiries_per_seat_day))
    if profile.split_presales_aftersales:
        seats = max(seats, st.split_min_seats)
    shifts = max(1, math.ceil(profile.coverage_hours / st.shift_hours))
    return Needs(seats=seats, shifts=shifts, agents=seats * shifts)


def in_house(profile: ShopProfile, market: Market) -> InHouseCost:
    """Hiring the agents yourself: salary + overhead + turnover (hiring and training again)."""
    d, o = market.in_house, profile.in_house
    agents = o.agents or max(d.min_agents, needs(profile, market).agents)
    salary = _pick(o.salary_monthly, d.salary_monthly)
    overhead = _pick(o.overhead_monthly_per_agent, d.overhead_monthly_per_agent)
    turnover_rate = _pick(o.turnover_rate_annual, d.turnover_rate_annual)
    replacement = _pick(o.replacement_cost, d.replacement_cost)
    turnover = agents * turnover_rate * replacement / MONTHS
    return InHouseCost(
        agents=agents,
        salary_monthly=agents * salary,
        overhead_monthly=agents * overhead,
        turnover_monthly=turnover,
        monthly=agents * (salary + overhead) + turnover,
    )


def _pick(override: Decimal | None, default: Decimal) -> Decimal:
    return default if override is None else override


def tier_fee(quote: TieredByInquiries, daily_inquiries: Decimal) -> Decimal:
    """The step whose `min_daily_inquiries` is the largest at or below the average (inclusive)."""
    fee = quote.tiers[0].monthly
    for t in quote.tiers:
        if daily_inquiries >= t.min_daily_inquiries:
            fee = t.monthly
    return fee


def price(quote: Quote, profile: ShopProfile, market: Market) -> tuple[Decimal, Decimal]:
    """The headline price as (fixed per month, share of sales), before extra fees."""
    match quote:
        case DayRate():
            days = quote.days_per_month
            promo = (
                min(profile.promotion_days_per_month, days)
                if quote.promotion_day_rate is not None
                else 0
            )
            holiday = min(quote.holiday_days, days - promo) if quote.holiday_day_rate else 0
            per_agent = (
                quote.day_rate * (days - promo - holiday)
                + (quote.promotion_day_rate or ZERO) * promo
                + (quote.holiday_day_rate or ZERO) * holiday
            )
            return quote.agents * per_agent, ZERO
        case ShiftPlusCommission():
            return quote.shift_monthly * quote.shifts, quote.commission_rate
        case BasePlusCommission():
            return quote.base_monthly * quote.seats, quote.commission_rate
        case FixedPerSeat():
            return quote.seat_monthly * quote.seats, ZERO
        case TieredByInquiries():
            return tier_fee(quote, profile.daily_inquiries_avg), quote.commission_rate
        case CommissionOnly():
            return ZERO, quote.commission_rate
        case ServiceFee():
            return quote.service_fee_monthly, ZERO
        case ServiceFeeThenCommission():
            # An average month of the first year: the fee for fee_months, then commission.
            fee_months = min(quote.fee_months, MONTHS)
            return (
                quote.service_fee_monthly * fee_months / MONTHS,
                quote.commission_rate * (MONTHS - fee_months) / MONTHS,
            )
        case ServiceFeePlusCommission():
            return quote.service_fee_monthly, quote.commission_rate
    raise AssertionError(f"unhandled fee model {quote.model}")  # pragma: no cover


def commitments(quote: Quote, market: Market) -> tuple[int | None, int | None]:
    """(seats, agents) the vendor commits to: stated in the quote, or implied by its model."""
    per_seat = market.staffing.agents_per_seat
    seats, agents = quote.seats, quote.agents
    match quote:
        case DayRate():
            agents = quote.agents
            seats = seats or math.ceil(agents / per_seat)
        case ShiftPlusCommission():
            agents = agents or quote.shifts
            seats = seats or math.ceil(quote.shifts / per_seat)
        case BasePlusCommission() | FixedPerSeat():
            agents = agents or quote.seats * per_seat
    return seats, agents


def cost(quote: Quote, profile: ShopProfile, market: Market) -> QuoteCost:
    """Monthly, annual and per-inquiry cost of `quote` for `profile`, with staffing and flags."""
    fixed, rate = price(quote, profile, market)
    fixed += sum((f.monthly for f in quote.extra_fees), ZERO)
    one_off = sum((f.one_off for f in quote.extra_fees), ZERO)
    monthly = fixed + rate * profile.monthly_sales
    inquiries = profile.daily_inquiries_avg * market.staffing.days_per_month
    seats, agents = commitments(quote, market)
    need = needs(profile, market)
    base = in_house(profile, market).monthly
    if rate > 0:
        break_even: Decimal | None = max(ZERO, (base - fixed) / rate)
    else:
        break_even = None
    flags = market_flags(quote, profile, market, seats, agents) + staffing_flags(
        quote, need, seats, agents
    )
    return QuoteCost(
        model=quote.model,
        fixed_monthly=fixed,
        sales_rate=rate,
        monthly=monthly,
        one_off=one_off,
        annual=monthly * MONTHS + one_off,
        per_inquiry=monthly / inquiries if inquiries > 0 else None,
        seats_committed=seats,
        agents_committed=agents,
        needs=need,
        vs_in_house=monthly - base,
        break_even_sales=break_even,
        flags=flags,
    )


def _above(value: Decimal, typical: Decimal, factor: Decimal) -> bool:
    return value > typical * factor


def market_flags(
    quote: Quote,
    profile: ShopProfile,
    market: Market,
    seats: int | None,
    agents: int | None,
) -> tuple[Flag, ...]:
    """Where the quote sits outside the market figures of the digest, with the range compared."""
    cs, so = market.customer_service, market.store_operation
    k = cs.far_above_factor
    out: list[Flag] = []
    rate = getattr(quote, "commission_rate", None)
    if rate is not None:
        band = so.commission_rate if quote.model in STORE_OPERATION_MODELS else cs.commission_rate
        if rate > band.max:
            out.append(Flag("commission_above_market", "warn", rate, band.min, band.max, "rate"))
    match quote:
        case DayRate():
            for code, value, typical in (
                ("day_rate_far_above", quote.day_rate, cs.day_rate_temporary),
                ("promotion_day_rate_far_above", quote.promotion_day_rate, cs.day_rate_event),
                ("holiday_day_rate_far_above", quote.holiday_day_rate, cs.day_rate_holiday),
            ):
                if value is not None and _above(value, typical, k):
                    out.append(Flag(code, "warn", value, None, typical, "day_money"))
        case ShiftPlusCommission():
            if _above(quote.shift_monthly, cs.shift_monthly.max, k):
                r = cs.shift_monthly
                out.append(Flag("shift_fee_far_above", "warn", quote.shift_monthly, r.min, r.max))
        case BasePlusCommission():
            per_agent = quote.base_monthly * quote.seats / (agents or 1)
            if _above(per_agent, cs.shift_monthly.max, k):
                r = cs.shift_monthly
                out.append(Flag("base_per_agent_far_above", "warn", per_agent, r.min, r.max))
        case FixedPerSeat():
            per_agent = quote.seat_monthly * quote.seats / (agents or 1)
            if _above(per_agent, cs.fixed_seat_monthly, k):
                typ = cs.fixed_seat_monthly
                out.append(Flag("fixed_seat_far_above", "warn", per_agent, None, typ))
        case TieredByInquiries():
            out.append(Flag("shared_seat", "info"))
        case CommissionOnly():
            out.append(Flag("commission_only_risk", "warn"))
        case ServiceFee():
            out.append(Flag("service_fee_only_risk", "info"))
        case ServiceFeeThenCommission():
            out.append(Flag("fee_then_commission_rare", "info"))
    fee = getattr(quote, "service_fee_monthly", None)
    if fee is not None:
        r = so.service_fee_monthly
        if not r.min <= fee <= r.max:
            out.append(Flag("service_fee_outside_market", "warn", fee, r.min, r.max))
        size = market.size_for(profile.monthly_sales)
        if size is not None:
            lo, hi = size.fee_min, size.fee_max
            if (lo is not None and fee < lo) or (hi is not None and fee > hi):
                out.append(
                    Flag("service_fee_unrealistic_for_size", "warn", fee, lo, hi, detail=size.id)
                )
    hidden = [f for f in quote.extra_fees if f.hidden]
    if hidden:
        names = "、".join(f.name for f in hidden)
        monthly = sum((f.monthly for f in hidden), ZERO)
        once = sum((f.one_off for f in hidden), ZERO)
        if monthly or not once:
            out.append(Flag("hidden_fees_monthly", "warn", monthly, detail=names))
        if once:
            out.append(Flag("hidden_fees_one_off", "warn", once, detail=names))
    return tuple(out)


def staffing_flags(
    quote: Quote, need: Needs, seats: int | None, agents: int | None
) -> tuple[Flag, ...]:
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
