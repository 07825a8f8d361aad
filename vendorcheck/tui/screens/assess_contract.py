"""A contract on the assessment screen (`l`): the file is scanned in a thread and the contract
questions are pre-filled as *suggested* answers (source "suggested", as `vendorcheck assess
--contract` stores them) with their quotes, until the merchant confirms them; where the contract
contradicts an answer the merchant gave, the conflict view (`X`) settles it. Also the to-do list
(`t`) beside the assessment."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from vendorcheck.core.contracts import ScanResult
from vendorcheck.core.errors import UserError
from vendorcheck.tui.screens.base import bug_error, user_errors
from vendorcheck.tui.screens.conflicts import open_conflicts, record_conflicts, scan_message
from vendorcheck.tui.screens.dialogs import TextPrompt

if TYPE_CHECKING:
    from vendorcheck.services.session import AssessmentSession


class ContractActions:
    """Mixed into AssessmentScreen (its `session`, `store`, `aid`, `checklist`, `lang`)."""

    session: AssessmentSession

    def action_load_contract(self) -> None:
        s: Any = self
        if s._refused():
            return
        s.app.push_screen(
            TextPrompt(
                "服务商合同文件路径（.txt .md .docx .pdf），回车读取",
                "Path of the vendor's contract (.txt .md .docx .pdf), enter reads it",
                s._last_contract,
            ),
            self._contract_chosen,
        )

    def _contract_chosen(self, path: str | None) -> None:
        s: Any = self
        if path and path.strip():
            s._last_contract = path.strip()
            file = Path(path.strip()).expanduser()
            s._set_status(s.t(f"正在读取合同 {file.name}…", f"Reading {file.name}…"), "yellow")
            self.scan_contract(file)

    @work(thread=True, exclusive=True, group="contract", exit_on_error=False)
    def scan_contract(self, file: Path) -> None:
        """Read and scan the file off the UI thread; the answers are stored on the UI thread.
        A scanner bug is a status line, not the end of the app (issue 20)."""
        from vendorcheck.services import contracts

        s: Any = self
        try:
            result = contracts.scan_file(file, explain=True)
        except UserError as e:  # OS refusals included: services.contracts names the file
            s.app.call_from_thread(self._scan_failed, e)
            return
        except Exception as e:  # a bug in the scanner: the merchant's work so far stays
            s.app.call_from_thread(self._scan_failed, bug_error(file, e))
            return
        s.app.call_from_thread(self._apply_scan, result)

    def _scan_failed(self, error: UserError) -> None:
        s: Any = self
        s.app.show_error(error)
        if s.is_attached:
            s._set_status(error.text(s.lang), "bold red")

    @user_errors
    def _apply_scan(self, scan: ScanResult) -> None:
        """Suggestions for the questions the merchant has not answered themselves."""
        from vendorcheck.services import contracts

        s: Any = self
        if not s.is_attached:  # the merchant left while it was read: nothing is written
            return
        if s._refused():
            return
        s._flush()
        suggested = contracts.suggest_answers(s.checklist, scan)
        s._why = contracts.explain_by_question(scan, s.lang)
        answers = self.session.answers
        mine = {q for q, a in answers.items() if a.source == "merchant" and q in suggested}
        todo = [a for q, a in suggested.items() if q not in mine]
        self.session.answer_all([a.model_copy(update={"source": "suggested"}) for a in todo])
        found = record_conflicts(s.store, s.aid, suggested, scan.file)
        self.session.refresh()  # the conflicts went through this connection too
        s.conflicted = {c.question_id for c in found}
        message = scan_message(Path(scan.file).name, len(todo), len(mine), len(found), s.lang)
        s.notify(message, severity="warning" if found else "information")
        s.refresh_texts()
        s._set_status(message, "bold yellow" if found else "green")
        if todo:
            s.go_to(todo[0].question_id)
        if found:
            self.action_conflicts()

    def _reload_conflicts(self) -> None:
        s: Any = self
        s.conflicted = open_conflicts(s.store, s.aid)

    def action_conflicts(self) -> None:
        """The open contradictions with the contract, each settled by key (screens.conflicts)."""
        from vendorcheck.tui.screens.conflicts import ConflictScreen

        s: Any = self
        if not s.conflicted:
            s.notify(s.t("合同与你的回答没有矛盾", "No contradictions with the contract"))
            return
        s.app.push_screen(ConflictScreen(s.aid), self._conflicts_settled)

    def _conflicts_settled(self, settled: int | None) -> None:
        s: Any = self
        if settled:
            s._load_keeping_index()

    def action_todo(self) -> None:
        """The negotiation to-do list of this vendor (issue 17), beside the assessment."""
        from vendorcheck.tui.screens.todo import TodoScreen

        s: Any = self
        s.app.push_screen(TodoScreen(self.session.vendor["id"]))
