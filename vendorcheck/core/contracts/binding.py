"""Stage 4 of the reader: whom each modal verb of a sentence binds, and how.

A sentence arrives with its modal verbs (where, which kind) and its party names (where, whose
role). Who a modal verb binds, in order: the last party named before it, outside 对/向/为…
phrases; the clause's first name when a 对/向/按… phrase follows it; the subject of the last
clause that named someone when the verb's own clause names nobody; the name inside the modal
words ("与乙方无关", "In no event shall the Provider…"); the party a grant or a demand names
("甲方同意乙方…", "may require the Provider to"); the subject of a 者/的 condition; the name right
after a ban ("甲方严禁乙方…", "可由乙方办理", "shall be borne by the Client"); the heading's party
for bare rights. A modal chained to a waiver waives ("不承担赔偿责任"); an exception left to the
vendor's judgement voids obligations as well as prohibitions; a right that needs both parties'
agreement binds neither ("mutual"). The word lists are data (reading.toml, `Grammar`); the order
in which they are tried is this module.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

from vendorcheck.core.contracts.reading import Grammar
from vendorcheck.core.errors import Lang

Span = tuple[int, int, str]  # start, end (in the sentence) and what was found
CLAUSE_PUNCT = re.compile(r"[,;:。|]")  # a table cell is a clause of its own too
CLAUSE_SEP = re.compile(r"[；;]")
ITEM = re.compile(
    r"\s*(?:[(（]\s*(?:[a-z]|[一二三四五六七八九十\d]{1,3})\s*[)）]|(?:[a-z]|[一二三四五六七八九十\d]{1,3})[.、)](?!\d)"
    r"|[-•·・▪●◦*]\s|[①-⑳])",
    re.IGNORECASE,
)
_NOT_EN = re.compile(r"\s*(?:not|never)\b")
_BARE_NOT = re.compile(r"不(?!仅|但|同|少于|低于|超过|高于|足|限|含|论|管|定|一)")
_CONDITION_END = ("的", "时", "者", "后")


class Frame(NamedTuple):
    """Whom one modal verb binds, and how (a tuple: thousands are made per contract)."""

    party: str  # merchant | vendor | both | mutual | ""
    modality: str
    pos: int = 0  # where the modal verb starts in the compacted sentence


@dataclass(frozen=True, slots=True)
class View:
    """One sentence as stage 4 sees it: its words, modal verbs, names and clause starts."""

    body: str
    lang: Lang
    g: Grammar
    modals: list[Span]
    every: list[Span]
    spots: list[Span]
    """The names that can be a subject (not objects, not 以X名义, not whom one notifies)."""
    cuts: list[int]
    default: str
    roles: dict[str, str]
    """Every party name the contract uses -> its role."""
    starts: list[int]
    """Where each of `every` starts (for bisect)."""
    spot_ends: list[int]
    """Where each of `spots` ends (for bisect)."""

    def clause_of(self, pos: int) -> int:
        return self.cuts[bisect.bisect_right(self.cuts, pos) - 1]

    def first_name(self, lo: int, hi: int) -> Span | None:
        i = bisect.bisect_left(self.starts, lo)
        return self.every[i] if i < len(self.every) and self.every[i][0] < hi else None

    def last_spot(self, pos: int) -> int:
        """How many subject names end before `pos` (the last is spots[k - 1])."""
        return bisect.bisect_right(self.spot_ends, pos)


def clause_bounds(body: str, pos: int) -> tuple[int, int]:
    """The span of the clause (between ；/; separators) that holds position `pos`."""
    start = max((m.end() for m in CLAUSE_SEP.finditer(body, 0, pos)), default=0)
    nxt = CLAUSE_SEP.search(body, pos)
    return start, nxt.start() if nxt else len(body)


def read(
    body: str,
    lang: Lang,
    g: Grammar,
    modals: list[Span],
    every: list[Span],
    default: str,
    roles: dict[str, str],
) -> View:
    """Drop modal words inside a party's name (需方 holds 需) and names that cannot be subjects."""
    starts = [a for a, _b, _p in every]
    if every and modals:
        # "需方" holds 需, "供应方" 应: a modal word inside a party's name is none.
        modals = [x for x in modals if not _inside(x[0], starts, every)]
    spots = _subjects(body, lang, g, modals, every)
    return View(
        body=body,
        lang=lang,
        g=g,
        modals=modals,
        every=every,
        spots=spots,
        cuts=[0, *(x.end() for x in CLAUSE_PUNCT.finditer(body))],
        default=default,
        roles=roles,
        starts=starts,
        spot_ends=[b for _a, b, _p in spots],
    )


