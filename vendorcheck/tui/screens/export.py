"""Export a vendor or a comparison as a client report: PDF, HTML, Markdown or JSON.

The screen only collects the choices; the work is the CLI's own sequence from
services.reporting (`format_of`, `load_brand`, `build_report`, `write_report`), so
`vendorcheck report` and this screen write the same file. Building and rendering run in a thread
worker with its own database connection (SQLite connections stay in their thread), WeasyPrint is
imported there only when a PDF is asked for, and the notice about the outcome is posted to the
app, so it arrives even when the merchant has already left the screen.
"""

from __future__ import annotations

import os
import re
import time
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    LoadingIndicator,
    RadioButton,
    RadioSet,
    Static,
)
from textual.worker import Worker, WorkerState

from vendorcheck.core.errors import Lang, UserError
from vendorcheck.core.safe_text import for_file_name
from vendorcheck.tui.screens.base import FormScreen, styles, user_errors
from vendorcheck.tui.widgets.titlebar import TitleBar

# suffix -> label shown (the same in both languages)
FORMATS: dict[str, str] = {".pdf": "PDF", ".html": "HTML", ".md": "Markdown", ".json": "JSON"}
REPORT_LANGS: dict[Lang, str] = {"zh": "中文", "en": "English"}
UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')

# widget id -> (zh, en): every fixed text of the screen, relabelled by refresh_texts (f2)
TEXTS: dict[str, tuple[str, str]] = {
    "format-label": ("格式", "Format"),
    "lang-label": ("报告语言", "Report language"),
    "path-label": ("保存为", "Save as"),
    "client-label": ("委托方（选填，印在封面上）", "Client (optional, named on the cover)"),
    "brand-label": (
        "品牌设置文件（选填，TOML：机构、标志、主色、页脚；示例：{example}）",
        "Branding file (optional, TOML: organisation, logo, accent, footer; example: {example})",
    ),
    "save": ("导出 (ctrl+s)", "Export (ctrl+s)"),
    "brand": ("留空则不加品牌", "Leave empty for no branding"),
    "cancel": ("返回 (esc)", "Back (esc)"),
}


def default_folder() -> Path:
    """Where reports go unless the merchant types another path.

    The current directory, as for `vendorcheck report -o NAME`, so both shells put a report in
    the same place; the user's documents folder (platformdirs) when that is not writable (started
    from a launcher in `/`, say), else the home folder.
    """
    try:
        cwd = Path.cwd()
    except OSError:
        cwd = None
    if cwd is not None and os.access(cwd, os.W_OK):
        return cwd
    from platformdirs import user_documents_path

    docs = user_documents_path()
    return docs if docs.is_dir() and os.access(docs, os.W_OK) else Path.home()


def report_day() -> date:
    """The report's date (SOURCE_DATE_EPOCH when set, like the report itself)."""
    from vendorcheck.services import reporting

    try:
        return reporting.report_time().date()
    except UserError:
        return date.today()


def default_name(names: list[str], lang: Lang, suffix: str, day: date) -> str:
    """`<vendor>-评估报告-<date>.pdf`, or `vendor-comparison-<date>.pdf` for several vendors."""
    zh = lang == "zh"
    if len(names) == 1:
        vendor = UNSAFE.sub("-", for_file_name(names[0])).strip("-.")[:60] or "vendor"
        stem = f"{vendor}-{'评估报告' if zh else 'assessment'}"
    else:
        stem = "服务商对比报告" if zh else "vendor-comparison"
    return f"{stem}-{day.isoformat()}{suffix}"


