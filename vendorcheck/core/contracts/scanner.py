"""The contract reader: a pipeline of small stages, each in its own module and tested alone.

1. normalise (normalise.py): full-width, Traditional and variant spellings, offsets kept;
2. segment (sentences.py): sentences with their article, heading and definitions flag;
3. resolve parties (parties.py) from the preamble view (views.py), and build the bodies the rules
   read: superseded wording blanked, comma run-ons cut, defined terms glossed (views.py);
4. find whom each modal verb binds, with exceptions and negation (binding.py);
5. match topics: where the rule's words are and which verbs reach them (scope.py);
6. decide per clause id (here): a protection counts only when its modal binds the vendor; an
   exception other than consent or the law turns a prohibition into a permission (reported as
   `contradicted`); sentences in a definitions article stipulate nothing.
The word lists every stage reads are data (checklists/clauses/*.toml). A lead ending in a colon
hands its subject and modal verb to the list items below it; items under a pledge heading bind
its party; on a form that ticks ☑ an unticked □ item is no term; a penalty table's rows forbid
what they price.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from vendorcheck.core.contracts import binding, operative, scope, seats, views
from vendorcheck.core.contracts import parties as parties_mod
from vendorcheck.core.contracts.binding import ITEM, Frame, Span
from vendorcheck.core.contracts.model import (
    Bound,
    ClauseResult,
    Evidence,
    Parties,
    ScanResult,
    Why,
)
from vendorcheck.core.contracts.normalise import compact, normalise
from vendorcheck.core.contracts.patterns import (
    Clause,
    PatternSet,
    Rule,
    as_normalised,
    compiled,
    modality_of,
)
from vendorcheck.core.contracts.reading import Grammar
from vendorcheck.core.contracts.sentences import Sentence, split
from vendorcheck.core.errors import Lang

MAX_EVIDENCE = 3
# A form that ticks what was agreed (☑ ☒ ■ √ ✓ ✔): an item whose box is left empty (□ ☐) is
# no term (on a form with no ticks at all, □ is only a bullet).
_TICKED = re.compile("[☑☒■√✓✔✅]")
_UNTICKED = re.compile(r"\s*(?:[(（]?\w{1,3}[)）.、]\s*)?[□☐]")
# "| 序号 | 违约情形 | 违约金 |", "| Breach | Penalty |" head a table whose rows each price a breach.
_PENALTY_HEAD = re.compile(r"违约|罚则|罚款|处罚|扣款|penalt|breach|liquidated|violation", re.I)


@dataclass(frozen=True, slots=True)
class _Rule:
    """A clause rule compiled for this contract ({merchant}/{vendor} filled in)."""

    cid: str
    kind: str
    rule: Rule
    alls: list[re.Pattern[str]]
    nones: list[re.Pattern[str]]
    label: str
    article_nones: list[re.Pattern[str]]
    heading_nones: list[re.Pattern[str]]


@dataclass
class _Contract:
    """What stages 1-3 give every sentence of one contract."""

    text: str
    norm: str
    lang: Lang
    g: Grammar
    pmap: parties_mod.PartyMap
    names: re.Pattern[str]
    sentences: list[Sentence]
    bodies: list[str]
    run_on: set[int]
    rules: list[_Rule]
    todo: dict[int, list[int]]
    modals: dict[int, list[Span]]
    named: dict[int, list[Span]]
    ticked: bool
    pledger: str = ""  # the party whose letter of undertaking the whole document is
    non_binding: frozenset[int] = frozenset()  # articles the document says bind no one


@dataclass
class _State:
    """What one sentence hands to the next: the heading's party, a lead's modal verb."""

    lead_party: str = ""
    pledge: bool = False
    carry: Frame | None = None
    carry_article: str = ""
    carry_body: str = ""  # the lead's words: "shall indemnify … arising from: (a) any fraud …"
    last_article: str | None = None
    penalty_table: bool = False
    frames: list[Frame] | None = None  # this sentence's, worked out only when needed
    priced: bool = False  # this sentence is a row of a penalty table
    default: str = ""
    seen: list[Evidence] = field(default_factory=list)
    found_by: dict[str, list[tuple[str, ...]]] = field(
        default_factory=dict
    )  # cid -> unless_present


def detect_language(text: str) -> Lang:
    cjk = sum(1 for c in text[:20000] if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in text[:20000] if c.isascii() and c.isalpha())
    return "zh" if cjk * 3 >= latin * 0.5 and cjk > 0 else "en"


def scan(text: str, patterns: PatternSet, *, file: str = "", explain: bool = False) -> ScanResult:
    """Which clause ids the contract has, each with quoted evidence (and, with `explain`, why)."""
    c = prepare(text, patterns)
    results = {cl.id: ClauseResult() for cl in patterns.clauses}
    st = _State()
    for i, s in enumerate(c.sentences):
        _sentence(c, st, i, s, results, explain)
    _undo_conditional(results, st.found_by)
    p = c.pmap
    return ScanResult(
        file=file,
        language=c.lang,
        clauses=results,
        parties=Parties(
            merchant=p.names("merchant"), vendor=p.names("vendor"), resolved=p.resolved
        ),
    )


def _undo_conditional(
    results: dict[str, ClauseResult], found_by: dict[str, list[tuple[str, ...]]]
) -> None:
    """A clause found only by rules that another finding undoes is not there ("合作期限为一年" is
    no lock-in where the merchant may terminate early)."""
    for cid, unless in found_by.items():
        if all(unless) and any(results[x].status == "present" for u in unless for x in u):
            results[cid] = ClauseResult()


def prepare(text: str, patterns: PatternSet) -> _Contract:
    """Stages 1-3 plus the one-pass topic, modal and name searches over the joined bodies."""
    norm = views.variants(normalise(text), patterns.variants)
    lang = detect_language(norm)
    g = patterns.reading.of(lang)
    norm = views.struck(norm, g)
    head = views.preamble(text, norm)
    pmap = parties_mod.resolve(head, lang, patterns.roles)
    pmap = dataclasses.replace(pmap, seats=seats.seats(head, pmap, lang))
    names = views.name_regex(pmap, lang)
    sentences = split(norm)
    bodies = [views.superseded(compact(norm[s.start : s.end]), lang, g) for s in sentences]
    run_on: set[int] = set()  # comma run-ons cut into clauses: a rule's words in one clause
    if lang == "zh":
        cut = [views.comma_run_on(b, names) for b in bodies]
        run_on = {i for i, (a, b) in enumerate(zip(bodies, cut, strict=True)) if a is not b}
        bodies = cut
    all_rules = _compiled(patterns.clauses, lang, pmap)
    bodies = views.glossed(bodies, sentences, [r.alls[0] for r in all_rules], pmap)
    joined = views.Joined.of(bodies)
    rules = [
        r
        for r in all_rules
        if all(compiled(as_normalised(a)).search(joined.text) for a in r.rule.anywhere)
        and not any(compiled(as_normalised(a)).search(joined.text) for a in r.rule.nowhere)
    ]
    named = joined.spans(names, lambda m: pmap.roles[m.group(0)])
    return _Contract(
        text=text,
        norm=norm,
        lang=lang,
        g=g,
        pmap=pmap,
        names=names,
        sentences=sentences,
        bodies=bodies,
        run_on=run_on,
        rules=rules,
        todo=views.candidates(joined, [r.alls[0] for r in rules]),
        # Modal verbs and party names found in one pass each, then handed to their sentences.
        modals=joined.spans(patterns.modal_regex[lang], modality_of),
        named=named,
        ticked=_TICKED.search(norm) is not None,
        pledger=operative.pledger(bodies, named, g),
        non_binding=operative.non_binding(joined.text, bodies, [s.article for s in sentences], g),
    )


def _compiled(clauses: tuple[Clause, ...], lang: Lang, pmap: parties_mod.PartyMap) -> list[_Rule]:
    out = []
    for cl in clauses:
        for n, r in enumerate(cl.rules, 1):
            if r.lang != lang:
                continue
            alls, nones = views.compile_rule(r, pmap)
            mods = "/".join(r.modality)
            label = f"{cl.id} rule {n} ({r.lang}): party={r.party}, modality={mods}"
            art = [compiled(as_normalised(x)) for x in r.none_in_article]
            head = [compiled(as_normalised(x)) for x in r.none_in_heading]
            out.append(_Rule(cl.id, cl.kind, r, alls, nones, label, art, head))
    return out


def _advance(c: _Contract, st: _State, i: int, s: Sentence) -> None:
    """Carry the state on: a new article's heading party and pledge, the end of a lead's list,
    a penalty table's header."""
    if st.carry is not None and not s.lead and not _in_list(c.norm, s, st.carry_article):
        st.carry = None
    if s.article != st.last_article:
        st.lead_party = views.heading_party(compact(s.heading), c.names, c.pmap)
        st.pledge = c.g.pledge.search(s.heading) is not None
        if c.pledger and not st.lead_party:  # a letter of undertaking: its writer pledges all
            st.lead_party, st.pledge = c.pledger, True
        st.last_article = s.article
    st.priced = False
    if c.norm.startswith("|", s.start):
        if i and _same_table(c.norm, c.sentences[i - 1], s):
            st.priced = st.penalty_table
        else:  # the header row
            st.penalty_table = _PENALTY_HEAD.search(c.norm, s.start, s.end) is not None or (
                _PENALTY_HEAD.search(s.heading) is not None
            )
    st.frames = None
    # A list's items are bound as its lead is ("乙方应当：（1）…；（2）不得刷单").
    st.default = st.carry.party if st.carry is not None else st.lead_party


