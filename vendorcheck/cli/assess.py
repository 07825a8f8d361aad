"""`vendorcheck assess | score | compare | finalize`: record answers and read the verdicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vendorcheck.cli import Ctx, cli, pass_ctx
from vendorcheck.cli.output import emit_json, emit_table, format_option
from vendorcheck.cli.stdio import document_suffix, is_stdio, reading, shown, structured_suffix
from vendorcheck.core.errors import UserError
from vendorcheck.core.scoring import METHOD
from vendorcheck.services import assessing, catalog
from vendorcheck.services.files import load_structured
from vendorcheck.services.labels import grade_text, score_text, verdict_label


@cli.command()
@click.argument("vendor")
@click.option(
    "--checklist",
    "checklist_id",
    default="cs-outsourcing",
    show_default=True,
    help="Checklist id. 清单编号。",
)
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Answers file (YAML, TOML or JSON; - reads YAML or JSON from stdin). 答案文件（- 为标准输入）。",
)
@click.option(
    "--contract",
    "contract_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Vendor's contract (.txt .md .docx .pdf; - reads stdin): pre-fill the contract questions as "
    "suggestions to confirm. 服务商合同：预填合同风险题，待你确认。",
)
@click.option(
    "--finalize",
    is_flag=True,
    help="Make the assessment final (cannot be changed). 定稿（之后不可修改）。",
)
@click.option(
    "--new",
    "new",
    is_flag=True,
    help="Start a fresh draft instead of adding to the open one. 新建草稿，而不是补充未定稿的评估。",
)
@click.option("--assessor", default=None, help="Who assessed (default: your login). 评估人。")
@pass_ctx
def assess(
    obj: Ctx,
    vendor: str,
    checklist_id: str,
    answers_file: Path | None,
    contract_file: Path | None,
    finalize: bool,
    new: bool,
    assessor: str | None,
) -> None:
    """Record answers for VENDOR from an answers file, into its open draft (--new: a fresh one).
    根据答案文件记录评估：补充到未定稿的评估中（--new 新建）。"""
    checklist = catalog.get(checklist_id)
    if answers_file is None and contract_file is None:
        raise UserError(
            "give --answers FILE and/or --contract FILE (or use the terminal app)",
            "请用 --answers 指定答案文件或用 --contract 指定合同（或在终端界面中逐题作答）",
        )
    if is_stdio(answers_file) and is_stdio(contract_file):
        raise UserError(
            "only one of --answers and --contract can read standard input (-)",
            "--answers 与 --contract 只能有一个从标准输入（-）读取",
        )
    suggested: dict[str, Any] = {}
    if contract_file is not None:
        from vendorcheck.services import contracts

        with reading(contract_file, document_suffix) as source:
            scan = contracts.scan_file(source)
        scan.file = shown(contract_file)
        suggested = contracts.suggest_answers(checklist, scan)
    payload: Any = {"answers": {}}
    if answers_file is not None:
        with reading(answers_file, structured_suffix) as source:
            payload = load_structured(source)
    try:
        aid, resumed = assessing.record_answers(
            obj.store,
            vendor,
            checklist,
            payload,
            finalize=finalize,
            assessor=assessor,
            extra=suggested,
            new=new,
        )
    except UserError as e:
        if e.where and e.where.startswith("answers"):
            e.where = f"{shown(answers_file)}: {e.where}"
        elif not e.where and answers_file is not None:  # not "None: no vendor named …"
            e.where = shown(answers_file)
        raise
    data = assessing.score_json(obj.store, vendor)
    n_answers = sum(s["answered"] for s in data["sections"])
    if resumed:
        click.echo(
            obj.t(
                f"已补充到未定稿的评估 {aid}（现有 {n_answers} 个回答；另起一份请用 --new）",
                f"Added to the open draft {aid} (now {n_answers} answers; --new starts another)",
            )
        )
    else:
        click.echo(
            obj.t(
                f"已新建评估草稿 {aid}（{n_answers} 个回答）",
                f"Started a new draft {aid} ({n_answers} answers)",
            )
        )
    _summary(obj, data)
    found = _conflicts(obj, vendor, aid, suggested, shown(contract_file)) if contract_file else []
    if suggested:
        given = set(payload.get("answers") or {})
        n = len(
            [q for q in suggested if q not in given and q not in {c.question_id for c in found}]
        )
        click.echo(
            obj.t(
                f"已根据合同建议 {n} 个答案（附原文），均待你确认：vendorcheck score {vendor} --explain",
                f"{n} answers were suggested from the contract (with quotes) and must be "
                f"confirmed: vendorcheck score {vendor} --explain",
            )
        )
    click.echo(
        obj.t(f"评估编号 {aid}", f"assessment {aid}")
        + (obj.t("（已定稿）", " (final)") if finalize else "")
    )


def _conflicts(obj: Ctx, vendor: str, aid: str, suggested: dict[str, Any], file: str) -> list[Any]:
    """Issue 19: where the contract contradicts the merchant's answers, say so (never kept
    silently) and how to settle each one; the open ones are must-do items until then."""
    from vendorcheck.cli.conflict import print_conflicts
    from vendorcheck.services import conflicts

    found = conflicts.record(obj.store, aid, suggested, str(file))
    if found:
        print_conflicts(obj, vendor, found)
    return found


@cli.command()
@click.argument("vendor")
@click.option(
    "--explain", is_flag=True, help="List every question with its points. 列出每道题的得分。"
)
@format_option("table", "json")
@pass_ctx
def score(obj: Ctx, vendor: str, explain: bool, fmt: str) -> None:
    """Score VENDOR's latest assessment. 查看服务商最新评估的得分。"""
    data = assessing.score_json(obj.store, vendor)
    if fmt == "json":
        emit_json(data)
        return
    _summary(obj, data)
    L = obj.lang
    emit_table(
        [
            obj.t("部分", "section"),
            obj.t("权重", "weight"),
            obj.t("得分", "score"),
            obj.t("分数", "points"),
            obj.t("已答", "answered"),
        ],
        [
            (
                s["title"][L],
                f"{s['weight']:g}",
                score_text(s["score"]),
                f"{s['earned']:g}/{s['possible']:g}",
                f"{s['answered']}/{s['total']}",
            )
            for s in data["sections"]
        ],
        justify=["left", "right", "right", "right", "right"],
    )
    if explain:
        _explain(obj, data)


