"""Split a contract into sentences with their spans, article numbers and definitions flag.

Works on the normalised text (same offsets as the original). A line break ends a sentence only
after end punctuation, before a numbered item, a bullet or a heading, or at a blank line: PDF
exports break lines inside clauses. A long run-on Chinese sentence of ；-clauses is cut after
each ；, each clause handing its subject on to the next (as a lead does). A numbered line whose
title runs on into its clause ("2. SERVICES. Agency shall…") starts a new article, and items
(1) (2) under a dotted item 3.1 are labelled as its parts ("3.1 (1)").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

_NUM = r"[一二三四五六七八九十百零〇两\d]+"
HEADING = re.compile(
    rf"^[ \t]*(?:[#>*]+[ \t]*)?(?P<m>第{_NUM}[条章节款部分]+|[一二三四五六七八九十]+[、.]|"
    r"(?:article|section|clause)\s+\d+(?:\.\d+)*\.?|\d+(?:\.\d+)+[.、)]?(?=\s|[^\d.\s%])|"
    r"\d+[.、)](?![\d%])|\d+(?=[ \t])|"
    r"[(（]\s*[一二三四五六七八九十\d]+\s*[)）])",
    re.IGNORECASE,
)
_END = "。！？!?；;：:"
_DEF_TITLE = re.compile(r"定义|释义|术语|用语|含义|definition|interpretation", re.IGNORECASE)
DEFINITION = re.compile(
    r"^[^，,。；;:：]{1,20}[:：]\s*(?:是指|系指|指)|^\"[^\"]{1,20}\"\s*(?:是指|系指|指)|"
    r"^[^，,。；;:：\"]{1,20}[，,]?\s*(?:是指|系指)|"
    r"^(?:本(?:合同|协议)(?:中|项下)?)?所称[^，,。]{1,20}(?:是指|系指|指)|"
    r"^\W{0,2}[\"'][^\"']{1,40}[\"']\s*(?:means|shall mean|refers to|has the meaning)",
    re.IGNORECASE,
)
_ZH_END = re.compile("[。！？]")
_CLAUSE_MARK = re.compile("[。；;，,]")
_DEF_HINT = re.compile(
    "mean|refer", re.IGNORECASE
)  # every DEFINITION form holds 指 or one of these
# "- Fees", "• 坐席：…": a bulleted line is an item of its own, even with no end punctuation.
_BULLETS = "-•·・▪●◦*"
_BULLET = re.compile(rf"^[ \t]*[{_BULLETS}][ \t]+\S")
# A run-on paragraph (one long sentence of many ；-clauses: "…乙方不得刷单；…；…") is read one
# clause at a time, unless it is a list opened by a colon ("乙方不得：1、刷单；2、…").
_RUN_ON = 60
_RUN_ON_LIST = re.compile(r"[:：]\s*(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）、.]|[①-⑩])")
# An article title on its clause's line: "2. SERVICES. Agency shall…", "3. Service Levels. …".
_INLINE_TITLE = re.compile(
    r"[ \t]*(?:\*\*)?((?:[A-Z][A-Z&/,'-]*|[A-Z][a-z]+|and|of|or|the|for)(?: (?:[A-Z][A-Za-z&/,'-]*"
    r"|and|of|or|the|for))*)\.(?:\*\*)?[ \t]+\S"
)
# "第六条　期限与终止：本协议…": a Chinese article title run on into its clause after a colon.
_ZH_INLINE_TITLE = re.compile(r"[ \t]*([\u4e00-\u9fff、与和及]{2,10})[:：][ \t]*(?=\S)")
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
# A line ending in a conjunction or an enumeration comma is no title but half a clause.
_OPEN_END = re.compile(r"(?:[或和及与并且、]|或者|以及|\b(?:or|and|the|of|to|by|with))$")
_TABLE_RULE = re.compile(r"[|:\-\s]+")
_EN_SPLIT = re.compile(r"[.?!](?<=[a-z0-9)\"'][.?!])(?=\s+[\"'(]?[A-Z0-9])")


class Sentence(NamedTuple):
    """One sentence's span in the normalised text, its article and what it is (a tuple:
    thousands are made per contract)."""

    start: int
    end: int
    article: str | None
    heading: str  # title of the enclosing article ("乙方的义务"), to infer the bound party
    definition: bool
    lead: bool  # ends with a colon: introduces a list whose items share its subject


def _heading(line: str, m: re.Match[str] | None) -> tuple[str, str] | None:
    """(marker, title) when the line is only a heading such as "第七条 保密" or "1. Definitions"."""
    if not m:
        return None
    if _marker_kind(m.group("m").strip()) == "dotted":
        return None  # "3.1" numbers an item, never an article title
    rest = line[m.end() :].strip()
    if len(rest) > 40 or _CLAUSE_MARK.search(rest):
        return None
    if CJK_CHAR.search(rest) and len(rest) > 16:
        return None
    if rest.endswith((":", "：")) or _OPEN_END.search(rest):
        return None  # "（２）供方不得刷单、补单、刷好评或" breaks a clause over two lines
    if not rest and not m.group("m").startswith("第"):
        return None
    return m.group("m").strip(), rest


@dataclass
class _Splitter:
    """The state of one pass over the lines: the article being read and the open block."""

    norm: str
    out: list[Sentence] = field(default_factory=list)
    article: str | None = None
    heading: str = ""
    in_defs: bool = False
    top_marker_kind: str = ""
    top_inline: bool = False  # top_marker_kind was taken from a run-on title, not a title line
    buf_start: int = -1
    buf_item: str | None = None
    dotted: str | None = None  # the article's last dotted item ("3.1"): "(1)" below is its part

    def flush(self, end: int) -> None:
        if self.buf_start < 0:
            return
        parent = self.article
        if self.buf_item and _marker_kind(self.buf_item) == "dotted":
            self.dotted = self.buf_item
        elif self.buf_item and self.dotted:
            parent = self.dotted
        _emit(
            self.norm,
            self.buf_start,
            end,
            parent,
            self.buf_item,
            self.heading,
            self.in_defs,
            self.out,
        )
        self.buf_start = -1

    def open_article(self, article: str, heading: str) -> None:
        self.article, self.heading = article, heading
        self.in_defs = bool(_DEF_TITLE.search(heading))
        self.dotted = None

    def title_only(self, h: tuple[str, str]) -> None:
        """A line that is only a heading ("第七条 保密", "1. Definitions")."""
        kind = _marker_kind(h[0])
        top = self.top_marker_kind
        if not top or kind == top or kind == "zh" or self.top_inline:
            # A title-only heading outranks a level guessed from a run-on title.
            self.top_marker_kind = kind if self.top_inline else top or kind
            self.top_inline = False
            self.open_article(h[0].rstrip(".、"), h[1])

    def run_on_title(self, line: str, lstart: int, m: re.Match[str]) -> re.Match[str] | None:
        """ "2. SERVICES. Agency shall…" or "第六条　期限与终止：…": a title run on into its
        clause opens a new article; the line's marker then numbers no item (None is returned)."""
        kind = _marker_kind(m.group("m").strip())
        if (self.top_marker_kind or kind) == kind in ("num", "word", "cn"):
            title = _INLINE_TITLE.match(line, m.end())
            if title is not None:
                # With no title-only line before it, the first such article sets the level.
                self.top_inline = self.top_inline or not self.top_marker_kind
                self.top_marker_kind = self.top_marker_kind or kind
                self.open_article(m.group("m").strip().rstrip(".、"), title.group(1))
                return None
        elif m.group("m").startswith("第"):
            zh_title = _ZH_INLINE_TITLE.match(line, m.end())
            if zh_title is not None:
                # Its words (期限与终止) are no part of the clause, which starts after the colon.
                self.open_article(m.group("m").strip(), zh_title.group(1))
                self.buf_start, self.buf_item = lstart + zh_title.end(), None
                return None
            if m.group("m").strip().endswith("条"):
                # "第13条  拓客及其人员不得：" opens article 第13条 (under 第五章 or not): its items
                # "（1）…" are that article's, and the line's words are its clause.
                self.open_article(m.group("m").strip(), "")
                return None
        return m


