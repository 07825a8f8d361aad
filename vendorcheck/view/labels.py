"""Display names of the fixed vocabularies (verdicts, kinds), in both languages."""

from __future__ import annotations

from vendorcheck.core.errors import Lang

VERDICTS: dict[str, tuple[str, str]] = {
    "recommended": ("推荐", "recommended"),
    "acceptable": ("可以接受", "acceptable"),
    "caution": ("谨慎", "caution"),
    "reject": ("拒绝", "reject"),
    "incomplete": ("待核实", "incomplete"),
}

SERVICES: dict[str, tuple[str, str]] = {
    "customer_service": ("客服外包", "customer service"),
    "store_operation": ("代运营", "store operation"),
}

PLATFORMS: dict[str, tuple[str, str]] = {
    "taobao": ("淘宝", "Taobao"),
    "tmall": ("天猫", "Tmall"),
    "jd": ("京东", "JD"),
    "pinduoduo": ("拼多多", "Pinduoduo"),
    "douyin": ("抖音", "Douyin"),
}


def label(table: dict[str, tuple[str, str]], key: str | None, lang: Lang) -> str:
    if not key:
        return ""
    zh, en = table.get(key, (key, key))
    return zh if lang == "zh" else en


def verdict_label(verdict: str | None, lang: Lang) -> str:
    """The verdict's name; "" when there is none (nothing answered yet)."""
    return label(VERDICTS, verdict, lang)


def grade_text(grade: str | None, verdict: str | None = None, red_flags: int = 0) -> str:
    """The grade as every shell shows it: "—" when there is none (a forced reject, incomplete,
    nothing answered), and never beside a red-flag reject, even a v1 final sealed with one."""
    if not grade or (verdict == "reject" and red_flags) or verdict == "incomplete":
        return "—"
    return grade


def score_text(value: float | None, missing: str = "—") -> str:
    """A score as every shell shows it: one decimal, `missing` where there is none."""
    return missing if value is None else f"{value:.1f}"