def _inside(pos: int, starts: list[int], every: list[Span]) -> bool:
    k = bisect.bisect_right(starts, pos)
    return k > 0 and pos < every[k - 1][1]


def _subjects(
    body: str, lang: Lang, g: Grammar, modals: list[Span], every: list[Span]
) -> list[Span]:
    """A name right after 对/向/为/以… is an object ("乙方对甲方负有…"), and so is one right after a
    modal verb ("先行赔付委托方…"); "以甲方名义" and whom one notifies name no subject either. In
    English a possessive after another name in its clause is an object ("… Client's data")."""
    if lang == "zh":
        ends = {me for _ms, me, _k in modals}
        return [
            x
            for x in every
            if (x[0] == 0 or (body[x[0] - 1] not in g.object_marks and x[0] not in ends))
            and not g.in_name_of.match(body, x[1])
            and body[max(0, x[0] - 2) : x[0]] not in g.told
        ]
    return [
        x
        for k, x in enumerate(every)
        if not (
            k
            and body.startswith("'s", x[1])
            and not CLAUSE_PUNCT.search(body, every[k - 1][1], x[0])
        )
    ]


def voiding(r: View) -> list[tuple[int, int, bool]]:
    """Spans of exceptions other than consent or the law, each flagged when it is left to the
    vendor's judgement; a proviso at the vendor's discretion voids the clause before it too."""
    body, g = r.body, r.g
    out = (
        [
            (*clause_bounds(body, x.start()), g.discretion.search(x.group(0)) is not None)
            for x in g.exception.finditer(body)
            if not g.benign.search(x.group(0))
        ]
        if r.lang != "zh" or "除" in body  # every Chinese exception form has 除
        else []
    )
    for x in g.proviso.finditer(body):
        if g.discretion.search(x.group(0)):
            a, b = clause_bounds(body, x.start())
            out.append((clause_bounds(body, max(0, a - 2))[0], b, True))
    return out


def frames(r: View, pledge: bool = False, carry: Frame | None = None) -> list[Frame]:
    """One frame per modal verb saying whom it binds, plus grants, demands and statements.
    `pledge`: the sentence is an item under a heading such as "我司承诺" whose party is `default`;
    `carry`: the modal verb of a lead ending in a colon, handed to the items below it."""
    if not r.modals and not r.every and carry is None and not (pledge and r.default):
        return [Frame(r.default, "statement")]  # nothing to bind: what the stages below yield
    voids = voiding(r)
    out: list[Frame] = []
    prev_end = 0
    for ms, me, kind in r.modals:
        f = _bind(r, ms, me, kind, out, prev_end)
        if f is None:
            continue
        prev_end = me
        voided = (d or f.modality == "prohibition" for a, b, d in voids if a <= ms < b)
        if f.modality in ("prohibition", "obligation") and any(voided):
            f = Frame(f.party, "permission", f.pos)
        out.append(f)
    out = _named_next(r, out)
    out += _statements(r, out)
    if not out:
        out.append(Frame(r.spots[0][2] if r.spots else r.default, "statement"))
    out = mutual(out, r.body, r.g)
    out = carried(out, carry, r.body, r.every, r.g)
    if pledge and r.default:
        out += _pledged(r, out)
    out.sort(key=lambda f: f.pos)
    return out


