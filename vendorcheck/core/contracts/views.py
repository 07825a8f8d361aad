"""Stages 1-3 of the reader: views of the text that the rules read.

The normalised text (stage 1: normalise.py) is cut into sentences (stage 2: sentences.py); here
each sentence becomes the compacted body the rules match, with an amendment's superseded wording
blanked, a comma run-on cut into clauses and a defined term glossed with its definition's topic
words; the preamble view is what parties.py resolves (stage 3); all bodies are joined so that each
regex runs once over the whole contract.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from vendorcheck.core.contracts import parties as parties_mod
from vendorcheck.core.contracts.binding import Span
from vendorcheck.core.contracts.normalise import compact
from vendorcheck.core.contracts.patterns import Rule, as_normalised, compiled
from vendorcheck.core.contracts.reading import Grammar
from vendorcheck.core.contracts.sentences import CJK_CHAR, Sentence
from vendorcheck.core.errors import Lang

# A wide gap (a full-width space, two spaces, a tab) not right after a colon separates fields
# of one line: "商家：＿＿（店铺名称：＿＿）　服务商：某某公司", "某某有限公司　需方与供方经协商…".
_FIELD_GAP = re.compile(r"(?<![:：\s])(?:\u3000|[ \t]{2,})[\u3000 \t]*(?=\S)")


def preamble(text: str, norm: str) -> str:
    """The compacted lines where parties are named (20,000 characters hold every preamble
    seen), a wide gap inside a line read as a line break."""
    head = norm[:20000]
    parts: list[str] = []
    prev = 0
    for m in _FIELD_GAP.finditer(text, 0, len(head)):
        parts.append(head[prev : m.start()])
        prev = m.end()
    parts.append(head[prev:])
    return "\n".join(compact(line) for line in "\n".join(parts).split("\n"))


_SEP = "。\n"  # no topic regex reaches across a full stop and a line break


@dataclass(frozen=True, slots=True)
class Joined:
    """All compacted sentences joined by _SEP, so each regex runs once over the whole contract
    (one pass is much faster than one per sentence); matches are handed back per sentence."""

    text: str
    starts: list[int]

    @classmethod
    def of(cls, bodies: list[str]) -> Joined:
        starts = list(itertools.accumulate((len(b) + len(_SEP) for b in bodies[:-1]), initial=0))
        return cls(_SEP.join(bodies), starts)

    def spans(
        self, rx: re.Pattern[str], value: Callable[[re.Match[str]], str]
    ) -> dict[int, list[Span]]:
        out: dict[int, list[Span]] = {}
        for m in rx.finditer(self.text):
            i = bisect.bisect_right(self.starts, m.start()) - 1
            off = self.starts[i]
            out.setdefault(i, []).append((m.start() - off, m.end() - off, value(m)))
        return out


def candidates(joined: Joined, topics: list[re.Pattern[str]]) -> dict[int, list[int]]:
    """Sentence index -> indices of the topics found in it; scan() re-checks each."""
    out: dict[int, list[int]] = {}
    starts = joined.starts
    for k, rx in enumerate(topics):
        last = -1
        for m in rx.finditer(joined.text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i != last:
                out.setdefault(i, []).append(k)
                last = i
    return out


def compile_rule(
    rule: Rule, pmap: parties_mod.PartyMap
) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    def sub(rx: str) -> str:
        # The names go in first, so that a pattern opening with {vendor} is spelt out name by
        # name like any other head group (see patterns.as_normalised).
        for role in ("merchant", "vendor"):
            alt = "|".join(re.escape(n) for n in pmap.names(role)) or "(?!x)x"
            rx = rx.replace("{" + role + "}", f"(?:{alt})")
            if "_seat}" in rx:  # the places of its address (seats.py)
                places = "|".join(re.escape(p) for p in pmap.seats.get(role, ())) or "(?!x)x"
                rx = rx.replace("{" + role + "_seat}", f"(?:{places})")
        return as_normalised(rx)

    return [compiled(sub(a)) for a in rule.all], [compiled(sub(n)) for n in rule.none]


def name_regex(pmap: parties_mod.PartyMap, lang: Lang) -> re.Pattern[str]:
    # The other language's "both parties" words never occur, and a leading \b on any
    # alternative stops the regex engine from skipping ahead to a possible first character.
    other = parties_mod.BOTH_EN if lang == "zh" else parties_mod.BOTH_ZH
    names = sorted((n for n in pmap.roles if n not in other), key=len, reverse=True)
    cjk = [re.escape(n) for n in names if not n.isascii()]
    ascii_ = [re.escape(n) for n in names if n.isascii()]
    alts = cjk + ([rf"\b(?:{'|'.join(ascii_)})\b"] if ascii_ else [])
    return re.compile("|".join(alts) or "(?!x)x")


# '"Shop Credit" means any loan, credit line…' then 'We will not draw down any Shop Credit': a
# defined term is read with the topic words of its definition ("shop credit (loan, credit line)"),
# put right after each use outside the definitions (the sentence's evidence is unchanged).
_TERM = re.compile(
    r"^\W{0,3}(?:[\d.]+\s*)?\"([^\"]{2,30})\"\s*(?:means|shall mean|refers to|是指|系指|指)\s*(.+)"
)
_GLOSS_WORDS = 3


def glossed(
    bodies: list[str],
    sentences: list[Sentence],
    topics: list[re.Pattern[str]],
    pmap: parties_mod.PartyMap,
) -> list[str]:
    glosses: dict[str, str] = {}
    for body, s in zip(bodies, sentences, strict=True):
        m = _TERM.match(body) if s.definition else None
        if m is None or len(m.group(1)) < 4 or m.group(1) in pmap.roles:
            continue
        words: list[str] = []
        for rx in topics:
            for w in rx.finditer(m.group(2)):
                if w.group(0) and w.group(0) not in words and len(words) < _GLOSS_WORDS:
                    words.append(w.group(0))
        if words:
            sep = "、" if CJK_CHAR.search(m.group(1)) else ", "
            glosses[m.group(1)] = "(" + sep.join(words) + ")"
    if not glosses:
        return bodies
    out = []
    for body, s in zip(bodies, sentences, strict=True):
        if not s.definition:
            for term, gloss in glosses.items():
                if term in body:
                    body = body.replace(term, term + gloss)
        out.append(body)
    return out


# A paragraph of 100 characters or more with no ； at all ("悦颜将其店铺交由星火代运营,星火负责…,
# 悦颜负责…,合作期内悦颜不得…,星火保证不刷单…") is read clause by clause: each comma followed by a
# party's name (or 因/如/若 and a name) starts a new ；-clause (one character for another, so
# offsets hold), unless the clause before is its condition ("…导致损失的,星火不承担责任").
_COMMA_RUN_ON = 100
_CLAUSE_OPENERS = {"", "因", "由于", "如", "若", "如果", "凡", "如因", "若因", "如由于"}


def comma_run_on(body: str, names: re.Pattern[str]) -> str:
    """Each ；-clause of the run-on is cut on its own: a comma paragraph that ends in ；（or holds
    one) is still one long clause ("…由品牌方自行掌握,运营方仅可…,运营方不得…贷款…,…;")."""
    if len(body) < _COMMA_RUN_ON or body.count(",") < 6:
        return body
    lo = 0
    cuts: list[int] = []
    for seg in body.split(";"):
        hi = lo + len(seg)
        if hi - lo >= _COMMA_RUN_ON and seg.count(",") >= 6:
            cuts += _comma_cuts(body, names, lo, hi)
        lo = hi + 1
    if not cuts:
        return body
    chars = list(body)
    for c in cuts:
        chars[c] = ";"
    return "".join(chars)


def _comma_cuts(body: str, names: re.Pattern[str], lo: int, hi: int) -> list[int]:
    """Commas before a party's name in body[lo:hi], except after a condition ending in 的/时/后.
    After a comma piece opening with 因/如/若 the cut moves before that piece, which conditions
    the clause it opens ("…全部损失;但因平台规则调整导致的销量下降,运营方不承担责任")."""
    cuts: list[int] = []
    for m in names.finditer(body, max(lo, 1), hi):
        for c in (m.start() - 1, m.start() - 2, m.start() - 3):
            if (
                c > lo
                and body[c] == ","
                and body[c + 1 : m.start()] in _CLAUSE_OPENERS
                and body[c - 1] not in "的时者后"
            ):
                prev = body.rfind(",", lo, c)
                if prev < 0 or not _CONDITION.match(body, prev + 1):
                    cuts.append(c)
                elif prev > lo:
                    cuts.append(prev)
    return cuts


_CONDITION = re.compile(r"(但是?|而)?(因|由于|如|若|如果|假如|凡|一旦)")


def heading_party(title: str, names: re.Pattern[str], pmap: parties_mod.PartyMap) -> str:
    """An article titled "乙方的义务" / "Merchant Obligations" binds its items to that party."""
    found = {pmap.roles[m.group(0)] for m in names.finditer(title)}
    return found.pop() if len(found) == 1 else ""


_BLANK = "_"


def superseded(body: str, lang: Lang, g: Grammar) -> str:
    """The body with an amendment's quoted old wording blanked out, one character for one:
    "原合同第5.2条（乙方可…贷款）修改为：…" is no term of the contract (reading.toml `superseded`)."""
    if ("原" not in body) if lang == "zh" else ("(" not in body):
        return body
    return g.superseded.sub(lambda m: _BLANK * len(m.group(0)), body)


_SLASHED = re.compile(r"_\s*/\s*_")  # a form's blank struck with a slash: "__/__"


def struck(norm: str, g: Grammar) -> str:
    """What a redline shows struck out ("[删除：…]"), as spaces, one character for one (line breaks
    kept): the sentence around it reads as if it were never there, evidence offsets stay."""
    if "[" not in norm and "【" not in norm and "~~" not in norm and not _SLASHED.search(norm):
        return norm
    return g.struck.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), norm)


def variants(norm: str, table: dict[str, str]) -> str:
    """Variant spellings replaced by the reading the rules use, one character for one."""
    if not table:
        return norm
    rx = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
    return rx.sub(lambda m: table[m.group(0)], norm)
