"""The archive's pure rules: canonical form and hash chain of final assessments, diffs, due dates.

Kept free of I/O so the same bytes are hashed on every machine that verifies a bundle.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

DEFAULT_INTERVAL_MONTHS = 12
GENESIS = ""  # prev hash of a vendor's first final assessment


def canonical(
    assessment: Mapping[str, Any],
    vendor: Mapping[str, Any],
    checklist: Mapping[str, Any],
    answers: Sequence[Mapping[str, Any]],
    prev_hash: str = GENESIS,
) -> str:
    """One JSON text per final assessment: sorted keys, no spaces, answers by question id."""
    doc = {
        "assessment_id": assessment["id"],
        "vendor": {"id": vendor["id"], "name": vendor["name"]},
        "checklist": {
            "id": checklist["id"],
            "version": checklist["version"],
            "sha256": checklist["sha256"],
        },
        "answers": [
            {
                "question_id": a["question_id"],
                "value": a["value"],
                "note": a.get("note") or "",
                "evidence": a.get("evidence") or "",
            }
            for a in sorted(answers, key=lambda a: str(a["question_id"]))
        ],
        "score": assessment.get("score"),
        "grade": assessment.get("grade"),
        "verdict": assessment.get("verdict"),
        "finalized_by": assessment.get("finalized_by") or "",
        "finalized_at": assessment.get("finalized_at") or "",
        "prev_hash": prev_hash,
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_at(last_final: date, interval_months: int = DEFAULT_INTERVAL_MONTHS) -> date:
    return add_months(last_final, interval_months)


def is_overdue(
    last_final: date, today: date, interval_months: int = DEFAULT_INTERVAL_MONTHS
) -> bool:
    return today >= due_at(last_final, interval_months)


def diff(
    old_answers: Mapping[str, Any],
    new_answers: Mapping[str, Any],
    old_flags: Sequence[str],
    new_flags: Sequence[str],
    old_score: float | None,
    new_score: float | None,
) -> dict[str, Any]:
    """What changed between two assessments: moved answers, red flags gained and cleared, score."""
    moved = [
        {"question_id": q, "from": old_answers.get(q), "to": new_answers.get(q)}
        for q in sorted(set(old_answers) | set(new_answers))
        if old_answers.get(q) != new_answers.get(q)
    ]
    change = None
    if old_score is not None and new_score is not None:
        change = round(new_score - old_score, 2)
    return {
        "moved": moved,
        "flags_gained": sorted(set(new_flags) - set(old_flags)),
        "flags_cleared": sorted(set(old_flags) - set(new_flags)),
        "score_change": change,
    }
