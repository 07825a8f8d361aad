"""The user's settings (the TUI theme for now) in config.toml in the platform's config folder.

Kept tiny and flat: string values only, so writing it needs no TOML library.
"""

from __future__ import annotations

from pathlib import Path

from vendorcheck.paths import config_path


def load(path: Path | None = None) -> dict[str, str]:
    """The stored settings; a missing or unreadable file means defaults (never an error at start)."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    import tomllib  # here: most starts have no settings file to parse

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)}


def save(updates: dict[str, str], path: Path | None = None) -> None:
    """Merge `updates` into the file, written atomically (temp file + rename)."""
    import json

    path = path or config_path()
    data = {**load(path), **updates}
    # A JSON string is a valid TOML basic string, so json.dumps quotes values safely.
    body = "".join(
        f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in data.items()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(path)
