"""Bytes a user hands us -> text, naming the encoding it was in.

Notepad, WPS and older Office on Chinese Windows save "ANSI" text as GBK/GB18030 (Big5 on
Traditional systems) and "Unicode" as UTF-16; refusing those files sends the merchant off to
convert them by hand, so we read them. The order matters: a byte-order mark is proof, strict
UTF-8 almost never matches anything else by accident, and only then is the encoding guessed
(charset-normalizer), among the few encodings such files really come in.
"""

from __future__ import annotations

import codecs

from vendorcheck.core.errors import UserError

# (BOM, codec, name shown): UTF-32 first, its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# What charset-normalizer may choose from. GBK is a subset of GB18030, so GB18030 reads both.
GUESSED = ("gb18030", "big5", "utf_16_le", "utf_16_be")
_SHOWN = {"gb18030": "gb18030", "big5": "big5", "utf_16_le": "utf-16", "utf_16_be": "utf-16"}


def decode(data: bytes, where: str) -> tuple[str, str]:
    """(text, encoding name) of `data`; a file in no encoding we know is a one-line user error."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError as e:
                raise _undecodable(where, f"{name}, {e.reason}") from None
    wide = _utf16_without_bom(data)
    if wide is not None:
        return wide, "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guessed = _guess(data)
    if guessed is None:
        raise _undecodable(where, "")
    return guessed


def _utf16_without_bom(data: bytes) -> str | None:
    """Latin-script UTF-16 is valid UTF-8 (a NUL after every letter), so it is recognised
    first: by its NULs, nearly all in the high byte of each pair."""
    if len(data) % 2 or b"\x00" not in data:
        return None
    high_first, high_last = data[0::2].count(0), data[1::2].count(0)
    enough = max(4, len(data) // 4)  # Latin text: about len/2; a stray NUL or two is not this
    if high_first >= enough and high_first > 4 * high_last:
        codec = "utf-16-be"
    elif high_last >= enough and high_last > 4 * high_first:
        codec = "utf-16-le"
    else:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=list(GUESSED)))
    if not matches:
        return None
    best = min(matches, key=lambda m: m.chaos)
    # A short text can read as either Chinese encoding with no tell-tale sign: mainland
    # merchants (most of ours) mean GBK, so a tie goes to GB18030.
    for m in matches:
        if m.encoding == "gb18030" and m.chaos <= best.chaos:
            best = m
    return str(best), _SHOWN.get(best.encoding, best.encoding)


def _undecodable(where: str, detail: str) -> UserError:
    tried = "UTF-8, GB18030/GBK, Big5, UTF-16"
    en = f"not text in a known encoding (tried {tried}{'; ' + detail if detail else ''}); save it as UTF-8 text"
    zh = f"无法识别文本编码（已尝试 {tried}{'；' + detail if detail else ''}）；请另存为 UTF-8 文本"
    return UserError(en, zh, where=where)