def split(norm: str) -> list[Sentence]:
    sp = _Splitter(norm)
    pos = 0
    lines = norm.split("\n")
    heads = [HEADING.match(line) for line in lines]  # each line's marker, matched once
    bullets = [line.lstrip()[:1] in _BULLETS and _BULLET.match(line) is not None for line in lines]
    bullets.append(False)
    for i, line in enumerate(lines):
        lstart, lend = pos, pos + len(line)
        pos = lend + 1
        stripped = line.strip()
        if not stripped:
            sp.flush(lstart)
            continue
        if stripped.startswith("|") and _wrapped_cell(stripped, lines[i - 1], sp.buf_start):
            pass  # the content column of a "条款 | 内容" table goes on: same block
        elif stripped.startswith("|"):
            # A table row is a block of its own; "|---|---|" rows only draw the table.
            sp.flush(lstart)
            if _TABLE_RULE.fullmatch(stripped) is None:
                sp.buf_start, sp.buf_item = lstart + (len(line) - len(line.lstrip())), None
                sp.flush(lend)
            continue
        if sp.buf_start >= 0 and bullets[i]:
            sp.flush(lstart)
        continued = sp.buf_start >= 0 and _continues(lines[i - 1], heads[i])
        m = None if continued else heads[i]
        h = None if continued else _heading(line, m)
        if h is not None:
            sp.flush(lstart)
            sp.title_only(h)
            continue
        if m is not None and sp.buf_start >= 0:
            sp.flush(lstart)
        if m is not None:
            m = sp.run_on_title(line, lstart, m)
        if sp.buf_start < 0:
            sp.buf_start = lstart + (len(line) - len(line.lstrip()))
            sp.buf_item = m.group("m").strip().rstrip(".、") if m else None
        if _ends(stripped, lines, heads, bullets, i):
            sp.flush(lend)
    sp.flush(len(norm))
    return sp.out


