"""Re-export of vendorcheck.settings (moved below the layers so vendorcheck.i18n, which the renderer
imports, no longer reaches up into services; issue 20)."""

from vendorcheck.settings import TABLES, load, load_keymap, save

__all__ = ["TABLES", "load", "load_keymap", "save"]
