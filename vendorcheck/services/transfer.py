"""Exports and bundles (one format), and importing them all-or-nothing with every hash checked.

A plain export (`vendorcheck export`) is every vendor, assessment and answer; a bundle
(`vendorcheck export --bundle`) is the same document limited to the final assessments of chosen
vendors, with the checklists they used. Final rows carry their SHA-256 hash and the hash of the
final they follow, so the importing side can recompute both before it writes anything.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, NotRequired

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict

from vendorcheck import __version__
from vendorcheck.core import archive as chain
from vendorcheck.core.errors import Conflict, UserError
from vendorcheck.core.models import Checklist
from vendorcheck.core.parsing import canonical_json, checklist_from_data, checklist_sha256
from vendorcheck.services import bundle_evidence
from vendorcheck.services.evidence import archive_cap
from vendorcheck.store import Store, now
from vendorcheck.store import archive as sql

FORMAT = "vendorcheck-export"
# Raise when a reader of the old version would misread the file. 2 (issue 18): finals sealed with
# hash v2 and their red flag rows, which a version-1 reader would call altered; it says "upgrade".
# 3 (issue 21): evidence files, which hash v2 then covers; written only when the file has some.
FORMAT_VERSION = 3
VENDOR_FIELDS = ("name", "credit_code", "services", "platforms", "contact", "notes")
LIST_FIELDS = ("services", "platforms")  # lists in files, JSON text in the database
_ANSWER_FIELDS = ("question_id", "value", "note", "evidence", "source", "answered_at")


@with_config(ConfigDict(extra="allow"))
class VendorRow(TypedDict):
    id: str
    name: str
    created_at: str
    services: NotRequired[list[str]]
    platforms: NotRequired[list[str]]


@with_config(ConfigDict(extra="allow"))
class ChecklistRow(TypedDict):
    sha256: str
    content: dict[str, Any]


@with_config(ConfigDict(extra="allow"))
class AssessmentRow(TypedDict):
    id: str
    vendor_id: str
    checklist_sha256: str
    status: Literal["draft", "final"]
    created_at: str
    hash: NotRequired[str | None]
    prev_hash: NotRequired[str | None]
    hash_version: NotRequired[int | None]


@with_config(ConfigDict(extra="allow"))
class AnswerRow(TypedDict):
    assessment_id: str
    question_id: str
    value: str | int | float
    answered_at: str


@with_config(ConfigDict(extra="allow"))
class RedFlagRow(TypedDict):
    assessment_id: str
    question_id: str


class ImportCounts(TypedDict, total=False):
    """What an import added, table by table (only the keys it touched), and what it skipped."""

    vendors: int
    checklists: int
    assessments: int
    answers: int
    finalized: int
    evidence: int
    unchanged: int


class Export(BaseModel):
    # TypedDict rows: validating 100,000s of answers stays a fraction of the write itself.
    model_config = ConfigDict(extra="allow")
    format: Literal["vendorcheck-export"]
    format_version: int = 1
    vendors: list[VendorRow]
    checklists: list[ChecklistRow]
    assessments: list[AssessmentRow]
    answers: list[AnswerRow]
    red_flags: list[RedFlagRow] = []  # of v2 finals: their hash covers them
    evidence: list[dict[str, Any]] = []  # files, base64 (services.bundle_evidence)
    head: str | None = None  # core.archive.heads over the file's finals, in the file's order


_EXPORT = TypeAdapter(Export)


# --- export --------------------------------------------------------------------------------------


def export_data(
    store: Store, vendors: Sequence[str] | None = None, *, finals_only: bool = False
) -> dict[str, Any]:
    """The whole database, or (a bundle) the chosen vendors' final assessments only."""
    ids = [store.vendor(v)["id"] for v in vendors] if vendors else None
    rows = {t: sql.export_rows(store, t, ids, finals_only) for t in ("vendors", "assessments")}
    for v in rows["vendors"]:
        v["services"] = json.loads(v["services"] or "[]")
        v["platforms"] = json.loads(v["platforms"] or "[]")
    used = {a["checklist_sha256"] for a in rows["assessments"]}
    checklists = [
        c for c in store.rows("checklists") if not (ids or finals_only) or c["sha256"] in used
    ]
    for c in checklists:
        c["content"] = json.loads(c["content"])
    answers = sql.export_rows(store, "answers", ids, finals_only)
    for a in answers:
        a["value"] = json.loads(a["value"])
    finals = [a for a in rows["assessments"] if a["status"] == "final"]
    flags = sql.red_flag_rows(store)
    red_flags = [
        {"assessment_id": a["id"], **f}
        for a in finals
        if (a.get("hash_version") or 1) >= chain.V2
        for f in flags.get(a["id"], [])
    ]
    evidence = bundle_evidence.export_rows(store, ids, finals_only)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION if evidence else 2,  # readable by older releases
        "vendorcheck_version": __version__,
        "exported_at": now(),
        "scope": {"vendors": ids or "all", "finals_only": finals_only},
        "vendors": rows["vendors"],
        "checklists": checklists,
        "assessments": rows["assessments"],
        "answers": answers,
        "red_flags": red_flags,
        **({"evidence": evidence} if evidence else {}),
        # the head over this file's finals (checked on import) and the exporting archive's head
        "head": (chain.heads([str(a["hash"]) for a in finals]) or [chain.GENESIS])[-1],
        "archive_head": sql.head(store),
    }


