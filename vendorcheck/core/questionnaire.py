"""The vendor's questionnaire (issue 21): which questions go out and how a filled cell reads back.

Pure: the workbook and the HTML form are written and read in services/questionnaire.py; this
module decides what a row says and whether a vendor's cell is an answer. A cell is read as an
answers file is (core.answers.check_value), after two kindnesses a person filling a spreadsheet
expects: an option may be given by its label in either language instead of its id, and a number
may carry its unit ("45 秒", "45 s", "96%").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from vendorcheck.core.answers import Answer, Value, check_value
from vendorcheck.core.errors import Lang, UserError
from vendorcheck.core.models import UNKNOWN, Checklist, Question, Section, Text

FORMAT = "vendorcheck-questionnaire/1"
"""The `format` of the cover sheet and of the HTML form's answers file."""
COLUMNS = ("id", "question", "help", "answer", "allowed", "note", "evidence")
"""The header row of every section sheet (machine keys; the cover explains them in both languages)."""
UNKNOWN_LABEL = Text(zh="不清楚", en="Unknown")
_NUMBER = re.compile(r"^\s*([-+]?(?:\d[\d,]*)?(?:\.\d+)?)\s*(.*?)\s*$")
_PERCENT = {"%", "％", "percent", "百分比"}


@dataclass(frozen=True)
class Cell:
    """One filled row as read from a file: where it is, for the problem lines."""

    sheet: str
    row: int
    question_id: str
    answer: Any
    note: str = ""
    evidence: str = ""


def vendor_sections(checklist: Checklist) -> list[tuple[Section, list[Question]]]:
    """The sections and questions the vendor is asked: merchant-only ones left out."""
    out = []
    for s in checklist.sections:
        qs = [q for q in s.questions if not q.merchant_only]
        if qs:
            out.append((s, qs))
    return out


def labels(q: Question, lang: Lang) -> list[str]:
    """The drop-down of a choice or yes/no question, in `lang`, "unknown" last."""
    opts = [o.label.get(lang) for o in q.answer_options()]
    if q.kind == "choice":
        opts.append(UNKNOWN_LABEL.get(lang))
    return opts


def allowed_text(q: Question, lang: Lang) -> str:
    """What the `allowed` column tells the vendor about its answer."""
    zh = lang == "zh"
    if q.kind in ("yes_no", "choice"):
        return ("从下拉列表选择：" if zh else "pick from the list: ") + " / ".join(labels(q, lang))
    if q.kind == "rating":
        return "1-5 的整数" if zh else "a whole number 1-5"
    if q.kind == "text":
        return "文字" if zh else "text"
    unit = q.unit.get(lang) if q.unit else ""
    lo = "" if q.min is None else f"{q.min:g}"
    hi = "" if q.max is None else f"{q.max:g}"
    rng = f"{lo}-{hi}" if lo and hi else (f">= {lo}" if lo else (f"<= {hi}" if hi else ""))
    if zh:
        return f"数字{('，单位：' + unit) if unit else ''}{('，范围 ' + rng) if rng else ''}"
    return f"a number{(' in ' + unit) if unit else ''}{(', ' + rng) if rng else ''}"


def shown_value(q: Question, value: Value, lang: Lang) -> Value:
    """A stored answer as the vendor sees it in a pre-filled cell: an option's label."""
    if q.kind in ("yes_no", "choice"):
        if value == UNKNOWN:
            return UNKNOWN_LABEL.get(lang)
        for o in q.answer_options():
            if o.id == value:
                return o.label.get(lang)
    return value


def read_value(q: Question, raw: Any) -> Value:
    """A cell's canonical value, or a UserError saying what is wrong with it."""
    if q.kind in ("yes_no", "choice") and isinstance(raw, str):
        key = raw.strip().casefold()
        for o in (*q.answer_options(), *_unknown(q)):
            if key in (o.id.casefold(), o.label.zh.casefold(), o.label.en.casefold()):
                return check_value(q, o.id)
    if q.kind in ("number", "rating") and isinstance(raw, str):
        raw = _strip_unit(q, raw)
    if q.kind == "text" and isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = f"{raw:g}"
    return check_value(q, raw)


def _unknown(q: Question) -> tuple[Any, ...]:
    from vendorcheck.core.models import Option

    return (Option(id=UNKNOWN, label=UNKNOWN_LABEL, points=0),) if q.kind == "choice" else ()


