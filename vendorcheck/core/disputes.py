"""The clause ids of what 代运营 disputes are about (issue 17), fixed like the scanner's own.

Their rules, names and definitions are data (checklists/clauses/dispute-clauses.toml); these
tuples only pin the ids, because the checklists ask `contract.<id>` and the to-do wording files
are named after them. Kept out of core/contracts/model.py so the scanner's evaluated set (and
its P/R bars on the labelled splits) stays exactly what was labelled.
"""

from __future__ import annotations

DISPUTE_RISKY_IDS: tuple[str, ...] = (
    "deposit_forfeit",
    "performance_gamble",
    "ad_spend_via_vendor",
    "min_term_autorenew",
    "vendor_holds_assets",
    "penalty_asymmetry",
    "credentials_handover",
    "jurisdiction_vendor_seat",
)
DISPUTE_PROTECTIVE_IDS: tuple[str, ...] = (
    "deposit_refund",
    "performance_guarantee",
    "ad_spend_control",
    "asset_ownership",
    "data_handover",
    "subaccount_scope",
    "no_competing_shops",
)
DISPUTE_IDS: tuple[str, ...] = DISPUTE_RISKY_IDS + DISPUTE_PROTECTIVE_IDS
