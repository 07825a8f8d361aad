"""Each stage of the contract reader on its own: normalise, segment, resolve parties, bind modal
verbs, scope exceptions, decide (with --explain), and the loader that plugs extra clause files in.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendorcheck.core.contracts import binding, parties, scanner, scope, views
from vendorcheck.core.contracts.binding import Frame
from vendorcheck.core.contracts.normalise import compact, normalise
from vendorcheck.core.contracts.sentences import split
from vendorcheck.core.errors import UserError
from vendorcheck.services import contracts

FIX = Path(__file__).parent / "fixtures" / "contracts"
HEAD = "甲方（委托方）：某服饰店\n乙方（服务方）：某客服外包公司\n甲方委托乙方提供客服服务。\n"
EN_HEAD = 'This agreement is between Bright Home Ltd. (the "Client") and Quickserve Ltd. (the "Provider").\n'


def frames_of(text: str) -> list[Frame]:
    """Stage 4 on the last sentence of `text`, after stages 1-3."""
    c = scanner.prepare(text, contracts.patterns())
    i = len(c.sentences) - 1
    view = binding.read(
        c.bodies[i], c.lang, c.g, c.modals.get(i, []), c.named.get(i, []), "", c.pmap.roles
    )
    return binding.frames(view)


# --- 1. normalise --------------------------------------------------------------------------


@given(st.text(alphabet="座席帐号户7×*24乙方不得，。\n abc", max_size=60))
def test_variants_keep_every_offset(text: str) -> None:
    table = contracts.patterns().variants
    out = views.variants(normalise(text), table)
    assert len(out) == len(text)
    assert "座席" not in out and "帐号" not in out


def test_variant_spellings_read_as_one() -> None:
    out = views.variants(
        normalise("乙方配置5个座席，不得修改主帳號密码，提供7×24小时服务"),
        contracts.patterns().variants,
    )
    assert "坐席" in out and "账号" in out and "7x24" in out


# --- 2. segment ----------------------------------------------------------------------------


def test_definitions_article_marks_its_sentences() -> None:
    text = "第一条 定义\n1.1 “净成交额”是指扣除退款后的金额。\n第二条 费用\n2.1 乙方提成按净成交额的5%计算。\n"
    sents = split(normalise(text))
    flags = {text[s.start : s.end].strip()[:3]: s.definition for s in sents}
    assert flags["1.1"] is True and flags["2.1"] is False


# --- 3. resolve parties --------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        "本协议由杭州云杉科技有限公司（以下简称“云杉公司”）与宁波青禾网络服务有限公司（以下简称“青禾公司”）签订。"
        "云杉公司委托青禾公司运营其天猫店铺。\n",
        "本協議由杭州雲杉科技有限公司（以下簡稱「雲杉公司」）與寧波青禾網絡服務有限公司（以下簡稱「青禾公司」）簽訂，"
        "雲杉公司委託青禾公司運營其天貓店鋪。\n",
    ],
)
def test_short_company_names_from_the_preamble_are_the_parties(head: str) -> None:
    low = compact(normalise(head))
    pmap = parties.resolve(low, "zh", contracts.patterns().roles)
    assert pmap.resolved
    assert pmap.roles["云杉公司"] == "merchant" and pmap.roles["青禾公司"] == "vendor"


def test_a_defined_thing_is_no_party() -> None:
    low = compact(normalise("杭州某某服饰有限公司（以下简称“本合同”）\n"))
    assert "本合同" not in parties.resolve(low, "zh", contracts.patterns().roles).roles


def test_parties_defined_by_what_they_mean() -> None:
    """'"本公司"指某某公司，"客户"指委托本公司托管店铺的商家': the head noun of a meaning names the role;
    a defined thing ("服务"指…) is no party."""
    roles = contracts.patterns().roles
    zh = '本须知中"本公司"指某某网络科技有限公司，"客户"指委托本公司托管店铺的商家，"服务"指托管服务。\n'
    pmap = parties.resolve(compact(normalise(zh)), "zh", roles)
    assert pmap.roles["客户"] == "merchant" and pmap.roles["本公司"] == "vendor"
    assert "服务" not in pmap.roles
    en = '"Studio" means Brightline Media Ltd and "Seller" means the merchant who engages the Studio.\n'
    pmap = parties.resolve(compact(normalise(en)).lower(), "en", roles)
    assert pmap.roles["seller"] == "merchant" and pmap.roles["studio"] == "vendor"


# --- 4. whom each modal verb binds ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "party", "modality"),
    [
        (HEAD + "甲方严禁乙方以店铺名义申请贷款。", "vendor", "prohibition"),
        (HEAD + "乙方无权以甲方名义借款。", "vendor", "prohibition"),
        (
            EN_HEAD + "The Client may require the Provider to compensate all losses.",
            "vendor",
            "obligation",
        ),
        (HEAD + "经双方协商一致，可以解除本合同。", "mutual", "permission"),
        (HEAD + "未经甲方书面同意，乙方不得更换客服人员。", "vendor", "prohibition"),
    ],
)
def test_who_a_modal_binds(text: str, party: str, modality: str) -> None:
    assert any(f.party == party and f.modality == modality for f in frames_of(text)), frames_of(
        text
    )


def test_a_right_needing_both_parties_binds_neither() -> None:
    assert not any(
        f.party in ("merchant", "both") and f.modality == "permission"
        for f in frames_of(HEAD + "甲乙双方协商一致后可提前终止本协议。")
    )


def test_an_exception_at_the_vendors_discretion_voids_the_ban() -> None:
    frames = frames_of(HEAD + "乙方不得泄露买家信息，但乙方认为必要的除外。")
    assert not any(f.modality == "prohibition" for f in frames)


# --- 5. scope ------------------------------------------------------------------------------


def test_a_word_only_inside_a_carve_out_decides_nothing() -> None:
    import re

    g = contracts.patterns().reading.of("zh")
    fraud = re.compile("欺诈")
    capped = "乙方的赔偿总额以已付服务费为限,但因乙方欺诈造成的损失除外。"
    assert scope.only_in_exceptions(capped, fraud, "zh", g)
    assert not scope.only_in_exceptions("乙方欺诈的,应赔偿甲方全部损失。", fraud, "zh", g)
    # "…为限，但…不受此限" carves out as "…除外" does (no 除 in it).
    unlimited = "乙方赔偿总额以已付服务费为限,但乙方故意或欺诈造成的损失不受此限。"
    assert scope.only_in_exceptions(unlimited, fraud, "zh", g)
    en = contracts.patterns().reading.of("en")
    assert scope.only_in_exceptions(
        "the agency's total liability is limited to the fees paid, except for its fraud.",
        re.compile("fraud"),
        "en",
        en,
    )


def test_superseded_wording_is_blanked_in_place() -> None:
    g = contracts.patterns().reading.of("zh")
    body = compact(
        normalise("原合同第5.2条（乙方可使用店铺申请贷款）修改为：乙方不得以店铺名义申请任何贷款。")
    )
    out = views.superseded(body, "zh", g)
    assert len(out) == len(body)
    assert "乙方可使用" not in out and "乙方不得以店铺名义申请任何贷款" in out


# --- 6. decide, and --explain --------------------------------------------------------------


def test_explain_names_the_parties_the_modal_the_topic_and_the_rule() -> None:
    r = contracts.scan_text(
        HEAD + "第五条 乙方义务\n5.1 乙方不得以店铺名义申请贷款。\n", explain=True
    )
    why = r.clauses["no_shop_loans"].why
    assert r.clauses["no_shop_loans"].status == "present" and len(why) == 1
    w = why[0]
    assert w.parties == {"乙方": "vendor"} and w.decision == "present"
    assert [(b.word, b.party, b.modality) for b in w.modals] == [("不得", "vendor", "prohibition")]
    assert "贷款" in w.topic and w.rule.startswith("no_shop_loans rule 1 (zh)")
    assert w.evidence.article == "5.1"
    assert not contracts.scan_text(HEAD + "乙方不得刷单。").clauses["no_fake_orders"].why


def test_cli_explain_table_and_json(run_cli) -> None:  # type: ignore[no-untyped-def]
    f = str(FIX / "dev" / "zh01_taobao_cs_full.txt")
    plain = json.loads(run_cli("contract", "scan", f, "--format", "json").stdout)
    assert "why" not in plain["clauses"]["no_shop_loans"]  # the JSON keeps its shape
    data = json.loads(run_cli("contract", "scan", f, "--format", "json", "--explain").stdout)
    why = data["clauses"]["no_shop_loans"]["why"][0]
    assert why["modals"][0]["party"] == "vendor" and why["rule"].startswith("no_shop_loans rule")
    en = run_cli("contract", "scan", f, "--explain").stdout
    assert "Why (--explain)" in en and "modal → binds" in en and "no_shop_loans rule 1" in en
    zh = run_cli("contract", "scan", f, "--explain", lang="zh").stdout
    assert "判断依据" in zh and "服务商" in zh


# --- the loader ----------------------------------------------------------------------------

EXTRA = """
[[clauses]]
id = "dispute_venue"
kind = "protective"
name = { zh = "争议地点", en = "Dispute venue" }
what = { zh = "约定争议在商家所在地解决。", en = "Disputes are settled where the merchant is." }
[[clauses.rules]]
lang = "zh"
all = ["{merchant}所在地[^。]{0,10}(法院|仲裁)"]
"""


@pytest.fixture
def clause_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of checklists/ the loader reads instead of the bundled one (extra files are named
    venue-clauses.toml: dispute-clauses.toml is a shipped file whose ids are fixed)."""
    root = tmp_path / "checklists"
    shutil.copytree(contracts.checklists_dir() / "clauses", root / "clauses")
    monkeypatch.setattr(contracts, "checklists_dir", lambda: root)
    contracts.patterns.cache_clear()
    yield root / "clauses"
    contracts.patterns.cache_clear()


