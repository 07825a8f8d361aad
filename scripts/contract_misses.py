"""Print every miss of the contract scanner per labelled split: FP with the evidence it quoted, FN
with the file, so misses are studied as patterns rather than fixed one sentence at a time.

Usage: .venv/bin/python scripts/contract_misses.py split [split ...]   e.g. heldout6
Name the splits: there is no "every split" default, because a held-out split being written (or
not yet run once) must not be looked at before its first run.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from vendorcheck.core.contracts import CLAUSE_IDS
from vendorcheck.services import contracts

BASE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "contracts"


def misses(split: str) -> None:
    labels = tomllib.loads((BASE / f"{split}-labels.toml").read_text("utf-8"))["files"]
    for name, present in labels.items():
        res = contracts.scan_file(BASE / split / name)
        got = set(res.present())
        for cid in CLAUSE_IDS:
            if cid in got and cid not in present:
                for ev in res.clauses[cid].evidence:
                    print(f"FP {split}/{name} {cid}: {ev.text.strip()[:160]}")
            elif cid in present and cid not in got:
                print(f"FN {split}/{name} {cid}")


def main() -> None:
    splits = sys.argv[1:]
    if not splits:
        sys.exit(__doc__)
    for split in splits:
        misses(split)


if __name__ == "__main__":
    main()
