"""`vendorcheck contract scan FILE`: which protections a vendor's contract has, with quotes."""

from __future__ import annotations

from pathlib import Path

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.cli.output import emit_json, emit_table, format_option
from vendorcheck.cli.stdio import document_suffix, reading, shown
from vendorcheck.core.contracts import ClauseResult, ScanResult
from vendorcheck.core.contracts.patterns import Clause

SNIPPET = 60


@cli.group()
def contract() -> None:
    """Read a vendor's contract. 读取服务商的合同。"""


@contract.command("scan")
@click.argument("file", type=click.Path(path_type=Path))
@format_option("table", "json")
@click.option(
    "--explain",
    is_flag=True,
    help="For every sentence a clause turned on: the parties in it, each modal verb and whom it "
    "binds, the topic words and the rule that decided. 逐句说明判断依据：句中当事方、情态词及其约束对象、"
    "命中的主题词和作出判断的规则。",
)
@pass_ctx
def scan_cmd(obj: Ctx, file: Path, fmt: str, explain: bool) -> None:
    """Find the protective and risky clauses in FILE (.txt .md .docx .pdf). 查找合同中的保护与风险条款。

    A merchant fears three things (loans against the shop, fraud blamed on the shop, closure
    for the vendor's violations); each finding quotes its sentence so you can check it.
    商家最怕三件事：拿店铺贷款、欺诈黑锅、违规封店；每条结论都附原文，便于核对。
    """
    from vendorcheck.services import contracts

    with reading(file, document_suffix) as source:
        result = contracts.scan_file(source, explain=explain)
    result.file = shown(file)
    if fmt == "json":
        # Without --explain the JSON keeps its shape (no "why" lists).
        drop = None if explain else {"clauses": {"__all__": {"why"}}}
        emit_json(result.model_dump(mode="json", exclude=drop))
        return
    ps = contracts.patterns()
    enc = f" [{result.encoding}]" if result.encoding else ""  # how a text file was decoded
    click.echo(f"{result.file}  [{result.language}]{enc}  {_who(obj, result)}")
    rows = [_row(obj, c, result.clauses[c.id]) for c in ps.clauses]
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
    if explain:
        _explain(obj, result)


def _who(obj: Ctx, result: ScanResult) -> str:
    """Which names the scan took for the merchant and the vendor (and a warning if assumed)."""
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
    return who


def _row(obj: Ctx, c: Clause, r: ClauseResult) -> tuple[str, str, str, str, str]:
    """One clause's table row: id, name, kind, status mark and its first quote."""
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
    name = c.name.get(obj.lang) if c.name else c.id
    return (
        c.id,
        name,
        obj.t("风险", "risky") if risky else obj.t("保护", "protective"),
        mark,
        snippet,
    )


def _explain(obj: Ctx, result: ScanResult) -> None:
    """The --explain table: one row per sentence that turned a clause id on."""
    from vendorcheck.services import contracts

    rows = contracts.explain_rows(result, obj.lang)
    emit_table(
        [
            obj.t("编号", "id"),
            obj.t("原文", "sentence"),
            obj.t("当事方", "parties"),
            obj.t("情态词 → 约束谁", "modal → binds"),
            obj.t("主题词", "topic words"),
            obj.t("规则 → 判断", "rule → decision"),
        ],
        rows,
        title=obj.t("判断依据（--explain）", "Why (--explain)"),
    )
