"""The baseline of benchmarks/tui.py: a bare Textual app showing a 20-row DataTable.

Run by path (`python benchmarks/_bare_tui.py`), never imported, so it pays for nothing but
Textual itself. Row names follow the same `BV0000` pattern the benchmark waits for.
"""

import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 20  # more rows only to diagnose a slow home


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("vendor", "score", "grade", "verdict")
        for i in range(ROWS):
            table.add_row(f"BV{i:04d}", f"{50 + i:.1f}", "B", "acceptable")


if __name__ == "__main__":
    Bare().run()
