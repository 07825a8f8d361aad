"""Chinese-aware full-text tokens for SQLite FTS5 (unicode61), as pure functions.

FTS5's trigram tokenizer cannot find 1- and 2-character Chinese words such as 贷款 (MATCH needs
3 characters, and on SQLite 3.40 LIKE through a trigram index silently returns nothing), and
unicode61 keeps a whole run of Chinese characters as one token. So text is stored as overlapping
character pairs: each run of CJK characters becomes its 2-character tokens plus the run's last
character (`店铺贷款` -> `店铺 铺贷 贷款 款`); other text is left for unicode61 to split into words.
A query is tokenised the same way and matched as one phrase, so a Chinese query of any length is
found exactly where it is a substring. Latin text is matched by words and word prefixes.
"""

from __future__ import annotations

import functools
import re

# CJK ideographs (unified, extension A, compatibility), kana and hangul: scripts written without
# spaces between words.
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(r"\w", re.UNICODE)


@functools.cache
def _cjk_runs() -> re.Pattern[str]:
    """Compiled on first use: its character ranges make a 64K-entry map (~5 ms), which the
    TUI's start (the store registers `bigrams` on its connection) should not pay."""
    return re.compile(f"[{_CJK}]+")


def _run_tokens(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def bigrams(text: str | None) -> str:
    """The text FTS5 indexes: CJK runs as overlapping pairs, everything else unchanged."""
    if not text:
        return ""
    return _cjk_runs().sub(_spaced_pairs, text)


def _spaced_pairs(m: re.Match[str]) -> str:
    return " " + " ".join(_run_tokens(m.group())) + " "


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression finding documents that contain `text` (None: nothing to match).

    Candidates, not proof: callers keep only rows where `text` really is a substring (a phrase
    also matches across punctuation, e.g. `KPI 考核` for the query `KPI考核`).
    """
    tokens: list[str] = []
    pos = 0
    runs = list(_cjk_runs().finditer(text))
    for m in runs:
        tokens += _words(text[pos : m.start()])
        run = m.group()
        tail_is_run = m.end() == len(text.rstrip())
        # A query ending in a CJK run must not demand the run's lone last character as a token:
        # in the document that character pairs with whatever follows it.
        tokens += _run_tokens(run)[:-1] if tail_is_run and len(run) > 1 else _run_tokens(run)
        pos = m.end()
    tokens += _words(text[pos:])
    if not tokens:
        return None
    phrase = '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'
    # The last token may be the start of a longer one: 贷 of 贷款, KP of KPI.
    return phrase + " *"


def _words(segment: str) -> list[str]:
    """unicode61's words of a non-CJK segment (letters, digits; the rest separates)."""
    out: list[str] = []
    word = ""
    for ch in segment:
        if _WORD.match(ch) and ch != "_":
            word += ch.lower()
        elif word:
            out.append(word)
            word = ""
    if word:
        out.append(word)
    return out
