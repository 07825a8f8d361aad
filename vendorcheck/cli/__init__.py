"""The `vendorcheck` command: a thin shell over vendorcheck.services.

Each command group lives in its own module here and registers itself on `cli`. User mistakes
(`UserError`) print one line to stderr and exit 2; unexpected failures exit 1.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from vendorcheck import __version__
from vendorcheck.cli.helplang import LANG_META, LangCommand, LangHelp, lang_flag
from vendorcheck.core.errors import Lang
from vendorcheck.i18n import detect_lang, tr
from vendorcheck.launch import failure, open_tui, quiet_stdout

__all__ = ["Ctx", "cli", "main", "pass_ctx"]


@dataclass
class Ctx:
    """What every command needs: where the database is and which language to speak."""

    db_path: Path
    lang: Lang
    _store: Any = field(default=None, repr=False)

    @property
    def store(self) -> Any:
        """The open Store, opened on first use so commands that need no database stay fast."""
        if self._store is None:
            from vendorcheck.store import Store

            self._store = Store.open(self.db_path)
        return self._store

    def t(self, zh: str, en: str) -> str:
        return tr(self.lang, zh, en)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_ctx = click.make_pass_decorator(Ctx)


# The module that registers each command, imported only when that command runs (help lists them
# all), so `vendorcheck` opening the terminal app loads no command module and none of the
# services behind them. tests/test_boundaries.py checks the table against what modules register.
COMMAND_MODULES = {
    **dict.fromkeys(("assess", "compare", "finalize", "score"), "assess"),
    **dict.fromkeys(("due", "history", "search", "verify"), "archive"),
    **dict.fromkeys(("cost", "profile", "quote"), "costs"),
    **dict.fromkeys(("demo", "export", "import"), "data"),
    **dict.fromkeys(("doctor", "report"), "report"),
    "checklist": "checklist",
    **dict.fromkeys(("confirm", "conflict"), "conflict"),
    "contract": "contract",
    "evidence": "evidence",
    "init": "init",
    "questionnaire": "questionnaire",
    "serve": "serve",
    "todo": "todo",
    "vendor": "vendor",
}


class Group(LangHelp, click.Group):
    """Turns user errors into one line and exit status 2, anywhere below it; its commands and
    groups print their help in the chosen language (cli/helplang.py)."""

    command_class = LangCommand
    group_class = type  # subgroups are Groups too

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            ctx.meta[LANG_META] = lang_flag(args)
        return super().parse_args(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if ctx.parent is None and cmd_name not in self.commands:
            if cmd_name in COMMAND_MODULES:
                importlib.import_module(f"{__name__}.{COMMAND_MODULES[cmd_name]}")
            else:
                register_commands()  # a typo: click suggests from every registered command
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        if ctx.parent is None:
            register_commands()
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BaseException as e:
            obj = ctx.find_object(Ctx)
            if obj is not None and type(e).__module__ == "sqlite3":
                from vendorcheck.store.guard import damaged

                e = damaged(e, obj.db_path) or e
            code = failure(e, obj.lang if obj else detect_lang())
            if code is None:
                raise
            ctx.exit(code)


def _default_db() -> Path:
    from vendorcheck.paths import default_db_path

    return default_db_path()


@click.group(
    cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="VENDORCHECK_DB",
    help="Database file (default: the user data folder; env VENDORCHECK_DB). 数据库文件。",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of output and help (default: VENDORCHECK_LANG, else the one chosen in the"
    " terminal app, else the system locale). 输出与帮助的语言。",
)
@click.version_option(__version__, prog_name="vendorcheck")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, lang: str | None) -> None:
    """Vet e-commerce outsourcing vendors. 评估电商外包服务商。

    Run with no command to open the terminal app. 不带子命令运行即打开终端界面。
    """
    obj = Ctx(db_path=db or _default_db(), lang=detect_lang(lang))
    ctx.obj = obj
    ctx.call_on_close(obj.close)
    if ctx.invoked_subcommand is None:
        ctx.invoke(tui)


@cli.command()
@click.option(
    "--demo/--no-demo",
    default=True,
    help="Offer demo data on an empty database. 空库时载入演示数据。",
)
@pass_ctx
def tui(obj: Ctx, demo: bool) -> None:
    """Open the terminal app. 打开终端界面。"""
    open_tui(obj.db_path, obj.lang, demo)


def main() -> None:
    try:
        cli(prog_name="vendorcheck")
    except BrokenPipeError:
        quiet_stdout()
        sys.exit(141)


def register_commands() -> None:
    """Import every command module; each registers its commands on `cli` when imported.

    Command modules keep heavy imports (WeasyPrint, Textual) inside their functions.
    """
    for mod in pkgutil.iter_modules(__path__):
        if mod.name not in ("output", "helplang"):
            importlib.import_module(f"{__name__}.{mod.name}")
