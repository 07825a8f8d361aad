"""Decide per sentence: topic (the rule's regexes), bound party, modality, exception, context.

A protection counts only when the modal verb binds the vendor; an exception other than the
merchant's consent or the law turns a prohibition into a permission (reported as
`contradicted`); sentences in a definitions article stipulate nothing.

Who a modal verb binds, in order: the last party named before it, outside 对/向/为… phrases; the
clause's first name when a 对/向/按… phrase follows it; the subject of the last clause that named
someone when the verb's own clause names nobody; the name inside the modal words ("与乙方无关",
"In no event shall the Provider…"); the party a grant names ("甲方同意乙方…", "authorises X to");
the subject of a 者/的 condition for obligations; the name right after the modal when its clause
names nobody before it ("严禁乙方…", "可由乙方办理", "shall be borne by the Client"); the
heading's party for bare rights. A modal chained to a waiver waives ("不承担赔偿责任"), and an
exception left to the vendor's judgement voids its clause's obligations as well as prohibitions.
Only the modal verbs of the ；-clause holding the topic decide, and an exception reaches only its
clause (so does a rule's `none`). A lead ending in a colon hands its subject and modal verb to
the list items that follow ("乙方不得有下列行为：（1）刷单；…", "The Provider shall: (b) not …");
items under a pledge heading ("我司承诺") bind their party; a modal word inside a party's name
(需方) is none. A name right after an obligation verb is its object ("赔付委托方…"), and a verb
before 的 names a thing ("委托方因此承担的罚款"). On a form that ticks ☑, an item whose box is empty
(□) is no term; a penalty table's rows forbid what they price; a comma-only run-on paragraph is
cut where a party opens a clause; a term defined in the definitions is read, where it is used,
with its definition's topic words ("Shop Credit" → loan, credit line).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from vendorcheck.core.contracts import parties as parties_mod
from vendorcheck.core.contracts.model import ClauseResult, Evidence, Parties, ScanResult
from vendorcheck.core.contracts.normalise import compact, normalise
from vendorcheck.core.contracts.patterns import PatternSet, Rule, as_normalised
from vendorcheck.core.contracts.sentences import CJK_CHAR, Sentence, split
from vendorcheck.core.errors import Lang

MAX_EVIDENCE = 3
# Exceptions: "但…除外/不在此限", "除非…", "，…的除外", "除…外，"; in English unless/except.
_EXCEPTION = {
    "zh": re.compile(
        r"(?:但|惟|唯)[^。；;]{0,60}?(?:除外|不在此限)|除非[^。；;]{0,60}|[，,][^，,。；;]{0,30}除外"
        r"|(?:^|[，,：:])除[^，,。；;]{1,30}外[，,]"
    ),
    "en": re.compile(r"\b(?:unless|except|other than|save)\b[^.;]{0,120}"),
}
# An amendment that deletes a clause quotes it: "原合同第九条第二款（"甲方有权…解除本合同"）删除",
# "Clause 9.2 (…) is deleted". Deleting buyer data ("终止后删除买家信息") is no amendment.
_DELETE_WORD = {
    "zh": re.compile("删|废止"),
    "en": re.compile("delet|remov|struck|strike|omitted|revoked"),
}
_DELETED = {
    "zh": re.compile(
        r"第[^，,。；;]{1,8}[条款项][^；;。]{0,160}(?:予以|现|均|一并|全部)?(?:删除|删去|废止)[。；;]?$"
        r"|^[^，,]{0,6}(?:删除|删去|废止)(?:原)?(?:合同|协议|契约)?第[^，,。；;]{1,8}[条款项]"
    ),
    "en": re.compile(
        r"\b(?:clause|section|article|paragraph)s?\s*[\d.()a-z]+\b[^;]{0,200}\b(?:is|are|shall be)"
        r" (?:hereby )?(?:deleted|removed|struck|omitted|revoked)\b"
        r"|^[^,]{0,12}\b(?:delete|strike)s?(?: out)? (?:clause|section|article|paragraph)s?\s*\d"
    ),
}
_BENIGN = {
    "zh": re.compile(
        r"同意|书面|授权|许可|确认|法律|法规|司法|政府|监管|有权机关|另有(规定|约定)|履行本(合同|协议)"
        r"|公安|执法"
    ),
    "en": re.compile(
        r"consent|approv|authori|agree|permission|in writing|law|regulat|court|legal|government"
        r"|expressly (provided|permitted)"
        r"|set forth (in|herein)|provided (in|herein|under) this"
        r"|perform(?:ing|ance of)? (?:this|the) (?:agreement|contract|services)"
    ),
}
# An exception reaches the prohibitions of its own clause only (up to ；/; or the sentence end).
_CLAUSE_SEP = re.compile(r"[；;]")
_PROVISO = {
    "zh": re.compile(r"(?<=[；;])\s*但(?:是)?[^。；;]{0,60}"),
    "en": re.compile(r"(?<=[；;])\s*provided(?:,)?(?: however,?)? that\b[^.;]{0,120}"),
}
_OBJECT_MARKS = "对向为与给跟同及和将把被按依据照就以"
_IMPERATIVE = re.compile(r"\s*(?:please\s*)?(?:do not|don't|never|always)?\s*$")
_TOLD = ("通知", "告知", "知会", "提醒", "告诉")
_IN_NAME_OF = re.compile(r"(?:的|之)?名义")
_PP_MARKS = "对向为就与在于从按依"
# "甲方同意乙方以店铺名义申请融资", "甲方允许乙方…": the grant binds the party it names next.
_GRANT = {
    "zh": re.compile(r"同意|授权|允许|准许"),
    "en": re.compile(r"\b(?:authori[sz]es?|permits?|allows?|agrees? that)\s+(?:the\s+)?"),
}
_DEMAND = re.compile(r"\b(?:require|request|demand|ask|oblige|compel)s?\s+(?:the\s+)?")
_CLAUSE_PUNCT = re.compile(r"[,;:。]")
# "shall be borne by the Client", "may be terminated by the Client": the agent binds.
_BORNE_BY = re.compile(
    r"\s*\w*\s*(?:borne|paid|assumed|covered|repaid|obtained|terminated|cancell?ed|ended) by"
    r" (?:the )?(\w+(?: \w\b)?)"
    # "… stays with you", "rests solely with the Client": the modal is the verb itself.
    r"|(?<=tays|main|ains|ests|rest|lies|alls|fall)(?: solely| entirely| wholly)?"
    r" (?:with|on|upon) (?:the )?(\w+(?: \w\b)?)"
)
# An exception left to the vendor's own judgement ("但乙方认为必要的除外", "except as the Agency
# sees fit") voids an obligation as well as a prohibition.
_DISCRETION = {
    "zh": re.compile(r"认为|酌情|视情况|自行(决定|判断)"),
    "en": re.compile(r"\b(?:deems?|considers?|sees? fit|discretion|believes?)\b"),
}
# An article whose heading pledges ("我司承诺", "乙方保证", "Our undertakings"): its items bind.
_PLEDGE = re.compile(
    r"承诺|保证(?!金)|义务|undertak|commitment|obligation|covenant|what we never", re.I
)
# A list item's marker: (1) （一） a. 1、 - • ①.
_ITEM = re.compile(
    r"\s*(?:[(（]\s*(?:[a-z]|[一二三四五六七八九十\d]{1,3})\s*[)）]|(?:[a-z]|[一二三四五六七八九十\d]{1,3})[.、)](?!\d)"
    r"|[-•·・▪●◦*]\s|[①-⑳])",
    re.IGNORECASE,
)
_NOT_EN = re.compile(r"\s*(?:not|never)\b")
_PLEDGE_NOT_EN = re.compile(r"\b(?:not|never)\b")
_BARE_NOT = re.compile(r"不(?!仅|但|同|少于|低于|超过|高于|足|限|含|论|管|定|一)")
_CONSENT_ZH = re.compile(r"(未经|经)[^，,。]{0,12}(同意|许可|授权)")
# A form that ticks what was agreed (☑ ☒ ■ √ ✓ ✔): an item whose box is left empty (□ ☐) is
# no term (on a form with no ticks at all, □ is only a bullet).
_TICKED = re.compile("[☑☒■√✓✔✅]")
_UNTICKED = re.compile(r"\s*(?:[(（]?\w{1,3}[)）.、]\s*)?[□☐]")
# "乙方违规致甲方店铺遭处罚者，应赔偿甲方" — a bare modal after a condition ending in 者/的/时
# takes the condition's subject (its first party), not the last party the condition named.
_BARE_MODAL_AFTER_CONDITION = re.compile(r"(者|的|时|后)[，,]\s*$")


@dataclass(frozen=True, slots=True)
class Frame:
    party: str  # merchant | vendor | both | ""
    modality: str
    pos: int = 0
    """Where the modal verb starts in the compacted sentence."""


def detect_language(text: str) -> Lang:
    cjk = sum(1 for c in text[:20000] if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in text[:20000] if c.isascii() and c.isalpha())
    return "zh" if cjk * 3 >= latin * 0.5 and cjk > 0 else "en"


def scan(text: str, patterns: PatternSet, *, file: str = "") -> ScanResult:
    norm = _variants(normalise(text), patterns.variants)
    lang = detect_language(norm)
    pmap = parties_mod.resolve(_preamble(text, norm), lang, patterns.roles)
    names = _name_regex(pmap, lang)
    sentences = split(norm)
    bodies = [_superseded(compact(norm[s.start : s.end]), lang) for s in sentences]
    run_on: set[int] = set()  # comma run-ons cut into clauses: a rule's words in one clause
    if lang == "zh":
        cut = [_comma_run_on(b, names) for b in bodies]
        run_on = {i for i, (a, b) in enumerate(zip(bodies, cut, strict=True)) if a is not b}
        bodies = cut
    compiled = [
        (c.id, c.kind, r, _compile(r, pmap))
        for c in patterns.clauses
        for r in c.rules
        if r.lang == lang
    ]
    bodies = _glossed(bodies, sentences, [alls[0] for *_, (alls, _) in compiled], pmap)
    joined = _Joined.of(bodies)
    rules = [
        x
        for x in compiled
        if all(re.search(as_normalised(a), joined.text) for a in x[2].anywhere)
        and not any(re.search(as_normalised(a), joined.text) for a in x[2].nowhere)
    ]
    candidates = _candidates(joined, [alls[0] for *_, (alls, _) in rules])
    results = {c.id: ClauseResult() for c in patterns.clauses}
    # Modal verbs and party names found in one pass each, then handed to their sentences.
    modals = joined.spans(patterns.modal_regex[lang], lambda m: m.lastgroup or "obligation")
    named = joined.spans(names, lambda m: pmap.roles[m.group(0)])
    lead_party = ""
    pledge = False
    ticked = _TICKED.search(norm) is not None
    carry: Frame | None = None  # a lead's modal verb, handed to the items that follow it
    carry_article = ""
    carry_body = ""  # the lead's words: "shall indemnify … arising from: (a) any fraud …"
    last_article: str | None = None
    penalty_table = False  # inside a table of breaches and their penalties
    for i, s in enumerate(sentences):
        if carry is not None and not s.lead and not _in_list(norm, s, carry_article):
            carry = None
        if s.article != last_article:
            lead_party = _heading_party(compact(s.heading), names, pmap)
            pledge = _PLEDGE.search(s.heading) is not None
            last_article = s.article
        priced = False  # a row of a penalty table: the breach it prices is forbidden
        if norm.startswith("|", s.start):
            if i and _same_table(norm, sentences[i - 1], s):
                priced = penalty_table
            else:  # the header row
                penalty_table = _PENALTY_HEAD.search(norm, s.start, s.end) is not None or (
                    _PENALTY_HEAD.search(s.heading) is not None
                )
        body = bodies[i]
        todo = candidates.get(i, ())
        if not s.lead and not todo:
            continue
        if ticked and _UNTICKED.match(norm, s.start):
            continue  # "□ 上述指标未达标的，扣减10%" on a form that ticks ☑ what was agreed
        frames: list[Frame] | None = None  # worked out only when some topic matches
        # A list's items are bound as its lead is ("乙方应当：（1）…；（2）不得刷单").
        default = carry.party if carry is not None else lead_party
        if s.lead:
            frames = _frames(
                body, lang, modals.get(i, []), named.get(i, []), pmap, default, pledge, carry
            )
            # The subject handed on is the last modal verb's ("甲方应…，并配合乙方…；" hands
            # on 甲方), or the last party named when no modal verb binds anyone.
            bound = [f for f in frames if f.modality != "statement" and f.party]
            lead = bound[-1] if bound else frames[-1]
            if lead.party:
                lead_party = lead.party
            # "乙方不得有下列行为：（1）刷单；（2）…", "The Client may: (a) terminate…".
            carry = bound[-1] if bound and norm[s.end - 1] in ":：" else None
            carry_article = s.article or ""
            carry_body = body if carry is not None else ""
        if todo and _DELETE_WORD[lang].search(body) and _DELETED[lang].search(body):
            continue  # the clause it quotes is no longer in force
        ev: Evidence | None = None
        for k in todo:
            cid, kind, rule, (alls, nones) = rules[k]
            if s.definition and not rule.definitions:
                continue
            if alls[0].search(body) is None:
                continue
            if not all(
                a.search(body) or (carry is not None and not s.lead and a.search(carry_body))
                for a in alls[1:]
            ) or _excluded(body, alls[0], nones):
                continue
            if _only_in_exceptions(body, alls[0], lang):
                continue  # "…以服务费为限，但乙方欺诈的除外": the carve-out makes no fraud clause
            if i in run_on and not _in_one_clause(body, alls):
                continue
            if s.definition and not _term_used(body, i, bodies):
                continue  # '1.2 "净成交额"：指…' defines a term the contract never uses
            res = results[cid]
            if rule.party == "any" and "any" in rule.modality:
                hit, contra = True, False  # who and how do not matter: no frames needed
            else:
                if frames is None:
                    frames = _frames(
                        body,
                        lang,
                        modals.get(i, []),
                        named.get(i, []),
                        pmap,
                        default,
                        pledge,
                        carry,
                    )
                    if priced:
                        frames = _priced_breach(frames, named.get(i, []))
                near = _near_topic(body, alls[0], frames, nones)
                hit = _matches(rule, near)
                contra = (
                    not hit
                    and kind == "protective"
                    and "prohibition" in rule.modality
                    and any(
                        f.modality == "permission" and f.party in (rule.party, "both") for f in near
                    )
                )
            if not (hit or contra):
                continue
            if ev is None:
                ev = Evidence(
                    text=text[s.start : s.end], start=s.start, end=s.end, article=s.article
                )
            target = res.evidence if hit else res.contradicted
            if len(target) < MAX_EVIDENCE and ev not in target:
                target.append(ev)
            if hit:
                res.status = "present"
    return ScanResult(
        file=file,
        language=lang,
        clauses=results,
        parties=Parties(
            merchant=pmap.names("merchant"), vendor=pmap.names("vendor"), resolved=pmap.resolved
        ),
    )


# A wide gap (a full-width space, two spaces, a tab) not right after a colon separates fields
# of one line: "商家：＿＿（店铺名称：＿＿）　服务商：某某公司", "某某有限公司　需方与供方经协商…".
_FIELD_GAP = re.compile(r"(?<![:：\s])(?:\u3000|[ \t]{2,})[\u3000 \t]*(?=\S)")


def _preamble(text: str, norm: str) -> str:
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


Span = tuple[int, int, str]  # start, end (in the sentence) and what was found


@dataclass(frozen=True, slots=True)
class _Joined:
    """All compacted sentences joined by _SEP, so each regex runs once over the whole contract
    (one pass is much faster than one per sentence); matches are handed back per sentence."""

    text: str
    starts: list[int]

    @classmethod
    def of(cls, bodies: list[str]) -> _Joined:
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


def _candidates(joined: _Joined, topics: list[re.Pattern[str]]) -> dict[int, list[int]]:
    """Sentence index -> indices of the topics found in it; scan() re-checks each."""
    out: dict[int, list[int]] = {}
    for k, rx in enumerate(topics):
        for i in joined.spans(rx, lambda m: ""):
            out.setdefault(i, []).append(k)
    for ks in out.values():
        ks.sort()
    return out


def _compile(
    rule: Rule, pmap: parties_mod.PartyMap
) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    def sub(rx: str) -> str:
        rx = as_normalised(rx)
        for role in ("merchant", "vendor"):
            alt = "|".join(re.escape(n) for n in pmap.names(role)) or "(?!x)x"
            rx = rx.replace("{" + role + "}", f"(?:{alt})")
        return rx

    return [re.compile(sub(a)) for a in rule.all], [re.compile(sub(n)) for n in rule.none]


def _name_regex(pmap: parties_mod.PartyMap, lang: Lang) -> re.Pattern[str]:
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


def _glossed(
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


def _comma_run_on(body: str, names: re.Pattern[str]) -> str:
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


def _heading_party(title: str, names: re.Pattern[str], pmap: parties_mod.PartyMap) -> str:
    """An article titled "乙方的义务" / "Merchant Obligations" binds its items to that party."""
    found = {pmap.roles[m.group(0)] for m in names.finditer(title)}
    return found.pop() if len(found) == 1 else ""


def _frames(
    body: str,
    lang: Lang,
    modals: list[Span],
    every: list[Span],
    pmap: parties_mod.PartyMap,
    default: str,
    pledge: bool = False,
    carry: Frame | None = None,
) -> list[Frame]:
    """One frame per modal verb (`modals`: where and which kind) saying whom it binds, given
    the party names in the sentence (`every`: where and whose role). `pledge`: the sentence is
    an item under a heading such as "我司承诺" / "乙方保证" whose party is `default`."""
    if every:
        # "需方" holds 需, "供应方" 应: a modal word inside a party's name is none.
        modals = [x for x in modals if not any(a <= x[0] < b for a, b, _p in every)]
    # A name right after 对/向/为… is an object ("乙方对甲方负有…"), not who the verb binds.
    # So is a name right after a modal verb ("先行赔付委托方因此承担的罚款": 赔付's object).
    modal_ends = {me for _ms, me, _k in modals}
    spots = [
        x
        for x in every
        if lang != "zh"
        or x[0] == 0
        or (body[x[0] - 1] not in _OBJECT_MARKS and x[0] not in modal_ends)
    ]
    if lang == "zh":
        # "以店铺或甲方名义", "以甲方之名义": a name whose name is used is no subject.
        # "乙方提前三十日书面通知甲方即可解除": whom one notifies is no subject either.
        spots = [
            x
            for x in spots
            if not _IN_NAME_OF.match(body, x[1]) and body[max(0, x[0] - 2) : x[0]] not in _TOLD
        ]
    if lang == "en":
        # "Provider shall hold … Client's sales data in confidence": a possessive after another
        # name in its clause is an object, not the subject.
        spots = [
            x
            for k, x in enumerate(spots)
            if not (
                k
                and body.startswith("'s", x[1])
                and not _CLAUSE_PUNCT.search(body, spots[k - 1][1], x[0])
            )
        ]
    spot_ends = [e for _s, e, _p in spots]
    every_starts = [s for s, _e, _p in every]
    cuts = [0, *(x.end() for x in _CLAUSE_PUNCT.finditer(body))]  # where each clause starts

    def clause_of(pos: int) -> int:
        return cuts[bisect.bisect_right(cuts, pos) - 1]

    def first_name(lo: int, hi: int) -> tuple[int, int, str] | None:
        i = bisect.bisect_left(every_starts, lo)
        return every[i] if i < len(every) and every[i][0] < hi else None

    voiding: list[tuple[int, int, bool]] = (
        [
            (*_clause_bounds(body, x.start()), _DISCRETION[lang].search(x.group(0)) is not None)
            for x in _EXCEPTION[lang].finditer(body)
            if not _BENIGN[lang].search(x.group(0))
        ]
        if lang != "zh" or "除" in body  # every Chinese exception form has 除
        else []
    )
    # "…must not share it; provided that the Agency may do so where it considers this
    # appropriate": a proviso at the vendor's discretion voids the clause before it too.
    for x in _PROVISO[lang].finditer(body):
        if _DISCRETION[lang].search(x.group(0)):
            a, b = _clause_bounds(body, x.start())
            voiding.append((_clause_bounds(body, max(0, a - 2))[0], b, True))
    frames: list[Frame] = []
    prev_end = 0
    for ms, me, kind in modals:
        # "赔付委托方因此承担的罚款": a verb before 的 names a thing ("应承担的" still binds).
        attributive = body[me : me + 1] in ("的", "之") and (
            ms == 0 or body[ms - 1] not in "应须需必"
        )
        if lang == "zh" and kind == "obligation" and attributive:
            continue
        k = bisect.bisect_right(spot_ends, ms)
        party = spots[k - 1][2] if k else default
        clause = clause_of(ms)
        subject = first_name(clause, ms)
        if lang == "zh" and k and spots[k - 1][0] < clause:
            # The modal's clause names nobody: the subject of the last clause that named someone
            # (its first name) carries on ("乙方对于…知悉之甲方营业秘密，应负保密之责").
            carried = clause_of(spots[k - 1][0])
            party = next(x for x in spots if x[0] >= carried)[2]
        if lang == "zh" and subject is not None and body[subject[1] : subject[1] + 1] in _PP_MARKS:
            # "乙方对合作中知悉的甲方经营数据负有保密义务": the clause's first name, followed by
            # 对/向/为/就…, is the subject; names inside that phrase are not.
            party = subject[2]
        named = first_name(ms, me)
        inside = named is not None and named[1] <= me and (body[ms] in "与和" or subject is None)
        if inside and named is not None:
            # "与乙方无关", "In no event shall the Provider be liable": the name inside binds,
            # unless the clause named its subject first ("甲方不对乙方员工的行为承担责任").
            party = named[2]
        if lang == "en":
            by = _BORNE_BY.match(body, me)
            bearer = by and (by.group(1) or by.group(2))
            if bearer and bearer in pmap.roles:
                party = pmap.roles[bearer]
        if lang == "zh" and k:
            # "未经甲方书面同意，乙方不得" — the consenting party is not the bound one.
            cons = _CONSENT_ZH.search(body, 0, ms)
            if cons and k >= 2 and cons.start() <= spots[k - 1][0] <= cons.end():
                party = spots[k - 2][2]
            cond = _BARE_MODAL_AFTER_CONDITION.search(body, 0, ms)
            if cond:
                lead = clause_of(cond.start())
                cond_subject = next((x for x in spots if lead <= x[0] < cond.start()), None)
                if cond_subject is not None:
                    party = cond_subject[2]
                    if kind == "permission" and default and default != party:
                        # "乙方严重违约的，有权单方解除" under "甲方的权利和义务": the right is
                        # the heading party's, the condition only names who broke the deal.
                        party = default
        if (
            lang == "en"
            and not party
            and "you" in pmap.roles
            and _IMPERATIVE.match(body, clause, ms)
        ):
            # "Please don't bring in another agency": a letter's bare imperative binds "you".
            party = pmap.roles["you"]
        if lang == "zh" and subject is None and not inside:
            # "严禁乙方…", "不得由乙方办理", "可由乙方办理": the name right after the modal binds.
            after = first_name(me, me + 2)
            # ("赔付委托方…" names whom the vendor pays: an obligation's object, not its subject)
            if after is not None and (
                body[me] == "由" or (after[0] == me and kind != "obligation")
            ):
                party = after[2]
        elif lang == "zh" and kind == "prohibition" and not inside:
            # "甲方严禁乙方…", "商家禁止服务商…": a ban addressed to the party right after it.
            after = first_name(me, me + 1)
            if after is not None and after[0] == me:
                party = after[2]
        if frames and not body[prev_end:ms].strip() and not inside:
            party = frames[-1].party  # "应赔偿", "应当承担": a chained modal binds the same party
            if frames[-1].modality == "exemption" and kind == "obligation":
                kind = "exemption"  # "不承担赔偿责任" waives, it does not bind
        prev_end = me
        # A prohibition falls to any exception but consent or law; an obligation only to one
        # left to the vendor's judgement.
        voided = (d or kind == "prohibition" for a, b, d in voiding if a <= ms < b)
        if kind in ("prohibition", "obligation") and any(voided):
            kind = "permission"
        frames.append(Frame(party, kind, ms))
    if lang == "en":
        # "The Client may require the Provider to compensate…": the one required is bound.
        for g in _DEMAND.finditer(body):
            required = first_name(g.end(), g.end() + 1)
            if required is not None:
                frames.append(Frame(required[2], "obligation", g.end()))
    for g in _GRANT[lang].finditer(body):
        granted = first_name(g.end(), g.end() + 1)
        if granted is not None:
            frames = [f for f in frames if f.pos != g.start()]
            frames.append(Frame(granted[2], "permission", g.start()))
    # A clause (between , ; :) that names a party and has no modal verb states a fact about it:
    # "乙方为本项目配备主播2名、场控1名，未经甲方同意不得更换" (only rules asking for it use it).
    modal_clauses = {clause_of(f.pos) for f in frames}
    spot_starts = [s for s, _e, _p in spots]
    for a, b in itertools.pairwise([*cuts, len(body) + 1]):
        if a in modal_clauses:
            continue
        i = bisect.bisect_left(spot_starts, a)
        if i < len(spots) and spots[i][0] < b:
            frames.append(Frame(spots[i][2], "statement", a))
    if not frames:
        first = spots[0][2] if spots else default
        frames.append(Frame(first, "statement"))
    frames = _mutual(frames, body, lang)
    frames = _carried(frames, carry, body, every)
    if pledge and default:
        # Under "四、我司承诺": "我司客服不参与任何刷单" forbids, "我司…严格保密" binds.
        for f in [f for f in frames if f.modality == "statement" and f.party == default]:
            a = clause_of(f.pos)
            b = next((c for c in cuts if c > a), len(body))
            if body[a:b].rstrip(",;:。 ").endswith(("的", "时", "者", "后")):
                continue  # "乙方服务不达标的，…" is a condition, not a pledge
            bare_not = (_BARE_NOT if lang == "zh" else _PLEDGE_NOT_EN).search(
                body, a, b
            ) is not None
            frames.append(Frame(f.party, "prohibition" if bare_not else "obligation", f.pos))
    frames.sort(key=lambda f: f.pos)
    return frames


# "| 序号 | 违约情形 | 违约金 |", "| Breach | Penalty |" head a table whose rows each price a breach.
_PENALTY_HEAD = re.compile(r"违约|罚则|罚款|处罚|扣款|penalt|breach|liquidated|violation", re.I)


def _same_table(norm: str, prev: Sentence, s: Sentence) -> bool:
    """`s` is a row of the table `prev` is a row of: nothing but the table's rules between."""
    return norm.startswith("|", prev.start) and not norm[prev.end : s.start].strip("|-: \t\n")


