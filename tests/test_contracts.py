"""Contract scanner: offsets, minimal pairs, file formats and the CLI, end to end."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from vendorcheck.core.contracts import CLAUSE_IDS
from vendorcheck.core.contracts.normalise import normalise
from vendorcheck.core.disputes import DISPUTE_IDS
from vendorcheck.services import catalog, contracts

FIX = Path(__file__).parent / "fixtures" / "contracts"
HEAD = "甲方（委托方）：某服饰店\n乙方（服务方）：某客服外包公司\n甲方委托乙方提供客服服务。\n"


def present(text: str) -> set[str]:
    return set(contracts.scan_text(text).present())


# --- offsets ------------------------------------------------------------------------------

pieces = st.sampled_from(
    [
        "第五条 ",
        "乙方不得以店铺名义申请贷款。",
        "乙方不得刷單。",
        "乙方ＫＰＩ平均响应时间不超过３０秒。",
        "\n",
        "\u3000",
        "（一）",
        "Party A shall not borrow money in the name of Party B. ",
        "㈠™㎡",
        "甲方有權解除本合約。",
        "\r\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(pieces, st.text(max_size=8)), max_size=25))
def test_offsets_slice_back_to_the_evidence(parts: list[str]) -> None:
    text = HEAD + "".join(parts)
    assert len(normalise(text)) == len(text)
    r = contracts.scan_text(text)
    assert set(r.clauses) == {*CLAUSE_IDS, *DISPUTE_IDS}
    for c in r.clauses.values():
        for ev in (*c.evidence, *c.contradicted):
            assert text[ev.start : ev.end] == ev.text and ev.text.strip()


# --- minimal pairs ------------------------------------------------------------------------


def test_prohibition_vs_permission() -> None:
    assert "no_shop_loans" in present(HEAD + "第五条 乙方不得以店铺名义申请贷款。")
    got = present(HEAD + "第五条 乙方可以以店铺名义申请贷款。")
    assert "no_shop_loans" not in got and "shop_loans_allowed" in got


def test_party_swap() -> None:
    assert "no_fake_orders" in present(HEAD + "乙方不得刷单。")
    assert "no_fake_orders" not in present(HEAD + "甲方不得刷单。")


def test_jia_as_provider_flips_who_is_bound() -> None:
    head = "甲方（服务方）：某客服公司\n乙方（委托方）：某店铺\n乙方委托甲方提供客服。\n"
    assert "no_fake_orders" in present(head + "甲方不得刷单。")
    assert "no_fake_orders" not in present(head + "乙方不得刷单。")


def test_exceptions() -> None:
    assert "no_fake_orders" in present(HEAD + "乙方不得刷单，但经甲方书面同意的除外。")
    r = contracts.scan_text(HEAD + "乙方不得刷单，但乙方认为必要的除外。")
    assert r.clauses["no_fake_orders"].status == "absent"
    assert r.clauses["no_fake_orders"].contradicted  # the third state, kept internally


def test_definition_is_not_a_clause() -> None:
    assert "no_fake_orders" not in present(HEAD + "第一条 定义\n1. 刷单：指虚构交易的行为。\n")


def test_traditional_and_full_width_and_broken_lines() -> None:
    assert "no_shop_loans" in present(HEAD + "乙方不得以店鋪名義申請貸款。")
    assert "sla_targets" in present(HEAD + "乙方客服平均\n响应时间不超过３０秒。")


def test_english_pair() -> None:
    head = 'Between A Ltd. (the "Client") and B Ltd. (the "Provider").\n'
    assert "termination_right" in present(head + "The Client may terminate on 30 days' notice.")
    assert "termination_right" not in present(head + "The Provider may terminate on notice.")


# --- files and CLI ------------------------------------------------------------------------


def _docx(path: Path, paragraphs: list[str]) -> Path:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "word/document.xml", f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
        )
    return path


def test_docx_is_read_with_offsets(tmp_path: Path) -> None:
    src = (FIX / "dev" / "zh01_taobao_cs_full.txt").read_text("utf-8").splitlines()
    f = _docx(tmp_path / "c.docx", src)
    text = contracts.read_contract(f)
    r = contracts.scan_file(f)
    assert r.clauses["no_shop_loans"].status == "present"
    ev = r.clauses["no_shop_loans"].evidence[0]
    assert text[ev.start : ev.end] == ev.text


def test_pdf_text_layer_and_scanned_pdf(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image
    from weasyprint import HTML

    body = (FIX / "dev" / "zh06_traditional_taobao.txt").read_text("utf-8")
    html = (
        "<html><body style='font-family: Noto Sans CJK SC'>"
        + "".join(f"<p>{line}</p>" for line in body.splitlines())
        + "</body></html>"
    )
    pdf = tmp_path / "contract.pdf"
    HTML(string=html).write_pdf(pdf)
    r = run_cli("contract", "scan", str(pdf), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["clauses"]["no_shop_loans"]["status"] == "present"
    scanned = tmp_path / "scan.pdf"
    Image.new("RGB", (600, 800), "white").save(scanned)
    r = run_cli("contract", "scan", str(scanned))
    assert r.returncode == 2 and "no text layer" in r.stderr and len(r.stderr.splitlines()) == 1


def test_bad_files_are_one_line_errors(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "c.rtf").write_text("x")
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    for name, words in (
        ("c.rtf", "cannot read .rtf"),
        ("bad.docx", "Word"),
        ("none.txt", "not found"),
    ):
        r = run_cli("contract", "scan", str(tmp_path / name))
        assert r.returncode == 2, r.stderr
        assert words in r.stderr and name in r.stderr and len(r.stderr.splitlines()) == 1


def test_scan_json_lists_every_id(run_cli) -> None:  # type: ignore[no-untyped-def]
    r = run_cli(
        "contract", "scan", str(FIX / "dev" / "zh09_permission_pairs.txt"), "--format", "json"
    )
    data = json.loads(r.stdout)
    assert data["language"] == "zh" and set(data["clauses"]) == {*CLAUSE_IDS, *DISPUTE_IDS}
    loans = data["clauses"]["shop_loans_allowed"]
    assert loans["status"] == "present" and loans["evidence"][0]["article"]
    assert {"text", "start", "end"} <= set(loans["evidence"][0])


def test_scan_table_is_bilingual(run_cli) -> None:  # type: ignore[no-untyped-def]
    f = str(FIX / "dev" / "zh01_taobao_cs_full.txt")
    zh = run_cli("contract", "scan", f, lang="zh").stdout
    en = run_cli("contract", "scan", f, lang="en").stdout
    assert "禁止拿店铺贷款" in zh and "✓ 有" in zh and "[5.3]" in zh
    assert "No loans against the shop" in en and "✓ present" in en


def test_suggested_answers_map_clause_ids() -> None:
    r = contracts.scan_file(FIX / "dev" / "zh09_permission_pairs.txt")
    s = contracts.suggest_answers(catalog.get("cs-outsourcing"), r)
    assert all(a.source == "suggested" for a in s.values())
    assert s["contract.no_shop_loans"].value == "no"  # shop loans allowed overrides
    assert "贷款" in s["contract.no_shop_loans"].evidence
    assert s["contract.penalties_on_merchant"].value == "yes"
    assert s["contract.exclusivity_lockin"].value == "yes"


def test_assess_with_contract_suggests_and_answers_override(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("vendor", "add", "云帆").returncode == 0
    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  contract.sla_targets: 'no'\n", encoding="utf-8")
    f = str(FIX / "dev" / "zh01_taobao_cs_full.txt")
    r = run_cli("assess", "云帆", "--contract", f, "--answers", str(answers))
    assert r.returncode == 0, r.stderr
    assert (
        "22 answers were suggested from the contract" in r.stdout
    )  # 14 + 8 dispute ids (issue 17)
    data = json.loads(run_cli("score", "云帆", "--format", "json").stdout)
    qs = {q["id"]: q for s in data["sections"] for q in s["questions"]}
    assert qs["contract.no_shop_loans"]["value"] == "yes"
    assert qs["contract.no_shop_loans"]["source"] == "suggested"
    assert "贷款" in qs["contract.no_shop_loans"]["evidence"]
    assert qs["contract.sla_targets"] == {
        **qs["contract.sla_targets"],
        "value": "no",
        "source": "merchant",
    }


def test_bare_modal_after_condition_binds_the_conditions_subject() -> None:
    """ "乙方违规致甲方店铺遭处罚者，应赔偿" binds 乙方 although 甲方 is named last before 应."""
    s = "乙方违反平台规范致甲方店铺遭处罚者，应赔偿甲方所受之损害。"
    got = present(HEAD + s)
    assert "violation_compensation" in got and "penalties_on_merchant" not in got
    swapped = present(HEAD + s.replace("乙方", "丙").replace("甲方", "乙方").replace("丙", "甲方"))
    assert "violation_compensation" not in swapped


def test_chained_modals_and_new_wordings() -> None:
    """ "应当承担" binds one party; 负保密责任 is an obligation; 转介 is diversion."""
    assert "data_confidentiality" in present(HEAD + "乙方對甲方顧客個人資料負保密責任。")
    assert "data_confidentiality" not in present(HEAD + "甲方對乙方員工個人資料負保密責任。")
    assert "no_customer_diversion" in present(HEAD + "乙方不得將店鋪顧客轉介至其他店鋪。")
    assert "no_customer_diversion" not in present(HEAD + "乙方可以將店鋪顧客轉介至其他店鋪。")


def test_wording_families_of_waiver_and_lockin() -> None:
    """不负…责任 / 与乙方无关 waive; a merchant's promise not to hire others is a lock-in."""
    assert "vendor_liability_waiver" in present(HEAD + "乙方对店铺的任何经营损失不负赔偿责任。")
    assert "vendor_liability_waiver" not in present(HEAD + "甲方对乙方的损失不负赔偿责任。")
    assert "vendor_liability_waiver" in present(HEAD + "店铺经营的一切后果由甲方承担，与乙方无关。")
    assert "vendor_liability_waiver" not in present(HEAD + "乙方员工的行为后果与甲方无关。")
    assert "exclusivity_lockin" in present(HEAD + "甲方承诺合同期内不另行聘请其他运营团队。")
    assert "exclusivity_lockin" not in present(HEAD + "乙方承诺合同期内不另行聘请其他运营团队。")
    assert "staffing_commitment" in present(HEAD + "乙方保证配备不少于3名专职客服。")


