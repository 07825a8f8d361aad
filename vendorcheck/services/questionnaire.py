"""The questionnaire round trip (issue 21): out to the vendor as .xlsx or a self-contained HTML
form, back as the filled .xlsx or the form's answers .json, into the open draft as the vendor's
word (`source = "vendor"`) for the merchant to confirm or override.

Reading a file checks every cell before anything is written: one bad cell refuses the whole
file with one line per problem, and the database is left exactly as it was.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vendorcheck.core import questionnaire as core
from vendorcheck.core.answers import Answer, check_value
from vendorcheck.core.errors import Lang, UserError
from vendorcheck.core.models import Checklist
from vendorcheck.core.parsing import checklist_sha256
from vendorcheck.services import assessing, catalog
from vendorcheck.store import Store

MAX_BYTES = 20 * 2**20
"""A filled questionnaire is tens of kilobytes; anything past 20 MB is not the file meant."""


def cover(vendor: Mapping[str, Any], checklist: Checklist, lang: Lang) -> dict[str, str]:
    """What the file is for: checked again when it comes back."""
    return {
        "format": core.FORMAT,
        "vendor": str(vendor["name"]),
        "vendor_id": str(vendor["id"]),
        "checklist": checklist.id,
        "version": checklist.version,
        "sha256": checklist_sha256(checklist),
        "lang": lang,
    }


def prefill_answers(store: Store, vendor_id: str, checklist: Checklist) -> dict[str, Answer]:
    """The answers to pre-fill: the open draft of this checklist, else the latest assessment;
    only those that still answer a question the vendor is asked."""
    drafts = assessing.open_drafts(store, vendor_id, checklist.id)
    a = drafts[0] if drafts else store.latest_assessment(vendor_id)
    if a is None:
        return {}
    out = {}
    for qid, ans in store.answers(str(a["id"])).items():
        q = checklist.question(qid)
        if q is None or q.merchant_only:
            continue
        try:
            check_value(q, ans.value)
        except UserError:
            continue
        out[qid] = ans
    return out


def export(
    store: Store,
    vendor: str,
    checklist_id: str,
    out: Path,
    *,
    lang: Lang = "zh",
    prefill: bool = False,
) -> int:
    """Write the questionnaire to `out` (.xlsx or .html); the number of questions in it."""
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".html"):
        raise UserError(
            "the questionnaire is written as .xlsx or .html",
            "问卷只能导出为 .xlsx 或 .html",
            where=str(out),
        )
    v = store.vendor(vendor)
    checklist = catalog.get(checklist_id)
    filled = prefill_answers(store, v["id"], checklist) if prefill else {}
    meta = cover(v, checklist, lang)
    data: bytes | str
    if suffix == ".xlsx":
        from vendorcheck.services.questionnaire_xlsx import write_xlsx

        data = write_xlsx(checklist, meta, filled, lang)
    else:
        from vendorcheck.services.questionnaire_html import write_html

        data = write_html(checklist, meta, filled, lang)
    from vendorcheck.services.files import write_atomic

    write_atomic(out, data)
    return sum(len(qs) for _, qs in core.vendor_sections(checklist))


def read_file(path: Path) -> tuple[dict[str, Any], list[core.Cell]]:
    """The cover and the filled rows of a returned .xlsx or the HTML form's .json."""
    from vendorcheck.services.files import read_bytes

    data = read_bytes(path, MAX_BYTES)
    if path.suffix.lower() == ".json" or data[:1] in (b"{", b"\xef"):
        return _read_json(data, path)
    from vendorcheck.services.questionnaire_xlsx import read_xlsx

    return read_xlsx(data, str(path))


