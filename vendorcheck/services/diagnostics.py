"""`vendorcheck doctor`: what a report needs from this machine, checked the way rendering uses it.

A CJK font through fontconfig, HarfBuzz's subsetter (without it WeasyPrint falls back to
fontTools and a Chinese PDF takes several times longer) and a writable database location.
"""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from vendorcheck.core.errors import Lang
from vendorcheck.i18n import tr
from vendorcheck.render import fonts


@dataclass(frozen=True)
class Check:
    zh: str
    en: str
    ok: bool
    required: bool
    detail_zh: str
    detail_en: str

    def name(self, lang: Lang) -> str:
        return tr(lang, self.zh, self.en)

    def detail(self, lang: Lang) -> str:
        return tr(lang, self.detail_zh, self.detail_en)


def _cjk_font() -> Check:
    families = [f for f in fonts.cjk_families() if "Mono" not in f] or list(fonts.cjk_families())
    if families:
        shown = ", ".join(families[:4]) + (" …" if len(families) > 4 else "")
        return Check("中文字体", "Chinese font", True, True, shown, shown)
    return Check(
        "中文字体",
        "Chinese font",
        False,
        True,
        "未找到（fc-list ':lang=zh-cn' 为空）；请安装 fonts-noto-cjk",
        "none found (fc-list ':lang=zh-cn' is empty); install fonts-noto-cjk",
    )


def _font_match() -> Check:
    family, path = fonts.cjk_match()
    ok = bool(family) and family in fonts.cjk_families()
    if ok:
        return Check(
            "中文默认字体",
            "Font used for Chinese",
            True,
            False,
            f"{family}（{path}）",
            f"{family} ({path})",
        )
    shown = family or "fc-match ?"
    return Check(
        "中文默认字体",
        "Font used for Chinese",
        False,
        False,
        f"{shown} 不含中文；报告会按字体列表另找",
        f"{shown} has no Chinese; reports name CJK families explicitly",
    )


def _weasyprint() -> Check:
    """Import WeasyPrint in a child process, as a report would, and listen for its warnings."""
    code = (
        "import warnings, logging, io\n"
        "warnings.simplefilter('always')\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    import weasyprint\n"
        "print(weasyprint.__version__)\n"
        "print(' | '.join(str(x.message) for x in w if 'HarfBuzz' in str(x.message)))\n"
    )
    try:
        r = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError) as e:
        return Check("WeasyPrint", "WeasyPrint", False, True, str(e), str(e))
    if r.returncode != 0:
        last = (r.stderr.strip().splitlines() or ["?"])[-1]
        return Check(
            "WeasyPrint",
            "WeasyPrint",
            False,
            True,
            f"无法导入：{last}（需要 libpango-1.0-0、libpangoft2-1.0-0）",
            f"cannot import: {last} (needs libpango-1.0-0, libpangoft2-1.0-0)",
        )
    lines = [*r.stdout.splitlines(), "", ""]
    version, warning = lines[0], lines[1]
    if warning:
        return Check(
            "WeasyPrint",
            "WeasyPrint",
            True,
            False,
            f"{version}；{warning}",
            f"{version}; {warning}",
        )
    return Check("WeasyPrint", "WeasyPrint", True, True, version, version)


def _font_subset() -> Check:
    """The prepared Noto subset reports embed (optional: without it, slower and larger PDFs)."""
    name_zh, name_en = "PDF 字体子集", "PDF font subset"
    faces = fonts.subset_faces(build=False)
    if faces:
        where = str(faces[0].path.parent)
        return Check(name_zh, name_en, True, False, f"已准备（{where}）", f"ready ({where})")
    if os.environ.get("VENDORCHECK_FONT_SUBSET") == "0":
        return Check(
            name_zh,
            name_en,
            False,
            False,
            "已关闭（VENDORCHECK_FONT_SUBSET=0）",
            "switched off (VENDORCHECK_FONT_SUBSET=0)",
        )
    if not all(fonts.subset_source(style) for style, _w in fonts.WEIGHTS):
        return Check(
            name_zh,
            name_en,
            False,
            False,
            "未安装 Noto Sans CJK SC：报告直接用系统中文字体（稍慢，PDF 较大）",
            "Noto Sans CJK SC is not installed: reports use the system Chinese font "
            "(a little slower, larger PDFs)",
        )
    return Check(
        name_zh,
        name_en,
        True,
        False,
        "首次生成 PDF 时准备（只需一次，约 10-20 秒）",
        "prepared by the first PDF report (once, about 10-20 s)",
    )


def _harfbuzz_subset() -> Check:
    lib = ctypes.util.find_library("harfbuzz-subset")
    if lib:
        return Check("HarfBuzz 子集化", "HarfBuzz subsetting", True, True, lib, lib)
    return Check(
        "HarfBuzz 子集化",
        "HarfBuzz subsetting",
        False,
        True,
        "缺少 libharfbuzz-subset0：WeasyPrint 改用 fontTools，中文 PDF 会慢好几倍",
        "libharfbuzz-subset0 is missing: WeasyPrint falls back to fontTools, "
        "several times slower for Chinese PDFs",
    )


def _database(path: Path) -> Check:
    target = path if path.exists() else next((p for p in path.parents if p.exists()), Path("/"))
    ok = os.access(target, os.W_OK)
    if ok:
        return Check(
            "数据库位置", "Database location", True, True, f"{path} 可写", f"{path} is writable"
        )
    return Check(
        "数据库位置",
        "Database location",
        False,
        True,
        f"{path} 不可写（{target}）；可用 --db 或 VENDORCHECK_DB 换个位置",
        f"{path} is not writable ({target}); choose another with --db or VENDORCHECK_DB",
    )


def run_checks(db_path: Path) -> list[Check]:
    return [
        _cjk_font(),
        _font_match(),
        _font_subset(),
        _harfbuzz_subset(),
        _weasyprint(),
        _database(db_path),
    ]
