"""The issue's done-when: a crash (kill -9) of the program mid-way loses nothing.

A merchant starts the real program in a real terminal (tmux), adds a vendor through the form,
starts its assessment, and the process is killed with SIGKILL while the screen is open. Reopened
(fresh processes of the real CLI), the vendor and its draft are there; with the assessment screen,
every answer given and the question they were on are there too, and the app itself resumes on it.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

from tests.conftest import CLI
from tests.tui_harness import (
    Tmux,
    add_vendor_in_form,
    answers_of,
    clean_env,
    find_and_open,
    open_home_with_demo,
    require_assessment_screen,
    vendorcheck_argv,
)
from vendorcheck.services import catalog

NEW_VENDOR = "宁波海蓝客服外包有限公司"
# The first questions of cs-outsourcing are yes/no; the merchant answers three of them.
GIVEN = {"qual.licence_checked": "yes", "qual.business_scope": "no", "qual.invoice": "yes"}


def stored_assessment(run_cli: CLI, vendor: str) -> dict[str, Any]:
    """The vendor's only assessment row as `vendorcheck export` writes it (status, position...)."""
    r = run_cli("export")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    vid = next(v["id"] for v in doc["vendors"] if v["name"] == vendor)
    mine = [a for a in doc["assessments"] if a["vendor_id"] == vid]
    assert len(mine) == 1, mine
    return dict(mine[0])


def kill_9(term: Tmux) -> None:
    os.kill(term.pid(), signal.SIGKILL)
    assert term.wait_exit() == -signal.SIGKILL


def test_kill_9_after_adding_a_vendor(tmp_path: Path, db_path: Path, run_cli: CLI) -> None:
    """The vendor typed into the form and its new draft survive a SIGKILL right after."""
    term = Tmux(tmp_path, clean_env(tmp_path, "zh"))
    try:
        open_home_with_demo(term, db_path)
        add_vendor_in_form(term, NEW_VENDOR)
        # the checklist was chosen: the draft exists once home no longer shows the prompt
        term.wait_for(lambda s: "选择评估清单" not in s)
        kill_9(term)
    finally:
        term.kill_server()
    shown = run_cli("vendor", "show", NEW_VENDOR, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    assert NEW_VENDOR in shown.stdout
    row = stored_assessment(run_cli, NEW_VENDOR)
    assert row["status"] == "draft"
    sha = row["checklist_sha256"]
    r = run_cli("export")
    assert any(
        c["sha256"] == sha and c["checklist_id"] == "cs-outsourcing"
        for c in json.loads(r.stdout)["checklists"]
    )


def test_kill_9_mid_assessment_loses_nothing(tmp_path: Path, db_path: Path, run_cli: CLI) -> None:
    require_assessment_screen()
    checklist = catalog.get("cs-outsourcing")
    order = [q.id for q in checklist.questions()]
    assert order[: len(GIVEN)] == list(GIVEN), "the checklist's first questions changed"
    # the start of each prompt (a whole prompt may wrap in the question pane)
    prompt = {q.id: q.prompt.zh[:10] for q in checklist.questions()}
    resumed = order[len(GIVEN)]
    term = Tmux(tmp_path, clean_env(tmp_path, "zh"))
    try:
        open_home_with_demo(term, db_path)
        add_vendor_in_form(term, NEW_VENDOR)  # the new draft opens on its first question
        term.wait_for(prompt[order[0]])
        for i, value in enumerate(GIVEN.values(), 1):
            term.send({"yes": "y", "no": "n"}[value])
            term.wait_for(f"已保存：第 {i} 题")  # shown once the answer is committed
        term.wait_for(prompt[resumed])
        kill_9(term)
    finally:
        term.kill_server()
    assert {k: v for k, v in answers_of(run_cli, NEW_VENDOR).items() if k in GIVEN} == GIVEN
    row = stored_assessment(run_cli, NEW_VENDOR)
    assert row["status"] == "draft"
    assert row["position"] == resumed
    # and the program, started again, opens the vendor on the question it was killed on
    term = Tmux(tmp_path, clean_env(tmp_path, "zh"))
    try:
        term.start(vendorcheck_argv("--db", str(db_path)))
        term.wait_for(NEW_VENDOR)
        find_and_open(term, NEW_VENDOR)
        screen = term.wait_for(prompt[resumed])
        # issue 19 item 7: the where-line counts what "完成度" counts (71 questions that score)
        assert "第 4/8 题（总第 4/71 题）" in screen and "已答 3/8" in screen
        assert "(3/71)" in screen
        term.send("C-q")
        assert term.wait_exit() == 0
    finally:
        term.kill_server()
