"""The questionnaire round trip on the assessment screen (issue 21): `x` writes the vendor's
questionnaire (pre-filled with this assessment's answers, so on a re-assessment the vendor only
updates what changed), `i` reads the filled file back as vendor-declared answers, `c` confirms
one once verified. The work is services.questionnaire's, as for `vendorcheck questionnaire`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from vendorcheck.core.errors import UserError
from vendorcheck.core.safe_text import for_file_name
from vendorcheck.tui.screens.dialogs import TextPrompt


class QuestionnaireActions:
    """Mixed into AssessmentScreen, which has `session`, `store`, `aid`, `checklist`, `lang`, `t`."""

    KEY_LABELS: ClassVar[dict[str, tuple[str, str]]] = {
        "export_questionnaire": ("导出问卷", "Export questionnaire"),
        "import_questionnaire": ("导入问卷", "Import questionnaire"),
    }
    KEY_HELP: ClassVar[dict[str, tuple[str, str]]] = {
        "export_questionnaire": (
            "导出发给服务商填写的问卷（.xlsx 或 .html，预填已有回答）",
            "Write the vendor's questionnaire (.xlsx or .html, pre-filled with known answers)",
        ),
        "import_questionnaire": (
            "导入服务商填好的问卷（.xlsx 或表单的 .json），记为服务商自述待核实",
            "Read the vendor's filled questionnaire (.xlsx or the form's .json) as its word",
        ),
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "x",
            "export_questionnaire",
            "Export questionnaire",
            show=False,
            id="assessment.questionnaire_export",
        ),
        Binding(
            "i",
            "import_questionnaire",
            "Import questionnaire",
            show=False,
            id="assessment.questionnaire_import",
        ),
    ]

    def _vendor(self) -> dict[str, Any]:
        s: Any = self
        return dict(s.session.vendor)

    def action_export_questionnaire(self) -> None:
        s: Any = self
        name = for_file_name(self._vendor()["name"]) or "vendor"
        s.app.push_screen(
            TextPrompt(
                "问卷保存为（.xlsx 或 .html），回车导出",
                "Save the questionnaire as (.xlsx or .html), enter writes it",
                str(Path.cwd() / f"{name}-{s.checklist.id}-问卷.xlsx"),
            ),
            self._export_to,
        )

    def _export_to(self, path: str | None) -> None:
        s: Any = self
        if not path or not path.strip():
            return
        from vendorcheck.services import questionnaire

        out = Path(path.strip()).expanduser()
        try:
            n = questionnaire.export(
                s.store, self._vendor()["id"], s.checklist.id, out, lang=s.lang, prefill=True
            )
        except UserError as e:
            s.app.show_error(e)
            return
        message = s.t(
            f"已导出问卷 {out}（{n} 道题）", f"Questionnaire written: {out} ({n} questions)"
        )
        s.notify(message)
        s._set_status(message)

    def action_import_questionnaire(self) -> None:
        s: Any = self
        if s._refused():
            return
        s.app.push_screen(
            TextPrompt(
                "服务商填好的问卷（.xlsx 或 .json），回车导入",
                "The vendor's filled questionnaire (.xlsx or .json), enter reads it",
                "",
            ),
            self._import_from,
        )

    def _import_from(self, path: str | None) -> None:
        s: Any = self
        if not path or not path.strip():
            return
        from vendorcheck.services import questionnaire

        s._flush()
        try:
            done = questionnaire.import_file(
                s.store, self._vendor()["id"], Path(path.strip()).expanduser(), into=s.aid
            )
        except UserError as e:
            s.app.show_error(e)
            s._set_status(e.text(s.lang).splitlines()[0], "bold red")
            return
        s.session.reload()  # written by services.questionnaire through this connection
        message = s.t(
            f"已导入 {done['imported']} 个服务商自述的回答（◇ 待核实，按 c 确认）",
            f"Imported {done['imported']} vendor-declared answers (◇ unverified, c confirms)",
        )
        s.notify(message)
        s.refresh_texts()
        s._set_status(message)
