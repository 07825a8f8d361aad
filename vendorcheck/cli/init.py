"""`vendorcheck init [PATH]`: create a database, and its folder, where the user asks for one.

Every other command refuses a `--db` whose folder does not exist (a typo would otherwise
start an empty archive somewhere unexpected); this is the explicit way to start one there.
"""

from __future__ import annotations

from pathlib import Path

import click

from vendorcheck.cli import Ctx, cli, pass_ctx


@cli.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def init(obj: Ctx, path: Path | None) -> None:
    """Create a database at PATH (default: --db), making its folder. 新建数据库（及其文件夹）。"""
    from vendorcheck.store import Store

    target = path or obj.db_path
    existed = target.is_file() and target.stat().st_size > 0
    Store.open(target, create_folder=True).close()
    click.echo(
        obj.t(
            f"数据库已存在，已是最新：{target}",
            f"Already a vendorcheck database, up to date: {target}",
        )
        if existed
        else obj.t(f"已新建数据库：{target}", f"Created a database: {target}")
    )
