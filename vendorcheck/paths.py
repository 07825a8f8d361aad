"""Where things live: bundled data (checklists/, reports/) and the user's database and config.

In a source checkout the data folders sit beside the package; in an installed wheel they are
mapped inside it as vendorcheck/_data/ (see pyproject.toml). One function finds either.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

APP = "vendorcheck"
_PKG = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The bundled `checklists` or `reports` folder, wherever the package is installed."""
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} is missing from this installation")


def checklists_dir() -> Path:
    return data_dir("checklists")


def reports_dir() -> Path:
    return data_dir("reports")


def default_db_path() -> Path:
    """`VENDORCHECK_DB`, else vendorcheck.db in the platform's user data folder."""
    env = os.environ.get("VENDORCHECK_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False) / "vendorcheck.db"


def config_path() -> Path:
    """The user's settings file (theme, language), in the platform's config folder."""
    env = os.environ.get("VENDORCHECK_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False) / "config.toml"


def user_templates_dir() -> Path:
    """The folder of the user's report template overrides: `templates` beside the settings file
    (so `VENDORCHECK_CONFIG` moves it too). Partials found there replace the shipped ones of the
    same name (see reports/README.md); `vendorcheck report --templates DIR` names another."""
    return config_path().parent / "templates"
