"""The clause-pattern data (checklists/clauses/*.toml) as validated models, compiled once."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cached_property, lru_cache
from pathlib import PurePath as Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from vendorcheck.core.contracts.model import CLAUSE_IDS
from vendorcheck.core.contracts.reading import Reading
from vendorcheck.core.errors import Lang, UserError
from vendorcheck.core.models import Text

Party = Literal["vendor", "merchant", "any"]
Modality = Literal["prohibition", "permission", "obligation", "exemption", "statement", "any"]
MODALITIES: tuple[str, ...] = ("exemption", "prohibition", "permission", "obligation")


# Text is matched after normalisation, which turns full-width ，；： into ,;: (one character
# for one); a pattern written with ，；： must say the same, or [^，。；] would never stop at a comma.
_PUNCT = str.maketrans({"，": ",", "；": ";", "：": ":"})


_GROUP_OPEN = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|\((?!\?)")


def _non_capturing(rx: str) -> str:
    """Every "(" group as "(?:": the scanner never reads what a group captured, and a capturing
    group opening an alternative ("(客服|运营)…") stops the regex engine from skipping ahead to a
    possible first character (several times slower over a whole contract)."""
    return _GROUP_OPEN.sub(lambda m: "(?:" if m.group(0) == "(" else m.group(0), rx)


@lru_cache(maxsize=16384)
def compiled(rx: str) -> re.Pattern[str]:
    """`re.compile` with a cache of its own: with the dispute clauses the reader compiles more
    distinct patterns per contract (rules with party names filled in, cue words, name lists)
    than `re`'s 512-entry cache holds, and a cache cycled in the same order misses every time
    (most of a small contract's scan went to recompiling, 12.5 -> 32 ms a contract)."""
    return re.compile(rx)


@lru_cache(maxsize=4096)
def as_normalised(rx: str) -> str:
    """A pattern as it must read to match normalised text (and as fast as it can run)."""
    alts = (_lead_boundary(x) for alt in _top_level(rx.translate(_PUNCT)) for x in _heads(alt))
    return _non_capturing("|".join(alts))


_BOUNDARY_HEAD = re.compile(r"\\b([a-z0-9])")


def _lead_boundary(alt: str) -> str:
    """ "\\bsteal" as "s(?<=\\bs)teal": the same matches, but opening with a literal."""
    m = _BOUNDARY_HEAD.match(alt)
    return f"{m.group(1)}(?<=\\b{m.group(1)}){alt[m.end() :]}" if m else alt


def _as_written(rx: str) -> str:
    return _non_capturing(rx.translate(_PUNCT))


def _structure(rx: str) -> Iterator[tuple[int, str, int]]:
    """(position, character, group depth after it) for each character of `rx` outside escapes
    and character classes: what splitting at top-level "|" and finding a group's end need."""
    depth, klass, i = 0, False, 0
    while i < len(rx):
        ch = rx[i]
        if ch == "\\":
            i += 2
            continue
        if klass:
            klass = ch != "]"
        elif ch == "[":
            klass = True
            if rx[i + 1 : i + 2] == "]":
                i += 1
        else:
            depth += (ch == "(") - (ch == ")")
            yield i, ch, depth
        i += 1


def _top_level(rx: str) -> list[str]:
    """The alternatives of `rx` outside any group or character class."""
    cuts = [i for i, ch, depth in _structure(rx) if ch == "|" and depth == 0]
    return [rx[a + 1 : b] for a, b in itertools.pairwise([-1, *cuts, len(rx)])]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_regexes(v: tuple[str, ...]) -> tuple[str, ...]:
    for r in v:
        try:
            re.compile(r.replace("{merchant}", "x").replace("{vendor}", "x"))
        except re.error as e:
            raise ValueError(f"bad regex {r!r}: {e}") from None
    return v


class Rule(_Strict):
    lang: Lang
    party: Party = "any"
    modality: tuple[Modality, ...] = ("any",)
    all: tuple[str, ...]
    none: tuple[str, ...] = ()
    definitions: bool = False
    anywhere: tuple[str, ...] = ()
    """Regexes that must each occur somewhere in the contract (not only in this sentence): a
    base defined on its own counts only where some commission is charged."""

    nowhere: tuple[str, ...] = ()
    """Regexes none of which may occur anywhere in the contract: a fixed monthly fee defines the
    fee only where no commission is charged as well."""

    none_in_article: tuple[str, ...] = ()
    """Regexes none of which may occur in the sentence's article (its other sentences too): a
    cap whose carve-out for fraud follows in the next sentence ("The limit does not apply to
    fraud …") is the same fair cap as one that says so in one sentence."""

    unless_present: tuple[str, ...] = ()
    """Clause ids that, found in the same contract, undo what this rule found: a twelve-month
    term locks the merchant in only where it has no right to leave early (termination_right)."""

    none_in_heading: tuple[str, ...] = ()
    """Regexes none of which may occur in the title of the sentence's article: under "第四条 业绩
    目标" a missed target is a sales target, whatever the sentence calls it ("当月未达目标的")."""

    _v_all = field_validator(
        "all", "none", "anywhere", "nowhere", "none_in_article", "none_in_heading"
    )(_check_regexes)

    @property
    def uses_names(self) -> bool:
        return any("{" in r for r in (*self.all, *self.none))


class Clause(_Strict):
    id: str
    kind: Literal["protective", "risky", "category"]
    """"category": a neutral presence check (e.g. the CUAD benchmark categories)."""
    name: Text | None = None
    what: Text
    rules: tuple[Rule, ...]


class ModalWords(_Strict):
    exemption: tuple[str, ...]
    prohibition: tuple[str, ...]
    permission: tuple[str, ...]
    obligation: tuple[str, ...]

    _v = field_validator("exemption", "prohibition", "permission", "obligation")(_check_regexes)


class Roles(_Strict):
    merchant_zh: tuple[str, ...]
    vendor_zh: tuple[str, ...]
    merchant_en: tuple[str, ...]
    vendor_en: tuple[str, ...]
    vendor_name_zh: tuple[str, ...] = ()
    vendor_name_en: tuple[str, ...] = ()
    merchant_name_zh: tuple[str, ...] = ()
    merchant_name_en: tuple[str, ...] = ()


class PatternSet(_Strict):
    """All clause rules plus the shared vocabulary (modal verbs, role words)."""

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    version: int
    modality: dict[Lang, ModalWords]
    roles: Roles
    clauses: tuple[Clause, ...]
    reading: Reading
    """How sentences are read (checklists/clauses/reading.toml)."""
    variants: dict[str, str] = {}
    """Variant spellings read as one ("座席" as "坐席", "帐号" as "账号"), each the same length as
    what it stands for, so evidence offsets hold."""

    @field_validator("variants")
    @classmethod
    def _same_length(cls, v: dict[str, str]) -> dict[str, str]:
        bad = [k for k, x in v.items() if len(k) != len(x) or not k]
        if bad:
            raise ValueError(f"a variant and its reading must be as long: {', '.join(bad)}")
        return v

    @field_validator("clauses")
    @classmethod
    def _ids(cls, v: tuple[Clause, ...]) -> tuple[Clause, ...]:
        ids = [c.id for c in v]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"clause ids repeat: {', '.join(sorted(dup))}")
        return v

    @cached_property
    def modal_regex(self) -> dict[str, re.Pattern[str]]:
        """Per language one flat alternation, in the order of MODALITIES and, within each, the
        longest words first; an empty group closing each alternative names its modality
        (`modality_of`). Flat, each alternative opening with a literal where it can, so that the
        regex engine skips ahead to a possible first character (a named group per modality
        around the words made it try every position: twice as slow over a whole contract)."""
        out: dict[str, re.Pattern[str]] = {}
        for lang, words in self.modality.items():
            parts: list[str] = []
            for m in MODALITIES:
                # (longest first as written, before a head group is spelt out)
                for w in sorted(getattr(words, m), key=lambda w: len(_as_written(w)), reverse=True):
                    alts = _top_level(as_normalised(w))
                    parts += [f"{x}(?P<{m}_{len(parts) + k}>)" for k, x in enumerate(alts)]
            out[lang] = re.compile("|".join(parts))
        return out


