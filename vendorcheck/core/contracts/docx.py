"""The text of a Word document from its XML parts, as a reader of the contract sees it.

Pure (bytes in, text out; services.contracts reads the zip with its size limits). Two things a
plain walk over every <w:p> got wrong (issue 20):

- Word's automatic numbering (`第一条`, `1.`, `(a)`) is not in the text runs: it comes from
  numbering.xml through the paragraph's own <w:numPr> or its style's. It is rebuilt here, so a
  finding's article number is the one the merchant sees in Word.
- A text box is written twice (<mc:Choice> for new Word, <mc:Fallback> VML for old readers), and
  its paragraphs sit inside the paragraph that anchors it. Fallbacks are skipped, and a text
  box's paragraphs follow their anchor paragraph as paragraphs of their own, not glued to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
TXBX = f"{W}txbxContent"
DIGITS = "零一二三四五六七八九"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (as Word's chineseCounting writes them)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" if rest < 10 else "") + chinese_number(rest)
        if 10 <= rest < 20:
            tail = "一" + tail  # 一百一十五
        return DIGITS[n // 100] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One level's number in Word's w:numFmt (unknown formats fall back to decimal)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified"):
        return chinese_number(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return HEAVENLY_STEMS[n - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    conversions = {
        "lowerLetter": _letters,
        "upperLetter": lambda k: _letters(k).upper(),
        "lowerRoman": lambda k: _roman(k).lower(),
        "upperRoman": _roman,
    }
    return conversions.get(fmt, str)(n)


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False  # w:isLgl: every level's number in decimal (一.1 becomes 1.1)


@dataclass
class Numbering:
    """numbering.xml and the numbered paragraph styles, and the counters while reading."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> Level
    starts: dict[tuple[str, int], int] = field(default_factory=dict)  # startOverride
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        count = self.counters.setdefault(num_id, {})
        lvl = levels[ilvl]
        start = self.starts.get((num_id, ilvl), lvl.start)
        count[ilvl] = count[ilvl] + 1 if ilvl in count else start
        for deeper in [k for k in count if k > ilvl]:
            del count[deeper]  # a new article restarts its points
        if lvl.fmt in ("bullet", "none"):
            return ""  # a bullet is no number a clause is cited by
        text = lvl.text
        for k in range(ilvl + 1):
            inner = levels.get(k, Level())
            n = count.get(k, self.starts.get((num_id, k), inner.start))
            fmt = "decimal" if lvl.legal else inner.fmt
            text = text.replace(f"%{k + 1}", format_number(n, fmt))
        return text


def _val(el: ET.Element | None, default: str = "") -> str:
    return el.get(f"{W}val", default) if el is not None else default


def read_numbering(numbering_xml: bytes | None, styles_xml: bytes | None) -> Numbering:
    nb = Numbering()
    if numbering_xml:
        root = ET.fromstring(numbering_xml)
        abstract: dict[str, dict[int, Level]] = {}
        for a in root.iter(f"{W}abstractNum"):
            levels = abstract.setdefault(a.get(f"{W}abstractNumId", ""), {})
            for lvl in a.iter(f"{W}lvl"):
                start = _val(lvl.find(f"{W}start"), "1")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = Level(
                    fmt=_val(lvl.find(f"{W}numFmt"), "decimal"),
                    text=_val(lvl.find(f"{W}lvlText"), ""),
                    start=int(start) if start.isdigit() else 1,
                    legal=lvl.find(f"{W}isLgl") is not None,
                )
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId", "")
            nb.levels[num_id] = abstract.get(_val(num.find(f"{W}abstractNumId")), {})
            for o in num.iter(f"{W}lvlOverride"):
                start = _val(o.find(f"{W}startOverride"))
                if start.isdigit():
                    nb.starts[(num_id, int(o.get(f"{W}ilvl", "0")))] = int(start)
    if styles_xml:
        for style in ET.fromstring(styles_xml).iter(f"{W}style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                ilvl = _val(num_pr.find(f"{W}ilvl"), "0")
                num_id = _val(num_pr.find(f"{W}numId"))
                nb.styles[style.get(f"{W}styleId", "")] = (num_id, int(ilvl or 0))
    return nb


def _number_of(p: ET.Element, nb: Numbering) -> str:
    """The paragraph's automatic number: its own w:numPr, else its style's."""
    ppr = p.find(f"{W}pPr")
    num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
    style = _val(ppr.find(f"{W}pStyle")) if ppr is not None else ""
    num_id, ilvl = nb.styles.get(style, ("", 0))
    if num_pr is not None:
        num_id = _val(num_pr.find(f"{W}numId"), num_id)
        ilvl = int(_val(num_pr.find(f"{W}ilvl"), str(ilvl)) or 0)
    if not num_id or num_id == "0":  # numId 0: numbering switched off for this paragraph
        return ""
    return nb.label(num_id, ilvl)


def _runs(el: ET.Element, parts: list[str], boxes: list[ET.Element]) -> None:
    """Text of `el` in order, not descending into text boxes (kept in `boxes`) or fallbacks."""
    for child in el:
        tag = child.tag
        if tag == MC_FALLBACK:
            continue  # the same text box again, for readers without DrawingML
        if tag == TXBX:
            boxes.append(child)
        elif tag == f"{W}t":
            parts.append(child.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag != f"{W}pPr":
            _runs(child, parts, boxes)


def _paragraphs(el: ET.Element, nb: Numbering, out: list[str]) -> None:
    for child in el:
        if child.tag == MC_FALLBACK:
            continue
        if child.tag != f"{W}p":
            _paragraphs(child, nb, out)  # tables, rows, cells, content controls
            continue
        parts: list[str] = []
        boxes: list[ET.Element] = []
        _runs(child, parts, boxes)
        number = _number_of(child, nb)
        text = "".join(parts)
        out.append(f"{number} {text}" if number and text else number or text)
        for box in boxes:
            _paragraphs(box, nb, out)


def document_text(
    document_xml: bytes, numbering_xml: bytes | None = None, styles_xml: bytes | None = None
) -> str:
    """Paragraphs in reading order, one per line, each with its automatic number."""
    root = ET.fromstring(document_xml)
    body = root.find(f"{W}body")
    out: list[str] = []
    _paragraphs(body if body is not None else root, read_numbering(numbering_xml, styles_xml), out)
    return "\n".join(out)
