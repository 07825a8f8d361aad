"""Compare 2-8 vendors: sections as rows, vendors as columns, the best in each row starred.

Scores come from services.assessing.compare_json; monthly cost and staffing adequacy from
services.costing.cost_json with the stored shop profile (a hint says what is missing).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from vendorcheck.core.errors import NotFound, UserError
from vendorcheck.tui.screens.base import AppScreen, user_errors
from vendorcheck.tui.text import VERDICT_STYLE
from vendorcheck.tui.widgets.titlebar import TitleBar

BEST = "bold green"


def _best_marked(values: list[float | None], *, lowest: bool = False) -> list[bool]:
    present = [v for v in values if v is not None]
    if len(present) < 2:
        return [False] * len(values)
    best = min(present) if lowest else max(present)
    if all(v == best for v in present):  # a tie everywhere says nothing
        return [False] * len(values)
    return [v is not None and v == best for v in values]


class CompareScreen(AppScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", key_display="esc"),
        Binding("e", "export", "Export"),
        Binding("p", "profile", "Shop profile"),
    ]

    def __init__(self, vendor_ids: list[str]) -> None:
        super().__init__()
        self.vendor_ids = vendor_ids

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield DataTable(id="compare", cursor_type="row", zebra_stripes=True)
        yield Static("", id="hint")
        yield Footer()

    def on_screen_resume(self) -> None:
        """Filled when shown (first time, and back from the profile form: costs may change)."""
        self.call_after_refresh(self.fill)

    def refresh_texts(self) -> None:
        self.fill()

    def names(self) -> list[str]:
        return [self.store.vendor(v)["name"] for v in self.vendor_ids]

    @user_errors
    def fill(self) -> None:
        from vendorcheck.services import assessing, labels

        lang = self.lang
        table = self.query_one("#compare", DataTable)
        table.clear(columns=True)
        hints: list[str] = []
        assessed = [v for v in self.vendor_ids if self.store.latest_assessment(v) is not None]
        skipped = [self.store.vendor(v)["name"] for v in self.vendor_ids if v not in assessed]
        if skipped:
            hints.append(
                self.t(
                    f"尚未评估，未列入：{'、'.join(skipped)}",
                    f"Not assessed yet: {', '.join(skipped)}",
                )
            )
        if len(assessed) < 2:
            hints.append(self.t("至少需要两家已评估的服务商", "Need at least two assessed vendors"))
            self.query_one("#hint", Static).update("\n".join(hints))
            return
        data = assessing.compare_json(self.store, assessed)
        vendors = [v["vendor"] for v in data["vendors"]]
        table.add_column(self.t("项目", "Section"), key="_label")
        for name in vendors:
            table.add_column(Text(name), key=name)

        def add(label: str, cells: list[Text], key: str) -> None:
            table.add_row(Text(label, style="bold"), *cells, key=key)

        def scored(
            values: list[float | None], fmt: Any = "{:.1f}".format, lowest: bool = False
        ) -> list[Text]:
            marks = _best_marked(values, lowest=lowest)
            return [
                Text("—")
                if v is None
                else Text(("★ " if m else "  ") + fmt(v), style=BEST if m else "")
                for v, m in zip(values, marks, strict=True)
            ]

        title = "zh" if lang == "zh" else "en"
        for row in data["sections"]:
            values = [row["scores"].get(name) for name in vendors]
            add(row["title"][title], scored(values), f"section:{row['id']}")
        add(self.t("总分", "Total"), scored([v["score"] for v in data["vendors"]]), "total")
        add(
            self.t("等级", "Grade"),
            [
                Text(labels.grade_text(v["grade"], v["verdict"], len(v["red_flags"])))
                for v in data["vendors"]
            ],
            "grade",
        )
        add(
            self.t("结论", "Verdict"),
            [
                Text(
                    labels.verdict_label(v["verdict"], lang) or "—",
                    style=VERDICT_STYLE.get(v["verdict"] or "", ""),
                )
                for v in data["vendors"]
            ],
            "verdict",
        )
        flags = [len(v["red_flags"]) for v in data["vendors"]]
        add(
            self.t("红旗", "Red flags"),
            [Text(str(n), style="bold red" if n else "green") for n in flags],
            "flags",
        )
        add(
            self.t("完成度", "Complete"),
            scored([v["completeness"] * 100 for v in data["vendors"]], fmt="{:.0f}%".format),
            "completeness",
        )
        self._add_costs(add, scored, vendors, hints)
        self.query_one("#hint", Static).update(
            "\n".join(
                hints
                or [
                    self.t(
                        "★ 为该行最佳；e 导出对比报告", "★ marks the best in each row; e exports"
                    )
                ]
            )
        )

    def _add_costs(self, add: Any, scored: Any, vendors: list[str], hints: list[str]) -> None:
        from vendorcheck.services import costing, money

        lang = self.lang
        if costing.get_profile(self.store) is None:
            hints.append(
                self.t(
                    "还没有店铺档案，无法测算月度成本：按 p 填写",
                    "No shop profile yet, so no monthly costs: press p to fill it in",
                )
            )
            return
        rows: dict[str, dict[str, Any]] = {}
        missing: list[str] = []
        for name in vendors:
            try:
                rows[name] = costing.cost_json(self.store, [name])["vendors"][0]
            except NotFound:
                missing.append(name)
            except UserError as e:
                hints.append(e.text(lang))
        if missing:
            hints.append(
                self.t(
                    f"没有报价：{'、'.join(missing)}（在主页选中后按 Q 录入）",
                    f"No quote: {', '.join(missing)} (select it on home and press Q)",
                )
            )
        monthly = [rows[n]["monthly_cost"] if n in rows else None for n in vendors]
        cells = scored(monthly, fmt=lambda v: money.money(v, lang, whole=True), lowest=True)
        add(self.t("月度成本", "Monthly cost"), cells, "monthly_cost")
        staffing: list[Text] = []
        for n in vendors:
            r = rows.get(n)
            if r is None or r.get("kind") == "store_operation":  # 代运营: a team, not agents
                staffing.append(Text("—"))
                continue
            parts = []
            for what, zh, en in (("seats", "坐席", "seats"), ("agents", "人", "agents")):
                committed = r[f"{what}_committed"]
                shown = "?" if committed is None else str(committed)
                parts.append(f"{self.t(zh, en)} {shown}/{r[f'{what}_needed']}")
            amount = self.t("，", ", ").join(parts)
            if r["staffing_ok"]:
                staffing.append(Text("✓ " + amount, style="green"))
            elif r["staffing_ok"] is None:
                staffing.append(Text("? " + amount, style="yellow"))
            else:
                staffing.append(Text("✗ " + amount, style="bold red"))
        add(self.t("人手（承诺/所需）", "Staffing (committed/needed)"), staffing, "staffing")

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_profile(self) -> None:
        from vendorcheck.tui.screens.costs import ProfileScreen

        self.app.push_screen(ProfileScreen())

    def action_export(self) -> None:
        try:
            from vendorcheck.tui.screens.export import ExportScreen
        except ModuleNotFoundError:
            self.notify(self.t("导出界面尚未完成", "Export is not built yet"))
            return
        # The vendors this screen compares: those not assessed yet are left out here too.
        shown = [v for v in self.vendor_ids if self.store.latest_assessment(v) is not None]
        self.app.push_screen(ExportScreen([self.store.vendor(v)["name"] for v in shown]))
