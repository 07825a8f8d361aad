"""`vendorcheck checklist ...`: list, show, validate, and write the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.cli.output import emit_json, emit_table, format_option
from vendorcheck.cli.stdio import is_stdio
from vendorcheck.core.errors import UserError
from vendorcheck.services import catalog


@cli.group()
def checklist() -> None:
    """Checklists: list, show, validate. 评估清单。"""


@checklist.command("list")
@format_option("table", "json")
@pass_ctx
def list_(obj: Ctx, fmt: str) -> None:
    """List the available checklists. 列出可用清单。"""
    items = catalog.available()
    if fmt == "json":
        emit_json(
            [
                catalog.checklist_json(c)
                | {"sections": len(c.sections), "questions": len(c.questions())}
                for c in items
            ]
        )
        return
    emit_table(
        [
            obj.t("编号", "id"),
            obj.t("版本", "version"),
            obj.t("名称", "title"),
            obj.t("问题数", "questions"),
        ],
        [(c.id, c.version, c.title.get(obj.lang), len(c.questions())) for c in items],
    )


@checklist.command()
@click.argument("checklist_id")
@format_option("table", "json")
@pass_ctx
def show(obj: Ctx, checklist_id: str, fmt: str) -> None:
    """Show a checklist's sections and questions. 显示清单内容。"""
    c = catalog.get(checklist_id)
    if fmt == "json":
        emit_json(catalog.checklist_json(c))
        return
    rows = []
    for s in c.sections:
        for q in s.questions:
            # ! a red flag possible, ✗ an answer rules it out, ~ an answer caps it at caution
            flag = "!" if q.has_critical else ("✗" if q.can_reject else "")
            caps = [q.cap, *(o.cap for o in q.options), *(b.cap for b in q.bands)]
            if not flag and any(caps):
                flag = "~"
            when = [*q.platforms, *q.services]
            if q.merchant_only:  # issue 21: left out of the vendor's questionnaire
                when.append(obj.t("仅商家核实", "merchant checks"))
            if q.depends_on is not None:
                when.append(f"{q.depends_on.question}={'/'.join(q.depends_on.values)}")
            rows.append(
                (s.title.get(obj.lang), q.id, q.kind, flag, ", ".join(when), q.prompt.get(obj.lang))
            )
    emit_table(
        [
            obj.t("部分", "section"),
            obj.t("编号", "id"),
            obj.t("类型", "kind"),
            obj.t("关键", "critical"),
            obj.t("适用于", "only when"),
            obj.t("问题", "prompt"),
        ],
        rows,
        title=f"{c.title.get(obj.lang)}  {c.id} {c.version}",
    )


@checklist.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@pass_ctx
def validate(obj: Ctx, files: tuple[Path, ...]) -> None:
    """Check checklist files; the first problem in each is named. 校验清单文件。"""
    failed: list[UserError] = []
    for f in files:
        try:
            c = catalog.load_file(f)
        except UserError as e:
            failed.append(e)
            click.echo(f"✗ {e.text(obj.lang)}", err=True)
        else:
            click.echo(
                f"✓ {f}: {c.id} {c.version}, {len(c.questions())} " + obj.t("个问题", "questions")
            )
    if failed:
        raise click.exceptions.Exit(2)


@checklist.command()
@click.option(
    "-o",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of stdout (- is stdout). 写入文件（- 为标准输出）。",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the checklist format, for editors. 输出清单格式的 JSON Schema。"""
    from vendorcheck.core.models import Checklist

    text = (
        json.dumps(Checklist.model_json_schema(by_alias=True), ensure_ascii=False, indent=2) + "\n"
    )
    if output and not is_stdio(output):
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
