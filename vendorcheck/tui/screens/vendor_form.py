"""New vendor: a form checked as you type (name required and unique, credit code check digit).

Saving goes through services.assessing.add_vendor, which checks everything again; the screen
returns the new vendor's id so home can start its first assessment.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, SelectionList, Static

from vendorcheck.core.credit_code import credit_code_problem
from vendorcheck.core.errors import UserError
from vendorcheck.services import vendors
from vendorcheck.services.labels import PLATFORMS, SERVICES, label
from vendorcheck.tui.screens.base import FormScreen
from vendorcheck.tui.widgets.titlebar import TitleBar


class VendorFormScreen(FormScreen[str | None]):
    """Dismisses with the new vendor's id, or None when cancelled."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, Any] = {
            "name": "",
            "credit_code": "",
            "contact": "",
            "notes": "",
            "services": [],
            "platforms": [],
        }

    def compose(self) -> ComposeResult:
        lang = self.lang
        v = self.values
        yield TitleBar()
        with VerticalScroll(classes="form"):
            yield Label(self.t("服务商名称（必填）", "Vendor name (required)"), classes="field")
            yield Input(v["name"], id="name", placeholder=self.t("公司全称", "Company name"))
            yield Static("", id="name-error", classes="error")
            yield Label(
                self.t(
                    "统一社会信用代码（选填，18 位）", "Unified social credit code (optional, 18)"
                ),
                classes="field",
            )
            yield Input(
                v["credit_code"], id="credit_code", max_length=18, placeholder="91330100MA2XXXXXXX"
            )
            yield Static("", id="credit_code-error", classes="error")
            yield Label(self.t("服务类型", "Services"), classes="field")
            yield SelectionList[str](
                *((label(SERVICES, k, lang), k, k in v["services"]) for k in SERVICES),
                id="services",
            )
            yield Label(self.t("平台", "Platforms"), classes="field")
            yield SelectionList[str](
                *((label(PLATFORMS, k, lang), k, k in v["platforms"]) for k in PLATFORMS),
                id="platforms",
            )
            yield Label(self.t("联系人 / 电话", "Contact"), classes="field")
            yield Input(v["contact"], id="contact")
            yield Label(self.t("备注", "Notes"), classes="field")
            yield Input(v["notes"], id="notes")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(
                    self.t("保存并开始评估 (ctrl+s)", "Save and assess (ctrl+s)"),
                    id="save",
                    variant="primary",
                )
                yield Button(self.t("取消 (esc)", "Cancel (esc)"), id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self.validate()

    # --- validation as you type ------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        """Field id -> message in the current language; empty when the form can be saved."""
        found: dict[str, str] = {}
        name = self.values["name"].strip()
        if not name:
            found["name"] = self.t("请填写服务商名称", "A vendor needs a name")
        elif vendors.name_taken(self.store, name):
            found["name"] = self.t(f"已有名为“{name}”的服务商", f"A vendor named {name!r} exists")
        code = self.values["credit_code"].strip().upper()
        if code and (problem := credit_code_problem(code)):
            found["credit_code"] = self.t(
                f"统一社会信用代码{problem[0]}", f"Credit code {problem[1]}"
            )
        return found

    def validate(self) -> dict[str, str]:
        found = self.problems()
        for field in ("name", "credit_code"):
            shown = found.get(field, "")
            self.query_one(f"#{field}-error", Static).update(shown)
            self.query_one(f"#{field}", Input).set_class(bool(shown), "-invalid")
        self.query_one("#save", Button).disabled = bool(found)
        return found

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id in self.values:
            self.values[event.input.id] = event.value
            self.validate()

    @on(SelectionList.SelectedChanged)
    def _picked(self, event: SelectionList.SelectedChanged[str]) -> None:
        self.values[str(event.selection_list.id)] = list(event.selection_list.selected)

    # --- actions ---------------------------------------------------------------------------------

    def action_save(self) -> None:
        from vendorcheck.services import assessing

        if self.validate():
            self.query_one("#form-error", Static).update(
                self.t("请先改正上面标红的项目", "Fix the fields marked in red first")
            )
            return
        v = self.values
        try:
            vid = assessing.add_vendor(
                self.store,
                v["name"],
                credit_code=v["credit_code"],
                services=v["services"],
                platforms=v["platforms"],
                contact=v["contact"],
                notes=v["notes"],
            )
        except UserError as e:
            lang = self.lang
            target = f"#{e.where}-error" if e.where in ("name", "credit_code") else "#form-error"
            self.query_one(target, Static).update(e.text(lang))
            return
        self.dismiss(vid)
