"""Money, rates and counts as a merchant reads them, formatted by Babel in zh_CN or en.

Shared by the cost command, the TUI and the reports so that ¥5,500.00 looks the same everywhere.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, format_decimal, format_percent

from vendorcheck.core.errors import Lang

CURRENCY = "CNY"
CENT = Decimal("0.01")


def locale_of(lang: Lang) -> str:
    return "zh_CN" if lang == "zh" else "en"


def cents(amount: Decimal | float | int) -> Decimal:
    """Round to the fen, half up, as an invoice would."""
    return Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)


def money(amount: Decimal | float | int | None, lang: Lang, *, whole: bool = False) -> str:
    """`¥5,500.00` (zh) or `CN¥5,500.00` (en); `whole` drops the fen for compact tables."""
    if amount is None:
        return ""
    value = cents(amount)
    if whole:
        return format_currency(
            value.quantize(Decimal(1), rounding=ROUND_HALF_UP),
            CURRENCY,
            format="¤#,##0",
            locale=locale_of(lang),
            currency_digits=False,
        )
    return format_currency(value, CURRENCY, locale=locale_of(lang))


def rate(value: Decimal | float | None, lang: Lang) -> str:
    """A fraction as a percentage: 0.02 -> `2%`, 0.035 -> `3.5%`."""
    if value is None:
        return ""
    return format_percent(Decimal(str(value)), format="#,##0.##%", locale=locale_of(lang))


def number(value: Decimal | float | int | None, lang: Lang) -> str:
    if value is None:
        return ""
    return format_decimal(Decimal(str(value)), format="#,##0.##", locale=locale_of(lang))
