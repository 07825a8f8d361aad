"""A new user's whole journey in a real terminal (tmux), asserting on what the screen shows
(issue 19): demo data, open a vendor, answer by keys, load a contract, resolve a conflict,
compare two vendors, finalize, export the PDF; then the PDF is read back.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CLI, FIXTURES
from tests.tui_harness import (
    DEMO_NAMES,
    Tmux,
    answers_of,
    clean_env,
    find_and_open,
    open_home_with_demo,
    require_assessment_screen,
    table_keys,
)
from vendorcheck.services import catalog

VENDOR = "Bluewave Commerce Services"  # the demo's draft
# Allows loans against the shop and puts platform penalties on the merchant: the demo draft's
# answers say neither, so loading it raises conflicts to settle.
CONTRACT = FIXTURES / "contracts" / "dev" / "zh02_tmall_agency_vendor_template.txt"
KEYS = {"yes_no": ["y"], "choice": ["1"], "rating": ["4"], "number": ["10", "Enter"]}


def resolve_conflict(term: Tmux) -> None:
    """Issue 19 item 1: the demo draft says the vendor may not borrow against the shop and no
    penalty falls on the merchant; the template says both. Each conflict is on screen with its
    quote; the merchant keeps their first answer (k), takes the contract's next one (t), and
    leaves the rest open for later (esc): they stay ≠-marked must-do items."""
    screen = term.wait_for("The contract contradicts", timeout=60)
    assert "Your answer: Yes · the contract: No" in screen and "Quote: " in screen
    assert "网商贷" in screen  # the sentence that allows the loan
    term.send("k")
    term.wait_for("Your answer kept: Yes")
    term.send("t")
    term.wait_for("The contract's answer taken")
    term.send("Escape")
    screen = term.wait_for(lambda s: "The contract contradicts" not in s and "overall)" in s)
    assert "≠" in screen  # the open ones stay marked in the section list


def renderers(parent: int) -> list[int]:
    """Pids of the warm renderer processes (render/worker.py) that are children of `parent`."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"vendorcheck.render.worker" in cmd and ppid == parent:
            found.append(int(proc.name))
    return found


def find_and_export(term: Tmux) -> None:
    """Filter home down to the vendor, leave the filter (esc), e, then ctrl+s on the export form."""
    term.send("/")
    term.wait_for(lambda s: not table_keys(s))
    term.type(VENDOR)
    term.wait_for(lambda s: all(n not in s for n in DEMO_NAMES if n != VENDOR))
    term.send("Escape")  # enter in the filter would open the vendor: esc leaves the filter
    term.wait_for(table_keys)
    term.send("e")
    term.wait_for("Save as")
    term.send("C-s")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")
def test_a_new_users_journey(
    tmp_path: Path, db_path: Path, run_cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_assessment_screen()
    monkeypatch.chdir(tmp_path)  # the pane starts here: the report's default folder
    env = {**clean_env(tmp_path, "en"), "VENDORCHECK_WARM_RENDER": "1"}
    questions = catalog.get("cs-outsourcing").questions()
    term = Tmux(tmp_path, env)
    try:
        open_home_with_demo(term, db_path)
        before = answers_of(run_cli, VENDOR)
        first = next(
            (q for q in questions if before[q.id] is None),
            next(q for q in questions if before[q.id] == "unknown"),
        )
        # open a vendor, answer by keys
        find_and_open(term, VENDOR)
        term.wait_for(first.prompt.en[:30])
        term.send(*KEYS[first.kind])
        term.wait_for("Saved: question")
        # load a contract
        term.send("l")
        term.wait_for("Path of the vendor's contract")
        term.type(str(CONTRACT))
        term.send("Enter")
        resolve_conflict(term)
        # finalize
        term.send("F")
        term.wait_for("Finalize now?")
        term.send("y")
        screen = term.wait_for("Final (read-only)")
        assert "Finalized: it cannot change from now on" in term.wait_for("Finalized:")
        term.send("Escape")
        # Home gives the focus back to the filter the vendor was opened from: esc leaves it.
        term.wait_for(lambda s: "vendors, 0 marked" in s)
        term.send("Escape")
        term.wait_for(table_keys)
        # compare: clear the filter, mark the first two vendors, c
        term.send("/")
        term.wait_for(lambda s: not table_keys(s))
        term.send("C-u")  # enter would open the highlighted vendor: esc leaves the filter
        term.wait_for(lambda s: all(n in s for n in DEMO_NAMES))
        term.send("Escape")
        term.wait_for(lambda s: table_keys(s) and all(n in s for n in DEMO_NAMES))
        term.send("Home", "space", "Down", "space")
        term.wait_for("2 marked")
        term.send("c")
        screen = term.wait_for(lambda s: "Section" in s and "Total" in s and "Red flags" in s)
        row = next(line for line in screen.splitlines() if "Verdict" in line)
        assert len(row.split()) >= 3  # one verdict per compared vendor
        term.send("Escape")
        term.wait_for(table_keys)
        # export the finalized vendor alone: unmark both, filter to it, e, ctrl+s
        term.send("Up", "space", "Down", "space")
        term.wait_for("0 marked")
        app_pid = term.pid()
        warm = renderers(app_pid)
        assert warm, "no warm PDF renderer beside the app"
        find_and_export(term)
        screen = term.wait_for("✓ Wrote", timeout=90)
        assert "Bluewave-Commerce-Services-assessment" in screen
        term.send("C-q")
        assert term.wait_exit() == 0
        assert not [p for p in warm if Path(f"/proc/{p}").exists()]  # the renderer ended too
    finally:
        term.kill_server()
    after = answers_of(run_cli, VENDOR)
    assert after[first.id] is not None
    pdfs = list(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 1, pdfs
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdfs[0]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert VENDOR in text
    assert "DRAFT" not in text and "Sign-off" in text  # finalized: a report to sign
