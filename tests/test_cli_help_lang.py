"""CLI help in the chosen language (issue 19 item 6): `--lang`, VENDORCHECK_LANG or the language
remembered from the terminal app's f2; bilingual only when nothing is chosen. Real CLI runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import CLI

CJK = re.compile(r"[\u3400-\u9fff]")
NO_CHOICE = {"VENDORCHECK_LANG": "", "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


def _outside_examples(text: str) -> str:
    """The help without the indented example lines of a `\\b` block (vendor names stay Chinese)."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("    "))


def test_lang_flag_prints_help_in_english_only(run_cli: CLI) -> None:
    r = run_cli("--lang", "en", "--help", lang="")
    assert r.returncode == 0, r.stderr
    assert "Vet e-commerce outsourcing vendors." in r.stdout
    assert "Show this message and exit." in r.stdout
    assert not CJK.search(r.stdout), r.stdout


def test_environment_prints_subcommand_help_in_chinese_only(run_cli: CLI) -> None:
    r = run_cli("vendor", "add", "--help", lang="zh")
    assert r.returncode == 0, r.stderr
    assert "添加服务商。" in r.stdout and "统一社会信用代码。" in r.stdout
    assert "用法：" in r.stdout and "显示本帮助并退出。" in r.stdout
    assert "Add a vendor" not in r.stdout and "Unified social credit code" not in r.stdout


def test_the_flag_beats_the_environment_even_before_help(run_cli: CLI) -> None:
    r = run_cli("--lang", "zh", "--help", lang="en")
    assert "评估电商外包服务商。" in r.stdout and "Vet e-commerce" not in r.stdout
    # the command list is cut from the Chinese half, not from both
    assert re.search(r"report\s+生成给客户的报告", r.stdout), r.stdout


def test_the_language_remembered_by_the_app_picks_the_help(run_cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('lang = "zh"\n', encoding="utf-8")
    r = run_cli("score", "--help", env=NO_CHOICE)
    assert "查看服务商最新评估的得分。" in r.stdout and "Score VENDOR" not in r.stdout


def test_no_choice_keeps_help_bilingual(run_cli: CLI) -> None:
    r = run_cli("vendor", "add", "--help", env=NO_CHOICE)
    assert "Add a vendor. 添加服务商。" in r.stdout
    assert "Usage:" in r.stdout


@pytest.mark.parametrize(
    "command",
    [["assess"], ["report"], ["todo"], ["profile"], ["cost"], ["export"], ["verify"]],
)
def test_each_half_leaves_out_the_other_language(run_cli: CLI, command: list[str]) -> None:
    en = run_cli(*command, "--help", lang="en").stdout
    zh = run_cli(*command, "--help", lang="zh").stdout
    assert not CJK.search(_outside_examples(en).replace("客服询单销售额", "")), en
    assert CJK.search(zh) and "Show this message" not in zh
    assert len(zh) < len(run_cli(*command, "--help", env=NO_CHOICE).stdout)
