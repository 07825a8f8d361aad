"""Turn checklist text into a validated Checklist, with errors that name file, line and field."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from typing import Any

from pydantic import ValidationError

from vendorcheck.core.errors import UserError
from vendorcheck.core.models import Checklist


def parse_checklist(text: str, source: str) -> Checklist:
    """Parse TOML (or JSON, for stored copies) checklist text; `source` names it in errors."""
    try:
        data = json.loads(text) if source.endswith(".json") else tomllib.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as e:
        raise UserError(f"not valid TOML: {e}", f"不是合法的 TOML：{e}", where=source) from None
    except RecursionError:
        raise too_deep(source) from None
    except ValueError:  # a number past Python's 4,300-digit int conversion limit
        raise too_long_number(source) from None
    return checklist_from_data(data, source, text)


def too_long_number(where: str) -> UserError:
    return UserError(
        "a number too long to read (thousands of digits)",
        "数字过长（成千上万位），无法读取",
        where=where,
    )


def too_deep(where: str) -> UserError:
    """Nesting that exhausts Python's stack (tomllib, json and yaml all recurse): a user's file,
    never a bug of ours, so it is worded like any other mistake in one."""
    return UserError(
        "nested too deeply to read (hundreds of levels of lists or tables); is this the right file?",
        "嵌套层数过多（数百层列表或表），无法读取；是这个文件吗？",
        where=where,
    )


def checklist_from_data(data: Any, source: str, text: str = "") -> Checklist:
    try:
        return Checklist.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        path = _path(err["loc"])
        line = _line_of(text, data, err["loc"]) if text else None
        where = f"{source}:{line}" if line else source
        msg = err["msg"].removeprefix("Value error, ")
        # A failed item also fails its parents' length checks; count only unrelated errors.
        others = [
            x for x in e.errors()[1:] if tuple(x["loc"]) != tuple(err["loc"])[: len(x["loc"])]
        ]
        more = f" (+{len(others)} more)" if others else ""
        raise UserError(f"{path}: {msg}{more}", f"{path}：{msg}{more}", where=where) from None


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(top level)"


def _line_of(text: str, data: Any, loc: tuple[int | str, ...]) -> int | None:
    """Best effort: the line of the innermost `id = "..."` on the error's path."""
    node: Any = data
    ident: str | None = None
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            ident = node["id"]
    if ident is None:
        return None
    m = re.search(rf'^\s*id\s*=\s*["\']{re.escape(ident)}["\']', text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else None


# Fields the checklist model gained after format 1 (scoring v2: caps, yes/no wording, conditions).
# A checklist's identity must not change because the model grew: these are spelled out only when
# set, so content written before them hashes exactly as it did (old finals and bundles verify).
# A field added later joins this set.
LATER_FIELDS = frozenset({"cap", "yes", "no", "depends_on", "platforms", "services"})
# Fields about who is asked, not what is scored (the vendor's questionnaire leaves out questions
# only the merchant answers): never part of the identity, so marking them moves no hash.
FORM_FIELDS = frozenset({"merchant_only"})


def _without_unset_later_fields(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: _without_unset_later_fields(v)
            for k, v in node.items()
            if k not in FORM_FIELDS and not (k in LATER_FIELDS and v in (None, [], ()))
        }
    if isinstance(node, list):
        return [_without_unset_later_fields(v) for v in node]
    return node


def canonical_json(checklist: Checklist) -> str:
    """The content that identifies a checklist: sorted keys, no whitespace, format-1 defaults
    spelled out (later fields only when set)."""
    return json.dumps(
        _without_unset_later_fields(checklist.model_dump(mode="json", exclude={"schema_"})),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def checklist_sha256(checklist: Checklist) -> str:
    return hashlib.sha256(canonical_json(checklist).encode("utf-8")).hexdigest()
