"""Moved to vendorcheck.view.money (issue 20); kept so shells importing it here still work."""

from vendorcheck.view.money import CENT, CURRENCY, cents, locale_of, money, number, rate

__all__ = ["CENT", "CURRENCY", "cents", "locale_of", "money", "number", "rate"]
