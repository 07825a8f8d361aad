"""The template context: ReportData turned into ready-to-print values in one language.

Templates stay simple (loops and labels); numbers, money, dates and verdict names are formatted
here with Babel so the PDF, HTML and Markdown say exactly the same thing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from vendorcheck.core.branding import DEFAULT_ACCENT
from vendorcheck.core.errors import Lang
from vendorcheck.i18n import tr
from vendorcheck.render import marks
from vendorcheck.render.evidence import by_question as evidence_files
from vendorcheck.view import money
from vendorcheck.view.costs import operations_line
from vendorcheck.view.labels import PLATFORMS, SERVICES, grade_text, label, verdict_label
from vendorcheck.view.report import ReportData

# One colour per vendor in charts and legends (colour-blind-safe Okabe-Ito order, then greys).
MARKS = "①②③④⑤⑥⑦⑧"  # vendor marks beside notes: readable in greyscale print too
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#555555", "#999999")
VERDICT_CLASS = {
    "recommended": "good",
    "acceptable": "ok",
    "caution": "warn",
    "reject": "bad",
    "incomplete": "warn",
}
# The heading over a vendor's verdict reasons: it names the verdict, so it never contradicts it
# (issue 19: "capped at caution" printed beside a reject badge).
REASONS_LABEL = {
    "reject": ("不能签的原因：", "Why it is rejected:"),
    "incomplete": ("待核实（核实之前不下结论）：", "To verify before a verdict can be given:"),
    "caution": ("结论受限（最多为“谨慎”）：", "Verdict capped at caution:"),
    None: ("暂无结论：", "No verdict yet:"),
}


def _reasons(r: dict[str, Any], lang: Lang) -> list[str]:
    """The sentences behind the verdict, less the red flags listed on their own; then what to
    verify. Every one agrees with the verdict (core.scoring words them)."""
    skip = len(r["red_flags"]) if r["verdict"] == "reject" else 0
    out = [_sentence(_text(c, lang), lang) for c in r.get("reasons", [])[skip:]]
    out += [
        tr(lang, "待核实：", "Verify: ") + _text(t["prompt"], lang) for t in r.get("to_verify", [])
    ]
    return out


def _text(value: Any, lang: Lang) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    return str(value)


def _sentence(text: str, lang: Lang) -> str:
    """English labels are written lower-case for use mid-sentence; a cell or list item starts
    with a capital."""
    return text[:1].upper() + text[1:] if lang == "en" else text


def _num(x: float | None, lang: Lang, digits: int = 1) -> str:
    if x is None:
        return "—"
    return _decimal(x, lang, digits)


@lru_cache(maxsize=4096)
def _decimal(x: float, lang: Lang, digits: int) -> str:
    """Babel parses the locale and the pattern on every call (~0.1 ms); a comparison report
    formats ~700 numbers, most of them the same few points and scores."""
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(x, format=fmt, locale=money.locale_of(lang))


def _score(x: float | None, lang: Lang) -> str:
    """Points as read on an answer sheet: 10 / 10, 7.5 / 10 (no trailing .0)."""
    if x is None:
        return "—"
    return _num(x, lang, 0 if float(x).is_integer() else 1)


def _answer_text(q: dict[str, Any], unit: str, lang: Lang) -> str:
    value = q["value"]
    if value is None:
        return tr(lang, "未回答", "Not answered")
    if value == "unknown":
        return tr(lang, "不清楚", "Unknown")
    if q["label"] and q["kind"] in ("yes_no", "choice"):
        return _text(q["label"], lang)
    if q["kind"] == "rating":
        return f"{_num(value, lang, 0)} / 5"
    if q["kind"] == "number":
        shown = f"{_num(value, lang, 0 if float(value).is_integer() else 1)}"
        if unit:
            shown += f" {unit}"
        if q["label"]:
            shown += (
                f"（{_text(q['label'], lang)}）"
                if lang == "zh"
                else f" ({_text(q['label'], lang)})"
            )
        return shown
    if q["label"]:
        return _text(q["label"], lang)
    return str(value)


def _units(checklists: list[dict[str, Any]], lang: Lang) -> dict[str, str]:
    return {
        q["id"]: _text(q.get("unit"), lang)
        for c in checklists
        for s in c["sections"]
        for q in s["questions"]
    }


def _vendor(
    i: int, r: dict[str, Any], record: dict[str, Any], units: dict[str, str], lang: Lang
) -> dict[str, Any]:
    prompts: dict[str, str] = {}
    sections = []
    for s in r["sections"]:
        rows = []
        applied = [q for q in s["questions"] if q.get("applies", True)]  # issue 15: fits the vendor
        for n, q in enumerate(applied, 1):
            prompts[q["id"]] = _text(q["prompt"], lang)
            rows.append(
                {
                    "n": n,
                    "id": q["id"],
                    "prompt": _text(q["prompt"], lang),
                    "answer": _sentence(_answer_text(q, units.get(q["id"], ""), lang), lang),
                    "answered": q["value"] is not None and q["value"] != "unknown",
                    "lost": bool(q["possible"])
                    and not q["earned"]
                    and q["value"] not in (None, "unknown"),
                    "points": "—"
                    if not q["possible"]
                    else f"{_score(q['earned'], lang)} / {_score(q['possible'], lang)}",
                    "critical": q["critical"],
                    "note": q["note"],
                    "evidence": q["evidence"],
                    "files": [],  # evidence files behind the answer (issue 21), below
                    "suggested": q["source"] == "suggested",
                    "declared": q["source"] == "vendor",  # the vendor's word (issue 21)
                    "value": q["value"],
                }
            )
        sections.append(
            {
                "id": s["id"],
                "title": _text(s["title"], lang),
                "score": _num(s["score"], lang),
                "answered": s["answered"],
                "total": s["total"],
                "rows": rows,
            }
        )
    flags = [
        {
            "question": prompts.get(f["question_id"], f["question_id"]),
            "reason": _sentence(_text(f["reason"], lang), lang),
        }
        for f in r["red_flags"]
    ]
    unconfirmed = sum(1 for s in sections for row in s["rows"] if row["suggested"])
    rows = [row for s in sections for row in s["rows"]]
    files, every_file = evidence_files(r, lang, prompts)
    for row in rows:
        row["files"] = files.get(row["id"], [])
    return {
        "index": i,
        "anchor": f"vendor-{i + 1}",
        "name": r["vendor"],
        "colour": PALETTE[i % len(PALETTE)],
        "mark": MARKS[i % len(MARKS)],
        "score": _num(r["score"], lang),
        "score_value": r["score"],
        "grade": grade_text(r["grade"], r["verdict"], len(r["red_flags"])),
        "verdict": r["verdict"],
        "verdict_label": verdict_label(r["verdict"], lang)
        or tr(lang, "暂无结论", "no verdict yet"),
        "verdict_class": VERDICT_CLASS.get(r["verdict"], "ok"),
        "reasons_label": tr(lang, *REASONS_LABEL.get(r["verdict"], ("", ""))),
        "scoring_method": r.get("scoring_method", "v1"),
        "completeness": format_percent(
            r["completeness"], format="#,##0%", locale=money.locale_of(lang)
        ),
        "red_flags": flags,
        "caps": _reasons(r, lang),
        "checklist": _text(r["checklist"]["title"], lang),
        "checklist_id": r["checklist"]["id"],
        "status": tr(lang, "已定稿", "final")
        if r["status"] == "final"
        else tr(lang, "草稿", "draft"),
        "is_draft": r["status"] != "final",
        "assessor": r["assessor"],
        "assessed_on": (r["finalized_at"] or r["assessed_at"] or "")[:10],
        "services": "、".join(label(SERVICES, s, lang) for s in record.get("services") or [])
        if lang == "zh"
        else ", ".join(label(SERVICES, s, lang) for s in record.get("services") or []),
        "platforms": ("、" if lang == "zh" else ", ").join(
            label(PLATFORMS, p, lang) for p in record.get("platforms") or []
        ),
        "credit_code": record.get("credit_code") or "",
        "sections": sections,
        "unconfirmed": unconfirmed,
        "answered": sum(s["answered"] for s in sections),
        "total": sum(s["total"] for s in sections),
        "unknown": sum(1 for row in rows if row["value"] == "unknown"),
        "files": every_file,
    }


def _chart(data: ReportData, vendors: list[dict[str, Any]], lang: Lang) -> list[dict[str, Any]]:
    """Rows of the section-score bar chart: one bar per vendor, width = score %."""
    if data.sections is not None:
        rows = [(s["title"], [s["scores"].get(v["name"]) for v in vendors]) for s in data.sections]
    else:
        r = data.results[0]
        rows = [(s["title"], [s["score"]]) for s in r["sections"]]
    chart = []
    for title, scores in rows:
        best = max((x for x in scores if x is not None), default=None)
        chart.append(
            {
                "title": _text(title, lang),
                "bars": [
                    {
                        "vendor": v["name"],
                        "index": v["index"],
                        "colour": v["colour"],
                        "width": 0 if sc is None else round(max(0.0, min(100.0, sc)), 1),
                        "label": _num(sc, lang) if sc is not None else tr(lang, "不适用", "n/a"),
                        "best": sc is not None and sc == best and len(vendors) > 1,
                    }
                    for v, sc in zip(vendors, scores, strict=True)
                ],
            }
        )
    return chart


def _costs(costs: dict[str, Any] | None, lang: Lang) -> dict[str, Any] | None:
    """The cost chapter: what `vendorcheck cost` shows, with the in-house baseline."""
    if not costs or not costs.get("vendors"):
        return None

    def m(x: float | None) -> str:
        return "—" if x is None else money.money(x, lang, whole=True)

    def per_inquiry(x: float | None) -> str:
        return "—" if x is None else money.money(x, lang)

    def staffing(have: int | None, needed: int | None) -> str:
        if needed is None:  # store operation: replaces a team, not seats and agents
            return "—"
        return f"{'?' if have is None else have} / {needed}"

    def versus(diff: float | None) -> str:
        if diff is None:
            return "—"
        if round(diff) < 0:
            return tr(lang, f"省 {m(-diff)}", f"{m(-diff)} less")
        if round(diff) > 0:
            return tr(lang, f"多 {m(diff)}", f"{m(diff)} more")
        return tr(lang, "持平", "the same")

    rows = []
    for v in costs["vendors"]:
        # The service's own sentence (services.cost_text.versus_note), as the CLI and TUI show it.
        note = v.get("vs_in_house_note")
        notes = [_sentence(note[lang], lang)] if note else []
        rows.append(
            {
                "vendor": v["vendor"],
                "model": _sentence(_text(v.get("model_label"), lang) or v["model"], lang),
                "monthly": m(v["monthly_cost"]),
                "annual": m(v["annual_cost"]),
                "per_inquiry": per_inquiry(v.get("cost_per_inquiry")),
                "seats": staffing(v.get("seats_committed"), v.get("seats_needed")),
                "agents": staffing(v.get("agents_committed"), v.get("agents_needed")),
                "short": v.get("staffing_ok") is False,
                "versus": versus(v.get("vs_in_house_monthly")),
                "dearer": (v.get("vs_in_house_monthly") or 0) > 0,
                # warnings carry the ⚠ mark; informational flags read as notes, as the CLI and
                # TUI print them ("!" against "·")
                "flags": [
                    _sentence(_text(f, lang), lang)
                    for f in v.get("flags", [])
                    if f.get("severity", "warn") == "warn"
                ],
                "notes": [
                    _sentence(_text(f, lang), lang)
                    for f in v.get("flags", [])
                    if f.get("severity", "warn") != "warn"
                ]
                + notes,
            }
        )
    base = costs.get("in_house") or {}
    profile = costs.get("profile") or {}
    needs = costs.get("needs") or {}
    per_seat = (costs.get("market") or {}).get("inquiries_per_seat_day")
    in_house = None
    if base:
        in_house = {
            "agents": base.get("agents"),
            "monthly": m(base.get("monthly_cost")),
            "annual": m(base.get("annual_cost")),
            "per_inquiry": per_inquiry(base.get("cost_per_inquiry")),
            "breakdown": tr(
                lang,
                f"自招每月：工资 {m(base.get('salary_monthly'))} + 办公、设备、社保 "
                f"{m(base.get('overhead_monthly'))} + 人员流失后的招聘培训 "
                f"{m(base.get('turnover_monthly'))}。",
                f"In-house a month: salaries {m(base.get('salary_monthly'))} + office, equipment "
                f"and social insurance {m(base.get('overhead_monthly'))} + rehiring and training "
                f"after turnover {m(base.get('turnover_monthly'))}.",
            )
            if "salary_monthly" in base
            else "",
        }
        ops = costs.get("in_house_operations")
        if ops and any(v.get("kind") == "store_operation" for v in costs["vendors"]):
            end = tr(lang, "。", ".")
            in_house["breakdown"] = f"{in_house['breakdown']} {operations_line(ops, lang)}{end}"
    return {
        "rows": rows,
        "in_house": in_house,
        "profile": {
            "sales": m(profile.get("monthly_sales")),
            "inquiries": money.number(profile.get("daily_inquiries_avg"), lang),
            "peak": money.number(profile.get("daily_inquiries_peak"), lang),
            "hours": money.number(profile.get("coverage_hours"), lang),
            "seats": needs.get("seats"),
            "agents": needs.get("agents"),
        }
        if profile
        else None,
        "per_seat": money.number(per_seat, lang) if per_seat else "",
        "by_vendor": {r["vendor"]: r for r in rows},
    }


def _matrix(data: ReportData, vendors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Comparison detail: per checklist, one table per section, a column per vendor.

    Each question appears once with every vendor's answer beside it: easier to compare, and a
    third of the table cells of one table per vendor (WeasyPrint's layout time follows cells).
    """
    groups: dict[str, dict[str, Any]] = {}
    for r, v in zip(data.results, vendors, strict=True):
        sha = r["checklist"]["sha256"]
        g = groups.setdefault(
            sha,
            {
                "title": v["checklist"],
                "id": r["checklist"]["id"],
                "vendors": [],
                "sections": [],
                "lang": data.lang,
            },
        )
        g["vendors"].append(v)
    for g in groups.values():
        first = g["vendors"][0]
        for si, s in enumerate(first["sections"]):
            # Rows by question id: a question may apply to one vendor and not another (issue 15).
            by_id = [{row["id"]: row for row in v["sections"][si]["rows"]} for v in g["vendors"]]
            order = list(dict.fromkeys(qid for rows_of in by_id for qid in rows_of))
            rows = []
            for n, qid in enumerate(order, 1):
                cells = [
                    {
                        **rows_of.get(qid, _not_applicable(qid, g["lang"])),
                        "vendor_index": v["index"],
                        "mark": v["mark"],
                    }
                    for v, rows_of in zip(g["vendors"], by_id, strict=True)
                ]
                prompt = next(r[qid]["prompt"] for r in by_id if qid in r)
                noted = any(c["note"] or c["evidence"] for c in cells)
                rows.append({"n": n, "prompt": prompt, "cells": cells, "noted": noted})
            g["sections"].append(
                {
                    "title": s["title"],
                    "scores": [v["sections"][si]["score"] for v in g["vendors"]],
                    "rows": rows,
                }
            )
    return list(groups.values())


