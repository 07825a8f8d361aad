"""The cost comparison in words: flag messages (checklists/market/flags.toml) and the in-house note.

One wording for the CLI table, the terminal app and the reports: each reads the sentences that
services.costing.cost_json puts in its rows, so a flag or a break-even reads the same everywhere.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from vendorcheck.core import costs
from vendorcheck.core.errors import Lang, UserError
from vendorcheck.core.market import Market
from vendorcheck.core.quotes import ShopProfile
from vendorcheck.paths import checklists_dir
from vendorcheck.services.catalog import read_text
from vendorcheck.view import money
from vendorcheck.view.costs import operations_line
from vendorcheck.view.labels import label

MODEL_LABELS: dict[str, tuple[str, str]] = {
    "day_rate": ("按天计费", "day rate"),
    "shift_plus_commission": ("班次费 + 提成", "shift fee + commission"),
    "base_plus_commission": ("底薪 + 提成", "base + commission"),
    "fixed_per_seat": ("固定坐席费", "fixed per seat"),
    "tiered_by_inquiries": ("按咨询量阶梯", "tiered by inquiries"),
    "per_inquiry": ("按咨询量单价", "per inquiry"),
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


def flags_path() -> Path:
    return checklists_dir() / "market" / "flags.toml"


@cache
def flag_texts() -> dict[str, tuple[str, str]]:
    """code -> (zh, en) from flags.toml; a missing or malformed entry is the file's error."""
    path = flags_path()
    try:
        data = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"not valid TOML: {e}", f"不是合法的 TOML：{e}", where=str(path)) from None
    out: dict[str, tuple[str, str]] = {}
    for code, entry in data.items():
        if not (
            isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("zh", "en"))
        ):
            msg = f"[{code}]: needs zh and en texts"
            raise UserError(msg, f"[{code}]：需要 zh 和 en 两种文字", where=str(path))
        out[code] = (entry["zh"], entry["en"])
    return out


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


def flag_text(flag: costs.Flag, lang: Lang, prof: ShopProfile, mk: Market) -> str:
    """The flag as one sentence in `lang`, with the figures it was compared with."""
    code = flag.code
    if code == "service_fee_unrealistic_for_size":
        too_low = flag.low is not None and flag.value is not None and flag.value < flag.low
        code = "service_fee_low_for_size" if too_low else "service_fee_high_for_size"
    texts = flag_texts()
    if code not in texts:
        path = str(flags_path())
        raise UserError(f"no text for flag {code!r}", f"缺少提示“{code}”的文字", where=path)
    zh, en = texts[code]

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
        fees=fee_range(flag.low, flag.high, lang),
        peak=money.number(prof.daily_inquiries_peak, lang),
        per_seat=money.number(mk.staffing.inquiries_per_seat_day, lang),
        hours=money.number(prof.coverage_hours, lang),
        shifts=need.shifts,
    )


def fee_range(low: Decimal | None, high: Decimal | None, lang: Lang) -> str:
    lo = money.money(low, lang, whole=True)
    hi = money.money(high, lang, whole=True)
    if low is not None and high is not None:
        return f"{lo}-{hi}"
    if low is not None:
        return f"至少 {lo}" if lang == "zh" else f"at least {lo}"
    return f"不超过 {hi}" if lang == "zh" else f"at most {hi}"


def versus_note(c: costs.QuoteCost) -> dict[str, str] | None:
    """Against in-house: up to which sales the vendor is cheaper, or that it never is.

    "Never" is said when the fee that does not depend on sales alone exceeds the baseline: no
    sales level makes it cheaper, at the shop's present inquiry volume and hours.
    """
    ours = "自招" if c.kind == "customer_service" else "自建团队"
    if c.never_cheaper:
        fixed = {lg: money.money(c.fixed_monthly, lg, whole=True) for lg in ("zh", "en")}
        base = {lg: money.money(c.baseline, lg, whole=True) for lg in ("zh", "en")}
        return {
            "zh": f"在目前的咨询量下，无论销售额多少都不会比{ours}便宜："
            f"仅固定费用 {fixed['zh']}/月就超过了{ours}的 {base['zh']}/月",
            "en": f"never cheaper than in-house at these volumes: the fixed fee alone, "
            f"{fixed['en']} a month, exceeds in-house at {base['en']} a month",
        }
    if c.break_even_sales is None:
        return None
    be = {lg: money.money(c.break_even_sales, lg, whole=True) for lg in ("zh", "en")}
    if c.base_share < 1:
        share = {lg: money.rate(c.base_share, lg) for lg in ("zh", "en")}
        return {
            "zh": f"月销售额低于 {be['zh']} 时比{ours}便宜（含提成，按 {share['zh']} 经客服成交计）",
            "en": f"cheaper than in-house while monthly sales stay below {be['en']} "
            f"(commission included, on the {share['en']} of sales closed through agents)",
        }
    return {
        "zh": f"月销售额低于 {be['zh']} 时比{ours}便宜（含提成）",
        "en": f"cheaper than in-house while monthly sales stay below {be['en']} "
        "(commission included)",
    }


# --- the comparison table, shared by `vendorcheck cost` and the terminal app's cost screen ------

HEADERS = (
    ("服务商", "vendor"),
    ("计费方式", "fee model"),
    ("月成本", "monthly"),
    ("年成本", "annual"),
    ("每条咨询", "per inquiry"),
    ("坐席", "seats"),
    ("客服", "agents"),
    ("人手", "staffing"),
    ("对比自建", "vs in-house"),
)