# --- import --------------------------------------------------------------------------------------


def parse_export(data: Any, source: str) -> Export:
    version = data.get("format_version", 1) if isinstance(data, dict) else 1
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise UserError(
            f"format_version {version}: written by a newer vendorcheck (this one reads "
            f"{FORMAT_VERSION}); upgrade vendorcheck to import it",
            f"format_version {version}：由更新版本的 vendorcheck 写入（本版本读取 "
            f"{FORMAT_VERSION}），请先升级",
            where=source,
        )
    try:
        return _EXPORT.validate_python(data)
    except ValidationError as e:
        err = e.errors()[0]
        path = ".".join(str(p) for p in err["loc"])
        raise UserError(f"{path}: {err['msg']}", f"{path}：{err['msg']}", where=source) from None


def _err(source: str, en: str, zh: str) -> UserError:
    return UserError(en, zh, where=source)


def import_data(store: Store, data: Any, source: str) -> ImportCounts:
    """Check everything (hashes and chain links included), then write it in one transaction.

    What is already here is skipped; a conflict (same id, different content) or any failed check
    stops the import with nothing written. Returns rows added per table plus `unchanged`
    (assessments already here).
    """
    exp = parse_export(data, source)
    _refuse_duplicates(exp, source)
    checklists = _checked_checklists(exp, source)
    local_vendors = {v["id"]: v for v in store.rows("vendors")}
    local_names = {v["name"]: v["id"] for v in local_vendors.values()}
    file_vendors = {v["id"]: v for v in exp.vendors}
    local = sql.assessment_index(store)
    answers_of: dict[str, list[AnswerRow]] = defaultdict(list)
    file_ids = {a["id"] for a in exp.assessments}
    for i, ans in enumerate(exp.answers):
        if ans["assessment_id"] not in file_ids:
            raise _err(
                source,
                f"answers[{i}]: unknown assessment_id",
                f"answers[{i}]：assessment_id 不存在",
            )
        answers_of[ans["assessment_id"]].append(ans)
    flags_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in exp.red_flags:
        flags_of[f["assessment_id"]].append(dict(f))
    final_ids = {r["id"] for r in local.values() if r["status"] == "final"}
    final_ids |= {a["id"] for a in exp.assessments if a["status"] == "final"}
    evidence_of, evidence_rows = bundle_evidence.checked(
        exp.evidence, {*local_vendors, *(v["id"] for v in exp.vendors)}, final_ids, source
    )

    def vendor_name(vid: str) -> str:
        return str((file_vendors.get(vid) or local_vendors.get(vid) or {}).get("name", vid))

    def label(i: int, a: AssessmentRow) -> str:
        return f"assessments[{i}] ({vendor_name(a['vendor_id'])}, {a['id'][:8]})"

    # Every final's hash, and every chain link against the bundle and this archive together.
    hashes: dict[str, set[str]] = defaultdict(set)
    for r in local.values():
        if r["status"] == "final" and r["hash"]:
            hashes[r["vendor_id"]].add(r["hash"])
    for a in exp.assessments:
        if a["status"] == "final" and a.get("hash"):
            hashes[a["vendor_id"]].add(str(a["hash"]))
    for i, a in enumerate(exp.assessments):
        vendor = file_vendors.get(a["vendor_id"]) or local_vendors.get(a["vendor_id"])
        if vendor is None:
            raise _err(
                source,
                f"assessments[{i}]: unknown vendor_id",
                f"assessments[{i}]：vendor_id 不存在",
            )
        checklist = checklists.get(a["checklist_sha256"])
        if checklist is None:
            raise _err(
                source,
                f"assessments[{i}]: its checklist is not in the file",
                f"assessments[{i}]：文件中缺少其清单",
            )
        if a["status"] == "final":
            rows = [dict(r) for r in answers_of[a["id"]]]
            check = (i, a, vendor, checklist, rows, flags_of[a["id"]], evidence_of[a["id"]])
            _check_final(*check, hashes, label, source)
        elif a.get("hash"):
            raise _err(
                source,
                f"{label(i, a)}: status: draft, yet it carries a final's hash (a sealed final "
                "turned back into a draft)",
                f"{label(i, a)}：status：草稿却带有定稿的哈希（已定稿的评估被改回草稿）",
            )

    conflicts: list[tuple[str, str]] = []  # (en, zh)
    new_vendors = []
    for i, v in enumerate(exp.vendors):
        mine = local_vendors.get(v["id"])
        where = f"vendors[{i}] ({v['name']})"
        if mine is None and v["name"] in local_names:
            ids = f"{local_names[v['name']][:8]} / {v['id'][:8]}"
            conflicts.append(
                (
                    f"{where}: another vendor of this name is already here (ids {ids})",
                    f"{where}：本库已有同名的另一家服务商（编号 {ids}）",
                )
            )
        elif mine is None:
            new_vendors.append(v)
        else:
            differ = ", ".join(
                f
                for f in VENDOR_FIELDS
                if (f in v or f in LIST_FIELDS) and _norm(v.get(f), f) != _norm(mine.get(f), f)
            )
            if differ:
                conflicts.append(
                    (
                        f"{where}: {differ} differ from this archive's",
                        f"{where}：{differ} 与本库不同",
                    )
                )

    new, upgrades, unchanged = [], [], 0
    for i, a in enumerate(exp.assessments):
        mine_a = local.get(a["id"])
        if mine_a is None:
            new.append(a)
        elif mine_a["vendor_id"] != a["vendor_id"]:
            conflicts.append(
                (
                    f"{label(i, a)}: vendor_id differs from this archive's",
                    f"{label(i, a)}：vendor_id 与本库不同",
                )
            )
        elif mine_a["status"] == "final" and a["status"] == "final":
            if mine_a["hash"] != a.get("hash"):
                conflicts.append(
                    (
                        f"{label(i, a)}: hash differs from the final already here",
                        f"{label(i, a)}：hash 与本库已有的定稿不同",
                    )
                )
            else:
                unchanged += 1
        elif mine_a["status"] == "final":
            unchanged += 1  # the file holds an older draft of a final we already have
        elif a["status"] == "final":
            upgrades.append(a)  # our draft was finalized where the file comes from
        else:
            field = _draft_difference(store, a, answers_of[a["id"]])
            if field:
                conflicts.append(
                    (
                        f"{label(i, a)}: draft {field} differs from this archive's",
                        f"{label(i, a)}：草稿的 {field} 与本库不同",
                    )
                )
            else:
                unchanged += 1
    if conflicts:
        n, first = len(conflicts), conflicts[:3]
        more_en = f"; and {n - 3} more" if n > 3 else ""
        more_zh = f"；另有 {n - 3} 处" if n > 3 else ""
        raise Conflict(
            f"{n} conflict(s), nothing imported: {'; '.join(c[0] for c in first)}{more_en}",
            f"{n} 处冲突，未导入任何内容：{'；'.join(c[1] for c in first)}{more_zh}",
            where=source,
        )

    _check_head(exp, source)  # last: the checks above name the final or row at fault
    have_sha = {c["sha256"] for c in store.rows("checklists")}
    counts: ImportCounts = {}
    with store.atomic():
        counts["vendors"] = sql.insert_new(store, "vendors", [_vendor_row(v) for v in new_vendors])
        fresh: dict[str, dict[str, Any]] = {}
        for c in exp.checklists:
            if c["sha256"] not in have_sha:
                # stored as put_checklist stores it: the canonical form its SHA-256 was checked on
                fresh[c["sha256"]] = {**c, "content": canonical_json(checklists[c["sha256"]])}
        counts["checklists"] = sql.insert_new(store, "checklists", list(fresh.values()))
        counts["assessments"] = sql.insert_new(store, "assessments", [dict(a) for a in new])
        counts["answers"] = sql.insert_new(
            store, "answers", [_answer_row(r) for a in new for r in answers_of[a["id"]]]
        )
        for a in upgrades:
            rows = [_answer_row(r) for r in answers_of[a["id"]]]
            sql.replace_draft(store, dict(a), rows)
            counts["answers"] += len(rows)
        counts["finalized"] = len(upgrades)
        sealed = [a for a in [*new, *upgrades] if a["status"] == "final"]
        flag_rows = [{**f} for a in sealed for f in flags_of[a["id"]]]
        sql.insert_new(store, "red_flags", flag_rows)
        sql.record_seals(store, [(a["id"], a["vendor_id"], str(a.get("hash"))) for a in sealed])
        if added := bundle_evidence.write(store, evidence_rows, source, archive_cap()):
            counts["evidence"] = added
        bundle_evidence.log_sealed(store, [dict(a) for a in sealed], evidence_of)
        if any(counts.values()):
            store.log("imported", source=source, **counts)
    counts["unchanged"] = unchanged
    return counts


