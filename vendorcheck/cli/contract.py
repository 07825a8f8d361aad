"""`vendorcheck contract scan FILE`: which protections a vendor's contract has, with quotes."""

from __future__ import annotations

from pathlib import Path

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.cli.output import emit_json, emit_table, format_option

SNIPPET = 60


@cli.group()
def contract() -> None:
    """Read a vendor's contract. 读取服务商的合同。"""


@contract.command("scan")
@click.argument("file", type=click.Path(path_type=Path))
@format_option("table", "json")
@pass_ctx
def scan_cmd(obj: Ctx, file: Path, fmt: str) -> None:
    """Find the protective and risky clauses in FILE (.txt .md .docx .pdf). 查找合同中的保护与风险条款。

    A merchant fears three things (loans against the shop, fraud blamed on the shop, closure
    for the vendor's violations); each finding quotes its sentence so you can check it.
    商家最怕三件事：拿店铺贷款、欺诈黑锅、违规封店；每条结论都附原文，便于核对。
    """
    from vendorcheck.services import contracts

    result = contracts.scan_file(file)
    if fmt == "json":
        emit_json(result.model_dump(mode="json"))
        return
    ps = contracts.patterns()
    L = obj.lang
    p = result.parties
    who = obj.t(
        f"商家：{'、'.join(p.merchant) or '？'}；服务商：{'、'.join(p.vendor) or '？'}",
        f"merchant: {', '.join(p.merchant) or '?'}; vendor: {', '.join(p.vendor) or '?'}",
    )
    if not p.resolved:
        who += obj.t(
            "（合同未写明谁是委托方，按甲方为商家理解，请核对）",
            " (the contract does not say who is the client; assumed 甲方/Party A is the merchant — check)",
        )
    enc = f" [{result.encoding}]" if result.encoding else ""  # how a text file was decoded
    click.echo(f"{result.file}  [{result.language}]{enc}  {who}")
    rows = []
    for c in ps.clauses:
        r = result.clauses[c.id]
        risky = c.kind == "risky"
        if r.status == "present":
            mark = obj.t("⚠ 有", "⚠ present") if risky else obj.t("✓ 有", "✓ present")
        else:
            mark = obj.t("无", "absent") if risky else obj.t("✗ 缺", "✗ missing")
        ev = r.evidence[0] if r.evidence else (r.contradicted[0] if r.contradicted else None)
        snippet = ""
        if ev is not None:
            text = " ".join(ev.text.split())
            text = text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
            snippet = (f"[{ev.article}] " if ev.article else "") + text
            if not r.evidence:
                snippet = obj.t("相反：", "contradicted: ") + snippet
        name = c.name.get(L) if c.name else c.id
        rows.append(
            (
                c.id,
                name,
                obj.t("风险", "risky") if risky else obj.t("保护", "protective"),
                mark,
                snippet,
            )
        )
    emit_table(
        [
            obj.t("编号", "id"),
            obj.t("条款", "clause"),
            obj.t("类型", "kind"),
            obj.t("结果", "status"),
            obj.t("依据（条款号与原文）", "evidence (article, sentence)"),
        ],
        rows,
    )
    missing = [
        c.id
        for c in ps.clauses
        if c.kind == "protective" and result.clauses[c.id].status == "absent"
    ]
    risky = [
        c.id for c in ps.clauses if c.kind == "risky" and result.clauses[c.id].status == "present"
    ]
    click.echo(
        obj.t(
            f"缺少 {len(missing)} 项保护条款，含 {len(risky)} 项风险条款。结论由规则自动得出，签约前请对照原文确认。",
            f"{len(missing)} protections missing, {len(risky)} risky clauses present. "
            "Found by rules, not a lawyer: check each against the text before signing.",
        )
    )
