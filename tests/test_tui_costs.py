"""Issue 22: the terminal app's cost screen and the report's cost section say what `cost` says.

One demo database, two 代运营 quotes entered through the real CLI next to the demo's three
customer-service quotes; the cost screen (Pilot) and a Markdown report (real CLI) are then read
back and compared with `cost --format json`, figure by figure and flag by flag, in both languages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tui_shell import _isolated, drive, table_rows

from tests.conftest import CLI
from vendorcheck.render import md_escape
from vendorcheck.services import cost_text
from vendorcheck.tui.app import VendorcheckApp
from vendorcheck.tui.screens.costs import CostScreen, ProfileScreen

__all__ = ["_isolated"]

XINGHE = "广州星禾电商代运营有限公司"
KUAIPAO = "义乌快跑网店托管工作室"
YUNFAN = "杭州云帆客服外包有限公司"
SUDA = "速达电商服务工作室"
QUOTES = {
    XINGHE: 'model = "service_fee_plus_commission"\nservice_fee_monthly = 15000\n'
    "commission_rate = 0.05\n",
    KUAIPAO: 'model = "service_fee"\nservice_fee_monthly = 30000\n',
}


@pytest.fixture
def quoted(run_cli: CLI, demo_db: Path, tmp_path: Path) -> dict[str, Any]:
    for i, (name, text) in enumerate(QUOTES.items()):
        f = tmp_path / f"q{i}.toml"
        f.write_text(text, encoding="utf-8")
        r = run_cli("quote", "set", name, "--file", str(f))
        assert r.returncode == 0, r.stderr
    r = run_cli("cost", "--format", "json")
    assert r.returncode == 0, r.stderr
    data: dict[str, Any] = json.loads(r.stdout)
    return data


def test_the_cost_json_judges_store_operation_as_store_operation(quoted: dict[str, Any]) -> None:
    v = {row["vendor"]: row for row in quoted["vendors"]}
    assert v[XINGHE]["vs_in_house_monthly"] == 25000 - 25500  # 15,000 + 5 % × 200,000
    assert v[KUAIPAO]["fee_fit"] == "too_high_for_size"  # a small shop charged 30,000
    assert {f["code"] for f in v[KUAIPAO]["flags"]} == {
        "service_fee_only_risk",
        "service_fee_unrealistic_for_size",
    }


def test_the_cost_screen_shows_the_cli_figures_and_flags(
    quoted: dict[str, Any], demo_db: Path
) -> None:
    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, CostScreen)
        for lang in ("en", "zh"):
            _headers, rows = cost_text.table(quoted, lang)  # type: ignore[arg-type]
            assert table_rows(app, "#costs") == rows
            notes = str(app.screen.query_one("#costs-notes").content)
            for v in quoted["vendors"]:
                for f in v["flags"]:
                    assert f[lang] in notes, f["code"]
                if v["vs_in_house_note"]:
                    assert v["vs_in_house_note"][lang] in notes
            assert cost_text.operations_line(quoted["in_house_operations"], lang) in notes  # type: ignore[arg-type]
            await pilot.press("f2")
            await pilot.pause()
        # The 代运营 rows have no seats, agents or staffing verdict.
        rows = {r[0]: r for r in table_rows(app, "#costs")}
        assert rows[XINGHE][5:8] == ["—", "—", ""]
        assert rows[YUNFAN][5:8] == ["1/1", "2/2", "enough"]
        # p opens the profile form, which carries the new fields.
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert len(app.screen.query("#f-agent_sales_share")) == 1
        assert len(app.screen.query("#f-in_house_operations--roles--design--salary_monthly")) == 1

    drive(demo_db, body)


def test_the_profile_form_saves_the_share_and_the_cost_screen_follows(demo_db: Path) -> None:
    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await pilot.press("m")
        await pilot.pause()
        before = {r[0]: r for r in table_rows(app, "#costs")}
        assert before[YUNFAN][2] == "CN¥7,000"  # 3,000 + 2 % × 200,000
        await pilot.press("p")
        await pilot.pause()
        field = app.screen.query_one("#f-agent_sales_share")
        field.focus()
        await pilot.press(*"50%")
        await pilot.pause()
        assert str(app.screen.query_one("#form-error").content) == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CostScreen)
        after = {r[0]: r for r in table_rows(app, "#costs")}
        assert after[YUNFAN][2] == "CN¥5,000"  # 3,000 + 2 % × 50 % × 200,000
        assert after[SUDA][2] == before[SUDA][2]  # no commission: unchanged

    drive(demo_db, body)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_cost_section_says_the_same(
    run_cli: CLI, quoted: dict[str, Any], tmp_path: Path, lang: str
) -> None:
    out = tmp_path / f"report-{lang}.md"
    r = run_cli("report", XINGHE, KUAIPAO, YUNFAN, "-o", str(out), lang=lang)
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    # The cost section runs from the in-house row to the next chapter.
    start = text.index(md_escape("自招 2 名客服" if lang == "zh" else "In-house, 2 agents"))
    section = text[text.rfind("\n## ", 0, start) :]
    v = {row["vendor"]: row for row in quoted["vendors"]}
    for name in (XINGHE, KUAIPAO, YUNFAN):
        cells = cost_text.vendor_cells(v[name], lang)  # type: ignore[arg-type]
        assert md_escape(cells[2]) in section  # the monthly cost
        for f in v[name]["flags"]:
            said = f[lang][:1].upper() + f[lang][1:] if lang == "en" else f[lang]
            assert md_escape(said) in section, f["code"]
            # a warning carries the ⚠ mark, an informational flag reads as a plain note (as the
            # CLI and the cost screen print "!" against "·")
            marked = f"- ⚠ {md_escape(said)}" in section
            assert marked == (f["severity"] == "warn"), f["code"]
    note = v[YUNFAN]["vs_in_house_note"][lang]
    assert md_escape(note[:1].upper() + note[1:] if lang == "en" else note) in section
    assert md_escape(cost_text.operations_line(quoted["in_house_operations"], lang)) in section  # type: ignore[arg-type]


def test_the_quote_form_offers_per_inquiry_pricing(demo_db: Path) -> None:
    from tui_shell import go_to

    from vendorcheck.tui.screens.costs import QuoteScreen

    async def body(app: VendorcheckApp, pilot: Any) -> None:
        await go_to(app, pilot, SUDA)
        await pilot.press("Q")
        await pilot.pause()
        assert isinstance(app.screen, QuoteScreen)
        app.screen.query_one("#model").value = "per_inquiry"
        await pilot.pause()
        assert len(app.screen.query("#f-unit_price")) == 1
        assert len(app.screen.query("#f-minimum_monthly")) == 1
        field = app.screen.query_one("#f-unit_price")
        field.focus()
        await pilot.press(*"0.4")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, QuoteScreen)
        await pilot.press("m")
        await pilot.pause()
        rows = {r[0]: r for r in table_rows(app, "#costs")}
        # 0.4 × 300 × 30 = 3,600, plus the hidden 200 software fee the form keeps from before.
        assert rows[SUDA][1:3] == ["per inquiry", "CN¥3,800"]

    drive(demo_db, body)
