"""What a quote really costs a given shop, whether the vendor staffs enough, and in-house instead.

Every fee model reduces to `fixed + rate × share × monthly_sales` per month (plus one-off fees
for the year), which makes break-even with in-house a single division and keeps costs monotone in
sales. `share` is the profile's agent_sales_share for customer service (the seeds price its
commission on 客服销售额, the sales closed through agents) and 1 for store operation (代运营
runs the whole shop). A customer-service quote is compared with hiring agents, a store-operation
quote with an in-house operations team (运营/店长, 美工, 推广). Figures are exact Decimals;
rounding is left to whoever displays them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from vendorcheck.core.cost_flags import (
    ZERO,
    FeeFit,
    Flag,
    Needs,
    fee_fit,
    market_flags,
    staffing_flags,
)
from vendorcheck.core.market import Market
from vendorcheck.core.quotes import (
    BasePlusCommission,
    CommissionOnly,
    DayRate,
    FixedPerSeat,
    Kind,
    PerInquiry,
    Quote,
    ServiceFee,
    ServiceFeePlusCommission,
    ServiceFeeThenCommission,
    ShiftPlusCommission,
    ShopProfile,
    TieredByInquiries,
    kind_of,
)

__all__ = ["ZERO", "Flag", "Needs"]  # re-exported: callers read flags from the cost

MONTHS = 12


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
class RoleCost:
    id: str
    zh: str
    en: str
    count: int
    salary_monthly: Decimal


@dataclass(frozen=True)
class OperationsCost:
    """An in-house operations team: roles × salaries + overhead per person."""

    roles: tuple[RoleCost, ...]
    overhead_monthly: Decimal
    monthly: Decimal

    @property
    def people(self) -> int:
        return sum(r.count for r in self.roles)

    @property
    def annual(self) -> Decimal:
        return self.monthly * MONTHS


@dataclass(frozen=True)
class QuoteCost:
    model: str
    kind: Kind
    fixed_monthly: Decimal
    """The part of the monthly cost that does not depend on sales (extra monthly fees included)."""
    sales_rate: Decimal
    """The commission rate (averaged over the first year for fee-then-commission)."""
    base_share: Decimal
    """Share of monthly sales the commission is charged on (agent_sales_share, or 1)."""
    commission: Decimal
    """sales_rate × base_share × monthly sales."""
    monthly: Decimal
    one_off: Decimal
    annual: Decimal
    per_inquiry: Decimal | None
    seats_committed: int | None
    agents_committed: int | None
    needs: Needs
    baseline: Decimal
    """The in-house monthly cost it replaces: agents, or an operations team for 代运营."""
    vs_in_house: Decimal
    """Monthly cost minus the in-house baseline: negative means the vendor is cheaper."""
    break_even_sales: Decimal | None
    """Monthly sales up to which the vendor costs no more than in-house (None: no commission,
    or never cheaper)."""
    never_cheaper: bool
    """The fee that does not depend on sales already costs more than in-house."""
    flags: tuple[Flag, ...]
    fee_fit: FeeFit | None = None
    """A 代运营 service fee against the shop's size: the checklist's fee_vs_project_size answer."""

    @property
    def effective_rate(self) -> Decimal:
        """What one more yuan of shop sales costs: rate × share."""
        return self.sales_rate * self.base_share

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


def operations_team(profile: ShopProfile, market: Market) -> OperationsCost:
    """The in-house team a 代运营 quote replaces: the market's roles, as edited in the profile."""
    d, o = market.store_operation.in_house, profile.in_house_operations
    roles = []
    for r in d.roles:
        mine = o.roles.get(r.id)
        count = r.count if mine is None or mine.count is None else mine.count
        pay = r.salary_monthly if mine is None else _pick(mine.salary_monthly, r.salary_monthly)
        roles.append(RoleCost(r.id, r.label.zh, r.label.en, count, pay))
    known = {r.id for r in d.roles}
    for rid, mine in o.roles.items():
        if rid not in known:  # a role of the merchant's own: counted once unless said otherwise
            count = 1 if mine.count is None else mine.count
            roles.append(RoleCost(rid, rid, rid, count, mine.salary_monthly or ZERO))
    kept = tuple(r for r in roles if r.count > 0)
    people = sum(r.count for r in kept)
    overhead = people * _pick(o.overhead_monthly_per_person, d.overhead_monthly_per_person)
    salaries = sum((r.count * r.salary_monthly for r in kept), ZERO)
    return OperationsCost(roles=kept, overhead_monthly=overhead, monthly=salaries + overhead)


def monthly_inquiries(profile: ShopProfile, market: Market) -> Decimal:
    return profile.daily_inquiries_avg * market.staffing.days_per_month


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
        case PerInquiry():
            volume = quote.unit_price * monthly_inquiries(profile, market)
            return max(quote.minimum_monthly, volume), quote.commission_rate
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
    kind = kind_of(quote)
    fixed, rate = price(quote, profile, market)
    fixed += sum((f.monthly for f in quote.extra_fees), ZERO)
    one_off = sum((f.one_off for f in quote.extra_fees), ZERO)
    share = profile.agent_sales_share if kind == "customer_service" else Decimal(1)
    commission = rate * share * profile.monthly_sales
    monthly = fixed + commission
    inquiries = monthly_inquiries(profile, market)
    need = needs(profile, market)
    if kind == "customer_service":
        seats, agents = commitments(quote, market)
        base = in_house(profile, market).monthly
        flags = market_flags(quote, profile, market, agents) + staffing_flags(need, seats, agents)
    else:
        seats = agents = None
        base = operations_team(profile, market).monthly
        flags = market_flags(quote, profile, market, None)
    break_even, never = _break_even(fixed, rate * share, base)
    fee: Decimal | None = getattr(quote, "service_fee_monthly", None)
    return QuoteCost(
        model=quote.model,
        kind=kind,
        fixed_monthly=fixed,
        sales_rate=rate,
        base_share=share,
        commission=commission,
        monthly=monthly,
        one_off=one_off,
        annual=monthly * MONTHS + one_off,
        per_inquiry=monthly / inquiries if inquiries > 0 else None,
        seats_committed=seats,
        agents_committed=agents,
        needs=need,
        baseline=base,
        vs_in_house=monthly - base,
        break_even_sales=break_even,
        never_cheaper=never,
        flags=flags,
        fee_fit=fee_fit(fee, profile, market) if fee is not None else None,
    )


def _break_even(
    fixed: Decimal, effective_rate: Decimal, base: Decimal
) -> tuple[Decimal | None, bool]:
    """(sales at which the two monthly costs meet, whether the vendor is never cheaper).

    The vendor's cost is the line fixed + effective_rate × sales, in-house a constant: they meet
    once when the vendor starts below in-house and charges commission; a fixed fee above the
    baseline means it is never cheaper, whatever the sales.
    """
    if fixed > base or (fixed == base and effective_rate > 0):
        return None, True
    if effective_rate > 0:
        return (base - fixed) / effective_rate, False
    return None, False
