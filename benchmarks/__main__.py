"""Run every benchmark, or the ones named: `python -m benchmarks [name ...]`.

Each module in this package that defines `main()` is a benchmark; it prints its own figures and
ratios against a baseline measured in the same run (tests never assert on wall time).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def _names() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))


def main(argv: list[str]) -> int:
    names = argv or _names()
    unknown = sorted(set(names) - set(_names()))
    if unknown:
        print(f"benchmarks: no benchmark named {', '.join(unknown)}; have: {', '.join(_names())}")
        return 2
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        if not hasattr(module, "main"):
            continue
        print(f"== {name} ==", flush=True)
        start = time.perf_counter()
        module.main()
        print(f"({name}: {time.perf_counter() - start:.1f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
