"""`vendorcheck serve`: browse the archive in Datasette (optional extra `vendorcheck[serve]`).

Bound to 127.0.0.1 only. The file is served as a *mutable* database, which Datasette reads
through `mode=ro` connections: it sees answers and imports written while it runs (WAL), and
HTTP users can only run SELECT. `--immutable` was not chosen: it ignores the WAL, so recent
writes would be missing, and it assumes the file never changes while the app keeps writing it.
"""

from __future__ import annotations

import json
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.core.errors import UserError

DEFAULT_PORT = 8017
HOST = "127.0.0.1"


def metadata(db_name: str, months: int) -> dict[str, Any]:
    """The shipped metadata.yaml, keyed to this database and the re-assessment interval."""
    import yaml

    text = resources.files("vendorcheck").joinpath("serve_metadata.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text.replace("{months}", str(months)))
    data["databases"] = {db_name: data["databases"]["archive"]}
    return data


@cli.command()
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port on 127.0.0.1. 端口（仅本机访问）。",
)
@pass_ctx
def serve(obj: Ctx, port: int) -> None:
    """Browse the archive read-only in Datasette at http://127.0.0.1:PORT/.
    在浏览器中只读浏览档案（Datasette，仅本机）。"""
    try:
        import datasette
    except ImportError:
        raise UserError(
            "Datasette is not installed; run: pip install 'vendorcheck[serve]'",
            "未安装 Datasette；请运行：pip install 'vendorcheck[serve]'",
            where="serve",
        ) from None
    from vendorcheck.services import archive

    archive.fill_red_flags(obj.store)  # finals from bundles: their red flags for the queries
    db_path = Path(obj.db_path).resolve()
    obj.close()
    meta = metadata(db_path.stem, archive.interval_months())
    with tempfile.TemporaryDirectory(prefix="vendorcheck-serve-") as tmp:
        meta_file = Path(tmp) / "metadata.json"
        meta_file.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        click.echo(
            obj.t(
                f"在 http://{HOST}:{port}/ 浏览档案（只读；Ctrl+C 停止）",
                f"Browse the archive at http://{HOST}:{port}/ (read-only; Ctrl+C stops)",
            ),
            err=True,
        )
        from datasette.cli import cli as datasette

        datasette.main(
            [
                "serve",
                str(db_path),
                "--host",
                HOST,
                "--port",
                str(port),
                "--metadata",
                str(meta_file),
                "--setting",
                "sql_time_limit_ms",
                "3000",
            ],
            prog_name="vendorcheck serve",
            standalone_mode=False,
        )
