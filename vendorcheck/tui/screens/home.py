"""Home: every vendor with its latest assessment, filtered as you type, sortable, marked to compare.

Rows come from `services.vendors.listing` (one query, only the columns shown); at start only
the first screenful is read, the rest right after the first frame; everything else is loaded only
when acted on.
"""

from __future__ import annotations

import importlib
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Input, Static

from vendorcheck.core.errors import UserError
from vendorcheck.services import vendors
from vendorcheck.services.labels import grade_text, verdict_label
from vendorcheck.tui.screens.base import AppScreen, user_errors
from vendorcheck.tui.screens.dialogs import ChoicePrompt, ConfirmScreen
from vendorcheck.tui.text import VERDICT_STYLE
from vendorcheck.tui.widgets.titlebar import TitleBar

# (column key, zh, en, sort key on a vendor row)
COLUMNS: list[tuple[str, str, str]] = [
    ("name", "服务商", "Vendor"),
    ("score", "得分", "Score"),
    ("grade", "等级", "Grade"),
    ("verdict", "结论", "Verdict"),
    ("red_flag_count", "红旗", "Red flags"),
    ("completeness", "完成度", "Complete"),
    ("assessed_at", "评估日期", "Assessed"),
    ("due", "复评", "Review"),
]
FIRST_SCREENFUL = 24  # at least this many rows before the first frame; the rest right after it
VERDICT_ORDER = {"recommended": 0, "acceptable": 1, "caution": 2, "incomplete": 3, "reject": 4}


def cell(text: str, style: str = "") -> Text:
    """A table cell: plain text (never read as markup: names are the user's), on one line."""
    return Text(text, style=style, no_wrap=True, end="")


def archive_module() -> Any | None:
    """vendorcheck.services.archive (due dates, full-text search) when it is installed."""
    try:
        return importlib.import_module("vendorcheck.services.archive")
    except ModuleNotFoundError:
        return None


def evidence_due_counts(store: Any) -> dict[str, int]:
    """Vendor id -> evidence files expired or expiring (issue 21), {} without that service."""
    try:
        evidence = importlib.import_module("vendorcheck.services.evidence")
    except ModuleNotFoundError:
        return {}
    return dict(evidence.due_counts(store))


def _sort_value(row: dict[str, Any], key: str) -> tuple[int, Any]:
    """Missing values sort last whatever the direction of the rest."""
    value = row.get(key)
    if key == "verdict":
        value = VERDICT_ORDER.get(value or "")
    elif key == "due":
        due = row.get("due")
        value = None if due is None else due["due_at"]
    elif key == "name":
        value = (value or "").casefold()
    return (1, 0) if value is None or value == "" else (0, value)


def sort_rows(rows: list[dict[str, Any]], key: str, reverse: bool) -> list[dict[str, Any]]:
    """Rows ordered by `key`; vendors without a value (never assessed) stay last either way."""
    ordered = sorted(rows, key=lambda r: _sort_value(r, key), reverse=reverse)
    if reverse:
        ordered.sort(key=lambda r: _sort_value(r, key)[0])  # stable: keeps the reversed order
    return ordered


