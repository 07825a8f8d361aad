"""WeasyPrint's import and one PDF from HTML: all the warm render worker (vendorcheck.render.worker)
needs, so the worker no longer imports the package that imports it (issue 20)."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path
from typing import Any

from vendorcheck.paths import reports_dir


def _no_search(name: str) -> None:
    return None


def import_weasyprint() -> Any:
    """`import weasyprint`, without the compiler runs its library loading costs on Linux.

    WeasyPrint asks cffi for each library under several names (`libpango-1.0-0`,
    `pango-1.0`, … `libpango-1.0.so.0`) and cffi hands every name the dynamic linker refuses
    to `ctypes.util.find_library`, which on Linux runs `ldconfig -p`, `gcc` and `ld`: ~80
    subprocesses. The soname in each list is loaded by the dynamic linker directly, so during
    the import the search answers "not found" at once; should a library be reachable only
    through that search, the import runs again the ordinary way.

    Kept, scoped to the import and undone in `finally` (issue 20 measured it, medians of 11
    interleaved runs): the import alone 361 ms with it, 581 ms without; a two-vendor PDF from
    the CLI 1050 ms with it, 1208 ms without (CPU 1019 vs 1136 ms). In the TUI the warm render
    worker, a child process, pays it instead of the app."""
    import ctypes.util

    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # type: ignore[import-untyped]

        return weasyprint
    real = ctypes.util.find_library
    ctypes.util.find_library = _no_search
    try:
        # WeasyPrint prints its install help before it re-raises a failed load.
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except OSError:
        pass  # a library only the search finds: imported again below, the ordinary way
    finally:
        ctypes.util.find_library = real
    import weasyprint  # already loaded unless the first attempt failed

    return weasyprint


_parked = False  # the last PDF's boxes wait, frozen, to be collected at the next one


def pdf_bytes(html: str, allowed: list[Path]) -> bytes:
    """WeasyPrint, imported here only: it costs about half a second to import."""
    import gc

    global _parked
    weasyprint = import_weasyprint()
    if _parked:  # a long-lived process (the TUI): free the previous report's boxes first
        gc.unfreeze()
        gc.collect()
    # Objects created by the import live as long as the process: keep the GC off them.
    gc.freeze()
    from vendorcheck.render.fetcher import allow_only

    fetcher = allow_only(allowed, [reports_dir() / "assets"])
    # The box tree is hundreds of thousands of objects and no garbage worth collecting until
    # the PDF is written; each collection would walk all of them. Afterwards the tree is
    # cyclic garbage: it is parked in the frozen generation rather than walked now (~0.1 s),
    # so a one-report process exits without collecting it and a long-lived one frees it at
    # its next PDF (above), before the new tree exists.
    collecting = gc.isenabled()
    gc.disable()
    try:
        doc = weasyprint.HTML(string=html, base_url=str(reports_dir()), url_fetcher=fetcher)
        pdf = bytes(doc.render().write_pdf())
        del doc
        gc.freeze()
        _parked = True
        return pdf
    finally:
        if collecting:
            gc.enable()