def unused(path: Path) -> Path:
    """`path`, or `name-2.pdf`, `name-3.pdf`… so a default never replaces an earlier report."""
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def resolve(text: str) -> Path:
    """A typed path: `~` expanded, relative to the current directory (as on the command line)."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else Path.cwd() / path


@dataclass(frozen=True)
class ExportJob:
    """Everything the worker needs; nothing in it belongs to the UI thread except `app`."""

    app: Any
    db_path: Path
    vendors: list[str]
    lang: Lang
    client: str
    brand: Any  # services.reporting.Brand | None, validated on the UI thread
    out: Path
    progress: Any = None  # (zh, en) -> None, callable from the worker thread (issue 19)
    ahead: Any = None  # Future of the report rendered ahead (tui.prerender), or None


@dataclass(frozen=True)
class Outcome:
    path: Path | None = None
    error: UserError | None = None


def run_job(job: ExportJob) -> Outcome:
    """Build and write the report exactly as `vendorcheck report` does; a user error is an outcome."""
    from vendorcheck.services import reporting

    try:
        data = reporting.build_report_at(job.db_path, job.vendors, job.lang, job.client, job.brand)
        if job.out.suffix.lower() == ".pdf":
            from vendorcheck.tui.prerender import same_report

            data = same_report(data, job.ahead)
        return Outcome(path=reporting.write_report(data, job.out, job.progress))
    except UserError as e:
        return Outcome(error=e)


class ExportScreen(FormScreen[None]):
    """Pick format, language, file, client and branding, then export; esc goes back at any time."""

    CSS_PATH = styles("forms.tcss", "export.tcss")

    KEY_LABELS: ClassVar[dict[str, tuple[str, str]]] = {
        "save": ("导出", "Export"),
        "cancel": ("返回", "Back"),
    }
    KEY_HELP: ClassVar[dict[str, tuple[str, str]]] = {
        "save": (
            "按所选格式写出报告（在后台生成）",
            "Write the report (rendered in the background)",
        ),
        "cancel": (
            "返回上一屏（正在生成的报告仍会写完）",
            "Go back (a report being made still finishes)",
        ),
    }

    def __init__(self, vendor_names: list[str]) -> None:
        super().__init__()
        self.vendor_names = list(vendor_names)
        self.suffix = ".pdf"
        self.report_lang: Lang = "zh"
        self.path_edited = False  # once the merchant types a path, only its suffix follows
        self.auto_path = ""  # the last path this screen filled in itself
        self.busy = False
        self._ticker: Timer | None = None
        self._started = 0.0
        self.status: tuple[str, str] | None = None
        self.status_error = False
        self.ahead: Future[Any] | None = None  # the default report, rendered ahead (prerender)

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.report_lang = self.lang
        yield TitleBar()
        with VerticalScroll(classes="form", id="export-form"):
            yield Label(self._title(), id="export-title", markup=False)
            yield Label(self.text("format-label"), id="format-label", classes="field")
            with RadioSet(id="format"):
                for suffix, name in FORMATS.items():
                    yield RadioButton(name, value=suffix == self.suffix, id=f"fmt-{suffix[1:]}")
            yield Label(self.text("lang-label"), id="lang-label", classes="field")
            with RadioSet(id="report-lang"):
                for code, name in REPORT_LANGS.items():
                    yield RadioButton(name, value=code == self.report_lang, id=f"lang-{code}")
            yield Label(self.text("path-label"), id="path-label", classes="field")
            self.auto_path = str(self._default_path())
            yield Input(self.auto_path, id="path")
            yield Static("", id="path-note", classes="error", markup=False)
            yield Label(self.text("client-label"), id="client-label", classes="field")
            yield Input("", id="client")
            yield Label(self.text("brand-label"), id="brand-label", classes="field", markup=False)
            yield Input("", id="brand", placeholder=self.text("brand"))
            yield Static("", id="brand-note", classes="error")
        with Horizontal(id="export-bar"):  # always in view, however small the terminal
            yield Button(self.text("save"), id="save", variant="primary")
            yield Button(self.text("cancel"), id="cancel")
            yield LoadingIndicator(id="export-busy")
            yield Static("", id="export-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#export-busy").display = False
        self.query_one("#format", RadioSet).focus()
        self._check_path()
        self._start_ahead()

    def _start_ahead(self) -> None:
        """With a warm renderer, make the default report's PDF while the form is read."""
        from vendorcheck.render import worker

        if worker.current() is None:
            self.ahead = None
            return
        self.ahead = Future()
        self.render_ahead(self.report_lang, self.ahead)

    @work(thread=True, exit_on_error=False, group="ahead")
    def render_ahead(self, lang: Lang, done: Future[Any]) -> None:
        from vendorcheck.tui.prerender import render_ahead

        render_ahead(self.app.db_path, self.vendor_names, lang, done)  # type: ignore[attr-defined]

    def text(self, wid: str) -> str:
        """The fixed text of widget `wid` in the current language."""
        from vendorcheck.paths import reports_dir

        return self.t(*TEXTS[wid]).replace(
            "{example}", str(reports_dir() / "branding.example.toml")
        )

    def _title(self) -> str:
        if len(self.vendor_names) == 1:
            return self.t(
                f"导出评估报告：{self.vendor_names[0]}",
                f"Export the assessment report of {self.vendor_names[0]}",
            )
        return self.t(
            f"导出 {len(self.vendor_names)} 家服务商的对比报告：{'、'.join(self.vendor_names)}",
            f"Export the comparison report of {len(self.vendor_names)} vendors: "
            + ", ".join(self.vendor_names),
        )

    def refresh_texts(self) -> None:
        """f2: relabel in place, so typed values, focus and a running export are kept."""
        self.query_one("#export-title", Label).update(self._title())
        for wid in TEXTS:
            widget = self.query_one(f"#{wid}")
            if isinstance(widget, Button):
                widget.label = self.text(wid)
            elif isinstance(widget, Input):
                widget.placeholder = self.text(wid)
            else:
                widget.update(self.text(wid))  # type: ignore[attr-defined]
        self._check_path()
        self._check_brand()
        self._show_status()

    # --- the output path follows the choices until the merchant edits it ---------------------------

    def _default_path(self) -> Path:
        name = default_name(self.vendor_names, self.report_lang, self.suffix, report_day())
        return unused(default_folder() / name)

    def _set_path(self, path: Path | str) -> None:
        self.auto_path = str(path)
        self.query_one("#path", Input).value = self.auto_path
        self._check_path()

    @on(RadioSet.Changed, "#format")
    def _format_picked(self, event: RadioSet.Changed) -> None:
        self.suffix = list(FORMATS)[event.index]
        if not self.path_edited:
            self._set_path(self._default_path())
            return
        typed = self.query_one("#path", Input).value.strip()
        if typed:
            current = Path(typed)
            known = current.suffix.lower() in FORMATS or current.suffix.lower() == ".htm"
            self._set_path(current.with_suffix(self.suffix) if known else f"{typed}{self.suffix}")

    @on(RadioSet.Changed, "#report-lang")
    def _lang_picked(self, event: RadioSet.Changed) -> None:
        self.report_lang = list(REPORT_LANGS)[event.index]
        self._start_ahead()
        if not self.path_edited:
            self._set_path(self._default_path())

    @on(Input.Changed, "#path")
    def _path_typed(self, event: Input.Changed) -> None:
        if event.value == self.auto_path:
            return  # filled in by the screen, not typed
        self.path_edited = True
        suffix = Path(event.value.strip()).suffix.lower()
        suffix = ".html" if suffix == ".htm" else suffix
        if suffix in FORMATS and suffix != self.suffix:  # the typed extension picks the format
            self.suffix = suffix
            buttons = self.query_one("#format", RadioSet)
            with buttons.prevent(RadioSet.Changed):
                self.query_one(f"#fmt-{suffix[1:]}", RadioButton).value = True
        self._check_path()

    @on(Input.Changed, "#brand")
    def _brand_typed(self) -> None:
        self._check_brand()

    def _check_path(self) -> None:
        """A warning under the path: no such folder, or a file that will be replaced."""
        note = ""
        typed = self.query_one("#path", Input).value.strip()
        if not typed:
            note = self.t("请填写保存路径", "Enter where to save the report")
        else:
            path = resolve(typed)
            if not path.parent.is_dir():
                note = self.t(f"文件夹不存在：{path.parent}", f"No such folder: {path.parent}")
            elif path.exists():
                note = self.t("该文件已存在，导出会替换它", "This file exists and will be replaced")
        self.query_one("#path-note", Static).update(note)

    def _check_brand(self) -> None:
        typed = self.query_one("#brand", Input).value.strip()
        missing = bool(typed) and not resolve(typed).is_file()
        self.query_one("#brand-note", Static).update(
            self.t("找不到该文件", "No such file") if missing else ""
        )

    # --- export ----------------------------------------------------------------------------------

    @user_errors
    def action_save(self) -> None:
        """Check what can be checked at once (as the CLI does), then render in the background."""
        if self.busy:
            self.notify(self.t("报告正在生成，请稍候", "A report is being made; one moment"))
            return
        from vendorcheck.services import reporting

        typed = self.query_one("#path", Input).value.strip()
        if not typed:
            raise UserError("enter where to save the report", "请填写保存路径", where="path")
        out = resolve(typed)
        reporting.format_of(out)  # a bad extension fails before any work
        brand_text = self.query_one("#brand", Input).value.strip()
        brand = reporting.load_brand(resolve(brand_text)) if brand_text else None
        job = ExportJob(
            app=self.app,
            db_path=self.app.db_path,  # type: ignore[attr-defined]
            vendors=self.vendor_names,
            lang=self.report_lang,
            client=self.query_one("#client", Input).value,
            brand=brand,
            out=out,
            progress=self._progress_from_thread,
            ahead=self.ahead,
        )
        kind = FORMATS.get(out.suffix.lower(), "HTML")
        self._set_busy(True, (f"正在生成 {kind}…", f"Making the {kind}…"))
        self.export(job)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def export(self, job: ExportJob) -> Outcome:
        """The thread: build and write, then tell the app (app.notify is safe from any thread)."""
        app = job.app
        try:
            outcome = run_job(job)
        except Exception as e:  # a bug, not a user mistake: say so in one line, keep the app up
            app.notify(
                app.t(
                    f"导出失败：{type(e).__name__}: {e}", f"Export failed: {type(e).__name__}: {e}"
                ),
                severity="error",
                timeout=8,
                markup=False,
            )
            raise
        if outcome.error is not None:
            app.notify(outcome.error.text(app.lang), severity="error", timeout=8, markup=False)
        else:
            app.notify(app.t(f"已写入 {outcome.path}", f"Wrote {outcome.path}"), markup=False)
        return outcome

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "export" or event.state in (
            WorkerState.PENDING,
            WorkerState.RUNNING,
        ):
            return
        outcome = event.worker.result
        if event.state == WorkerState.SUCCESS and isinstance(outcome, Outcome):
            if outcome.path is not None:
                name = outcome.path.name
                self._set_busy(False, (f"已写入 {name}", f"Wrote {name}"))
                self._check_path()
            elif outcome.error is not None:
                err = outcome.error
                self._set_busy(False, (err.text("zh"), err.text("en")), error=True)
        else:
            self._set_busy(False, ("导出失败", "Export failed"), error=True)

    def _progress_from_thread(self, zh: str, en: str) -> None:
        """Slow one-off work the renderer reports (the first PDF's font subset, 10-20 s)."""
        self.app.call_from_thread(self._progress, zh, en)

    def _progress(self, zh: str, en: str) -> None:
        if self.busy and self.is_attached:
            self.status = (zh, en)
            self._show_status()

    def _set_busy(self, busy: bool, status: tuple[str, str], *, error: bool = False) -> None:
        self.busy = busy
        self.status, self.status_error = status, error
        self.query_one("#export-busy").display = busy
        self.query_one("#save", Button).disabled = busy
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        if busy:  # issue 19: a long job shows it is still going, second by second
            self._started = time.monotonic()
            self._ticker = self.set_interval(1.0, self._show_status)
        self._show_status()

    def _show_status(self) -> None:
        shown = self.t(*self.status) if self.status else ""
        waited = int(time.monotonic() - self._started)
        if self.busy and waited >= 1:
            shown += self.t(f"（{waited} 秒）", f" ({waited} s)")
        if self.status and not self.busy:
            shown = ("✗ " if self.status_error else "✓ ") + shown
        status = self.query_one("#export-status", Static)
        status.update(shown)
        status.set_class(self.status_error, "error")
