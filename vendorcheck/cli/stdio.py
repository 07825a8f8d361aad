"""`-` for standard input and output wherever a command reads or writes a file (issue 20).

One mechanism for every command: the services keep reading and writing paths (their checks of
size, format and encoding stay the same), and for `-` the command hands them a temporary file,
filled from stdin before or copied to stdout after. Errors that name the temporary file name
`<stdin>` / `<stdout>` instead. A binary format (PDF, .docx, an evidence file) goes to stdout
only when stdout is not a terminal.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from vendorcheck.core.errors import UserError

STDIO = "-"
STDIN_NAME = "<stdin>"
STDOUT_NAME = "<stdout>"


def is_stdio(path: Path | str | None) -> bool:
    return path is not None and str(path) == STDIO


def shown(path: Path | None, *, output: bool = False) -> str:
    """How messages name `path`: `<stdin>` / `<stdout>` for `-`."""
    if is_stdio(path):
        return STDOUT_NAME if output else STDIN_NAME
    return str(path)


def document_suffix(data: bytes) -> str:
    """A contract piped in: PDF and .docx (a zip) by their first bytes, else text."""
    if data.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return ".docx"
    return ".txt"


def structured_suffix(data: bytes) -> str:
    """An answers file or export piped in: JSON when it opens with { or [, else YAML."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return ".json" if head in (b"{", b"[") else ".yaml"


def workbook_suffix(data: bytes) -> str:
    """A filled questionnaire piped in: an Excel workbook (a zip) or the form's JSON."""
    return ".xlsx" if data.startswith(b"PK\x03\x04") else ".json"


@contextmanager
def _named(tmp: Path, name: str) -> Iterator[None]:
    try:
        yield
    except UserError as e:
        for attr in ("where", "en", "zh"):
            value = getattr(e, attr)
            if value:
                setattr(e, attr, value.replace(str(tmp), name))
        raise


@contextmanager
def reading(path: Path, sniff: Callable[[bytes], str]) -> Iterator[Path]:
    """`path` itself, or for `-` stdin in a temporary file whose suffix `sniff` picks."""
    if not is_stdio(path):
        yield path
        return
    if sys.stdin is None or sys.stdin.isatty():
        raise UserError(
            "- reads standard input, but it is a terminal: pipe the file in "
            "(vendorcheck ... - < FILE) or name the file",
            "- 表示从标准输入读取，但标准输入是终端：请用管道传入文件（vendorcheck ... - < 文件）或直接写文件名",
            where=STDIN_NAME,
        )
    data = sys.stdin.buffer.read()
    with tempfile.TemporaryDirectory(prefix="vendorcheck-") as folder:
        tmp = Path(folder) / f"stdin{sniff(data)}"
        tmp.write_bytes(data)
        with _named(tmp, STDIN_NAME):
            yield tmp


@contextmanager
def writing(path: Path, *, suffix: str = "", binary: bool = False) -> Iterator[Path]:
    """`path` itself, or for `-` a temporary file (named with `suffix`, which picks the format
    where the extension does) whose bytes go to stdout once the command has written it."""
    if not is_stdio(path):
        yield path
        return
    if binary and sys.stdout.isatty():
        raise UserError(
            f"will not write a binary {suffix or 'file'} to the terminal; "
            "redirect it (> FILE, | program) or give a file name",
            f"不会把二进制{suffix or '文件'}输出到终端；请重定向（> 文件、| 程序）或给出文件名",
            where=STDOUT_NAME,
        )
    with tempfile.TemporaryDirectory(prefix="vendorcheck-") as folder:
        tmp = Path(folder) / f"stdout{suffix}"
        with _named(tmp, STDOUT_NAME):
            yield tmp
        sys.stdout.flush()
        sys.stdout.buffer.write(tmp.read_bytes())
        sys.stdout.buffer.flush()