def _priced_breach(frames: list[Frame], every: list[Span]) -> list[Frame]:
    """'| 1 | 运营方人员刷单 | 每单2,000元 |': the row's first party is forbidden what it prices,
    unless the row itself permits or forbids something."""
    if not every or any(f.modality in ("permission", "prohibition") for f in frames):
        return frames
    start, _end, party = every[0]
    return sorted([*frames, Frame(party, "prohibition", start)], key=lambda f: f.pos)


def _in_list(norm: str, s: Sentence, article: str) -> bool:
    """The sentence is an item of the list its lead opened: it opens with a marker, in the
    lead's article."""
    return _ITEM.match(norm, s.start) is not None and (s.article or "").startswith(article)


def _carried(frames: list[Frame], carry: Frame | None, body: str, every: list[Span]) -> list[Frame]:
    """An item with no modal verb of its own under a lead such as "乙方不得：" or "The Provider
    shall:" takes the lead's, unless it opens with another party ("（3）甲方提供…"); a bare 不
    under "乙方承诺：" forbids."""
    if carry is None or any(f.modality != "statement" for f in frames):
        return frames
    marker = _ITEM.match(body)
    start = marker.end() if marker else 0
    # ("（1）以甲方店铺名义申请网商贷": a name after 以/对/向… opens no clause of its own)
    if any(
        start <= a <= start + 1
        and p != carry.party
        and not (a > start and body[a - 1] in _OBJECT_MARKS + "以")
        for a, _b, p in every
    ):
        return frames
    modality = carry.modality
    if modality == "obligation" and (
        _BARE_NOT.search(body, 0, start + 4) or _NOT_EN.match(body, start)
    ):
        modality = "prohibition"  # "乙方承诺：1. 不刷单", "The Provider shall: (b) not …"
    return [Frame(carry.party, modality, 0), *frames]


