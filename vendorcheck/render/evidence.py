"""The evidence files a report lists (issue 21): per answer, and those tied to no question.

Only the file's name (control characters already removed when it was stored), kind, SHA-256
prefix and dates are shown; a file's content is never embedded or rendered in a report.
"""

from __future__ import annotations

from typing import Any

from vendorcheck.core.errors import Lang
from vendorcheck.core.evidence import KIND_LABELS
from vendorcheck.i18n import tr


def file_view(f: dict[str, Any], lang: Lang) -> dict[str, Any]:
    zh, en = KIND_LABELS.get(f["kind"], (f["kind"], f["kind"]))
    state = f.get("expiry") or ""
    return {
        "name": f["name"],
        "kind": zh if lang == "zh" else en,
        "sha": f["sha256"][:12],
        "expires": f.get("expires") or "",
        "expired": state == "expired",
        "expiring": state == "expiring",
        "state": {
            "expired": tr(lang, "已过期", "expired"),
            "expiring": tr(lang, "即将到期", "expiring"),
        }.get(state, ""),
        "question_id": f.get("question_id") or "",
        "sealed": bool(f.get("sealed")),
        "pending": "" if f.get("sealed") else tr(lang, "未封存", "not sealed yet"),
    }


def by_question(
    r: dict[str, Any], lang: Lang, prompts: dict[str, str]
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """(question id -> its files, every file with the prompt of its question) of a vendor."""
    per: dict[str, list[dict[str, Any]]] = {}
    every = []
    for f in r.get("evidence_files") or []:
        view = file_view(f, lang)
        view["question"] = prompts.get(view["question_id"], view["question_id"])
        per.setdefault(view["question_id"], []).append(view)
        every.append(view)
    return per, every
