"""The questionnaire as an Excel workbook (openpyxl, MIT): a cover sheet, one sheet per section.

Drop-downs read their labels from a hidden `_lists` sheet rather than an inline list: Excel caps
an inline list at 255 characters and splits it at every comma, and Chinese option labels are
long and may hold one.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any

from vendorcheck.core import questionnaire as core
from vendorcheck.core.answers import Answer
from vendorcheck.core.errors import Lang, UserError
from vendorcheck.core.models import Checklist

COVER = "cover"
LISTS = "_lists"
COVER_KEYS = ("format", "vendor", "vendor_id", "checklist", "version", "sha256", "lang")
COVER_LABELS = {
    "format": ("文件格式（请勿修改）", "file format (do not edit)"),
    "vendor": ("服务商", "vendor"),
    "vendor_id": ("服务商编号", "vendor id"),
    "checklist": ("评估清单", "checklist"),
    "version": ("清单版本", "checklist version"),
    "sha256": ("清单 SHA-256（核对版本用）", "checklist SHA-256 (identifies the version)"),
    "lang": ("问卷语言", "language"),
}
INSTRUCTIONS = (
    (
        "请在每个部分的工作表中填写 answer 列：选择题和是非题从下拉列表中选择，数字题填数字"
        "（可带单位，如 45 秒、96%），不知道就选“不清楚”。note 列可写说明，evidence 列写你能提供的"
        "证明材料（执照、截图、合同条款等）。请不要修改 id 列和本封面页，改好后把文件发回给商家。",
        "Fill the answer column on each section's sheet: pick choices and yes/no from the "
        "drop-down, type numbers (a unit is fine: 45 s, 96%), pick 'Unknown' when you do not "
        "know. Use note for remarks and evidence for what you can show (licence, screenshots, "
        "contract clauses). Do not change the id column or this cover; send the file back.",
    ),
    (
        "商家会逐项核实你的回答；未经核实的自述不能单独作为推荐签约的依据。",
        "The merchant verifies each answer; an unverified declaration alone never recommends "
        "a vendor.",
    ),
)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", title).strip()[:28] or "section"
    name, i = base, 2
    while name.casefold() in taken or name.casefold() in (COVER, LISTS.casefold()):
        name, i = f"{base[:26]} {i}", i + 1
    taken.add(name.casefold())
    return name


def _cover(wb: Any, meta: Mapping[str, str]) -> None:
    """What the file is for (read back on import), then the instructions in both languages."""
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    ws = wb.active
    ws.title = COVER
    for i, key in enumerate(COVER_KEYS, start=1):
        zh, en = COVER_LABELS[key]
        ws.append([key, meta[key], f"{zh} / {en}"])
        ws.cell(i, 1).font = Font(bold=True)
    ws.append([])
    for zh, en in INSTRUCTIONS:
        ws.append(["说明", zh])
        ws.append(["instructions", en])
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 70


def write_xlsx(
    checklist: Checklist, meta: Mapping[str, str], filled: Mapping[str, Answer], lang: Lang
) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    wb = Workbook()
    _cover(wb, meta)
    lists = wb.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    list_col = 0
    wrap = Alignment(wrap_text=True, vertical="top")
    taken: set[str] = set()
    for section, questions in core.vendor_sections(checklist):
        sh = wb.create_sheet(_sheet_name(section.title.get(lang), taken))
        sh.append(list(core.COLUMNS))
        for cell in sh[1]:
            cell.font = Font(bold=True)
        for width, col in zip((26, 50, 50, 22, 36, 30, 30), "ABCDEFG", strict=True):
            sh.column_dimensions[col].width = width
        for row, q in enumerate(questions, start=2):
            a = filled.get(q.id)
            sh.append(
                [
                    q.id,
                    q.prompt.get(lang),
                    q.help.get(lang) if q.help else "",
                    core.shown_value(q, a.value, lang) if a else None,
                    core.allowed_text(q, lang),
                    a.note if a else "",
                    a.evidence if a else "",
                ]
            )
            for cell in sh[row]:
                cell.alignment = wrap
            if q.kind in ("yes_no", "choice"):
                list_col += 1
                options = core.labels(q, lang)
                for r, label in enumerate(options, start=1):
                    lists.cell(r, list_col, label)
                letter = lists.cell(1, list_col).column_letter
                dv = DataValidation(
                    type="list",
                    formula1=f"{LISTS}!${letter}$1:${letter}${len(options)}",
                    allow_blank=True,
                )
                dv.add(f"D{row}")
                sh.add_data_validation(dv)
        sh.freeze_panes = "B2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_xlsx(data: bytes, where: str) -> tuple[dict[str, Any], list[core.Cell]]:
    """The cover and every row with a question id, from a returned workbook."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise UserError(
            "not an Excel workbook (.xlsx); send back the questionnaire file itself",
            "不是 Excel 工作簿（.xlsx）；请发回问卷文件本身",
            where=where,
        ) from None
    try:
        return _read(wb, where)
    finally:
        wb.close()


def _read(wb: Any, where: str) -> tuple[dict[str, Any], list[core.Cell]]:
    if COVER not in wb.sheetnames:
        raise UserError(
            "no cover sheet: not a vendorcheck questionnaire",
            "没有封面页：不是 vendorcheck 问卷",
            where=where,
        )
    meta: dict[str, Any] = {}
    for row in wb[COVER].iter_rows(min_col=1, max_col=2, values_only=True):
        if row and isinstance(row[0], str) and row[0] in COVER_KEYS:
            meta[row[0]] = None if row[1] is None else str(row[1])
    cells: list[core.Cell] = []
    for name in wb.sheetnames:
        if name in (COVER, LISTS):
            continue
        rows = wb[name].iter_rows(values_only=True)
        header = next(rows, None) or ()
        cols = {
            str(h).split()[0].casefold(): i for i, h in enumerate(header) if h and str(h).split()
        }
        if "id" not in cols or "answer" not in cols:
            raise UserError(
                f"sheet {name!r}: the header row needs the columns id and answer",
                f"工作表“{name}”：表头缺少 id 和 answer 列",
                where=where,
            )
        for r, values in enumerate(rows, start=2):
            cells += _cell(name, r, values, cols)
    return meta, cells


def _cell(name: str, r: int, values: tuple[Any, ...], cols: dict[str, int]) -> list[core.Cell]:
    def get(key: str) -> Any:
        i = cols.get(key)
        return values[i] if i is not None and i < len(values) else None

    qid = get("id")
    if qid is None or not str(qid).strip():
        return []
    return [
        core.Cell(
            sheet=name,
            row=r,
            question_id=str(qid).strip(),
            answer=get("answer"),
            note=get("note") or "",
            evidence=get("evidence") or "",
        )
    ]