def _t(lang: Lang, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _whole(x: float | None, lang: Lang) -> str:
    return money.money(x, lang, whole=True)


def profile_line(p: dict[str, Any], lang: Lang) -> str:
    sales = _whole(p["monthly_sales"], lang)
    avg = money.number(p["daily_inquiries_avg"], lang)
    peak = money.number(p["daily_inquiries_peak"], lang)
    hours = money.number(p["coverage_hours"], lang)
    return _t(
        lang,
        f"月销售额 {sales}，日均咨询 {avg} 条（高峰 {peak}），每天覆盖 {hours} 小时",
        f"Sales {sales} a month, {avg} inquiries a day (peak {peak}), {hours} hours a day covered",
    )


def _kinds(data: dict[str, Any]) -> set[str]:
    """The kinds of quote compared (customer service when there is none yet)."""
    return {v["kind"] for v in data["vendors"]} or {"customer_service"}


def title(data: dict[str, Any], lang: Lang) -> str:
    need = data["needs"]
    if "customer_service" not in _kinds(data):  # 代运营 only: seats and agents are beside the point
        return profile_line(data["profile"], lang)
    return profile_line(data["profile"], lang) + _t(
        lang,
        f"：需要 {need['seats']} 个坐席、{need['agents']} 名客服",
        f": needs {need['seats']} seat(s), {need['agents']} agents",
    )


def table(data: dict[str, Any], lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Headers and rows: each vendor, then the in-house baselines its quotes are compared with."""
    headers = [_t(lang, zh, en) for zh, en in HEADERS]
    rows = [vendor_cells(v, lang) for v in data["vendors"]]
    return headers, rows + baseline_rows(data, lang)


def vendor_cells(v: dict[str, Any], lang: Lang) -> list[str]:
    def staffing(have: int | None, needed: int | None) -> str:
        return "—" if needed is None else f"{'?' if have is None else have}/{needed}"

    ok = v["staffing_ok"]
    if v["kind"] == "store_operation":
        enough = ""
    elif ok is None:
        enough = _t(lang, "未写明", "not stated")
    else:
        enough = _t(lang, "够", "enough") if ok else _t(lang, "不足", "short")
    return [
        v["vendor"],
        label(MODEL_LABELS, v["model"], lang),
        _whole(v["monthly_cost"], lang),
        _whole(v["annual_cost"], lang),
        money.money(v["cost_per_inquiry"], lang),
        staffing(v["seats_committed"], v["seats_needed"]),
        staffing(v["agents_committed"], v["agents_needed"]),
        enough,
        versus(v["vs_in_house_monthly"], lang),
    ]


def versus(diff: float, lang: Lang) -> str:
    if diff < 0:
        return _t(lang, f"省 {_whole(-diff, lang)}", f"saves {_whole(-diff, lang)}")
    if diff > 0:
        return _t(lang, f"多 {_whole(diff, lang)}", f"{_whole(diff, lang)} more")
    return _t(lang, "持平", "same")


def baseline_rows(data: dict[str, Any], lang: Lang) -> list[list[str]]:
    """In-house agents for customer-service quotes, an operations team for 代运营 ones."""
    kinds = _kinds(data)
    rows: list[list[str]] = []
    if "customer_service" in kinds:
        base, need = data["in_house"], data["needs"]
        rows.append(
            [
                _t(lang, f"自招 {base['agents']} 名客服", f"In-house, {base['agents']} agents"),
                _t(lang, "工资 + 开销 + 流失", "salary + overhead + turnover"),
                _whole(base["monthly_cost"], lang),
                _whole(base["annual_cost"], lang),
                money.money(base["cost_per_inquiry"], lang),
                "",
                f"{base['agents']}/{need['agents']}",
                "",
                "",
            ]
        )
    if "store_operation" in kinds:
        ops = data["in_house_operations"]
        rows.append(
            [
                _t(
                    lang,
                    f"自建运营团队 {ops['people']} 人",
                    f"In-house team, {ops['people']} people",
                ),
                _t(lang, "岗位工资 + 开销（假设）", "salaries + overhead (assumed)"),
                _whole(ops["monthly_cost"], lang),
                _whole(ops["annual_cost"], lang),
                "",
                "—",
                "—",
                "",
                "",
            ]
        )
    return rows


def footnotes(data: dict[str, Any], lang: Lang) -> list[str]:
    per_seat = money.number(data["market"]["inquiries_per_seat_day"], lang)
    base = data["in_house"]
    kinds = _kinds(data)
    lines = (
        []
        if "customer_service" not in kinds
        else [
            _t(
                lang,
                f"坐席、客服两列：承诺数/需要数（每个坐席高峰约可接待 {per_seat} 条咨询/天）",
                f"seats and agents: committed/needed (one seat handles about {per_seat} inquiries "
                "a day at peak)",
            ),
            _t(
                lang,
                f"自招：工资 {_whole(base['salary_monthly'], lang)} + 办公/设备/社保 "
                f"{_whole(base['overhead_monthly'], lang)} + 流失后招聘培训 "
                f"{_whole(base['turnover_monthly'], lang)} 每月",
                f"In-house: salary {_whole(base['salary_monthly'], lang)} + office/equipment/insurance "
                f"{_whole(base['overhead_monthly'], lang)} + rehiring and training "
                f"{_whole(base['turnover_monthly'], lang)} a month",
            ),
        ]
    )
    if "store_operation" in kinds:
        lines.append(operations_line(data["in_house_operations"], lang))
    return lines


def vendor_lines(v: dict[str, Any], lang: Lang) -> list[str]:
    """What is said under the table about one vendor: the in-house note, then each flag."""
    lines = [v["vs_in_house_note"][lang]] if v.get("vs_in_house_note") else []
    return lines + [("! " if f["severity"] == "warn" else "· ") + f[lang] for f in v["flags"]]