class HomeScreen(AppScreen[None]):
    """The vendor list: the first thing a merchant sees."""

    AUTO_FOCUS = "#vendors"  # focus once, where the keys act (each focus change redraws the footer)

    KEY_LABELS: ClassVar[dict[str, tuple[str, str]]] = {
        "history": ("历史", "History"),
        "costs": ("成本", "Costs"),
        "leave_filter": ("离开/清除筛选", "Leave/clear filter"),
        "cursor_down": ("下一行", "Next row"),
        "cursor_up": ("上一行", "Previous row"),
    }
    KEY_HELP: ClassVar[dict[str, tuple[str, str]]] = {
        "history": (
            "所选服务商的历次定稿评估及变化",
            "The selected vendor's finals and what changed",
        ),
        "costs": (
            "各家报价的月度成本、提示和自建对比（同 vendorcheck cost）",
            "Each quote's monthly cost, flags and in-house comparison (as vendorcheck cost)",
        ),
        "focus_filter": (
            "按名称筛选（中文、不是按键的字母或粘贴的文字会直接进入筛选；无匹配时搜索备注与证据）",
            "Filter by name (Chinese, letters that are no key here, or a paste go straight in;"
            " no match searches notes)",
        ),
        "leave_filter": (
            "在筛选框中：回到列表；在列表中：清除筛选",
            "In the filter: back to the list; on the list: clear the filter",
        ),
        "cursor_down": ("在筛选框中移动列表的光标", "Move the list's cursor from the filter"),
        "cursor_up": ("在筛选框中移动列表的光标", "Move the list's cursor from the filter"),
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", show=False, id="home.open"),
        Binding("a", "add", "Add", id="home.add"),
        Binding("d", "delete", "Delete", id="home.delete"),
        Binding("delete", "delete", "Delete", show=False, id="home.delete_key"),
        Binding("space", "mark", "Mark", id="home.mark"),
        Binding("c", "compare", "Compare", id="home.compare"),
        Binding("e", "export", "Export", id="home.export"),
        Binding("h", "history", "History", show=False, id="home.history"),
        Binding("r", "reassess", "Re-assess", show=False, id="home.reassess"),
        Binding("Q", "quote", "Quote", key_display="Q", id="home.quote"),
        Binding("p", "profile", "Shop profile", id="home.profile"),
        Binding("m", "costs", "Costs", show=False, id="home.costs"),  # ? and ctrl+p; footer full
        Binding("s", "sort", "Sort", id="home.sort"),
        Binding("slash", "focus_filter", "Filter", key_display="/", id="home.filter"),
        Binding("escape", "leave_filter", "Leave filter", show=False, id="home.leave_filter"),
        # from the filter (the table has its own): the highlighted row follows ↑ ↓, enter opens it
        Binding("down", "cursor_down", show=False, id="home.cursor_down"),
        Binding("up", "cursor_up", show=False, id="home.cursor_up"),
        Binding("L", "load_demo", "Load demo data", show=False, id="home.load_demo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []
        self.marked: set[str] = set()
        self.sort_key = "name"
        self.sort_reverse = False
        self.filter_text = ""
        self.search_hits: dict[str, str] = {}
        self._offered_demo = False
        self._stale = False
        self._fill_token = 0
        self._total: int | None = None  # how many vendors there are while only a screenful is read

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(
            self.filter_text,
            placeholder=self._placeholder(),
            id="filter",
            select_on_focus=False,  # text typed on the list goes in first, then the focus moves
        )
        table: DataTable[Any] = DataTable(id="vendors", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="hint")
        yield Footer(compact=True)

    def _placeholder(self) -> str:
        return self.t(
            "按 / 筛选名称（中文可直接输入）；↑↓ 选择，回车打开；无匹配时搜索备注与证据",
            "/ filters by name (Chinese can be typed directly); ↑↓ pick, enter opens;"
            " no match searches notes",
        )

    def on_mount(self) -> None:
        self.reload(screenful=True)
        if not self.rows and self.app.demo and not self._offered_demo:  # type: ignore[attr-defined]
            self._offered_demo = True
            self.app.push_screen(
                ConfirmScreen(
                    "数据库里还没有服务商。要载入演示数据（几家服务商及其评估和报价）来看看吗？",
                    "No vendors yet. Load the demo data (vendors, assessments and quotes) to look around?",
                    danger=False,
                ),
                self._demo_answer,
            )

    def _demo_answer(self, yes: bool | None) -> None:
        if yes:  # once the dialog is gone, so the table sizes its columns on a visible screen
            self.call_after_refresh(self.action_load_demo)

    # --- data ------------------------------------------------------------------------------------

    def reload(self, screenful: bool = False) -> None:
        """Re-read the vendors from the store and redraw the table, keeping the cursor's vendor.

        `screenful` (at start): read only the first screen of the list now and the rest once
        the first frame is on screen."""
        self._total = None
        if screenful:
            first = self._screenful()
            self.rows = vendors.listing(self.store, first)
            if len(self.rows) == first:
                self._total = vendors.count(self.store)
        else:
            self.rows = vendors.listing(self.store)
        known = {r["id"] for r in self.rows}
        self.marked &= known
        self.redraw()
        if self._total is not None and self._total > len(self.rows):
            self.app.after_first_frame(self._read_rest, self._fill_token)  # type: ignore[attr-defined]
        elif self.rows:
            self.app.after_first_frame(self._mark_due)  # type: ignore[attr-defined]

    def _screenful(self) -> int:
        return max(FIRST_SCREENFUL, self.app.size.height)  # whatever the terminal's height

    @user_errors
    def _read_rest(self, token: int) -> None:
        """The whole list, after the first frame: appended below the screenful when the table
        still shows it as it was drawn (nothing typed or sorted meanwhile), else redrawn."""
        shown = [r["id"] for r in self.rows]
        self.rows = vendors.listing(self.store)
        self._total = None
        rows = self.visible_rows()
        if token == self._fill_token and [r["id"] for r in rows[: len(shown)]] == shown:
            self._fill(rows[len(shown) :], None)
            self._update_hint(rows)
        else:
            self.redraw()
        self._mark_due()

    @user_errors
    def _mark_due(self) -> None:
        """Review dates from the archive, after the first frame: the list never waits for them."""
        archive = archive_module()
        due = {d["vendor_id"]: d for d in archive.due(self.store)} if archive else {}
        expiring = evidence_due_counts(self.store)
        table = self.query_one("#vendors", DataTable)
        for row in self.rows:
            row["due"] = due.get(row["id"])
            row["evidence_due"] = expiring.get(row["id"], 0)
            if row["id"] in table.rows:
                table.update_cell(row["id"], "due", self._due_cell(row), update_width=True)

    def visible_rows(self) -> list[dict[str, Any]]:
        needle = self.filter_text.strip().casefold()
        self.search_hits = {}
        rows = self.rows
        if needle:
            rows = [r for r in self.rows if needle in r["name"].casefold()]
            if not rows:
                rows = self._full_text(self.filter_text.strip())
        return sort_rows(rows, self.sort_key, self.sort_reverse)

    def _full_text(self, text: str) -> list[dict[str, Any]]:
        archive = archive_module()
        if archive is None:
            return []
        try:
            hits = archive.search(self.store, text)
        except UserError:
            return []
        by_id = {r["id"]: r for r in self.rows}
        found: list[dict[str, Any]] = []
        for hit in hits:
            vid = hit.get("vendor_id")
            if vid in by_id and vid not in self.search_hits:
                self.search_hits[vid] = str(hit.get("snippet", ""))
                found.append(by_id[vid])
        return found

    def redraw(self) -> None:
        """Rebuild the table: the first screenful at once, the rest right after it is painted."""
        table = self.query_one("#vendors", DataTable)
        current = self.current_id()
        table.clear(columns=True)
        for key, zh, en in COLUMNS:
            label = self.t(zh, en)
            if key == self.sort_key:
                label += " ▼" if self.sort_reverse else " ▲"
            table.add_column(label, key=key)
        rows = self.visible_rows()
        self._fill_token += 1
        first = self._screenful()
        self._fill(rows[:first], current)
        if len(rows) > first:
            self.app.after_first_frame(  # type: ignore[attr-defined]
                self._fill, rows[first:], current, self._fill_token
            )
        self._update_hint(rows)

    def _fill(self, rows: list[dict[str, Any]], keep: str | None, token: int | None = None) -> None:
        if token is not None and token != self._fill_token:
            return  # a newer redraw has replaced the table meanwhile
        table = self.query_one("#vendors", DataTable)
        for row in rows:
            table.add_row(*self._cells(row), key=row["id"])
        if keep is not None and any(r["id"] == keep for r in rows):
            table.move_cursor(row=table.get_row_index(keep))

    def _cells(self, row: dict[str, Any]) -> list[Any]:
        lang = self.lang
        mark = "● " if row["id"] in self.marked else "  "
        name = cell(mark + row["name"], "bold" if row["id"] in self.marked else "")
        has = row.get("assessment_id") is not None
        score = f"{row['score']:.1f}" if has and row.get("score") is not None else "—"
        verdict = row.get("verdict")
        verdict_cell = cell(
            verdict_label(verdict, lang) or "—", VERDICT_STYLE.get(verdict or "", "")
        )
        if has and row.get("status") == "draft":
            verdict_cell.append(self.t("（草稿）", " (draft)"), style="dim")
        flags = row.get("red_flag_count") or 0
        flags_cell = cell(str(flags) if has else "—", "bold red" if flags else "")
        comp = row.get("completeness")
        completeness = f"{comp * 100:.0f}%" if has and comp is not None else "—"
        assessed = (row.get("assessed_at") or "")[:10] or "—"
        return [
            name,
            cell(score),
            cell(grade_text(row.get("grade"), verdict, flags)),
            verdict_cell,
            flags_cell,
            cell(completeness),
            cell(assessed),
            self._due_cell(row),
        ]

    def _due_cell(self, row: dict[str, Any]) -> Text:
        due = row.get("due")
        files = row.get("evidence_due") or 0  # evidence expired or expiring within 30 days
        mark = self.t(f" 证据{files}", f" evidence {files}") if files else ""
        if due is None:
            return cell(mark.strip(), "yellow")
        when = str(due["due_at"])[:10]
        if due.get("overdue"):
            return cell(self.t("已逾期 ", "overdue ") + when + mark, "bold red")
        return cell(self.t("到期 ", "due ") + when + mark, "yellow")

    def _update_hint(self, rows: list[dict[str, Any]]) -> None:
        hint = self.query_one("#hint", Static)
        if not self.rows:
            hint.update(
                self.t(
                    "还没有服务商：按 a 新增，或按 L 载入演示数据。",
                    "No vendors yet: press a to add one, or L to load the demo data.",
                )
            )
        elif self.search_hits:
            first = next(iter(self.search_hits.values()))
            hint.update(
                self.t(
                    f"名称无匹配；在备注/证据中找到 {len(rows)} 家：{first}",
                    f"No name matches; found in notes/evidence of {len(rows)}: {first}",
                )
            )
        elif self.filter_text and not rows:
            hint.update(self.t("没有匹配的服务商", "No vendor matches"))
        else:
            marked = len(self.marked)
            total = len(self.rows) if self._total is None else self._total
            hint.update(
                self.t(
                    f"共 {total} 家服务商，已标记 {marked} 家（空格标记，c 对比）",
                    f"{total} vendors, {marked} marked (space marks, c compares)",
                )
            )

    def refresh_texts(self) -> None:
        self.query_one("#filter", Input).placeholder = self._placeholder()
        self.redraw()

    def current_id(self) -> str | None:
        table = self.query_one("#vendors", DataTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return None
        return None if key.value is None else str(key.value)

    def current_row(self) -> dict[str, Any] | None:
        vid = self.current_id()
        return next((r for r in self.rows if r["id"] == vid), None)

    def on_screen_resume(self) -> None:
        """Back from an assessment (however it was left): its score may have changed."""
        if self._stale:
            self._stale = False
            self.reload()

    # --- events ----------------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.redraw()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        """enter in the filter opens the highlighted row of the filtered list."""
        table = self.query_one("#vendors", DataTable)
        if table.row_count:
            self.action_open()
        else:
            table.focus()

    def on_key(self, event: events.Key) -> None:
        """Text the vendor list cannot use (Chinese committed by an IME, letters that are no key
        here) starts the filter with it: typing a name filters, the keys in the footer still act."""
        table = self.query_one("#vendors", DataTable)
        if (
            self.focused is table
            and event.character
            and event.is_printable
            and event.key not in self.active_bindings
        ):
            event.stop()
            event.prevent_default()
            self.start_filter(event.character)

    def on_paste(self, event: events.Paste) -> None:
        """A pasted name (the way many IMEs and terminals deliver Chinese) goes into the filter."""
        text = " ".join(event.text.split())
        if text and not isinstance(self.focused, Input):
            event.stop()
            self.start_filter(text)

    def start_filter(self, text: str) -> None:
        box = self.query_one("#filter", Input)
        box.focus()
        box.insert_text_at_cursor(text)

    @on(DataTable.HeaderSelected, "#vendors")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(str(event.column_key.value))

    @on(DataTable.RowSelected, "#vendors")
    def _row_selected(self) -> None:
        self.action_open()

    def sort_by(self, key: str) -> None:
        if key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key, self.sort_reverse = key, False
        self.redraw()

    # --- actions ---------------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_leave_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if self.focused is box:
            self.query_one("#vendors", DataTable).focus()
        elif box.value:
            box.value = ""  # Input.Changed redraws the whole list

    def action_cursor_down(self) -> None:
        self.query_one("#vendors", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#vendors", DataTable).action_cursor_up()

    def action_sort(self) -> None:
        """Cycle: ascending, descending, then the next column."""
        keys = [k for k, _, _ in COLUMNS]
        if not self.sort_reverse:
            self.sort_reverse = True
        else:
            self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
            self.sort_reverse = False
        self.redraw()

    def action_mark(self) -> None:
        vid = self.current_id()
        if vid is None:
            return
        self.marked ^= {vid}
        self.redraw()

    @user_errors
    def action_load_demo(self) -> None:
        from vendorcheck.services import costing, demo

        added = demo.load_demo(self.store)
        costing.load_demo_quotes(self.store)
        self.notify(
            self.t(f"已载入 {len(added)} 家演示服务商", f"Loaded {len(added)} demo vendors")
        )
        self.reload()

    def action_add(self) -> None:
        from vendorcheck.tui.screens.vendor_form import VendorFormScreen

        self.app.push_screen(VendorFormScreen(), self._after_add)

    def _after_add(self, vendor_id: str | None) -> None:
        if vendor_id:
            self.call_after_refresh(self._show_added, vendor_id)

    def _show_added(self, vendor_id: str) -> None:
        """Show the new vendor under the cursor, then ask which checklist to assess it with."""
        self.filter_text = ""
        self.query_one("#filter", Input).value = ""
        self.reload()
        table = self.query_one("#vendors", DataTable)
        if vendor_id in table.rows:
            table.move_cursor(row=table.get_row_index(vendor_id))
        self.start_new(vendor_id)

    @user_errors
    def action_delete(self) -> None:
        row = self.current_row()
        if row is None:
            return
        name = row["name"]

        def done(yes: bool | None) -> None:
            if yes:  # the dialog is the consent to purge its finals too (services.vendors)
                vendors.delete_vendor(self.store, row["id"], purge=True)
                self.marked.discard(row["id"])
                self.notify(self.t(f"已删除“{name}”", f"Deleted {name}"))
                self.call_after_refresh(self.reload)

        self.app.push_screen(
            ConfirmScreen(
                f"删除服务商“{name}”及其全部评估？此操作无法撤销。",
                f"Delete {name} and all its assessments? This cannot be undone.",
            ),
            done,
        )

    @user_errors
    def action_open(self) -> None:
        row = self.current_row()
        if row is None:
            return
        from vendorcheck.services import assessing

        latest = vendors.latest_assessment(self.store, row["id"])
        if latest is None:
            self.start_new(row["id"])
        elif latest["status"] == "draft":
            self.open_assessment(str(latest["id"]))
        else:
            checklist = assessing.checklist_of(self.store, latest["id"])

            def done(yes: bool | None) -> None:
                if yes:
                    self.open_new(row["id"], checklist, prefill=True)

            self.app.push_screen(
                ConfirmScreen(
                    f"“{row['name']}”的上次评估已定稿，不能再改。要开始新一轮评估（沿用上次的回答）吗？",
                    f"{row['name']}'s last assessment is final and cannot change. "
                    "Start a re-assessment prefilled from it?",
                    danger=False,
                ),
                done,
            )

    def action_reassess(self) -> None:
        """Same path as open: a final assessment offers a prefilled re-assessment, a draft resumes."""
        self.action_open()

    @user_errors
    def start_new(self, vendor_id: str) -> None:
        """Ask which checklist, then open a new (or the resumable) draft."""
        from vendorcheck.services import catalog

        vendor = vendors.get(self.store, vendor_id)
        lang = self.lang
        checklists = {c.id: c for c in catalog.available()}
        default = (
            "store-operation" if vendor["services"] == ["store_operation"] else "cs-outsourcing"
        )

        def chosen(cid: str | None) -> None:
            if cid:
                self.open_new(vendor_id, checklists[cid])

        self.app.push_screen(
            ChoicePrompt(
                f"为“{vendor['name']}”选择评估清单",
                f"Choose the checklist for {vendor['name']}",
                [(c.id, c.title.zh if lang == "zh" else c.title.en) for c in checklists.values()],
                default=default if default in checklists else "",
            ),
            chosen,
        )

    @user_errors
    def open_new(self, vendor_id: str, checklist: Any, *, prefill: bool = False) -> None:
        """A re-assessment prefilled from the last one, or the vendor's draft for `checklist`."""
        from vendorcheck.services import assessing

        if prefill:
            aid = assessing.start_assessment(self.store, vendor_id, checklist, prefill=True)
        else:
            aid = assessing.draft_for(self.store, vendor_id, checklist)
        self.open_assessment(aid)

    def open_assessment(self, aid: str) -> None:
        try:
            from vendorcheck.tui.screens.assessment import AssessmentScreen
        except ModuleNotFoundError:
            self.notify(self.t("评估界面尚未完成", "The assessment screen is not built yet"))
            return
        self._stale = True
        self.app.push_screen(AssessmentScreen(aid))

    def action_compare(self) -> None:
        ids = [r["id"] for r in self.rows if r["id"] in self.marked]
        if not 2 <= len(ids) <= 8:
            self.notify(
                self.t("请先用空格标记 2 到 8 家服务商", "Mark 2 to 8 vendors with space first"),
                severity="warning",
            )
            return
        from vendorcheck.tui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(ids))

    def action_export(self) -> None:
        """A comparison report of the marked vendors (2-8 assessed), else the highlighted one."""
        from vendorcheck.tui.screens.export import ExportScreen

        marked = [r["name"] for r in self.rows if r["id"] in self.marked and r.get("assessment_id")]
        if 2 <= len(marked) <= 8:
            self.app.push_screen(ExportScreen(marked))
            return
        row = self.current_row()
        if row is not None:
            self.app.push_screen(ExportScreen([row["name"]]))

    def action_history(self) -> None:
        row = self.current_row()
        if row is None:
            return
        from vendorcheck.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(row["id"]))

    def action_quote(self) -> None:
        row = self.current_row()
        if row is None:
            return
        from vendorcheck.tui.screens.costs import QuoteScreen

        self.app.push_screen(QuoteScreen(row["id"]))

    def action_profile(self) -> None:
        from vendorcheck.tui.screens.costs import ProfileScreen

        self.app.push_screen(ProfileScreen())

    def action_costs(self) -> None:
        from vendorcheck.tui.screens.costs import CostScreen

        self.app.push_screen(CostScreen())
