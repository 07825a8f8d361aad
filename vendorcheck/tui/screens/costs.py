"""Issue 6 in the terminal: a vendor's quote (fee model, then its fields), the shop profile, and
the cost comparison (issue 22: the same figures and flags as `vendorcheck cost`).

Every keystroke re-validates through services.costing.parse_quote / parse_profile, so the form
shows the same message the CLI would, in the current language, before anything is saved.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, Static, Switch

from vendorcheck.core.errors import UserError
from vendorcheck.services import vendors
from vendorcheck.tui.screens.base import AppScreen, FormScreen, styles
from vendorcheck.tui.widgets.titlebar import TitleBar

# field -> (zh, en, kind); kind: money, rate, count, number, hours, text, bool, tiers
FIELDS: dict[str, tuple[str, str, str]] = {
    "day_rate": ("日薪（元/人/天）", "Day rate (yuan per agent per day)", "money"),
    "agents": ("承诺人数", "Agents committed", "count"),
    "seats": ("承诺坐席数", "Seats committed", "count"),
    "days_per_month": ("每月天数", "Days per month", "count"),
    "promotion_day_rate": ("大促日薪（元）", "Promotion day rate (yuan)", "money"),
    "holiday_days": ("节假日天数", "Holiday days", "count"),
    "holiday_day_rate": ("节假日日薪（元）", "Holiday day rate (yuan)", "money"),
    "shift_monthly": ("每班每人月费（元）", "Fee per agent per shift per month", "money"),
    "shifts": ("班次数", "Shifts", "count"),
    "commission_rate": ("提成比例（如 0.02 或 2%）", "Commission rate (0.02 or 2%)", "rate"),
    "base_monthly": ("每坐席底薪（元/月）", "Base per seat (yuan a month)", "money"),
    "seat_monthly": ("每坐席月费（元）", "Fee per seat (yuan a month)", "money"),
    "tiers": (
        "阶梯（日均咨询量:月费，逗号分隔，如 0:3000, 300:5000）",
        "Tiers (daily inquiries:monthly fee, e.g. 0:3000, 300:5000)",
        "tiers",
    ),
    "unit_price": ("单价（元/条咨询）", "Unit price (yuan per inquiry)", "money"),
    "minimum_monthly": ("每月保底（元）", "Monthly minimum (yuan)", "money"),
    "service_fee_monthly": ("服务费（元/月）", "Service fee (yuan a month)", "money"),
    "fee_months": ("收服务费的月数", "Months of service fee", "count"),
    "notes": ("备注", "Notes", "text"),
    "monthly_sales": ("月销售额（元）", "Monthly sales (yuan)", "money"),
    "daily_inquiries_avg": ("日均咨询量", "Daily inquiries, average", "number"),
    "daily_inquiries_peak": ("高峰日咨询量", "Daily inquiries, peak", "number"),
    "coverage_hours": ("每天需覆盖的小时数", "Hours covered per day", "hours"),
    "promotion_days_per_month": ("每月大促天数", "Promotion days a month", "count"),
    "split_presales_aftersales": ("售前售后分开", "Separate pre- and after-sales", "bool"),
    "agent_sales_share": (
        "经客服成交的销售额占比（客服提成的基数，默认 1 = 全店，最保守）",
        "Share of sales closed through agents (commission base; default 1 = all, the safe side)",
        "rate",
    ),
    "in_house.agents": ("自建团队人数（选填）", "In-house agents (optional)", "count"),
    "in_house.salary_monthly": (
        "自建客服月薪（选填）",
        "In-house salary a month (optional)",
        "money",
    ),
    "in_house.overhead_monthly_per_agent": (
        "每人月度设备/社保/场地（选填）",
        "Overhead per agent a month (optional)",
        "money",
    ),
    "in_house_operations.roles.operations.salary_monthly": (
        "自建运营/店长月薪（选填，默认是我们的假设）",
        "In-house operations manager's salary (optional; the default is our assumption)",
        "money",
    ),
    "in_house_operations.roles.design.salary_monthly": (
        "自建美工月薪（选填）",
        "In-house designer's salary (optional)",
        "money",
    ),
    "in_house_operations.roles.promotion.salary_monthly": (
        "自建推广月薪（选填）",
        "In-house promotion specialist's salary (optional)",
        "money",
    ),
}
PROFILE_FIELDS = (
    "monthly_sales",
    "daily_inquiries_avg",
    "daily_inquiries_peak",
    "coverage_hours",
    "promotion_days_per_month",
    "split_presales_aftersales",
    "agent_sales_share",
    "in_house.agents",
    "in_house.salary_monthly",
    "in_house.overhead_monthly_per_agent",
    "in_house_operations.roles.operations.salary_monthly",
    "in_house_operations.roles.design.salary_monthly",
    "in_house_operations.roles.promotion.salary_monthly",
)


def quote_fields(model: str) -> list[str]:
    """The form fields of a fee model: its own required fields first, then the optional ones."""
    from vendorcheck.core.quotes import QUOTE_CLASSES

    fields = QUOTE_CLASSES[model].model_fields
    names = [n for n in fields if n not in ("model", "extra_fees") and n in FIELDS]
    return sorted(names, key=lambda n: (not fields[n].is_required(), n == "notes"))


def _field_value(key: str, raw: Any) -> Any:
    """Form text -> payload value: '2%' is 0.02, 'a:b, c:d' is a list of tiers."""
    kind = FIELDS[key][2]
    if kind == "bool":
        return bool(raw)
    text = str(raw).strip()
    if kind == "rate" and text.endswith(("%", "％")):
        try:
            return str(float(text[:-1]) / 100)
        except ValueError:
            return text
    if kind == "tiers":
        tiers = []
        for part in text.replace("，", ",").split(","):
            low, _, fee = part.replace("：", ":").partition(":")
            if part.strip():
                tiers.append({"min_daily_inquiries": low.strip(), "monthly": fee.strip()})
        return tiers
    return text


def payload(values: dict[str, Any], keys: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """A quote or profile payload from the form: empty optional fields are left out."""
    out: dict[str, Any] = {}
    for key in keys:
        raw = values.get(key, "")
        if raw in ("", None) and FIELDS[key][2] != "bool":
            continue
        *parents, leaf = key.split(".")
        table = out
        for part in parents:
            table = table.setdefault(part, {})
        table[leaf] = _field_value(key, raw)
    return out


def _get(data: dict[str, Any], key: str) -> Any:
    """A dotted key's value in nested data (None when any level is missing)."""
    value: Any = data
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _form_text(value: Any) -> Any:
    """Stored data -> form text (the reverse of _field_value)."""
    if isinstance(value, list):
        return ", ".join(f"{t['min_daily_inquiries']}:{t['monthly']}" for t in value)
    if isinstance(value, bool):
        return value
    return "" if value is None else str(value)


