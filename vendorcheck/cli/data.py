"""`vendorcheck demo | export | import`: move whole databases' worth of data."""

from __future__ import annotations

import json
from pathlib import Path

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.services import demo as demo_service
from vendorcheck.services import transfer
from vendorcheck.services.files import load_structured


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
@click.option(
    "-o",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of stdout. 写入文件。",
)
@pass_ctx
def export(obj: Ctx, output: Path | None) -> None:
    """Export every vendor, assessment and answer as JSON. 导出全部数据为 JSON。"""
    text = json.dumps(transfer.export_data(obj.store), ensure_ascii=False, indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(obj.t(f"已导出到 {output}", f"Exported to {output}"), err=True)
    else:
        click.echo(text, nl=False)


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@pass_ctx
def import_(obj: Ctx, file: Path) -> None:
    """Import an export file; all or nothing, and what exists is skipped. 导入数据（全部成功或全部不写）。"""
    counts = transfer.import_data(obj.store, load_structured(file), str(file))
    click.echo(", ".join(f"{k}: +{v}" for k, v in counts.items()))
