"""`vendorcheck demo | export | import`: move whole databases' worth of data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.cli.stdio import is_stdio, reading, shown, structured_suffix, writing
from vendorcheck.core.errors import UserError
from vendorcheck.services import archive, transfer
from vendorcheck.services import demo as demo_service
from vendorcheck.services.files import load_structured, write_atomic


@cli.command()
@pass_ctx
def demo(obj: Ctx) -> None:
    """Load sample vendors and assessments (safe to run twice). 载入演示数据。"""
    added = demo_service.load_demo(obj.store)
    if added:
        click.echo(
            obj.t(f"已载入 {len(added)} 个演示服务商：", f"Loaded {len(added)} demo vendors: ")
            + "、".join(added)
        )
    else:
        click.echo(
            obj.t("演示数据已存在，无需重复载入。", "Demo data is already there; nothing to do.")
        )


@cli.command("export")
@click.argument("vendors", nargs=-1, metavar="[VENDOR]...")
@click.option(
    "-o",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of stdout. 写入文件。",
)
@click.option(
    "--bundle",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write a bundle for the central archive: final assessments only, with their hashes "
    "and checklists. 导出归档包（仅定稿评估，含哈希与清单）。",
)
@click.option(
    "--csv",
    "csv_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write each vendor's latest final score as CSV for Excel (UTF-8 with BOM). "
    "导出各服务商最新定稿得分（CSV，Excel 可直接打开）。",
)
@pass_ctx
def export(
    obj: Ctx,
    vendors: tuple[str, ...],
    output: Path | None,
    bundle: Path | None,
    csv_out: Path | None,
) -> None:
    """Export every vendor, assessment and answer (or VENDORs only) as JSON.
    导出全部数据（或指定服务商）为 JSON。

    A plain export and a bundle are the same format and both import with `vendorcheck import`;
    a bundle holds only final assessments, so drafts stay on the consultant's machine.
    """
    if sum(x is not None for x in (output, bundle, csv_out)) > 1:
        raise UserError(
            "choose one of -o, --bundle and --csv",
            "-o、--bundle、--csv 只能选一个",
            where="export",
        )
    if csv_out is not None:
        headers, rows = archive.latest_scores(obj.store, obj.lang)
        if vendors:
            names = {obj.store.vendor(v)["name"] for v in vendors}
            rows = [r for r in rows if r[0] in names]
        with writing(csv_out) as csv_target:
            write_atomic(csv_target, csv_text(headers, rows), encoding="utf-8-sig")
        where = shown(csv_out, output=True)
        click.echo(
            obj.t(f"已导出 {len(rows)} 行到 {where}", f"Wrote {len(rows)} rows to {where}"),
            err=True,
        )
        return
    data = transfer.export_data(obj.store, vendors or None, finals_only=bundle is not None)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    target = bundle or output
    if target is None or is_stdio(target):
        click.echo(text, nl=False)
        if target is None:
            return
    else:
        write_atomic(target, text)
    n, where = len(data["assessments"]), shown(target, output=True)
    click.echo(
        obj.t(
            f"已导出 {len(data['vendors'])} 个服务商、{n} 份评估到 {where}",
            f"Exported {len(data['vendors'])} vendors and {n} assessments to {where}",
        ),
        err=True,
    )


def csv_text(headers: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)  # Excel's own dialect: CRLF rows, quotes where needed
    w.writerow(headers)
    w.writerows(["" if c is None else c for c in r] for r in rows)
    return buf.getvalue()


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@pass_ctx
def import_(obj: Ctx, file: Path) -> None:
    """Import an export or a bundle: every hash and chain link is checked first; all or nothing,
    what exists is skipped, a conflict stops it. 导入数据或归档包（先校验哈希，全部成功或全部不写）。"""
    with reading(file, structured_suffix) as source:
        payload = load_structured(source)
    counts = transfer.import_data(obj.store, payload, shown(file))
    unchanged = counts.pop("unchanged")
    finalized = counts.pop("finalized")
    line = ", ".join(f"{k}: +{v}" for k, v in counts.items())
    if finalized:
        line += obj.t(f"；{finalized} 份草稿已由包中的定稿取代", f"; {finalized} drafts now final")
    click.echo(
        line + obj.t(f"（{unchanged} 份评估已存在）", f" ({unchanged} assessments already here)")
    )
