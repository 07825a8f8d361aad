"""Output for commands: JSON for scripts, CSV for spreadsheets, tables (CJK-aligned) for people."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def format_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    """The shared `--format` option, limited to what the command can produce."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format. 输出格式。",
    )


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def emit_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(headers)
    w.writerows(rows)


def emit_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    justify: Sequence[str] | None = None,
) -> None:
    """A table whose columns line up with Chinese text too (rich measures cell widths)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for i, h in enumerate(headers):
        table.add_column(h, justify=(justify[i] if justify else "left"), overflow="fold")  # type: ignore[arg-type]
    for r in rows:
        # Text, not markup: a vendor named "[bold]x" or a "[suggested]" marker prints as written.
        table.add_row(*(Text("" if c is None else str(c)) for c in r))
    console = Console(width=None if sys.stdout.isatty() else 160, highlight=False, soft_wrap=False)
    console.print(table)
