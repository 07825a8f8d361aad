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
from vendorcheck.tui.text import (
    HELP,
    PALETTE_TITLES,
    action_name,
    builtin_actions,
    labels_for,
    tr,
)

Entry = tuple[str, str, str, DOMNode, str]


def _covered(display: str, displays: list[str]) -> bool:
    """`3` is covered by a range `1-9` shown for the same action."""
    return any(
        "-" in d and d != display and d.split("-")[0] <= display <= d.split("-")[-1]
        for d in displays
    )


def _keys_text(app: DOMNode, bindings: list[Binding]) -> str:
    """Every key of one action as the user presses it (after their keymap), e.g. `d, delete`."""
    shown: list[str] = []
    for b in bindings:
        display = b.key_display or getattr(app, "get_key_display", lambda x: x.key)(b)
        if display not in shown:
            shown.append(display)
    return ", ".join(d for d in shown if not _covered(d, shown))


def node_bindings(app: DOMNode, node: DOMNode) -> list[Binding]:
    """`node`'s bindings with the user's keymap applied (what the keys really are)."""
    bmap = node._bindings.copy()
    keymap = getattr(app, "_keymap", None)
    if keymap:
        bmap.apply_keymap(keymap)
    return [b for _key, b in bmap]


def palette_entries(app: DOMNode, screen: DOMNode, *, every: bool = False) -> Iterator[Entry]:
    """(title, keys, help, node, action) for each distinct action bound on `screen` and `app`;
    `every`: also the answer keys 1-9 (the `?` list), which the palette leaves out."""
    lang: Lang = "zh" if getattr(app, "lang", "en") == "zh" else "en"
    seen: set[str] = set()
    skip = {"command_palette"} | (set() if every else {"answer"})
    for node in (screen, app):
        table = labels_for(node)
        helps = {**HELP, **(getattr(node, "KEY_HELP", None) or {})}
        titles = {**table, **PALETTE_TITLES}
        grouped: dict[str, list[Binding]] = {}
        for binding in node_bindings(app, node):
            name = action_name(binding.action)
            if name in seen or name in builtin_actions() or name in skip:
                continue
            if name in table or binding.description:
                grouped.setdefault(name, []).append(binding)
        for name, bindings in grouped.items():
            seen.add(name)
            first = bindings[0]
            title = tr(lang, titles[name]) if name in titles else first.description
            hint = tr(lang, helps[name]) if name in helps else ""
            yield title, _keys_text(app, bindings), hint, node, first.action


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
