"""One error type for user mistakes, so every shell can show it in one line and exit 2."""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]


class UserError(Exception):
    """A mistake in the user's input (a file, an argument, a value), never a bug of ours.

    Carries the message in both languages; `where` names the file, line or field.
    """

    exit_code = 2

    def __init__(self, en: str, zh: str | None = None, *, where: str | None = None) -> None:
        self.en = en
        self.zh = zh if zh is not None else en
        self.where = where
        super().__init__(self.text("en"))

    def text(self, lang: Lang) -> str:
        msg = self.zh if lang == "zh" else self.en
        return f"{self.where}: {msg}" if self.where else msg


class NotFound(UserError):
    """A vendor, assessment or checklist named by the user does not exist."""


class Conflict(UserError):
    """The action contradicts stored state (a final assessment, an existing name)."""