def _read_json(data: bytes, path: Path) -> tuple[dict[str, Any], list[core.Cell]]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise UserError(
            f"not a valid answers file: {e}", f"不是有效的答案文件：{e}", where=str(path)
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("answers"), dict):
        raise UserError(
            'expected the form\'s answers file: a JSON object with "answers"',
            "应为问卷表单保存的答案文件（含 answers 的 JSON 对象）",
            where=str(path),
        )
    meta = {
        k: doc.get(k) for k in ("format", "vendor", "vendor_id", "checklist", "version", "sha256")
    }
    cells = []
    for i, (qid, item) in enumerate(doc["answers"].items(), start=1):
        item = item if isinstance(item, dict) else {"value": item}
        cells.append(
            core.Cell(
                sheet="answers",
                row=i,
                question_id=str(qid),
                answer=item.get("value"),
                note=str(item.get("note") or ""),
                evidence=str(item.get("evidence") or ""),
            )
        )
    return meta, cells


def import_file(
    store: Store, vendor: str, path: Path, *, into: str | None = None
) -> dict[str, Any]:
    """Check the whole file, then put its answers in the vendor's open draft as the vendor's
    word. A merchant's answer the vendor left as it was stays the merchant's; one it changed
    becomes the vendor's again, to confirm. `into` names the draft to fill (the TUI's).
    What was done, for the shells to print."""
    v = store.vendor(vendor)
    meta, cells = read_file(path)
    known = {c.id: checklist_sha256(c) for c in catalog.available()}
    problems = core.identity_problems(meta, v, known)
    if problems:
        raise UserError("\n".join(problems), "\n".join(problems), where=str(path))
    checklist = catalog.get(str(meta["checklist"]))
    answers, problems = core.read_cells(checklist, cells)
    if problems:
        n = len(problems)
        head = f"{n} problem(s), nothing imported / {n} 处问题，未导入任何内容"
        raise UserError("\n".join([head, *problems]), where=str(path))
    sha = checklist_sha256(checklist)
    with store.atomic():
        drafts = assessing.open_drafts(store, v["id"], checklist.id)
        if into is not None:  # the draft on screen (the TUI), when the vendor has several
            drafts = [d for d in drafts if d["id"] == into] or drafts
        if drafts and drafts[0]["checklist_sha256"] != sha:
            raise UserError(
                f"the open draft {drafts[0]['id']} uses another version of {checklist.id}; "
                "finalize it or export the questionnaire again",
                f"未定稿的评估 {drafts[0]['id']} 用的是 {checklist.id} 的另一个版本；"
                "请先定稿，或重新导出问卷",
                where=str(path),
            )
        aid = (
            str(drafts[0]["id"])
            if drafts
            else assessing.start_assessment(store, v["id"], checklist)
        )
        have = store.answers(aid)
        same = {
            q
            for q, a in answers.items()
            if q in have and have[q].source == "merchant" and have[q].value == a.value
        }
        written = {q: a for q, a in answers.items() if q not in same}
        replaced = sorted(q for q in written if q in have and have[q].source == "merchant")
        result = assessing.draft_score(store, aid, checklist, have | written)
        if written:
            store.set_answers(aid, list(written.values()), result)
    return {
        "assessment_id": aid,
        "created": not drafts,
        "imported": len(written),
        "kept": len(same),
        "replaced": replaced,
        "verdict": result.verdict,
        "vendor_declared": result.vendor_declared,
    }


def confirm(store: Store, vendor: str, question_ids: list[str]) -> list[str]:
    """Make the vendor's (or a contract's) unconfirmed answers the merchant's own, as the TUI's
    confirm key does; all of them when no id is given. The ids confirmed."""
    v = store.vendor(vendor)
    drafts = assessing.open_drafts(store, v["id"])
    if not drafts:
        raise UserError(f"{v['name']} has no draft assessment", f"“{v['name']}”没有草稿评估")
    aid = str(drafts[0]["id"])
    pending = {p["question_id"]: p for p in assessing.unconfirmed(store, aid)}
    wanted = question_ids or list(pending)
    bad = [q for q in wanted if q not in pending]
    if bad:
        raise UserError(
            f"not an unconfirmed answer: {', '.join(bad)}",
            f"不是待确认的答案：{', '.join(bad)}",
        )
    have = store.answers(aid)
    with store.atomic():
        for qid in wanted:
            a = have[qid]
            assessing.answer(store, aid, qid, a.value, note=a.note, evidence=a.evidence)
    return wanted
