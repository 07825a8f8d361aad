"""Reading the structured files users hand us (answers, quotes, profiles, bundles) by extension."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

from vendorcheck.core.errors import UserError
from vendorcheck.services.catalog import read_text


def load_structured(path: Path) -> Any:
    """YAML (safe), TOML or JSON by extension; syntax errors name the file and line."""
    text = read_text(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            return tomllib.loads(text)
        if suffix == ".json":
            return json.loads(text)
        if suffix in (".yaml", ".yml"):
            import yaml

            return yaml.safe_load(text)
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"not valid TOML: {e}", f"不是合法的 TOML：{e}", where=str(path)) from None
    except json.JSONDecodeError as e:
        raise UserError(
            f"not valid JSON: {e.msg}", f"不是合法的 JSON：{e.msg}", where=f"{path}:{e.lineno}"
        ) from None
    except Exception as e:  # yaml.YAMLError, imported lazily
        # Where the broken construct starts (context) is more useful than where parsing gave up.
        mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = "; ".join(
            p for p in (getattr(e, "context", None), getattr(e, "problem", None)) if p
        ) or str(e)
        raise UserError(
            f"not valid YAML: {problem}", f"不是合法的 YAML：{problem}", where=where
        ) from None
    raise UserError(
        f"unsupported file type {suffix or '(none)'}; use .yaml, .toml or .json",
        f"不支持的文件类型 {suffix or '（无）'}；请使用 .yaml、.toml 或 .json",
        where=str(path),
    )


def write_atomic(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write beside the target and rename, so a half-written file never takes its place; an
    OS refusal (permission, disk full) is a one-line user error naming the file."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            with open(tmp, "w", encoding=encoding, newline="") as f:
                f.write(data)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise UserError(
            f"cannot write: {e.strerror}", f"无法写入：{e.strerror}", where=str(path)
        ) from None
