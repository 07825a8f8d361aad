"""The reader's word lists (checklists/clauses/reading.toml) as a validated model, compiled once.

What changes between contracts is data: the words that open an exception, that make one benign
(consent, the law), that say a right needs both parties, that quote superseded wording, and the
binding overrides (whom a grant, a demand or "borne by" binds, which marks make a name an object).
The stages in binding.py and scope.py read them from here; only word order stays in code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from pydantic import BaseModel, ConfigDict, field_validator

from vendorcheck.core.errors import Lang

NEVER = "(?!x)x"
_ABSENT = re.escape("\uffff\ufffe")
_PATTERN_KEYS = (
    "exception",
    "carve_out",
    "benign",
    "proviso",
    "discretion",
    "grant",
    "demand",
    "mutual",
    "superseded",
    "deleted",
    "delete_word",
    "consent",
    "condition_subject",
    "named_by",
    "imperative",
    "in_name_of",
    "pledge",
    "pledge_not",
    "pledge_letter",
    "struck",
    "non_binding",
    "only_binding",
)


# Keys read in either case ("Our undertakings", "[Deleted: …]"); the rest are matched on the
# lower-cased text the rules read.
_CASELESS = frozenset(("pledge", "pledge_letter", "struck", "non_binding", "only_binding"))


class LangReading(BaseModel):
    """One language's word lists; every regex key is documented in reading.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    exception: str
    carve_out: str = NEVER
    benign: str
    proviso: str = NEVER
    discretion: str = NEVER
    grant: str = NEVER
    demand: str = NEVER
    mutual: str = NEVER
    superseded: str = NEVER
    deleted: str = NEVER
    delete_word: str = NEVER
    consent: str = NEVER
    condition_subject: str = NEVER
    named_by: str = NEVER
    imperative: str = NEVER
    in_name_of: str = NEVER
    pledge: str = NEVER
    pledge_not: str = NEVER
    pledge_letter: str = NEVER
    struck: str = NEVER
    non_binding: str = NEVER
    only_binding: str = NEVER
    told: tuple[str, ...] = ()
    object_marks: str = ""
    pp_marks: str = ""

    @field_validator(*_PATTERN_KEYS)
    @classmethod
    def _regex(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as e:
            raise ValueError(f"bad regex {v!r}: {e}") from None
        return v

    @cached_property
    def grammar(self) -> Grammar:
        flags = re.IGNORECASE
        rx = {
            # (?!x)x would be tried at every position; a literal that never occurs is skipped fast
            k: re.compile(
                _ABSENT if v == NEVER else v,
                flags if k in _CASELESS else 0,
            )
            for k in _PATTERN_KEYS
            for v in [getattr(self, k)]
        }
        return Grammar(
            **rx,
            told=self.told,
            object_marks=self.object_marks,
            pp_marks=self.pp_marks,
        )


@dataclass(frozen=True, slots=True)
class Grammar:
    """The compiled word lists of one language, as the stages use them."""

    exception: re.Pattern[str]
    carve_out: re.Pattern[str]
    benign: re.Pattern[str]
    proviso: re.Pattern[str]
    discretion: re.Pattern[str]
    grant: re.Pattern[str]
    demand: re.Pattern[str]
    mutual: re.Pattern[str]
    superseded: re.Pattern[str]
    deleted: re.Pattern[str]
    delete_word: re.Pattern[str]
    consent: re.Pattern[str]
    condition_subject: re.Pattern[str]
    named_by: re.Pattern[str]
    imperative: re.Pattern[str]
    in_name_of: re.Pattern[str]
    pledge: re.Pattern[str]
    pledge_not: re.Pattern[str]
    pledge_letter: re.Pattern[str]
    struck: re.Pattern[str]
    non_binding: re.Pattern[str]
    only_binding: re.Pattern[str]
    told: tuple[str, ...]
    object_marks: str
    pp_marks: str


class Reading(BaseModel):
    """reading.toml: one table per language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: LangReading
    en: LangReading

    def of(self, lang: Lang) -> Grammar:
        return (self.zh if lang == "zh" else self.en).grammar
