"""The real program in a real terminal (tmux): demo vendors shown, one answer given, a clean quit.

What a merchant does on first start: `vendorcheck --db <file>` on an empty database offers the
demo data (y loads it), they find the draft of Bluewave Commerce Services with the filter (/),
open it, answer the question it resumes on, and quit with ctrl+q. The CLI then shows the answer
was stored, and nothing else changed.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CLI
from tests.tui_harness import (
    DEMO_NAMES,
    Tmux,
    answers_of,
    clean_env,
    find_and_open,
    open_home_with_demo,
    require_assessment_screen,
)
from vendorcheck.services import catalog

DRAFT = "Bluewave Commerce Services"


def test_demo_vendors_then_clean_quit(tmp_path: Path, db_path: Path, run_cli: CLI) -> None:
    """First start: the demo offer, every demo vendor listed (CJK intact), ctrl+q exits 0."""
    term = Tmux(tmp_path, clean_env(tmp_path, "zh"))
    try:
        home = open_home_with_demo(term, db_path)
        assert (
            "待核实（草稿）" in home
        )  # Bluewave's draft, labelled in Chinese (issue 15: was 谨慎)
        term.send("C-q")
        assert term.wait_exit() == 0
        assert "Traceback" not in term.screen()
    finally:
        term.kill_server()
    listed = run_cli("vendor", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert all(n in listed.stdout for n in DEMO_NAMES)


# The key that gives an answer of each kind, and what is then stored.
KEYS = {"yes_no": ["y"], "choice": ["1"], "rating": ["4"], "number": ["10", "Enter"]}


def test_demo_answer_and_quit_in_tmux(tmp_path: Path, db_path: Path, run_cli: CLI) -> None:
    require_assessment_screen()
    questions = catalog.get("cs-outsourcing").questions()
    term = Tmux(tmp_path, clean_env(tmp_path, "en"))
    try:
        open_home_with_demo(term, db_path)
        before = answers_of(run_cli, DRAFT)  # a second reader while the app runs (WAL)
        # a draft with no position stored resumes on its first open question (else unknown one)
        first = next(
            (q for q in questions if before[q.id] is None),
            next(q for q in questions if before[q.id] == "unknown"),
        )
        find_and_open(term, DRAFT)
        term.wait_for(first.prompt.en[:30])
        term.send(*KEYS[first.kind])
        term.wait_for("Saved: question")  # shown once the answer is committed
        term.send("C-q")
        assert term.wait_exit() == 0
        assert "Traceback" not in term.screen()
    finally:
        term.kill_server()
    after = answers_of(run_cli, DRAFT)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {first.id}