def _not_applicable(qid: str, lang: Lang) -> dict[str, Any]:
    """The cell of a question that does not fit this vendor: neither asked nor counted."""
    return {
        "id": qid,
        "answer": tr(lang, "不适用", "Does not apply"),
        "answered": False,
        "lost": False,
        "points": "—",
        "critical": False,
        "note": "",
        "evidence": "",
        "suggested": False,
        "declared": False,
        "value": None,
    }


def _critical(c: dict[str, Any], lang: Lang) -> list[dict[str, str]]:
    """The deal-breaker questions and the answers that raise their red flag."""
    out = []
    for s in c["sections"]:
        for q in s["questions"]:
            bad = [_text(o["label"], lang) for o in q["options"] if o.get("critical")]
            if q["critical"] or bad:
                quoted = tr(lang, "、", ", ").join(f"“{b}”" for b in bad)
                out.append({"prompt": _text(q["prompt"], lang), "flag": quoted})
    return out


def _methodology(data: ReportData, lang: Lang) -> list[dict[str, Any]]:
    out = []
    for c in data.checklists:
        total = sum(s["weight"] for s in c["sections"]) or 1
        scoring = c["scoring"]
        out.append(
            {
                "id": c["id"],
                "version": c["version"],
                "sha256": c["sha256"],
                "title": _text(c["title"], lang),
                "questions": sum(len(s["questions"]) for s in c["sections"]),
                "critical": sum(1 for s in c["sections"] for q in s["questions"] if q["critical"]),
                "weights": [
                    {
                        "title": _text(s["title"], lang),
                        "weight": _num(s["weight"], lang, 0),
                        "share": money.rate(s["weight"] / total, lang),
                        "questions": len(s["questions"]),
                    }
                    for s in c["sections"]
                ],
                "grades": [
                    {
                        "grade": g["grade"],
                        "min": _num(g["min"], lang, 0),
                        "verdict": verdict_label(g["verdict"], lang),
                    }
                    for g in scoring["grades"]
                ],
                "min_completeness": money.rate(scoring["min_completeness"], lang),
                "critical_questions": _critical(c, lang),
            }
        )
    return out