def _bind(r: View, ms: int, me: int, kind: str, done: list[Frame], prev_end: int) -> Frame | None:
    """Whom the modal verb at body[ms:me] binds; None for a verb before 的 ("承担的罚款")."""
    body = r.body
    attributive = body[me : me + 1] in ("的", "之") and (ms == 0 or body[ms - 1] not in "应须需必")
    if r.lang == "zh" and kind == "obligation" and attributive:
        return None
    k = r.last_spot(ms)
    party = r.spots[k - 1][2] if k else r.default
    clause = r.clause_of(ms)
    subject = r.first_name(clause, ms)
    named = r.first_name(ms, me)
    inside = named is not None and named[1] <= me and (body[ms] in "与和" or subject is None)
    if r.lang == "zh":
        party = _zh_carried(r, k, clause, subject, party)
    if inside and named is not None:
        # "与乙方无关", "In no event shall the Provider be liable": the name inside binds,
        # unless the clause named its subject first ("甲方不对乙方员工的行为承担责任").
        party = named[2]
    if r.lang == "en":
        party = _en_agent(r, ms, me, clause, party)
    else:
        party = _zh_condition(r, ms, kind, k, party)
        if not inside:
            party = _zh_after(r, me, kind, subject, party)
    if done and not body[prev_end:ms].strip() and not inside:
        party = done[-1].party  # "应赔偿", "应当承担": a chained modal binds the same party
        if done[-1].modality == "exemption" and kind == "obligation":
            kind = "exemption"  # "不承担赔偿责任" waives, it does not bind
    return Frame(party, kind, ms)


def _zh_carried(r: View, k: int, clause: int, subject: Span | None, party: str) -> str:
    """The modal's clause names nobody: the subject of the last clause that named someone (its
    first name) carries on ("乙方对于…知悉之甲方营业秘密，应负保密之责"); the clause's first name
    followed by 对/向/为… is the subject ("乙方对合作中知悉的甲方经营数据负有保密义务")."""
    spots = r.spots
    if k and spots[k - 1][0] < clause:
        carried_from = r.clause_of(spots[k - 1][0])
        party = next(x for x in spots if x[0] >= carried_from)[2]
    if subject is not None and r.body[subject[1] : subject[1] + 1] in r.g.pp_marks:
        party = subject[2]
    return party


def _zh_condition(r: View, ms: int, kind: str, k: int, party: str) -> str:
    """Not the consenting party ("未经甲方书面同意，乙方不得"); a bare modal after a 者/的/时
    condition takes the condition's subject ("乙方违规致店铺遭处罚者，应赔偿甲方")."""
    if not k:
        return party
    body, spots = r.body, r.spots
    cons = r.g.consent.search(body, 0, ms)
    if cons and k >= 2 and cons.start() <= spots[k - 1][0] <= cons.end():
        party = spots[k - 2][2]
    cond = r.g.condition_subject.search(body, 0, ms)
    if cond:
        lead = r.clause_of(cond.start())
        cond_subject = next((x for x in spots if lead <= x[0] < cond.start()), None)
        if cond_subject is not None:
            party = cond_subject[2]
            if kind == "permission" and r.default and r.default != party:
                # "乙方严重违约的，有权单方解除" under "甲方的权利和义务": the right is the
                # heading party's, the condition only names who broke the deal.
                party = r.default
    return party


def _zh_after(r: View, me: int, kind: str, subject: Span | None, party: str) -> str:
    """ "严禁乙方…", "可由乙方办理": the name right after the modal binds when its clause names
    nobody before it; "甲方严禁乙方…": a ban binds the party it is addressed to."""
    after = r.first_name(me, me + 2)
    if after is None:
        return party
    if subject is None:
        # ("赔付委托方…" names whom the vendor pays: an obligation's object, not its subject)
        if r.body[me] == "由" or (after[0] == me and kind != "obligation"):
            return after[2]
    elif kind == "prohibition" and after[0] == me:
        return after[2]
    return party


def _en_agent(r: View, ms: int, me: int, clause: int, party: str) -> str:
    """'shall be borne by the Client', 'stays with you': the agent binds; a letter's bare
    imperative ('Please don't …') binds 'you'."""
    by = r.g.named_by.match(r.body, me)
    bearer = next((x for x in by.groups() if x), None) if by else None
    if bearer and bearer in r.roles:
        party = r.roles[bearer]
    if not party and "you" in r.roles and r.g.imperative.match(r.body, clause, ms):
        party = r.roles["you"]
    return party