def test_exception_reaches_only_its_own_clause() -> None:
    r = contracts.scan_text(HEAD + "乙方不得刷单；乙方不得泄露客户信息，但乙方认为必要的除外。")
    assert r.clauses["no_fake_orders"].status == "present"
    assert r.clauses["data_confidentiality"].status == "absent"
    assert r.clauses["data_confidentiality"].contradicted
    assert "no_fake_orders" not in present(HEAD + "除为完成销售目标外，乙方不得刷单。")
    assert "no_shop_loans" in present(HEAD + "除甲方书面同意外，乙方不得以店铺名义申请贷款。")
    assert "data_confidentiality" in present(
        HEAD + "乙方不得泄露买家信息，但为履行本合同所必需的除外。"
    )


def test_penalties_split_by_cause_are_not_all_on_the_merchant() -> None:
    s = "因乙方原因导致的处罚由乙方承担，其他原因导致的处罚由甲方承担。"
    assert "penalties_on_merchant" not in present(HEAD + s)
    assert "penalties_on_merchant" in present(HEAD + "无论是否因乙方原因，平台处罚均由甲方承担。")


def test_party_tables_and_name_lines() -> None:
    table = (
        "| 甲方（服务方） | 杭州某某客服外包有限公司 |\n|---|---|\n| 乙方（委托方） | 某某旗舰店 |\n\n"
        "| 条款 | 内容 |\n|---|---|\n| 行为规范 | 甲方不得刷单。 |\n| 其他 | 乙方不得以店铺名义贷款。 |\n"
    )
    r = contracts.scan_text(table)
    assert r.parties.vendor[-1] == "甲方" and r.parties.resolved
    assert r.present() == ["no_fake_orders"]
    named = "甲方名称：广州某某网络科技有限公司\n乙方名称：某某专营店\n"
    assert "no_shop_loans" in present(named + "甲方不得以乙方名义贷款。")
    assert "no_shop_loans" not in present(named + "乙方不得以甲方名义贷款。")


