"""The pieces of the assessment screen: the live score panel, section and option labels, bands.

Everything here only formats what the core computed (a `Result`, a `Question`); nothing reads
or writes the store.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from vendorcheck.core.answers import Answer
from vendorcheck.core.errors import Lang
from vendorcheck.core.models import UNKNOWN, Band, Checklist, Option, Question
from vendorcheck.core.progress import position
from vendorcheck.core.scoring import Result, SectionScore
from vendorcheck.services.labels import grade_text, score_text, verdict_label
from vendorcheck.tui.text import VERDICT_STYLE, tr

NUMBER_CHARS = frozenset("0123456789.-+eE")
STARS = "★★★★★"


def section_prompt(s: SectionScore, lang: Lang, current: bool, conflicts: int = 0) -> Text:
    """Two lines: the title, then answered/total and the section score; ≠N when N answers of
    the section contradict the contract and are not settled yet (issue 19 item 1)."""
    out = Text(("▸ " if current else "  ") + s.title.get(lang), style="bold" if current else "")
    done = s.answered == s.total
    out.append(
        "\n    " + tr(lang, ("已答 ", "")) + f"{s.answered}/{s.total}",
        style="green" if done else "dim",
    )
    out.append("  " + tr(lang, ("得分 ", "score ")) + score_text(s.score), style="dim")
    declared = sum(q.source == "vendor" and q.value is not None for q in s.questions)
    if declared:  # issue 21: answers resting on the vendor's word, to confirm
        out.append(f"  ◇{declared}", style="cyan")
    if conflicts:
        out.append(f"  ≠{conflicts}", style="bold yellow")
    return out


def where_line(checklist: Checklist, result: Result, qid: str, sidx: int, lang: Lang) -> str:
    """ "Part 2 Service · 3/6 (9/60 overall)": positions among the questions that count, the
    figures the section list and "Complete" use (core.progress); a note is "not counted"."""
    title = checklist.sections[sidx].title
    p = position(checklist, result, qid)
    if p is None:
        return tr(
            lang,
            (
                f"第 {sidx + 1} 部分 {title.zh} · 补充说明（不计分、不计入完成度）",
                f"Part {sidx + 1} {title.en} · a note (not scored, not counted)",
            ),
        )
    return tr(
        lang,
        (
            f"第 {sidx + 1} 部分 {title.zh} · 第 {p.in_section}/{p.section_total} 题"
            f"（总第 {p.overall}/{p.total} 题）",
            f"Part {sidx + 1} {title.en} · {p.in_section}/{p.section_total}"
            f" ({p.overall}/{p.total} overall)",
        ),
    )


def band_range(b: Band, unit: str) -> str:
    """`min <= value < max` as a merchant reads it: "< 1", "1–3", "≥ 3", with the unit."""
    if b.min is None and b.max is None:
        text = "*"
    elif b.min is None:
        text = f"< {b.max:g}"
    elif b.max is None:
        text = f"≥ {b.min:g}"
    else:
        text = f"{b.min:g}–{b.max:g}"
    return f"{text} {unit}".rstrip()


def band_line(b: Band, unit: str, lang: Lang) -> str:
    """A band as the checklist names it: its label, which states the range the way a merchant
    says it ("5-19 人", "2% 及以下"); the bounds the score compares with (half-open, so "5–20"
    or "< 2.01") only when the label gives no figure of its own (issue 19, item 7)."""
    label = b.label.get(lang)
    if any(ch.isdigit() for ch in label):
        return label if not unit or unit in label else f"{label} {unit}"
    return f"{band_range(b, unit)}: {label}"


def band_of(q: Question, raw: str) -> Band | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return next((b for b in q.bands if b.contains(value)), None)


def bands_text(q: Question, raw: str, lang: Lang) -> Text:
    """Every band of a number question, the one `raw` falls in marked with ▶."""
    unit = q.unit.get(lang) if q.unit else ""
    hit = band_of(q, raw)
    out = Text()
    for b in q.bands:
        mine = b is hit
        line = f"{'▶' if mine else ' '} {band_line(b, unit, lang)}"
        line += tr(lang, (f"（{b.points:g} 分）", f" ({b.points:g} pts)"))
        if b.critical:
            line += " ⚑"
        elif b.cap:  # issue 15: a band that limits the verdict says so
            line += tr(
                lang,
                ("  ✗ 否决", "  ✗ rules it out")
                if b.cap == "reject"
                else ("  ! 最多谨慎", "  ! caps at caution"),
            )
        if out:
            out.append("\n")
        out.append(line, style="bold reverse" if mine else "dim")
    if raw.strip() and hit is None and raw.strip().lower() != UNKNOWN:
        out.append("\n" + tr(lang, ("不是有效的数字", "not a valid number")), style="red")
    return out


def option_rows(q: Question, lang: Lang, answer: Answer | None) -> list[tuple[str, Text]]:
    """(value, label) for the option list of a yes_no, choice or rating question."""
    chosen = None if answer is None else str(answer.value)
    rows: list[tuple[str, str, Option | None]] = []
    if q.kind == "yes_no":
        keys = {"yes": "y", "no": "n", UNKNOWN: "u"}
        rows = [(o.id, f"{keys[o.id]}  {o.label.get(lang)}", o) for o in q.answer_options()]
    elif q.kind == "choice":
        rows = [(o.id, f"{i}  {o.label.get(lang)}", o) for i, o in enumerate(q.options, 1)]
        rows.append((UNKNOWN, "u  " + tr(lang, ("不清楚", "Unknown")), None))
    elif q.kind == "rating":
        rows = [(str(i), f"{i}  {STARS[:i]}{'☆' * (5 - i)}", None) for i in range(1, 6)]
        rows.append((UNKNOWN, "u  " + tr(lang, ("不清楚", "Unknown")), None))
    out = []
    for value, label, opt in rows:
        mine = value == chosen
        text = Text(("● " if mine else "○ ") + label, style="bold" if mine else "")
        if opt is not None and opt.critical:
            text.append(tr(lang, ("  ⚑ 红旗", "  ⚑ red flag")), style="red")
        elif opt is not None and opt.cap:  # issue 15: the answer limits the verdict
            cap = (
                ("  ✗ 否决", "  ✗ rules it out")
                if opt.cap == "reject"
                else ("  ! 最多谨慎", "  ! caps at caution")
            )
            text.append(tr(lang, cap), style="red" if opt.cap == "reject" else "yellow")
        out.append((value, text))
    return out


def answer_label(q: Question, answer: Answer | None, lang: Lang) -> str:
    """The stored answer in words: "是", "over 30 people", "25 秒", "4/5"."""
    if answer is None:
        return tr(lang, ("未答", "not answered"))
    v = answer.value
    if v == UNKNOWN:
        return tr(lang, ("不清楚", "unknown"))
    if q.kind in ("yes_no", "choice"):
        opt = next((o for o in q.answer_options() if o.id == v), None)
        return opt.label.get(lang) if opt else str(v)
    if q.kind == "number":
        unit = q.unit.get(lang) if q.unit else ""
        return f"{v:g} {unit}".rstrip() if isinstance(v, int | float) else str(v)
    if q.kind == "rating":
        return f"{v}/5"
    return str(v)


class ValueInput(Input):
    """The number/text field. For numbers, a key that cannot be part of one (u, g, l...) is
    left to the screen's bindings, so `u` still marks the question unknown while typing."""

    numeric = False

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if self.numeric and character is not None and character.isprintable():
            return character in NUMBER_CHARS
        return super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        if self.numeric and event.is_printable and event.character not in NUMBER_CHARS:
            event.prevent_default()  # Input's own handler would swallow it; it bubbles on
            return
        await super()._on_key(event)


