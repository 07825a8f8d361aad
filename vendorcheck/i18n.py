"""Which language to speak: `--lang`, else VENDORCHECK_LANG, else the language remembered from the
terminal app (f2, in the settings file), else the system locale."""

from __future__ import annotations

import locale
import os

from vendorcheck.core.errors import Lang


def _lang_of(value: str) -> Lang:
    return "zh" if value.lower().startswith("zh") else "en"


def chosen_lang(explicit: str | None = None) -> Lang | None:
    """The language the user chose (flag, environment or remembered setting); None: no choice,
    only the locale to go by (CLI help is then printed in both languages)."""
    for cand in (explicit, os.environ.get("VENDORCHECK_LANG")):
        if cand:
            return _lang_of(cand)
    from vendorcheck import settings

    remembered = settings.load().get("lang", "")
    return _lang_of(remembered) if remembered in ("zh", "en") else None


def detect_lang(explicit: str | None = None) -> Lang:
    chosen = chosen_lang(explicit)
    if chosen is not None:
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        val = os.environ.get(var)
        if val:
            return _lang_of(val)
    loc = locale.getlocale()[0] or ""
    return _lang_of(loc)


def tr(lang: Lang, zh: str, en: str) -> str:
    """Pick the string for `lang`; both are always written side by side at the call site."""
    return zh if lang == "zh" else en
