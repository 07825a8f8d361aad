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
    Quote,
    ShopProfile,
    profile_data,
    profile_from_data,
    quote_data,
    quote_from_data,
)
from vendorcheck.paths import checklists_dir
from vendorcheck.services.catalog import read_text
from vendorcheck.services.cost_text import MODEL_LABELS, flag_json, versus_note
from vendorcheck.services.files import load_structured
from vendorcheck.store import Store
from vendorcheck.store import quotes as quote_store
from vendorcheck.store.quotes import DEFAULT_PROFILE
from vendorcheck.view import money
from vendorcheck.view.labels import label


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
    if isinstance(quote_payload, Quote):
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
        rows.append(_vendor_row(v["name"], costs.cost(quote, prof, mk), prof, mk))
    inquiries = costs.monthly_inquiries(prof, mk)
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
        "in_house_operations": _operations_json(costs.operations_team(prof, mk)),
    }


def _operations_json(team: costs.OperationsCost) -> dict[str, Any]:
    """The in-house team a 代运营 quote is compared with; salaries are our assumption."""
    return {
        "people": team.people,
        "monthly_cost": _m(team.monthly),
        "annual_cost": _m(team.annual),
        "overhead_monthly": _m(team.overhead_monthly),
        "roles": [
            {
                "id": r.id,
                "zh": r.zh,
                "en": r.en,
                "count": r.count,
                "salary_monthly": _m(r.salary_monthly),
            }
            for r in team.roles
        ],
        "assumption": True,
    }


def _vendor_row(name: str, c: costs.QuoteCost, prof: ShopProfile, mk: Market) -> dict[str, Any]:
    cs = c.kind == "customer_service"  # store operation replaces a team, not seats and agents
    return {
        "vendor": name,
        "model": c.model,
        "kind": c.kind,
        "monthly_cost": _m(c.monthly),
        "annual_cost": _m(c.annual),
        "cost_per_inquiry": _m(c.per_inquiry),
        "one_off_fees": _m(c.one_off),
        "fixed_monthly": _m(c.fixed_monthly),
        "commission_rate": float(c.sales_rate),
        "commission_base_share": float(c.base_share),
        "commission_monthly": _m(c.commission),
        "seats_needed": c.needs.seats if cs else None,
        "seats_committed": c.seats_committed,
        "agents_needed": c.needs.agents if cs else None,
        "agents_committed": c.agents_committed,
        "staffing_ok": c.staffing_ok,
        "in_house_baseline": "agents" if cs else "operations_team",
        "in_house_monthly": _m(c.baseline),
        "vs_in_house_monthly": _m(c.vs_in_house),
        "cheaper_than_in_house": c.vs_in_house < 0,
        "break_even_sales": _m(c.break_even_sales),
        "never_cheaper_than_in_house": c.never_cheaper,
        "vs_in_house_note": versus_note(c),
        "fee_fit": c.fee_fit,
        "flags": [flag_json(f, prof, mk) for f in c.flags],
    }


def _m(x: Decimal | None) -> float | None:
    """Yuan rounded to the fen, as a JSON number (money in JSON is never a string here)."""
    return None if x is None else float(money.cents(x))


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
