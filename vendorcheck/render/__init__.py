"""Report renderer: ReportData -> PDF (WeasyPrint), standalone HTML, Markdown or JSON.

Templates, CSS and bundled assets live in the `reports/` data folder (vendorcheck.paths). Jinja2
autoescapes HTML, so vendor names, notes and evidence are always text, never markup; the PDF's
URL fetcher (vendorcheck.render.fetcher) loads nothing but bundled assets and the brand's logo.
"""

from __future__ import annotations

import base64
import contextlib
import json
import mimetypes
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vendorcheck.core import safe_text
from vendorcheck.paths import reports_dir
from vendorcheck.render import fonts
from vendorcheck.render.context import build_context
from vendorcheck.render.pdf import import_weasyprint, pdf_bytes

if TYPE_CHECKING:
    from collections.abc import Callable

    import jinja2

    from vendorcheck.view.report import ReportData


__all__ = [
    "html_to_pdf",
    "import_weasyprint",
    "pdf_bytes",
    "render",
    "render_html",
    "render_markdown",
    "render_page",
]


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user cache: compiling report.html.j2 takes ~0.1 s of
    every report otherwise. Jinja checks the source's checksum, so an edited template is
    recompiled; an unwritable cache only means compiling every time."""
    import jinja2

    class QuietCache(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    folder = fonts.cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return QuietCache(str(folder)) if os.access(folder, os.W_OK) else None


@cache
def _env() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(reports_dir())),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
        finalize=jinja2.pass_eval_context(_isolate),
    )
    env.filters["md"] = md_escape
    env.filters["plain"] = safe_text.strip_controls  # attributes and <title>: no markup there
    return env


def render_page(template: str, **context: Any) -> str:
    """Any other page from `reports/` through the same autoescaping environment (the vendor's
    questionnaire form): user text is text, never markup."""
    return _env().get_template(template).render(**context)


def _isolate(eval_ctx: Any, value: Any) -> Any:
    """Every value printed by a template: bidi and other control characters removed (a vendor
    name with U+202E cannot reorder the report around it); in HTML, text that carried bidi
    controls is also isolated in <bdi>. Text without them is printed as it is."""
    import markupsafe

    if not isinstance(value, str) or isinstance(value, markupsafe.Markup):
        return value
    clean = safe_text.strip_controls(value)
    if eval_ctx.autoescape and safe_text.has_bidi(value):
        return markupsafe.Markup("<bdi>%s</bdi>") % clean
    return clean


def md_escape(value: Any) -> str:
    """User text inside Markdown: one line, no markup, no raw HTML, table pipes kept literal.

    Values only ever appear mid-line (in cells and after list markers), so line-start markers
    such as `#`, `+` or `1.` need no escape; links need `[`, which is escaped."""
    text = " ".join(safe_text.strip_controls(str(value)).split())
    entities = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
    out = []
    for ch in text:
        if ch in entities:
            out.append(entities[ch])
        elif ch in "\\`*_[]|~":  # what can start markup mid-line: emphasis, code, links, cells
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _logo_data_uri(path: Path | None) -> str:
    if path is None:
        return ""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _check_fonts(ctx: dict[str, Any], html: str) -> None:
    if ctx["lang"] == "zh" or fonts.needs_cjk(html):
        fonts.require_cjk()


def render_html(data: ReportData, *, for_pdf: bool, faces: tuple[fonts.Face, ...] = ()) -> str:
    """The report as one HTML document with its CSS inlined.

    For the PDF the logo and the prepared font `faces` are file URLs the fetcher allows;
    standalone HTML embeds the logo as data and leaves fonts to the reader's browser.
    """
    ctx = build_context(data)
    logo = data.brand.logo_path if data.brand else None
    ctx["logo_src"] = (logo.as_uri() if logo else "") if for_pdf else _logo_data_uri(logo)
    faces = faces if for_pdf else ()
    ctx["css"] = fonts.face_css(faces) + (reports_dir() / "report.css").read_text(encoding="utf-8")
    ctx["font_stack"] = fonts.font_stack(faces)
    ctx["for_pdf"] = for_pdf
    return _env().get_template("report.html.j2").render(ctx)


def render_markdown(data: ReportData) -> str:
    ctx = build_context(data)
    return _env().get_template("report.md.j2").render(ctx)


def html_to_pdf(html: str, data: ReportData, faces: tuple[fonts.Face, ...] = ()) -> bytes:
    """The PDF of `html`, loading only the brand's logo and the prepared `faces`. In a process
    that started the warm render worker (the TUI, vendorcheck.render.worker), the worker makes
    it: WeasyPrint and the fonts are loaded there already, and the UI thread keeps its core."""
    allowed = _allowed(data, faces)
    from vendorcheck.render import worker

    warm = worker.current()
    if warm is not None:
        pdf = warm.render(html, allowed)
        if pdf is not None:
            return pdf
    return pdf_bytes(html, allowed)


def _allowed(data: ReportData, faces: tuple[fonts.Face, ...]) -> list[Path]:
    """The only files a report's PDF may load: the brand's logo and the prepared faces."""
    allowed = [p for p in (data.brand.logo_path if data.brand else None,) if p is not None]
    return allowed + [f.path for f in faces]


def render_ahead(data: ReportData) -> bool:
    """Have the warm renderer (the TUI's child, render.worker) make `data`'s PDF now, while the
    merchant is still looking at the export form; it keeps the PDF of its last job, so the
    export that follows with the same HTML gets the bytes at once (issue 19, item 8). False,
    doing nothing, without a warm renderer or a prepared font subset: the ahead-of-time work
    never runs in the app's own process and never builds the subset (that stays the export's,
    with its progress shown)."""
    from vendorcheck.render import worker

    warm = worker.current()
    if warm is None or not fonts.cjk_families():
        return False
    faces = fonts.subset_faces(build=False)
    html = render_html(data, for_pdf=True, faces=faces)
    return warm.render(html, _allowed(data, faces)) is not None


def render(data: ReportData, fmt: str, notify: Callable[[str, str], None] | None = None) -> bytes:
    """The report in `fmt` (pdf, html, md, json). `notify(zh, en)` hears about slow one-off
    work (preparing the font subset on a machine's first PDF)."""
    if fmt == "json":
        text = json.dumps(data.to_json(), ensure_ascii=False, indent=2, default=str) + "\n"
        return text.encode("utf-8")
    if fmt == "md":
        return render_markdown(data).encode("utf-8")
    if fmt == "html":
        return render_html(data, for_pdf=False).encode("utf-8")
    from vendorcheck.render import worker

    if worker.current() is None:  # the warm renderer (TUI) has WeasyPrint loaded already
        import_weasyprint()
    faces = fonts.subset_faces(notify=notify) if fonts.cjk_families() else ()
    html = render_html(data, for_pdf=True, faces=faces)
    _check_fonts({"lang": data.lang}, html)
    return html_to_pdf(html, data, faces)