def _value_text(q: dict[str, Any] | None, value: Any, units: dict[str, str], lang: Lang) -> str:
    """A raw stored answer (history diffs carry values, not labels) as the reader knows it."""
    if value is None:
        return tr(lang, "未回答", "not answered")
    if value == "unknown":
        return tr(lang, "不清楚", "unknown")
    if q is not None:
        for o in q["options"]:
            if o["id"] == value:
                return _text(o["label"], lang)
        if q["kind"] == "rating":
            return f"{_score(value, lang)} / 5"
        if q["kind"] == "number":
            unit = units.get(q["id"], "")
            return f"{_score(value, lang)} {unit}".strip()
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _history(
    data: ReportData, name: str, units: dict[str, str], lang: Lang
) -> list[dict[str, Any]]:
    """Every final assessment of `name`, oldest first, with what changed since the one before;
    empty unless there are at least two to compare."""
    finals = (data.history.get(name) or {}).get("assessments") or []
    if len(finals) < 2:
        return []
    questions = {q["id"]: q for c in data.checklists for s in c["sections"] for q in s["questions"]}

    def prompt(qid: str) -> str:
        q = questions.get(qid)
        return _text(q["prompt"], lang) if q else qid

    rows = []
    for a in finals:
        d = a.get("diff") or None
        change = None
        if d:
            sc = d.get("score_change")
            change = {
                "score": "—" if sc is None else ("+" if sc > 0 else "") + _num(sc, lang),
                "moved": [
                    {
                        "prompt": prompt(m["question_id"]),
                        "from": _sentence(
                            _value_text(questions.get(m["question_id"]), m["from"], units, lang),
                            lang,
                        ),
                        "to": _sentence(
                            _value_text(questions.get(m["question_id"]), m["to"], units, lang),
                            lang,
                        ),
                    }
                    for m in d.get("moved", [])
                ],
                "gained": [prompt(q) for q in d.get("flags_gained", [])],
                "cleared": [prompt(q) for q in d.get("flags_cleared", [])],
            }
        rows.append(
            {
                "date": (a.get("finalized_at") or "")[:10],
                "by": a.get("finalized_by") or "",
                "score": _num(a.get("score"), lang),
                "grade": grade_text(
                    a.get("grade"),
                    a.get("verdict"),
                    a.get("red_flag_count") or len(a.get("red_flags") or []),
                ),
                "verdict_label": verdict_label(a["verdict"], lang) if a.get("verdict") else "",
                "verdict_class": VERDICT_CLASS.get(a.get("verdict") or "", "ok"),
                "red_flags": a.get("red_flag_count") or len(a.get("red_flags") or []),
                "hash": a.get("hash") or "",
                "change": change,
            }
        )
    return rows


