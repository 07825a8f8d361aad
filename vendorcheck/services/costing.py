"""Quotes, shop profiles and the cost comparison: what the CLI, the TUI and the reports call.

`cost_json` is the one answer to "what will each vendor really cost this shop, do they staff
enough, and how does that compare with hiring in-house"; every shell renders what it returns.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from vendorcheck.core import costs
from vendorcheck.core.errors import Lang, NotFound, UserError
from vendorcheck.core.market import Market, market_from_data
from vendorcheck.core.quotes import (
    QUOTE_CLASSES,
    Quote,
    ShopProfile,
    profile_data,
    profile_from_data,
    quote_data,
    quote_from_data,
)
from vendorcheck.paths import checklists_dir
from vendorcheck.services import money
from vendorcheck.services.catalog import read_text
from vendorcheck.services.files import load_structured
from vendorcheck.services.labels import label
from vendorcheck.store import Store
from vendorcheck.store import quotes as quote_store
from vendorcheck.store.quotes import DEFAULT_PROFILE

MODEL_LABELS: dict[str, tuple[str, str]] = {
    "day_rate": ("按天计费", "day rate"),
    "shift_plus_commission": ("班次费 + 提成", "shift fee + commission"),
    "base_plus_commission": ("底薪 + 提成", "base + commission"),
    "fixed_per_seat": ("固定坐席费", "fixed per seat"),
    "tiered_by_inquiries": ("按咨询量阶梯", "tiered by inquiries"),
    "commission_only": ("纯提成", "commission only"),
    "service_fee": ("纯服务费", "service fee only"),
    "service_fee_then_commission": ("先服务费后提成", "service fee, then commission"),
    "service_fee_plus_commission": ("服务费 + 提成", "service fee + commission"),
}
SIZE_LABELS: dict[str, tuple[str, str]] = {
    "small": ("小型", "small"),
    "medium": ("中型", "medium"),
    "large": ("大型", "large"),
}


def model_label(model: str, lang: Lang) -> str:
    return label(MODEL_LABELS, model, lang)


# --- market data ---------------------------------------------------------------------------------


def fees_path() -> Path:
    return checklists_dir() / "market" / "fees.toml"


@cache
def market() -> Market:
    """The market figures of checklists/market/fees.toml (each cites the domain digest)."""
    path = fees_path()
    try:
        data = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"not valid TOML: {e}", f"不是合法的 TOML：{e}", where=str(path)) from None
    return market_from_data(data, str(path))


# --- quotes and profiles -------------------------------------------------------------------------


def parse_quote(payload: Any, source: str = "quote") -> Quote:
    return quote_from_data(payload, source)


def load_quote_file(path: Path) -> Quote:
    return quote_from_data(load_structured(path), str(path))


def parse_profile(payload: Any, source: str = "profile") -> ShopProfile:
    return profile_from_data(payload, source)


def load_profile_file(path: Path) -> ShopProfile:
    return profile_from_data(load_structured(path), str(path))


def set_quote(store: Store, vendor: str, quote_payload: Any, source: str = "quote") -> Quote:
    """Validate then store `vendor`'s quote, replacing the previous one; nothing written on error."""
    if isinstance(quote_payload, tuple(QUOTE_CLASSES.values())):
        quote: Quote = quote_payload
    else:
        quote = parse_quote(quote_payload, source)
    v = store.vendor(vendor)
    quote_store.set_quote(store, v["id"], quote.model, quote_data(quote))
    return quote


def get_quote(store: Store, vendor: str) -> Quote | None:
    v = store.vendor(vendor)
    found = quote_store.get_quote(store, v["id"])
    return None if found is None else quote_from_data(found[0], f"stored quote of {v['name']}")


def quote_json(store: Store, vendor: str) -> dict[str, Any]:
    """`quote show --format json`: the vendor, when the quote was set, and the quote itself."""
    v = store.vendor(vendor)
    found = quote_store.get_quote(store, v["id"])
    if found is None:
        raise _no_quote(v["name"])
    return {"vendor": v["name"], "set_at": found[1], "quote": found[0]}


