"""A vendor's history: every final assessment over time, and what changed from one to the next.

Data from services.archive.history (the same as `vendorcheck history VENDOR`); question prompts
and answer labels from the checklist each assessment was answered with, so an old assessment
reads in its own words even after the checklist has moved on.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from vendorcheck.core.answers import Answer
from vendorcheck.core.models import Checklist
from vendorcheck.core.scoring import red_flag_reason
from vendorcheck.services.labels import grade_text, score_text, verdict_label
from vendorcheck.tui.screens.base import AppScreen, styles, user_errors
from vendorcheck.tui.text import VERDICT_STYLE
from vendorcheck.tui.widgets.assessment import answer_label
from vendorcheck.tui.widgets.titlebar import TitleBar

COLUMNS: list[tuple[str, str, str]] = [
    ("n", "#", "#"),
    ("finalized_at", "定稿日期", "Finalized"),
    ("finalized_by", "定稿人", "By"),
    ("score", "得分", "Score"),
    ("change", "变化", "Change"),
    ("grade", "等级", "Grade"),
    ("verdict", "结论", "Verdict"),
    ("flags", "红旗", "Red flags"),
    ("moved", "变化摘要", "What changed"),
    ("hash", "封存哈希", "Seal"),
]


def signed(x: float | None) -> str:
    return "—" if x is None else f"{x:+.1f}"


class HistoryScreen(AppScreen[None]):
    """Oldest first; the cursor starts on the latest, whose changes show below the table."""

    CSS_PATH = styles("history.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", key_display="esc"),
    ]

    def __init__(self, vendor_id: str) -> None:
        super().__init__()
        self.vendor_id = vendor_id
        self.data: dict[str, Any] = {"name": "", "assessments": []}
        self._checklists: dict[str, Checklist] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="history-title", markup=False)
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="history-diff"):
            yield Static("", id="history-changes", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.fill()

    def refresh_texts(self) -> None:
        self.fill()

    # --- data ------------------------------------------------------------------------------------

    @user_errors
    def fill(self) -> None:
        from vendorcheck.services import archive

        self.data = archive.history(self.store, self.vendor_id)
        items = self.data["assessments"]
        table = self.query_one("#history", DataTable)
        keep = table.cursor_row if table.row_count else len(items) - 1
        table.clear(columns=True)
        for key, zh, en in COLUMNS:
            table.add_column(self.t(zh, en), key=key)
        for i, a in enumerate(items, 1):
            table.add_row(*self._cells(i, a), key=str(a["id"]))
        self.query_one("#history-title", Static).update(self._title(archive))
        if items:
            table.move_cursor(row=min(max(keep, 0), len(items) - 1))
            self.show_changes(table.cursor_row)
        else:
            self.query_one("#history-changes", Static).update(
                self.t(
                    "还没有定稿的评估：定稿后才会记入历史（草稿随时可改）。",
                    "No final assessment yet: only signed-off assessments make the history "
                    "(drafts can still change).",
                )
            )

    def _title(self, archive: Any) -> str:
        name = self.data["name"]
        n = len(self.data["assessments"])
        plural = "" if n == 1 else "s"
        title = self.t(f"{name} · 历次定稿评估 {n} 次", f"{name} · {n} final assessment{plural}")
        due = next((d for d in archive.due(self.store) if d["vendor_id"] == self.vendor_id), None)
        if due is not None:
            if due["overdue"]:
                title += self.t(
                    f" · 已逾期复评（{due['due_at']}）", f" · review overdue ({due['due_at']})"
                )
            else:
                title += self.t(f" · 下次复评 {due['due_at']}", f" · next review {due['due_at']}")
        return title

    def _cells(self, i: int, a: dict[str, Any]) -> list[Any]:
        d = a["diff"]
        score = score_text(a["score"])
        change: Text | str = "—"
        summary = self.t("首次定稿", "first final")
        if d is not None:
            delta = d["score_change"]
            change = Text(
                signed(delta), style="green" if (delta or 0) > 0 else "red" if delta else ""
            )
            summary = self.t(
                f"{len(d['moved'])} 项答案变化，红旗 +{len(d['flags_gained'])} / -{len(d['flags_cleared'])}",
                f"{len(d['moved'])} answers moved, red flags +{len(d['flags_gained'])} / "
                f"-{len(d['flags_cleared'])}",
            )
        flags = a.get("red_flag_count") or 0
        return [
            str(i),
            (a["finalized_at"] or "")[:10],
            Text(a["finalized_by"] or "—"),
            score,
            change,
            grade_text(a["grade"], a["verdict"], flags),
            Text(verdict_label(a["verdict"], self.lang), style=VERDICT_STYLE.get(a["verdict"], "")),
            Text(str(flags), style="bold red" if flags else "green"),
            summary,
            (a["hash"] or "")[:12],
        ]

    # --- the changes of the highlighted assessment -------------------------------------------------

    @on(DataTable.RowHighlighted, "#history")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_changes(event.cursor_row)

    def checklist(self, aid: str) -> Checklist:
        if aid not in self._checklists:
            from vendorcheck.services import assessing

            self._checklists[aid] = assessing.checklist_of(self.store, aid)
        return self._checklists[aid]

    def flag_reason(self, aid: str, qid: str) -> str:
        q = self.checklist(aid).question(qid)
        from vendorcheck.services import assessing

        answer = assessing.answers_of(self.store, aid).get(qid)
        if q is None or answer is None:
            return qid
        return red_flag_reason(q, answer.value).get(self.lang)

    def prompt(self, checklist: Checklist, qid: str) -> str:
        q = checklist.question(qid)
        return qid if q is None else q.prompt.get(self.lang)

    def value_text(self, checklist: Checklist, qid: str, value: Any) -> str:
        """An answer as the merchant gave it: the option's label, a number with its unit."""
        if value is None:
            return self.t("未回答", "not answered")
        q = checklist.question(qid)
        text = (
            str(value)
            if q is None
            else answer_label(q, Answer(question_id=qid, value=value), self.lang)
        )
        return text if len(text) <= 40 else text[:39] + "…"

    def show_changes(self, row: int) -> None:
        items = self.data["assessments"]
        if not 0 <= row < len(items):
            return
        a = items[row]
        d = a["diff"]
        out = Text()
        when = (a["finalized_at"] or "")[:10]
        out.append(self.t(f"第 {row + 1} 次定稿（{when}）", f"Final #{row + 1} ({when})"), "bold")
        if d is None:
            out.append(
                self.t(
                    "：首次定稿，没有可比较的上一次。",
                    ": the first final, nothing before it to compare.",
                )
            )
            self._flag_lines(out, str(a["id"]), a["red_flags"], ("红旗", "Red flags"))
            self.query_one("#history-changes", Static).update(out)
            return
        before = items[row - 1]
        out.append(self.t(" 与上一次相比：", " against the one before:"), "bold")
        old_score = score_text(before["score"])
        new_score = score_text(a["score"])
        out.append(
            self.t(
                f"\n得分 {old_score} → {new_score}（{signed(d['score_change'])}），"
                f"{verdict_label(before['verdict'], 'zh')} → {verdict_label(a['verdict'], 'zh')}",
                f"\nScore {old_score} → {new_score} ({signed(d['score_change'])}), "
                f"{verdict_label(before['verdict'], 'en')} → {verdict_label(a['verdict'], 'en')}",
            )
        )
        new_cl = self.checklist(str(a["id"]))
        old_cl = self.checklist(str(before["id"]))
        self._flag_lines(out, str(a["id"]), d["flags_gained"], ("新增红旗", "Red flags gained"))
        self._flag_lines(
            out,
            str(before["id"]),
            d["flags_cleared"],
            ("消除的红旗", "Red flags cleared"),
            cleared=True,
        )
        moved = d["moved"]
        out.append(
            self.t(f"\n\n答案变化（{len(moved)} 项）", f"\n\nAnswers that moved ({len(moved)})"),
            "bold",
        )
        if not moved:
            out.append(self.t("：没有", ": none"))
        for m in moved:
            qid = m["question_id"]
            cl = new_cl if new_cl.question(qid) is not None else old_cl
            out.append(f"\n  • {self.prompt(cl, qid)}: ")
            out.append(self.value_text(old_cl, qid, m["from"]), "dim")
            out.append(" → ")
            out.append(self.value_text(new_cl, qid, m["to"]), "bold")
        self.query_one("#history-changes", Static).update(out)

    def _flag_lines(
        self,
        out: Text,
        aid: str,
        qids: list[str],
        head: tuple[str, str],
        *,
        cleared: bool = False,
    ) -> None:
        if not qids:
            return
        n = len(qids)
        out.append(self.t(f"\n\n{head[0]}（{n} 项）", f"\n\n{head[1]} ({n})"), "bold")
        for qid in qids:
            if cleared:  # the question it was about; the answers that moved say how
                out.append(f"\n  ✓ {self.prompt(self.checklist(aid), qid)}", "green")
            else:  # why it is a red flag, in plain words, as the reports say it
                out.append(f"\n  ✗ {self.flag_reason(aid, qid)}", "bold red")

    def action_back(self) -> None:
        self.app.pop_screen()