def _explain(obj: Ctx, data: dict[str, Any]) -> None:
    """Every question's points earned / possible, the caps and which answer set them, and the
    rule for `incomplete`: the arithmetic behind the verdict, line by line."""
    L = obj.lang
    rows = []
    for s in data["sections"]:
        for q in s["questions"]:
            if not q["applies"]:
                rows.append(
                    (q["id"], q["prompt"][L], obj.t("（不适用）", "(does not apply)"), "", "")
                )
                continue
            shown = "—" if q["value"] is None else str(q["value"])
            if q["label"]:
                shown += f" ({q['label'][L]})"
            if q["source"] == "suggested":
                shown += obj.t(" [建议，待确认]", " [suggested, unconfirmed]")
            elif q["source"] == "vendor":
                shown += obj.t(" [服务商自述，待确认]", " [vendor's word, unconfirmed]")
            pts = "" if q["kind"] == "text" else f"{q['earned']:g}/{q['possible']:g}"
            mark = "⚑" if q["critical"] else {"reject": "✗", "caution": "!"}.get(q["cap"] or "", "")
            rows.append((q["id"], q["prompt"][L], shown, pts, mark))
    emit_table(
        [
            obj.t("编号", "id"),
            obj.t("问题", "question"),
            obj.t("回答", "answer"),
            obj.t("得分", "points"),
            "",
        ],
        rows,
        justify=["left", "left", "left", "right", "center"],
    )
    for c in data["caps"]:
        level = (
            obj.t("否决", "reject")
            if c["cap"] == "reject"
            else obj.t("最多谨慎", "at most caution")
        )
        if c["cap"] == "caution" and data["verdict"] == "reject":
            level = obj.t("最多谨慎，已被拒绝取代", "at most caution, overruled by the reject")
        answer = f" = {c['answer'][L]}" if c.get("answer") else ""
        click.echo(f"{obj.t('封顶', 'cap')} [{level}] {c['question_id']}{answer}: {c['reason'][L]}")
    click.echo(
        obj.t(
            f"规则（评分方法 {data['scoring_method']}）：一票否决项答错或有“否决”封顶即拒绝，等级记为“—”；"
            "可能一票否决的问题未核实、或已核实的问题不足 60%，结论为“待核实”；"
            "否则按总分定等级（A ≥ 85 推荐，B ≥ 70 可以接受，C ≥ 55 谨慎，D 拒绝），“最多谨慎”的封顶把结论和等级降到谨慎/C。",
            f"Rules (scoring method {data['scoring_method']}): a deal-breaker answered wrong or a "
            "'reject' cap rejects, grade '—'; a question that could rule the vendor out left "
            "unverified, or under 60 % of questions verified, makes the verdict 'incomplete'; "
            "otherwise the total gives the grade (A >= 85 recommended, B >= 70 acceptable, "
            "C >= 55 caution, D reject) and an 'at most caution' cap lowers verdict and grade to "
            "caution / C.",
        )
    )


