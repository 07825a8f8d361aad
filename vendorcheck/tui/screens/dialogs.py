"""Modal dialogs every screen uses: a yes/no confirmation and a one-line text prompt."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from vendorcheck.tui.screens.base import styles

R = TypeVar("R")


class Dialog(ModalScreen[R]):
    """A modal box over the screen that opened it (styles/dialogs.tcss)."""

    CSS_PATH = styles("dialogs.tcss")


class ConfirmScreen(Dialog[bool]):
    """Ask before anything that cannot be undone; `y`/enter confirms, `n`/escape refuses."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", show=False),
        Binding("n,escape", "answer(False)", show=False),
    ]

    def __init__(self, zh: str, en: str, *, danger: bool = True) -> None:
        super().__init__()
        self.zh, self.en, self.danger = zh, en, danger

    def compose(self) -> ComposeResult:
        t = self.app.t  # type: ignore[attr-defined]
        with Vertical(id="dialog", classes="dialog"):
            yield Label(t(self.zh, self.en), id="message")
            with Horizontal(classes="buttons"):
                yield Button(
                    t("确定 (y)", "Yes (y)"),
                    id="yes",
                    variant="error" if self.danger else "primary",
                )
                yield Button(t("取消 (n)", "No (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no" if self.danger else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class TextPrompt(Dialog[str | None]):
    """One line of text; enter returns it, escape returns None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, zh: str, en: str, value: str = "") -> None:
        super().__init__()
        self.zh, self.en, self.value = zh, en, value

    def compose(self) -> ComposeResult:
        t = self.app.t  # type: ignore[attr-defined]
        with Vertical(id="dialog", classes="dialog"):
            yield Label(t(self.zh, self.en), id="message")
            yield Input(self.value, id="prompt")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoicePrompt(Dialog[str | None]):
    """Pick one of a few options (e.g. which checklist); enter picks, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, zh: str, en: str, options: list[tuple[str, str]], default: str = "") -> None:
        super().__init__()
        self.zh, self.en, self.options, self.default = zh, en, options, default

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

        t = self.app.t  # type: ignore[attr-defined]
        with Vertical(id="dialog", classes="dialog"):
            yield Label(t(self.zh, self.en), id="message")
            yield OptionList(*(Option(label, id=key) for key, label in self.options), id="choices")

    def on_mount(self) -> None:
        from textual.widgets import OptionList

        choices = self.query_one("#choices", OptionList)
        keys = [k for k, _ in self.options]
        choices.highlighted = keys.index(self.default) if self.default in keys else 0
        choices.focus()

    def on_option_list_option_selected(self, event: Any) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
