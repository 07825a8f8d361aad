"""Vendors and assessments: add, answer (saved at once), score, finalize, compare."""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping
from typing import Any

from vendorcheck.core.answers import Answer, Source, check_value, parse_answers
from vendorcheck.core.credit_code import credit_code_problem
from vendorcheck.core.errors import Conflict, UserError
from vendorcheck.core.models import PLATFORM_IDS, SERVICE_IDS, Checklist
from vendorcheck.core.scoring import Result, score
from vendorcheck.services.rescoring import checklist_of as checklist_of
from vendorcheck.services.rescoring import fit_of as fit_of
from vendorcheck.services.rescoring import method_of as method_of
from vendorcheck.services.rescoring import rescore as rescore
from vendorcheck.services.rescoring import result_of as result_of
from vendorcheck.services.session import AssessmentSession
from vendorcheck.store import Store

# The ids a vendor's services and platforms are checked against (the CLI's choices too).
SERVICES = SERVICE_IDS
PLATFORMS = PLATFORM_IDS


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def add_vendor(
    store: Store,
    name: str,
    *,
    credit_code: str = "",
    services: Iterable[str] = (),
    platforms: Iterable[str] = (),
    contact: str = "",
    notes: str = "",
) -> str:
    credit_code = credit_code.strip().upper()
    if credit_code and (problem := credit_code_problem(credit_code)):
        raise UserError(
            f"credit code {problem[1]}", f"统一社会信用代码{problem[0]}", where="credit_code"
        )
    for field, given, allowed in (
        ("services", services, SERVICES),
        ("platforms", platforms, PLATFORMS),
    ):
        bad = [x for x in given if x not in allowed]
        if bad:
            raise UserError(
                f"unknown {field}: {', '.join(bad)} (choose from {', '.join(allowed)})",
                f"无法识别：{', '.join(bad)}（可选：{', '.join(allowed)}）",
                where=field,
            )
    return store.add_vendor(
        name,
        credit_code=credit_code,
        services=list(services),
        platforms=list(platforms),
        contact=contact,
        notes=notes,
    )


def start_assessment(
    store: Store,
    vendor: str,
    checklist: Checklist,
    *,
    assessor: str | None = None,
    prefill: bool = False,
) -> str:
    """A new draft; with `prefill`, answers are copied from the vendor's latest assessment."""
    v = store.vendor(vendor)
    sha = store.put_checklist(checklist)
    previous = store.latest_assessment(v["id"])
    aid = store.create_assessment(v["id"], sha, assessor or current_user())
    if prefill and previous is not None:
        old = store.answers(previous["id"])
        keep = [a for qid, a in old.items() if _still_valid(checklist, a)]
        if keep:
            kept = {a.question_id: a for a in keep}
            store.set_answers(aid, keep, score(checklist, kept, fit=fit_of(v)))
    return aid


def _still_valid(checklist: Checklist, a: Answer) -> bool:
    """An earlier answer carried into a new checklist version only if it still answers the
    question (a yes/no turned into levels keeps "yes" only where "yes" is still an option)."""
    q = checklist.question(a.question_id)
    if q is None:
        return False
    try:
        check_value(q, a.value)
    except UserError:
        return False
    return True


def answers_of(store: Store, aid: str) -> dict[str, Answer]:
    """An assessment's answers as stored (question id -> answer)."""
    return store.answers(aid)


def draft_for(store: Store, vendor: str, checklist: Checklist) -> str:
    """The vendor's open draft for this checklist, or a new one: resuming is the default."""
    v = store.vendor(vendor)
    latest = store.latest_assessment(v["id"], status="draft")
    if latest is not None and store.checklist(latest["checklist_sha256"]).id == checklist.id:
        return str(latest["id"])
    return start_assessment(store, vendor, checklist)


def open_draft(store: Store, vendor: str, checklist: Checklist) -> AssessmentSession:
    """A session on the vendor's open draft of this checklist (a new draft when none is open)."""
    return AssessmentSession(store, draft_for(store, vendor, checklist))


def draft_score(
    store: Store, aid: str, checklist: Checklist, answers: Mapping[str, Answer]
) -> Result:
    """Score a draft's (changed) answers for its vendor."""
    vendor = store.vendor(str(store.assessment(aid)["vendor_id"]))
    return score(checklist, answers, fit=fit_of(vendor))