def _frames(c: _Contract, st: _State, i: int, priced: bool) -> list[Frame]:
    if st.frames is None:
        view = binding.read(
            c.bodies[i],
            c.lang,
            c.g,
            c.modals.get(i, []),
            c.named.get(i, []),
            st.default,
            c.pmap.roles,
        )
        frames = binding.frames(view, st.pledge, st.carry)
        st.frames = binding.priced_breach(frames, c.named.get(i, [])) if priced else frames
    return st.frames


def _hand_on(c: _Contract, st: _State, i: int, s: Sentence) -> None:
    """A lead sentence hands on its subject: the last modal verb's ("甲方应…，并配合乙方…；" hands
    on 甲方), or the last party named when no modal verb binds anyone; a lead ending in a colon
    hands on its modal verb too ("乙方不得有下列行为：（1）刷单", "The Client may: (a) …")."""
    frames = _frames(c, st, i, False)
    bound = [f for f in frames if f.modality != "statement" and f.party]
    lead = bound[-1] if bound else frames[-1]
    if lead.party:
        st.lead_party = lead.party
    st.carry = bound[-1] if bound and c.norm[s.end - 1] in ":：" else None
    st.carry_article = s.article or ""
    st.carry_body = c.bodies[i] if st.carry is not None else ""


def _sentence(
    c: _Contract, st: _State, i: int, s: Sentence, results: dict[str, ClauseResult], explain: bool
) -> None:
    _advance(c, st, i, s)
    todo = c.todo.get(i, ())
    if not s.lead and not todo:
        return
    if c.non_binding and operative.article_number(s.article) in c.non_binding:
        return  # "第一条、第二条仅记载背景及合作设想，不构成任何一方的义务"
    if c.ticked and _UNTICKED.match(c.norm, s.start):
        return  # "□ 上述指标未达标的，扣减10%" on a form that ticks ☑ what was agreed
    carry, carry_body = st.carry, st.carry_body
    if s.lead:
        _hand_on(c, st, i, s)
    if todo and scope.deleted(c.bodies[i], c.g):
        return  # the clause it quotes is no longer in force
    ev: Evidence | None = None
    for k in todo:
        r = c.rules[k]
        if len(results[r.cid].evidence) >= MAX_EVIDENCE:
            continue  # three quotes are all a clause reports: a long contract is not read twice
        found = _decide(c, st, i, s, r, carry is not None and not s.lead, carry_body)
        if found is None:
            continue
        hit, near = found
        if ev is None:
            ev = Evidence(text=c.text[s.start : s.end], start=s.start, end=s.end, article=s.article)
        res = results[r.cid]
        target = res.evidence if hit else res.contradicted
        if len(target) < MAX_EVIDENCE and ev not in target:
            target.append(ev)
            if explain:
                res.why.append(_why(c, i, ev, r, hit, near))
        if hit:
            res.status = "present"
            st.found_by.setdefault(r.cid, []).append(r.rule.unless_present)


