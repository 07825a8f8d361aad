"""Snapshots of the contract-conflict view (issue 19 item 1) in Chinese and English, at 80 and
120 columns: the merchant said "no loans, no penalties on me", the contract says both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_tui_conflicts import CONTRACT, answered_draft
from tests.test_tui_snapshots import EPOCH, THEME
from tests.test_tui_snapshots_keys import SIZES
from vendorcheck.services import contracts
from vendorcheck.store import Store


@pytest.fixture
def conflicted(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A draft with two open conflicts, recorded as the `l` key records them."""
    from vendorcheck.services import assessing
    from vendorcheck.tui.screens.conflicts import record_conflicts

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("VENDORCHECK_CONFIG", str(tmp_path / "config.toml"))
    aid = answered_draft(db_path)
    store = Store.open(db_path)
    try:
        scan = contracts.scan_file(CONTRACT)
        suggested = contracts.suggest_answers(assessing.checklist_of(store, aid), scan)
        assert len(record_conflicts(store, aid, suggested, CONTRACT.name)) == 2
    finally:
        store.close()
    return {"path": db_path, "aid": aid}


@pytest.mark.parametrize("size", SIZES, ids=["80", "120"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_conflict_view(
    snap_compare: Any, conflicted: dict[str, Any], lang: str, size: tuple[int, int]
) -> None:
    from vendorcheck.tui.app import VendorcheckApp
    from vendorcheck.tui.screens.assessment import AssessmentScreen

    app = VendorcheckApp(conflicted["path"], lang=lang, demo=False)  # type: ignore[arg-type]

    async def run_before(pilot: Any) -> None:
        pilot.app.theme = THEME
        await pilot.app.push_screen(AssessmentScreen(conflicted["aid"]))
        await pilot.pause()
        await pilot.press("X")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