def _near_topic(
    body: str, topic: re.Pattern[str], frames: list[Frame], nones: list[re.Pattern[str]]
) -> list[Frame]:
    """In "乙方不得刷单；乙方不得泄露信息，但乙方认为必要的除外", only the modal verbs of the clause
    (between ；/;) that names the topic decide; all of them when that clause has none."""
    if len(frames) < 2 or not _CLAUSE_SEP.search(body):
        return frames
    spans = [_clause_bounds(body, m.start()) for m in topic.finditer(body)]
    # A topic clause the rule's `none` excludes lends its verbs to nothing: in "…赔偿全部损失；
    # 但因平台规则调整导致的销量下降，运营方不承担责任" that 不承担 excuses no loss.
    dead = [(a, b) for a, b in spans if any(n.search(body, a, b) for n in nones)]
    spans = [x for x in spans if x not in dead]
    near = [f for f in frames if any(a <= f.pos < b for a, b in spans)]
    if any(f.modality != "statement" for f in near):
        return near
    return [f for f in frames if not any(a <= f.pos < b for a, b in dead)]


def _excluded(body: str, topic: re.Pattern[str], nones: list[re.Pattern[str]]) -> bool:
    """A rule's `none` reaches the ；-clauses that hold its topic, as an exception does: in
    "处罚均由商家承担；服务商对经营损失概不负责" the penalties do not excuse the waiver."""
    if not nones:
        return False
    if not _CLAUSE_SEP.search(body):
        return any(n.search(body) for n in nones)
    for m in topic.finditer(body):
        a, b = _clause_bounds(body, m.start())
        if not any(n.search(body, a, b) for n in nones):
            return False
    return True


