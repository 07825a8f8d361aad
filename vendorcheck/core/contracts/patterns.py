"""The clause-pattern data (checklists/clauses/*.toml) as validated models, compiled once."""

from __future__ import annotations

import re
from functools import cached_property
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


def as_normalised(rx: str) -> str:
    """A pattern as it must read to match normalised text (and as fast as it can run)."""
    return _non_capturing(rx.translate(_PUNCT))


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

    _v_all = field_validator("all", "none", "anywhere", "nowhere")(_check_regexes)

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
        """Per language one alternation; named groups say which modality matched."""
        out: dict[str, re.Pattern[str]] = {}
        for lang, words in self.modality.items():
            parts = []
            for m in MODALITIES:
                alts = sorted((as_normalised(w) for w in getattr(words, m)), key=len, reverse=True)
                parts.append(f"(?P<{m}>{'|'.join(alts)})")
            out[lang] = re.compile("|".join(parts))
        return out


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