def _no_quote(name: str) -> NotFound:
    return NotFound(
        f"no quote for {name!r}; set one with `vendorcheck quote set {name} --file QUOTE`",
        f"服务商“{name}”还没有报价；请用 `vendorcheck quote set {name} --file 报价文件` 录入",
    )


def set_profile(
    store: Store, profile_payload: Any, name: str = DEFAULT_PROFILE, source: str = "profile"
) -> ShopProfile:
    profile = (
        profile_payload
        if isinstance(profile_payload, ShopProfile)
        else parse_profile(profile_payload, source)
    )
    quote_store.set_profile(store, profile_data(profile), name)
    return profile


def get_profile(store: Store, name: str = DEFAULT_PROFILE) -> ShopProfile | None:
    data = quote_store.get_profile(store, name)
    return None if data is None else profile_from_data(data, f"stored profile {name!r}")


def require_profile(store: Store, name: str = DEFAULT_PROFILE) -> ShopProfile:
    profile = get_profile(store, name)
    if profile is None:
        raise NotFound(
            f"no shop profile {name!r}; store one with `vendorcheck profile set --file PROFILE` "
            "or pass --profile FILE",
            f"还没有店铺档案“{name}”；请用 `vendorcheck profile set --file 档案文件` 保存，"
            "或用 --profile 指定文件",
        )
    return profile


# --- the comparison ------------------------------------------------------------------------------


def cost_json(
    store: Store, vendor_names: list[str] | tuple[str, ...], profile: ShopProfile | None = None
) -> dict[str, Any]:
    """Cost, staffing and market flags per vendor, and the in-house baseline, as JSON data.

    `vendor_names` empty means every vendor with a quote; `profile` None means the stored default.
    Money is in yuan rounded to the fen; rates are fractions; flags carry zh and en messages.
    """
    prof = profile if profile is not None else require_profile(store)
    mk = market()
    if vendor_names:
        vendors = [store.vendor(n) for n in vendor_names]
    else:
        vendors = [store.vendor(vid) for vid in quote_store.quoted_vendor_ids(store)]
    base = costs.in_house(prof, mk)
    need = costs.needs(prof, mk)
    rows = []
    for v in vendors:
        found = quote_store.get_quote(store, v["id"])
        if found is None:
            raise _no_quote(v["name"])
        quote = quote_from_data(found[0], f"stored quote of {v['name']}")
        rows.append(_vendor_row(v["name"], quote, costs.cost(quote, prof, mk), prof, mk))
    inquiries = prof.daily_inquiries_avg * mk.staffing.days_per_month
    return {
        "currency": money.CURRENCY,
        "profile": profile_data(prof),
        "needs": {"seats": need.seats, "shifts": need.shifts, "agents": need.agents},
        "market": {
            "inquiries_per_seat_day": float(mk.staffing.inquiries_per_seat_day),
            "agents_per_seat": mk.staffing.agents_per_seat,
            "source": str(fees_path()),
        },
        "vendors": rows,
        "in_house": {
            "agents": base.agents,
            "monthly_cost": _m(base.monthly),
            "annual_cost": _m(base.annual),
            "cost_per_inquiry": _m(base.monthly / inquiries) if inquiries else None,
            "salary_monthly": _m(base.salary_monthly),
            "overhead_monthly": _m(base.overhead_monthly),
            "turnover_monthly": _m(base.turnover_monthly),
        },
    }


def _vendor_row(
    name: str, quote: Quote, c: costs.QuoteCost, prof: ShopProfile, mk: Market
) -> dict[str, Any]:
    return {
        "vendor": name,
        "model": c.model,
        "monthly_cost": _m(c.monthly),
        "annual_cost": _m(c.annual),
        "cost_per_inquiry": _m(c.per_inquiry),
        "one_off_fees": _m(c.one_off),
        "fixed_monthly": _m(c.fixed_monthly),
        "commission_rate": float(c.sales_rate),
        "seats_needed": c.needs.seats,
        "seats_committed": c.seats_committed,
        "agents_needed": c.needs.agents,
        "agents_committed": c.agents_committed,
        "staffing_ok": c.staffing_ok,
        "vs_in_house_monthly": _m(c.vs_in_house),
        "cheaper_than_in_house": c.vs_in_house < 0,
        "break_even_sales": _m(c.break_even_sales),
        "flags": [flag_json(f, prof, mk) for f in c.flags],
    }


