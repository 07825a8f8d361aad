"""`vendorcheck report` (PDF, HTML, Markdown, JSON) and `vendorcheck doctor` (can this machine?)."""

from __future__ import annotations

from pathlib import Path

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.cli.stdio import is_stdio, shown, writing
from vendorcheck.core.errors import UserError


@cli.command()
@click.argument("vendors", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Output file; .pdf, .html, .md or .json picks the format; - writes to stdout (with"
    " --format). 输出文件，扩展名决定格式；- 表示标准输出（需 --format）。",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "html", "md", "json"]),
    default=None,
    help="Format of -o - (stdout); a PDF only when stdout is not a terminal. -o - 时的格式。",
)
@click.option(
    "--lang",
    "report_lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of the report (default: the global --lang). 报告语言（默认同全局 --lang）。",
)
@click.option("--client", default="", help="Client named on the cover. 封面上的委托方。")
@click.option(
    "--brand",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Branding TOML: organisation, logo, accent, footer "
    "(see reports/branding.example.toml). 品牌设置文件。",
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of your own report partials (e.g. _sign_off.html.j2), used before the shipped"
    " ones; default: the templates folder beside config.toml. 自定义报告模板文件夹（如"
    " _sign_off.html.j2），优先于内置模板；默认为 config.toml 旁的 templates 文件夹。",
)
@pass_ctx
def report(
    obj: Ctx,
    vendors: tuple[str, ...],
    out: Path,
    fmt: str | None,
    report_lang: str | None,
    client: str,
    brand: Path | None,
    templates: Path | None,
) -> None:
    """Write a client report: one VENDOR gives an assessment, 2-8 a comparison.

    生成给客户的报告：一个服务商为评估报告，2 到 8 个为对比报告。

    \b
    Example / 示例:
      vendorcheck report 杭州云帆客服外包有限公司 速达电商服务工作室 \\
        -o 对比报告.pdf --lang zh --client 某某旗舰店 --brand branding.toml
    """
    from vendorcheck.services import reporting

    lang = report_lang or obj.lang
    if is_stdio(out) and fmt is None:
        raise UserError(
            "-o - writes to stdout: say which format with --format pdf|html|md|json",
            "-o - 表示写到标准输出：请用 --format pdf|html|md|json 指定格式",
            where="--format",
        )
    with writing(out, suffix=f".{fmt}", binary=fmt == "pdf") as target:
        reporting.format_of(target)  # a bad extension fails before any work
        branding = reporting.load_brand(brand) if brand is not None else None
        data = reporting.build_report(obj.store, list(vendors), lang, client, branding)  # type: ignore[arg-type]
        written = reporting.write_report(
            data,
            target,
            notify=lambda zh, en: click.echo(zh if lang == "zh" else en, err=True),
            templates=templates,
        )
    where = shown(out, output=True) if is_stdio(out) else written
    click.echo(obj.t(f"已写入 {where}", f"Wrote {where}"), err=is_stdio(out))


@cli.command()
@pass_ctx
def doctor(obj: Ctx) -> None:
    """Check that this machine can render reports. 检查本机能否生成报告。

    Exit status 1 when something required is missing. 缺少必需组件时退出码为 1。
    """
    from rich.cells import cell_len  # display width: a hanzi takes two columns

    from vendorcheck.services import diagnostics

    checks = diagnostics.run_checks(obj.db_path)
    width = max(cell_len(c.name(obj.lang)) for c in checks)
    for c in checks:
        mark = "ok " if c.ok else ("!! " if c.required else "-- ")
        name = c.name(obj.lang)
        click.echo(f"{mark} {name}{' ' * (width - cell_len(name))}  {c.detail(obj.lang)}")
    missing = [c for c in checks if c.required and not c.ok]
    if missing:
        click.echo(
            obj.t(
                "缺少必需组件；在 Debian/Ubuntu 上运行 scripts/setup.sh 可一次装齐。",
                "Something required is missing; on Debian/Ubuntu scripts/setup.sh installs it all.",
            ),
            err=True,
        )
        click.get_current_context().exit(1)
    click.echo(obj.t("一切就绪，可以生成报告。", "All set: reports can be rendered."))
