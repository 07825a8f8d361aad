"""CLI help in the language the user chose, from the bilingual help texts the commands carry.

Every command and option documents itself once, in both languages ("Add a vendor. 添加服务商。").
When a language is chosen (`--lang`, VENDORCHECK_LANG, or the one remembered from the terminal
app's f2) the help formatter keeps only that half, and words click's own headings in it; with no
choice, help stays bilingual. No command needs its help written twice.
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from typing import Any

import click
from click.formatting import HelpFormatter

from vendorcheck.core.errors import Lang
from vendorcheck.i18n import chosen_lang

LANG_META = "vendorcheck.lang"
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Where the Chinese half of a line starts: a CJK character after a sentence's end and a space.
_TAIL = re.compile(r"(?<=[.)!?:;,])\s+(?=[\u3400-\u9fff\uff08（“])")
_EXTRAS = re.compile(r"\s{2}(\[[^\]]*\])$")  # click's "  [default: x]" after an option's help

# click's own words, in Chinese.
CLICK_ZH = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "default: ": "默认：",
    "required": "必填",
    "env var:": "环境变量：",
}


def _chinese(text: str) -> bool:
    """Mostly Chinese: as many CJK characters as half the ASCII letters (`agent_sales_share：…`)."""
    return len(_CJK.findall(text)) * 2 >= sum(c.isascii() and c.isalpha() for c in text)


def split_line(line: str) -> tuple[str, str]:
    """(English, Chinese) halves of one line of help; either may be empty."""
    stripped = line.strip()
    if not _CJK.search(stripped):
        return line, ""
    if _CJK.match(stripped):
        return "", line
    if " / " in stripped:  # "Example / 示例:"
        en, _, zh = stripped.partition(" / ")
        if _CJK.match(zh) and not _CJK.search(en):
            end = ":" if zh.endswith((":", "：")) and not en.endswith(":") else ""
            return line[: len(line) - len(line.lstrip())] + en + end, zh
    tail = _TAIL.search(line)
    if tail is not None:
        return line[: tail.start()], line[tail.end() :]
    # a Chinese word inside an English sentence ("store operation (代运营)"), or the reverse
    return ("", line) if _chinese(stripped) else (line, "")


def _only(halves: list[tuple[str, str]]) -> Lang | None:
    """The one language a block is written in, None when it has both (or is neither)."""
    en = any(h[0].strip() and h[0].strip() != "\b" for h in halves)
    zh = any(h[1].strip() for h in halves)
    return "en" if en and not zh else "zh" if zh and not en else None


def pick(text: str, lang: Lang | None) -> str:
    """`text` in `lang`: each line's half. A block (paragraph) written only in the other language
    is dropped when a block beside it is its translation (written only in `lang`), else kept:
    untranslated words beat none. Indented lines of a `\b` block (examples) stay in both."""
    if lang is None or not text:
        return text
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    split = [[split_line(line) for line in b.split("\n")] for b in blocks]
    only = [_only(h) for h in split]
    out: list[str] = []
    for i, (block, halves) in enumerate(zip(blocks, split, strict=True)):
        lines = block.split("\n")
        verbatim = lines[0].strip() == "\b"
        beside = {only[j] for j in (i - 1, i + 1) if 0 <= j < len(blocks)}
        if only[i] not in (None, lang) and lang in beside:
            continue  # the translation of the block beside it
        has_lang = only[i] != ("zh" if lang == "en" else "en")
        kept: list[str] = []
        for line, (en, zh) in zip(lines, halves, strict=True):
            mine = en if lang == "en" else zh
            if line.strip() == "\b":
                kept.append(line)
            elif mine.strip():
                kept.append(mine.rstrip())
            elif not has_lang or (verbatim and line.startswith((" ", "\t"))):
                kept.append(line.rstrip())
        out.append("\n".join(kept))
    return "\n\n".join(b for b in out if b.strip())


def pick_help(text: str, lang: Lang | None) -> str:
    """One option's or command's help line, click's `[default: …]` kept (and worded) in `lang`."""
    if lang is None:
        return text
    extras = _EXTRAS.search(text)
    main = pick(text[: extras.start()] if extras else text, lang)
    if not extras:
        return main
    extra = extras.group(1)
    if lang == "zh":
        for en, zh in CLICK_ZH.items():
            extra = extra.replace(en, zh)
    return f"{main}  {extra}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def short_help(text: str, limit: int) -> str:
    """The first sentence of `text`'s first paragraph, cut to `limit` terminal cells."""
    first = " ".join(text.split("\n\n")[0].split())
    end = re.search(r"(?<=[.。])(\s|$)", first)
    first = first[: end.start()] if end else first
    if _width(first) <= limit:
        return first
    while first and _width(first) > limit - 3:
        first = first[:-1]
    return first.rstrip() + "..."


def lang_flag(args: list[str]) -> str | None:
    """`--lang X` among the top-level arguments, read before click parses them, so that
    `vendorcheck --lang en --help` (help runs first: it is eager) knows it."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def help_lang(ctx: click.Context | None) -> Lang | None:
    """The chosen language for help in `ctx`, or None (print both)."""
    if ctx is None:
        return chosen_lang(None)
    root = ctx.find_root()
    flag = root.params.get("lang") or root.meta.get(LANG_META)
    return chosen_lang(flag if flag in ("zh", "en") else None)


class LangFormatter(HelpFormatter):
    """click's formatter, keeping the `lang` half of every text it writes."""

    def __init__(self, lang: Lang | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang = lang

    def _zh(self, text: str) -> str:
        return CLICK_ZH.get(text, text) if self.lang == "zh" else text

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if self.lang == "zh" and prefix is None:
            prefix = CLICK_ZH["Usage:"]
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(self._zh(heading))

    def write_text(self, text: str) -> None:
        super().write_text(pick(text, self.lang))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, self._zh(pick_help(text, self.lang))) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


class LangContext(click.Context):
    def make_formatter(self) -> HelpFormatter:
        return LangFormatter(
            help_lang(self), width=self.terminal_width, max_width=self.max_content_width
        )


class LangHelp(click.Command):
    """Mixed into the CLI's command classes: their help formatted by LangFormatter, and the
    one-line summaries in a group's command list cut from the chosen half, not from both."""

    context_class: type[click.Context] = LangContext

    def get_short_help_str(self, limit: int = 45) -> str:
        lang = help_lang(click.get_current_context(silent=True))
        if lang is None or self.short_help or not self.help:
            return super().get_short_help_str(limit)
        return short_help(pick(inspect.cleandoc(self.help).partition("\f")[0], lang), limit)


class LangCommand(LangHelp):
    """A command whose help speaks the chosen language."""
