"""The questionnaire as one self-contained HTML form (no server, nothing fetched): the vendor
fills it in a browser and saves an answers file, a download made by the page's own script.

The answers file (format `vendorcheck-questionnaire/1`) is JSON: the cover's fields (`format`,
`vendor`, `vendor_id`, `checklist`, `version`, `sha256`, `lang`) and `answers`, mapping each
answered question id to `{"value": option id | number | text, "note": text, "evidence": text}`.
`vendorcheck questionnaire import VENDOR FILE.json` reads it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vendorcheck.core import questionnaire as core
from vendorcheck.core.answers import Answer
from vendorcheck.core.errors import Lang
from vendorcheck.core.models import UNKNOWN, Checklist, Question
from vendorcheck.services.questionnaire_xlsx import INSTRUCTIONS

WORDS = {
    "answer": ("回答", "Answer"),
    "note": ("说明", "Note"),
    "evidence": ("可提供的证明材料", "Evidence you can offer"),
}


def _question(q: Question, a: Answer | None, lang: Lang) -> dict[str, Any]:
    options = [{"id": o.id, "label": o.label.get(lang)} for o in q.answer_options()]
    if q.kind == "choice":
        options.append({"id": UNKNOWN, "label": core.UNKNOWN_LABEL.get(lang)})
    return {
        "id": q.id,
        "kind": q.kind,
        "prompt": q.prompt.get(lang),
        "help": q.help.get(lang) if q.help else "",
        "allowed": core.allowed_text(q, lang),
        "options": options,
        "unit": q.unit.get(lang) if q.unit else "",
        "min": 1 if q.kind == "rating" else q.min,
        "max": 5 if q.kind == "rating" else q.max,
        "value": "" if a is None else a.value,
        "note": a.note if a else "",
        "evidence": a.evidence if a else "",
    }


def write_html(
    checklist: Checklist, meta: Mapping[str, str], filled: Mapping[str, Answer], lang: Lang
) -> str:
    from vendorcheck.render import render_page

    sections = [
        {
            "title": s.title.get(lang),
            "questions": [_question(q, filled.get(q.id), lang) for q in qs],
        }
        for s, qs in core.vendor_sections(checklist)
    ]
    title = f"{checklist.title.get(lang)} — {meta['vendor']}"
    return render_page(
        "questionnaire.html.j2",
        title=title,
        meta=dict(meta),
        lang=lang,
        sections=sections,
        instructions=INSTRUCTIONS,
        words={k: (zh if lang == "zh" else en) for k, (zh, en) in WORDS.items()},
    )
