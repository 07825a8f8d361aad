"""Small text helpers shared by the screens: CJK-aware padding, verdict colours, key labels.

Footer and palette labels are looked up by action name, so switching language relabels every
binding without each screen redefining its BINDINGS.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import TYPE_CHECKING

from rich.cells import cell_len

from vendorcheck.core.errors import Lang

if TYPE_CHECKING:
    from textual.dom import DOMNode

VERDICT_STYLE: dict[str, str] = {
    "recommended": "bold green",
    "acceptable": "green",
    "caution": "yellow",
    "reject": "bold red",
    "incomplete": "bold cyan",
}

# action name -> (zh, en); used for footer descriptions, the palette and the `?` screen.
LABELS: dict[str, tuple[str, str]] = {
    "toggle_lang": ("中/EN", "中/EN"),
    "help": ("按键", "Keys"),
    "quit": ("退出", "Quit"),
    "command_palette": ("命令", "Commands"),
    "change_theme": ("主题", "Theme"),
    "open": ("打开", "Open"),
    "add": ("新增", "Add"),
    "delete": ("删除", "Delete"),
    "mark": ("标记", "Mark"),
    "compare": ("对比", "Compare"),
    "export": ("导出", "Export"),
    "quote": ("报价", "Quote"),
    "profile": ("店铺档案", "Shop profile"),
    "focus_filter": ("筛选", "Filter"),
    "sort": ("排序", "Sort"),
    "reassess": ("重新评估", "Re-assess"),
    "load_demo": ("载入演示数据", "Load demo data"),
    "back": ("返回", "Back"),
    "save": ("保存", "Save"),
    "cancel": ("取消", "Cancel"),
}

# Palette titles where the footer's short label would be too terse to search for.
PALETTE_TITLES: dict[str, tuple[str, str]] = {
    "toggle_lang": ("切换语言 / Switch language", "Switch language / 切换语言"),
}

# Longer explanations for the palette and the `?` screen.
HELP: dict[str, tuple[str, str]] = {
    "toggle_lang": ("在中文和英文之间切换", "Switch between Chinese and English"),
    "help": ("列出当前界面的按键", "List the keys of this screen"),
    "quit": ("退出程序（所有回答已即时保存）", "Quit (every answer is already saved)"),
    "change_theme": ("选择配色主题，下次启动仍然生效", "Pick a colour theme, kept for next time"),
    "open": ("打开所选服务商的评估（继续草稿）", "Open the selected vendor's assessment (resume)"),
    "add": ("录入新的服务商并开始评估", "Enter a new vendor and start assessing it"),
    "delete": ("删除所选服务商及其全部评估", "Delete the selected vendor and its assessments"),
    "mark": ("标记/取消标记服务商以便对比", "Mark or unmark a vendor for comparison"),
    "compare": ("并排对比已标记的 2-8 个服务商", "Compare the 2-8 marked vendors side by side"),
    "export": ("把所选服务商或对比导出为报告", "Export the selected vendor or comparison"),
    "quote": ("录入所选服务商的报价", "Enter the selected vendor's quote"),
    "profile": ("填写店铺档案，用于测算月度成本", "Fill in the shop profile used for costs"),
    "focus_filter": ("按名称筛选（无匹配时搜索备注与证据）", "Filter by name (or search notes)"),
    "sort": ("按下一列排序，再按一次反向", "Sort by the next column; again to reverse"),
    "reassess": ("基于上次评估开始新一轮评估", "Start a re-assessment prefilled from the last"),
    "load_demo": ("载入演示服务商、评估和报价", "Load demo vendors, assessments and quotes"),
    "back": ("返回上一屏", "Go back"),
    "save": ("保存表单", "Save the form"),
    "cancel": ("放弃并返回", "Discard and go back"),
}


def tr(lang: Lang, pair: tuple[str, str]) -> str:
    return pair[0] if lang == "zh" else pair[1]


def pad(text: str, width: int) -> str:
    """Left-align `text` in `width` terminal cells (a CJK character takes two)."""
    return text + " " * max(0, width - cell_len(text))


def action_name(action: str) -> str:
    """`app.sort('name')` -> `sort`: the key used in LABELS and HELP."""
    return action.split("(", 1)[0].rsplit(".", 1)[-1]


def labels_for(node: DOMNode) -> dict[str, tuple[str, str]]:
    """LABELS plus the node's own `KEY_LABELS` class attribute (screens of other helpers add theirs)."""
    return {**LABELS, **(getattr(node, "KEY_LABELS", None) or {})}


def binding_id(node: DOMNode, action: str) -> str:
    """The id a binding without one gets: `<screen>.<action>` (`answer(3)` -> `answer_3`), the name
    users give in the settings file's [keymap] to remap it."""
    prefix = getattr(node, "BINDING_PREFIX", None) or type(node).__name__.removesuffix("Screen")
    return f"{prefix.lower()}.{re.sub(r'[^A-Za-z0-9]+', '_', action).strip('_')}"


@functools.cache
def builtin_actions() -> frozenset[str]:
    """Textual's own focus/copy/minimise keys: they work everywhere and need no listing."""
    from textual.app import App
    from textual.binding import Binding
    from textual.screen import Screen

    return frozenset(
        action_name(b.action) if isinstance(b, Binding) else action_name(b[1])
        for b in (*Screen.BINDINGS, *App.BINDINGS)
    ) - {"quit", "command_palette", "help"}


def localise_bindings(node: DOMNode, lang: Lang) -> None:
    """Rewrite the footer descriptions of `node`'s bindings in `lang`; give every binding of ours
    an id (Textual's own focus/copy keys keep theirs: none)."""
    table = labels_for(node)
    bmap = node._bindings
    for key, bindings in list(bmap.key_to_bindings.items()):
        out = []
        for b in bindings:
            name = action_name(b.action)
            if name in table and b.description:
                b = dataclasses.replace(b, description=tr(lang, table[name]))
            if b.id is None and name not in builtin_actions():
                b = dataclasses.replace(b, id=binding_id(node, b.action))
            out.append(b)
        bmap.key_to_bindings[key] = out
