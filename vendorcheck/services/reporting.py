"""Reports: gather everything a client report says into one `ReportData`, then write it.

`build_report` reads only through the other services (scores, comparison, checklists, costs),
so a report always agrees with `vendorcheck score`, `compare` and `cost`. `write_report` picks
the format from the file extension and hands the data to the renderer (vendorcheck.render).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vendorcheck.core.branding import branding_from_data
from vendorcheck.core.errors import Lang, UserError
from vendorcheck.core.models import VERDICT_ORDER
from vendorcheck.services import archive, assessing, catalog
from vendorcheck.store import Store
from vendorcheck.view.report import Brand, ReportData

__all__ = ["FORMATS", "Brand", "ReportData", "build_report", "load_brand", "write_report"]

FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md", ".json": "json"}


def report_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so the same input gives the same bytes."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH")
    if pinned:
        try:
            return datetime.fromtimestamp(int(pinned), UTC)
        except ValueError:
            raise UserError(
                f"SOURCE_DATE_EPOCH must be whole seconds, not {pinned!r}",
                f"SOURCE_DATE_EPOCH 必须是整数秒，而不是 {pinned!r}",
            ) from None
    return datetime.now(UTC).replace(microsecond=0)


def load_brand(path: Path) -> Brand:
    """Read and validate a branding TOML; the logo path is relative to that file."""
    from vendorcheck.services.files import parse_toml

    branding = branding_from_data(parse_toml(catalog.read_text(path), str(path)), str(path))
    logo: Path | None = None
    if branding.logo:
        logo = (path.parent / branding.logo).resolve()
        if not logo.is_file():
            raise UserError(
                f"logo file not found: {logo}",
                f"找不到标志文件：{logo}",
                where=f"{path}: logo",
            )
    return Brand(branding=branding, logo_path=logo)


def recommend(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The vendor to prefer: best verdict, then highest score; none when all are rejected."""
    ranked = sorted(
        results,
        key=lambda r: (VERDICT_ORDER.index(r["verdict"]) if r["verdict"] else -1, r["score"]),
        reverse=True,
    )
    best = ranked[0]
    # Issue 15: an incomplete (or unanswered) assessment is no basis for a recommendation.
    usable = best["verdict"] in ("recommended", "acceptable", "caution")
    return {
        "vendor": best["vendor"] if usable else None,
        "verdict": best["verdict"] if usable else "reject",
        "ranking": [r["vendor"] for r in ranked],
        "rejected": [r["vendor"] for r in results if r["verdict"] == "reject"],
    }


def _costs(store: Store, names: list[str]) -> dict[str, Any] | None:
    """The cost comparison of the vendors that have a quote, when the costing service exists."""
    try:
        from vendorcheck.services import costing
        from vendorcheck.store import quotes as quote_store
    except ImportError:
        return None
    vendors = [store.vendor(n) for n in names]
    quoted = [v["name"] for v in vendors if quote_store.get_quote(store, v["id"]) is not None]
    if not quoted or costing.get_profile(store) is None:
        return None
    data = costing.cost_json(store, quoted)
    for row in data["vendors"]:
        row["model_label"] = {
            "zh": costing.model_label(row["model"], "zh"),
            "en": costing.model_label(row["model"], "en"),
        }
    return data


def build_report_at(
    db_path: Path, vendors: list[str], lang: Lang, client: str = "", brand: Brand | None = None
) -> ReportData:
    """`build_report` on a connection of its own, opened and closed here: what a worker thread
    needs (an SQLite connection belongs to the thread that opened it), so the TUI's export
    worker does not open the store itself (issue 20)."""
    store = Store.open(db_path, migrate=False)
    try:
        return build_report(store, vendors, lang, client, brand)
    finally:
        store.close()


def build_report(
    store: Store,
    vendors: list[str],
    lang: Lang,
    client: str = "",
    brand: Brand | None = None,
) -> ReportData:
    """One vendor gives an assessment report; 2-8 give a comparison report."""
    if not vendors:
        raise UserError("name at least one vendor", "请至少指定一个服务商")
    if len(set(vendors)) != len(vendors):
        raise UserError("a vendor is named twice", "同一个服务商出现了两次")
    if len(vendors) > 8:
        raise UserError("a report compares at most 8 vendors", "一份报告最多对比 8 个服务商")
    records = [store.vendor(v) for v in vendors]
    names = [r["name"] for r in records]
    if len(names) == 1:
        results = [assessing.score_json(store, names[0])]
        sections = None
    else:
        comparison = assessing.compare_json(store, names)
        results = comparison["results"]
        sections = comparison["sections"]
    from vendorcheck.services import evidence

    checklists: dict[str, dict[str, Any]] = {}
    for r in results:
        # issue 21: the files behind its answers (sealed with a final; pending for a draft)
        r["evidence_files"] = evidence.for_report(
            store, r["assessment_id"], r["status"], r["vendor_id"]
        )
        sha = r["checklist"]["sha256"]
        if sha not in checklists:
            checklists[sha] = catalog.checklist_json(store.checklist(sha))
    when = report_time()
    return ReportData(
        kind="assessment" if len(names) == 1 else "comparison",
        lang=lang,
        client=client.strip(),
        brand=brand,
        day=when.date(),
        timestamp=when.isoformat(),
        results=results,
        vendors=records,
        sections=sections,
        checklists=list(checklists.values()),
        recommendation=recommend(results),
        costs=_costs(store, names),
        # each vendor's finals, oldest first, with what changed since the one before
        history={n: archive.history(store, n) for n in names},
        extra={"todo": _todo(store, names)},
        archive_head=archive.head(store),
    )


def _todo(store: Store, names: list[str]) -> list[dict[str, Any]]:
    """The "before you sign" items (issue 17) of a one-vendor report: must-do, agreed or not."""
    if len(names) != 1:
        return []
    from vendorcheck.services import todo

    return [i for i in todo.items_for(store, names[0])[1] if i["priority"] == "must"]


def format_of(out: Path) -> str:
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise UserError(
            f"cannot tell the format from {out.suffix or 'no extension'}; "
            "use .pdf, .html, .md or .json",
            f"无法从扩展名 {out.suffix or '（无）'} 判断格式；请使用 .pdf、.html、.md 或 .json",
            where=str(out),
        )
    return fmt


def write_report(
    data: ReportData,
    out: Path,
    notify: Callable[[str, str], None] | None = None,
    templates: Path | None = None,
) -> Path:
    """Render `data` in the format named by `out`'s extension; the file appears only when done.

    `notify(zh, en)`, when given, hears about slow one-off work (the first PDF on a machine
    prepares a font subset for 10-20 s). `templates` is a folder of the user's template
    overrides (`--templates DIR`); without it the config folder's `templates` is used."""
    fmt = format_of(out)
    from vendorcheck import render

    payload = render.render(data, fmt, notify, templates)
    out = out.expanduser()
    if not out.parent.is_dir():
        raise UserError("folder does not exist", "文件夹不存在", where=str(out.parent))
    from vendorcheck.services.files import write_atomic

    write_atomic(out, payload)
    return out
