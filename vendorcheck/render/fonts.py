"""Finding a CJK font through fontconfig, because a PDF of empty boxes must never be written.

WeasyPrint draws CJK text with whatever fontconfig offers and only logs a warning when nothing
covers it, so the check happens here, before rendering: `fc-list ':lang=zh-cn'` must name a font.

Speed and size: when Noto Sans CJK SC (or Source Han Sans SC) is installed, reports use a subset
of it prepared once with fontTools (GB2312 hanzi, ASCII, Latin-1, punctuation and the symbols
reports use) and cached in the user's cache folder. WeasyPrint then subsets a 1.6 MB font per
report instead of a 20 MB collection: PDFs about half the size and ~0.1 s faster (see
../shared/notes/pdf-speed.md, recipe 3). Characters outside it fall back to the system font
through the CSS font stack, so nothing is lost; the fonts are OFL-1.1, which allows this.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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


FAMILIES_QUERY = ("fc-list", ":lang=zh-cn", "family")
MATCH_QUERY = ("fc-match", "-f", "%{family[0]}|%{file}", "sans-serif:lang=zh-cn")


def _source_query(family: str, style: str) -> tuple[str, ...]:
    return ("fc-match", "-f", "%{family[0]}|%{file}|%{index}", f"{family}:style={style}")


def _run(*args: str) -> str:
    """One fontconfig query, run when first asked (each answer is cached per process).

    These queries were once started ahead, in parallel with WeasyPrint's import (issue 20
    measured it): a two-vendor PDF from the CLI took 1050 ms with them started ahead and
    1039 ms without (medians of 11 interleaved runs), so the pre-started processes went."""
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
    out = _run(*FAMILIES_QUERY)
    names = {part.strip() for line in out.splitlines() for part in line.split(",")}
    return tuple(sorted(n for n in names if n))


@cache
def cjk_match() -> tuple[str, str]:
    """(family, file) fontconfig picks for Chinese sans-serif text; ('', '') without fc-match."""
    out = _run(*MATCH_QUERY)
    family, _, path = out.partition("|")
    return family, path


def font_stack(faces: tuple[Face, ...] = ()) -> str:
    """The CSS font-family list: the prepared subset when there is one, known CJK families,
    then the one fontconfig actually has."""
    families = ([SUBSET_FAMILY] if faces else []) + list(CJK_STACK)
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


# --- the prepared subset ----------------------------------------------------------------------

SUBSET_FAMILY = "VC Noto Sans CJK SC"
SUBSET_VERSION = "1"
SUBSET_SOURCES = ("Noto Sans CJK SC", "Source Han Sans SC")
WEIGHTS = (("Regular", "normal"), ("Bold", "bold"))
# Blocks besides GB2312: Latin-1, general punctuation (– — “ ” …), letterlike, arrows, maths
# (≤ ≥), enclosed numbers (① for vendor marks), box drawing and shapes (■ ●), symbols (★),
# dingbats (✓), CJK symbols and punctuation, full-width forms.
SUBSET_BLOCKS = (
    (0x0020, 0x007E),
    (0x00A0, 0x00FF),
    (0x2000, 0x206F),
    (0x2100, 0x214F),
    (0x2190, 0x21FF),
    (0x2200, 0x22FF),
    (0x2460, 0x24FF),
    (0x2500, 0x25FF),
    (0x2600, 0x26FF),
    (0x2700, 0x27BF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)


@dataclass(frozen=True)
class Face:
    """One prepared font file and the CSS weight it serves."""

    weight: str
    path: Path


def cache_dir() -> Path:
    """VENDORCHECK_CACHE, else the platform's user cache folder (~/.cache/vendorcheck)."""
    env = os.environ.get("VENDORCHECK_CACHE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("vendorcheck", appauthor=False)


def subset_codepoints() -> set[int]:
    points = {cp for lo, hi in SUBSET_BLOCKS for cp in range(lo, hi + 1)}
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes((b1, b2)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return points


@cache
def subset_source(style: str) -> tuple[Path, int] | None:
    """The installed file and collection index of a subsettable family in `style`."""
    for family in SUBSET_SOURCES:
        out = _run(*_source_query(family, style))
        found, _, rest = out.partition("|")
        path, _, index = rest.partition("|")
        if found == family and path and Path(path).is_file():
            return Path(path), int(index or 0)
    return None


def _target(source: Path, index: int, style: str) -> Path:
    st = source.stat()
    key = f"{SUBSET_VERSION}|{source}|{index}|{st.st_size}|{st.st_mtime_ns}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return cache_dir() / "fonts" / f"vc-cjk-sc-{style.lower()}-{digest}.otf"


def _build(source: Path, index: int, target: Path) -> None:
    """Subset with fontTools (already a WeasyPrint dependency); written whole or not at all."""
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    options = subset.Options()
    # Only the features CJK and Latin text need; all features would drag the collection's
    # Japanese, Korean and Traditional variants along.
    options.layout_features = ["ccmp", "kern", "liga", "calt", "mark", "mkmk"]
    options.hinting = False
    options.name_IDs = ["*"]
    font = TTFont(str(source), fontNumber=index, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset_codepoints())
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        font.save(str(tmp))
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def subset_faces(
    build: bool = True, notify: Callable[[str, str], None] | None = None
) -> tuple[Face, ...]:
    """The prepared Regular and Bold faces, built on first use; () when they cannot be had
    (no Noto/Source Han installed, cache not writable, fontTools failing), and reports then
    use the system font directly: slower and larger, never wrong."""
    if os.environ.get("VENDORCHECK_FONT_SUBSET") == "0":  # opt out (and benchmark baseline)
        return ()
    plan = []
    for style, weight in WEIGHTS:
        src = subset_source(style)
        if src is None:
            return ()
        plan.append((weight, *src, _target(*src, style)))
    missing = [p for p in plan if not p[3].is_file()]
    if missing and not build:
        return ()
    if missing and notify is not None:
        notify(
            "首次生成 PDF：正在准备中文字体子集（只需一次，约 10-20 秒）…",
            "First PDF on this machine: preparing the Chinese font subset "
            "(once only, about 10-20 s)…",
        )
    try:
        _build_all([(source, index, target) for _w, source, index, target in missing])
    except Exception:  # any failure here only costs speed: fall back to the system font
        return ()
    return tuple(Face(weight, target) for weight, _s, _i, target in plan)


def _build_all(jobs: list[tuple[Path, int, Path]]) -> None:
    """Both weights side by side in fresh processes (spawned: safe from a threaded TUI)."""
    if len(jobs) < 2 or (os.cpu_count() or 1) < 2:
        for job in jobs:
            _build(*job)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=len(jobs), mp_context=ctx) as pool:
        for future in [pool.submit(_build, *job) for job in jobs]:
            future.result()


def face_css(faces: tuple[Face, ...]) -> str:
    """@font-face rules for the prepared subset (the fetcher allows exactly these files)."""
    return "".join(
        f'@font-face {{ font-family: "{SUBSET_FAMILY}"; font-weight: {f.weight}; '
        f'src: url("{f.path.as_uri()}"); }}\n'
        for f in faces
    )
