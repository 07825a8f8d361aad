"""A stored assessment scored as its method and its vendor say (below assessing and archive).

Sealing a final (services.archive) and editing a draft (services.assessing) both need this;
it lives in its own module so neither imports the other back (issue 20's archive circle).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vendorcheck.core.models import Checklist
from vendorcheck.core.scoring import METHOD, Fit, Result, score
from vendorcheck.store import Store


def fit_of(vendor: Mapping[str, Any]) -> Fit:
    """The vendor's platforms and services, which decide the questions that apply to it."""
    return Fit(
        platforms=tuple(vendor.get("platforms") or ()), services=tuple(vendor.get("services") or ())
    )


def method_of(assessment: Mapping[str, Any]) -> str:
    """The scoring method an assessment is scored with: a final keeps the one that sealed it
    (none recorded: sealed before methods were, so v1); a draft always uses the current one."""
    if assessment.get("status") == "final":
        return str(assessment.get("scoring_method") or "v1")
    return METHOD


def rescore(store: Store, assessment: Mapping[str, Any], checklist: Checklist) -> Result:
    """Score one stored assessment as its method and its vendor's platforms say."""
    vendor = store.vendor(str(assessment["vendor_id"]))
    return score(
        checklist,
        store.answers(str(assessment["id"])),
        fit=fit_of(vendor),
        method=method_of(assessment),
    )


def checklist_of(store: Store, aid: str) -> Checklist:
    return store.checklist(store.assessment(aid)["checklist_sha256"])


def result_of(store: Store, aid: str) -> Result:
    return rescore(store, store.assessment(aid), checklist_of(store, aid))
