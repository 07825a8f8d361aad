"""Contract files in, clause findings and suggested checklist answers out.

Reading .txt/.md/.docx/.pdf lives here (I/O); the decision is vendorcheck.core.contracts.scan.
A PDF without a text layer (a scan) is a user error, never an empty "all absent" result.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from vendorcheck.core.answers import Answer
from vendorcheck.core.contracts import CLAUSE_IDS, PatternSet, ScanResult, parse_patterns, scan
from vendorcheck.core.contracts.model import Evidence
from vendorcheck.core.disputes import DISPUTE_IDS
from vendorcheck.core.errors import Lang, UserError
from vendorcheck.core.models import Checklist
from vendorcheck.i18n import tr
from vendorcheck.paths import checklists_dir
from vendorcheck.services.files import parse_toml, read_text, read_text_named, too_big, unreadable

SUFFIXES = (".txt", ".md", ".docx", ".pdf")
# Risky clauses whose checklist question has good = "no": present means answer "yes".
RISKY_QUESTIONS = ("penalties_on_merchant", "vendor_liability_waiver", "exclusivity_lockin")


# Clause files other than contract-clauses.toml add [[clauses]] in the same rule format (e.g.
# dispute-clauses.toml); cuad-categories.toml is the benchmark's own set, not scanned for users.
BASE_CLAUSES = "contract-clauses.toml"
READING = "reading.toml"
NOT_SCANNED = ("cuad-categories.toml",)


def _toml(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = parse_toml(read_text(path), str(path))
    return data


@cache
def patterns(name: str = "contract-clauses") -> PatternSet:
    """The clause patterns: checklists/clauses/contract-clauses.toml (vocabulary and clauses),
    the reader's word lists (reading.toml) and the [[clauses]] of every other clause file there;
    or, for another `name`, that file's clauses alone read with the same vocabulary."""
    folder = checklists_dir() / "clauses"
    base = folder / f"{name}.toml"
    data = _toml(base)
    if base.name != BASE_CLAUSES and "modality" not in data:
        vocabulary = _toml(folder / BASE_CLAUSES)
        data = {**{k: v for k, v in vocabulary.items() if k != "clauses"}, **data}
    data.setdefault("reading", _toml(folder / READING))
    sources = [str(base)] * len(data.get("clauses", []))
    if base.name == BASE_CLAUSES:
        for extra in sorted(folder.glob("*.toml")):
            if extra.name in (BASE_CLAUSES, READING, *NOT_SCANNED):
                continue
            more = _toml(extra).get("clauses")
            if not isinstance(more, list):
                continue  # no [[clauses]]: some other kind of file
            _known_ids(extra, [c["id"] for c in more])
            data["clauses"] = [*data.get("clauses", []), *more]
            sources += [str(extra)] * len(more)
    return parse_patterns(data, str(base), sources)


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


# Limits (our assumption): a 100-page contract is ~200 KB of text and its .docx body ~2 MB of
# XML, so these are far above any real contract and far below what would exhaust memory.
MAX_TEXT_BYTES = 10 * 2**20  # a .txt/.md file
# word/document.xml once inflated (a zip bomb stops here); a 31 MB body measured 470 MB peak
MAX_DOCX_XML = 16 * 2**20
MAX_PDF_BYTES = 64 * 2**20
MAX_PDF_PAGES = 500
_DOCX_TEXT = ("Word document's text (decompressed)", "Word 文档正文（解压后）")


def read_contract(path: Path) -> str:
    """The contract's text; offsets in a scan refer to exactly this string."""
    return read_contract_named(path)[0]


