"""Finding and loading checklists: the bundled ones, plus folders named in VENDORCHECK_CHECKLISTS."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from vendorcheck.core.errors import NotFound
from vendorcheck.core.models import Checklist
from vendorcheck.core.parsing import parse_checklist
from vendorcheck.paths import checklists_dir
from vendorcheck.services.files import read_text as read_text  # re-exported: callers use catalog


def load_file(path: Path) -> Checklist:
    return parse_checklist(read_text(path), str(path))


def search_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("VENDORCHECK_CHECKLISTS", "").split(os.pathsep) if p]
    return [checklists_dir(), *extra]


@cache
def _available(dirs: tuple[Path, ...]) -> tuple[Checklist, ...]:
    found: list[Checklist] = []
    for d in dirs:
        for f in sorted(d.glob("*.toml")):
            found.append(load_file(f))
    return tuple(found)


def available() -> tuple[Checklist, ...]:
    return _available(tuple(search_dirs()))


def get(checklist_id: str) -> Checklist:
    """The checklist with this id (the last one found wins, so a user folder can override)."""
    match = [c for c in available() if c.id == checklist_id]
    if not match:
        ids = ", ".join(c.id for c in available())
        raise NotFound(
            f"no checklist {checklist_id!r} (have: {ids})",
            f"没有清单“{checklist_id}”（现有：{ids}）",
        )
    return match[-1]


def checklist_json(checklist: Checklist) -> dict[str, object]:
    """The documented shape of `checklist show --format json`, for scripts that walk a checklist."""
    from vendorcheck.core.parsing import checklist_sha256

    def text(t: object) -> object:
        return t.model_dump() if t is not None else None  # type: ignore[attr-defined]

    return {
        "id": checklist.id,
        "version": checklist.version,
        "sha256": checklist_sha256(checklist),
        "title": text(checklist.title),
        "description": text(checklist.description),
        "scoring": checklist.scoring.model_dump(),
        "sections": [
            {
                "id": s.id,
                "title": text(s.title),
                "help": text(s.help),
                "weight": s.weight,
                "questions": [
                    {
                        "id": q.id,
                        "kind": q.kind,
                        "prompt": text(q.prompt),
                        "help": text(q.help),
                        "unit": text(q.unit),
                        "critical": q.has_critical,
                        "merchant_only": q.merchant_only,  # not in the vendor's questionnaire
                        "points": q.max_points(),
                        "min": q.min,
                        "max": q.max,
                        "options": [
                            {
                                "id": o.id,
                                "label": text(o.label),
                                "points": o.points,
                                "critical": o.critical,
                            }
                            for o in q.answer_options()
                        ],
                        "bands": [
                            {
                                "min": b.min,
                                "max": b.max,
                                "points": b.points,
                                "label": text(b.label),
                                "critical": b.critical,
                            }
                            for b in q.bands
                        ],
                    }
                    for q in s.questions
                ],
            }
            for s in checklist.sections
        ],
    }