def recommendation_text(
    data: ReportData, vendors: list[dict[str, Any]], costs: dict[str, Any] | None, lang: Lang
) -> str:
    """The executive summary's opening paragraph: what to do, in a consultant's words."""
    rec = data.recommendation
    by_name = {v["name"]: v for v in vendors}
    if data.kind == "assessment":
        v = vendors[0]
        facts = _facts(v, lang)
        if v["verdict"] == "reject":
            text = tr(
                lang,
                f"不建议与“{v['name']}”合作：评估结论为“{v['verdict_label']}”{facts}，"
                + (
                    f"有 {len(v['red_flags'])} 条红旗，见下文。"
                    if v["red_flags"]
                    else "原因见下文。"
                ),
                f"We advise against working with {v['name']}: the verdict is "
                f"{v['verdict_label']}{facts}, "
                + (
                    f"with {len(v['red_flags'])} red flag(s) set out below."
                    if v["red_flags"]
                    else "for the reasons set out below."
                ),
            )
        elif v["verdict"] in ("incomplete", None):
            text = tr(
                lang,
                f"“{v['name']}”还不能下结论（{v['verdict_label']}）：请先核实下文列出的事项。",
                f"{v['name']} cannot be judged yet ({v['verdict_label']}): verify the points "
                "listed below first.",
            )
        elif v["verdict"] == "caution":
            text = tr(
                lang,
                f"“{v['name']}”的评估结论为“{v['verdict_label']}”{facts}：签约前请先核实下文列出的未决事项。",
                f"{v['name']} is assessed as {v['verdict_label']}{facts}: verify the open points "
                "below before signing.",
            )
        else:
            text = tr(
                lang,
                f"“{v['name']}”的评估结论为“{v['verdict_label']}”{facts}。",
                f"{v['name']} is assessed as {v['verdict_label']}{facts}.",
            )
        return text + _cost_sentence(v["name"], costs, lang)
    pending = [n for n in rec["ranking"] if by_name[n]["verdict"] in ("incomplete", None)]
    if rec["vendor"] is None and pending:
        names = tr(lang, "、", ", ").join(tr(lang, f"“{n}”", n) for n in pending)
        return tr(
            lang,
            f"暂无可推荐的服务商：{names}还不能下结论，核实下文列出的事项后再比较；其余均为“拒绝”。",
            f"No vendor can be recommended yet: {names} cannot be judged until the points listed "
            "below are verified; the others are rejected.",
        )
    if rec["vendor"] is None:
        return tr(
            lang,
            "所有参评服务商的结论均为“拒绝”，建议暂不与其中任何一家合作，另寻服务商。",
            "Every vendor assessed is rejected: we advise working with none of them and "
            "looking further.",
        )
    v = by_name[rec["vendor"]]
    text = tr(
        lang,
        f"建议优先考虑“{v['name']}”：结论为“{v['verdict_label']}”{_facts(v, lang)}。",
        f"We recommend {v['name']}: verdict {v['verdict_label']}{_facts(v, lang)}.",
    )
    text += _cost_sentence(v["name"], costs, lang)
    if v["verdict"] == "caution":
        text += (
            tr(
                lang,
                "但其结论仅为“谨慎”，签约前请先处理下文列出的限制原因。",
                " Its verdict is only caution, so deal with the reasons set out below before "
                "signing.",
            )
            if v["caps"]
            else tr(
                lang,
                "但其得分只在“谨慎”区间，签约前请逐项核实它失分的地方。",
                " Its score is only in the caution band, so go through where it lost points "
                "before signing.",
            )
        )
    cautious = [by_name[n] for n in rec["ranking"] if n != v["name"]]
    cautious = [c for c in cautious if c["verdict"] == "caution"]
    for c in cautious:
        if c["caps"]:
            text += tr(
                lang,
                f"“{c['name']}”结论为“谨慎”：有答案把结论限在“谨慎”，见下文。",
                f" {c['name']}: caution, held there by answers set out below.",
            )
        else:
            text += tr(
                lang,
                f"“{c['name']}”结论为“谨慎”{_facts(c, lang)}。",
                f" {c['name']}: caution{_facts(c, lang)}.",
            )
    if rec["rejected"]:
        names = tr(lang, "、", ", ").join(tr(lang, f"“{n}”", n) for n in rec["rejected"])
        flagged = all(by_name[n]["red_flags"] for n in rec["rejected"])
        text += tr(
            lang,
            f"不建议选择{names}，原因见下方{'红旗' if flagged else '各服务商的说明'}。",
            f" We advise against {names}; see the {'red flags' if flagged else 'reasons'} below.",
        )
    if pending:
        names = tr(lang, "、", ", ").join(tr(lang, f"“{n}”", n) for n in pending)
        text += tr(
            lang,
            f"{names}还不能下结论，核实下文列出的事项后再比较。",
            f" {names} cannot be judged yet: verify the points listed below, then compare again.",
        )
    return text


