"""Quotes, shop profile and cost through the real CLI against a real database file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CLI
from tests.test_cli_spine import digest as content  # every user table's rows
from vendorcheck.paths import checklists_dir
from vendorcheck.store import Store
from vendorcheck.store import quotes as quote_store

EXAMPLES = checklists_dir() / "market" / "examples"
PROFILE = EXAMPLES / "profile.toml"
YUNFAN = "杭州云帆客服外包有限公司"
SUDA = "速达电商服务工作室"
BLUEWAVE = "Bluewave Commerce Services"


def test_done_when_200k_sales_300_inquiries_three_vendors_vs_two_agents(
    run_cli: CLI, demo_db: Path
) -> None:
    """The issue's 'done when': what each demo vendor costs, staff enough, against two agents."""
    r = run_cli("cost", YUNFAN, SUDA, BLUEWAVE, "--profile", str(PROFILE), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["profile"]["monthly_sales"] == 200000
    assert data["profile"]["daily_inquiries_avg"] == 300
    v = {row["vendor"]: row for row in data["vendors"]}
    assert list(v) == [YUNFAN, SUDA, BLUEWAVE]  # in the order asked for
    assert len({row["model"] for row in data["vendors"]}) == 3

    # 2 shifts × 1,500 + 2 % × 200,000 = 7,000 a month; one seat, two agents: enough.
    y = v[YUNFAN]
    assert y["model"] == "shift_plus_commission"
    assert (y["monthly_cost"], y["annual_cost"]) == (7000.0, 84000.0)
    assert y["cost_per_inquiry"] == 0.78  # 7,000 / (300 × 30)
    assert (y["seats_needed"], y["seats_committed"], y["staffing_ok"]) == (1, 1, True)
    assert y["flags"] == []
    assert y["break_even_sales"] == 416666.67  # (11,333.33 - 3,000) / 2 %

    # One temporary agent: 28 × 100 + 2 promotion days × 200 + a hidden 200 software fee = 3,400.
    s = v[SUDA]
    assert s["model"] == "day_rate"
    assert (s["monthly_cost"], s["annual_cost"]) == (3400.0, 40800.0)
    assert (s["seats_committed"], s["agents_committed"], s["agents_needed"]) == (1, 1, 2)
    assert s["staffing_ok"] is False
    flags = {f["code"]: f for f in s["flags"]}
    assert set(flags) == {"hidden_fees_monthly", "agents_short"}
    assert "子账号及客服软件费" in flags["hidden_fees_monthly"]["zh"]
    assert flags["agents_short"]["en"].startswith("commits 1 agent(s); covering 15 hours")

    # 3,000 base for one seat + 3.5 % × 200,000 = 10,000; 2,000 one-off: 122,000 a year.
    b = v[BLUEWAVE]
    assert b["model"] == "base_plus_commission"
    assert (b["monthly_cost"], b["annual_cost"], b["one_off_fees"]) == (10000.0, 122000.0, 2000.0)
    assert b["staffing_ok"] is True
    (flag,) = b["flags"]
    assert flag["code"] == "commission_above_market"
    assert (flag["value"], flag["range"]) == (0.035, {"min": 0.01, "max": 0.03})
    assert "1%-3%" in flag["zh"] and "3.5%" in flag["en"]

    # Hiring two agents: 2 × 4,000 + 2 × 1,500 overhead + turnover 333.33 = 11,333.33.
    base = data["in_house"]
    assert base == {
        "agents": 2,
        "monthly_cost": 11333.33,
        "annual_cost": 136000.0,
        "cost_per_inquiry": 1.26,
        "salary_monthly": 8000.0,
        "overhead_monthly": 3000.0,
        "turnover_monthly": 333.33,
    }
    assert [v[n]["vs_in_house_monthly"] for n in (YUNFAN, SUDA, BLUEWAVE)] == [
        -4333.33,
        -7933.33,
        -1333.33,
    ]
    assert all(row["cheaper_than_in_house"] for row in data["vendors"])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            [
                "需要 1 个坐席、2 名客服",
                "¥7,000",
                "¥3,400",
                "¥10,000",
                "自招 2 名客服",
                "¥11,333",
                "不足",
                "省 ¥4,333",
                "提成比例 3.5% 高于市场常见的 1%-3%",
            ],
        ),
        (
            "en",
            [
                "needs 1 seat(s), 2 agents",
                "CN¥7,000",
                "CN¥3,400",
                "CN¥10,000",
                "In-house, 2 agents",
                "CN¥11,333",
                "short",
                "saves CN¥4,333",
                "commission of 3.5% is above the market range of 1%-3%",
            ],
        ),
    ],
)
def test_cost_table_in_both_languages_uses_the_stored_demo_profile(
    run_cli: CLI, demo_db: Path, lang: str, expected: list[str]
) -> None:
    r = run_cli("cost", lang=lang)  # no vendors: every quoted one; no --profile: the stored one
    assert r.returncode == 0, r.stderr
    for text in expected:
        assert text in r.stdout, text
    for name in (YUNFAN, SUDA):
        assert name in r.stdout


def test_demo_twice_keeps_one_quote_each_and_the_profile(run_cli: CLI, demo_db: Path) -> None:
    before = content(demo_db)
    assert run_cli("demo").returncode == 0
    assert content(demo_db) == before