@cli.command()
@click.argument("vendors", nargs=-1, required=True)
@format_option("table", "json")
@pass_ctx
def compare(obj: Ctx, vendors: tuple[str, ...], fmt: str) -> None:
    """Compare 2-8 vendors side by side. 并排对比 2-8 个服务商。"""
    data = assessing.compare_json(obj.store, list(vendors))
    if fmt == "json":
        emit_json(data)
        return
    from vendorcheck.cli.compare_rows import compare_rows

    names = [v["vendor"] for v in data["vendors"]]
    rows, hints = compare_rows(obj, data)
    emit_table([obj.t("部分", "section"), *names], rows, justify=["left"] + ["right"] * len(names))
    for hint in hints:
        click.echo(hint)


@cli.command()
@click.argument("vendor")
@click.option("--by", default=None, help="Who signs it off (default: your login). 定稿人。")
@click.option(
    "--assessment",
    "assessment_id",
    default=None,
    help="Which draft, when the vendor has several. 服务商有多份草稿时指定其中一份。",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation. 不再确认。")
@pass_ctx
def finalize(obj: Ctx, vendor: str, by: str | None, assessment_id: str | None, yes: bool) -> None:
    """Make VENDOR's draft assessment final; it cannot be changed afterwards. 定稿评估。"""
    v = obj.store.vendor(vendor)
    draft = _the_draft(obj, v, assessment_id)
    pending = assessing.unconfirmed(obj.store, draft["id"])
    if pending:
        n_vendor = sum(p["source"] == "vendor" for p in pending)
        n_contract = len(pending) - n_vendor
        if n_contract:
            click.echo(
                obj.t(
                    f"注意：{n_contract} 个根据合同建议的答案尚未确认，将按建议值定稿：",
                    f"Warning: {n_contract} answers suggested from the contract are unconfirmed "
                    "and will be sealed as suggested:",
                ),
                err=True,
            )
        if n_vendor:
            click.echo(
                obj.t(
                    f"注意：{n_vendor} 个服务商自述的答案尚未核实，将按自述定稿：",
                    f"Warning: {n_vendor} answers declared by the vendor are unverified and "
                    "will be sealed as declared:",
                ),
                err=True,
            )
        for p in pending:
            click.echo(f"  ? {p['question_id']}  {p['prompt'][obj.lang]}  = {p['value']}", err=True)
    _warn_conflicts(obj, draft["id"])
    if not yes:
        click.confirm(
            obj.t(
                "定稿后不能再修改，确定吗？",
                "A final assessment cannot be changed afterwards. Finalize?",
            ),
            abort=True,
        )
    sealed = assessing.finalize_assessment(obj.store, draft["id"], by)
    click.echo(
        obj.t(
            f"已定稿：{sealed['vendor']}，评估 {sealed['assessment_id']}，"
            f"{score_text(sealed['score'])} 分，等级 {sealed['grade']}，"
            f"结论 {verdict_label(sealed['verdict'], obj.lang)}，{sealed['answers']} 个回答",
            f"Finalized: {sealed['vendor']}, assessment {sealed['assessment_id']}, "
            f"score {score_text(sealed['score'])}, grade {sealed['grade']}, "
            f"verdict {verdict_label(sealed['verdict'], obj.lang)}, {sealed['answers']} answers",
        )
    )
    click.echo(obj.t(f"哈希 {sealed['hash']}", f"hash {sealed['hash']}"))
    if sealed.get("head"):
        click.echo(obj.t(f"档案头哈希 {sealed['head']}", f"archive head {sealed['head']}"))


def _warn_conflicts(obj: Ctx, aid: str) -> None:
    """Issue 19: a contradiction left open is sealed with the merchant's answer; say so."""
    from vendorcheck.services import conflicts

    found = conflicts.open_for(obj.store, aid)
    if found:
        click.echo(
            obj.t(
                f"注意：合同与 {len(found)} 个回答的矛盾尚未解决，将按你的回答定稿"
                "（vendorcheck conflict 可逐条解决）：",
                f"Warning: {len(found)} contradictions with the contract are unsettled and "
                "will be sealed with your answers (vendorcheck conflict settles them):",
            ),
            err=True,
        )
        for c in found:
            click.echo(f"  ≠ {c.question_id}  {c.prompt.get(obj.lang)}", err=True)


def _the_draft(obj: Ctx, v: dict[str, Any], assessment_id: str | None) -> dict[str, Any]:
    """The one draft to seal: the only one, or the one named; several unnamed is an error."""
    drafts = assessing.open_drafts(obj.store, v["id"])
    if assessment_id is not None:
        named = [d for d in drafts if d["id"] == assessment_id]
        if not named:
            raise UserError(
                f"{v['name']} has no draft assessment {assessment_id}",
                f"“{v['name']}”没有编号为 {assessment_id} 的草稿评估",
                where="--assessment",
            )
        return named[0]
    if not drafts:
        raise UserError(f"{v['name']} has no draft assessment", f"“{v['name']}”没有草稿评估")
    if len(drafts) > 1:
        ids = ", ".join(
            f"{d['id']} ({obj.store.checklist(d['checklist_sha256']).id}, {d['updated_at'][:10]})"
            for d in drafts
        )
        raise UserError(
            f"{v['name']} has {len(drafts)} drafts: {ids}; name one with --assessment ID",
            f"“{v['name']}”有 {len(drafts)} 份草稿：{ids}；请用 --assessment 编号 指定一份",
        )
    return drafts[0]


def _summary(obj: Ctx, data: dict[str, Any]) -> None:
    """The verdict line and the sentences behind it; every one agrees with the verdict."""
    L = obj.lang
    verdict = verdict_label(data["verdict"], L) or obj.t("暂无结论", "no verdict yet")
    grade = grade_text(data["grade"], data["verdict"], len(data["red_flags"]))
    click.echo(
        f"{data['vendor']}: {data['score']:.1f} / 100  {obj.t('等级', 'grade')} {grade}  "
        f"{obj.t('结论', 'verdict')}: {verdict}  "
        f"{obj.t('完成度', 'completeness')} {data['completeness']:.0%}"
    )
    if data.get("status") == "final" and data.get("scoring_method") != METHOD:
        click.echo(
            obj.t(
                f"  （定稿时用评分方法 {data['scoring_method']} 计算，保留定稿时的结论）",
                f"  (sealed with scoring method {data['scoring_method']}; its verdict is kept)",
            )
        )
    if data.get("vendor_declared"):
        n, share = data["vendor_declared"], data["vendor_weight"]
        click.echo(
            obj.t(
                f"  ◇ {n} 个回答仅凭服务商自述（占总分权重 {share:.0%}），尚未核实",
                f"  ◇ {n} answers rest on the vendor's word alone ({share:.0%} of the score's "
                "weight), not verified yet",
            )
        )
    for f in data["red_flags"]:
        click.echo(f"  ⚑ {obj.t('红旗', 'red flag')}: {f['reason'][L]} ({f['question_id']})")
    # A reject's reasons open with its red flags, already listed above.
    skip = len(data["red_flags"]) if data["verdict"] == "reject" else 0
    for r in data["reasons"][skip:]:
        click.echo(f"  ! {r[L]}")
    for t in data["to_verify"]:
        click.echo(f"  ? {obj.t('待核实', 'to verify')}: {t['prompt'][L]} ({t['question_id']})")