def test_another_clause_file_plugs_in(clause_dir: Path) -> None:
    # Not dispute-clauses.toml: that file's ids are fixed (issue 17), any other file's are free.
    (clause_dir / "venue-clauses.toml").write_text(EXTRA, "utf-8")
    (clause_dir / "notes.toml").write_text('title = "no clauses here"\n', "utf-8")
    ids = [c.id for c in contracts.patterns().clauses]
    assert ids[-1] == "dispute_venue" and "governing_law" not in ids  # not the CUAD set
    r = contracts.scan_text(HEAD + "双方争议提交甲方所在地人民法院诉讼解决。")
    assert r.clauses["dispute_venue"].status == "present"


def test_a_clause_file_alone_is_read_with_the_vocabulary(clause_dir: Path) -> None:
    (clause_dir / "venue-clauses.toml").write_text(EXTRA, "utf-8")
    only = contracts.patterns("venue-clauses")
    assert [c.id for c in only.clauses] == ["dispute_venue"] and only.modality["zh"].prohibition


def test_a_bad_extra_clause_file_is_named(clause_dir: Path) -> None:
    (clause_dir / "venue-clauses.toml").write_text(EXTRA.replace("(法院|仲裁)", "(法院"), "utf-8")
    with pytest.raises(UserError) as e:
        contracts.patterns()
    assert e.value.where.endswith("venue-clauses.toml")
    assert "clauses.0.rules.0.all" in e.value.text("en")


