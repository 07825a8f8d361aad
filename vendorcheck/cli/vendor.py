"""`vendorcheck vendor ...`: add, list, show, delete."""

from __future__ import annotations

import sys

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.cli.output import emit_csv, emit_json, emit_table, format_option
from vendorcheck.services import assessing, vendors
from vendorcheck.services.labels import grade_text, score_text, verdict_label


@cli.group()
def vendor() -> None:
    """Vendors: add, list, show, delete. 服务商。"""


@vendor.command()
@click.argument("name")
@click.option(
    "--credit-code",
    default="",
    help="Unified social credit code (18 characters). 统一社会信用代码。",
)
@click.option(
    "--service",
    "services",
    multiple=True,
    type=click.Choice(assessing.SERVICES),
    help="What it would do for you (repeatable). 服务类型。",
)
@click.option(
    "--platform",
    "platforms",
    multiple=True,
    type=click.Choice(assessing.PLATFORMS),
    help="Platforms it works on (repeatable). 平台。",
)
@click.option("--contact", default="", help="Contact person or channel. 联系方式。")
@click.option("--notes", default="", help="Free notes. 备注。")
@pass_ctx
def add(
    obj: Ctx,
    name: str,
    credit_code: str,
    services: tuple[str, ...],
    platforms: tuple[str, ...],
    contact: str,
    notes: str,
) -> None:
    """Add a vendor. 添加服务商。"""
    assessing.add_vendor(
        obj.store,
        name,
        credit_code=credit_code,
        services=services,
        platforms=platforms,
        contact=contact,
        notes=notes,
    )
    click.echo(obj.t(f"已添加服务商：{name}", f"Added vendor: {name}"))


@vendor.command("list")
@format_option("table", "json", "csv")
@pass_ctx
def list_(obj: Ctx, fmt: str) -> None:
    """List vendors with their latest score. 列出服务商及最新评分。"""
    # The table and CSV read only the columns they show (issue 20: at 10,000 vendors the
    # listing's query and rows take about two thirds of every vendor column, JSON lists decoded).
    rows = vendors.records(obj.store) if fmt == "json" else vendors.listing(obj.store)
    keys = [
        "name",
        "score",
        "grade",
        "verdict",
        "red_flag_count",
        "completeness",
        "status",
        "assessed_at",
    ]
    if fmt == "json":
        emit_json(
            [
                {k: r.get(k) for k in ["id", *keys, "credit_code", "services", "platforms"]}
                for r in rows
            ]
        )
    elif fmt == "csv":
        emit_csv(keys, [[r.get(k) for k in keys] for r in rows])
    else:
        emit_table(
            [
                obj.t("服务商", "vendor"),
                obj.t("得分", "score"),
                obj.t("等级", "grade"),
                obj.t("结论", "verdict"),
                obj.t("红旗", "red flags"),
                obj.t("完成度", "complete"),
                obj.t("评估日期", "assessed"),
            ],
            [
                (
                    r["name"],
                    score_text(r["score"], ""),
                    grade_text(r["grade"], r["verdict"], r["red_flag_count"] or 0)
                    if r["assessment_id"]
                    else "",
                    verdict_label(r["verdict"], obj.lang),
                    r["red_flag_count"] if r["assessment_id"] else "",
                    _pct(r["completeness"]),
                    (r["assessed_at"] or "")[:10],
                )
                for r in rows
            ],
            justify=["left", "right", "center", "left", "right", "right", "left"],
        )


@vendor.command()
@click.argument("name")
@format_option("table", "json")
@pass_ctx
def show(obj: Ctx, name: str, fmt: str) -> None:
    """Show one vendor and its assessments. 显示服务商详情。"""
    v = obj.store.vendor(name)
    history = obj.store.assessments(v["id"])
    if fmt == "json":
        emit_json(v | {"assessments": history})
        return
    click.echo(v["name"])
    for label, key in (
        (obj.t("信用代码", "credit code"), "credit_code"),
        (obj.t("联系", "contact"), "contact"),
        (obj.t("备注", "notes"), "notes"),
    ):
        if v.get(key):
            click.echo(f"  {label}: {v[key]}")
    if v["services"] or v["platforms"]:
        click.echo(
            f"  {obj.t('服务/平台', 'services/platforms')}: {', '.join(v['services'] + v['platforms'])}"
        )
    emit_table(
        [
            obj.t("评估", "assessment"),
            obj.t("状态", "status"),
            obj.t("得分", "score"),
            obj.t("结论", "verdict"),
            obj.t("日期", "date"),
        ],
        [
            (
                a["id"][:8],
                a["status"],
                score_text(a["score"], ""),
                verdict_label(a["verdict"], obj.lang),
                (a["updated_at"] or "")[:10],
            )
            for a in history
        ],
    )


@vendor.command()
@click.argument("name")
@click.option(
    "--purge",
    is_flag=True,
    help="Also delete its final assessments; the purge is recorded permanently. "
    "连同已定稿评估一起清除（清除记录永久保留）。",
)
@click.option("-y", "--yes", is_flag=True, help="Do not ask on a terminal. 不再确认。")
@pass_ctx
def delete(obj: Ctx, name: str, purge: bool, yes: bool) -> None:
    """Delete vendor NAME and its assessments (finals only with --purge).
    删除服务商及其评估（已定稿的需加 --purge）。"""
    if not yes and sys.stdin.isatty():
        v = obj.store.vendor(name)
        question = obj.t(
            f"删除服务商“{v['name']}”及其全部评估？此操作无法撤销。",
            f"Delete {v['name']} and all its assessments? This cannot be undone.",
        )
        if not click.confirm(question, default=False):
            raise click.exceptions.Exit(1)
    gone = vendors.delete_vendor(obj.store, name, purge=purge)
    purged = (
        obj.t(
            f"，清除了 {gone.finals} 份定稿（已永久记录）",
            f"; {gone.finals} finals purged (recorded)",
        )
        if gone.finals
        else ""
    )
    click.echo(
        obj.t(
            f"已删除“{gone.name}”（{gone.assessments} 份评估{purged}）",
            f"Deleted {gone.name} ({gone.assessments} assessments{purged})",
        )
    )


def _pct(v: float | None) -> str:
    return "" if v is None else f"{v:.0%}"