def test_definition_without_colon_is_not_a_clause() -> None:
    assert "no_fake_orders" not in present(
        HEAD + "第一条 说明\n1. 刷单是指乙方不得虚构交易的行为。\n"
    )


def test_english_inverted_waiver_and_undertakings() -> None:
    head = 'Between A Ltd. (the "Client") and B Ltd. (the "Provider").\n'
    assert "vendor_liability_waiver" in present(
        head + "In no event shall the Provider be liable for any lost profits."
    )
    assert "vendor_liability_waiver" not in present(
        head + "In no event shall the Client be liable for any lost profits."
    )
    assert "no_shop_loans" in present(
        head + "The Provider undertakes not to obtain any loan in the Client's name."
    )
    assert "termination_right" in present(head + "The Client reserves the right to terminate.")


def test_page_break_before_a_number_continues_the_sentence() -> None:
    """ "应在\\n30秒内回复" is one clause; "1 乙方…" after a full stop is a new item."""
    r = contracts.scan_text(HEAD + "第三条 服务\n乙方不得以甲方店铺名义申请\n50万元以下的贷款。\n")
    assert r.clauses["no_shop_loans"].evidence[0].text.endswith("贷款。")
    assert "no_fake_orders" in present(HEAD + "第三条 服务\n1 乙方应勤勉。\n2 乙方不得刷单。\n")


