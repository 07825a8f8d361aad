"""Stage 5 of the reader: where a rule's topic is, and which modal verbs and words reach it.

Only the modal verbs of the ；-clause holding the topic decide; a rule's `none` and an exception
reach only their own clause; a topic word that occurs only inside an exception ("…以服务费为限，
但乙方欺诈的除外") names what is carved out, not what is stipulated; a clause quoted only to be
deleted is no term; a definition counts only when its term is used elsewhere.
"""

from __future__ import annotations

import re

from vendorcheck.core.contracts.binding import CLAUSE_SEP, Frame, clause_bounds
from vendorcheck.core.contracts.patterns import Rule
from vendorcheck.core.contracts.reading import Grammar
from vendorcheck.core.errors import Lang

Patterns = list[re.Pattern[str]]


def near_topic(
    body: str, topic: re.Pattern[str], frames: list[Frame], nones: Patterns
) -> list[Frame]:
    """In "乙方不得刷单；乙方不得泄露信息，但乙方认为必要的除外", only the modal verbs of the clause
    (between ；/;) that names the topic decide; all of them when that clause has none."""
    if len(frames) < 2 or not CLAUSE_SEP.search(body):
        return frames
    spans = [clause_bounds(body, m.start()) for m in topic.finditer(body)]
    # A topic clause the rule's `none` excludes lends its verbs to nothing: in "…赔偿全部损失；
    # 但因平台规则调整导致的销量下降，运营方不承担责任" that 不承担 excuses no loss.
    dead = [(a, b) for a, b in spans if any(n.search(body, a, b) for n in nones)]
    spans = [x for x in spans if x not in dead]
    near = [f for f in frames if any(a <= f.pos < b for a, b in spans)]
    if any(f.modality != "statement" for f in near):
        return near
    return [f for f in frames if not any(a <= f.pos < b for a, b in dead)]


def excluded(body: str, topic: re.Pattern[str], nones: Patterns) -> bool:
    """A rule's `none` reaches the ；-clauses that hold its topic, as an exception does: in
    "处罚均由商家承担；服务商对经营损失概不负责" the penalties do not excuse the waiver."""
    if not nones:
        return False
    if not CLAUSE_SEP.search(body):
        return any(n.search(body) for n in nones)
    for m in topic.finditer(body):
        a, b = clause_bounds(body, m.start())
        if not any(n.search(body, a, b) for n in nones):
            return False
    return True


def in_one_clause(body: str, alls: Patterns) -> bool:
    """In a comma run-on paragraph cut into clauses ("…均由店主自行承担，…；如因托管团队原因给店主
    造成损失的；托管团队的赔偿责任以一个月托管费为限"), a rule's words must meet in one clause."""
    for m in alls[0].finditer(body):
        a, b = clause_bounds(body, m.start())
        if all(x.search(body, a, b) for x in alls[1:]):
            return True
    return False


# A cheap first check: every Chinese carve-out form (reading.toml carve_out) holds one of these.
_ZH_CARVE_WORDS = ("除", "不在此限", "不受")


def only_in_exceptions(body: str, topic: re.Pattern[str], lang: Lang, g: Grammar) -> bool:
    """Every match of the rule's topic lies inside an exception ("除…外", "但…除外", "unless…",
    "save that…"): the word names what is carved out, not what the clause stipulates."""
    if lang == "zh" and not any(w in body for w in _ZH_CARVE_WORDS):
        return False
    spans = [(x.start(), x.end()) for x in g.carve_out.finditer(body)]
    if not spans:
        return False
    return all(any(a <= m.start() < b for a, b in spans) for m in topic.finditer(body))


def deleted(body: str, g: Grammar) -> bool:
    """ "原合同第九条第二款（"甲方有权…解除本合同"）删除": the clause it quotes is no longer in force
    (deleting buyer data, "终止后删除买家信息", is no amendment)."""
    return g.delete_word.search(body) is not None and g.deleted.search(body) is not None


_DEFINED_TERM = re.compile(
    r"^\W{0,3}(?:[\d.]+\s*)?\"?([^\"：:，,。；;]{2,20}?)\"?(?:\s*[:：]?\s*(?:是指|系指|指|means\b|shall mean\b|refers to\b)|(?<=\")\s*[:：])"
)


def term_used(body: str, i: int, bodies: list[str]) -> bool:
    """A definition in a definitions article counts only when its term is used elsewhere: a
    fee base defined but never applied ('"净成交额"：指…扣除退款…', the commission on GMV) is none."""
    m = _DEFINED_TERM.match(body)
    if m is None:
        return True
    term = m.group(1).strip()
    return any(term in b for k, b in enumerate(bodies) if k != i)


def matches(rule: Rule, frames: list[Frame]) -> Frame | None:
    """The first frame that binds the rule's party in one of its modalities ("both" binds each)."""
    for f in frames:
        if "any" not in rule.modality and f.modality not in rule.modality:
            continue
        if rule.party == "any" or f.party == rule.party or f.party == "both":
            return f
    return None


def contradicts(rule: Rule, kind: str, frames: list[Frame]) -> bool:
    """A protection that forbids something, where the vendor is instead permitted it."""
    return (
        kind == "protective"
        and "prohibition" in rule.modality
        and any(f.modality == "permission" and f.party in (rule.party, "both") for f in frames)
    )
