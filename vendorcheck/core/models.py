"""The checklist format: what a consultant writes in `checklists/*.toml`, validated by pydantic.

The JSON Schema shipped as `checklists/checklist.schema.json` is generated from these models
(`vendorcheck checklist schema`), so editors complete and check the TOML as it is typed.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vendorcheck.core.errors import Lang

QuestionKind = Literal["yes_no", "choice", "number", "rating", "text"]
Grade = Literal["A", "B", "C", "D"]
Verdict = Literal["recommended", "acceptable", "caution", "reject"]
VERDICT_ORDER: tuple[Verdict, ...] = ("reject", "caution", "acceptable", "recommended")

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$")
UNKNOWN = "unknown"


class Strict(BaseModel):
    """Unknown keys are typos in a hand-written file: refuse them."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A user-facing text in both languages; neither may be empty."""

    zh: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


class Option(Strict):
    """One answer of a `choice` question (and, normalised, of a `yes_no` one)."""

    id: str
    label: Text
    points: float = Field(ge=0)
    critical: bool = False
    """Choosing this option is a red flag: the verdict becomes `reject`."""
    reason: Text | None = None
    """Why it is a red flag, in the merchant's words; defaults to the question's prompt."""


class Band(Strict):
    """A scoring band of a `number` question: `min <= value < max`; an open end is omitted."""

    min: float | None = None
    max: float | None = None
    points: float = Field(ge=0)
    label: Text
    critical: bool = False
    reason: Text | None = None

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value < self.max)


class Question(Strict):
    """One question. `points` is the most it can earn; kind-specific fields are checked below."""

    id: str
    kind: QuestionKind
    prompt: Text
    help: Text | None = None
    points: float = Field(default=10, ge=0)
    critical: bool = False
    """For `yes_no`: the bad answer (`no`, or `yes` when `good = "no"`) is a red flag."""
    reason: Text | None = None
    good: Literal["yes", "no"] = "yes"
    """For `yes_no`: which answer earns the points."""
    unit: Text | None = None
    min: float | None = None
    """For `number`: the smallest value accepted as an answer."""
    max: float | None = None
    options: tuple[Option, ...] = ()
    bands: tuple[Band, ...] = ()

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not SLUG.match(v):
            raise ValueError(
                f"id {v!r} must be a dotted lowercase slug such as 'bench.replacement_days'"
            )
        return v

    @model_validator(mode="after")
    def _kind_fields(self) -> Question:
        k = self.kind
        if k == "choice":
            if len(self.options) < 2:
                raise ValueError("a choice question needs at least two options")
            ids = [o.id for o in self.options]
            dup = {i for i in ids if ids.count(i) > 1}
            if dup:
                raise ValueError(f"option ids repeat: {', '.join(sorted(dup))}")
            if UNKNOWN in ids:
                raise ValueError("'unknown' is reserved; every question accepts it already")
        elif self.options:
            raise ValueError(f"options are only for choice questions, not {k}")
        if k == "number":
            if not self.bands:
                raise ValueError("a number question needs scoring bands")
            _check_bands(self.bands)
        elif self.bands:
            raise ValueError(f"bands are only for number questions, not {k}")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        return self

    @property
    def has_critical(self) -> bool:
        """Some answer to this question is a red flag."""
        return (
            self.critical
            or any(o.critical for o in self.options)
            or any(b.critical for b in self.bands)
        )

    @property
    def scored(self) -> bool:
        return self.kind != "text"

    def answer_options(self) -> tuple[Option, ...]:
        """Options a user can pick: `yes_no` spelled out as yes / no / unknown like a choice."""
        if self.kind == "choice":
            return self.options
        if self.kind != "yes_no":
            return ()
        yes_good = self.good == "yes"
        return (
            Option(
                id="yes",
                label=Text(zh="是", en="Yes"),
                points=self.points if yes_good else 0,
                critical=self.critical and not yes_good,
                reason=self.reason,
            ),
            Option(
                id="no",
                label=Text(zh="否", en="No"),
                points=0 if yes_good else self.points,
                critical=self.critical and yes_good,
                reason=self.reason,
            ),
            Option(id=UNKNOWN, label=Text(zh="不清楚", en="Unknown"), points=0),
        )

    def max_points(self) -> float:
        if self.kind == "choice":
            return max(o.points for o in self.options)
        if self.kind == "number":
            return max(b.points for b in self.bands)
        if self.kind == "text":
            return 0.0
        return self.points


def _check_bands(bands: tuple[Band, ...]) -> None:
    lo = float("-inf")
    ordered = sorted(bands, key=lambda b: float("-inf") if b.min is None else b.min)
    for b in ordered:
        start = float("-inf") if b.min is None else b.min
        end = float("inf") if b.max is None else b.max
        if end <= start:
            raise ValueError(f"band {b.label.en!r} is empty: min {start:g} >= max {end:g}")
        if start < lo:
            raise ValueError(f"bands overlap at {start:g}")
        lo = end


class Section(Strict):
    id: str
    title: Text
    help: Text | None = None
    weight: float = Field(gt=0)
    """Relative weight; weights are normalised, so they need not sum to 100."""
    questions: tuple[Question, ...] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not SLUG.match(v):
            raise ValueError(f"id {v!r} must be a lowercase slug")
        return v


class GradeBand(Strict):
    grade: Grade
    min: float = Field(ge=0, le=100)
    verdict: Verdict


class Scoring(Strict):
    """How a total becomes a grade and verdict; the defaults suit most checklists."""

    grades: tuple[GradeBand, ...] = (
        GradeBand(grade="A", min=85, verdict="recommended"),
        GradeBand(grade="B", min=70, verdict="acceptable"),
        GradeBand(grade="C", min=55, verdict="caution"),
        GradeBand(grade="D", min=0, verdict="reject"),
    )
    min_completeness: float = Field(default=0.6, ge=0, le=1)
    """Below this share of answered questions the verdict is at best `caution`."""

    @field_validator("grades")
    @classmethod
    def _grades(cls, v: tuple[GradeBand, ...]) -> tuple[GradeBand, ...]:
        if not v or min(g.min for g in v) != 0:
            raise ValueError("grades must include one starting at min = 0")
        return tuple(sorted(v, key=lambda g: -g.min))


class Checklist(Strict):
    """A whole checklist. Identity in stored data: id + version + SHA-256 of canonical content."""

    schema_: str | None = Field(default=None, alias="$schema", exclude=True)
    id: str
    version: str = Field(min_length=1)
    title: Text
    description: Text | None = None
    scoring: Scoring = Scoring()
    sections: tuple[Section, ...] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not SLUG.match(v):
            raise ValueError(f"id {v!r} must be a lowercase slug such as 'cs-outsourcing'")
        return v

    @model_validator(mode="after")
    def _unique_ids(self) -> Checklist:
        seen: set[str] = set()
        for s in self.sections:
            if s.id in seen:
                raise ValueError(f"section id {s.id!r} appears twice")
            seen.add(s.id)
        qseen: set[str] = set()
        for s in self.sections:
            for q in s.questions:
                if q.id in qseen:
                    raise ValueError(f"question id {q.id!r} appears twice")
                qseen.add(q.id)
        return self

    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, qid: str) -> Question | None:
        for s in self.sections:
            for q in s.questions:
                if q.id == qid:
                    return q
        return None

    def section_of(self, qid: str) -> Section | None:
        for s in self.sections:
            if any(q.id == qid for q in s.questions):
                return s
        return None