def _decide(
    c: _Contract, st: _State, i: int, s: Sentence, r: _Rule, in_list: bool, carry_body: str
) -> tuple[bool, list[Frame]] | None:
    """Stage 6 for one rule: (present?, the frames that decided) or None when it does not apply."""
    body = c.bodies[i]
    if s.definition and not r.rule.definitions:
        return None
    if r.alls[0].search(body) is None:
        return None  # (a candidate whose match ran across the sentence's end)
    if not all(a.search(body) or (in_list and a.search(carry_body)) for a in r.alls[1:]):
        return None
    if scope.excluded(body, r.alls[0], r.nones):
        return None
    if r.heading_nones and any(rx.search(compact(s.heading)) for rx in r.heading_nones):
        return None  # "第四条 业绩目标：…当月未达目标的，服务费减收" is no service level
    if r.article_nones and _in_article(c, i, s.article, r.article_nones):
        return None  # "… limited to the fees paid. The limit does not apply to fraud …"
    if scope.only_in_exceptions(body, r.alls[0], c.lang, c.g):
        return None  # "…以服务费为限，但乙方欺诈的除外": the carve-out makes no fraud clause
    if i in c.run_on and not scope.in_one_clause(body, r.alls):
        return None
    if s.definition and not scope.term_used(body, i, c.bodies):
        return None  # '1.2 "净成交额"：指…' defines a term the contract never uses
    if r.rule.party == "any" and "any" in r.rule.modality:
        return True, []  # who and how do not matter: no frames needed
    near = scope.near_topic(body, r.alls[0], _frames(c, st, i, st.priced), r.nones)
    if scope.matches(r.rule, near) is not None:
        return True, near
    if scope.contradicts(r.rule, r.kind, near):
        return False, near
    return None


