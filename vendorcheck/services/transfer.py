"""Export every vendor, assessment and answer as JSON, and import it back all-or-nothing."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from vendorcheck import __version__
from vendorcheck.core.errors import Conflict, UserError
from vendorcheck.core.parsing import checklist_from_data, checklist_sha256
from vendorcheck.store import Store, now

FORMAT = "vendorcheck-export"


class _Row(BaseModel):
    model_config = ConfigDict(extra="allow")


class VendorRow(_Row):
    id: str
    name: str
    services: list[str] = []
    platforms: list[str] = []


class ChecklistRow(_Row):
    sha256: str
    content: dict[str, Any]


class AssessmentRow(_Row):
    id: str
    vendor_id: str
    checklist_sha256: str
    status: Literal["draft", "final"]
    created_at: str


class AnswerRow(_Row):
    assessment_id: str
    question_id: str
    value: str | int | float
    answered_at: str


class Export(BaseModel):
    model_config = ConfigDict(extra="allow")
    format: Literal["vendorcheck-export"]
    vendors: list[VendorRow]
    checklists: list[ChecklistRow]
    assessments: list[AssessmentRow]
    answers: list[AnswerRow]


def export_data(store: Store) -> dict[str, Any]:
    vendors = store.rows("vendors")
    for v in vendors:
        v["services"] = json.loads(v["services"] or "[]")
        v["platforms"] = json.loads(v["platforms"] or "[]")
    checklists = store.rows("checklists")
    for c in checklists:
        c["content"] = json.loads(c["content"])
    answers = store.rows("answers")
    for a in answers:
        a["value"] = json.loads(a["value"])
    return {
        "format": FORMAT,
        "vendorcheck_version": __version__,
        "exported_at": now(),
        "vendors": vendors,
        "checklists": checklists,
        "assessments": store.rows("assessments"),
        "answers": answers,
    }


def parse_export(data: Any, source: str) -> Export:
    try:
        return Export.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        path = ".".join(str(p) for p in err["loc"])
        raise UserError(f"{path}: {err['msg']}", f"{path}：{err['msg']}", where=source) from None


def import_data(store: Store, data: Any, source: str) -> dict[str, int]:
    """Check everything, then write everything in one transaction; what exists is skipped."""
    exp = parse_export(data, source)
    for i, c in enumerate(exp.checklists):
        checklist = checklist_from_data(c.content, f"{source}: checklists[{i}]")
        if checklist_sha256(checklist) != c.sha256:
            raise UserError(
                f"checklists[{i}]: content does not match its SHA-256 {c.sha256[:12]}",
                f"checklists[{i}]：内容与 SHA-256 {c.sha256[:12]} 不符",
                where=source,
            )
    known_checklists = {c.sha256 for c in exp.checklists}
    vendor_ids = {v.id for v in exp.vendors}
    for i, v in enumerate(exp.vendors):
        existing = store.find_vendor(v.name)
        if existing is not None and existing["id"] != v.id:
            raise Conflict(
                f"vendors[{i}]: a different vendor named {v.name!r} already exists here",
                f"vendors[{i}]：本库已有另一个名为“{v.name}”的服务商",
                where=source,
            )
    assessment_ids = {a.id for a in exp.assessments}
    for i, a in enumerate(exp.assessments):
        if a.vendor_id not in vendor_ids and store.find_vendor(a.vendor_id) is None:
            raise UserError(
                f"assessments[{i}]: unknown vendor_id",
                f"assessments[{i}]：vendor_id 不存在",
                where=source,
            )
        if a.checklist_sha256 not in known_checklists:
            raise UserError(
                f"assessments[{i}]: its checklist is not in the file",
                f"assessments[{i}]：文件中缺少其清单",
                where=source,
            )
    for i, ans in enumerate(exp.answers):
        if ans.assessment_id not in assessment_ids:
            raise UserError(
                f"answers[{i}]: unknown assessment_id",
                f"answers[{i}]：assessment_id 不存在",
                where=source,
            )

    counts: dict[str, int] = {}
    with store.atomic():
        counts["vendors"] = store.insert_rows(
            "vendors",
            [
                {
                    **v.model_dump(),
                    "services": json.dumps(v.services, ensure_ascii=False),
                    "platforms": json.dumps(v.platforms, ensure_ascii=False),
                }
                for v in exp.vendors
            ],
        )
        counts["checklists"] = store.insert_rows(
            "checklists",
            [
                {
                    **c.model_dump(),
                    "content": json.dumps(
                        c.content, sort_keys=True, ensure_ascii=False, separators=(",", ":")
                    ),
                }
                for c in exp.checklists
            ],
        )
        counts["assessments"] = store.insert_rows(
            "assessments", [a.model_dump() for a in exp.assessments]
        )
        counts["answers"] = store.insert_rows(
            "answers",
            [
                {**a.model_dump(), "value": json.dumps(a.value, ensure_ascii=False)}
                for a in exp.answers
            ],
        )
        if any(counts.values()):
            store.log("imported", source=source, **counts)
    return counts
