"""Cost lines the report and the shells print alike (moved from services.cost_text, issue 20)."""

from __future__ import annotations

from typing import Any

from vendorcheck.core.errors import Lang
from vendorcheck.view import money


def operations_line(ops: dict[str, Any], lang: Lang) -> str:
    """The in-house operations team of cost_json, role by role, marked as our assumption."""
    parts = [
        f"{r[lang]} {r['count']} × {money.money(r['salary_monthly'], lang, whole=True)}"
        for r in ops["roles"]
    ]
    overhead = money.money(ops["overhead_monthly"], lang, whole=True)
    if lang == "zh":
        return (
            f"自建运营团队（工资为我们的假设，可在店铺档案 [in_house_operations] 中修改）："
            f"{' + '.join(parts)} + 办公/设备/社保 {overhead} 每月"
        )
    return (
        "In-house operations team (salaries are our assumption; edit them in the profile's "
        f"[in_house_operations]): {' + '.join(parts)} + office/equipment/insurance {overhead} "
        "a month"
    )
