"""The template context: ReportData turned into ready-to-print values in one language.

Templates stay simple (loops and labels); numbers, money, dates and verdict names are formatted
here with Babel so the PDF, HTML and Markdown say exactly the same thing.
"""

from __future__ import annotations

from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from vendorcheck.core.branding import DEFAULT_ACCENT
from vendorcheck.core.errors import Lang
from vendorcheck.i18n import tr
from vendorcheck.services import money
from vendorcheck.services.labels import PLATFORMS, SERVICES, label, verdict_label
from vendorcheck.services.reporting import ReportData

# One colour per vendor in charts and legends (colour-blind-safe Okabe-Ito order, then greys).
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#555555", "#999999")
VERDICT_CLASS = {
    "recommended": "good",
    "acceptable": "ok",
    "caution": "warn",
    "reject": "bad",
}


def _text(value: Any, lang: Lang) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    return str(value)


def _num(x: float | None, lang: Lang, digits: int = 1) -> str:
    if x is None:
        return "—"
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(x, format=fmt, locale=money.locale_of(lang))


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
        for n, q in enumerate(s["questions"], 1):
            prompts[q["id"]] = _text(q["prompt"], lang)
            rows.append(
                {
                    "n": n,
                    "id": q["id"],
                    "prompt": _text(q["prompt"], lang),
                    "answer": _answer_text(q, units.get(q["id"], ""), lang),
                    "answered": q["value"] is not None and q["value"] != "unknown",
                    "points": "—"
                    if not q["possible"]
                    else f"{_num(q['earned'], lang)} / {_num(q['possible'], lang, 0)}",
                    "critical": q["critical"],
                    "note": q["note"],
                    "evidence": q["evidence"],
                    "suggested": q["source"] == "suggested",
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
            "reason": _text(f["reason"], lang),
        }
        for f in r["red_flags"]
    ]
    unconfirmed = sum(1 for s in sections for row in s["rows"] if row["suggested"])
    return {
        "index": i,
        "anchor": f"vendor-{i + 1}",
        "name": r["vendor"],
        "colour": PALETTE[i % len(PALETTE)],
        "score": _num(r["score"], lang),
        "score_value": r["score"],
        "grade": r["grade"],
        "verdict": r["verdict"],
        "verdict_label": verdict_label(r["verdict"], lang),
        "verdict_class": VERDICT_CLASS.get(r["verdict"], "ok"),
        "completeness": format_percent(
            r["completeness"], format="#,##0%", locale=money.locale_of(lang)
        ),
        "red_flags": flags,
        "caps": [_text(c, lang) for c in r["caps"]],
        "checklist": _text(r["checklist"]["title"], lang),
        "checklist_id": r["checklist"]["id"],
        "status": tr(lang, "已定稿", "final")
        if r["status"] == "final"
        else tr(lang, "草稿", "draft"),
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
    if not costs or not costs.get("vendors"):
        return None

    def m(x: float | None) -> str:
        return "—" if x is None else money.money(x, lang, whole=True)

    rows = []
    for v in costs["vendors"]:
        rows.append(
            {
                "vendor": v["vendor"],
                "model": _text(v.get("model_label"), lang) or v["model"],
                "monthly": m(v["monthly_cost"]),
                "annual": m(v["annual_cost"]),
                "per_inquiry": "—"
                if v.get("cost_per_inquiry") is None
                else money.money(v["cost_per_inquiry"], lang),
                "seats": f"{v.get('seats_committed') if v.get('seats_committed') is not None else '?'}"
                f" / {v.get('seats_needed', '?')}",
                "agents": f"{v.get('agents_committed') if v.get('agents_committed') is not None else '?'}"
                f" / {v.get('agents_needed', '?')}",
                "short": v.get("staffing_ok") is False,
                "flags": [_text(f, lang) for f in v.get("flags", [])],
            }
        )
    base = costs.get("in_house") or {}
    profile = costs.get("profile") or {}
    return {
        "rows": rows,
        "in_house": {
            "agents": base.get("agents"),
            "monthly": m(base.get("monthly_cost")),
            "annual": m(base.get("annual_cost")),
            "per_inquiry": "—"
            if base.get("cost_per_inquiry") is None
            else money.money(base["cost_per_inquiry"], lang),
        }
        if base
        else None,
        "profile": {
            "sales": m(profile.get("monthly_sales")),
            "inquiries": money.number(profile.get("daily_inquiries_avg"), lang),
            "peak": money.number(profile.get("daily_inquiries_peak"), lang),
            "hours": money.number(profile.get("coverage_hours"), lang),
        }
        if profile
        else None,
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
            {"title": v["checklist"], "id": r["checklist"]["id"], "vendors": [], "sections": []},
        )
        g["vendors"].append(v)
    for g in groups.values():
        first = g["vendors"][0]
        for si, s in enumerate(first["sections"]):
            rows = []
            for qi, q in enumerate(s["rows"]):
                cells = [v["sections"][si]["rows"][qi] for v in g["vendors"]]
                rows.append({"n": q["n"], "prompt": q["prompt"], "cells": cells})
            g["sections"].append(
                {
                    "title": s["title"],
                    "scores": [v["sections"][si]["score"] for v in g["vendors"]],
                    "rows": rows,
                }
            )
    return list(groups.values())


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
            }
        )
    return out