def answer(
    store: Store,
    aid: str,
    question_id: str,
    raw: Any,
    *,
    note: str = "",
    evidence: str = "",
    source: Source = "merchant",
) -> Result:
    """Validate, store and rescore one answer in one committed transaction."""
    checklist = checklist_of(store, aid)
    q = checklist.question(question_id)
    if q is None:
        raise UserError(
            f"no question {question_id!r} in {checklist.id}",
            f"清单 {checklist.id} 中没有问题 {question_id}",
        )
    ans = Answer(
        question_id=q.id, value=check_value(q, raw), note=note, evidence=evidence, source=source
    )
    with store.atomic():  # read, rescore and write in one transaction: no writer in between
        answers = dict(store.answers(aid))
        answers[q.id] = ans
        result = draft_score(store, aid, checklist, answers)
        store.set_answers(aid, [ans], result)
    return result


def clear_answer(store: Store, aid: str, question_id: str) -> Result:
    checklist = checklist_of(store, aid)
    with store.atomic():
        answers = dict(store.answers(aid))
        answers.pop(question_id, None)
        result = draft_score(store, aid, checklist, answers)
        store.clear_answer(aid, question_id, result)
    return result


def open_drafts(
    store: Store, vendor_id: str, checklist_id: str | None = None
) -> list[dict[str, Any]]:
    """The vendor's drafts (newest first), only those of `checklist_id` when given."""
    return [
        a
        for a in store.assessments(vendor_id)
        if a["status"] == "draft"
        and (checklist_id is None or store.checklist(a["checklist_sha256"]).id == checklist_id)
    ]


def assess_payload(
    store: Store, vendor: str, checklist: Checklist, payload: Mapping[str, Any], **options: Any
) -> str:
    """`record_answers` (same options), returning the assessment id only."""
    return record_answers(store, vendor, checklist, payload, **options)[0]


def record_answers(
    store: Store,
    vendor: str,
    checklist: Checklist,
    payload: Mapping[str, Any],
    *,
    finalize: bool = False,
    assessor: str | None = None,
    extra: Mapping[str, Answer] | None = None,
    new: bool = False,
) -> tuple[str, bool]:
    """Record a whole answers document, validated first, written all at once.

    The answers go into the vendor's open draft of this checklist (one assessment, one truth:
    two `assess` calls build one draft instead of two half drafts), unless `new` asks for a fresh
    draft or none is open. `extra` (answers suggested from a contract) never replaces an answer
    the merchant gave. Returns the assessment id and whether an open draft was added to.
    """
    answers = parse_answers(payload, checklist)
    v = store.vendor(vendor)
    with store.atomic():
        drafts = [] if new else open_drafts(store, v["id"], checklist.id)
        if drafts:
            aid, resumed = str(drafts[0]["id"]), True
        else:
            who = assessor or str(payload.get("assessor") or "")
            aid, resumed = start_assessment(store, v["id"], checklist, assessor=who), False
        session = AssessmentSession(store, aid)
        have = session.answers
        kept = {
            q: a for q, a in (extra or {}).items() if q not in have or have[q].source == "suggested"
        }
        session.answer_all(list({**kept, **answers}.values()))
        if finalize:
            finalize_assessment(store, aid)
    return aid, resumed


def finalize_assessment(store: Store, aid: str, by: str | None = None) -> dict[str, Any]:
    """Seal a draft (rescored, hashed and chained in one transaction); what was sealed."""
    from vendorcheck.services.archive import finalize  # seals with the hash chain

    return finalize(store, aid, by or current_user())


def unconfirmed(store: Store, aid: str) -> list[dict[str, Any]]:
    """Answers suggested from a contract or declared by the vendor (its questionnaire) that
    nobody has confirmed yet, in checklist order."""
    checklist = checklist_of(store, aid)
    answers = store.answers(aid)
    return [
        {
            "question_id": q.id,
            "prompt": q.prompt.model_dump(),
            "value": answers[q.id].value,
            "source": answers[q.id].source,
        }
        for s in checklist.sections
        for q in s.questions
        if q.id in answers and answers[q.id].source in ("suggested", "vendor")
    ]