def test_subject_before_a_prepositional_phrase_is_bound() -> None:
    """ "乙方对…的甲方经营数据负有保密义务": 乙方 is bound, not the 甲方 inside the 对-phrase."""
    s = "乙方对合作中知悉的甲方经营数据负有保密义务。"
    assert "data_confidentiality" in present(HEAD + s)
    assert "data_confidentiality" not in present(
        HEAD + s.replace("乙方", "丙").replace("甲方", "乙方").replace("丙", "甲方")
    )


def test_vendor_quote_names_parties_as_wosi_and_guidian() -> None:
    head = '致：某某旗舰店（以下简称"贵店"）\n服务单位：某某传媒有限公司（以下简称"我司"）\n'
    r = contracts.scan_text(
        head + "店铺违规扣分、罚款等后果均由贵店承担。我司对贵店顾客信息予以保密。"
    )
    assert r.parties.merchant == ["贵店"] and r.parties.vendor == ["我司"]
    assert {"penalties_on_merchant", "data_confidentiality"} <= set(r.present())


def test_full_width_punctuation_in_patterns_stops_at_commas() -> None:
    """Patterns written with ，；： match the normalised text, where they are ,;: (one to one)."""
    assert "staffing_commitment" in present(HEAD + "乙方应指派专属客服人员二名负责甲方店铺。")
    # the count belongs to another clause: trainees per session, not agents on the shop
    assert "staffing_commitment" not in present(
        HEAD + "乙方应提供培训，每期5人，客服主管另行安排。"
    )


def test_exception_serving_the_vendors_own_target_voids_the_ban() -> None:
    s = "乙方不得组织刷单，但乙方为完成本协议约定的销售目标的除外。"
    assert "no_fake_orders" not in present(HEAD + s)
    assert "no_fake_orders" in present(HEAD + "乙方不得组织刷单，本协议另有约定的除外。")


def test_a_grant_binds_the_party_it_names() -> None:
    """ "甲方同意乙方以店铺名义申请融资" lets the vendor borrow; the swap lets the merchant."""
    s = "甲方同意乙方以甲方店铺名义申请融资产品，到期由甲方归还。"
    assert "shop_loans_allowed" in present(HEAD + s)
    assert "shop_loans_allowed" not in present(HEAD + "乙方同意甲方以甲方店铺名义申请融资产品。")
    assert "termination_right" not in present(HEAD + "未经甲方同意，乙方不得解除本合同。")


