"""Report renderer: ReportData -> PDF (WeasyPrint), standalone HTML, Markdown or JSON.

Templates, CSS and bundled assets live in the `reports/` data folder (vendorcheck.paths). Jinja2
autoescapes HTML, so vendor names, notes and evidence are always text, never markup; the PDF's
URL fetcher (vendorcheck.render.fetcher) loads nothing but bundled assets and the brand's logo.
"""

from __future__ import annotations

import base64
import json
import mimetypes
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vendorcheck.paths import reports_dir
from vendorcheck.render import fonts
from vendorcheck.render.context import build_context

if TYPE_CHECKING:
    import jinja2

    from vendorcheck.services.reporting import ReportData

__all__ = ["html_to_pdf", "render", "render_html", "render_markdown"]


@cache
def _env() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(reports_dir())),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    return env


def md_escape(value: Any) -> str:
    """User text inside Markdown: one line, no markup, no raw HTML, table pipes kept literal."""
    text = " ".join(str(value).split())
    entities = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
    out = []
    for ch in text:
        if ch in entities:
            out.append(entities[ch])
        elif ch in "\\`*_{}[]()#+!|~":
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


def render_html(data: ReportData, *, for_pdf: bool) -> str:
    """The report as one HTML document with its CSS inlined.

    For the PDF the logo is a file URL the fetcher allows; standalone HTML embeds it as data.
    """
    ctx = build_context(data)
    logo = data.brand.logo_path if data.brand else None
    ctx["logo_src"] = (logo.as_uri() if logo else "") if for_pdf else _logo_data_uri(logo)
    ctx["css"] = (reports_dir() / "report.css").read_text(encoding="utf-8")
    ctx["font_stack"] = fonts.font_stack()
    ctx["for_pdf"] = for_pdf
    return _env().get_template("report.html.j2").render(ctx)


def render_markdown(data: ReportData) -> str:
    ctx = build_context(data)
    return _env().get_template("report.md.j2").render(ctx)


def html_to_pdf(html: str, data: ReportData) -> bytes:
    """WeasyPrint, imported here only: it costs about half a second to import."""
    import gc

    import weasyprint

    # Objects created by the import live as long as the process: keep the GC off them.
    gc.freeze()
    from vendorcheck.render.fetcher import allow_only

    allowed = [p for p in (data.brand.logo_path if data.brand else None,) if p is not None]
    fetcher = allow_only(allowed, [reports_dir() / "assets"])
    doc = weasyprint.HTML(string=html, base_url=str(reports_dir()), url_fetcher=fetcher).render()
    return bytes(doc.write_pdf())


def render(data: ReportData, fmt: str) -> bytes:
    if fmt == "json":
        text = json.dumps(data.to_json(), ensure_ascii=False, indent=2, default=str) + "\n"
        return text.encode("utf-8")
    if fmt == "md":
        return render_markdown(data).encode("utf-8")
    html = render_html(data, for_pdf=fmt == "pdf")
    if fmt == "html":
        return html.encode("utf-8")
    ctx_lang = {"lang": data.lang}
    _check_fonts(ctx_lang, html)
    return html_to_pdf(html, data)