def recommendation_text(data: ReportData, vendors: list[dict[str, Any]], lang: Lang) -> str:
    rec = data.recommendation
    by_name = {v["name"]: v for v in vendors}
    if data.kind == "assessment":
        v = vendors[0]
        if v["verdict"] == "reject":
            return tr(
                lang,
                f"不建议与“{v['name']}”合作：评估结论为“{v['verdict_label']}”（{v['score']} 分，{v['grade']} 级）。",
                f"We advise against working with {v['name']}: the verdict is {v['verdict_label']} "
                f"(score {v['score']}, grade {v['grade']}).",
            )
        return tr(
            lang,
            f"“{v['name']}”的评估结论为“{v['verdict_label']}”（{v['score']} 分，{v['grade']} 级）。",
            f"{v['name']} is assessed as {v['verdict_label']} (score {v['score']}, grade {v['grade']}).",
        )
    if rec["vendor"] is None:
        return tr(
            lang,
            "所有参评服务商的结论均为“拒绝”，建议暂不合作，另寻服务商。",
            "Every vendor assessed is rejected; we advise working with none of them and looking further.",
        )
    v = by_name[rec["vendor"]]
    text = tr(
        lang,
        f"建议优先考虑“{v['name']}”：结论为“{v['verdict_label']}”，得分 {v['score']}（{v['grade']} 级）。",
        f"We recommend {v['name']} first: verdict {v['verdict_label']}, score {v['score']} "
        f"(grade {v['grade']}).",
    )
    if v["verdict"] == "caution":
        text += tr(
            lang,
            "但其结论为“谨慎”，签约前请先核实下面列出的未决事项。",
            " Its verdict is caution, so verify the open points listed below before signing.",
        )
    if rec["rejected"]:
        names = tr(lang, "、", ", ").join(tr(lang, f"“{n}”", n) for n in rec["rejected"])
        text += tr(
            lang,
            f"不建议选择{names}，原因见下方红旗。",
            f" We advise against {names}; see the red flags below.",
        )
    return text


def build_context(data: ReportData) -> dict[str, Any]:
    """Everything the templates need, formatted in `data.lang`."""
    lang = data.lang
    units = _units(data.checklists, lang)
    vendors = [
        _vendor(i, r, rec, units, lang)
        for i, (r, rec) in enumerate(zip(data.results, data.vendors, strict=True))
    ]
    b = data.brand.branding if data.brand else None
    if data.kind == "assessment":
        title = tr(lang, "服务商评估报告", "Vendor assessment report")
        subtitle = vendors[0]["name"]
    else:
        title = tr(lang, "服务商对比评估报告", "Vendor comparison report")
        subtitle = tr(lang, "、", " · ").join(v["name"] for v in vendors)
    organisation = b.organisation if b else ""
    return {
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
        "recommendation": recommendation_text(data, vendors, lang),
        "chart": _chart(data, vendors, lang),
        "matrix": _matrix(data, vendors) if data.kind == "comparison" else [],
        "costs": _costs(data.costs, lang),
        "methodology": _methodology(data, lang),
        "any_unconfirmed": any(v["unconfirmed"] for v in vendors),
    }
