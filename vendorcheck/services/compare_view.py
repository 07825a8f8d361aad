"""What the Compare screen and `vendorcheck compare` both show beyond the scores (issue 19 item 7):
the best of each row (never a vendor the checklist rejects), the monthly cost and staffing rows,
and cells that line up whatever their characters (Chinese, ★) by measuring cells, not characters.

Costs come from services.costing.cost_json with the stored shop profile, as on the cost screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.cells import cell_len

from vendorcheck.core.errors import Lang, NotFound, UserError
from vendorcheck.store import Store

STAR = "★"


def best_marks(
    values: Sequence[float | None],
    *,
    lowest: bool = False,
    rejected: Sequence[bool] | None = None,
) -> list[bool]:
    """Which cells to star: the best among vendors not rejected (a rejected vendor's low price or
    high section score is no recommendation); nothing when under two compete or all tie."""
    out = rejected or [False] * len(values)
    present = [v for v, r in zip(values, out, strict=True) if v is not None and not r]
    if len(present) < 2:
        return [False] * len(values)
    best = min(present) if lowest else max(present)
    if all(v == best for v in present):  # a tie everywhere says nothing
        return [False] * len(values)
    return [v is not None and not r and v == best for v, r in zip(values, out, strict=True)]


def marked_cells(
    values: Sequence[float | None], marks: Sequence[bool], fmt: Callable[[float], str]
) -> list[str]:
    """ "★ " or two spaces, then the figure right-aligned to the row's widest in terminal cells
    (rich's cell_len, so ¥, Chinese or ★ count as drawn): "★ 100%" over "   79%", every figure
    of a column ending in the same cell."""
    texts = ["—" if v is None else fmt(v) for v in values]
    width = max((cell_len(t) for t in texts), default=0)
    return [
        (f"{STAR} " if m else " " * (cell_len(STAR) + 1)) + " " * (width - cell_len(t)) + t
        for t, m in zip(texts, marks, strict=True)
    ]


def rejected_flags(data: dict[str, Any]) -> list[bool]:
    """Per vendor of a compare_json result: does its verdict reject it?"""
    return [v["verdict"] == "reject" for v in data["vendors"]]


def cost_rows(store: Store, vendors: Sequence[str]) -> dict[str, Any]:
    """Monthly cost and staffing per vendor (None where unknown) and the hints (zh, en) that say
    why a figure is missing (worded for the TUI); `profile` False when no shop profile is
    stored."""
    from vendorcheck.services import costing

    hints: list[tuple[str, str]] = []
    if costing.get_profile(store) is None:
        hints.append(
            (
                "还没有店铺档案，无法测算月度成本：按 p 填写",
                "No shop profile yet, so no monthly costs: press p to fill it in",
            )
        )
        return {"profile": False, "monthly": [], "staffing": [], "hints": hints}
    rows: dict[str, dict[str, Any]] = {}
    missing: list[str] = []
    for name in vendors:
        try:
            rows[name] = costing.cost_json(store, [name])["vendors"][0]
        except NotFound:
            missing.append(name)
        except UserError as e:
            hints.append((e.text("zh"), e.text("en")))
    if missing:
        hints.append(
            (
                f"没有报价：{'、'.join(missing)}（在主页选中后按 Q 录入）",
                f"No quote: {', '.join(missing)} (select it on home and press Q)",
            )
        )
    monthly = [rows[n]["monthly_cost"] if n in rows else None for n in vendors]
    staffing = [staffing_cell(rows.get(n)) for n in vendors]
    return {"profile": True, "monthly": monthly, "staffing": staffing, "hints": hints}


def staffing_cell(r: dict[str, Any] | None) -> dict[str, Any] | None:
    """committed/needed seats and agents and whether they suffice (None: unknown); None for no
    quote or a store-operation quote (代运营 prices a team, not agents)."""
    if r is None or r.get("kind") == "store_operation":
        return None
    parts: dict[Lang, list[str]] = {"zh": [], "en": []}
    for what, zh, en in (("seats", "坐席", "seats"), ("agents", "人", "agents")):
        committed = r[f"{what}_committed"]
        shown = "?" if committed is None else str(committed)
        parts["zh"].append(f"{zh} {shown}/{r[f'{what}_needed']}")
        parts["en"].append(f"{en} {shown}/{r[f'{what}_needed']}")
    ok = r["staffing_ok"]
    sign = "✓" if ok else "?" if ok is None else "✗"
    return {
        "ok": ok,
        "zh": f"{sign} " + "，".join(parts["zh"]),
        "en": f"{sign} " + ", ".join(parts["en"]),
    }