def test_penalties_with_a_carved_out_cause_are_not_all_on_the_merchant() -> None:
    s = "店铺受到的平台处罚，除因乙方原因造成的以外，由甲方自行负责；因乙方原因造成的，由乙方按甲方的实际损失予以赔偿。"
    got = present(HEAD + s)
    assert "penalties_on_merchant" not in got and "violation_compensation" in got
    head = 'Between A Ltd. (the "Client") and B Ltd. (the "Provider").\n'
    own = (
        "Any penalty imposed on the store because of product quality shall be borne by the Client."
    )
    assert "penalties_on_merchant" not in present(head + own)
    assert "penalties_on_merchant" in present(
        head + "Any penalty imposed on the store shall be borne by the Client."
    )


def test_more_wording_families_after_held_out_4() -> None:
    assert "termination_right" in present(
        HEAD + "任何一方希望提前终止的，应提前一个月书面通知对方。"
    )
    assert "staffing_commitment" in present(
        HEAD + "乙方为本项目配备主播2名、场控1名、运营1名，未经甲方同意不得更换主播。"
    )
    assert "sla_penalties" in present(HEAD + "旺旺平均响应时长每超出5秒扣当月服务费2%。")
    assert "violation_compensation" in present(
        HEAD + "乙方违反上述约定致使店铺被平台冻结货款的，乙方应承担甲方的全部损失。"
    )
    assert "violation_compensation" not in present(
        HEAD + "甲方违反上述约定致使店铺被平台冻结货款的，甲方应承担乙方的全部损失。"
    )


def test_not_answerable_for_and_grants_in_english() -> None:
    assert "vendor_liability_waiver" in present(HEAD + "乙方不对店铺销售业绩承担任何责任。")
    assert "vendor_liability_waiver" not in present(HEAD + "甲方不对乙方员工的行为承担责任。")
    assert "exclusivity_lockin" in present(HEAD + "甲方在合作期内不得与其他同类服务商合作。")
    head = 'Between A Ltd. (the "Client") and B Ltd. (the "Provider").\n'
    s = "The Client authorises the Provider to obtain financing in the Client's name."
    assert "shop_loans_allowed" in present(head + s)
    assert "shop_loans_allowed" not in present(
        head + "The Provider authorises the Client to obtain financing."
    )


def test_subject_carries_into_a_clause_that_names_nobody() -> None:
    """ "乙方对于…知悉之甲方营业秘密，应负保密之责": the clause after the comma is still 乙方's."""
    s = "乙方對於因執行本契約而知悉之甲方營業秘密及消費者個人資料，應負保密之責。"
    assert "data_confidentiality" in present(HEAD + s)
    swapped = s.replace("乙方", "丙").replace("甲方", "乙方").replace("丙", "甲方")
    assert "data_confidentiality" not in present(HEAD + swapped)


def test_items_under_a_party_heading_bind_that_party() -> None:
    body = "第三条 甲方的权利和义务\n1、乙方严重违约的，有权单方解除本合同。\n"
    assert "termination_right" in present(HEAD + body)
    body = "第四条 乙方的权利和义务\n1、甲方严重违约的，有权单方解除本合同。\n"
    assert "termination_right" not in present(HEAD + body)
    body = "第四条 乙方的权利和义务\n1、对甲方店铺的顾客信息保守秘密，不得外泄。\n"
    assert "data_confidentiality" in present(HEAD + body)


def test_consumer_payment_options_are_not_shop_loans() -> None:
    s = "乙方可根据经营需要为店铺开通先用后付、分期付款等消费者支付方式。"
    assert "shop_loans_allowed" not in present(HEAD + s)
    assert "shop_loans_allowed" in present(
        HEAD + "乙方可根据经营需要以店铺名义开通先用后付推广金。"
    )


