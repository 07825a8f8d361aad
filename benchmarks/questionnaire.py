"""Questionnaire benchmark (issue 21): export of a 61-question .xlsx and the import of it filled.

Run: .venv/bin/python -m benchmarks questionnaire      (or `make bench ONLY=questionnaire`)

The shipped cs-outsourcing checklist sends 42 questions to the vendor (the rest only the merchant
answers); the issue's figure is a 61-question questionnaire, so this run marks 19 contract
questions as the vendor's too (a checklist "bench-61", added to the catalog for the run only).
Every one of the 61 answers is filled (labels for choices, "12 单位" style text for numbers).

Side by side, median of RUNS each:
  export    services.questionnaire.export to .xlsx (cover, 6 section sheets, drop-downs)
  baseline  openpyxl writing a workbook of the same sheets, rows and cell texts, nothing else
  import    services.questionnaire.import_file: read, validate every cell, write the draft
  baseline  openpyxl reading the same file (read-only) and touching every cell
Target: export and import each < 1 s.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUNS = 7
TARGET_S = 1.0
SIZE = 61


def _median_s(fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _checklist_61() -> Any:
    from vendorcheck.services import catalog

    base = catalog.get("cs-outsourcing")
    extra = SIZE - sum(not q.merchant_only for q in base.questions())
    sections = []
    for s in base.sections:
        qs = []
        for q in s.questions:
            if q.merchant_only and q.id.startswith("contract.") and extra > 0:
                q, extra = q.model_copy(update={"merchant_only": False}), extra - 1
            qs.append(q)
        sections.append(s.model_copy(update={"questions": tuple(qs)}))
    return base.model_copy(update={"id": "bench-61", "sections": tuple(sections)})


def _fill(path: Path, checklist: Any) -> None:
    from openpyxl import load_workbook

    from vendorcheck.core import questionnaire as core

    wb = load_workbook(path)
    for ws in wb.worksheets[2:]:
        for row in ws.iter_rows(min_row=2):
            q = checklist.question(row[0].value)
            if q.kind in ("yes_no", "choice"):
                row[3].value = core.labels(q, "zh")[0]
            elif q.kind == "rating":
                row[3].value = 4
            elif q.kind == "number":
                lo = q.min if q.min is not None else 0
                unit = q.unit.zh if q.unit else ""
                row[3].value = f"{lo + 1:g} {unit}".strip()
            else:
                row[3].value = "说明"
            row[5].value = "备注"
    wb.save(path)


def _baseline_write(path: Path) -> Callable[[], None]:
    """The same sheets and cell texts, written by openpyxl with nothing of ours."""
    from openpyxl import Workbook, load_workbook

    src = load_workbook(path)
    sheets = [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in src]

    def write() -> None:
        wb = Workbook()
        wb.remove(wb.active)
        for title, rows in sheets:
            ws = wb.create_sheet(title)
            for r in rows:
                ws.append(r)
        wb.save(io.BytesIO())

    return write


def _baseline_read(path: Path) -> Callable[[], int]:
    from openpyxl import load_workbook

    def read() -> int:
        wb = load_workbook(path, read_only=True, data_only=True)
        n = sum(1 for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for _ in r)
        wb.close()
        return n

    return read


def main() -> None:
    from vendorcheck.services import catalog, questionnaire
    from vendorcheck.store import Store

    checklist = _checklist_61()
    shipped = catalog.available
    catalog.available = lambda: (*shipped(), checklist)  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as d:
            store = Store.open(Path(d) / "bench.db")
            store.add_vendor("基准服务商")
            out = Path(d) / "q.xlsx"
            n = questionnaire.export(store, "基准服务商", "bench-61", out, lang="zh")
            print(f"questionnaire of {n} questions, median of {RUNS} runs")
            export_s = _median_s(
                lambda: questionnaire.export(store, "基准服务商", "bench-61", out, lang="zh")
            )
            base_w = _median_s(_baseline_write(out))
            filled = Path(d) / "filled.xlsx"
            questionnaire.export(store, "基准服务商", "bench-61", filled, lang="zh")
            _fill(filled, checklist)
            done = questionnaire.import_file(store, "基准服务商", filled)
            assert done["imported"] == SIZE, done
            import_s = _median_s(lambda: questionnaire.import_file(store, "基准服务商", filled))
            base_r = _median_s(_baseline_read(filled))
            store.close()
    finally:
        catalog.available = shipped  # type: ignore[assignment]
    for name, ours, base in (("export", export_s, base_w), ("import", import_s, base_r)):
        ok = "ok" if ours < TARGET_S else f"OVER the {TARGET_S:g} s target"
        print(
            f"{name:7s} {ours * 1000:8.1f} ms   openpyxl alone {base * 1000:8.1f} ms   "
            f"ratio {ours / base:5.2f}x   {ok}"
        )
