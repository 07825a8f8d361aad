"""`vendorcheck conflict VENDOR` and `vendorcheck confirm VENDOR`: settle by script what a
contract scan said (issue 19): contradictions with the merchant's answers, and suggestions."""

from __future__ import annotations

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.cli.output import emit_json, format_option
from vendorcheck.core.conflicts import Conflict


def print_conflicts(obj: Ctx, vendor: str, found: list[Conflict]) -> None:
    """Each conflict with its quote and the two commands that settle it (assess --contract too)."""
    L = obj.lang
    click.echo(
        obj.t(
            f"合同与你的 {len(found)} 个回答矛盾（未解决前列为“签约前必须落实”的待办）：",
            f"The contract contradicts {len(found)} of your answers (each is a must-do item "
            "until settled):",
        )
    )
    for c in found:
        click.echo(f"  ≠ {c.question_id}  {c.prompt.get(L)}")
        click.echo(
            obj.t(
                f"      你的回答：{c.mine_label.zh}；合同：{c.contract_label.zh}",
                f"      your answer: {c.mine_label.en}; the contract: {c.contract_label.en}",
            )
        )
        click.echo(f"      {obj.t('原文', 'quote')}: {c.quote}")
    first = found[0].question_id if found else "QUESTION_ID"
    click.echo(
        obj.t(
            f"保留你的回答：vendorcheck conflict {vendor!r} --keep {first}；"
            f"采用合同的：vendorcheck conflict {vendor!r} --take-contract {first}",
            f"keep your answer: vendorcheck conflict {vendor!r} --keep {first}; "
            f"take the contract's: vendorcheck conflict {vendor!r} --take-contract {first}",
        )
    )


@cli.command("conflict")
@click.argument("vendor")
@click.option(
    "--keep",
    "keep",
    multiple=True,
    metavar="QUESTION_ID",
    help="Keep your answer against the contract (repeatable; 'all' for every one). 保留你的回答。",
)
@click.option(
    "--take-contract",
    "take",
    multiple=True,
    metavar="QUESTION_ID",
    help="Take the contract's answer, its quote as evidence (repeatable; 'all'). 采用合同的答案。",
)
@format_option("table", "json")
@pass_ctx
def conflict_cmd(
    obj: Ctx, vendor: str, keep: tuple[str, ...], take: tuple[str, ...], fmt: str
) -> None:
    """Where VENDOR's contract contradicts your answers; settle each one.
    合同与你的回答矛盾之处，逐条解决。"""
    from vendorcheck.services import conflicts

    v, found = conflicts.for_vendor(obj.store, vendor)
    open_ids = [c.question_id for c in found]
    for choice, named in (("keep", keep), ("contract", take)):
        for qid in open_ids if "all" in named else named:
            conflicts.resolve(obj.store, v["assessment_id"], qid, choice)  # type: ignore[arg-type]
            click.echo(
                obj.t(f"已解决 {qid}：", f"Settled {qid}: ")
                + (
                    obj.t("保留你的回答", "your answer kept")
                    if choice == "keep"
                    else obj.t("已采用合同的答案", "the contract's answer taken")
                )
            )
    if keep or take:
        v, found = conflicts.for_vendor(obj.store, vendor)
    if fmt == "json":
        emit_json({"vendor": v["name"], "conflicts": [conflicts.as_json(c) for c in found]})
    elif found:
        print_conflicts(obj, v["name"], found)
    else:
        click.echo(
            obj.t(
                "合同与你的回答没有矛盾", "No contradictions between the contract and your answers"
            )
        )


@cli.command("confirm")
@click.argument("vendor")
@click.argument("question_ids", nargs=-1)
@pass_ctx
def confirm_cmd(obj: Ctx, vendor: str, question_ids: tuple[str, ...]) -> None:
    """Confirm answers suggested from VENDOR's contract (the ones named, or all of them).
    确认根据合同建议的答案（指定的题，或全部）。"""
    from vendorcheck.services import conflicts

    done = conflicts.confirm(obj.store, vendor, list(question_ids))
    if not done:
        click.echo(obj.t("没有待确认的建议答案", "No suggested answers to confirm"))
        return
    click.echo(
        obj.t(f"已确认 {len(done)} 个建议答案：", f"Confirmed {len(done)} suggested answers: ")
        + ", ".join(done)
    )