class ScorePanel(Vertical):
    """The live total, grade, verdict, completeness, red flags and caps of the assessment."""

    def compose(self) -> ComposeResult:
        yield Static("", id="state")
        yield Static("", id="total")
        yield Static("", id="grade")
        yield Static("", id="verdict")
        yield Static("", id="completeness")
        yield Static("", id="flags")
        yield Static("", id="caps")

    def _set(self, wid: str, content: Any, *, layout: bool = False) -> None:
        """Update a line only when it changed (each update repaints); with `layout`, the
        screen is laid out again only when the number of lines changed (a full reflow costs
        more than the rest of the frame)."""
        widget = self.query_one(f"#{wid}", Static)
        old, new = str(widget.content), str(content)
        if old != new:
            widget.update(content, layout=layout and old.count("\n") != new.count("\n"))

    def show(self, result: Result, lang: Lang, *, final: bool, when: str | None) -> None:
        state = (
            tr(lang, ("已定稿（只读）", "Final (read-only)")) + (f"\n{when[:10]}" if when else "")
            if final
            else tr(lang, ("草稿：每个回答即时保存", "Draft: every answer saved at once"))
        )
        self._set("state", Text(state, style="bold yellow" if final else "dim"), layout=True)
        total = Text(tr(lang, ("总分 ", "Total ")), style="bold")
        total.append(f"{result.score:.1f}", style="bold reverse")
        total.append(" / 100")
        self._set("total", total)
        self._set("grade", tr(lang, ("等级 ", "Grade ")) + grade_text(result.grade))
        verdict = Text(tr(lang, ("结论 ", "Verdict ")))
        verdict.append(
            verdict_label(result.verdict, lang) or tr(lang, ("暂无", "none yet")),
            style=VERDICT_STYLE.get(result.verdict or "", ""),
        )
        self._set("verdict", verdict)
        answered = sum(s.answered for s in result.sections)
        total_q = sum(s.total for s in result.sections)
        self._set(
            "completeness",
            tr(lang, ("完成度 ", "Complete "))
            + f"{result.completeness:.0%} ({answered}/{total_q})"
            + (
                tr(
                    lang,
                    (
                        f"\n◇ {result.vendor_declared} 个服务商自述待核实",
                        f"\n◇ {result.vendor_declared} vendor-declared, unverified",
                    ),
                )
                if result.vendor_declared
                else ""
            ),
        )
        flags = Text(
            tr(lang, ("红旗 ", "Red flags ")) + str(len(result.red_flags)),
            style="bold red" if result.red_flags else "green",
        )
        for f in result.red_flags:
            flags.append("\n⚑ " + f.reason.get(lang), style="red")
        self._set("flags", flags, layout=True)
        # Why the verdict is what it is (core.scoring words every sentence to agree with it);
        # a reject's red flags are listed above, so its reasons start after them.
        skip = len(result.red_flags) if result.verdict == "reject" else 0
        lines = [r.get(lang) for r in result.reasons[skip:]]
        caps = Text(style="yellow")
        if lines:
            caps.append("! " + lines[0])
        if result.to_verify:
            first = result.to_verify[0].prompt.get(lang)
            more = len(result.to_verify) - 1
            extra = tr(lang, (f"（另 {more} 项）", f" (+{more})")) if more else ""
            caps.append(tr(lang, ("\n? 待核实：", "\n? Verify: ")) + first + extra)
        elif len(lines) > 1:
            more = len(lines) - 1
            caps.append(tr(lang, (f"\n! 另有 {more} 条原因", f"\n! {more} more reason(s)")))
        self._set(
            "caps", caps
        )  # fixed height in styles/assessment.tcss: its text changes with every answer