def _strip_unit(q: Question, raw: str) -> str:
    """ "45 秒" -> "45" when the question's unit is seconds; a different unit is refused."""
    if raw.strip().casefold() in (UNKNOWN, UNKNOWN_LABEL.zh):
        return UNKNOWN
    m = _NUMBER.match(raw)
    if m is None or not m.group(1) or not m.group(2):
        return raw.replace(",", "") if m and m.group(1) else raw
    number, unit = m.group(1).replace(",", ""), m.group(2).casefold()
    if q.unit is not None and _same_unit(unit, q.unit):
        return number
    want = f"{q.unit.en} / {q.unit.zh}" if q.unit else "none"
    raise UserError(
        f"unit {m.group(2)!r} is not this question's unit ({want})",
        f"单位“{m.group(2)}”与本题的单位不符（{want}）",
        where=f"answers.{q.id}",
    )


def _same_unit(given: str, unit: Text) -> bool:
    zh, en = unit.zh.casefold(), unit.en.casefold()
    if en == "%" or zh == "%":
        return given in _PERCENT
    return given in (zh, en) or en.startswith(given) or zh.startswith(given)


def read_cells(checklist: Checklist, cells: Iterable[Cell]) -> tuple[dict[str, Answer], list[str]]:
    """Every filled row checked; the answers (source "vendor") and one line per problem, each
    naming the sheet, the row and the question. Empty answers are skipped: not answered yet."""
    answers: dict[str, Answer] = {}
    problems: list[str] = []
    seen: dict[str, str] = {}
    for c in cells:
        where = f"{c.sheet}!{c.row} {c.question_id}"
        q = checklist.question(c.question_id)
        if q is None:
            problems.append(f"{where}: unknown question id / 没有这个问题编号")
            continue
        if q.merchant_only:
            problems.append(
                f"{where}: only the merchant answers this question / 这道题只能由商家回答"
            )
            continue
        if c.question_id in seen:
            problems.append(
                f"{where}: question already answered at {seen[c.question_id]} / "
                f"重复：已在 {seen[c.question_id]} 回答过"
            )
            continue
        seen[c.question_id] = f"{c.sheet}!{c.row}"
        if _blank(c.answer):
            continue
        try:
            value = read_value(q, c.answer)
        except UserError as e:
            problems.append(f"{where}: {e.en} / {e.zh}")
            continue
        answers[q.id] = Answer(
            question_id=q.id,
            value=value,
            note=_text(c.note),
            evidence=_text(c.evidence),
            source="vendor",
        )
    return answers, problems


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _text(v: Any) -> str:
    if v is None:
        return ""
    return v.strip() if isinstance(v, str) else f"{v:g}" if isinstance(v, float) else str(v)


def identity_problems(
    meta: Mapping[str, Any], vendor: Mapping[str, Any], checklist_ids: Mapping[str, str]
) -> list[str]:
    """The cover's vendor and checklist against the import's: a file made for another vendor,
    checklist or version is refused. `checklist_ids`: id -> current SHA-256 of the checklist."""
    out = []
    if meta.get("format") != FORMAT:
        out.append(
            f"cover: not a vendorcheck questionnaire (format {meta.get('format')!r}) / "
            "封面：不是 vendorcheck 问卷"
        )
        return out
    if meta.get("vendor_id") != vendor["id"]:
        out.append(
            f"cover: made for vendor {meta.get('vendor')!r}, not {vendor['name']!r} / "
            f"封面：这份问卷是发给“{meta.get('vendor')}”的，不是“{vendor['name']}”"
        )
    cid, sha = str(meta.get("checklist") or ""), str(meta.get("sha256") or "")
    if cid not in checklist_ids:
        out.append(f"cover: unknown checklist {cid!r} / 封面：没有清单 {cid}")
    elif checklist_ids[cid] != sha:
        out.append(
            f"cover: made for {cid} {meta.get('version')} ({sha[:12]}), not the checklist in "
            f"use now ({checklist_ids[cid][:12]}); export a new questionnaire / "
            f"封面：问卷对应的清单版本 {meta.get('version')}（{sha[:12]}）与当前清单"
            f"（{checklist_ids[cid][:12]}）不同，请重新导出问卷"
        )
    return out