def _refuse_duplicates(exp: Export, source: str) -> None:
    """A vendor, assessment or answer listed twice in one file: a one-line error naming both
    places, before the database's unique constraints would stop the import mid-way."""
    keyed: list[tuple[str, str, list[tuple[str, ...]]]] = [
        ("vendors", "id", [(v["id"],) for v in exp.vendors]),
        ("vendors", "name", [(v["name"],) for v in exp.vendors]),
        ("assessments", "id", [(a["id"],) for a in exp.assessments]),
        (
            "answers",
            "assessment_id + question_id",
            [(r["assessment_id"], r["question_id"]) for r in exp.answers],
        ),
    ]
    for table, field_name, keys in keyed:
        first: dict[tuple[str, ...], int] = {}
        for i, key in enumerate(keys):
            if key in first:
                shown = " / ".join(key)
                raise _err(
                    source,
                    f"{table}[{i}]: same {field_name} as {table}[{first[key]}] ({shown}); "
                    "each may appear once",
                    f"{table}[{i}]：{field_name} 与 {table}[{first[key]}] 重复（{shown}）；每项只能出现一次",
                )
            first[key] = i


def _checked_checklists(exp: Export, source: str) -> dict[str, Checklist]:
    out: dict[str, Checklist] = {}
    for i, c in enumerate(exp.checklists):
        checklist = checklist_from_data(c["content"], f"{source}: checklists[{i}]")
        if checklist_sha256(checklist) != c["sha256"]:
            raise _err(
                source,
                f"checklists[{i}]: content does not match its SHA-256 {c['sha256'][:12]}",
                f"checklists[{i}]：内容与 SHA-256 {c['sha256'][:12]} 不符",
            )
        out[c["sha256"]] = checklist
    return out


