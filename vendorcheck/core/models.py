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
Verdict = Literal["recommended", "acceptable", "caution", "reject", "incomplete"]
"""`incomplete` (待核实): not enough is verified to judge; it is never read as a reject."""
VERDICT_ORDER: tuple[Verdict, ...] = (
    "reject",
    "incomplete",
    "caution",
    "acceptable",
    "recommended",
)
"""Worst first, for sorting; `incomplete` sorts below every judged verdict but above reject."""
Cap = Literal["caution", "reject"]
"""The best verdict an answer still allows: `caution` at most, or `reject`."""
PLATFORM_IDS = ("taobao", "tmall", "jd", "pinduoduo", "douyin")
SERVICE_IDS = ("customer_service", "store_operation")

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
    cap: Cap | None = None
    """Choosing it caps the verdict (`caution`) or forces `reject`, without being a red flag."""
    reason: Text | None = None
    """Why it is a red flag or a cap, in the merchant's words; defaults to the question's prompt."""


class Band(Strict):
    """A scoring band of a `number` question: `min <= value < max`; an open end is omitted."""

    min: float | None = None
    max: float | None = None
    points: float = Field(ge=0)
    label: Text
    critical: bool = False
    cap: Cap | None = None
    reason: Text | None = None

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value < self.max)


class Condition(Strict):
    """When a question applies: another answer is one of `values` (e.g. a shared seat only)."""

    question: str
    values: tuple[str, ...] = Field(min_length=1)


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
    cap: Cap | None = None
    """For `yes_no`: the bad answer caps the verdict (`caution`) or forces `reject`."""
    yes: Text | None = None
    """For `yes_no`: what "yes" means here (有此条款); required when `good = "no"` in the
    shipped checklists, so a risk question's answers say what they mean."""
    no: Text | None = None
    depends_on: Condition | None = None
    """The question applies only when another answer is one of the given values."""
    platforms: tuple[str, ...] = ()
    """It applies only to vendors on one of these platforms (e.g. JD's ticket deadline)."""
    services: tuple[str, ...] = ()
    """It applies only to vendors offering one of these services."""
    merchant_only: bool = False
    """Only the merchant can answer it (its own checks, reference calls, reading the contract):
    left out of the questionnaire the vendor fills. Not part of the checklist's identity."""
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
        if k != "yes_no" and (self.cap or self.yes or self.no):
            raise ValueError(f"cap, yes and no are for yes_no questions; use option caps on {k}")
        for field, given, allowed in (
            ("platforms", self.platforms, PLATFORM_IDS),
            ("services", self.services, SERVICE_IDS),
        ):
            bad = [x for x in given if x not in allowed]
            if bad:
                raise ValueError(f"unknown {field}: {', '.join(bad)} ({', '.join(allowed)})")
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
    def can_reject(self) -> bool:
        """Some answer rules the vendor out (red flag or reject cap): it must be verified."""
        return (
            self.has_critical
            or self.cap == "reject"
            or any(o.cap == "reject" for o in self.options)
            or any(b.cap == "reject" for b in self.bands)
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
                label=self.yes or Text(zh="是", en="Yes"),
                points=self.points if yes_good else 0,
                critical=self.critical and not yes_good,
                cap=None if yes_good else self.cap,
                reason=self.reason,
            ),
            Option(
                id="no",
                label=self.no or Text(zh="否", en="No"),
                points=0 if yes_good else self.points,
                critical=self.critical and yes_good,
                cap=self.cap if yes_good else None,
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


def _check_condition(q: Question, earlier: dict[str, Question]) -> None:
    """`depends_on` names an earlier question and answers it can take: no cycles, no typos."""
    if q.depends_on is None:
        return
    other = earlier.get(q.depends_on.question)
    if other is None:
        raise ValueError(
            f"{q.id}: depends_on {q.depends_on.question!r} is not a question asked before it"
        )
    allowed = [o.id for o in other.answer_options()]
    bad = [v for v in q.depends_on.values if v not in allowed]
    if not allowed or bad:
        raise ValueError(
            f"{q.id}: depends_on values {bad or list(q.depends_on.values)} are not answers of {other.id}"
        )


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
        qseen: dict[str, Question] = {}
        for s in self.sections:
            for q in s.questions:
                if q.id in qseen:
                    raise ValueError(f"question id {q.id!r} appears twice")
                _check_condition(q, qseen)
                qseen[q.id] = q
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
