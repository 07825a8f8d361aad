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

from vendorcheck.tui.screens.base import AppScreen, user_errors
from vendorcheck.tui.text import VERDICT_STYLE
from vendorcheck.tui.widgets.titlebar import TitleBar

BEST = "bold green"


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
        from vendorcheck.services import vendors

        return [vendors.get(self.store, v)["name"] for v in self.vendor_ids]

    def _assessed(self) -> list[str]:
        """The compared vendors that have an assessment, in the order they were picked."""
        from vendorcheck.services import vendors

        return [v for v in self.vendor_ids if vendors.latest_assessment(self.store, v) is not None]

    @user_errors
    def fill(self) -> None:
        from vendorcheck.services import assessing, compare_view, labels, vendors

        lang = self.lang
        table = self.query_one("#compare", DataTable)
        table.clear(columns=True)
        hints: list[str] = []
        assessed = self._assessed()
        skipped = [vendors.get(self.store, v)["name"] for v in self.vendor_ids if v not in assessed]
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
        names = [v["vendor"] for v in data["vendors"]]
        table.add_column(self.t("项目", "Section"), key="_label")
        for name in names:
            table.add_column(Text(name), key=name)

        def add(label: str, cells: list[Text], key: str) -> None:
            table.add_row(Text(label, style="bold"), *cells, key=key)

        rejected = compare_view.rejected_flags(data)

        def scored(
            values: list[float | None], fmt: Any = "{:.1f}".format, lowest: bool = False
        ) -> list[Text]:
            """Figures lined up by cell width, ★ after the best of those not rejected."""
            marks = compare_view.best_marks(values, lowest=lowest, rejected=rejected)
            cells = compare_view.marked_cells(values, marks, fmt)
            return [Text(c, style=BEST if m else "") for c, m in zip(cells, marks, strict=True)]

        title = "zh" if lang == "zh" else "en"
        for row in data["sections"]:
            values = [row["scores"].get(name) for name in names]
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
        self._add_costs(add, scored, names, hints)
        self.query_one("#hint", Static).update(
            "\n".join(
                hints
                or [
                    self.t(
                        "★ 为该行最佳（被否决的服务商不参与）；e 导出对比报告",
                        "★ marks the best in each row (rejected vendors excluded); e exports",
                    )
                ]
            )
        )

    def _add_costs(self, add: Any, scored: Any, vendors: list[str], hints: list[str]) -> None:
        """Monthly cost and staffing (services.compare_view, as `vendorcheck compare` shows)."""
        from vendorcheck.services import compare_view, money

        lang = self.lang
        rows = compare_view.cost_rows(self.store, vendors)
        hints.extend(self.t(zh, en) for zh, en in rows["hints"])
        if not rows["profile"]:
            return
        cells = scored(rows["monthly"], fmt=lambda v: money.money(v, lang, whole=True), lowest=True)
        add(self.t("月度成本", "Monthly cost"), cells, "monthly_cost")
        style = {True: "green", None: "yellow", False: "bold red"}
        staffing = [
            Text("—") if c is None else Text(c[lang], style=style[c["ok"]])
            for c in rows["staffing"]
        ]
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
        shown = set(self._assessed())
        self.app.push_screen(
            ExportScreen(
                [n for v, n in zip(self.vendor_ids, self.names(), strict=True) if v in shown]
            )
        )
