"""The export form's report rendered ahead of ctrl+s (issue 19, item 8).

A warm renderer (render.worker) still takes about a second to lay out a 17-page comparison, as
long as Chromium takes to print it. The merchant spends longer than that on the export form, so
the form starts the report with its default choices (this language, no client, no branding) as
soon as it opens. If the export asked for is the same report -- everything equal but the moment
it was made -- the export uses the report built ahead, whose HTML the renderer has just turned
into a PDF and kept, and the file is written at once; any other choice is rendered as before.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import Future
from pathlib import Path

from vendorcheck.core.errors import Lang
from vendorcheck.services.reporting import ReportData


def render_ahead(
    db_path: Path, vendors: list[str], lang: Lang, done: Future[ReportData | None]
) -> None:
    """Build the default report and have the warm renderer make its PDF; `done` gets the report
    (None when there is no warm renderer or anything fails: the export then works as before)."""
    from vendorcheck import render
    from vendorcheck.services import reporting

    data: ReportData | None = None
    try:
        built = reporting.build_report_at(db_path, vendors, lang)
        data = built if render.render_ahead(built) else None
    except Exception:  # only ever a saving: the export itself reports every problem
        data = None
    finally:
        done.set_result(data)


def same_report(data: ReportData, ahead: Future[ReportData | None] | None) -> ReportData:
    """The report built ahead when `data` is the same report made a moment later, else `data`.
    Waits for a render ahead still running: its PDF is then moments away, a new one a second."""
    if ahead is None:
        return data
    try:
        early = ahead.result(timeout=30)  # a render ahead that never ends must not stop the export
    except TimeoutError:
        return data
    if early is None:
        return data
    if dataclasses.replace(data, timestamp=early.timestamp, day=early.day) == early:
        return early
    return data
