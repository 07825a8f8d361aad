"""What keeps a report from contradicting itself (issue 19, item 4): draft marks, the sign-off
block of a final report, and a reason for every verdict that the summary points to.

A report that shows a draft assessment says so on every page (a running mark and a watermark)
and beside the vendor in the summary table; only a report whose assessments are all final closes
with a sign-off block, since nobody should sign a verdict that can still change.
"""

from __future__ import annotations

from typing import Any

from vendorcheck.core.branding import Branding, sign_off_fields
from vendorcheck.core.errors import Lang
from vendorcheck.i18n import tr


def draft_context(vendors: list[dict[str, Any]], lang: Lang) -> dict[str, Any]:
    """`draft` (any assessment is a draft), the vendors concerned and the running mark."""
    drafts = [v["name"] for v in vendors if v["is_draft"]]
    if not drafts:
        return {"draft": False, "drafts": [], "draft_mark": "", "draft_note": ""}
    if len(vendors) == 1:
        mark = tr(lang, "草稿 · 评估尚未定稿", "DRAFT · assessment not final")
        note = tr(
            lang,
            "本报告依据的评估尚未定稿，结论可能改变；定稿后请重新生成报告。",
            "This report rests on an assessment that is not final yet: its verdict may change. "
            "Make the report again once it is finalized.",
        )
    else:
        mark = tr(
            lang,
            f"草稿 · 含 {len(drafts)} 份未定稿评估",
            f"DRAFT · {len(drafts)} assessment(s) not final",
        )
        note = tr(
            lang,
            "标有“草稿”的评估尚未定稿，结论可能改变；全部定稿后请重新生成报告。",
            "Assessments marked “draft” are not final yet: their verdicts may change. Make the "
            "report again once all of them are finalized.",
        )
    return {"draft": True, "drafts": drafts, "draft_mark": mark, "draft_note": note}


def sign_off(branding: Branding | None, draft: bool, lang: Lang) -> dict[str, Any]:
    """The closing block of a final report: the organisation, then the four lines of
    core.branding.SIGN_OFF_FIELDS (the preparer filled in from the branding file's consultant,
    the rest left blank to be written on the printed copy)."""
    return {
        "shown": not draft,
        "title": tr(lang, "签发", "Sign-off"),
        "organisation_label": tr(lang, "机构", "Organisation"),
        "organisation": branding.organisation if branding else "",
        "fields": [{**f, "label": f["label"][lang]} for f in sign_off_fields(branding)],
    }


def missing_reason(r: dict[str, Any], checklists: list[dict[str, Any]], lang: Lang) -> list[str]:
    """A sentence for a verdict that came without one (a final sealed with scoring v1 rejected
    on its score alone carries no reasons): the summary says "see the reasons below", so there
    must be one below."""
    if r["verdict"] != "reject" or r["red_flags"] or r.get("reasons"):
        return []
    grades: list[dict[str, Any]] = next(
        (c["scoring"]["grades"] for c in checklists if c["sha256"] == r["checklist"]["sha256"]),
        [],
    )
    floor = min((g["min"] for g in grades if g["verdict"] != "reject"), default=None)
    if floor is None:
        return [tr(lang, "总分在“拒绝”区间", "The score is in the reject band")]
    return [tr(lang, f"总分低于 {floor:g} 分", f"The score is below {floor:g}")]
