"""Field types of quotes and shop profiles, and their messages in Chinese and English.

Our own checks rather than pydantic's, so that every message names the rule in the merchant's
terms ("must be a fraction between 0 and 1, 2 % is 0.02") and reads the same in both languages.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError


def _decimal(v: Any) -> Decimal:
    if isinstance(v, bool):
        raise PydanticCustomError("number", "must be a number (got {got})", {"got": repr(v)})
    if isinstance(v, float) and not math.isfinite(v):
        raise PydanticCustomError("number", "must be a number (got {got})", {"got": repr(v)})
    if isinstance(v, int | float | Decimal):
        return Decimal(str(v)) if isinstance(v, float) else Decimal(v)
    if isinstance(v, str):
        try:
            d = Decimal(v.strip())
        except InvalidOperation:
            d = Decimal("NaN")
        if d.is_finite():
            return d
    raise PydanticCustomError("number", "must be a number (got {got})", {"got": repr(v)})


def _money(v: Any) -> Decimal:
    d = _decimal(v)
    if d < 0:
        raise PydanticCustomError(
            "money", "must be an amount in yuan, not negative (got {got})", {"got": str(v)}
        )
    return d


def _rate(v: Any) -> Decimal:
    d = _decimal(v)
    if not 0 <= d <= 1:
        raise PydanticCustomError(
            "fraction", "must be a fraction between 0 and 1 (got {got})", {"got": str(v)}
        )
    return d


def whole_number(low: int, high: int | None = None) -> BeforeValidator:
    """A whole number in [low, high], accepting "3" typed into a form."""

    def check(v: Any) -> int:
        if isinstance(v, str) and v.strip().isdigit():  # typed into a form
            v = int(v)
        ok = (
            not isinstance(v, bool)
            and isinstance(v, int | float | Decimal)
            and math.isfinite(v)
            and v == int(v)
        )
        if not ok or v < low or (high is not None and v > high):
            if high is None:
                raise PydanticCustomError(
                    "count",
                    "must be a whole number of at least {low} (got {got})",
                    {"got": repr(v), "low": low},
                )
            raise PydanticCustomError(
                "count_range",
                "must be a whole number between {low} and {high} (got {got})",
                {"got": repr(v), "low": low, "high": high},
            )
        return int(v)

    return BeforeValidator(check)


def _hours(v: Any) -> Decimal:
    d = _decimal(v)
    if not 0 < d <= 24:
        raise PydanticCustomError(
            "hours", "must be more than 0 and at most 24 hours (got {got})", {"got": str(v)}
        )
    return d


def _nonneg(v: Any) -> Decimal:
    d = _decimal(v)
    if d < 0:
        raise PydanticCustomError("nonneg", "must not be negative (got {got})", {"got": str(v)})
    return d


Money = Annotated[Decimal, BeforeValidator(_money)]
Rate = Annotated[Decimal, BeforeValidator(_rate)]
Amount = Annotated[Decimal, BeforeValidator(_nonneg)]
Hours = Annotated[Decimal, BeforeValidator(_hours)]
Count = Annotated[int, whole_number(1)]
Days = Annotated[int, whole_number(0, 31)]
Headcount = Annotated[int, whole_number(0)]


ZH: dict[str, str] = {
    "number": "必须是数字（收到 {got}）",
    "money": "必须是不小于 0 的金额（元）（收到 {got}）",
    "fraction": "必须是 0 到 1 之间的小数，例如 2% 写作 0.02（收到 {got}）",
    "nonneg": "不能为负数（收到 {got}）",
    "hours": "必须大于 0 且不超过 24 小时（收到 {got}）",
    "count": "必须是不小于 {low} 的整数（收到 {got}）",
    "count_range": "必须是 {low} 到 {high} 之间的整数（收到 {got}）",
    "peak": "不能小于 daily_inquiries_avg（{avg}）（收到 {got}）",
    "tiers_start": "第一档必须从 min_daily_inquiries = 0 开始",
    "tiers_order": "各档 min_daily_inquiries 必须递增（{prev} 之后是 {got}）",
    "missing": "必须填写",
    "extra_forbidden": "无法识别的字段",
    "bool_type": "必须是 true 或 false",
    "bool_parsing": "必须是 true 或 false",
    "string_type": "必须是文字",
    "string_too_short": "不能为空",
    "too_short": "至少需要一项",
    "model_type": "必须是一个表（键 = 值）",
    "model_attributes_type": "必须是一个表（键 = 值）",
    "tuple_type": "必须是列表",
}
EN: dict[str, str] = {
    "missing": "is required",
    "extra_forbidden": "unknown field",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be text",
    "string_too_short": "must not be empty",
    "too_short": "needs at least one entry",
    "model_type": "must be a table (key = value)",
    "model_attributes_type": "must be a table (key = value)",
    "tuple_type": "must be a list",
}
