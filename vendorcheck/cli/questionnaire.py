"""`vendorcheck questionnaire export | import | confirm`: the vendor answers first, the merchant
verifies (issue 21). A thin shell over services.questionnaire."""

from __future__ import annotations

from pathlib import Path

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.cli.stdio import is_stdio, reading, shown, workbook_suffix, writing
from vendorcheck.core.errors import Lang, UserError
from vendorcheck.services.labels import verdict_label


@cli.group()
def questionnaire() -> None:
    """The vendor's questionnaire: export, import, confirm. 服务商问卷：导出、导入、确认。"""


@questionnaire.command("export")
@click.argument("vendor")
@click.option(
    "--checklist",
    "checklist_id",
    default="cs-outsourcing",
    show_default=True,
    help="Checklist id. 清单编号。",
)
@click.option(
    "--lang",
    "qlang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of the questionnaire (default: the output language). 问卷语言。",
)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="FILE.xlsx (Excel) or FILE.html (a form that saves an answers file); - writes to "
    "stdout (with --format). 输出文件（- 为标准输出，需 --format）。",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "html"]),
    default=None,
    help="Format of -o - (stdout); .xlsx only when stdout is not a terminal. -o - 时的格式。",
)
@click.option(
    "--prefill",
    is_flag=True,
    help="Fill in the answers of the open or latest assessment, so the vendor updates only what "
    "changed. 预填上次评估的答案，服务商只需更新有变化的。",
)
@pass_ctx
def export_cmd(
    obj: Ctx,
    vendor: str,
    checklist_id: str,
    qlang: str | None,
    out: Path,
    fmt: str | None,
    prefill: bool,
) -> None:
    """Write VENDOR's questionnaire (questions only the merchant answers are left out).
    导出发给服务商填写的问卷（只能由商家回答的问题不包含在内）。"""
    from vendorcheck.services import questionnaire as svc

    lang: Lang = "zh" if (qlang or obj.lang) == "zh" else "en"
    if is_stdio(out) and fmt is None:
        raise UserError(
            "-o - writes to stdout: say which format with --format xlsx|html",
            "-o - 表示写到标准输出：请用 --format xlsx|html 指定格式",
            where="--format",
        )
    with writing(out, suffix=f".{fmt}", binary=fmt == "xlsx") as target:
        n = svc.export(obj.store, vendor, checklist_id, target, lang=lang, prefill=prefill)
    where = shown(out, output=True)
    click.echo(
        obj.t(
            f"已导出问卷：{where}（{n} 道题）。服务商填好后：vendorcheck questionnaire import {vendor} 文件",
            f"Questionnaire written: {where} ({n} questions). When it comes back: "
            f"vendorcheck questionnaire import {vendor} FILE",
        ),
        err=is_stdio(out),
    )


@questionnaire.command("import")
@click.argument("vendor")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def import_cmd(obj: Ctx, vendor: str, file: Path) -> None:
    """Read VENDOR's filled questionnaire (.xlsx or the form's .json) into its open draft, as
    the vendor's declarations to confirm. 导入服务商填好的问卷，作为待核实的服务商自述。"""
    from vendorcheck.services import questionnaire as svc

    with reading(file, workbook_suffix) as source:
        done = svc.import_file(obj.store, vendor, source)
    click.echo(
        obj.t(
            f"已导入 {done['imported']} 个服务商自述的回答到"
            f"{'新建的' if done['created'] else '未定稿的'}评估 {done['assessment_id']}"
            f"（{done['kept']} 个与你的回答相同，保留为你的回答）",
            f"Imported {done['imported']} vendor-declared answers into the "
            f"{'new' if done['created'] else 'open'} draft {done['assessment_id']} "
            f"({done['kept']} matched your own answers and stay yours)",
        )
    )
    if done["replaced"]:
        click.echo(
            obj.t(
                f"服务商改动了你之前的 {len(done['replaced'])} 个回答，需重新核实：",
                f"The vendor changed {len(done['replaced'])} of your earlier answers; verify them again:",
            )
            + " "
            + ", ".join(done["replaced"])
        )
    click.echo(
        obj.t(
            f"结论：{verdict_label(done['verdict'], 'zh') or '暂无'}。核实后确认："
            f"vendorcheck questionnaire confirm {vendor} [题号...]，或用 assess 重新回答",
            f"Verdict: {verdict_label(done['verdict'], 'en') or 'none yet'}. Once verified, "
            f"confirm: vendorcheck questionnaire confirm {vendor} [ID...], or answer again with assess",
        )
    )


@questionnaire.command("confirm")
@click.argument("vendor")
@click.argument("question_ids", nargs=-1)
@pass_ctx
def confirm_cmd(obj: Ctx, vendor: str, question_ids: tuple[str, ...]) -> None:
    """Confirm VENDOR's unconfirmed answers (all, or the ids given) as your own, once verified.
    确认已核实的待确认答案（全部或指定题号），使其成为你的回答。"""
    from vendorcheck.services import questionnaire as svc

    done = svc.confirm(obj.store, vendor, list(question_ids))
    click.echo(obj.t(f"已确认 {len(done)} 个回答", f"Confirmed {len(done)} answers"))