def test_a_repeated_id_across_files_is_refused(clause_dir: Path) -> None:
    (clause_dir / "venue-clauses.toml").write_text(
        EXTRA.replace("dispute_venue", "no_shop_loans"), "utf-8"
    )
    with pytest.raises(UserError) as e:
        contracts.patterns()
    assert "no_shop_loans" in e.value.text("en")


def test_a_bad_reading_file_is_named(clause_dir: Path) -> None:
    path = clause_dir / "reading.toml"
    path.write_text(path.read_text("utf-8").replace('mutual = "', 'mutual = "(', 1), "utf-8")
    with pytest.raises(UserError) as e:
        contracts.patterns()
    assert e.value.where.endswith("reading.toml") and "zh.mutual" in e.value.text("en")


# --- rules compiled for speed match exactly what they say ----------------------------------


def test_spelt_out_patterns_match_as_written() -> None:
    """as_normalised spells out leading groups ("(与|和)…" as "与…|和…") and moves a leading \\b
    behind a literal, only for speed: every rule and modal word finds the same spans."""
    import re

    from vendorcheck.core.contracts import patterns as pm

    ps = contracts.patterns()
    texts = [
        compact(normalise(p.read_text("utf-8"))).replace("\n", "。")
        for split_dir in ("dev", "heldout", "heldout9", "heldout17")
        for p in sorted((FIX / split_dir).iterdir())
    ]
    written = [
        a for c in ps.clauses for r in c.rules for a in (*r.all, *r.none) if "{" not in a
    ] + [w for lang in ps.modality.values() for m in pm.MODALITIES for w in getattr(lang, m)]
    for rx in written:
        slow = re.compile(pm._as_written(rx))
        fast = re.compile(pm.as_normalised(rx))
        for t in texts:
            assert [m.span() for m in slow.finditer(t)] == [m.span() for m in fast.finditer(t)], rx


