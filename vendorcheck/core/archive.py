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


# --- hash v2: everything a list, report or export shows of a final ------------------------------

V2 = 2
_COMPACT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_VALUE = json.JSONEncoder(ensure_ascii=False).encode
RED_FLAG_FIELDS = ("question_id", "prompt_zh", "prompt_en", "reason_zh", "reason_en")
_RED_FLAG_SORTED = tuple(sorted(RED_FLAG_FIELDS))
_IN_ORDER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def value_text(value: Any) -> str:
    """An answer value as the database stores it (JSON text): the form hash v2 covers."""
    return _VALUE(value)


def answer_line(a: Mapping[str, Any]) -> str:
    """One answer of hash v2: [question id, note, evidence, source] and the value's JSON text.

    The same text as SQLite's json_array(...) || value, so verify can build the lines in SQL.
    """
    head = [a["question_id"], a.get("note") or "", a.get("evidence") or ""]
    head.append(a.get("source") or "merchant")
    return _COMPACT(head) + value_text(a["value"])


def answer_lines(answers: Sequence[Mapping[str, Any]]) -> str:
    return "\n".join(answer_line(a) for a in sorted(answers, key=lambda a: str(a["question_id"])))


def canonical_v2(
    assessment: Mapping[str, Any],
    vendor: Mapping[str, Any],
    checklist: Mapping[str, Any],
    lines: str,
    red_flags: Sequence[Mapping[str, Any]],
    prev_hash: str = GENESIS,
    evidence: Sequence[Mapping[str, Any]] = (),
) -> str:
    """Hash v2's text: one JSON header, a newline, then one line per answer (`answer_lines`).

    Over v1 it adds every field a list, report or export shows of a final: its status, the
    vendor's credit code, completeness, the red flags (count and rows), each answer's source,
    the scoring method, the assessor, its dates and which archive sealed it (`sealed_in`, so a
    fork of one archive's own chain can be told apart from branches merged from several
    consultants).
    """
    count = lines.count("\n") + 1 if lines else 0
    head = header_v2(assessment, vendor, checklist, count, red_flags, prev_hash, evidence)
    return head + "\n" + lines


def digest_v2(header: str, lines: bytes) -> str:
    """digest(canonical_v2(...)) from the header and the answer lines already as UTF-8 bytes
    (verify's fast path gets them so from SQLite, and skips decoding and re-encoding them)."""
    h = hashlib.sha256(header.encode("utf-8"))
    h.update(b"\n")
    h.update(lines)
    return h.hexdigest()


def header_v2(
    assessment: Mapping[str, Any],
    vendor: Mapping[str, Any],
    checklist: Mapping[str, Any],
    answer_count: int,
    red_flags: Sequence[Mapping[str, Any]],
    prev_hash: str = GENESIS,
    evidence: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The header line of hash v2: JSON with sorted keys and no spaces.

    The dict is written in sorted key order (nested ones too) and encoded without sort_keys,
    the same text at half the cost (verify encodes 100,000 of them; a test holds the two equal).
    `evidence` (issue 21): the files sealed with the final, as an "evidence" key present only
    when there are some, so every final sealed before evidence existed keeps its hash.
    """
    a = assessment
    doc = {
        "answer_count": answer_count,
        "assessment_id": a["id"],
        "assessor": a.get("assessor") or "",
        "checklist": {
            "id": checklist["id"],
            "sha256": checklist["sha256"],
            "version": checklist["version"],
        },
        "completeness": a.get("completeness"),
        "created_at": a.get("created_at") or "",
        "finalized_at": a.get("finalized_at") or "",
        "finalized_by": a.get("finalized_by") or "",
        "grade": a.get("grade"),
        "prev_hash": prev_hash,
        "red_flag_count": a.get("red_flag_count"),
        "red_flags": [
            {k: f.get(k) or "" for k in _RED_FLAG_SORTED}
            for f in sorted(red_flags, key=lambda f: str(f["question_id"]))
        ],
        "score": a.get("score"),
        "scoring_method": a.get("scoring_method") or "v1",
        "sealed_in": a.get("sealed_in") or "",
        "status": a.get("status"),
        "updated_at": a.get("updated_at") or "",
        "v": V2,
        "vendor": {
            "credit_code": vendor.get("credit_code") or "",
            "id": vendor["id"],
            "name": vendor["name"],
        },
        "verdict": a.get("verdict"),
    }
    if evidence:
        doc["evidence"] = evidence_entries(evidence)
        doc = dict(sorted(doc.items()))
    return _IN_ORDER(doc)


# What hash v2 covers of each evidence file (sorted): its bytes through their SHA-256 and size.
EVIDENCE_FIELDS = ("expires", "id", "issued", "kind", "name", "question_id", "sha256", "size")


def evidence_entries(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Evidence rows as hash v2 lists them: the covered fields (keys sorted), by id."""
    out = []
    for r in sorted(rows, key=lambda r: str(r["id"])):
        entry = {k: r.get(k) for k in EVIDENCE_FIELDS}
        for k in ("expires", "issued", "question_id"):
            entry[k] = entry[k] or ""
        out.append(entry)
    return out


def head_step(head: str, final_hash: str) -> str:
    """The archive's head after one more final: a running hash over every final's hash in the
    order they entered the archive, so any earlier head is a prefix the archive must still hold."""
    return digest(f"{head}:{final_hash}")


def heads(hashes: Sequence[str]) -> list[str]:
    """The head after each of `hashes` (the last one is the current head)."""
    out, h = [], GENESIS
    for x in hashes:
        h = head_step(h, x)
        out.append(h)
    return out


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