def _m(x: Decimal | None) -> float | None:
    """Yuan rounded to the fen, as a JSON number (money in JSON is never a string here)."""
    return None if x is None else float(money.cents(x))


def flag_json(flag: costs.Flag, prof: ShopProfile, mk: Market) -> dict[str, Any]:
    def num(x: Decimal | None) -> float | int | None:
        if x is None or flag.unit not in ("rate", "count"):
            return _m(x)
        return float(x) if flag.unit == "rate" else int(x)

    return {
        "code": flag.code,
        "severity": flag.severity,
        "zh": flag_text(flag, "zh", prof, mk),
        "en": flag_text(flag, "en", prof, mk),
        "value": num(flag.value),
        "range": None
        if flag.low is None and flag.high is None
        else {"min": num(flag.low), "max": num(flag.high)},
    }


_FLAG_TEXT: dict[str, tuple[str, str]] = {
    "commission_above_market": (
        "提成比例 {value} 高于市场常见的 {low}-{high}（按营业额计，营业额越高比例越低）",
        "commission of {value} is above the market range of {low}-{high} of sales "
        "(lower as turnover rises)",
    ),
    "day_rate_far_above": (
        "日薪 {value} 远高于临时客服的市场价 {high}/天",
        "day rate of {value} is far above the market's {high} a day for a temporary agent",
    ),
    "promotion_day_rate_far_above": (
        "大促日薪 {value} 远高于活动客服的市场价 {high}/天",
        "promotion-day rate of {value} is far above the market's {high} a day for an event agent",
    ),
    "holiday_day_rate_far_above": (
        "节假日日薪 {value} 远高于节假日客服的市场价 {high}/天",
        "holiday rate of {value} is far above the market's {high} a day for a holiday agent",
    ),
    "shift_fee_far_above": (
        "班次费 {value}/月，远高于市场价每人每班 {low}-{high}",
        "shift fee of {value} a month is far above the market's {low}-{high} per agent per shift",
    ),
    "base_per_agent_far_above": (
        "底薪折合每名客服每月 {value}，远高于市场价每人每班 {low}-{high}",
        "the base fee works out at {value} per agent a month, far above the market's "
        "{low}-{high} per agent per shift",
    ),
    "fixed_seat_far_above": (
        "专属坐席折合每名客服每月 {value}，远高于市场价约 {high}（每人每班）",
        "the dedicated seat works out at {value} per agent a month, far above the market's "
        "about {high} per agent per shift",
    ),
    "shared_seat": (
        "按咨询量阶梯计价：坐席是共享的，一名客服同时服务多家店铺",
        "priced by inquiry volume: the seat is shared, one agent serves several shops",
    ),
    "commission_only_risk": (
        "纯提成、无前期费用：这类代运营往往不靠谱，没有资金组建强团队",
        "commission only, no upfront fee: such agencies are often unreliable, "
        "with no money to build a strong team",
    ),
    "service_fee_only_risk": (
        "纯服务费：这种模式正在被淘汰，代运营没有把店铺做大的动力",
        "service fee only: a model being phased out; the agency has no incentive to grow your shop",
    ),
    "fee_then_commission_rare": (
        "先收服务费、后改提成：少见，只有实力强的代运营才会这样做，请核实其过往业绩",
        "service fee first, commission later: rare, offered only by strong agencies; "
        "check their track record",
    ),
    "service_fee_outside_market": (
        "服务费 {value}/月，超出市场区间 {low}-{high}",
        "service fee of {value} a month is outside the market range of {low}-{high}",
    ),
    "service_fee_low_for_size": (
        "服务费 {value}/月，对{size}项目（月销售额 {sales}）来说太低，养不起像样的团队；市场价 {fees}",
        "service fee of {value} a month is too low to pay a real team for a {size} project "
        "({sales} sales a month); the market pays {fees}",
    ),
    "service_fee_high_for_size": (
        "服务费 {value}/月，对{size}项目（月销售额 {sales}）来说偏高：小项目通常只做基础维护；市场价 {fees}",
        "service fee of {value} a month is high for a {size} project ({sales} sales a month), "
        "which usually gets maintenance only; the market pays {fees}",
    ),
    "hidden_fees_monthly": (
        "报价之外的隐藏费用：{detail}，每月 {value}",
        "hidden fees beyond the headline quote: {detail}, {value} a month",
    ),
    "hidden_fees_one_off": (
        "报价之外的一次性隐藏费用：{detail}，共 {value}",
        "one-off hidden fees beyond the headline quote: {detail}, {value} in all",
    ),
    "seats_short": (
        "只承诺 {value} 个坐席，高峰每天 {peak} 条咨询需要 {low} 个（每个坐席约 {per_seat} 条/天）",
        "commits {value} seat(s); a peak of {peak} inquiries a day needs {low} "
        "(about {per_seat} a day per seat)",
    ),
    "agents_short": (
        "只承诺 {value} 名客服，每天覆盖 {hours} 小时需要 {low} 名（每个坐席 {shifts} 班）",
        "commits {value} agent(s); covering {hours} hours a day needs {low} "
        "({shifts} shifts per seat)",
    ),
    "staffing_not_stated": (
        "报价没有写明提供几个坐席、几名客服，请对方书面承诺",
        "the quote does not say how many seats or agents you get; ask for it in writing",
    ),
}