_DEFINED_TERM = re.compile(
    r"^\W{0,3}(?:[\d.]+\s*)?\"?([^\"：:，,。；;]{2,20}?)\"?(?:\s*[:：]?\s*(?:是指|系指|指|means\b|shall mean\b|refers to\b)|(?<=\")\s*[:：])"
)


def _term_used(body: str, i: int, bodies: list[str]) -> bool:
    """A definition in a definitions article counts only when its term is used elsewhere: a
    fee base defined but never applied ('"净成交额"：指…扣除退款…', the commission on GMV) is none."""
    m = _DEFINED_TERM.match(body)
    if m is None:
        return True
    term = m.group(1).strip()
    return any(term in b for k, b in enumerate(bodies) if k != i)


def _in_one_clause(body: str, alls: list[re.Pattern[str]]) -> bool:
    """In a comma run-on paragraph cut into clauses ("…均由店主自行承担，…；如因托管团队原因给店主
    造成损失的；托管团队的赔偿责任以一个月托管费为限"), a rule's words must meet in one clause."""
    for m in alls[0].finditer(body):
        a, b = _clause_bounds(body, m.start())
        if all(x.search(body, a, b) for x in alls[1:]):
            return True
    return False


def _clause_bounds(body: str, pos: int) -> tuple[int, int]:
    """The span of the clause (between ；/; separators) that holds position `pos`."""
    start = max((m.end() for m in _CLAUSE_SEP.finditer(body, 0, pos)), default=0)
    nxt = _CLAUSE_SEP.search(body, pos)
    return start, nxt.start() if nxt else len(body)


