"""`vendorcheck evidence add | list | show | export`: files that back a vendor's answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.cli.output import emit_json, emit_table, format_option
from vendorcheck.cli.stdio import is_stdio, shown, writing
from vendorcheck.core.evidence import KINDS


@cli.group("evidence")
def evidence_group() -> None:
    """Evidence files (licences, certificates, KPI screenshots...), kept in the archive and
    sealed with the vendor's next final assessment. 证据文件（执照、证书、KPI 截图等），
    存入档案，并随服务商下一次定稿一起封存。"""


def _expiry(obj: Ctx, r: dict[str, Any]) -> str:
    state = r.get("expiry") or ""
    if state == "expired":
        return obj.t(f"{r['expires']} 已过期", f"{r['expires']} EXPIRED")
    if state == "expiring":
        return obj.t(f"{r['expires']} 即将到期", f"{r['expires']} expiring")
    return r.get("expires") or ""


@evidence_group.command("add")
@click.argument("vendor")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--kind",
    required=True,
    metavar="|".join(KINDS),
    help="What the file is. 文件类别。",
)
@click.option(
    "--question", default=None, metavar="ID", help="The question it backs. 对应的问题编号。"
)
@click.option("--issued", default=None, metavar="YYYY-MM-DD", help="Date issued. 签发日期。")
@click.option("--expires", default=None, metavar="YYYY-MM-DD", help="Expiry date. 到期日期。")
@click.option("--note", default="", help="A note. 备注。")
@click.option("--by", default=None, help="Who adds it (default: your login name). 添加人。")
@format_option("table", "json")
@pass_ctx
def add_cmd(
    obj: Ctx,
    vendor: str,
    file: Path,
    kind: str,
    question: str | None,
    issued: str | None,
    expires: str | None,
    note: str,
    by: str | None,
    fmt: str,
) -> None:
    """Store FILE's bytes for VENDOR (at most 10 MB, VENDORCHECK_EVIDENCE_MAX_MB; 1 GB per
    archive, VENDORCHECK_EVIDENCE_ARCHIVE_MB). 为服务商存入文件（单个上限 10 MB，档案合计 1 GB）。"""
    from vendorcheck.services import evidence

    row = evidence.add(
        obj.store,
        vendor,
        file,
        kind=kind,
        question=question,
        issued=issued,
        expires=expires,
        note=note,
        by=by,
    )
    if fmt == "json":
        emit_json(row)
        return
    click.echo(
        obj.t(
            f"已存入证据 {row['id'][:8]}：{row['name']}（{row['size']} 字节，SHA-256 "
            f"{row['sha256'][:12]}），将随下一次定稿封存。",
            f"stored evidence {row['id'][:8]}: {row['name']} ({row['size']} bytes, SHA-256 "
            f"{row['sha256'][:12]}); it is sealed with the next final assessment.",
        )
    )


@evidence_group.command("list")
@click.argument("vendor")
@format_option("table", "json")
@pass_ctx
def list_cmd(obj: Ctx, vendor: str, fmt: str) -> None:
    """VENDOR's evidence files, oldest first. 列出服务商的证据文件。"""
    from vendorcheck.services import evidence

    rows = evidence.list_for(obj.store, vendor)
    if fmt == "json":
        emit_json(rows)
        return
    emit_table(
        [
            obj.t("编号", "id"),
            obj.t("文件", "file"),
            obj.t("类别", "kind"),
            obj.t("问题", "question"),
            "SHA-256",
            obj.t("到期", "expires"),
            obj.t("封存", "sealed"),
        ],
        [
            [
                r["id"][:8],
                r["name"],
                evidence.kind_label(r["kind"], obj.lang),
                r["question_id"] or "",
                r["sha256"][:12],
                _expiry(obj, r),
                obj.t("是", "yes") if r["sealed"] else "",
            ]
            for r in rows
        ],
    )


@evidence_group.command("show")
@click.argument("ident", metavar="ID")
@format_option("table", "json")
@pass_ctx
def show_cmd(obj: Ctx, ident: str, fmt: str) -> None:
    """One evidence file's details (never its content). 显示证据文件的信息（不显示内容）。"""
    from vendorcheck.services import evidence

    r = evidence.get(obj.store, ident)
    if fmt == "json":
        emit_json(r)
        return
    fields = [
        (obj.t("编号", "id"), r["id"]),
        (obj.t("服务商", "vendor"), r["vendor"]),
        (obj.t("文件", "file"), r["name"]),
        (obj.t("类别", "kind"), evidence.kind_label(r["kind"], obj.lang)),
        (obj.t("问题", "question"), r["question_id"] or ""),
        (obj.t("类型", "type"), r["media_type"]),
        (
            obj.t("可预览", "previewable"),
            obj.t("是", "yes") if r["previewable"] else obj.t("否", "no"),
        ),
        (obj.t("大小（字节）", "size (bytes)"), r["size"]),
        ("SHA-256", r["sha256"]),
        (obj.t("签发", "issued"), r["issued"] or ""),
        (obj.t("到期", "expires"), _expiry(obj, r)),
        (obj.t("备注", "note"), r["note"]),
        (obj.t("添加人", "added by"), r["added_by"]),
        (obj.t("添加时间", "added at"), r["added_at"]),
        (obj.t("封存于评估", "sealed in"), r["assessment_id"] or obj.t("未封存", "not yet")),
    ]
    emit_table([obj.t("字段", "field"), obj.t("值", "value")], fields)


@evidence_group.command("export")
@click.argument("ident", metavar="ID")
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the file's bytes (- is stdout, when not a terminal). 输出文件（- 为标准输出）。",
)
@pass_ctx
def export_cmd(obj: Ctx, ident: str, out: Path) -> None:
    """Write an evidence file back, byte for byte. 原样导出证据文件。"""
    from vendorcheck.services import evidence

    with writing(out, binary=True) as target:
        r = evidence.export(obj.store, ident, target)
    where = shown(out, output=True)
    click.echo(
        obj.t(f"已写出 {where}（{r['size']} 字节）", f"wrote {where} ({r['size']} bytes)"),
        err=is_stdio(out),
    )
