"""`vendorcheck todo VENDOR`: what to negotiate before signing, ticked off as it is agreed."""

from __future__ import annotations

from pathlib import Path

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.cli.output import emit_json, emit_table, format_option
from vendorcheck.cli.stdio import is_stdio, shown, writing


@cli.command("todo")
@click.argument("vendor")
@format_option("table", "json", "md")
@click.option(
    "--agree",
    "agree",
    multiple=True,
    metavar="ITEM_ID",
    help="Tick an item off as agreed (repeatable). 标记为已谈妥。",
)
@click.option(
    "--reopen",
    "reopen",
    multiple=True,
    metavar="ITEM_ID",
    help="Untick an agreed item. 取消已谈妥标记。",
)
@click.option("--by", "by", default="", help="Who agreed it (default: your login name). 由谁确认。")
@click.option(
    "--rider",
    "rider",
    type=click.Path(path_type=Path),
    help="Write the contract rider draft: .md or .docx (- writes Markdown to stdout). "
    "写出补充协议草稿（.md 或 .docx；- 输出 Markdown 到标准输出）。",
)
@pass_ctx
def todo_cmd(
    obj: Ctx,
    vendor: str,
    fmt: str,
    agree: tuple[str, ...],
    reopen: tuple[str, ...],
    by: str,
    rider: Path | None,
) -> None:
    """The negotiation to-do list from VENDOR's latest assessment. 根据最新评估列出签约前的谈判待办。

    Every red flag, cap, weak answer, unverified deal-breaker, missing protection and risky
    clause becomes an item: what to ask for, why, how urgent, and the clause wording to add or
    strike. 每条写明要求什么、为什么、轻重缓急，以及建议增加或删除的条款。
    """
    from vendorcheck.services import todo

    store = obj.store
    if agree:
        todo.set_agreed(store, vendor, list(agree), agreed=True, by=by)
    if reopen:
        todo.set_agreed(store, vendor, list(reopen), agreed=False)
    v, items = todo.items_for(store, vendor)
    if rider is not None:
        with writing(rider, suffix=".md") as target:
            n = todo.write_rider(target, v["name"], items)
        where = shown(rider, output=True)
        click.echo(
            obj.t(
                f"补充协议草案已写入 {where}（{n} 条）",
                f"rider draft written to {where} ({n} articles)",
            ),
            err=fmt == "json" or is_stdio(rider),
        )
        if is_stdio(rider):
            return  # stdout carries the rider alone
    if fmt == "json":
        emit_json(items)
        return
    if fmt == "md":
        click.echo(todo.markdown(v["name"], items, obj.lang))
        return
    L = obj.lang
    rows = [
        (
            "✓" if i["agreed"] else "",
            i["id"],
            todo.PRIORITY_LABEL[i["priority"]][0 if L == "zh" else 1],
            i["text"][L],
            obj.t("有", "yes") if i["wording"] else "",
        )
        for i in items
    ]
    emit_table(
        [
            obj.t("已谈妥", "agreed"),
            obj.t("编号", "id"),
            obj.t("优先级", "priority"),
            obj.t("要求", "ask for"),
            obj.t("条款", "wording"),
        ],
        rows,
    )
    done = sum(1 for i in items if i["agreed"])
    click.echo(
        obj.t(f"共 {len(items)} 项，已谈妥 {done} 项。", f"{len(items)} items, {done} agreed.")
    )