def _check_head(exp: Export, source: str) -> None:
    """The file's head (newer bundles carry one) over its finals: none removed or downgraded."""
    if not exp.head:
        return
    finals = [str(a.get("hash")) for a in exp.assessments if a["status"] == "final"]
    if (chain.heads(finals) or [chain.GENESIS])[-1] != exp.head:
        raise _err(
            source,
            "head: does not match the final assessments in the file (one was removed, altered "
            "or turned back into a draft)",
            "head：与文件中的定稿评估不符（有定稿被删除、改动或改回草稿）",
        )


def _check_final(
    i: int,
    a: AssessmentRow,
    vendor: Mapping[str, Any],
    checklist: Checklist,
    answers: Sequence[Mapping[str, Any]],
    red_flags: list[dict[str, Any]],
    evidence: list[dict[str, Any]],
    hashes: dict[str, set[str]],
    label: Callable[[int, AssessmentRow], str],
    source: str,
) -> None:
    """The final's hash over its content as written in the file, and the link to its parent.

    Hash v2 covers what lists and reports show (red flags and their count, completeness, each
    answer's source, the credit code, the status), so a bundle edited there is refused too.
    """
    stored = a.get("hash")
    if not stored:
        raise _err(source, f"{label(i, a)}: hash: missing", f"{label(i, a)}：hash：缺失")
    cl = {"id": checklist.id, "version": checklist.version, "sha256": a["checklist_sha256"]}
    prev = a.get("prev_hash") or chain.GENESIS
    if (a.get("hash_version") or 1) >= chain.V2:
        lines = chain.answer_lines(answers)
        text = chain.canonical_v2(dict(a), vendor, cl, lines, red_flags, prev, evidence)
    else:
        text = chain.canonical(dict(a), vendor, cl, answers, prev)
    if chain.digest(text) != stored:
        raise _err(
            source,
            f"{label(i, a)}: hash: its content does not match its SHA-256 (altered after sign-off)",
            f"{label(i, a)}：hash：内容与其 SHA-256 不符（定稿后被改动）",
        )
    if prev != chain.GENESIS and (prev == stored or prev not in hashes[a["vendor_id"]]):
        raise _err(
            source,
            f"{label(i, a)}: prev_hash: chain link broken (the final it follows is neither in "
            "the file nor in this archive)",
            f"{label(i, a)}：prev_hash：哈希链断开（其前一份定稿既不在文件中也不在本库中）",
        )


