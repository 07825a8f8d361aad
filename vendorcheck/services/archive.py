"""The procurement archive: sealing finals with a hash chain, verify, due dates, history, search."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from typing import Any

from vendorcheck.core import archive as core
from vendorcheck.core.errors import Lang, UserError
from vendorcheck.services.rescoring import checklist_of, result_of
from vendorcheck.services.sealing import canonical_of as canonical_of
from vendorcheck.services.sealing import canonical_v2_of
from vendorcheck.services.sealing import checklist_ref as checklist_ref
from vendorcheck.store import Store, now
from vendorcheck.store import archive as sql
from vendorcheck.store import evidence as evidence_sql


def today_utc() -> date:
    """Today, or the day of SOURCE_DATE_EPOCH so tests and reproducible runs get fixed dates."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()


def interval_months() -> int:
    """Re-assessment interval: VENDORCHECK_REVIEW_MONTHS, else 12 months."""
    raw = os.environ.get("VENDORCHECK_REVIEW_MONTHS", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else core.DEFAULT_INTERVAL_MONTHS


def finalize(store: Store, aid: str, by: str) -> dict[str, Any]:
    """Seal a draft: rescored, hashed (v2) and chained to the vendor's previous final.

    Everything happens in ONE write transaction (BEGIN IMMEDIATE), the chain head included: two
    finalizers of one vendor are serialised by SQLite's write lock, so the second one reads the
    first one's final as its parent and the chain never forks. Returns what was sealed.
    """
    with store.atomic():
        store._require_draft(aid)
        result = result_of(store, aid)
        store.save_summary(aid, result)
        a = dict(store.assessment(aid))
        prev = sql.last_final(store, a["vendor_id"])
        prev_hash = (prev or {}).get("hash") or core.GENESIS
        flags = red_flags_of(store, aid)
        a.update(
            status="final",
            finalized_at=now(),
            finalized_by=by,
            prev_hash=prev_hash,
            hash_version=core.V2,
            sealed_in=sql.archive_id(store),
        )
        vendor = store.vendor(a["vendor_id"])
        evidence = evidence_sql.bind(store, a["vendor_id"], aid)  # sealed with it (issue 21)
        h = core.digest(canonical_v2_of(store, a, vendor, flags, evidence=evidence))
        sql.save_red_flags(store, aid, flags)
        head = sql.seal(store, a, h, prev_hash)
        answers = len(store.answers(aid))
        if evidence:  # what verify tells an evidence change by (the hash says only "changed")
            store.log(
                "evidence_sealed",
                vendor_id=vendor["id"],
                assessment_id=aid,
                evidence=core.evidence_entries(evidence),
            )
    return {
        "vendor": vendor["name"],
        "vendor_id": vendor["id"],
        "assessment_id": aid,
        "score": result.score,
        "grade": result.grade,
        "verdict": result.verdict,
        "red_flags": len(result.red_flags),
        "answers": answers,
        "evidence": len(evidence),
        "hash": h,
        "prev_hash": prev_hash,
        "head": head,
    }


def red_flags_of(store: Store, aid: str) -> list[dict[str, Any]]:
    checklist = checklist_of(store, aid)
    out = []
    for f in result_of(store, aid).red_flags:
        q = checklist.question(f.question_id)
        out.append(
            {
                "question_id": f.question_id,
                "prompt_zh": q.prompt.zh if q else "",
                "prompt_en": q.prompt.en if q else "",
                "reason_zh": f.reason.zh,
                "reason_en": f.reason.en,
            }
        )
    return out


def fill_red_flags(store: Store) -> int:
    """Store the red flags of v1 finals that arrived in bundles; returns how many were filled."""
    missing = sql.finals_missing_red_flags(store)
    with store.atomic():
        for aid in missing:
            sql.save_red_flags(store, aid, red_flags_of(store, aid))
    return len(missing)


def verify(store: Store) -> list[dict[str, Any]]:
    """Every problem `verify` finds (services.verify): [] when the archive is intact."""
    from vendorcheck.services.verify import verify_archive

    return list(verify_archive(store)["problems"])


def head(store: Store) -> str:
    """The archive's head hash: what `verify` prints and reports and bundles carry."""
    return sql.head(store)


def due(store: Store, today: date | None = None) -> list[dict[str, Any]]:
    """Vendors with a final assessment, their next review date and whether it has passed."""
    day = today or today_utc()
    months = interval_months()
    out = []
    for row in sql.last_finals(store):
        if not row["last_final_at"]:
            continue
        last = date.fromisoformat(row["last_final_at"][:10])
        at = core.due_at(last, months)
        out.append({**row, "due_at": at.isoformat(), "overdue": day >= at})
    return out


def search(store: Store, text: str, limit: int = 50) -> list[dict[str, Any]]:
    q = text.strip()
    if not q:
        raise UserError("empty search text", "搜索内容为空", where="search")
    hits = []
    for r in sql.search(store, q, limit):
        body = r.pop("text") or ""
        i = body.lower().find(q.lower())
        start = max(0, i - 20)
        r["snippet"] = ("…" if start else "") + body[start : i + len(q) + 20]
        hits.append(r)
    return hits


def history(store: Store, vendor: str) -> dict[str, Any]:
    """Final assessments oldest first, each with the diff against the one before.

    Shape: {vendor_id, name, assessments: [{id, finalized_at, finalized_by, score, grade,
    verdict, red_flag_count, hash, diff: {moved, flags_gained, flags_cleared, score_change}
    | None}]}.
    """
    v = store.vendor(vendor)
    items: list[dict[str, Any]] = []
    prev: tuple[dict[str, Any], list[str], float | None] | None = None
    for a in sql.finals(store, v["id"]):
        answers = {r["question_id"]: r["value"] for r in sql.answer_rows(store, a["id"])}
        flags = [f.question_id for f in result_of(store, a["id"]).red_flags]
        d = core.diff(prev[0], answers, prev[1], flags, prev[2], a["score"]) if prev else None
        items.append(
            {
                k: a.get(k)
                for k in (
                    "id",
                    "finalized_at",
                    "finalized_by",
                    "score",
                    "grade",
                    "verdict",
                    "red_flag_count",
                    "hash",
                )
            }
            | {"red_flags": flags, "diff": d}
        )
        prev = (answers, flags, a["score"])
    return {"vendor_id": v["id"], "name": v["name"], "assessments": items}


SCORE_COLUMNS = (
    # (key, zh header, en header): the CSV of latest scores, one row per vendor
    ("name", "服务商", "vendor"),
    ("credit_code", "统一社会信用代码", "credit code"),
    ("score", "得分", "score"),
    ("grade", "等级", "grade"),
    ("verdict", "结论", "verdict"),
    ("red_flag_count", "红旗数", "red flags"),
    ("completeness", "完成度", "completeness"),
    ("finalized_at", "定稿时间", "finalized at"),
    ("finalized_by", "定稿人", "finalized by"),
    ("due_at", "复评到期", "review due"),
    ("hash", "SHA-256", "SHA-256"),
)


def latest_verdicts(store: Store) -> list[dict[str, Any]]:
    """Every vendor with a final: its latest one's score, grade, verdict, red flags and date."""
    return sql.latest_finals(store)


def latest_scores(store: Store, lang: Lang) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of every vendor's latest final assessment, for spreadsheets.

    Score rounded to 1 decimal, completeness as a percentage, verdict in the chosen language;
    a vendor without a final assessment gets a row with its name only.
    """
    from vendorcheck.view.labels import verdict_label

    months = interval_months()
    rows = []
    for r in sql.latest_finals(store, full=True):
        if r["finalized_at"]:
            r["due_at"] = core.due_at(date.fromisoformat(r["finalized_at"][:10]), months)
            r["score"] = round(r["score"], 1) if r["score"] is not None else None
            r["completeness"] = (
                f"{r['completeness']:.0%}" if r["completeness"] is not None else None
            )
            r["verdict"] = verdict_label(r["verdict"], lang)
        rows.append([r.get(key) for key, _, _ in SCORE_COLUMNS])
    return [zh if lang == "zh" else en for _, zh, en in SCORE_COLUMNS], rows
