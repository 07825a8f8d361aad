"""The negotiation to-do list for a vendor's latest assessment: wording files in, items, agreed
marks (store) and the contract rider (补充协议) out as Markdown or DOCX."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from vendorcheck.core import todo
from vendorcheck.core.errors import Lang, UserError
from vendorcheck.paths import checklists_dir
from vendorcheck.services import assessing
from vendorcheck.services.catalog import read_text
from vendorcheck.store import Store
from vendorcheck.store import todos as todo_store

PRIORITY_LABEL = {
    "must": ("签约前必须落实", "must, before signing"),
    "should": ("应当争取", "should"),
    "nice": ("最好争取", "nice to have"),
}


@cache
def wordings() -> dict[str, todo.Wording]:
    """checklists/todo/*.toml by clause id; a file whose id is not its name is a user error."""
    out: dict[str, todo.Wording] = {}
    for path in sorted((checklists_dir() / "todo").glob("*.toml")):
        try:
            data = tomllib.loads(read_text(path))
        except tomllib.TOMLDecodeError as e:
            raise UserError(
                f"not valid TOML: {e}", f"不是合法的 TOML：{e}", where=str(path)
            ) from None
        w = todo.parse_wording(data, str(path))
        if w.id != path.stem:
            raise UserError(
                f"id {w.id!r} differs from the file name",
                f"id {w.id} 与文件名不一致",
                where=str(path),
            )
        out[w.id] = w
    return out


def _risky() -> frozenset[str]:
    from vendorcheck.services import contracts

    return frozenset(c.id for c in contracts.patterns().clauses if c.kind == "risky")


def conflict_items(store: Store, aid: str) -> list[todo.Item]:
    from vendorcheck.core.conflicts import todo_items
    from vendorcheck.services import conflicts

    return todo_items(conflicts.open_for(store, aid))


def items_for(store: Store, vendor: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The vendor and its to-do items as JSON (agreed marks included), latest assessment."""
    v, a, checklist, result = assessing.latest(store, vendor)
    agreed = todo_store.agreements(store, v["id"])
    items = todo.build(checklist, result, wordings(), _risky())
    # Issue 19: a contract contradicting an answer is settled before anything else.
    items = conflict_items(store, str(a["id"])) + items
    return {**v, "assessment_id": a["id"]}, [todo.as_json(i, agreed.get(i.id)) for i in items]


def set_agreed(
    store: Store, vendor: str, item_ids: list[str], *, agreed: bool, by: str = ""
) -> None:
    """Tick items off (or reopen them); every id must be on the current list, or nothing is written."""
    v, items = items_for(store, vendor)
    known = {i["id"] for i in items}
    bad = [i for i in item_ids if i not in known]
    if bad:
        raise UserError(
            f"not on {v['name']}'s to-do list: {', '.join(bad)} (see vendorcheck todo {v['name']!r})",
            f"不在“{v['name']}”的待办清单中：{'、'.join(bad)}",
            where="--agree" if agreed else "--reopen",
        )
    for iid in item_ids:
        if agreed:
            todo_store.agree(
                store, v["id"], iid, by or assessing.current_user(), v["assessment_id"]
            )
        else:
            todo_store.reopen(store, v["id"], iid)


def _t(lang: Lang, text: dict[str, str]) -> str:
    return text[lang]


def markdown(vendor: str, items: list[dict[str, Any]], lang: Lang) -> str:
    """The to-do list as Markdown, grouped by priority, each with why and the wording."""
    zh = lang == "zh"
    lines = [f"# {'谈判待办' if zh else 'Negotiation to-do list'}: {vendor}", ""]
    for p in todo.PRIORITIES:
        group = [i for i in items if i["priority"] == p]
        if not group:
            continue
        lines += [f"## {PRIORITY_LABEL[p][0 if zh else 1]}", ""]
        for i in group:
            mark = "[x]" if i["agreed"] else "[ ]"
            lines.append(f"- {mark} **{_t(lang, i['text'])}** (`{i['id']}`)")
            lines.append(f"  - {'理由' if zh else 'Why'}: {_t(lang, i['why'])}")
            if i["evidence"]:
                lines.append(f"  - {'合同原文' if zh else 'Contract'}: {i['evidence']}")
            if i["wording"]:
                lines.append(
                    f"  - {'建议条款' if zh else 'Suggested wording'}: {_t(lang, i['wording'])}"
                )
            if i["agreed"]:
                a = i["agreed"]
                lines.append(f"  - {'已谈妥' if zh else 'Agreed'}: {a['by']} {a['at']}")
        lines.append("")
    return "\n".join(lines)


def rider_articles(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every item with suggested wording, must first: the articles of the rider."""
    return [i for i in items if i["wording"]]


def rider_markdown(vendor: str, items: list[dict[str, Any]]) -> str:
    """The contract rider (补充协议) draft, Chinese then English per article, for the lawyer."""
    lines = [
        "# 补充协议（草案） / Supplementary Agreement (draft)",
        "",
        f"甲方（委托方）：＿＿＿＿＿＿　　乙方（服务方）：{vendor}",
        "",
        f"Client: ____________　　Provider: {vendor}",
        "",
        "双方就原合同补充约定如下；本补充协议与原合同不一致的，以本补充协议为准。",
        "",
        "The parties agree the following supplement to the original contract; where this "
        "supplement and the original contract differ, this supplement prevails.",
        "",
    ]
    for n, i in enumerate(rider_articles(items), 1):
        strike = i["action"] == "strike"
        lines += [
            f"## 第{n}条 / Article {n}",
            "",
            ("原合同中与本条相抵触的条款删除，代之以：" if strike else "") + i["wording"]["zh"],
            "",
            (
                "Any provision of the original contract conflicting with this article is deleted "
                "and replaced by: "
                if strike
                else ""
            )
            + i["wording"]["en"],
            "",
        ]
    lines += [
        "本补充协议自双方签字盖章之日起生效。 / This supplement takes effect when signed and "
        "sealed by both parties.",
        "",
        "甲方（盖章）／Client (seal): ____________　　乙方（盖章）／Provider (seal): ____________",
        "",
        "日期／Date: ____________",
        "",
    ]
    return "\n".join(lines)


def write_rider(path: Path, vendor: str, items: list[dict[str, Any]]) -> int:
    """Write the rider as .md or .docx (by suffix); returns the number of articles."""
    suffix = path.suffix.lower()
    if suffix not in (".md", ".docx"):
        raise UserError(
            "the rider is written as .md or .docx",
            "补充协议只能保存为 .md 或 .docx",
            where=str(path),
        )
    text = rider_markdown(vendor, items)
    tmp = path.with_name(path.name + ".part")
    try:
        if suffix == ".md":
            tmp.write_text(text, encoding="utf-8")
        else:
            _docx(text).save(str(tmp))
        tmp.replace(path)  # nothing half-written under the real name
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise UserError(
            f"cannot write: {e.strerror}", f"无法写入：{e.strerror}", where=str(path)
        ) from None
    return len(rider_articles(items))


def _docx(markdown_text: str) -> Any:
    """The rider's Markdown as a Word document: headings and paragraphs, a CJK-capable font."""
    import docx
    from docx.oxml.ns import qn

    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
    for line in markdown_text.split("\n"):
        if line.startswith("# "):
            doc.add_heading(line[2:], level=0)
        elif line.startswith("## "):
            doc.add_heading(line[3:], level=1)
        elif line.strip():
            doc.add_paragraph(line)
    return doc
