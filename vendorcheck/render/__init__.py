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
from vendorcheck.core.errors import UserError
from vendorcheck.paths import reports_dir, user_templates_dir
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


def user_folder(templates: Path | None = None) -> Path | None:
    """The folder searched before the shipped templates: `templates` (`--templates DIR`, which
    must exist), else the `templates` folder in the user's config folder when there is one."""
    if templates is not None:
        folder = templates.expanduser()
        if not folder.is_dir():
            raise UserError(
                "templates folder not found",
                "找不到模板文件夹",
                where=str(folder),
            )
        return folder.resolve()
    default = user_templates_dir()
    return default.resolve() if default.is_dir() else None


@cache
def _env(user: Path | None = None) -> jinja2.Environment:
    """One environment per user folder: its templates first, the shipped ones second (as
    Datasette's --template-dir). Autoescaping goes by the template's name, so a user's
    `_sign_off.html.j2` is escaped exactly as ours is."""
    import jinja2

    shipped = jinja2.FileSystemLoader(str(reports_dir()))
    loader: jinja2.BaseLoader = shipped
    if user is not None:
        loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(user)), shipped])
    env = jinja2.Environment(
        loader=loader,
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


def _render(template: str, context: dict[str, Any], user: Path | None) -> str:
    """`template` rendered; a fault in one of the user's templates (a syntax error, a missing
    include, an unknown name) is a UserError naming that file and line, not a traceback."""
    try:
        return _env(user).get_template(template).render(context)
    except Exception as exc:
        where = _user_frame(exc, user)
        if where is None:
            raise
        raise UserError(
            f"report template: {_reason(exc)}", f"报告模板有误：{_reason(exc)}", where=where
        ) from None


def _user_frame(exc: Exception, user: Path | None) -> str | None:
    """`file:line` of the innermost user template in `exc` (Jinja rewrites tracebacks so
    template frames carry the template's file and line), or None for a fault of ours."""
    import jinja2

    if user is None:
        return None
    inside = str(user) + os.sep
    if isinstance(exc, jinja2.TemplateSyntaxError) and (exc.filename or "").startswith(inside):
        return f"{exc.filename}:{exc.lineno}"
    found = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.startswith(inside):
            found = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _reason(exc: Exception) -> str:
    import jinja2

    if isinstance(exc, jinja2.TemplateNotFound):
        return f"no template named {exc.name!r}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.message or "syntax error"
    return " ".join(str(exc).split()) or type(exc).__name__


def render_page(template: str, **context: Any) -> str:
    """Any other page from `reports/` through the same autoescaping environment (the vendor's
    questionnaire form): user text is text, never markup."""
    return _render(template, context, user_folder())


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


def render_html(
    data: ReportData,
    *,
    for_pdf: bool,
    faces: tuple[fonts.Face, ...] = (),
    templates: Path | None = None,
) -> str:
    """The report as one HTML document with its CSS inlined.

    For the PDF the logo and the prepared font `faces` are file URLs the fetcher allows;
    standalone HTML embeds the logo as data and leaves fonts to the reader's browser.
    `templates` is the user's folder of overrides (`--templates DIR`), see `user_folder`.
    """
    user = user_folder(templates)
    ctx = build_context(data)
    logo = data.brand.logo_path if data.brand else None
    ctx["logo_src"] = (logo.as_uri() if logo else "") if for_pdf else _logo_data_uri(logo)
    faces = faces if for_pdf else ()
    ctx["css"] = fonts.face_css(faces) + _css(user)
    ctx["font_stack"] = fonts.font_stack(faces)
    ctx["for_pdf"] = for_pdf
    return _render("report.html.j2", ctx, user)


def _css(user: Path | None) -> str:
    """report.css from the user's folder when it has one, else ours (print styles only: the
    PDF's fetcher still loads nothing but bundled assets and the logo)."""
    if user is not None and (user / "report.css").is_file():
        return (user / "report.css").read_text(encoding="utf-8")
    return (reports_dir() / "report.css").read_text(encoding="utf-8")


def render_markdown(data: ReportData, templates: Path | None = None) -> str:
    return _render("report.md.j2", build_context(data), user_folder(templates))


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


def render(
    data: ReportData,
    fmt: str,
    notify: Callable[[str, str], None] | None = None,
    templates: Path | None = None,
) -> bytes:
    """The report in `fmt` (pdf, html, md, json). `notify(zh, en)` hears about slow one-off
    work (preparing the font subset on a machine's first PDF); `templates` is the user's folder
    of template overrides (else the config folder's `templates`, see `user_folder`)."""
    if fmt == "json":
        text = json.dumps(data.to_json(), ensure_ascii=False, indent=2, default=str) + "\n"
        return text.encode("utf-8")
    if fmt == "md":
        return render_markdown(data, templates).encode("utf-8")
    if fmt == "html":
        return render_html(data, for_pdf=False, templates=templates).encode("utf-8")
    user_folder(templates)  # a missing folder fails before the slow work
    from vendorcheck.render import worker

    if worker.current() is None:  # the warm renderer (TUI) has WeasyPrint loaded already
        import_weasyprint()
    faces = fonts.subset_faces(notify=notify) if fonts.cjk_families() else ()
    html = render_html(data, for_pdf=True, faces=faces, templates=templates)
    _check_fonts({"lang": data.lang}, html)
    return html_to_pdf(html, data, faces)
