"""What every screen of the shell shares: the app's store, `t(zh, en)`, and form buttons."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any, ClassVar, ParamSpec, TypeVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Button, Input

from vendorcheck.core.errors import Lang, UserError

R = TypeVar("R")
P = ParamSpec("P")
STYLES = Path(__file__).resolve().parent.parent / "styles"


def styles(*names: str) -> list[str | PurePath]:
    """A screen's own stylesheets: Textual reads them when the screen is first shown, so the
    app's start parses only home's (absolute, so a subclass in another folder finds them too)."""
    return [STYLES / name for name in names]


def user_errors(method: Callable[P, None]) -> Callable[P, None]:
    """A UserError inside a screen action becomes a one-line notice, never a crash.

    (Textual stops a widget's message loop on any exception, so it must be caught here.)
    """

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            method(*args, **kwargs)
        except UserError as e:
            screen = args[0]
            screen.app.show_error(e)  # type: ignore[attr-defined]

    return wrapper


def bug_error(file: Path, error: Exception) -> UserError:
    """An unexpected failure while a worker read `file`, worded as the one bilingual line a
    user error gets (the app keeps running; the message asks for a report, issue 20)."""
    what = f"{type(error).__name__}: {error}"
    return UserError(
        f"could not read the file (a bug in vendorcheck, please report it): {what}",
        f"读取该文件时出错（vendorcheck 的程序问题，请报告）：{what}",
        where=str(file),
    )


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

    CSS_PATH = styles("forms.tcss")

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
