"""The user's settings (TUI theme, language, key map) in config.toml in the platform's config folder.

Kept tiny and flat: string values at the top (`theme`, `lang`) and one table of strings,
`[keymap]` (binding id -> keys, as Posting's keymap), so writing it needs no TOML library.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vendorcheck.paths import config_path

TABLES = ("keymap",)


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    import tomllib  # here: most starts have no settings file to parse

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}


def load(path: Path | None = None) -> dict[str, str]:
    """The stored settings; a missing or unreadable file means defaults (never an error at start)."""
    data = _read(path or config_path())
    return {k: v for k, v in data.items() if isinstance(v, str)}


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """`home.open = "o"` inside [keymap] is TOML for a nested table: back to the id `home.open`."""
    out: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The `[keymap]` table (binding id -> comma-separated keys) and one line per bad entry."""
    path = path or config_path()
    raw = _read(path).get("keymap", {})
    if not isinstance(raw, dict):
        return {}, [f'{path}: keymap: must be a table ([keymap]) of binding id = "keys"']
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in _flatten(raw).items():
        if isinstance(keys, str) and keys.strip():
            keymap[binding_id] = keys.replace(" ", "")
        else:
            problems.append(f'{path}: keymap.{binding_id}: must be a key name such as "ctrl+o"')
    return keymap, problems


def save(updates: dict[str, str], path: Path | None = None) -> None:
    """Merge `updates` into the file, written atomically (temp file + rename); tables are kept."""
    import json

    path = path or config_path()
    old = _read(path)
    flat = {**{k: v for k, v in old.items() if isinstance(v, str)}, **updates}
    # A JSON string is a valid TOML basic string (and a quoted key), so json.dumps quotes safely.
    body = "".join(
        f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in flat.items()
    )
    for name in TABLES:
        table = old.get(name)
        if isinstance(table, dict):
            body += f"\n[{name}]\n" + "".join(
                f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}\n"
                for k, v in _flatten(table).items()
                if isinstance(v, str)
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(path)
