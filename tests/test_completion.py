"""Shell completion for bash, zsh and fish through the real console script (issue 20).

The script is written as pip writes it for `[project.scripts]` (the entry point read from
pyproject.toml), so these tests run what a user's shell runs. Completion is asked for as click's
generated scripts ask: `_VENDORCHECK_COMPLETE=<shell>_complete` with COMP_WORDS / COMP_CWORD in
the environment (click's own test_shell_completion does the same); bash's script is also sourced
into a real bash and its completion function called.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def script(tmp_path: Path) -> Path:
    """`vendorcheck` as pip installs it, in a bin folder of its own."""
    target = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, func = target["vendorcheck"].split(":")
    path = tmp_path / "bin" / "vendorcheck"
    path.parent.mkdir()
    path.write_text(
        f"#!{sys.executable}\nimport sys\nfrom {module} import {func}\n"
        "if __name__ == '__main__':\n"
        "    sys.argv[0] = sys.argv[0].removesuffix('.exe')\n"
        f"    sys.exit({func}())\n"
    )
    path.chmod(0o755)
    return path


@pytest.fixture
def env(tmp_path: Path, script: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("COMP_", "_VENDORCHECK"))}
    return {
        **base,
        "PATH": f"{script.parent}{os.pathsep}{base.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
        "VENDORCHECK_DB": str(tmp_path / "vendorcheck.db"),
        "VENDORCHECK_CONFIG": str(tmp_path / "config.toml"),
        "VENDORCHECK_LANG": "en",
    }


def complete(script: Path, env: dict[str, str], shell: str, **comp: str) -> list[str]:
    r = subprocess.run(
        [str(script)],
        env={**env, "_VENDORCHECK_COMPLETE": f"{shell}_complete", **comp},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0 and r.stderr == "", r.stderr
    return r.stdout.splitlines()


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o nosort -F _vendorcheck_completion vendorcheck"),
        ("zsh", "compdef _vendorcheck_completion vendorcheck"),
        (
            "fish",
            'complete --no-files --command vendorcheck --arguments "(_vendorcheck_completion)"',
        ),
    ],
)
def test_source_prints_clicks_completion_script_not_the_app(
    script: Path, env: dict[str, str], tmp_path: Path, shell: str, marker: str
) -> None:
    """`_VENDORCHECK_COMPLETE=bash_source vendorcheck` opened the terminal app before."""
    r = subprocess.run(
        [str(script)],
        env={**env, "_VENDORCHECK_COMPLETE": f"{shell}_source"},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0, r.stderr
    assert marker in r.stdout
    assert f"_VENDORCHECK_COMPLETE={shell}_complete" in r.stdout
    assert "\x1b[" not in r.stdout  # no terminal app drawn
    assert not (tmp_path / "vendorcheck.db").exists()  # and no database opened


def test_bash_completes_commands_subcommands_options_and_choices(
    script: Path, env: dict[str, str]
) -> None:
    def bash(words: str, cword: int) -> list[str]:
        return complete(script, env, "bash", COMP_WORDS=words, COMP_CWORD=str(cword))

    assert bash("vendorcheck ven", 1) == ["plain,vendor"]
    assert {"plain,assess", "plain,report", "plain,contract", "plain,tui"} <= set(
        bash("vendorcheck ", 1)
    )
    assert {"plain,add", "plain,list", "plain,show"} <= set(bash("vendorcheck vendor ", 2))
    assert bash("vendorcheck --la", 1) == ["plain,--lang"]
    assert bash("vendorcheck --lang ", 2) == ["plain,zh", "plain,en"]
    assert "plain,--credit-code" in bash("vendorcheck vendor add --", 3)
    assert "plain,--no-demo" in bash("vendorcheck tui --", 2)


def test_zsh_completes_with_help_texts(script: Path, env: dict[str, str]) -> None:
    out = complete(script, env, "zsh", COMP_WORDS="vendorcheck vendor ", COMP_CWORD="2")
    items = {out[i + 1]: out[i + 2] for i in range(0, len(out), 3) if out[i] == "plain"}
    assert "add" in items and "list" in items
    assert items["add"].startswith("Add a vendor")
    out = complete(script, env, "zsh", COMP_WORDS="vendorcheck --lang ", COMP_CWORD="2")
    assert out == ["plain", "zh", "_", "plain", "en", "_"]


def test_fish_completes_the_partial_word(script: Path, env: dict[str, str]) -> None:
    out = complete(script, env, "fish", COMP_WORDS="vendorcheck ven", COMP_CWORD="ven")
    assert [line.split("\t")[0] for line in out] == ["plain,vendor"]
    out = complete(script, env, "fish", COMP_WORDS="vendorcheck vendor add --cr", COMP_CWORD="--cr")
    assert [line.split("\t")[0] for line in out] == ["plain,--credit-code"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_real_bash_sources_the_script_and_completes(script: Path, env: dict[str, str]) -> None:
    """What a user's ~/.bashrc does: eval the script, then press tab after `vendorcheck vendor a`."""
    program = (
        'eval "$(_VENDORCHECK_COMPLETE=bash_source vendorcheck)"\n'
        "COMP_WORDS=(vendorcheck vendor a); COMP_CWORD=2\n"
        "_vendorcheck_completion vendorcheck\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    r = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["add"]


@pytest.mark.parametrize(
    ("args", "environ", "fast"),
    [
        ([], {}, True),
        ([], {"VENDORCHECK_DB": "x.db", "VENDORCHECK_LANG": "zh"}, True),
        ([], {"VENDORCHECK_DB": ""}, True),  # empty: the default file, as click has it
        ([], {"VENDORCHECK_DB": "."}, False),  # a folder: click words the error
        ([], {"_VENDORCHECK_COMPLETE": "bash_source"}, False),
        (["tui"], {}, False),
        (["--db", "x.db"], {}, False),
        (["--help"], {}, False),
    ],
)
def test_only_a_bare_vendorcheck_skips_click(
    args: list[str], environ: dict[str, str], fast: bool
) -> None:
    from vendorcheck.entry import bare

    assert bare(args, environ) is fast


def test_app_options_open_the_app_through_click(
    script: Path, env: dict[str, str], tmp_path: Path
) -> None:
    """`vendorcheck --lang xx` is click's to refuse (the hand parser it replaced did the same)."""
    r = subprocess.run(
        [str(script), "--lang", "fr"], env=env, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 2 and "'fr' is not one of" in r.stderr
    folder = tmp_path / "adir"
    folder.mkdir()
    r = subprocess.run(
        [str(script)], env={**env, "VENDORCHECK_DB": str(folder)}, capture_output=True, text=True
    )
    assert r.returncode == 2 and "is a directory" in r.stderr
