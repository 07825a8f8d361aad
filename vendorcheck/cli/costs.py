"""`vendorcheck quote | profile | cost`: enter quotes and the shop profile, compare real costs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.cli.output import emit_json, emit_table, format_option
from vendorcheck.services import cost_text, costing, money
from vendorcheck.store.quotes import DEFAULT_PROFILE

FILE = click.Path(dir_okay=False, path_type=Path)


@cli.group()
def quote() -> None:
    """A vendor's price quote: set from a file, show. 服务商报价。

    \b
    A quote file (TOML or JSON) has `model`, one of:
      day_rate                     100/200/300 a day (temporary / event / holiday agent)
      shift_plus_commission        about 1,500 a month per shift + about 2 % of sales
      base_plus_commission         base_monthly per seat × seats + commission_rate
      fixed_per_seat               seat_monthly × seats (about 4,000 per agent per shift)
      tiered_by_inquiries          [[tiers]] min_daily_inquiries / monthly
      per_inquiry                  unit_price per inquiry (basis = inquiries | buyers_served),
                                   optional minimum_monthly and commission_rate
      commission_only | service_fee | service_fee_then_commission | service_fee_plus_commission
                                   store operation (代运营), compared with an in-house
                                   operations team; service fees run 5,000-50,000 a month
    Rates are fractions (0.02 = 2 %). Examples: checklists/market/examples/.
    """


@quote.command("set")
@click.argument("vendor")
@click.option(
    "--file", "file", type=FILE, required=True, help="Quote file (.toml/.json). 报价文件。"
)
@pass_ctx
def quote_set(obj: Ctx, vendor: str, file: Path) -> None:
    """Store VENDOR's quote, replacing the previous one. 录入服务商报价。"""
    q = costing.load_quote_file(file)
    costing.set_quote(obj.store, vendor, q)
    click.echo(
        obj.t(
            f"已保存“{vendor}”的报价（{costing.model_label(q.model, 'zh')}）",
            f"Saved the quote of {vendor} ({costing.model_label(q.model, 'en')})",
        )
    )


@quote.command("show")
@click.argument("vendor")
@format_option("table", "json")
@pass_ctx
def quote_show(obj: Ctx, vendor: str, fmt: str) -> None:
    """Show VENDOR's stored quote. 显示服务商报价。"""
    data = costing.quote_json(obj.store, vendor)
    if fmt == "json":
        emit_json(data)
        return
    q = data["quote"]
    click.echo(f"{data['vendor']} — {costing.model_label(q['model'], obj.lang)}")
    for key, value in q.items():
        if key in ("model", "extra_fees", "tiers") or value in ("", None):
            continue
        click.echo(f"  {key} = {_show(key, value, obj)}")
    for t in q.get("tiers", []):
        click.echo(
            f"  {obj.t('日均咨询', 'daily inquiries')} ≥ {t['min_daily_inquiries']}: "
            f"{money.money(t['monthly'], obj.lang)}"
        )
    for f in q.get("extra_fees", []):
        hidden = obj.t("（隐藏）", " (hidden)") if f.get("hidden") else ""
        click.echo(
            f"  + {f['name']}{hidden}{obj.t('：', ': ')}{money.money(f.get('monthly', 0), obj.lang)}"
            f"{obj.t('/月', '/month')}, {obj.t('一次性', 'one-off')} "
            f"{money.money(f.get('one_off', 0), obj.lang)}"
        )
    click.echo(obj.t(f"  （录入于 {data['set_at']}）", f"  (set {data['set_at']})"))


def _show(key: str, value: Any, obj: Ctx) -> str:
    if key.endswith("_rate") and key.startswith("commission") and isinstance(value, int | float):
        return money.rate(value, obj.lang)
    if key.endswith(("_monthly", "_rate", "unit_price")) and isinstance(value, int | float):
        return money.money(value, obj.lang)
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


@cli.group()
def profile() -> None:
    """Your shop profile: sales, inquiries, hours. 店铺档案。

    \b
    A profile file (TOML or JSON) has at least:
      monthly_sales          sales a month, yuan
      daily_inquiries_avg    average inquiries a day
      daily_inquiries_peak   inquiries on the busiest days (one seat handles about 600)
      coverage_hours         hours a day to cover (15-16 h takes 2 agents per seat)
    and optionally split_presales_aftersales, promotion_days_per_month, agent_sales_share,
    an [in_house] table (agents, salary_monthly, overhead_monthly_per_agent,
    turnover_rate_annual, replacement_cost) and an [in_house_operations] table (roles.ID.count,
    roles.ID.salary_monthly for operations, design, promotion or your own; overhead_monthly_per_person).
    agent_sales_share: share of sales closed through the agents (客服询单销售额), the base of
    customer-service commission; default 1.0 (every sale), which never understates the cost.
    agent_sales_share：经客服成交的销售额占比，是客服提成的计算基数；默认 1.0（按全店销售额），
    这样算出的成本只会偏高、不会偏低。代运营的提成按全店销售额计，不受它影响。
    """


@profile.command("set")
@click.option("--file", "file", type=FILE, required=True, help="Profile file. 档案文件。")
@click.option("--name", default=DEFAULT_PROFILE, show_default=True, help="Profile name. 档案名。")
@pass_ctx
def profile_set(obj: Ctx, file: Path, name: str) -> None:
    """Store the shop profile used by `cost`. 保存店铺档案。"""
    costing.set_profile(obj.store, costing.load_profile_file(file), name)
    click.echo(obj.t(f"已保存店铺档案“{name}”", f"Saved shop profile {name!r}"))


@profile.command("show")
@click.option("--name", default=DEFAULT_PROFILE, show_default=True, help="Profile name. 档案名。")
@format_option("table", "json")
@pass_ctx
def profile_show(obj: Ctx, name: str, fmt: str) -> None:
    """Show the stored shop profile. 显示店铺档案。"""
    from vendorcheck.core.quotes import profile_data

    data = profile_data(costing.require_profile(obj.store, name))
    if fmt == "json":
        emit_json(data)
        return
    click.echo(cost_text.profile_line(data, obj.lang))
    for key, value in data.items():
        click.echo(f"  {key} = {json.dumps(value, ensure_ascii=False)}")


@cli.command()
@click.argument("vendors", nargs=-1)
@click.option(
    "--profile",
    "profile_file",
    type=FILE,
    default=None,
    help="Shop profile file; default: the stored profile. 店铺档案文件。",
)
@format_option("table", "json")
@pass_ctx
def cost(obj: Ctx, vendors: tuple[str, ...], profile_file: Path | None, fmt: str) -> None:
    """Monthly cost, staffing and market check of quotes, against hiring in-house. 成本对比。

    With no VENDOR, every vendor with a quote is compared.
    """
    prof = costing.load_profile_file(profile_file) if profile_file else None
    data = costing.cost_json(obj.store, vendors, prof)
    if fmt == "json":
        emit_json(data)
        return
    _cost_table(data, obj)


def _cost_table(data: dict[str, Any], obj: Ctx) -> None:
    headers, rows = cost_text.table(data, obj.lang)
    emit_table(
        headers,
        rows,
        title=cost_text.title(data, obj.lang),
        justify=["left", "left", "right", "right", "right", "center", "center", "left", "right"],
    )
    for line in cost_text.footnotes(data, obj.lang):
        click.echo(line)
    for v in data["vendors"]:
        lines = cost_text.vendor_lines(v, obj.lang)
        if lines:
            click.echo(f"\n{v['vendor']}")
            for line in lines:
                click.echo(f"  {line}")
