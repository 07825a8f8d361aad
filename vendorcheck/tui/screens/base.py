"""What every screen of the shell shares: the app's store, `t(zh, en)`, and form buttons."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Button, Input

from vendorcheck.core.errors import Lang

R = TypeVar("R")


class AppScreen(Screen[R]):
    """A screen of VendorcheckApp: reads the store and the language from the app."""

    @property
    def store(self) -> Any:
        return self.app.store  # type: ignore[attr-defined]

    @property
    def lang(self) -> Lang:
        return self.app.lang  # type: ignore[attr-defined, no-any-return]

    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en


class FormScreen(AppScreen[R]):
    """A form: enter in a field, the save button or ctrl+s saves; escape or cancel leaves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel", key_display="esc"),
    ]

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
