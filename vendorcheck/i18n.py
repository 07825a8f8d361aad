"""Which language to speak: `--lang`, else VENDORCHECK_LANG, else the system locale."""

from __future__ import annotations

import locale
import os

from vendorcheck.core.errors import Lang


def detect_lang(explicit: str | None = None) -> Lang:
    for cand in (explicit, os.environ.get("VENDORCHECK_LANG")):
        if cand:
            return "zh" if cand.lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        val = os.environ.get(var)
        if val:
            return "zh" if val.lower().startswith("zh") else "en"
    loc = locale.getlocale()[0] or ""
    return "zh" if loc.lower().startswith("zh") else "en"


def tr(lang: Lang, zh: str, en: str) -> str:
    """Pick the string for `lang`; both are always written side by side at the call site."""
    return zh if lang == "zh" else en
