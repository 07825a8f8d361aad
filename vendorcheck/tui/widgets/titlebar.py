"""The one-line title bar at the top of every screen.

Textual's Header draws the same line with four widgets (container, icon, title, clock space); the
first frame of home pays for each (~7 ms of a ~350 ms start), so this is one Static that follows
the same titles. A click on it opens the command palette, as Header's icon does.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-align: center;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            self.watch(owner, "title", self._retitle, init=False)
            self.watch(owner, "sub_title", self._retitle, init=False)
        self._retitle()

    def _retitle(self, *_: Any) -> None:
        """The screen's title and subtitle where it sets them, else the app's (as Header)."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub = screen.sub_title if screen.sub_title is not None else app.sub_title
        self.update(app.format_title(title, sub))

    def on_click(self) -> None:
        self.app.action_command_palette()
