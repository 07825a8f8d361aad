"""Answers as given: checked against the question they answer before anything is stored."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from vendorcheck.core.errors import UserError
from vendorcheck.core.models import UNKNOWN, Checklist, Question

Value = str | float | int
Source = Literal["merchant", "suggested", "vendor"]


class Answer(BaseModel):
    """One answer. `source = "suggested"` marks a pre-fill (e.g. from a contract scan) to confirm;
    `"vendor"` an answer the vendor declared in its questionnaire, also to confirm."""

    model_config = ConfigDict(frozen=True)

    question_id: str
    value: Value
    note: str = ""
    evidence: str = ""
    source: Source = "merchant"

    @property
    def known(self) -> bool:
        return self.value != UNKNOWN


def check_value(q: Question, raw: Any) -> Value:
    """Return the canonical value for `raw`, or raise a UserError naming what is wrong."""
    if isinstance(raw, str) and raw.strip().lower() == UNKNOWN:
        return UNKNOWN
    kind = q.kind
    if kind == "text":
        if not isinstance(raw, str):
            raise _bad(q, f"expects text, got {raw!r}", f"应填写文字，收到 {raw!r}")
        return raw
    if kind in ("yes_no", "choice"):
        ids = [o.id for o in q.answer_options()]
        if isinstance(raw, bool) and kind == "yes_no":
            return "yes" if raw else "no"
        if not isinstance(raw, str) or raw.strip().lower() not in ids:
            allowed = ", ".join(ids if kind == "yes_no" else [*ids, UNKNOWN])
            raise _bad(
                q, f"{raw!r} is not one of: {allowed}", f"{raw!r} 不是可选答案之一：{allowed}"
            )
        return raw.strip().lower()
    if kind == "rating":
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != int(raw):
            raise _bad(
                q, f"expects a whole number 1-5, got {raw!r}", f"应为 1-5 的整数，收到 {raw!r}"
            )
        if not 1 <= raw <= 5:
            raise _bad(q, f"rating {raw} is outside 1-5", f"评分 {raw} 不在 1-5 之间")
        return int(raw)
    # number
    if isinstance(raw, str):
        try:
            raw = float(raw.strip())
        except ValueError:
            raise _bad(q, f"expects a number, got {raw!r}", f"应为数字，收到 {raw!r}") from None
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise _bad(q, f"expects a number, got {raw!r}", f"应为数字，收到 {raw!r}")
    if q.min is not None and raw < q.min:
        raise _bad(q, f"{raw:g} is below the minimum {q.min:g}", f"{raw:g} 小于下限 {q.min:g}")
    if q.max is not None and raw > q.max:
        raise _bad(q, f"{raw:g} is above the maximum {q.max:g}", f"{raw:g} 大于上限 {q.max:g}")
    return int(raw) if raw == int(raw) else float(raw)


def _bad(q: Question, en: str, zh: str) -> UserError:
    return UserError(en, zh, where=f"answers.{q.id}")


def parse_answers(
    payload: Any, checklist: Checklist, *, source: Source = "merchant"
) -> dict[str, Answer]:
    """Validate an answers document `{"answers": {qid: value | {value, note, evidence}}}`."""
    if not isinstance(payload, Mapping) or not isinstance(payload.get("answers"), Mapping):
        raise UserError(
            'expected a table "answers" mapping question ids to values',
            "应有 answers 表，把问题编号映射到答案",
            where="answers",
        )
    extra = set(payload) - {"answers", "vendor", "checklist", "assessor"}
    if extra:
        raise UserError(
            f"unknown top-level key(s): {', '.join(sorted(map(str, extra)))}",
            f"无法识别的顶层字段：{', '.join(sorted(map(str, extra)))}",
        )
    out: dict[str, Answer] = {}
    for qid, item in payload["answers"].items():
        q = checklist.question(str(qid))
        if q is None:
            raise UserError(
                f"no question with this id in {checklist.id} {checklist.version}",
                f"清单 {checklist.id} {checklist.version} 中没有这个问题编号",
                where=f"answers.{qid}",
            )
        note = evidence = ""
        if isinstance(item, Mapping):
            unknown_keys = set(item) - {"value", "note", "evidence"}
            if unknown_keys or "value" not in item:
                raise UserError(
                    'an answer table takes "value" and optionally "note" and "evidence"',
                    "答案表应包含 value，可选 note 和 evidence",
                    where=f"answers.{qid}",
                )
            note = _text(item.get("note", ""), f"answers.{qid}.note")
            evidence = _text(item.get("evidence", ""), f"answers.{qid}.evidence")
            item = item["value"]
        out[q.id] = Answer(
            question_id=q.id,
            value=check_value(q, item),
            note=note,
            evidence=evidence,
            source=source,
        )
    return out


def _text(v: Any, where: str) -> str:
    if not isinstance(v, str):
        raise UserError("expects text", "应为文字", where=where)
    return v
