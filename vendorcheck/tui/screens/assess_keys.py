"""How the assessment screen answers keys it will not act on, F1, and the section picker.

Every refused key says why (`y` on a 1-3 question, a letter in a number field, a digit past the
last option), in the status line and a notice, never silence. F1 explains the focused widget and
the question on screen. `s` (or F4, or the palette's "Jump to section") opens a list of the
sections with answered/total; each section is also a palette command of its own.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from vendorcheck.core.models import Question
from vendorcheck.tui.commands import node_bindings
from vendorcheck.tui.screens.dialogs import Dialog
from vendorcheck.tui.text import action_name, tr
from vendorcheck.tui.widgets.assessment import NUMBER_CHARS, section_prompt

if TYPE_CHECKING:
    from textual.app import ComposeResult


def _kind_text(q: Question, lang: str) -> tuple[str, str]:
    """How question `q` is answered, as (zh, en)."""
    n = len(q.options) if q.kind == "choice" else 5
    if q.kind == "yes_no":
        return (
            "这是是/否题：按 y、n 或 u（不清楚）",
            "This is a yes/no question: y, n or u (unknown)",
        )
    if q.kind in ("choice", "rating"):
        return (
            f"这道题有 1-{n} 个选项：按 1-{n}，或 u（不清楚）",
            f"This question has options 1-{n}: press 1-{n}, or u",
        )
    if q.kind == "number":
        return (
            "这是数字题：在输入框里输入数字（如 2.5），回车保存",
            "This is a number question: type a number (e.g. 2.5), enter saves",
        )
    return (
        "这是文字题：在输入框里输入，回车保存",
        "This is a text question: type in the field, enter saves",
    )


class KeyFeedback:
    """Mixed into AssessmentScreen (which has `question`, `final`, `t`, `lang`, `check_action`)."""

    final: bool

    @property
    def question(self) -> Question:
        raise NotImplementedError  # AssessmentScreen's

    def refusal(self, action: str) -> str | None:
        """Why the key bound to `action` does nothing on this question (None: it acts)."""
        screen: Any = self
        name = action_name(action)
        if screen.final and name.startswith("answer"):
            return str(screen._read_only_text())
        if name in ("answer_yes", "answer_no", "answer"):
            return tr(screen.lang, _kind_text(self.question, screen.lang))
        if name == "confirm_suggestion":
            return str(
                screen.t(
                    "这道题没有待确认的合同建议（按 l 载入合同）",
                    "No contract suggestion to confirm here (l loads a contract)",
                )
            )
        if name in ("page_prev", "page_next"):
            return str(screen.t("不在输入框中时请用 ← →", "Outside a field, ← → move questions"))
        return None

    def refuse(self, text: str) -> None:
        screen: Any = self
        if getattr(self, "_last_refusal", None) == (text, screen.index):
            return  # said once per question: a held key does not stack notices
        self._last_refusal = (text, screen.index)
        screen._set_status(text, "bold yellow")
        screen.notify(text, severity="warning", timeout=4, markup=False)

    def on_key(self, event: events.Key) -> None:
        """A bound key the question refuses, a letter in a number field, or a key that is no key
        here: each says why (the binding itself runs later, at the app, when it is enabled)."""
        screen: Any = self
        if not hasattr(screen, "order") or event.key in ("tab", "shift+tab"):
            return
        mine = [b for b in node_bindings(screen.app, screen) if b.key == event.key]
        if mine:
            b = mine[0]
            args = (
                tuple(int(a) for a in b.action[b.action.find("(") + 1 : -1].split(",") if a)
                if "(" in b.action
                else ()
            )
            if not screen.check_action(action_name(b.action), args):
                reason = self.refusal(b.action)
                if reason:
                    self.refuse(reason)
            return
        if event.key in screen.app.active_bindings or not event.is_printable:
            return
        focused = screen.focused
        if isinstance(focused, Input) and getattr(focused, "numeric", False):
            if event.character not in NUMBER_CHARS:
                self.refuse(
                    screen.t(
                        f"“{event.character}”不是数字：数字题只接受 0-9 . - e（如 2.5 或 1e3）",
                        f"'{event.character}' is not part of a number: a number field takes 0-9 . - e",
                    )
                )
        elif not isinstance(focused, Input):
            self.refuse(
                screen.t(
                    f"“{event.character}”在这里没有作用：按 ? 查看全部按键",
                    f"'{event.character}' does nothing here: ? lists every key",
                )
            )

    # --- F1 -------------------------------------------------------------------------------------

    def focus_help(self) -> str:
        """F1's text: the focused widget, then how this question is answered and its help."""
        screen: Any = self
        t, q, lang = screen.t, self.question, screen.lang
        wid = getattr(screen.focused, "id", None)
        field = {
            "options": t(
                "答案列表：↑↓ 选择，回车保存并前往下一题",
                "The answer list: ↑↓ choose, enter saves and moves on",
            ),
            "value": t(
                "答案输入框：回车保存；PgUp/PgDn 在题目间移动",
                "The answer field: enter saves; PgUp/PgDn move between questions",
            ),
            "note": t(
                "备注：写下补充说明，停顿即自动保存；esc 回到答案",
                "Note: anything to add, saved as you pause; esc goes back to the answer",
            ),
            "evidence": t(
                "证据：在哪里核实的（截图、链接、合同条款），自动保存",
                "Evidence: where you checked it (screenshot, link, clause), saved as you type",
            ),
            "sections": t(
                "部分列表：↑↓ 选择，回车跳到该部分第一道未答题",
                "The section list: ↑↓ choose, enter jumps to its first open question",
            ),
        }.get(
            wid or "",
            t(
                "按 tab 在答案、备注和证据之间移动",
                "tab moves between the answer, note and evidence",
            ),
        )
        lines = [field, "", q.prompt.get(lang), tr(lang, _kind_text(q, lang))]
        if q.help:
            lines += ["", q.help.get(lang)]
        why = getattr(screen, "_why", {}).get(q.id)
        if why:
            lines += ["", t("合同建议的依据：", "Why the contract suggests it: ") + why]
        lines += [
            "",
            t(
                "s 或 F4：跳到某个部分；? 列出全部按键",
                "s or F4: jump to a section; ? lists every key",
            ),
        ]
        return "\n".join(lines)

    # --- sections ---------------------------------------------------------------------------------

    def action_pick_section(self) -> None:
        screen: Any = self
        screen._flush()
        current = screen._section_index(self.question.id)
        screen.app.push_screen(SectionPicker(screen.result.sections, current), self._section_chosen)

    def _section_chosen(self, index: int | None) -> None:
        if index is not None:
            self.jump_to_section(index)

    def jump_to_section(self, index: int) -> None:
        """The first unanswered question of section `index` that applies, else its first."""
        screen: Any = self
        section = screen.checklist.sections[index]
        first = screen.ids.index(section.questions[0].id)
        span = range(first, first + len(section.questions))
        open_ = [i for i in span if screen.ids[i] not in screen.answers and screen._applies(i)]
        screen._move(open_[0] if open_ else screen._step(first, 1) or first)