def latest(store: Store, vendor: str) -> tuple[dict[str, Any], dict[str, Any], Checklist, Result]:
    v = store.vendor(vendor)
    a = store.latest_assessment(v["id"])
    if a is None:
        raise Conflict(f"{v['name']} has no assessment yet", f"“{v['name']}”还没有评估")
    checklist = store.checklist(a["checklist_sha256"])
    return v, a, checklist, rescore(store, a, checklist)


def result_json(
    vendor: Mapping[str, Any], assessment: Mapping[str, Any], checklist: Checklist, result: Result
) -> dict[str, Any]:
    """The documented JSON of `vendorcheck score --format json`; reports build on it too."""
    from vendorcheck.core.parsing import checklist_sha256

    return {
        "vendor": vendor["name"],
        "vendor_id": vendor["id"],
        "assessment_id": assessment["id"],
        "status": assessment["status"],
        "assessor": assessment.get("assessor") or "",
        "assessed_at": assessment.get("updated_at"),
        "finalized_at": assessment.get("finalized_at"),
        "checklist": {
            "id": checklist.id,
            "version": checklist.version,
            "sha256": checklist_sha256(checklist),
            "title": checklist.title.model_dump(),
        },
        "scoring_method": result.method,
        "score": round(result.score, 2),
        "grade": result.grade,
        "score_grade": result.score_grade,
        "verdict": result.verdict,
        "completeness": round(result.completeness, 4),
        "vendor_declared": result.vendor_declared,
        "vendor_weight": round(result.vendor_weight, 4),
        "sections": [
            {
                "id": s.id,
                "title": s.title.model_dump(),
                "weight": s.weight,
                "score": None if s.score is None else round(s.score, 2),
                "earned": round(s.earned, 4),
                "possible": s.possible,
                "answered": s.answered,
                "total": s.total,
                "questions": [
                    {
                        "id": q.question_id,
                        "prompt": q.prompt.model_dump(),
                        "kind": q.kind,
                        "value": q.value,
                        "label": q.label.model_dump() if q.label else None,
                        "earned": round(q.earned, 4),
                        "possible": q.possible,
                        "critical": q.critical,
                        "note": q.note,
                        "evidence": q.evidence,
                        "source": q.source,
                        "applies": q.applies,
                        "cap": q.cap,
                    }
                    for q in s.questions
                ],
            }
            for s in result.sections
        ],
        "red_flags": [
            {"question_id": f.question_id, "reason": f.reason.model_dump()}
            for f in result.red_flags
        ],
        "caps": [c.model_dump() for c in result.caps],
        "to_verify": [t.model_dump() for t in result.to_verify],
        "reasons": [r.model_dump() for r in result.reasons],
    }


def score_json(store: Store, vendor: str) -> dict[str, Any]:
    return result_json(*latest(store, vendor))


def compare_json(store: Store, vendors: list[str]) -> dict[str, Any]:
    """Several vendors side by side, section by section, with the best in each row named."""
    if not 2 <= len(vendors) <= 8:
        raise UserError("compare takes 2 to 8 vendors", "对比需要 2 到 8 个服务商")
    results = [score_json(store, v) for v in vendors]
    rows: list[dict[str, Any]] = []
    order: list[str] = []
    titles: dict[str, Any] = {}
    for r in results:
        for s in r["sections"]:
            if s["id"] not in titles:
                order.append(s["id"])
                titles[s["id"]] = s["title"]
    for sid in order:
        scores = {
            r["vendor"]: next((s["score"] for s in r["sections"] if s["id"] == sid), None)
            for r in results
        }
        present = [v for v in scores.values() if v is not None]
        best = max(present) if present else None
        rows.append(
            {
                "id": sid,
                "title": titles[sid],
                "scores": scores,
                "best": [name for name, sc in scores.items() if sc is not None and sc == best],
            }
        )
    return {
        "vendors": [
            {
                k: r[k]
                for k in (
                    "vendor",
                    "assessment_id",
                    "status",
                    "checklist",
                    "score",
                    "grade",
                    "verdict",
                    "completeness",
                    "red_flags",
                    "caps",
                    "to_verify",
                    "reasons",
                    "scoring_method",
                )
            }
            for r in results
        ],
        "sections": rows,
        "results": results,
    }