def _wrapped_cell(stripped: str, prev: str, buf_start: int) -> bool:
    """A "   | 个工作日内补齐…" line under "二、人员配置 | 服务方须在5": a two-column table whose
    content cell was wrapped by the layout, not a Markdown row (those open and close with a bar)."""
    return (
        buf_start >= 0
        and stripped.count("|") == 1
        and "|" in prev
        and not prev.rstrip().endswith("|")
        and prev.rstrip()[-1:] not in _END
    )


def _ends(
    stripped: str,
    lines: list[str],
    heads: list[re.Match[str] | None],
    bullets: list[bool],
    i: int,
) -> bool:
    """Line i ends its block: end punctuation, a blank, numbered or bulleted line next."""
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return (
        stripped[-1] in _END
        or not nxt.strip()
        or (heads[i + 1] is not None and not _continues(lines[i], heads[i + 1]))
        or bullets[i + 1]
    )


def _continues(prev: str, m: re.Match[str] | None) -> bool:
    """A line opening with a bare number ("30秒内回复", "30 days' notice") after a line that does
    not end a sentence continues that sentence: the break came from the page, not the author.
    `m` is the next line's HEADING match."""
    p = prev.rstrip()
    return bool(m and m.group("m").strip().isdigit() and p and p[-1] not in _END)


def _run_on_cuts(norm: str, cuts: list[int]) -> list[int]:
    """`cuts` with every run-on Chinese sentence also cut after each ；."""
    out = [cuts[0]]
    for a, b in itertools.pairwise(cuts):
        piece = norm[a:b]
        if (
            b - a > _RUN_ON
            and piece.count(";") >= 3
            and CJK_CHAR.search(piece)
            and not _RUN_ON_LIST.search(piece)
        ):
            out.extend(a + m.end() for m in re.finditer(";", piece) if a + m.end() < b)
        out.append(b)
    return out


@cache
def _marker_kind(marker: str) -> str:
    if marker.startswith("第"):
        return "zh"
    if marker[0].isalpha() and marker[0].isascii():
        return "word"
    if "." in marker.rstrip("."):
        return "dotted"
    return "num" if marker[0].isdigit() else "cn"


def _emit(
    norm: str,
    start: int,
    end: int,
    article: str | None,
    item: str | None,
    heading: str,
    in_defs: bool,
    out: list[Sentence],
) -> None:
    """Cut a block into sentences at 。！？ (and '. ' in English) and append them."""
    label = article
    if item:
        label = item if "." in item.rstrip(".") or not article else f"{article} {item}"
    cuts = [start]
    block = norm[start:end]
    cuts.extend(start + m.end() for m in _ZH_END.finditer(block) if start + m.end() < end)
    for mm in _EN_SPLIT.finditer(block):
        cuts.append(start + mm.end())
    cuts = sorted(set(cuts))
    cuts.append(end)
    n_cuts = len(cuts)
    if end - start > _RUN_ON:
        cuts = _run_on_cuts(norm, cuts)
    run_on = len(cuts) > n_cuts
    for a, b in itertools.pairwise(cuts):
        while a < b and norm[a].isspace():
            a += 1
        while b > a and norm[b - 1].isspace():
            b -= 1
        if b <= a:
            continue
        body = norm[a:b]
        if item and a == start:
            body = body[len(item) :] if body.startswith(item) else body
        is_def = in_defs or (
            ("指" in body or _DEF_HINT.search(body) is not None)
            and DEFINITION.match(HEADING.sub("", body, count=1).strip()) is not None
        )
        out.append(
            Sentence(
                start=a,
                end=b,
                article=label,
                heading=heading,
                definition=is_def,
                # A run-on's clause hands its subject to the next ("供方应…；不得…").
                lead=norm[b - 1] in ":：" or (run_on and norm[b - 1] == ";"),
            )
        )
