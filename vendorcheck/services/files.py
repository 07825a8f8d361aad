"""Reading the structured files users hand us (answers, quotes, profiles, bundles) by extension."""

from __future__ import annotations

import json
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