def _facts(v: dict[str, Any], lang: Lang) -> str:
    """ "(score 88.2, grade A)", without a grade where none is given (a forced reject)."""
    if v["grade"] == "—":
        return tr(lang, f"（{v['score']} 分）", f" (score {v['score']})")
    return tr(
        lang, f"（{v['score']} 分，{v['grade']} 级）", f" (score {v['score']}, grade {v['grade']})"
    )


def _cost_sentence(name: str, costs: dict[str, Any] | None, lang: Lang) -> str:
    row = (costs or {}).get("by_vendor", {}).get(name)
    base = (costs or {}).get("in_house")
    if not row:
        return ""
    if not base:
        return tr(
            lang,
            f"按店铺档案测算，月成本约 {row['monthly']}。",
            f" It would cost about {row['monthly']} a month.",
        )
    return tr(
        lang,
        f"按店铺档案测算，月成本约 {row['monthly']}，自招 {base['agents']} 名客服约 {base['monthly']}。",
        f" For this shop it would cost about {row['monthly']} a month, against "
        f"{base['monthly']} for {base['agents']} agents hired in-house.",
    )


def _completeness(vendors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "name": v["name"],
            "checklist_id": v["checklist_id"],
            "answered": v["answered"],
            "total": v["total"],
            "unknown": v["unknown"],
            "completeness": v["completeness"],
            "status": v["status"],
            "assessed_on": v["assessed_on"],
            "capped": bool(v["caps"]),
        }
        for v in vendors
    ]


