"""A consultant's branding for reports: who they are, their logo, accent colour and footer.

Validated here (pure, no file access) so a typo in the TOML is one clear line, not a broken PDF.
Whether the logo file exists is checked by the service that reads the file.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vendorcheck.core.errors import UserError

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
DEFAULT_ACCENT = "#1f5f8b"


class Branding(BaseModel):
    """`organisation` is required; the rest is optional. `logo` is relative to the TOML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    organisation: Annotated[str, Field(min_length=1, max_length=120)]
    consultant: Annotated[str, Field(max_length=120)] = ""
    logo: str = ""
    accent: str = DEFAULT_ACCENT
    footer: Annotated[str, Field(max_length=200)] = ""

    @field_validator("organisation", "consultant", "footer")
    @classmethod
    def _one_line(cls, v: str) -> str:
        v = v.strip()
        if "\n" in v or "\r" in v:
            raise ValueError("must be one line")
        return v

    @field_validator("accent")
    @classmethod
    def _colour(cls, v: str) -> str:
        v = v.strip()
        if not HEX_COLOUR.match(v):
            raise ValueError(f"{v!r} is not a colour like #1f5f8b")
        if len(v) == 4:
            v = "#" + "".join(c * 2 for c in v[1:])
        return v.lower()

    @field_validator("logo")
    @classmethod
    def _logo_type(cls, v: str) -> str:
        v = v.strip()
        if v and not v.lower().endswith(LOGO_SUFFIXES):
            raise ValueError(f"logo must be {', '.join(LOGO_SUFFIXES)}")
        return v


def branding_from_data(data: object, source: str) -> Branding:
    """Validate a parsed branding file; the first problem becomes one user error."""
    try:
        return Branding.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "branding"
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg_zh = "未知字段（可用：organisation、consultant、logo、accent、footer）"
            msg = "unknown field (allowed: organisation, consultant, logo, accent, footer)"
        elif err["type"] == "missing":
            msg_zh = "缺少此字段"
        elif field == "accent":
            msg_zh = f"不是颜色值，请写成 #1f5f8b 这样的格式（{msg}）"
        else:
            msg_zh = msg
        raise UserError(msg, msg_zh, where=f"{source}: {field}") from None


# The sign-off block that closes a final report (issue 19): key, Chinese and English label.
# The preparer is filled from `consultant`; the other lines are written on the printed copy.
SIGN_OFF_FIELDS = (
    ("prepared_by", "编制人", "Prepared by"),
    ("reviewed_by", "审核人", "Reviewed by"),
    ("signature", "签字", "Signature"),
    ("date", "日期", "Date"),
)


def sign_off_fields(branding: Branding | None) -> list[dict[str, Any]]:
    """The sign-off lines, both languages' labels, the preparer filled in when known."""
    consultant = branding.consultant if branding else ""
    return [
        {
            "key": key,
            "label": {"zh": zh, "en": en},
            "value": consultant if key == "prepared_by" else "",
        }
        for key, zh, en in SIGN_OFF_FIELDS
    ]
