"""Contract files in, clause findings and suggested checklist answers out.

Reading .txt/.md/.docx/.pdf lives here (I/O); the decision is vendorcheck.core.contracts.scan.
A PDF without a text layer (a scan) is a user error, never an empty "all absent" result.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from vendorcheck.core.answers import Answer
from vendorcheck.core.contracts import CLAUSE_IDS, PatternSet, ScanResult, parse_patterns, scan
from vendorcheck.core.contracts.model import Evidence
from vendorcheck.core.disputes import DISPUTE_IDS
from vendorcheck.core.errors import UserError
from vendorcheck.core.models import Checklist
from vendorcheck.paths import checklists_dir
from vendorcheck.services.catalog import read_text, unreadable

SUFFIXES = (".txt", ".md", ".docx", ".pdf")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Risky clauses whose checklist question has good = "no": present means answer "yes".
RISKY_QUESTIONS = ("penalties_on_merchant", "vendor_liability_waiver", "exclusivity_lockin")


@cache
def patterns(name: str = "contract-clauses") -> PatternSet:
    """The clause patterns in checklists/clauses/<name>.toml.

    For the contract clauses, every other clauses/*.toml that holds [[clauses]] but no modal
    vocabulary of its own (e.g. dispute-clauses.toml, issue 17) is read as more clauses in the
    same rule format; files of neutral `category` clauses (the CUAD benchmark's) stay apart.
    """
    path = checklists_dir() / "clauses" / f"{name}.toml"
    data = _toml(path)
    base = parse_patterns(data, str(path))
    if name != "contract-clauses":
        return base
    clauses = list(base.clauses)
    for extra in sorted(path.parent.glob("*.toml")):
        more = _toml(extra) if extra != path else {}
        found = more.get("clauses")
        if not found or "modality" in more or all(c.get("kind") == "category" for c in found):
            continue
        vocab = {k: data[k] for k in ("version", "modality", "roles") if k in data}
        clauses += parse_patterns({**vocab, "clauses": found}, str(extra)).clauses
        _known_ids(extra, [c["id"] for c in found])
    try:
        return PatternSet(
            version=base.version, modality=base.modality, roles=base.roles, clauses=tuple(clauses)
        )
    except ValueError as e:
        raise UserError(str(e), str(e), where=str(path.parent)) from None


def _toml(path: Path) -> dict[str, Any]:
    text = read_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"not valid TOML: {e}", f"不是合法的 TOML：{e}", where=str(path)) from None


def _known_ids(path: Path, ids: list[str]) -> None:
    """The dispute file's ids are fixed (checklist questions ask `contract.<id>`): a typo fails."""
    if path.name != "dispute-clauses.toml":
        return
    unknown = [i for i in ids if i not in DISPUTE_IDS]
    if unknown:
        raise UserError(
            f"unknown clause id(s): {', '.join(unknown)}",
            f"无法识别的条款编号：{', '.join(unknown)}",
            where=str(path),
        )


def read_contract(path: Path) -> str:
    """The contract's text; offsets in a scan refer to exactly this string."""
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        return read_text(path).replace("\r\n", "\n")
    if suffix == ".docx":
        return _read_docx(path)
    if suffix == ".pdf":
        return _read_pdf(path)
    raise UserError(
        f"cannot read {suffix or 'files without an extension'}; use .txt, .md, .docx or .pdf",
        f"无法读取{suffix or '无扩展名的文件'}；请使用 .txt、.md、.docx 或 .pdf",
        where=str(path),
    )


def _missing(path: Path) -> None:
    if not path.exists():
        raise UserError("file not found", "文件不存在", where=str(path))
    if path.is_dir():
        raise UserError("is a folder, not a file", "这是文件夹，不是文件", where=str(path))


def _read_docx(path: Path) -> str:
    """Paragraphs (tables included) via zipfile + ElementTree: ~10 ms, no python-docx needed."""
    import zipfile
    from xml.etree import ElementTree as ET

    _missing(path)
    try:
        with zipfile.ZipFile(path) as z:
            root = ET.fromstring(z.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError):
        raise UserError(
            "not a readable Word document (.docx); save it again from Word or WPS",
            "不是可读取的 Word 文档（.docx）；请用 Word 或 WPS 重新保存",
            where=str(path),
        ) from None
    paras: list[str] = []
    for p in root.iter(f"{_W}p"):
        parts: list[str] = []
        for el in p.iter():
            if el.tag == f"{_W}t" and el.text:
                parts.append(el.text)
            elif el.tag == f"{_W}tab":
                parts.append("\t")
            elif el.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paras.append("".join(parts))
    return "\n".join(paras)


def _read_pdf(path: Path) -> str:
    """Text layer via pypdfium2 (fastest permissive reader measured); scans are refused."""
    import pypdfium2 as pdfium

    _missing(path)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        raise UserError("not a readable PDF", "不是可读取的 PDF 文件", where=str(path)) from None
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            pages.append(tp.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            tp.close()
            page.close()
    finally:
        pdf.close()
    text = "\n".join(pages)
    if sum(not c.isspace() for c in text) < 20 * max(1, len(pages)) // 2:
        raise UserError(
            "this PDF has no text layer (a scanned image?); ask for a text PDF or Word file, "
            "or run it through OCR first",
            "这个 PDF 没有文字层（可能是扫描件）；请索要可复制文字的 PDF 或 Word 文件，或先做 OCR 识别",
            where=str(path),
        )
    return text


def scan_text(text: str, file: str = "") -> ScanResult:
    return scan(text, patterns(), file=file)


def scan_file(path: Path) -> ScanResult:
    """Read and scan one contract file; user mistakes (and OS refusals) name the file."""
    try:
        text = read_contract(path)
    except OSError as e:  # what the readers above do not turn into a UserError themselves
        raise unreadable(e, path) from None
    return scan_text(text, str(path))


def quote(ev: Evidence) -> str:
    """One-line evidence as stored with an answer: "第5条 5.3: 乙方不得…"."""
    text = " ".join(ev.text.split())
    return f"{ev.article}: {text}" if ev.article else text


def suggest_answers(checklist: Checklist, result: ScanResult) -> dict[str, Answer]:
    """Pre-filled `contract.<clause_id>` answers, marked suggested, each with its quote.

    A protection found, or a risky clause not found, suggests the question's safe answer (its
    `good`); a protection missing, or a risky clause found, the other one. So the old risky
    questions (good = "no": present -> "yes") and the dispute ones phrased so that "yes" is safe
    (present -> "no") read the same scan alike. A clause allowing shop loans makes
    contract.no_shop_loans "no" whatever else. Only questions the checklist has are filled.
    """
    out: dict[str, Answer] = {}
    kinds = {c.id: c.kind for c in patterns().clauses}
    for cid in (*CLAUSE_IDS, *DISPUTE_IDS):
        q = checklist.question(f"contract.{cid}")
        if q is None or q.kind != "yes_no":
            continue
        c = result.clauses.get(cid)
        if c is None:
            continue
        present = c.status == "present"
        safe = present != (kinds.get(cid) == "risky")
        bad = "no" if q.good == "yes" else "yes"
        out[q.id] = Answer(
            question_id=q.id,
            value=q.good if safe else bad,
            evidence=quote(c.evidence[0]) if present and c.evidence else "",
            note="" if present else _absent_note(result.file),
            source="suggested",
        )
    loans = result.clauses.get("shop_loans_allowed")
    q = checklist.question("contract.no_shop_loans")
    if loans is not None and loans.status == "present" and q is not None:
        out[q.id] = Answer(
            question_id=q.id,
            value="no",
            evidence=quote(loans.evidence[0]) if loans.evidence else "",
            note="the contract allows the vendor to borrow in the shop's name / 合同允许服务商以店铺名义借贷",
            source="suggested",
        )
    return out


def _absent_note(file: str) -> str:
    name = Path(file).name if file else "the contract"
    return f"not found in {name} / 合同中未找到"
