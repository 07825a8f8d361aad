"""Command palette (ctrl+p): every key binding of the current screen and the app, by name.

Built from the bindings themselves, so an action with a key is always in the palette too, in the
current language, with the help text of the `?` screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.markup import escape

from vendorcheck.core.errors import Lang
from vendorcheck.tui.text import HELP, PALETTE_TITLES, action_name, labels_for, tr

Entry = tuple[str, str, str, DOMNode, str]


def _builtin_actions() -> frozenset[str]:
    """Textual's own focus/copy/minimise keys: they work everywhere and need no listing."""
    from textual.app import App
    from textual.screen import Screen

    return frozenset(
        action_name(b.action) if isinstance(b, Binding) else action_name(b[1])
        for b in (*Screen.BINDINGS, *App.BINDINGS)
    ) - {"quit", "command_palette", "help"}


def palette_entries(app: DOMNode, screen: DOMNode) -> Iterator[Entry]:
    """(title, key, help, node, action) for each distinct action bound on `screen` and `app`."""
    lang: Lang = "zh" if getattr(app, "lang", "en") == "zh" else "en"
    seen: set[str] = set()
    for node in (screen, app):
        table = labels_for(node)
        helps = {**HELP, **(getattr(node, "KEY_HELP", None) or {})}
        for _key, binding in node._bindings:
            name = action_name(binding.action)
            if name in seen or name in _builtin_actions() or name in ("command_palette", "answer"):
                continue
            if name not in table and not binding.description:
                continue
            seen.add(name)
            titles = {**table, **PALETTE_TITLES}
            title = tr(lang, titles[name]) if name in titles else binding.description
            hint = tr(lang, helps[name]) if name in helps else ""
            yield title, binding.key_display or binding.key, hint, node, binding.action


class ActionsProvider(Provider):
    """The current screen's and the app's actions as palette commands."""

    def _entries(self) -> list[tuple[str, str, DOMNode, str]]:
        """(title, help line, node, action); the help line starts with the key."""
        return [
            (title, escape(f"{key} · {hint}" if hint else key), node, action)
            for title, key, hint, node, action in palette_entries(self.app, self.screen)
        ]

    async def discover(self) -> Hits:
        for title, hint, node, action in self._entries():
            yield DiscoveryHit(title, partial(self.app.run_action, action, node), help=hint)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, hint, node, action in self._entries():
            score = max(matcher.match(title), matcher.match(action_name(action)))
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.run_action, action, node),
                    help=hint,
                )
