"""The rows of `vendorcheck compare`: the Compare screen's rows (sections, total, grade, verdict,
red flags, completeness, monthly cost, staffing), from the same services.compare_view (issue 19
item 7), so the CLI and the TUI show the same figures and star the same cells."""

from __future__ import annotations

from typing import Any

from vendorcheck.cli import Ctx
from vendorcheck.services import compare_view, money
from vendorcheck.services.labels import grade_text, score_text, verdict_label


def compare_rows(obj: Ctx, data: dict[str, Any]) -> tuple[list[list[Any]], list[str]]:
    """Table rows for a compare_json result, then the hints to print under the table."""
    L = obj.lang
    names = [v["vendor"] for v in data["vendors"]]
    rejected = compare_view.rejected_flags(data)

    def scored(values: list[Any], fmt: Any = score_text, lowest: bool = False) -> list[str]:
        marks = compare_view.best_marks(values, lowest=lowest, rejected=rejected)
        return compare_view.marked_cells(values, marks, fmt)

    rows: list[list[Any]] = [
        [row["title"][L], *scored([row["scores"][n] for n in names])] for row in data["sections"]
    ]
    vs = data["vendors"]
    rows.append([obj.t("总分", "Total"), *scored([v["score"] for v in vs])])
    rows.append(
        [obj.t("等级", "Grade")]
        + [grade_text(v["grade"], v["verdict"], len(v["red_flags"])) for v in vs]
    )
    rows.append([obj.t("结论", "Verdict")] + [verdict_label(v["verdict"], L) for v in vs])
    rows.append([obj.t("红旗", "Red flags")] + [str(len(v["red_flags"])) for v in vs])
    complete = scored([v["completeness"] * 100 for v in vs], fmt="{:.0f}%".format)
    rows.append([obj.t("完成度", "Completeness"), *complete])
    costs = compare_view.cost_rows(obj.store, names)
    hints = [obj.t(zh, en) for zh, en in costs["hints"]]
    if not costs["profile"]:
        hints = [
            obj.t(
                "还没有店铺档案，无法测算月度成本：vendorcheck profile set --file 档案文件",
                "No shop profile yet, so no monthly costs: vendorcheck profile set --file FILE",
            )
        ]
    else:
        whole = lambda v: money.money(v, L, whole=True)  # noqa: E731
        rows.append(
            [obj.t("月度成本", "Monthly cost"), *scored(costs["monthly"], whole, lowest=True)]
        )
        rows.append(
            [obj.t("人手（承诺/所需）", "Staffing (committed/needed)")]
            + ["—" if c is None else c[L] for c in costs["staffing"]]
        )
    hints.append(
        obj.t(
            "★ 为该行最佳（被否决的服务商不参与）",
            "★ marks the best in each row (rejected vendors excluded)",
        )
    )
    return rows, hints
