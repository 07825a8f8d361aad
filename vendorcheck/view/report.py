"""The typed view model of one report: what services build and the renderer takes.

It lives here, below both, so vendorcheck.render needs nothing of vendorcheck.services (the
circle services.reporting -> render -> services.reporting is gone, issue 20).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from vendorcheck.core.branding import Branding, sign_off_fields
from vendorcheck.core.errors import Lang


@dataclass(frozen=True)
class Brand:
    """Validated branding plus the logo's resolved path (the only user file a report may load)."""

    branding: Branding
    logo_path: Path | None


@dataclass
class ReportData:
    """Everything one report shows, language-neutral (texts carry zh and en)."""

    kind: str  # "assessment" (one vendor) or "comparison" (2-8)
    lang: Lang
    client: str
    brand: Brand | None
    day: date
    timestamp: str  # ISO 8601, from SOURCE_DATE_EPOCH when set
    results: list[dict[str, Any]]  # score_json per vendor, in the order asked
    vendors: list[dict[str, Any]]  # the vendor records (services, platforms, credit code)
    sections: list[dict[str, Any]] | None  # compare_json rows for comparisons
    checklists: list[dict[str, Any]]  # checklist_json of each checklist used
    recommendation: dict[str, Any]
    costs: dict[str, Any] | None = None
    # archive.history per vendor name: every final assessment and what changed between them.
    history: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    archive_head: str = ""  # the archive's head hash when the report was made (verify --head)

    def drafts(self) -> list[str]:
        """The vendors whose assessment in this report is not final (a report to mark draft)."""
        return [r["vendor"] for r in self.results if r["status"] != "final"]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON export: the same data the PDF shows."""
        b = self.brand.branding if self.brand else None
        return {
            "report": {
                "kind": self.kind,
                "lang": self.lang,
                "client": self.client,
                "organisation": b.organisation if b else "",
                "consultant": b.consultant if b else "",
                "date": self.day.isoformat(),
                "generated_at": self.timestamp,
                "archive_head": self.archive_head,
                # issue 19: which assessments are drafts, and the sign-off block of a final one
                "draft": bool(self.drafts()),
                "drafts": self.drafts(),
                "sign_off": {
                    "shown": not self.drafts(),
                    "organisation": b.organisation if b else "",
                    "fields": sign_off_fields(b),
                },
            },
            "recommendation": self.recommendation,
            "vendors": self.results,
            "sections": self.sections,
            "costs": self.costs,
            "history": {
                name: h["assessments"] for name, h in self.history.items() if h["assessments"]
            },
            "checklists": self.checklists,
        }