def modality_of(m: re.Match[str]) -> str:
    """Which modality a match of `PatternSet.modal_regex` found."""
    return (m.lastgroup or "obligation_").rsplit("_", 1)[0]


_MAX_HEADS = 64


def _heads(word: str) -> list[str]:
    """ "(与|和)…" as "与…", "和…": an alternative opening with a group is spelt out, group by
    group (same matches, same order), so that every alternative opens with a literal where it
    can and the regex engine can skip ahead to a possible first character."""
    lead = "\\b" if word.startswith("\\b(") else ""  # "\\b(end|cancel)" as "\\bend", "\\bcancel"
    word = word[len(lead) :]
    close = _group_end(word)
    if close < 0 or word[close + 1 : close + 2] in ("?", "*", "+", "{"):
        return [lead + word]  # no leading group, or a quantified one, which cannot be spelt out
    inner = word[3 if word.startswith("(?:") else 1 : close]
    rest = word[close + 1 :]
    out = [x for alt in _top_level(inner) for x in _heads(lead + alt + rest)]
    return out if len(out) <= _MAX_HEADS else [lead + word]


def _group_end(rx: str) -> int:
    """Where the group opening `rx` ("(" or "(?:") closes; -1 when `rx` opens with none."""
    if not rx.startswith("(") or (rx.startswith("(?") and not rx.startswith("(?:")):
        return -1
    return next((i for i, ch, depth in _structure(rx) if ch == ")" and depth == 0), -1)


def parse_patterns(data: Any, source: str, sources: list[str] | None = None) -> PatternSet:
    """Validate parsed TOML; a mistake names the file and the field. `sources[n]` is the file
    clause n came from (clauses merged from several files), its index counted in that file."""
    try:
        ps = PatternSet.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = list(err["loc"])
        where = source
        if loc[:1] == ["reading"]:
            where = str(Path(source).with_name("reading.toml"))
            loc = loc[1:]
        elif loc[:1] == ["clauses"] and sources and len(loc) > 1 and isinstance(loc[1], int):
            where = sources[loc[1]]
            loc[1] = sources[: loc[1]].count(where)
        elif loc[:1] == ["clauses"] and sources:
            where = ", ".join(sorted(set(sources)))
        path = ".".join(str(p) for p in loc)
        msg = err["msg"].removeprefix("Value error, ")
        raise UserError(f"{path}: {msg}", f"{path}：{msg}", where=where) from None
    own = [c.id for n, c in enumerate(ps.clauses) if not sources or sources[n] == source]
    unknown = [c for c in own if c not in CLAUSE_IDS]
    if unknown and source.endswith("contract-clauses.toml"):
        raise UserError(
            f"unknown clause id(s): {', '.join(unknown)}",
            f"无法识别的条款编号：{', '.join(unknown)}",
            where=source,
        )
    return ps
