"""The .docx reader on files made the way Word makes them (python-docx, whose template is
Word's): automatic numbering kept, text boxes read once (issue 20). Through `contract scan` as a
subprocess, and the article numbers the scanner cites are the ones Word shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CLI
from tests.test_stdio import raw

docx = pytest.importorskip("docx")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_BOX = f"""
<w:r xmlns:w="{W}"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>
      <w:p><w:r><w:t>{{text}}</w:t></w:r></w:p>
    </w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>
    <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
      <w:p><w:r><w:t>{{text}}</w:t></w:r></w:p>
    </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
  </mc:AlternateContent>
</w:r>"""

ARTICLES = f"""
<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="第%1条"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%1.%2"/></w:lvl>
</w:abstractNum>"""


def _numbered(doc, text: str, num_id: int, ilvl: int = 0):  # type: ignore[no-untyped-def]
    from docx.oxml import parse_xml

    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return p


def word_file(path: Path) -> Path:
    from docx.oxml import parse_xml

    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(ARTICLES))  # abstractNums come before the nums
    numbering.append(
        parse_xml(f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    party = doc.add_paragraph("甲方（委托方）：某某旗舰店")
    party._p.append(parse_xml(TEXT_BOX.format(text="乙方（服务方）：杭州某某客服外包有限公司")))
    _numbered(doc, "服务内容", 90)
    _numbered(doc, "乙方不得以甲方店铺名义申请任何贷款、借款或融资。", 90, 1)
    _numbered(doc, "乙方对客户信息负有保密义务，不得泄露。", 90, 1)
    _numbered(doc, "违约责任", 90)
    _numbered(doc, "因乙方违规导致店铺被处罚的，由乙方承担全部损失。", 90, 1)
    doc.add_paragraph("付款前核对发票", style="List Number")  # style-based numbering
    doc.add_paragraph("逐月对账", style="List Number")
    doc.save(str(path))
    return path


def test_numbering_and_a_text_box_in_a_word_file(tmp_path: Path) -> None:
    from vendorcheck.services import contracts

    text = contracts.read_contract(word_file(tmp_path / "合同.docx"))
    lines = text.splitlines()
    assert lines[0] == "甲方（委托方）：某某旗舰店"  # not glued to the text box's party line
    assert lines[1] == "乙方（服务方）：杭州某某客服外包有限公司"
    assert text.count("杭州某某客服外包有限公司") == 1  # once, not Choice + Fallback + nested
    assert lines[2:7] == [
        "第一条 服务内容",
        "1.1 乙方不得以甲方店铺名义申请任何贷款、借款或融资。",
        "1.2 乙方对客户信息负有保密义务，不得泄露。",
        "第二条 违约责任",
        "2.1 因乙方违规导致店铺被处罚的，由乙方承担全部损失。",
    ]
    assert lines[7:] == ["1. 付款前核对发票", "2. 逐月对账"]


def test_scan_cites_words_article_numbers(tmp_path: Path, run_cli: CLI, db_path: Path) -> None:
    """Also piped in: a .docx on stdin is recognised by its first bytes (a zip)."""
    f = word_file(tmp_path / "合同.docx")
    r = run_cli("contract", "scan", str(f), "--format", "json")
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert result["parties"]["vendor"] and "乙方" in result["parties"]["vendor"]
    loans = result["clauses"]["no_shop_loans"]
    assert loans["status"] == "present"
    assert "乙方不得以甲方店铺名义申请任何贷款" in loans["evidence"][0]["text"]
    assert loans["evidence"][0]["article"] == "1.1"  # Word's number, absent from the runs
    piped = raw(["contract", "scan", "-", "--format", "json"], tmp_path, db_path, f.read_bytes())
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout) == {**result, "file": "<stdin>"}


def test_chinese_numbers_as_word_counts() -> None:
    from vendorcheck.core.contracts.docx import chinese_number, format_number

    assert [chinese_number(n) for n in (1, 10, 11, 20, 21, 99, 100, 105, 115)] == [
        "一", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十五",
    ]  # fmt: skip
    assert format_number(3, "lowerLetter") == "c" and format_number(4, "upperRoman") == "IV"
    assert format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(1, "ideographTraditional") == "甲"