def read_contract_named(path: Path) -> tuple[str, str | None]:
    """(text, encoding of a text file or None); an empty or blank contract is refused, so it
    can never be scanned as one that lacks every protection."""
    suffix = path.suffix.lower()
    encoding: str | None = None
    if suffix in (".txt", ".md"):
        text, encoding = read_text_named(path, MAX_TEXT_BYTES)
        text = text.replace("\r\n", "\n")
    elif suffix == ".docx":
        text = _read_docx(path)
    elif suffix == ".pdf":
        text = _read_pdf(path)
    else:
        raise UserError(
            f"cannot read {suffix or 'files without an extension'}; use .txt, .md, .docx or .pdf",
            f"无法读取{suffix or '无扩展名的文件'}；请使用 .txt、.md、.docx 或 .pdf",
            where=str(path),
        )
    if not any(c.isalpha() for c in text):  # whitespace, invisible marks or symbols only
        raise UserError(
            "the contract is empty (no words in it); nothing was scanned",
            "合同是空的（没有任何文字），未做扫描",
            where=str(path),
        )
    return text, encoding


def _missing(path: Path) -> None:
    if not path.exists():
        raise UserError("file not found", "文件不存在", where=str(path))
    if path.is_dir():
        raise UserError("is a folder, not a file", "这是文件夹，不是文件", where=str(path))


def _not_docx(path: Path) -> UserError:
    return UserError(
        "not a readable Word document (.docx); save it again from Word or WPS",
        "不是可读取的 Word 文档（.docx）；请用 Word 或 WPS 重新保存",
        where=str(path),
    )


def _docx_parts(path: Path) -> tuple[bytes, bytes | None, bytes | None]:
    """word/document.xml, numbering.xml and styles.xml (the last two when present), each
    refused past MAX_DOCX_XML both by the size the zip's directory claims and by the bytes
    really inflated (a forged directory can claim anything)."""
    import zipfile
    import zlib

    _missing(path)
    parts: list[bytes | None] = []
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            for name in ("word/document.xml", "word/numbering.xml", "word/styles.xml"):
                if name not in names and name != "word/document.xml":
                    parts.append(None)
                    continue
                info = z.getinfo(name)
                if info.file_size > MAX_DOCX_XML:
                    raise too_big(path, MAX_DOCX_XML, _DOCX_TEXT)
                with z.open(info) as f:
                    data = f.read(MAX_DOCX_XML + 1)
                if len(data) > MAX_DOCX_XML:
                    raise too_big(path, MAX_DOCX_XML, _DOCX_TEXT)
                if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # Word never writes these
                    raise _not_docx(path)
                parts.append(data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, NotImplementedError, EOFError):
        raise _not_docx(path) from None
    except (zlib.error, RuntimeError, ValueError):  # corrupt deflate data, encrypted, bad header
        raise _not_docx(path) from None
    except OSError as e:
        raise unreadable(e, path) from None
    document, numbering, styles = parts
    return document or b"", numbering, styles


def _read_docx(path: Path) -> str:
    """Paragraphs (tables and text boxes included, Word's automatic numbering rebuilt) via
    zipfile + ElementTree (core.contracts.docx): ~10 ms, no python-docx needed."""
    from xml.etree import ElementTree as ET

    from vendorcheck.core.contracts.docx import document_text

    try:
        return document_text(*_docx_parts(path))
    except (ET.ParseError, ValueError):  # broken XML, a level number that is not a number
        raise _not_docx(path) from None