def test_quote_set_show_and_replace(run_cli: CLI, db_path: Path) -> None:
    assert run_cli("vendor", "add", "小蜜蜂客服").returncode == 0
    r = run_cli("quote", "set", "小蜜蜂客服", "--file", str(EXAMPLES / "quote-tiered.toml"))
    assert r.returncode == 0, r.stderr
    assert "tiered by inquiries" in r.stdout
    shown = json.loads(run_cli("quote", "show", "小蜜蜂客服", "--format", "json").stdout)
    assert shown["quote"]["model"] == "tiered_by_inquiries"
    assert [t["monthly"] for t in shown["quote"]["tiers"]] == [1000, 2000, 3500]
    r = run_cli("quote", "show", "小蜜蜂客服", lang="zh")
    assert "按咨询量阶梯" in r.stdout and "¥3,500.00" in r.stdout

    # A JSON quote replaces it; the cost follows the new one.
    q = db_path.parent / "q.json"
    q.write_text(json.dumps({"model": "fixed_per_seat", "seat_monthly": 4000, "seats": 1}))
    assert run_cli("quote", "set", "小蜜蜂客服", "--file", str(q)).returncode == 0
    r = run_cli("cost", "小蜜蜂客服", "--profile", str(PROFILE), "--format", "json")
    (row,) = json.loads(r.stdout)["vendors"]
    assert (row["model"], row["monthly_cost"], row["agents_committed"]) == (
        "fixed_per_seat",
        4000.0,
        2,
    )


def test_profile_set_show(run_cli: CLI) -> None:
    r = run_cli("profile", "set", "--file", str(PROFILE))
    assert r.returncode == 0, r.stderr
    shown = json.loads(run_cli("profile", "show", "--format", "json").stdout)
    assert shown["monthly_sales"] == 200000 and shown["coverage_hours"] == 15
    r = run_cli("profile", "show", lang="zh")
    assert "月销售额 ¥200,000，日均咨询 300 条（高峰 600）" in r.stdout


BAD_QUOTES = {
    "rate.toml": (
        'model = "base_plus_commission"\nbase_monthly = 1500\nseats = 1\ncommission_rate = 2\n',
        "quote.commission_rate: must be a fraction between 0 and 1 (got 2)",
        "quote.commission_rate：必须是 0 到 1 之间的小数",
    ),
    "missing.json": (
        '{"model": "base_plus_commission", "base_monthly": 1500, "commission_rate": 0.02}',
        "quote.seats: is required",
        "quote.seats：必须填写",
    ),
    "negative.toml": (
        'model = "fixed_per_seat"\nseat_monthly = -4000\nseats = 1\n',
        "quote.seat_monthly: must be an amount in yuan, not negative (got -4000)",
        "quote.seat_monthly：必须是不小于 0 的金额",
    ),
    "model.toml": ('model = "per_hour"\n', "quote.model: must be one of", "quote.model：必须是"),
    "syntax.toml": ('model = "day_rate\n', "not valid TOML", "不是合法的 TOML"),
}


@pytest.mark.parametrize("name", sorted(BAD_QUOTES))
def test_malformed_quote_file_exit_2_field_named_nothing_written(
    run_cli: CLI, demo_db: Path, tmp_path: Path, name: str
) -> None:
    text, en, zh = BAD_QUOTES[name]
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    before = content(demo_db)
    for lang, msg in (("en", en), ("zh", zh)):
        r = run_cli("quote", "set", BLUEWAVE, "--file", str(f), lang=lang)
        assert r.returncode == 2
        assert r.stderr.startswith(f"vendorcheck: {f}")
        assert msg in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert content(demo_db) == before


def test_malformed_profile_exit_2_nothing_written(
    run_cli: CLI, demo_db: Path, tmp_path: Path
) -> None:
    f = tmp_path / "profile.toml"
    f.write_text(
        "monthly_sales = 200000\ndaily_inquiries_avg = 300\ndaily_inquiries_peak = 600\n"
        "coverage_hours = 30\n"
    )
    before = content(demo_db)
    for args in (("profile", "set", "--file", str(f)), ("cost", "--profile", str(f))):
        r = run_cli(*args)
        assert r.returncode == 2
        assert (
            "profile.coverage_hours: must be more than 0 and at most 24 hours (got 30)" in r.stderr
        )
    assert content(demo_db) == before


def test_cost_without_profile_or_quote_says_what_to_do(run_cli: CLI) -> None:
    assert run_cli("vendor", "add", "无报价公司").returncode == 0
    r = run_cli("cost", "无报价公司")
    assert r.returncode == 2 and "profile set --file" in r.stderr
    r = run_cli("cost", "无报价公司", "--profile", str(PROFILE), lang="zh")
    assert r.returncode == 2 and "还没有报价" in r.stderr
    r = run_cli("cost", "没有这家", "--profile", str(PROFILE))
    assert r.returncode == 2 and "no vendor named" in r.stderr


def test_deleting_a_vendor_drops_its_quote(demo_db: Path) -> None:
    store = Store.open(demo_db)
    try:
        v = store.vendor(SUDA)
        assert quote_store.get_quote(store, v["id"]) is not None
        store.delete_vendor(v["id"])
        assert quote_store.get_quote(store, v["id"]) is None
        assert len(quote_store.quoted_vendor_ids(store)) == 2
    finally:
        store.close()