def test_we_and_you_in_vendor_terms() -> None:
    head = (
        'These terms are between Carewell Services Ltd. ("we", "us") and the store owner ("you").\n'
    )
    r = contracts.scan_text(head + "You are responsible for all fines imposed by JD on your store.")
    assert set(r.parties.vendor) == {"we", "us", "our"}
    assert set(r.parties.merchant) == {"you", "your"}
    assert "penalties_on_merchant" in r.present()
    assert "penalties_on_merchant" not in present(
        head + "We are responsible for all fines imposed by JD on your store."
    )


def test_two_parties_on_one_line_and_a_run_on_paragraph_quote_one_clause() -> None:
    """A template that names both parties on one line and runs every term into one paragraph:
    the parties are told apart, and each finding quotes its own ；-clause, not the paragraph."""
    clauses = [
        "合作期为１２个月，合作期内商家不得另行委托其他服务商",
        "服务商按店铺后台支付金额（含后续发生退款的订单）的６％收取提成",
        "店铺受到的平台处罚无论因何种原因产生，均由商家承担，服务商不承担任何赔偿责任",
        "服务商对合作期间店铺产生的任何经营损失概不负责",
        "商家应对服务商的报价信息予以保密",
    ]
    text = (
        "商家：＿＿＿＿（店铺名称：＿＿＿）　服务商：某某电子商务有限公司\n"
        "商家委托服务商对其店铺进行全店代运营，双方约定：" + "；".join(clauses) + "。\n"
    )
    r = contracts.scan_text(text)
    assert r.parties.merchant == ["商家"] and r.parties.vendor == ["服务商"]
    waiver = r.clauses["vendor_liability_waiver"]
    assert waiver.status == "present"
    assert [text[e.start : e.end] for e in waiver.evidence] == [e.text for e in waiver.evidence]
    assert all(len(e.text) < 60 for e in waiver.evidence), waiver.evidence
    got = set(r.present())
    assert {"penalties_on_merchant", "exclusivity_lockin"} <= got
    assert not got & {"fee_definition", "data_confidentiality", "termination_right"}


def test_a_modal_word_inside_a_party_name_binds_nobody() -> None:
    """需方 holds 需 ("must"): the merchant's right to deduct from fees payable is no duty."""
    head = "需方：某某食品有限公司\n供方：某某电子商务有限公司\n需方委托供方提供代运营服务。\n"
    s = "供方违规致店铺被扣分者，由供方赔偿需方损失，需方并得自应付服务费中直接扣除。"
    got = present(head + s)
    assert "violation_compensation" in got
    assert "penalties_on_merchant" not in got


def test_an_article_title_run_on_into_its_clause_starts_the_article() -> None:
    """'2. SERVICES. Agency shall …' after a definitions article is article 2, not a definition:
    the evidence names article 2 and the clause counts; a term only defined still does not."""
    text = (
        'This agreement is between Harbor Home, Inc. ("Brand") and Lanting Digital Co. ("Agency").\n\n'
        "1. DEFINITIONS.\n"
        '1.1 "Brushing" means placing fictitious orders to inflate Store metrics.\n\n'
        "2. SERVICE LEVELS. Agency shall respond to buyer inquiries within thirty (30) seconds.\n"
    )
    res = contracts.scan_text(text)
    assert res.clauses["sla_targets"].status == "present"
    assert res.clauses["sla_targets"].evidence[0].article == "2"
    assert res.clauses["no_fake_orders"].status == "absent"


def test_an_empty_box_is_no_term_only_on_a_form_that_ticks() -> None:
    """□ next to ☑ is an option left out; on a form with no ticks at all □ is only a bullet."""
    item = "□ 乙方人员欺诈消费者的，由乙方承担全部赔偿责任。\n"
    ticked = HEAD + "☑ 乙方不得刷单。\n" + item
    assert "vendor_fraud_liability" not in present(ticked)
    assert "no_fake_orders" in present(ticked)
    assert "vendor_fraud_liability" in present(HEAD + item)