def flag_text(flag: costs.Flag, lang: Lang, prof: ShopProfile, mk: Market) -> str:
    """The flag as one sentence in `lang`, with the figures it was compared with."""
    code = flag.code
    if code == "service_fee_unrealistic_for_size":
        too_low = flag.low is not None and flag.value is not None and flag.value < flag.low
        code = "service_fee_low_for_size" if too_low else "service_fee_high_for_size"
    zh, en = _FLAG_TEXT[code]

    def fmt(x: Decimal | None) -> str:
        if x is None:
            return ""
        if flag.unit == "rate":
            return money.rate(x, lang)
        if flag.unit == "count":
            return money.number(x, lang)
        return money.money(x, lang, whole=True)

    need = costs.needs(prof, mk)
    return (zh if lang == "zh" else en).format(
        value=fmt(flag.value),
        low=fmt(flag.low),
        high=fmt(flag.high),
        detail=flag.detail,
        size=label(SIZE_LABELS, flag.detail, lang),
        sales=money.money(prof.monthly_sales, lang, whole=True),
        fees=_fee_range(flag.low, flag.high, lang),
        peak=money.number(prof.daily_inquiries_peak, lang),
        per_seat=money.number(mk.staffing.inquiries_per_seat_day, lang),
        hours=money.number(prof.coverage_hours, lang),
        shifts=need.shifts,
    )


def _fee_range(low: Decimal | None, high: Decimal | None, lang: Lang) -> str:
    lo = money.money(low, lang, whole=True)
    hi = money.money(high, lang, whole=True)
    if low is not None and high is not None:
        return f"{lo}-{hi}"
    if low is not None:
        return f"至少 {lo}" if lang == "zh" else f"at least {lo}"
    return f"不超过 {hi}" if lang == "zh" else f"at most {hi}"


# --- demo ----------------------------------------------------------------------------------------


def load_demo_quotes(store: Store) -> int:
    """Give demo vendors their quotes and the database a default profile, where missing.

    Reads checklists/demo/quotes.toml; idempotent. Returns how many quotes were stored.
    """
    path = checklists_dir() / "demo" / "quotes.toml"
    demo = load_structured(path)
    added = 0
    with store.atomic():
        if get_profile(store) is None and "profile" in demo:
            set_profile(store, load_profile_file(path.parent / demo["profile"]))
        for name, file in demo.get("quotes", {}).items():
            v = store.find_vendor(name)
            if v is None or quote_store.get_quote(store, v["id"]) is not None:
                continue
            set_quote(store, v["id"], load_quote_file(path.parent / file))
            added += 1
    return added
