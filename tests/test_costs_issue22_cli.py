"""Issue 22 through the real CLI on a real database: `profile set`, `quote set`, `cost`, zh and en.

The issue's shop: 500,000 sales a month, 800 inquiries a day (peak 1,500), 16 hours: 3 seats,
6 agents, 34,000 a month to hire them; a 代运营 quote is set against a 25,500 operations team.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CLI
from tests.test_cli_spine import digest as content
from vendorcheck.paths import checklists_dir
from vendorcheck.store import Store
from vendorcheck.store import quotes as quote_store

EXAMPLES = checklists_dir() / "market" / "examples"
SHOP = (
    "monthly_sales = 500000\ndaily_inquiries_avg = 800\ndaily_inquiries_peak = 1500\n"
    "coverage_hours = 16\n"
)
QUOTES = {
    "代运营甲": 'model = "service_fee_plus_commission"\nservice_fee_monthly = 15000\n'
    "commission_rate = 0.05\n",
    "低价坐席": 'model = "fixed_per_seat"\nseat_monthly = 4000\nseats = 3\n',
    "低价班次": 'model = "shift_plus_commission"\nshift_monthly = 800\nshifts = 6\n'
    "commission_rate = 0.02\n",
    "高底薪": 'model = "base_plus_commission"\nbase_monthly = 12000\nseats = 3\n'
    "commission_rate = 0.02\n",
    "日结": 'model = "day_rate"\nday_rate = 200\nagents = 6\n',
    "按量": 'model = "per_inquiry"\nunit_price = 0.5\nminimum_monthly = 3000\n',
}


def setup(run_cli: CLI, tmp: Path, profile_extra: str = "", **only: str) -> None:
    prof = tmp / "shop.toml"
    prof.write_text(SHOP + profile_extra, encoding="utf-8")
    r = run_cli("profile", "set", "--file", str(prof))
    assert r.returncode == 0, r.stderr
    for name, text in (only or QUOTES).items():
        f = tmp / f"{len(text)}-{abs(hash(name))}.toml"
        f.write_text(text, encoding="utf-8")
        assert run_cli("vendor", "add", name).returncode == 0
        r = run_cli("quote", "set", name, "--file", str(f))
        assert r.returncode == 0, r.stderr


def cost(run_cli: CLI) -> dict[str, dict[str, Any]]:
    r = run_cli("cost", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    rows = {v["vendor"]: v for v in data["vendors"]}
    rows["_"] = data
    return rows


def flags(row: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["code"]: f for f in row["flags"]}


def test_the_issue_shop_in_json(run_cli: CLI, tmp_path: Path) -> None:
    setup(run_cli, tmp_path, "agent_sales_share = 0.4\n")
    v = cost(run_cli)
    data = v.pop("_")
    assert data["profile"]["agent_sales_share"] == 0.4
    assert data["in_house"]["monthly_cost"] == 34000.0
    ops = data["in_house_operations"]
    assert (ops["people"], ops["monthly_cost"], ops["assumption"]) == (3, 25500.0, True)
    assert [r["zh"] for r in ops["roles"]] == ["运营/店长", "美工", "推广"]

    # 1. Commission on the 40 % closed through agents: 6 × 800 + 2 % × 40 % × 500,000 = 8,800;
    # break-even (34,000 - 4,800) / (2 % × 40 %) = 3,650,000.
    s = v["低价班次"]
    assert (s["commission_base_share"], s["commission_monthly"], s["monthly_cost"]) == (
        0.4,
        4000.0,
        8800.0,
    )
    assert s["break_even_sales"] == 3650000.0

    # 2. 代运营 against the operations team, no seat/agent flags, 5 % shown not judged.
    so = v["代运营甲"]
    assert (so["kind"], so["in_house_baseline"], so["in_house_monthly"]) == (
        "store_operation",
        "operations_team",
        25500.0,
    )
    assert (so["monthly_cost"], so["vs_in_house_monthly"]) == (40000.0, 14500.0)
    assert (so["seats_needed"], so["agents_needed"], so["staffing_ok"]) == (None, None, None)
    assert set(flags(so)) == {"store_operation_commission_unjudged"}
    assert flags(so)["store_operation_commission_unjudged"]["severity"] == "info"
    assert so["fee_fit"] == "fits"

    # 3. Far below: 2,000 per agent for a "dedicated" seat, 800 a shift.
    assert flags(v["低价坐席"])["fixed_seat_far_below"]["value"] == 2000.0
    assert flags(v["低价班次"])["shift_fee_far_below"]["range"] == {"min": 1500.0, "max": 1800.0}

    # 4. Never cheaper: 36,000 fixed against 34,000 in-house.
    h = v["高底薪"]
    assert h["never_cheaper_than_in_house"] and h["break_even_sales"] is None
    assert h["vs_in_house_note"]["en"].startswith("never cheaper than in-house at these volumes")
    assert flags(v["日结"])["day_rate_far_above"]["range"] == {"min": None, "max": 100.0}

    # 5. Per inquiry: 0.5 × 800 × 30 = 12,000.
    assert (v["按量"]["model"], v["按量"]["monthly_cost"]) == ("per_inquiry", 12000.0)


@pytest.mark.parametrize(
    ("lang", "expected", "absent"),
    [
        (
            "en",
            [
                "In-house team, 3 people",
                "CN¥25,500",
                "operations / shop manager 1 × CN¥8,000",
                "salaries are our assumption",
                "CN¥14,500 more",
                "shown, not judged",
                "far below the market's about CN¥4,000 per agent per shift",
                "one agent serving several shops",
                "shift fee of CN¥800 a month is far below",
                "never cheaper than in-house at these volumes: the fixed fee alone, CN¥36,000",
                "a day of cover (9:00-24:00), not one person: ask how many people stand behind",
                "per inquiry",
                "on the 40% of sales closed through agents",
            ],
            ["below CN¥0", "the quote does not say how many seats or agents you get\n\n代运营"],
        ),
        (
            "zh",
            [
                "自建运营团队 3 人",
                "¥25,500",
                "运营/店长 1 × ¥8,000",
                "工资为我们的假设",
                "多 ¥14,500",
                "只列出、不评判",
                "远低于市场价约 ¥4,000",
                "一名客服同时服务好几家店",
                "班次费 ¥800/月，远低于",
                "无论销售额多少都不会比自招便宜：仅固定费用 ¥36,000/月",
                "一整天有人值守的价格，不是每人的价格，请问清这个价格背后有几个人",
                "按咨询量单价",
                "按 40% 经客服成交计",
            ],
            ["低于 ¥0"],
        ),
    ],
)
def test_the_issue_shop_in_the_table(
    run_cli: CLI, tmp_path: Path, lang: str, expected: list[str], absent: list[str]
) -> None:
    setup(run_cli, tmp_path, "agent_sales_share = 0.4\n")
    r = run_cli("cost", "--format", "table", lang=lang)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for text in expected:
        assert text in out, text
    for text in absent:
        assert text not in out, text
    # The 代运营 row says nothing about seats, agents or staffing.
    so_block = out[out.index("\n代运营甲\n") :]
    assert "seats" not in so_block.split("\n\n")[0] and "坐席" not in so_block.split("\n\n")[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_large_shop_pays_60000_without_being_outside_the_market(
    run_cli: CLI, tmp_path: Path, lang: str
) -> None:
    big = 'model = "service_fee_plus_commission"\nservice_fee_monthly = 60000\ncommission_rate = 0.01\n'
    prof = tmp_path / "big.toml"
    prof.write_text(SHOP.replace("500000", "4000000"), encoding="utf-8")
    setup(run_cli, tmp_path, **{"大代运营": big})
    r = run_cli("cost", "--profile", str(prof), lang=lang)
    assert r.returncode == 0, r.stderr
    assert "outside the market" not in r.stdout and "超出市场区间" not in r.stdout
    small = run_cli("cost", lang=lang)  # the stored 500,000 shop: a small project, 60,000 is high
    assert ("is high for a small project" if lang == "en" else "对小型项目") in small.stdout


@pytest.mark.parametrize(
    ("lang", "msg"),
    [
        ("en", "profile.agent_sales_share: must be a fraction between 0 and 1 (got 1.5)"),
        ("zh", "profile.agent_sales_share：必须是 0 到 1 之间的小数"),
    ],
)
def test_a_share_above_one_is_refused_and_nothing_written(
    run_cli: CLI, db_path: Path, tmp_path: Path, lang: str, msg: str
) -> None:
    setup(run_cli, tmp_path, **{"按量": QUOTES["按量"]})
    before = content(db_path)
    bad = tmp_path / "bad.toml"
    bad.write_text(SHOP + "agent_sales_share = 1.5\n", encoding="utf-8")
    r = run_cli("profile", "set", "--file", str(bad), lang=lang)
    assert r.returncode == 2 and msg in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    bad.write_text(SHOP + "[in_house_operations.roles.design]\ncount = -1\n", encoding="utf-8")
    r = run_cli("profile", "set", "--file", str(bad), lang=lang)
    assert r.returncode == 2 and "profile.in_house_operations.roles.design.count" in r.stderr
    assert content(db_path) == before


def test_profiles_and_quotes_stored_before_issue_22_keep_working(
    run_cli: CLI, db_path: Path, tmp_path: Path
) -> None:
    """A profile row without the new fields reads as agent_sales_share 1.0, the default team."""
    setup(run_cli, tmp_path, **{"低价班次": QUOTES["低价班次"]})
    store = Store.open(db_path)
    try:
        old = {
            "monthly_sales": 500000,
            "daily_inquiries_avg": 800,
            "daily_inquiries_peak": 1500,
            "coverage_hours": 16,
            "split_presales_aftersales": False,
            "promotion_days_per_month": 0,
            "in_house": {},
        }
        quote_store.set_profile(store, old)
    finally:
        store.close()
    row = cost(run_cli)["低价班次"]
    assert row["commission_base_share"] == 1.0
    assert row["monthly_cost"] == 6 * 800 + 0.02 * 500000
    shown = json.loads(run_cli("profile", "show", "--format", "json").stdout)
    assert shown["agent_sales_share"] == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_new_examples_load_and_cost(run_cli: CLI, lang: str) -> None:
    r = run_cli("profile", "set", "--file", str(EXAMPLES / "profile.toml"))
    assert r.returncode == 0, r.stderr
    for name, file in (("A", "quote-per-inquiry.toml"), ("B", "quote-store-operation.toml")):
        assert run_cli("vendor", "add", name).returncode == 0
        r = run_cli("quote", "set", name, "--file", str(EXAMPLES / file), lang=lang)
        assert r.returncode == 0, r.stderr
    r = run_cli("cost", "--format", "json")
    v = {row["vendor"]: row for row in json.loads(r.stdout)["vendors"]}
    assert v["A"]["monthly_cost"] == 4500.0  # 0.5 × 300 × 30
    assert v["B"]["monthly_cost"] == 25000.0  # 15,000 + 5 % × 200,000
    assert v["B"]["kind"] == "store_operation"
