"""Contract scanning: find which protective and risky clauses a contract contains.

Pure functions over text and the clause-pattern data; reading files lives in
vendorcheck.services.contracts.
"""

from vendorcheck.core.contracts.model import (
    CLAUSE_IDS,
    PROTECTIVE_IDS,
    RISKY_IDS,
    ClauseResult,
    Evidence,
    Parties,
    ScanResult,
)
from vendorcheck.core.contracts.patterns import PatternSet, parse_patterns
from vendorcheck.core.contracts.scanner import scan

__all__ = [
    "CLAUSE_IDS",
    "PROTECTIVE_IDS",
    "RISKY_IDS",
    "ClauseResult",
    "Evidence",
    "Parties",
    "PatternSet",
    "ScanResult",
    "parse_patterns",
    "scan",
]