class CostForm(FormScreen[bool]):
    """Shared by both forms: fields as inputs, validation on every change, ctrl+s saves."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, Any] = {}
        self.error: UserError | None = None

    def title_text(self) -> str:
        raise NotImplementedError

    def keys(self) -> list[str] | tuple[str, ...]:
        raise NotImplementedError

    def parse(self) -> Any:
        """Validate the form; raises UserError like the CLI does."""
        raise NotImplementedError

    def store_it(self, parsed: Any) -> None:
        raise NotImplementedError

    def compose_top(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(classes="form"):
            yield Static(self.title_text(), id="form-title")
            yield from self.compose_top()
            for key in self.keys():
                zh, en, kind = FIELDS[key]
                yield Label(self.t(zh, en), classes="field")
                if kind == "bool":
                    yield Switch(bool(self.values.get(key)), id=self.widget_id(key))
                else:
                    yield Input(str(self.values.get(key, "")), id=self.widget_id(key))
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(self.t("保存 (ctrl+s)", "Save (ctrl+s)"), id="save", variant="primary")
                yield Button(self.t("取消 (esc)", "Cancel (esc)"), id="cancel")
        yield Footer()

    @staticmethod
    def widget_id(key: str) -> str:
        return "f-" + key.replace(".", "--")

    @staticmethod
    def field_key(widget_id: str | None) -> str:
        return (widget_id or "")[2:].replace("--", ".")

    def on_mount(self) -> None:
        self.validate()

    def validate(self) -> UserError | None:
        """Show the first problem under the form and mark its field; None when it can be saved."""
        try:
            parsed = self.parse()
        except UserError as e:
            self.error = e
        else:
            self.error = None
            del parsed
        shown = "" if self.error is None else self.error_text(self.error)
        self.query_one("#form-error", Static).update(shown)
        bad = "" if self.error is None else self._field_of(self.error)
        for key in self.keys():
            for widget in self.query(f"#{self.widget_id(key)}"):
                widget.set_class(key == bad, "-invalid")
        return self.error

    def error_text(self, e: UserError) -> str:
        """The service's message with `quote.field` replaced by the field's name on the form."""
        msg = e.zh if self.lang == "zh" else e.en
        key = self._field_of(e)
        if key in FIELDS:
            zh, en, _kind = FIELDS[key]
            name = zh.split("（")[0] if self.lang == "zh" else en.split(" (")[0]
            msg = msg.replace(e.en.split(":", 1)[0], name, 1)
        return msg

    def _field_of(self, e: UserError) -> str:
        path = e.en.split(":", 1)[0]
        head, _, rest = path.partition(".")
        return rest if head in ("quote", "profile") else ""

    def refresh_texts(self) -> Any:
        return self.recompose()

    async def recompose(self) -> None:
        await super().recompose()
        self.validate()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith("f-"):
            self.values[self.field_key(event.input.id)] = event.value
            self.validate()

    @on(Switch.Changed)
    def _switched(self, event: Switch.Changed) -> None:
        self.values[self.field_key(event.switch.id)] = event.value
        self.validate()

    def action_save(self) -> None:
        try:
            self.store_it(self.parse())
        except UserError as e:
            self.error = e
            self.query_one("#form-error", Static).update(self.error_text(e))
            return
        self.notify(self.t("已保存", "Saved"))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class QuoteScreen(CostForm):
    """A vendor's quote: pick the fee model, then fill in that model's fields."""

    def __init__(self, vendor_id: str) -> None:
        super().__init__()
        from vendorcheck.core.quotes import quote_data
        from vendorcheck.services import costing

        self.vendor = vendors.get(self.store, vendor_id)
        existing = costing.get_quote(self.store, vendor_id)
        self.extra_fees: list[Any] = []
        if existing is not None:
            data = quote_data(existing)
            self.model = str(data["model"])
            self.values = {k: _form_text(v) for k, v in data.items() if k in FIELDS}
            self.extra_fees = list(
                data.get("extra_fees") or []
            )  # kept: the form does not edit them
        else:
            from vendorcheck.core.quotes import CUSTOMER_SERVICE_MODELS, STORE_OPERATION_MODELS

            only_ops = self.vendor["services"] == ["store_operation"]
            self.model = (STORE_OPERATION_MODELS if only_ops else CUSTOMER_SERVICE_MODELS)[0]

    def title_text(self) -> str:
        name = self.vendor["name"]
        return self.t(f"“{name}”的报价", f"Quote of {name}")

    def keys(self) -> list[str]:
        return quote_fields(self.model)

    def compose_top(self) -> ComposeResult:
        from vendorcheck.core.quotes import MODELS
        from vendorcheck.services.costing import model_label

        lang = self.lang
        yield Label(self.t("计费方式", "Fee model"), classes="field")
        yield Select(
            [(model_label(m, lang), m) for m in MODELS],
            value=self.model,
            allow_blank=False,
            id="model",
        )

    @on(Select.Changed, "#model")
    async def _model_changed(self, event: Select.Changed) -> None:
        if event.value != self.model and isinstance(event.value, str):
            self.model = event.value
            await self.recompose()
            self.query_one("#model", Select).focus()

    def parse(self) -> Any:
        from vendorcheck.services import costing

        extra = {"extra_fees": self.extra_fees} if self.extra_fees else {}
        return costing.parse_quote(
            {"model": self.model, **payload(self.values, self.keys()), **extra}
        )

    def store_it(self, parsed: Any) -> None:
        from vendorcheck.services import costing

        costing.set_quote(self.store, self.vendor["id"], parsed)


class ProfileScreen(CostForm):
    """The shop profile the monthly costs and staffing checks are computed for."""

    def __init__(self) -> None:
        super().__init__()
        from vendorcheck.core.quotes import profile_data
        from vendorcheck.services import costing

        existing = costing.get_profile(self.store)
        if existing is not None:
            data = profile_data(existing)
            for key in PROFILE_FIELDS:
                self.values[key] = _form_text(_get(data, key))

    def title_text(self) -> str:
        return self.t(
            "店铺档案：用于测算每家服务商的月度成本和人手是否足够",
            "Shop profile: used to work out each vendor's monthly cost and staffing",
        )

    def keys(self) -> tuple[str, ...]:
        return PROFILE_FIELDS

    def parse(self) -> Any:
        from vendorcheck.services import costing

        return costing.parse_profile(payload(self.values, PROFILE_FIELDS))

    def store_it(self, parsed: Any) -> None:
        from vendorcheck.services import costing

        costing.set_profile(self.store, parsed)


class CostScreen(AppScreen[None]):
    """What each quoted vendor costs the shop against in-house: `vendorcheck cost` on screen.

    The table, footnotes and per-vendor lines come from services.cost_text over the same
    costing.cost_json the CLI and the reports read, so the figures and flags are the same.
    """

    CSS_PATH = styles("costs.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", key_display="esc"),
        Binding("p", "profile", "Shop profile"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="costs-title", markup=False)
        yield DataTable(id="costs", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="costs-notes-box"):
            yield Static("", id="costs-notes", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.fill()

    def on_screen_resume(self) -> None:
        self.fill()  # back from the profile form: the figures follow the new profile

    def refresh_texts(self) -> None:
        self.fill()

    def fill(self) -> None:
        from vendorcheck.services import cost_text, costing

        lang = self.lang
        table = self.query_one("#costs", DataTable)
        table.clear(columns=True)
        notes = self.query_one("#costs-notes", Static)
        try:
            data = costing.cost_json(self.store, [])
        except UserError as e:  # no profile yet: say what to do, as the CLI does
            self.query_one("#costs-title", Static).update(e.text(lang))
            notes.update(self.t("按 p 填写店铺档案", "Press p to fill in the shop profile"))
            return
        headers, rows = cost_text.table(data, lang)
        for header in headers:
            table.add_column(header)
        for row in rows:
            table.add_row(*row)
        self.query_one("#costs-title", Static).update(cost_text.title(data, lang))
        lines = cost_text.footnotes(data, lang)
        for v in data["vendors"]:
            said = cost_text.vendor_lines(v, lang)
            if said:
                lines += ["", v["vendor"], *(f"  {line}" for line in said)]
        if not data["vendors"]:
            lines.insert(
                0,
                self.t(
                    "还没有报价：在主页选中服务商后按 Q 录入",
                    "No quotes yet: select a vendor on home and press Q",
                ),
            )
        notes.update("\n".join(lines))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_profile(self) -> None:
        self.app.push_screen(ProfileScreen())
