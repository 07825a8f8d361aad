"""What a scan returns: per clause id present/absent with quoted evidence (the issue's JSON)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from vendorcheck.core.errors import Lang

PROTECTIVE_IDS: tuple[str, ...] = (
    "no_shop_loans",
    "vendor_fraud_liability",
    "violation_compensation",
    "account_control",
    "data_confidentiality",
    "staffing_commitment",
    "sla_targets",
    "sla_penalties",
    "termination_right",
    "fee_definition",
    "no_fake_orders",
    "no_customer_diversion",
)
RISKY_IDS: tuple[str, ...] = (
    "shop_loans_allowed",
    "penalties_on_merchant",
    "vendor_liability_waiver",
    "exclusivity_lockin",
)
CLAUSE_IDS: tuple[str, ...] = PROTECTIVE_IDS + RISKY_IDS
CRITICAL_IDS: tuple[str, ...] = (
    "no_shop_loans",
    "vendor_fraud_liability",
    "violation_compensation",
)

Status = Literal["present", "absent"]


class Evidence(BaseModel):
    """A quoted sentence: `text == original[start:end]` always holds."""

    model_config = ConfigDict(frozen=True)

    text: str
    start: int
    end: int
    article: str | None = None


class Bound(BaseModel):
    """One modal verb of a sentence and whom it binds."""

    word: str
    """The modal words as read ("不得", "shall not"), or the clause's start for a statement."""
    party: str
    """merchant | vendor | both | mutual (a right both must agree to use) | "" (nobody named)."""
    modality: str


class Why(BaseModel):
    """Why a clause id turned on for one sentence (`contract scan --explain`)."""

    evidence: Evidence
    decision: Literal["present", "contradicted"]
    parties: dict[str, str]
    """The party names in the sentence and whose they are."""
    modals: list[Bound]
    """The modal verbs near the topic (in its ；-clause) and whom each binds."""
    topic: list[str]
    """The words the rule's regexes found."""
    rule: str
    """Which rule decided: file, clause id, rule number, and what it asks for."""


class ClauseResult(BaseModel):
    status: Status = "absent"
    evidence: list[Evidence] = []
    contradicted: list[Evidence] = []
    """Sentences that say the opposite (the vendor MAY do what the protection forbids), up to
    three, looked for only until three sentences of evidence are found."""
    why: list[Why] = []
    """Filled only when the scan is asked to explain itself."""


class Parties(BaseModel):
    """Which names in the contract mean the merchant and which the vendor."""

    merchant: list[str] = []
    vendor: list[str] = []
    resolved: bool = False
    """False when nothing in the text said who is who and 甲方/Party A was assumed the merchant."""


class ScanResult(BaseModel):
    file: str
    language: Lang
    clauses: dict[str, ClauseResult]
    parties: Parties
    encoding: str | None = None
    """How a text file was encoded (utf-8, gb18030, big5, utf-16, utf-32); None for .docx/.pdf."""

    def present(self) -> list[str]:
        return [cid for cid, c in self.clauses.items() if c.status == "present"]