def test_a_batch_of_contracts_compiles_each_pattern_once() -> None:
    """A second contract of a batch reuses the first's compiled patterns (the reader compiles more
    distinct patterns than re's 512-entry cache holds, which once made every scan recompile them)."""
    from vendorcheck.core.contracts.patterns import compiled

    text = HEAD + "乙方不得刷单。双方争议提交乙方所在地人民法院诉讼解决。保证金不予退还。"
    contracts.scan_text(text)
    misses = compiled.cache_info().misses
    assert contracts.scan_text(text).clauses["no_fake_orders"].status == "present"
    assert compiled.cache_info().misses == misses


def test_operative_reads_article_numbers_and_ranges() -> None:
    """The letter-of-intent stage: Chinese and Arabic article numbers, ranges and lists."""
    from vendorcheck.core.contracts import operative

    assert [operative.number(x) for x in ("九", "十", "十二", "二十", "二十三", "3", "x")] == [
        9,
        10,
        12,
        20,
        23,
        3,
        None,
    ]
    assert operative.article_number("第二条 1") == 2
    assert operative.article_number("3.2") == 3
    assert operative.article_number(None) is None
    g = contracts.patterns().reading.of("zh")
    bodies = ["第一条背景", "第三条服务费", "第五条效力", "仅第三条至第四条具有约束力。"]
    arts = ["第一条", "第三条", "第五条", "第五条 1"]
    assert operative.non_binding("".join(bodies), bodies, arts, g) == {1}
    bodies[3] = "第一条、第二条不构成任何一方的义务。"
    assert operative.non_binding("".join(bodies), bodies, arts, g) == {1, 2}


def test_seats_reads_each_partys_places() -> None:
    """The address stage: city and district stems under each party line, none shared."""
    from vendorcheck.core.contracts import seats
    from vendorcheck.core.contracts.party_cues import PartyMap

    pmap = PartyMap(roles={"甲方": "merchant", "乙方": "vendor"}, resolved=True)
    head = "甲方:某某食品有限公司\n地址:山东省临沂市兰山区金雀山路56号\n乙方:某某科技有限公司\n地址:江苏省南京市江宁区胜太路77号"
    got = {r: set(p) for r, p in seats.seats(head, pmap, "zh").items()}
    assert got == {
        "merchant": {"临沂", "兰山"},
        "vendor": {"南京", "江宁"},
    }
    same = head.replace("山东省临沂市兰山区", "江苏省南京市鼓楼区")
    assert seats.seats(same, pmap, "zh") == {"merchant": ("鼓楼",), "vendor": ("江宁",)}
