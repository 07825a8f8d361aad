"""Normalise contract text without moving a single offset (1 character in, 1 character out).

NFKC would turn `㈠` or `™` into several characters and break evidence offsets, so the scanner
maps full-width forms and Traditional characters with one `str.translate` table instead.
"""

from __future__ import annotations

import re
from functools import cache

from vendorcheck.core.contracts.t2s_table import SIMPLIFIED, TRADITIONAL


@cache
def table() -> dict[int, int]:
    t: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
    t[0x3000] = 0x20  # ideographic space
    for a, b in zip(TRADITIONAL, SIMPLIFIED, strict=True):
        t[ord(a)] = ord(b)
    for ch in "\u00a0\u2002\u2003\u2009\u200b\ufeff":
        t[ord(ch)] = 0x20
    for ch in "\u201c\u201d\u300c\u300d\u300e\u300f\uff02":
        t[ord(ch)] = ord('"')
    t[0x2018] = t[0x2019] = ord("'")
    t[0x2028] = t[0x2029] = ord("\n")
    t[ord("\r")] = ord("\n")
    t[ord("\u2014")] = ord("-")
    t[ord("\u00b7")] = ord(".")
    t[ord("\uff0e")] = ord(".")
    t[ord("\u3002")] = ord("\u3002")
    return t


def normalise(text: str) -> str:
    """Same length as `text`: full-width -> ASCII, Traditional -> Simplified, quotes unified."""
    return text.translate(table())


_WS = re.compile(r"\s+")
# A wrapped cell of a "条款 | 内容" table: the clause goes on after the line break and the column bar.
_CELL_WRAP = re.compile(r"\n[ \t]*\|[ \t]*")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")


def compact(sentence: str) -> str:
    """The matching view of a sentence: no spaces or line breaks around Chinese, lower case.

    Offsets are not kept here: evidence quotes the whole sentence, whose span is known.
    """
    if _WS.search(sentence) is None:  # most Chinese sentences: nothing to squeeze
        return sentence.lower()
    if "|" in sentence:
        sentence = _CELL_WRAP.sub(" ", sentence)
    return _CJK_GAP.sub("", _WS.sub(" ", sentence)).strip().lower()


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"