def build_context(data: ReportData) -> dict[str, Any]:
    """Everything the templates need, formatted in `data.lang`."""
    lang = data.lang
    units = _units(data.checklists, lang)
    vendors = [
        _vendor(i, r, rec, units, lang)
        for i, (r, rec) in enumerate(zip(data.results, data.vendors, strict=True))
    ]
    costs = _costs(data.costs, lang)
    for v, r in zip(vendors, data.results, strict=True):
        v["caps"] += marks.missing_reason(r, data.checklists, lang)
        row = (costs or {}).get("by_vendor", {}).get(v["name"])
        v["monthly"] = row["monthly"] if row else ""
        v["history"] = _history(data, v["name"], units, lang)
    b = data.brand.branding if data.brand else None
    if data.kind == "assessment":
        title = tr(lang, "服务商评估报告", "Vendor assessment report")
        subtitle = vendors[0]["name"]
    else:
        title = tr(lang, "服务商对比评估报告", "Vendor comparison report")
        subtitle = tr(lang, "、", " · ").join(v["name"] for v in vendors)
    organisation = b.organisation if b else ""
    drafts = marks.draft_context(vendors, lang)
    return {
        **drafts,
        "sign_off": marks.sign_off(b, drafts["draft"], lang),
        "lang": lang,
        "t": lambda zh, en: tr(lang, zh, en),
        "html_lang": "zh-CN" if lang == "zh" else "en",
        "kind": data.kind,
        "title": title,
        "subtitle": subtitle,
        "client": data.client,
        "organisation": organisation,
        "consultant": b.consultant if b else "",
        "authors": [a for a in (b.consultant, b.organisation) if a] if b else ["vendorcheck"],
        "footer": (b.footer if b and b.footer else organisation),
        "accent": b.accent if b else DEFAULT_ACCENT,
        "date": format_date(data.day, format="long", locale=money.locale_of(lang)),
        "timestamp": data.timestamp,
        "vendors": vendors,
        "recommendation": recommendation_text(data, vendors, costs, lang),
        "chart": _chart(data, vendors, lang),
        "matrix": _matrix(data, vendors) if data.kind == "comparison" else [],
        "costs": costs,
        "methodology": _methodology(data, lang),
        "archive_head": data.archive_head,  # issue 18: what `verify --head` checks
        "completeness": _completeness(vendors),
        "any_unconfirmed": any(v["unconfirmed"] for v in vendors),
        "any_history": any(v["history"] for v in vendors),
        "before_sign": [
            {
                "text": i["text"][lang],
                "why": i["why"][lang],
                "wording": i["wording"][lang] if i["wording"] else "",
                "agreed": i["agreed"],
            }
            for i in data.extra.get("todo", [])
        ],
    }