def _why(c: _Contract, i: int, ev: Evidence, r: _Rule, hit: bool, near: list[Frame]) -> Why:
    body = c.bodies[i]
    words = [m.group(0) for rx in r.alls for m in [rx.search(body)] if m is not None]
    names = {body[a:b]: role for a, b, role in c.named.get(i, [])}
    modal_ends = {a: b for a, b, _k in c.modals.get(i, [])}
    bound = [
        Bound(
            word=body[f.pos : modal_ends.get(f.pos, f.pos + 8)], party=f.party, modality=f.modality
        )
        for f in near
    ]
    return Why(
        evidence=ev,
        decision="present" if hit else "contradicted",
        parties=names,
        modals=bound,
        topic=words,
        rule=r.label,
    )


def _same_table(norm: str, prev: Sentence, s: Sentence) -> bool:
    """`s` is a row of the table `prev` is a row of: nothing but the table's rules between."""
    return norm.startswith("|", prev.start) and not norm[prev.end : s.start].strip("|-: \t\n")


def _in_list(norm: str, s: Sentence, article: str) -> bool:
    """The sentence is an item of the list its lead opened: it opens with a marker, in the
    lead's article."""
    return ITEM.match(norm, s.start) is not None and (s.article or "").startswith(article)


def _in_article(c: _Contract, i: int, article: str | None, rxs: list[re.Pattern[str]]) -> bool:
    """One of `rxs` is in sentence i or in a neighbour of the same article (at most 6 away: an
    article is a few sentences; a contract with no article numbers is read sentence by sentence)."""
    near = range(max(0, i - 6), min(len(c.sentences), i + 7)) if article else range(i, i + 1)
    root = operative.article_root(article)
    return any(
        operative.article_root(c.sentences[j].article) == root
        and any(rx.search(c.bodies[j]) for rx in rxs)
        for j in near
    )