def _matches(rule: Rule, frames: list[Frame]) -> bool:
    for f in frames:
        if "any" not in rule.modality and f.modality not in rule.modality:
            continue
        if rule.party == "any" or f.party == rule.party or f.party == "both":
            return True
    return False


# "Except for Section 4, Vendor's liability…": an English carve-out ends at its comma.
_CARVE_OUT_EN = re.compile(r"\b(?:unless|except|other than|save)\b[^.;,]{0,120}")


def _only_in_exceptions(body: str, topic: re.Pattern[str], lang: Lang) -> bool:
    """Every match of the rule's topic lies inside an exception ("除…外", "但…除外", "unless…",
    "save that…"): the word names what is carved out, not what the clause stipulates."""
    if lang == "zh" and "除" not in body and "不在此限" not in body:
        return False
    rx = _EXCEPTION["zh"] if lang == "zh" else _CARVE_OUT_EN
    spans = [(x.start(), x.end()) for x in rx.finditer(body)]
    if not spans:
        return False
    return all(any(a <= m.start() < b for a, b in spans) for m in topic.finditer(body))


# An amendment quotes the wording it replaces: "原合同第5.2条（乙方可…贷款）修改为：…", "原文：
# "…"，现修改为："…"", 'Clause 5.2 ("The Provider may…") is replaced by: "…"'. The old words are
# no term of the contract: they are blanked (one character for one) before any rule reads them.
_SUPERSEDED = {
    "zh": re.compile(
        r"原(?:合同|协议|契约|文|条款|约定)?[^。;]{0,24}?[(:\"][^。]{0,200}?(?=(?:现|应|一律)?(?:修改|变更|调整|更改|修订)为)"
    ),
    "en": re.compile(
        r"\b(?:clause|section|article|paragraph)s?\s*[\d.]+[a-z()]*\s*\([^)]{0,300}\)(?=\s*(?:is|shall be) (?:hereby )?(?:replaced|amended|changed|deleted))"
    ),
}
_BLANK = "_"


