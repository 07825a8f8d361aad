"""Issue 19, item 8: a long export shows it is still going (seconds waited, and what the
renderer says about slow one-off work such as the first PDF's font subset)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from test_tui_compare import STRONG
from test_tui_export import open_export, shown
from tui_shell import _isolated, drive, load_demo

from vendorcheck.services import reporting
from vendorcheck.tui.app import VendorcheckApp

__all__ = ["_isolated"]


def test_a_long_export_counts_the_seconds_and_says_why(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    load_demo(db_path)
    release = threading.Event()
    said = threading.Event()
    real = reporting.write_report

    def slow(data: Any, out: Path, notify: Any = None) -> Path:
        """The real write, after the notice a first PDF gives while it prepares the font."""
        notify(
            "首次生成 PDF：正在准备中文字体子集…", "First PDF on this machine: preparing the font…"
        )
        said.set()
        release.wait(timeout=60)
        return real(data, out, notify)

    monkeypatch.setattr(reporting, "write_report", slow)

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await open_export(app, pilot, STRONG)
        await pilot.press("ctrl+s")
        assert said.wait(timeout=30)
        for _ in range(60):  # the ticker: once a second
            await pilot.pause(0.1)
            if "(1 s)" in shown(app, "#export-status"):
                break
        assert (
            shown(app, "#export-status") == "First PDF on this machine: preparing the font… (1 s)"
        )
        await pilot.press("f2")
        await pilot.pause()
        assert shown(app, "#export-status").startswith("首次生成 PDF：正在准备中文字体子集…（")
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(app, "#export-status").startswith("✓ 已写入 ")
        assert "秒" not in shown(app, "#export-status")

    drive(db_path, body)
