"""Which articles are terms at all, and in whose voice: a letter of intent, heads of terms or an MOU may say that only
some of its articles bind ("第一条、第二条仅记载背景及合作设想，不构成任何一方的义务", "Clauses 1
and 2 are not legally binding", "仅第三条至第九条具有约束力"). What such articles say is no term,
however it is phrased. The words that declare it are data (reading.toml `non_binding`,
`only_binding`); the article references are read here.
"""

from __future__ import annotations

import re

from vendorcheck.core.contracts.binding import Span
from vendorcheck.core.contracts.reading import Grammar

_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_NUM = r"[一二三四五六七八九十百零〇两\d]+"
# "第三条至第九条", "第一条、第二条", "clauses 1 and 2", "sections 3 to 9", "articles 1-2".
_REF_ZH = re.compile(rf"第({_NUM})[条章款](?:\s*(至|到|-|~|—|、|和|及|与)\s*第?({_NUM})[条章款]?)?")
_REF_EN = re.compile(
    r"\b(?:clauses?|sections?|articles?|paragraphs?)\s+(\d+)(?:\s*(to|through|-|and|,)\s*(\d+))?",
    re.IGNORECASE,
)


_RANGE = frozenset(("至", "到", "-", "~", "—", "to", "through"))


def number(numeral: str) -> int | None:
    """'九' 9, '十二' 12, '二十' 20, '3' 3; None for anything else."""
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(c not in _ZH_DIGITS and c != "十" for c in numeral):
        return None
    if "十" not in numeral:
        return int("".join(str(_ZH_DIGITS[c]) for c in numeral))
    tens, _, ones = numeral.partition("十")
    return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)


def article_root(article: str | None) -> str:
    """The article an item belongs to: "10.2" and "10.1" are both of article 10, "三 (2)" of 三."""
    return (article or "").split(" ")[0].split(".")[0]


def article_number(article: str | None) -> int | None:
    """The number of the article a sentence is in: "第二条 1" 2, "3.2" 3, "十 (1)" 10."""
    m = re.fullmatch(rf"第?({_NUM})[条章款]?", article_root(article))
    return number(m.group(1)) if m else None


def _refs(text: str) -> set[int]:
    out: set[int] = set()
    for rx in (_REF_ZH, _REF_EN):
        for m in rx.finditer(text):
            a, join, b = number(m.group(1)), m.group(2), m.group(3)
            if a is None:
                continue
            out.add(a)
            z = number(b) if b else None
            if z is not None:
                span = range(a, z + 1) if join and join.lower() in _RANGE else (z,)
                out.update(span if len(span) < 50 else (z,))
    return out


def non_binding(
    text: str, bodies: list[str], articles: list[str | None], g: Grammar
) -> frozenset[int]:
    """Numbers of the articles the contract itself says do not bind anyone (`text`, the joined
    bodies, answers the common case, a contract that says nothing of the kind, in one search)."""
    if g.non_binding.search(text) is None and g.only_binding.search(text) is None:
        return frozenset()
    out: set[int] = set()
    only: set[int] = set()
    for body, art in zip(bodies, articles, strict=True):
        clauses = re.split(r"[;；。]", body)
        for cl in clauses:
            if g.non_binding.search(cl):
                out |= _refs(cl)
            elif g.only_binding.search(cl):
                got = _refs(cl)
                if got:
                    own = article_number(art)
                    only |= got | ({own} if own is not None else set())
    if only:
        every = {n for n in map(article_number, articles) if n is not None}
        out |= every - only
    return frozenset(out)


_TO = ("向", "对", "给", "致", "为")
_WRITER = frozenset(("我司", "我方", "我们", "本公司", "本司", "本工作室", "本团队", "本店", "we"))


def pledger(bodies: list[str], named: dict[int, list[Span]], g: Grammar) -> str:
    """ "我司向贵司郑重承诺如下", "The Provider hereby undertakes as follows": the party named last
    before the words, in the document's first sentences, pledges the whole letter."""
    for i, body in enumerate(bodies[:12]):
        m = g.pledge_letter.search(body)
        if m is None:
            continue
        # (向贵司承诺, to the Client: whom one pledges to is no pledger; 我司/本公司 is the writer)
        before = [
            (body[a:b] in _WRITER, role)
            for a, b, role in named.get(i, [])
            if a < m.start() and body[max(0, a - 1) : a] not in _TO and body[a - 3 : a] != "to "
        ]
        if before:
            return max(reversed(before), key=lambda x: x[0])[1]
    return ""