def _read_pdf(path: Path) -> str:
    """Text layer via pypdfium2 (fastest permissive reader measured); scans are refused, and
    so are files too large or too long to be a contract (checked before any page is read)."""
    import pypdfium2 as pdfium

    _missing(path)
    if path.stat().st_size > MAX_PDF_BYTES:
        raise too_big(path, MAX_PDF_BYTES, ("contract PDF", "合同 PDF"))
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        raise UserError("not a readable PDF", "不是可读取的 PDF 文件", where=str(path)) from None
    try:
        if len(pdf) > MAX_PDF_PAGES:
            raise UserError(
                f"{len(pdf)} pages, more than the {MAX_PDF_PAGES} a contract may have; "
                "is this the right file?",
                f"共 {len(pdf)} 页，超过合同的页数上限 {MAX_PDF_PAGES} 页；是这个文件吗？",
                where=str(path),
            )
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            pages.append(tp.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            tp.close()
            page.close()
    except pdfium.PdfiumError:
        raise UserError("not a readable PDF", "不是可读取的 PDF 文件", where=str(path)) from None
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


def scan_text(text: str, file: str = "", *, explain: bool = False) -> ScanResult:
    return scan(text, patterns(), file=file, explain=explain)


def scan_file(path: Path, *, explain: bool = False) -> ScanResult:
    """Read and scan one contract file; user mistakes (and OS refusals) name the file."""
    try:
        text, encoding = read_contract_named(path)
    except OSError as e:  # what the readers above do not turn into a UserError themselves
        raise unreadable(e, path) from None
    result = scan_text(text, str(path), explain=explain)
    result.encoding = encoding
    return result


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


_ROLE = {
    "merchant": ("商家", "merchant"),
    "vendor": ("服务商", "vendor"),
    "both": ("双方", "both"),
    "mutual": ("须双方同意", "both must agree"),
    "": ("未指明", "nobody named"),
}
_MODALITY = {
    "prohibition": ("禁止", "prohibition"),
    "permission": ("允许", "permission"),
    "obligation": ("义务", "obligation"),
    "exemption": ("免责", "exemption"),
    "statement": ("陈述", "statement"),
}
EXPLAIN_SNIPPET = 80


def explain_rows(result: ScanResult, lang: Lang) -> list[tuple[str, str, str, str, str, str]]:
    """For every sentence a clause id turned on: (clause id, [article] sentence, parties
    resolved in it, each nearby modal verb and whom it binds, the topic words, the rule and its
    decision). One table for the CLI and the TUI's contract view alike."""

    def t(pair: tuple[str, str]) -> str:
        return tr(lang, *pair)

    rows = []
    for cid, res in result.clauses.items():
        for w in res.why:
            text = " ".join(w.evidence.text.split())
            if len(text) > EXPLAIN_SNIPPET:
                text = text[: EXPLAIN_SNIPPET - 1] + "…"
            where = f"[{w.evidence.article}] " if w.evidence.article else ""
            parties = ", ".join(f"{n}={t(_ROLE.get(r, (r, r)))}" for n, r in w.parties.items())
            modals = "; ".join(
                f"{b.word} → {t(_ROLE.get(b.party, (b.party, b.party)))}"
                f" ({t(_MODALITY.get(b.modality, (b.modality, b.modality)))})"
                for b in w.modals
            ) or tr(lang, "（规则不看谁受约束）", "(the rule does not ask who is bound)")
            decided = (
                tr(lang, "有", "present")
                if w.decision == "present"
                else tr(lang, "相反", "contradicted")
            )
            rows.append(
                (
                    cid,
                    where + text,
                    parties or "—",
                    modals,
                    "、".join(w.topic),
                    f"{w.rule} → {decided}",
                )
            )
    return rows


def explain_by_question(result: ScanResult, lang: Lang) -> dict[str, str]:
    """`contract.<clause id>` -> why the scan decided so, one line per sentence (the TUI shows it
    under the suggested answer)."""
    out: dict[str, list[str]] = {}
    for cid, _sentence, parties, modals, topic, rule in explain_rows(result, lang):
        line = tr(
            lang,
            f"当事方 {parties}；情态词 {modals}；主题词 {topic}；规则 {rule}",
            f"parties {parties}; modal {modals}; topic {topic}; rule {rule}",
        )
        # A clause allowing shop loans answers contract.no_shop_loans too (suggest_answers).
        for q in {cid, "no_shop_loans"} if cid == "shop_loans_allowed" else {cid}:
            out.setdefault(f"contract.{q}", []).append(line)
    return {q: "\n".join(lines) for q, lines in out.items()}
