"""User text that is shown where its invisible characters could mislead: file names, reports.

A vendor named "速达\u202egpj.exe" (U+202E RIGHT-TO-LEFT OVERRIDE) reads as "速达exe.jpg" and
reverses whatever follows it on the line; a NUL cuts a file name short in C libraries. The
controls are removed everywhere we print such text; HTML and PDF also isolate the text that
carried them in <bdi>. Removing matters even there: a vendor's name is set inside our own
sentences ("We advise against X: ..."), where an override it opened would run on to the end,
and WeasyPrint lays <bdi> out inline, without isolation.
"""

from __future__ import annotations

import re

# Embeddings, overrides and isolates (and their terminators), plus the three invisible marks.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_C0 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # control characters but tab and newlines
_ANY_CONTROL = re.compile(f"[\x00-\x1f\x7f{BIDI_CONTROLS}]")


def for_file_name(text: str) -> str:
    """No control character of any kind (NUL, newlines, bidi) survives into a file name."""
    return _ANY_CONTROL.sub("", text)


def has_bidi(text: str) -> bool:
    return _BIDI.search(text) is not None


def strip_controls(text: str) -> str:
    """Bidi controls and C0 controls (NUL included) removed; tabs and newlines kept."""
    return _C0.sub("", _BIDI.sub("", text))
