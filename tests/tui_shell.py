"""Helpers for the TUI shell tests (home, forms, compare): a real app on a real database file."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from vendorcheck.services import demo
from vendorcheck.store import Store
from vendorcheck.tui.app import VendorcheckApp

SIZE = (140, 45)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Config in the test's folder, pinned dates, no theme from the environment."""
    monkeypatch.setenv("VENDORCHECK_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763856000")
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)


def load_demo(db_path: Path) -> list[str]:
    store = Store.open(db_path)
    try:
        demo.load_demo(store)
        return [v["name"] for v in store.vendors()]
    finally:
        store.close()


def drive(
    db_path: Path,
    body: Callable[[VendorcheckApp, Any], Awaitable[None]],
    *,
    lang: str = "en",
    demo: bool = False,
    size: tuple[int, int] = SIZE,
) -> None:
    """Run `body(app, pilot)` against the app on `db_path`."""

    async def main() -> None:
        app = VendorcheckApp(db_path, lang=lang, demo=demo)  # type: ignore[arg-type]
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await body(app, pilot)

    asyncio.run(main())


def table_rows(app: VendorcheckApp, selector: str) -> list[list[str]]:
    """The visible cells of a DataTable as plain strings."""
    table = app.screen.query_one(selector)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def names(app: VendorcheckApp) -> list[str]:
    return [row[0].strip().lstrip("● ").strip() for row in table_rows(app, "#vendors")]


def headers(app: VendorcheckApp, selector: str) -> list[str]:
    return [str(c.label) for c in app.screen.query_one(selector).columns.values()]


def footer_texts(app: VendorcheckApp) -> list[str]:
    """The descriptions the footer shows for the current screen."""
    return [
        b.description
        for _key, (_node, b, _enabled, _tip) in app.screen.active_bindings.items()
        if b.show
    ]


async def go_to(app: VendorcheckApp, pilot: Any, name: str) -> None:
    """Put the home cursor on vendor `name`."""
    table = app.screen.query_one("#vendors")
    table.move_cursor(row=names(app).index(name))
    await pilot.pause()
