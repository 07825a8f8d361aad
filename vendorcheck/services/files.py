"""Reading the files users hand us (answers, quotes, profiles, bundles, checklists, contracts).

Every text file goes through `read_text`: UTF-8, or GBK/GB18030, Big5 or UTF-16 as Chinese
Windows editors save them (vendorcheck.core.decoding). Structured files are parsed by
extension, and what a parser would silently accept but a user would not mean is refused with
the line: a duplicate key (YAML and JSON keep the last value; TOML refuses it itself), and
nesting deep enough to exhaust Python's stack.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

from vendorcheck.core.decoding import decode
from vendorcheck.core.errors import UserError
from vendorcheck.core.parsing import too_deep, too_long_number


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes; OS refusals, and more than `limit` bytes, are one-line user errors."""
    try:
        with open(path, "rb") as f:
            data = f.read() if limit is None else f.read(limit + 1)
    except FileNotFoundError:
        raise UserError("file not found", "文件不存在", where=str(path)) from None
    except IsADirectoryError:
        raise UserError(
            "is a folder, not a file", "这是文件夹，不是文件", where=str(path)
        ) from None
    except OSError as e:
        raise unreadable(e, path) from None
    if limit is not None and len(data) > limit:
        raise too_big(path, limit)
    return data


def read_text_named(path: Path, limit: int | None = None) -> tuple[str, str]:
    """(text, encoding) of a user's text file: BOM, then UTF-8, then a guess among GB18030,
    Big5 and UTF-16."""
    return decode(read_bytes(path, limit), str(path))


def read_text(path: Path, limit: int | None = None) -> str:
    return read_text_named(path, limit)[0]


def unreadable(e: OSError, path: Path) -> UserError:
    """The OS refused to read a user's file (permission, I/O error): one line, both languages."""
    reason = e.strerror or str(e)
    return UserError(f"cannot read: {reason}", f"无法读取：{reason}", where=str(path))


def too_big(path: Path | str, limit: int, what: tuple[str, str] = ("file", "文件")) -> UserError:
    """More than `limit` bytes of `what` (English, Chinese): not the file the user meant."""
    mb = f"{limit / 2**20:g} MB"
    en = f"larger than the {mb} a {what[0]} may be; is this the right file?"
    zh = f"超过{what[1]}的大小上限 {mb}；是这个文件吗？"
    return UserError(en, zh, where=str(path))


def load_structured(path: Path) -> Any:
    """YAML (safe), TOML or JSON by extension; syntax errors name the file and line."""
    suffix = path.suffix.lower()
    parser = _PARSERS.get(suffix)
    if parser is None:
        raise UserError(
            f"unsupported file type {suffix or '(none)'}; use .yaml, .toml or .json",
            f"不支持的文件类型 {suffix or '（无）'}；请使用 .yaml、.toml 或 .json",
            where=str(path),
        )
    return parser(read_text(path), str(path))


def guarded(parse: Any) -> Any:
    """What every parser meets besides syntax errors, worded as the user's mistake: nesting
    that exhausts the stack, a number longer than Python converts (4,300 digits), an
    impossible value (the YAML date 2020-13-45)."""

    def run(text: str, where: str) -> Any:
        try:
            return parse(text, where)
        except RecursionError:
            raise too_deep(where) from None
        except ValueError as e:  # a constructor's: int() past 4,300 digits, 2020-13-45
            if "digits" in str(e):
                raise too_long_number(where) from None
            raise UserError(
                f"cannot read a value: {e}", f"无法读取其中的值：{e}", where=where
            ) from None

    return run


@guarded
def parse_toml(text: str, where: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"not valid TOML: {e}", f"不是合法的 TOML：{e}", where=where) from None


class _Duplicate(Exception):
    def __init__(self, key: str, line: int = 0) -> None:
        super().__init__(key)
        self.key, self.line = key, line


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen.add(key)
    return dict(pairs)


@guarded
def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as e:
        raise UserError(
            f"not valid JSON: {e.msg}", f"不是合法的 JSON：{e.msg}", where=f"{where}:{e.lineno}"
        ) from None
    except _Duplicate as e:
        raise duplicate_key(e.key, f"{where}:{_json_duplicate_line(text)}") from None


def _json_duplicate_line(text: str) -> int:
    """The line of the first duplicate key: parsed again, only now, by the pure-Python scanner,
    whose hooks see where each value starts (the fast C scanner never says)."""
    import json.decoder
    import json.scanner

    decoder = json.JSONDecoder()

    def parse_object(s_and_end: Any, strict: bool, scan_once: Any, *rest: Any) -> Any:
        s: str = s_and_end[0]
        starts: list[int] = []

        def scan(string: str, idx: int) -> Any:
            starts.append(idx)
            return scan_once(string, idx)

        def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            seen: set[str] = set()
            for (key, _), at in zip(pairs, starts, strict=False):
                if key in seen:
                    raise _Duplicate(key, s.count("\n", 0, at) + 1)
                seen.add(key)
            return dict(pairs)

        parse = json.decoder.JSONObject  # type: ignore[attr-defined]
        return parse(s_and_end, strict, scan, rest[0], pairs_hook, *rest[2:])

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        decoder.decode(text)
    except _Duplicate as e:
        return e.line
    return 1


def duplicate_key(key: str, where: str) -> UserError:
    return UserError(
        f"key {key!r} appears twice; keep one (otherwise the last would silently win)",
        f"键“{key}”出现了两次；请只保留一个（否则后一个会悄悄覆盖前一个）",
        where=where,
    )


@guarded
def _yaml(text: str, where: str) -> Any:
    import yaml

    class Loader(yaml.SafeLoader):
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            self.flatten_mapping(node)  # merge keys (<<) are meant to be overridden
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if not isinstance(key, str | int | float | bool):
                    continue  # an unhashable key is refused by the base class below
                if key in seen:
                    raise duplicate_key(str(key), f"{where}:{key_node.start_mark.line + 1}")
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    try:
        return yaml.load(text, Loader=Loader)  # a SafeLoader: plain data only
    except yaml.YAMLError as e:
        # Where the broken construct starts (context) is more useful than where parsing gave up.
        mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
        at = f"{where}:{mark.line + 1}" if mark is not None else where
        problem = "; ".join(
            p for p in (getattr(e, "context", None), getattr(e, "problem", None)) if p
        ) or " ".join(str(e).split())  # one line: str() spans several
        raise UserError(
            f"not valid YAML: {problem}", f"不是合法的 YAML：{problem}", where=at
        ) from None


_PARSERS = {".toml": parse_toml, ".json": _json, ".yaml": _yaml, ".yml": _yaml}


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