def _named_next(r: View, out: list[Frame]) -> list[Frame]:
    """A demand ("may require the Provider to …") obliges the party it names; a grant
    ("甲方同意乙方…", "authorises X to") permits it, replacing the grant word's own frame."""
    for d in r.g.demand.finditer(r.body):
        required = r.first_name(d.end(), d.end() + 1)
        if required is not None:
            out.append(Frame(required[2], "obligation", d.end()))
    for gr in r.g.grant.finditer(r.body):
        granted = r.first_name(gr.end(), gr.end() + 1)
        if granted is not None:
            out = [f for f in out if f.pos != gr.start()]
            out.append(Frame(granted[2], "permission", gr.start()))
    return out


def _statements(r: View, out: list[Frame]) -> list[Frame]:
    """A clause (between , ; :) that names a party and has no modal verb states a fact about
    it: "乙方为本项目配备主播2名" (only rules asking for statements use them)."""
    if not r.spots:
        return []
    modal_clauses = {r.clause_of(f.pos) for f in out}
    found = []
    for start, _end, party in r.spots:  # the first name of each clause without a modal verb
        a = r.clause_of(start)
        if a not in modal_clauses:
            modal_clauses.add(a)
            found.append(Frame(party, "statement", a))
    return found


def _pledged(r: View, out: list[Frame]) -> list[Frame]:
    """Under "四、我司承诺": "我司客服不参与任何刷单" forbids, "我司…严格保密" binds."""
    found = []
    for f in [f for f in out if f.modality == "statement" and f.party == r.default]:
        a = r.clause_of(f.pos)
        b = next((c for c in r.cuts if c > a), len(r.body))
        if r.body[a:b].rstrip(",;:。 ").endswith(_CONDITION_END):
            continue  # "乙方服务不达标的，…" is a condition, not a pledge
        bare_not = r.g.pledge_not.search(r.body, a, b) is not None
        found.append(Frame(f.party, "prohibition" if bare_not else "obligation", f.pos))
    return found


def mutual(out: list[Frame], body: str, g: Grammar) -> list[Frame]:
    """Permissions in a ；-clause that first asks both parties to agree bind neither."""
    if not any(f.modality == "permission" for f in out):
        return out
    res = []
    for f in out:
        if f.modality == "permission":
            a, _b = clause_bounds(body, f.pos)
            if g.mutual.search(body, a, f.pos + 1):
                f = Frame("mutual", f.modality, f.pos)
        res.append(f)
    return res


def carried(
    out: list[Frame], carry: Frame | None, body: str, every: list[Span], g: Grammar
) -> list[Frame]:
    """An item with no modal verb of its own under a lead such as "乙方不得：" or "The Provider
    shall:" takes the lead's, unless it opens with another party ("（3）甲方提供…"); a bare 不
    under "乙方承诺：" forbids."""
    if carry is None or any(f.modality != "statement" for f in out):
        return out
    marker = ITEM.match(body)
    start = marker.end() if marker else 0
    # ("（1）以甲方店铺名义申请网商贷": a name after 以/对/向… opens no clause of its own)
    if any(
        start <= a <= start + 1
        and p != carry.party
        and not (a > start and body[a - 1] in g.object_marks + "以")
        for a, _b, p in every
    ):
        return out
    modality = carry.modality
    if modality == "obligation" and (
        _BARE_NOT.search(body, 0, start + 4) or _NOT_EN.match(body, start)
    ):
        modality = "prohibition"  # "乙方承诺：1. 不刷单", "The Provider shall: (b) not …"
    return [Frame(carry.party, modality, 0), *out]


def priced_breach(out: list[Frame], every: list[Span]) -> list[Frame]:
    """'| 1 | 运营方人员刷单 | 每单2,000元 |': the row's first party is forbidden what it prices,
    unless the row itself permits or forbids something."""
    if not every or any(f.modality in ("permission", "prohibition") for f in out):
        return out
    start, _end, party = every[0]
    return sorted([*out, Frame(party, "prohibition", start)], key=lambda f: f.pos)
