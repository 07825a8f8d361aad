"""Moved to vendorcheck.view.labels (issue 20); kept so shells importing it here still work."""

from vendorcheck.view.labels import (
    PLATFORMS,
    SERVICES,
    VERDICTS,
    grade_text,
    label,
    score_text,
    verdict_label,
)

__all__ = [
    "PLATFORMS",
    "SERVICES",
    "VERDICTS",
    "grade_text",
    "label",
    "score_text",
    "verdict_label",
]
