"""Evidence files' pure rules: kinds, what a file is (sniffed, never trusted from its name),
dates, expiry and the per-file and per-archive size caps.

A file is only ever stored and handed back byte for byte; `previewable` says whether a viewer
may show it (images and PDF, by their magic bytes). Nothing here executes or renders it.
"""

from __future__ import annotations

from datetime import date, timedelta

from vendorcheck.core.errors import UserError

KINDS = ("licence", "certification", "kpi_screenshot", "contract", "reference", "other")
KIND_LABELS = {  # kind -> (zh, en)
    "licence": ("营业执照/许可证", "licence"),
    "certification": ("资质证书", "certification"),
    "kpi_screenshot": ("KPI 截图", "KPI screenshot"),
    "contract": ("合同", "contract"),
    "reference": ("客户推荐", "reference"),
    "other": ("其他", "other"),
}
DEFAULT_FILE_MB = 10  # our assumption: a scan or screenshot is well under it
DEFAULT_ARCHIVE_MB = 1024  # our assumption: keeps the SQLite file copyable and mailable
DEFAULT_WITHIN_DAYS = 30
OCTET = "application/octet-stream"

_MAGIC = (  # (prefix, media type): only these are previewable
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)


def media_type(data: bytes) -> str:
    """The file's type from its first bytes; anything unrecognised is an opaque octet stream."""
    for prefix, kind in _MAGIC:
        if data.startswith(prefix):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return OCTET


def previewable(kind: str) -> bool:
    return kind.startswith("image/") or kind == "application/pdf"


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise UserError(
            f"unknown kind {kind!r} (choose from {', '.join(KINDS)})",
            f"无法识别的类别“{kind}”（可选：{', '.join(KINDS)}）",
            where="--kind",
        )
    return kind


def parse_day(text: str | None, where: str) -> date | None:
    """An ISO date (YYYY-MM-DD), or None when not given."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            f"not a date: {text!r} (write it as YYYY-MM-DD, e.g. 2026-03-31)",
            f"不是日期：{text!r}（请写作 YYYY-MM-DD，例如 2026-03-31）",
            where=where,
        ) from None


def check_dates(issued: date | None, expires: date | None) -> None:
    if issued and expires and expires < issued:
        raise UserError(
            f"expires ({expires}) is before issued ({issued})",
            f"到期日（{expires}）早于签发日（{issued}）",
            where="--expires",
        )


def expiry_state(expires: str | None, today: date, within_days: int) -> str:
    """'expired', 'expiring' (within `within_days`) or '' for an evidence file's expiry date."""
    if not expires:
        return ""
    day = date.fromisoformat(expires[:10])
    if day < today:
        return "expired"
    if day <= today + timedelta(days=within_days):
        return "expiring"
    return ""


def size_text(n: int) -> str:
    """Bytes as a cap is told: whole MB and up in MB, smaller caps (tests, tight setups) in bytes."""
    return f"{n / 2**20:.4g} MB" if n >= 2**20 else f"{n:,} bytes"


def check_size(size: int, file_cap: int, archive_used: int, archive_cap: int, where: str) -> None:
    """Refuse a file over the per-file cap, or one that would take the archive over its cap."""
    if size > file_cap:
        mb = size_text(file_cap)
        raise UserError(
            f"larger than the {mb} an evidence file may be (VENDORCHECK_EVIDENCE_MAX_MB)",
            f"超过证据文件的大小上限 {mb}（VENDORCHECK_EVIDENCE_MAX_MB）",
            where=where,
        )
    if archive_used + size > archive_cap:
        mb = size_text(archive_cap)
        used = f"{archive_used / 2**20:.1f} MB"
        raise UserError(
            f"the archive's evidence would exceed its {mb} cap ({used} stored already; "
            "VENDORCHECK_EVIDENCE_ARCHIVE_MB)",
            f"档案中的证据文件将超过总上限 {mb}（已存 {used}；VENDORCHECK_EVIDENCE_ARCHIVE_MB）",
            where=where,
        )
