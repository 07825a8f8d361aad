"""A warm PDF renderer in a child process, for long-lived front ends (the TUI; issue 19, item 8).

Rendering in a thread of the TUI took 3-4x the command line's time: the report's layout shares
one interpreter lock with Textual's event loop, and a cold WeasyPrint pays its import, library
loading and first font loads on the merchant's click. `start()` spawns this module as a child
when the app opens; the child imports WeasyPrint, loads the fonts and lays out a small page
while the merchant works, then waits for jobs on its stdin. `render.html_to_pdf` hands it the
HTML (built in the parent, so both paths print the same document) and gets the PDF bytes back.

Wire format, both ways: a 4-byte big-endian length, then the body. A job's body is JSON
(`html`, `allowed`: the files the fetcher may load); a reply is one status byte (`+` the PDF,
`-` an error text) and the bytes. The child keeps its last PDF: a job identical to the last one
(the export that follows a render ahead, render.render_ahead) is answered without rendering.
Any failure of the child makes `render` return None and the
caller renders in-process, as before: the worker only ever saves time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

_current: WarmRenderer | None = None
_LEN = struct.Struct(">I")


class WarmRenderer:
    """The parent's handle on one child; one job at a time (a lock), from any thread."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc = proc
        self.lock = threading.Lock()

    def render(self, html: str, allowed: list[Path]) -> bytes | None:
        """The PDF, or None when the child is gone or failed (the caller renders itself)."""
        job = json.dumps({"html": html, "allowed": [str(p) for p in allowed]}).encode("utf-8")
        with self.lock:
            if self.proc.poll() is not None or self.proc.stdin is None or not self.proc.stdout:
                return None
            try:
                _send(self.proc.stdin, job)
                reply = _receive(self.proc.stdout)
            except (OSError, EOFError, ValueError):
                return None
        if reply is None or reply[:1] != b"+":
            return None
        return reply[1:]

    def stop(self) -> None:
        """End the child now: it holds nothing to save (a job in flight is the caller's, who
        renders it in-process when the reply does not come)."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()


def start() -> WarmRenderer | None:
    """Spawn the warm child (once per process); None when it cannot be started."""
    global _current
    if _current is not None and _current.proc.poll() is None:
        return _current
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "vendorcheck.render.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )
    except OSError:
        return None
    _current = WarmRenderer(proc)
    return _current


def current() -> WarmRenderer | None:
    """The running warm child of this process, if one was started and is alive."""
    return _current if _current is not None and _current.proc.poll() is None else None


def stop() -> None:
    global _current
    if _current is not None:
        _current.stop()
        _current = None


def _send(out: IO[bytes], body: bytes) -> None:
    out.write(_LEN.pack(len(body)) + body)
    out.flush()


def _receive(src: IO[bytes]) -> bytes | None:
    head = src.read(_LEN.size)
    if len(head) < _LEN.size:
        return None
    (n,) = _LEN.unpack(head)
    body = src.read(n)
    if len(body) < n:
        return None
    return body


# --- the child -------------------------------------------------------------------------------

WARM_UP = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}
html {{ font-family: {stack}; }}</style></head><body><section class="chapter">
<h1>服务商评估 Vendor report</h1><p class="recommendation">建议优先考虑：结论为“推荐”（98.1 分，A 级）。
</p><table class="answers"><colgroup><col style="width: 30%"><col style="width: 70%"></colgroup>
<thead><tr><th>问题</th><th>回答</th></tr></thead><tbody><tr><td>合同是否禁止贷款？</td>
<td><strong>是</strong> 1,234.5 ¥ — ①②</td></tr></tbody></table></section></body></html>"""


def _warm_up() -> None:
    """What the first report pays otherwise: the import, fontconfig's answers, the prepared
    faces read and shaped once, WeasyPrint's style and layout code run once."""
    from vendorcheck.paths import reports_dir
    from vendorcheck.render import fonts, pdf

    pdf.import_weasyprint()
    faces = fonts.subset_faces(build=False) if fonts.cjk_families() else ()
    css = fonts.face_css(faces) + (reports_dir() / "report.css").read_text(encoding="utf-8")
    html = WARM_UP.format(css=css, stack=fonts.font_stack(faces))
    pdf.pdf_bytes(html, [f.path for f in faces])


def serve(src: IO[bytes], out: IO[bytes]) -> None:
    """Render jobs until the parent closes the pipe."""
    from vendorcheck.render.pdf import pdf_bytes

    last: tuple[bytes, bytes] | None = None  # (SHA-256 of a job, its PDF): see render_ahead
    while (body := _receive(src)) is not None:
        try:
            key = hashlib.sha256(body).digest()
            if last is not None and last[0] == key:
                _send(out, b"+" + last[1])  # the same job again: the report rendered ahead
                continue
            job = json.loads(body)
            pdf = pdf_bytes(job["html"], [Path(p) for p in job["allowed"]])
            last = (key, pdf)
            _send(out, b"+" + pdf)
        except Exception as e:  # the parent renders itself and shows the error as usual
            _send(out, b"-" + f"{type(e).__name__}: {e}".encode())


def main() -> None:
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # nothing a library prints, from Python or C, can corrupt the replies
    sys.stdout = sys.stderr
    with contextlib.suppress(Exception):  # a cold child still renders; jobs show the errors
        _warm_up()
    serve(sys.stdin.buffer, out)


if __name__ == "__main__":
    main()