def _superseded(body: str, lang: Lang) -> str:
    """The body with the quoted old wording of an amendment blanked out."""
    if ("原" not in body) if lang == "zh" else ("(" not in body):
        return body
    rx = _SUPERSEDED[lang]
    return rx.sub(lambda m: _BLANK * len(m.group(0)), body)


# "经双方协商一致，可以解除本合同", "may be terminated by mutual written agreement": a right both
# parties must agree to use is no party's right (the frame binds "mutual", which no rule asks for).
_MUTUAL = {
    "zh": re.compile(
        r"(?:双方|各方)(?:书面)?(?:协商|商定|同意|确认)?一致|双方(?:书面)?同意|协商一致"
    ),
    "en": re.compile(
        r"\bmutual(?:ly)?\b(?: written)? (?:agreement|consent|agree)|by (?:written )?agreement of"
        r" (?:both|the) parties|(?:both|the) parties (?:may )?(?:mutually )?(?:so )?agree"
    ),
}


def _mutual(frames: list[Frame], body: str, lang: Lang) -> list[Frame]:
    """Permissions in a ；-clause that first asks both parties to agree bind neither."""
    if not any(f.modality == "permission" for f in frames):
        return frames
    out = []
    for f in frames:
        if f.modality == "permission":
            a, _b = _clause_bounds(body, f.pos)
            if _MUTUAL[lang].search(body, a, f.pos + 1):
                f = Frame("mutual", f.modality, f.pos)
        out.append(f)
    return out


def _variants(norm: str, table: dict[str, str]) -> str:
    """Variant spellings replaced by the reading the rules use, one character for one."""
    if not table:
        return norm
    rx = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
    return rx.sub(lambda m: table[m.group(0)], norm)