def _norm(value: Any, field: str) -> Any:
    """A vendor field as compared: services and platforms as lists (stored as JSON text)."""
    if field in LIST_FIELDS:
        return json.loads(value or "[]") if isinstance(value, str) else list(value or [])
    return value or ""


def _draft_difference(store: Store, a: AssessmentRow, answers: list[AnswerRow]) -> str:
    """The first field in which the file's draft differs from ours ('' when the same)."""
    row, mine = sql.draft_state(store, a["id"])
    for key, value in a.items():
        if key in row and row[key] != value:
            return key
    theirs = sorted((_answer_row(r) for r in answers), key=lambda r: r["question_id"])
    if len(theirs) != len(mine):
        return "answers"
    for t, m in zip(theirs, mine, strict=True):
        for f in _ANSWER_FIELDS:
            if f in t and (t[f] or "") != (m.get(f) or ""):
                return f"answers.{t['question_id']}.{f}"
    return ""


def _vendor_row(v: VendorRow) -> dict[str, Any]:
    return {
        **v,
        "services": json.dumps(v.get("services", []), ensure_ascii=False),
        "platforms": json.dumps(v.get("platforms", []), ensure_ascii=False),
    }


def _answer_row(r: AnswerRow) -> dict[str, Any]:
    return {**r, "value": json_value(r["value"])}


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def json_value(v: Any) -> str:
    """json.dumps(v, ensure_ascii=False), with a fast path for the plain strings most answers are."""
    if type(v) is str and v.isprintable() and '"' not in v and "\\" not in v:
        return f'"{v}"'
    return _ENCODE(v)
