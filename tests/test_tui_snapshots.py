"""Snapshots of the home, assessment and compare screens, in Chinese and in English.

The data is fixed (tests/fixtures/tui/: its own checklist and three vendors), dates are pinned with
SOURCE_DATE_EPOCH, the terminal is 120x40 and the theme is set, so a snapshot changes only when a
screen does, never when the shipped checklists are edited. Update after a deliberate change with
`.venv/bin/python -m pytest tests/test_tui_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from vendorcheck.services import assessing, catalog
from vendorcheck.store import Store

FIX = FIXTURES / "tui"
EPOCH = "1763366400"  # 2025-11-17 08:00 UTC
SIZE = (120, 40)
THEME = "textual-dark"
LANGS = ["zh", "en"]


def build_fixture_db(path: Path) -> dict[str, Any]:
    """The three fixture vendors through the real services; returns their ids and assessments."""
    checklist = catalog.load_file(FIX / "checklist.toml")
    data = tomllib.loads((FIX / "vendors.toml").read_text(encoding="utf-8"))
    store = Store.open(path)
    out: dict[str, Any] = {"vendors": {}, "assessments": {}}
    try:
        for v in data["vendors"]:
            vid = assessing.add_vendor(
                store, v["name"], services=v["services"], platforms=v["platforms"]
            )
            if v["finalize"]:
                aid = assessing.assess_payload(
                    store, vid, checklist, {"answers": v["answers"]}, finalize=True,
                    assessor="fixture",
                )  # fmt: skip
            else:
                aid = assessing.start_assessment(store, vid, checklist, assessor="fixture")
                for qid, value in v["answers"].items():
                    assessing.answer(store, aid, qid, value)
                store.set_position(aid, v["position"])
            out["vendors"][v["name"]] = vid
            out["assessments"][v["name"]] = aid
    finally:
        store.close()
    return out


@pytest.fixture
def fixture_db(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("VENDORCHECK_CONFIG", str(tmp_path / "config.toml"))
    return {"path": db_path, **build_fixture_db(db_path)}


def _snap(
    snap_compare: Any, db: dict[str, Any], lang: str, screen: Callable[[], Any] | None = None
) -> bool:
    """Snapshot the app on the fixture database, with `screen()` (if given) pushed over home."""
    from vendorcheck.tui.app import VendorcheckApp

    app = VendorcheckApp(db["path"], lang=lang, demo=False)  # type: ignore[arg-type]

    async def run_before(pilot: Any) -> None:
        pilot.app.theme = THEME
        if screen is not None:
            await pilot.app.push_screen(screen())
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return bool(snap_compare(app, terminal_size=SIZE, run_before=run_before))


@pytest.mark.parametrize("lang", LANGS)
def test_home(snap_compare: Any, fixture_db: dict[str, Any], lang: str) -> None:
    pytest.importorskip(
        "vendorcheck.tui.app", reason="A's app shell (vendorcheck.tui.app) is missing"
    )
    assert _snap(snap_compare, fixture_db, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_assessment(snap_compare: Any, fixture_db: dict[str, Any], lang: str) -> None:
    screens = pytest.importorskip(
        "vendorcheck.tui.screens.assessment",
        reason="B's AssessmentScreen (vendorcheck.tui.screens.assessment) is missing",
    )
    aid = fixture_db["assessments"]["速达电商服务工作室"]
    assert _snap(snap_compare, fixture_db, lang, lambda: screens.AssessmentScreen(aid))


@pytest.mark.parametrize("lang", LANGS)
def test_compare(snap_compare: Any, fixture_db: dict[str, Any], lang: str) -> None:
    screens = pytest.importorskip(
        "vendorcheck.tui.screens.compare",
        reason="A's CompareScreen (vendorcheck.tui.screens.compare) is missing",
    )
    ids = list(fixture_db["vendors"].values())
    assert _snap(snap_compare, fixture_db, lang, lambda: screens.CompareScreen(ids))
