"""Finding a CJK font through fontconfig, because a PDF of empty boxes must never be written.

WeasyPrint draws CJK text with whatever fontconfig offers and only logs a warning when nothing
covers it, so the check happens here, before rendering: `fc-list ':lang=zh-cn'` must name a font.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

from vendorcheck.core.errors import UserError

# Common Simplified-Chinese families, best first; fontconfig's own pick is appended at run time.
CJK_STACK = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
)
CJK_CHAR = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _run(*args: str) -> str:
    if shutil.which(args[0]) is None:
        return ""
    try:
        return subprocess.run(
            args, capture_output=True, text=True, timeout=20, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


@cache
def cjk_families() -> tuple[str, ...]:
    """Families fontconfig says cover Simplified Chinese (empty when there is none)."""
    out = _run("fc-list", ":lang=zh-cn", "family")
    names = {part.strip() for line in out.splitlines() for part in line.split(",")}
    return tuple(sorted(n for n in names if n))


@cache
def cjk_match() -> tuple[str, str]:
    """(family, file) fontconfig picks for Chinese sans-serif text; ('', '') without fc-match."""
    out = _run("fc-match", "-f", "%{family[0]}|%{file}", "sans-serif:lang=zh-cn")
    family, _, path = out.partition("|")
    return family, path


def font_stack() -> str:
    """The CSS font-family list: known CJK families, then the one fontconfig actually has."""
    families = list(CJK_STACK)
    picked = cjk_match()[0]
    if picked and picked in cjk_families() and picked not in families:
        families.append(picked)
    return ", ".join(f'"{f}"' for f in families) + ", sans-serif"


def needs_cjk(text: str) -> bool:
    return CJK_CHAR.search(text) is not None


def require_cjk() -> None:
    """Refuse to render Chinese without a CJK font: it would come out as boxes."""
    if not cjk_families():
        raise UserError(
            "no Chinese font found (fc-list ':lang=zh-cn' is empty); install one, e.g. "
            "`apt-get install fonts-noto-cjk` (see scripts/setup.sh), then run `vendorcheck doctor`",
            "找不到中文字体（fc-list ':lang=zh-cn' 为空）；请先安装，例如 "
            "`apt-get install fonts-noto-cjk`（见 scripts/setup.sh），再运行 `vendorcheck doctor` 检查",
        )
