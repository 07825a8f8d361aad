"""`vendorcheck verify | due | history | search`: the procurement archive."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.cli.output import emit_json, emit_table, format_option
from vendorcheck.services import archive
from vendorcheck.services.labels import grade_text, score_text, verdict_label


@cli.command()
@click.option(
    "--head",
    "expect_head",
    default=None,
    metavar="HASH",
    help="A head printed earlier: check the archive still holds every final up to it. "
    "之前打印的头哈希：核对档案仍包含其之前的全部定稿。",
)
@format_option("table", "json")
@pass_ctx
def verify(obj: Ctx, expect_head: str | None, fmt: str) -> None:
    """Recompute every final assessment's hash and chain link and the archive's head; exit 1
    if anything differs. 重新计算每份定稿评估的哈希、链接与档案头哈希，不一致时以状态 1 退出。"""
    from vendorcheck.services.verify import DETAILS, verify_archive

    result = verify_archive(obj.store, expect_head, _progress(obj))
    problems = result["problems"]
    if fmt == "json":
        emit_json(result)
    else:
        if problems:
            emit_table(
                [obj.t("服务商", "vendor"), obj.t("评估", "assessment"), obj.t("问题", "problem")],
                [
                    [
                        p["vendor"],
                        p["assessment_id"],
                        obj.t(DETAILS[p["problem"]][1], DETAILS[p["problem"]][0]),
                    ]
                    for p in problems
                ],
            )
        else:
            click.echo(
                obj.t(
                    f"全部 {result['finals']} 份定稿评估与签署时一致。",
                    f"Every final assessment ({result['finals']}) matches its hash.",
                )
            )
        click.echo(obj.t(f"档案头哈希 {result['head']}", f"archive head {result['head']}"))
    if problems:
        sys.exit(1)


def _progress(obj: Ctx) -> Callable[[int, int], None] | None:
    """Progress on stderr while verify reads a large archive (a terminal only)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else "\r"
        label = obj.t("核对定稿", "verifying finals")
        click.echo(f"{label} {done:,}/{total:,}", err=True, nl=False)
        click.echo(end, err=True, nl=False)

    return show


@cli.command()
@click.option(
    "--within",
    "within",
    type=int,
    default=30,
    show_default=True,
    metavar="DAYS",
    help="Also list evidence expiring within DAYS. 同时列出 DAYS 天内到期的证据。",
)
@format_option("table", "json")
@pass_ctx
def due(obj: Ctx, within: int, fmt: str) -> None:
    """Vendors due or overdue for re-assessment (every 12 months; VENDORCHECK_REVIEW_MONTHS),
    and evidence expired or expiring within 30 days. 到期或逾期需重新评估的服务商（默认
    12 个月），以及已过期或 30 天内到期的证据。"""
    from vendorcheck.services.evidence import due_items, kind_label

    rows = due_items(obj.store, within)
    if fmt == "json":
        emit_json(rows)
        return
    emit_table(
        [
            obj.t("服务商", "vendor"),
            obj.t("事项", "item"),
            obj.t("上次定稿", "last final"),
            obj.t("到期日", "due"),
            "",
        ],
        [
            [
                r["name"],
                obj.t("复评", "re-assessment")
                if r["type"] == "reassessment"
                else obj.t("证据", "evidence") + f" {kind_label(r['kind'], obj.lang)}: {r['file']}",
                (r.get("last_final_at") or "")[:10],
                r["due_at"],
                _due_mark(obj, r),
            ]
            for r in rows
        ],
    )


def _due_mark(obj: Ctx, r: dict[str, Any]) -> str:
    if r["type"] == "evidence":
        return obj.t("已过期", "expired") if r["overdue"] else obj.t("即将到期", "expiring")
    return obj.t("逾期", "overdue") if r["overdue"] else ""


@cli.command()
@click.argument("vendor_name", metavar="[VENDOR]", required=False)
@format_option("table", "json")
@pass_ctx
def history(obj: Ctx, vendor_name: str | None, fmt: str) -> None:
    """Every final assessment of VENDOR and what changed each time; without VENDOR, each
    vendor's latest final. 服务商的历次定稿评估及变化；不指定服务商则列出各家最新定稿。"""
    if vendor_name is None:
        latest = archive.latest_verdicts(obj.store)
        if fmt == "json":
            emit_json(latest)
            return
        emit_table(
            [
                obj.t("服务商", "vendor"),
                obj.t("定稿日期", "finalized"),
                obj.t("得分", "score"),
                obj.t("等级", "grade"),
                obj.t("结论", "verdict"),
                obj.t("红旗", "red flags"),
            ],
            [
                [
                    r["name"],
                    (r["finalized_at"] or "")[:10],
                    score_text(r["score"], ""),
                    grade_text(r["grade"], r["verdict"], r["red_flag_count"] or 0),
                    verdict_label(r["verdict"], obj.lang),
                    r["red_flag_count"],
                ]
                for r in latest
            ],
        )
        return
    h = archive.history(obj.store, vendor_name)
    if fmt == "json":
        emit_json(h)
        return
    rows = []
    for a in h["assessments"]:
        d = a["diff"] or {}
        change = ""
        if d:
            change = obj.t(
                f"{len(d['moved'])} 项答案变化，新增红旗 {len(d['flags_gained'])}，消除 {len(d['flags_cleared'])}",
                f"{len(d['moved'])} answers moved, +{len(d['flags_gained'])} / -{len(d['flags_cleared'])} red flags",
            )
        rows.append(
            [
                (a["finalized_at"] or "")[:10],
                score_text(a["score"], ""),
                grade_text(a["grade"], a["verdict"], a.get("red_flag_count") or 0),
                verdict_label(a["verdict"], obj.lang),
                change,
            ]
        )
    emit_table(
        [
            obj.t("定稿日期", "finalized"),
            obj.t("得分", "score"),
            obj.t("等级", "grade"),
            obj.t("结论", "verdict"),
            obj.t("变化", "changes"),
        ],
        rows,
        title=h["name"],
    )


@cli.command()
@click.argument("text")
@format_option("table", "json")
@pass_ctx
def search(obj: Ctx, text: str, fmt: str) -> None:
    """Search vendor names, notes and evidence (Chinese too). 搜索服务商名称、备注和证据。"""
    hits = archive.search(obj.store, text)
    if fmt == "json":
        emit_json(hits)
        return
    emit_table(
        [obj.t("服务商", "vendor"), obj.t("字段", "field"), obj.t("摘录", "snippet")],
        [[h["name"], h["field"], h["snippet"]] for h in hits],
    )