class SectionPicker(Dialog[int | None]):
    """Pick a section (↑↓ enter, or its number); escape keeps the question where it is."""

    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "cancel", "Back", show=False, id="sections.cancel"),
        *(Binding(str(i), f"pick({i})", show=False, id=f"sections.pick_{i}") for i in range(1, 10)),
    ]

    def __init__(self, sections: list[Any], current: int) -> None:
        super().__init__()
        self.sections, self.current = sections, current

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical
        from textual.widgets import Label

        app: Any = self.app
        with Vertical(id="dialog", classes="dialog"):
            yield Label(
                app.t(
                    "跳到哪个部分？（回车或数字键）", "Jump to which section? (enter or its number)"
                ),
                id="message",
            )
            yield OptionList(
                *(
                    Option(
                        f"{i + 1}. " + section_prompt(s, app.lang, i == self.current).plain,
                        id=str(i),
                    )
                    for i, s in enumerate(self.sections)
                ),
                id="section-list",
            )

    def on_mount(self) -> None:
        picker = self.query_one("#section-list", OptionList)
        picker.highlighted = self.current
        picker.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_pick(self, number: int) -> None:
        if number <= len(self.sections):
            self.dismiss(number - 1)
        else:
            app: Any = self.app
            n = len(self.sections)
            self.notify(app.t(f"只有 {n} 个部分", f"There are {n} sections"), severity="warning")

    def action_cancel(self) -> None:
        self.dismiss(None)


class SectionsProvider(Provider):
    """Each section of the open assessment as a palette command ("Section 3: …")."""

    def _entries(self) -> list[tuple[str, Any]]:
        screen: Any = self.screen
        if not hasattr(screen, "jump_to_section"):
            return []
        lang = screen.lang
        return [
            (
                tr(
                    lang,
                    (f"跳到第 {i + 1} 部分：{s.title.zh}", f"Go to section {i + 1}: {s.title.en}"),
                ),
                partial(screen.jump_to_section, i),
            )
            for i, s in enumerate(screen.checklist.sections)
        ]

    async def discover(self) -> Hits:
        for title, callback in self._entries():
            yield DiscoveryHit(title, callback)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback)
