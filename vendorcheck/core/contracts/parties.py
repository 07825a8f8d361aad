"""Who is who: resolve which names in the contract mean the merchant and which the vendor.

Read from the contract's own words (party lines such as "甲方（委托方）：…", defined names such
as （以下简称"服务商"） or (the "Provider"), and cues like "甲方委托乙方"). Never assumes
甲方 = merchant unless nothing else says; then `resolved` is False.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from vendorcheck.core.contracts.patterns import Roles
from vendorcheck.core.errors import Lang

_LABELS_ZH = ("甲方", "乙方", "丙方")
_LABELS_EN = ("party a", "party b", "party c")
# 'the "Zhao's Kitchenware" store' names a shop, not a party: a closing quote followed by a
# letter is an apostrophe. ("we", "us") names one party twice: _defined_names reads them all.
_DEFINED = re.compile(
    r"(?:以下简称|以下称|下称|简称|hereinafter(?: referred to as)?|the)\s*[:：]?\s*[\"']([^\"'\n]{1,24})[\"'](?![a-z])"
    # ("Principal", and, as owner of the marks, "Licensor"): one party under two names.
    r"|[(（]\s*(?:the\s+)?[\"']([^\"'\n]{1,24})[\"']"
    r"((?:\s*,\s*(?:and\b\s*,?\s*)?(?:[^\"'()（）\n]{0,60}?,\s*)?(?:the\s+)?[\"'][^\"'\n]{1,24}[\"'])*)\s*[)）]"
    # "（下称星火）": a short name given without quotes, inside brackets.
    r"|[(（]\s*(?:以下简称|以下称|下称|简称)\s*[:：]?\s*([^\"'()（）,，。；;:：\s]{1,12})\s*[)）]",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"']([^\"'\n]{1,24})[\"']")
# First and second person in a letter or a vendor's standard terms: the words for one party.
_PERSONS = (("we", "us", "our"), ("you", "your"))
_SELF_ZH = ("本公司", "本司", "本工作室", "本团队")
_PERSON_ZH = ("我司", "我方", "我们", "贵店", "贵方", "贵司", "贵公司")
# "甲方（委托方）：", "甲方名称：", "委托方（盖章）："; {} is the label.
_PARTY_LINE = (
    r"{}\s*(?:[(（][^)）]*[)）])?\s*(?:名称|全称|单位|姓名)?\s*(?:[(（][^)）]*[)）])?\s*[:：]"
)
BOTH_ZH = ("双方", "各方", "任何一方", "任一方")
BOTH_EN = (
    "both parties",
    "each party",
    "either party",
    "the parties",
    "either of us",
    "each of us",
    "both of us",
    "either side",
)


@dataclass
class _Group:
    names: set[str] = field(default_factory=set)
    merchant: float = 0.0
    vendor: float = 0.0
    order: int = 0


@dataclass(frozen=True)
class PartyMap:
    """Lower-cased name -> "merchant" | "vendor" | "both"."""

    roles: dict[str, str]
    resolved: bool

    def names(self, role: str) -> list[str]:
        return sorted((n for n, r in self.roles.items() if r == role), key=len, reverse=True)


def resolve(low: str, lang: Lang, roles: Roles) -> PartyMap:
    """`low` is the compacted, lower-cased contract text."""
    m_words = roles.merchant_zh if lang == "zh" else roles.merchant_en
    v_words = roles.vendor_zh if lang == "zh" else roles.vendor_en
    v_hint = roles.vendor_name_zh if lang == "zh" else roles.vendor_name_en
    m_hint = roles.merchant_name_zh if lang == "zh" else roles.merchant_name_en
    labels = _LABELS_ZH if lang == "zh" else _LABELS_EN
    every = (*m_words, *v_words)
    head = low[:3000]
    groups: list[_Group] = []

    def group_for(names: set[str]) -> _Group:
        for g in groups:
            if g.names & names:
                g.names |= names
                return g
        g = _Group(names=set(names), order=len(groups))
        groups.append(g)
        return g

    starts = (*labels, *every)
    second = re.compile(
        "|".join(_PARTY_LINE.format(re.escape(x)) for x in sorted(starts, key=len, reverse=True))
    )
    lines: list[str] = []
    for line in head.split("\n"):
        s = line.strip().lstrip("#>*-_ ").replace("**", "").replace("__", "")
        if s.startswith("|"):
            # A table row "| 甲方（委托方） | 某某旗舰店 |" reads as the line "甲方（委托方）：某某旗舰店".
            cells = [c.strip() for c in s.strip("|").split("|")]
            s = cells[0] + ("：" + "".join(cells[1:]) if len(cells) > 1 else "")
        lines.extend(_one_party_each(s, second))
    for s in lines:
        if not s:
            continue
        lab = next((x for x in starts if s.startswith(x)), None)
        defined = {n.strip().lower() for m in _DEFINED.finditer(s) for n in _defined_names(m)}
        defined = {d for d in defined if d and not d.startswith(("party ", "parties"))} | {
            d for d in defined if d in labels
        }
        if lab is not None and re.match(_PARTY_LINE.format(re.escape(lab)), s):
            # Role words name the party in its label or in brackets ("甲方（委托方）：",
            # "甲方：某某店（委托方）"), not in a description ("Client: X, operator of …").
            tag = _label_part(s)
            names = {lab} | defined | {w for w in every if _has_word(tag, w, lang, every)}
            # "委托方（甲方）：" and "委托方（以下简称甲方）：" name one party twice.
            names |= {
                x for x in labels if re.search(rf"[(（][^)）]{{0,8}}{x}[^)）]{{0,8}}[)）]", s)
            }
            g = group_for(names)
            rest = s
            g.merchant += sum(2 for w in m_words if _has_word(rest, w, lang, every))
            g.vendor += sum(2 for w in v_words if _has_word(rest, w, lang, every))
            g.vendor += sum(0.5 for w in v_hint if w in rest)
            g.merchant += sum(0.5 for w in m_hint if w in rest)
        elif defined:
            # "between X (the "Client") and Y (the "Provider")", "X ("we", "us") and the store
            # owner ("you")": one group per defined name, scored by the name itself and by the
            # words that introduce it. In Chinese only names that are role words ("致：某某旗舰店
            # （以下简称"贵店"）") or labels, or that a role word introduces, since
            # （以下简称"店铺"） or （以下简称"本合同"） name things.
            prev = 0
            for dm in _DEFINED.finditer(s):
                d = (dm.group(1) or dm.group(2) or dm.group(4)).strip().lower()
                intro, prev = s[prev : dm.start()], dm.end()
                # "品牌方某某商行（下称悦颜）与运营方某某公司（下称星火）": a name is also a party's
                # when its introduction opens with a role word.
                opens = re.match(r"[\s与和及、,，]*(\S{2,6})", intro)
                role_intro = opens is not None and opens.group(1).startswith(every)
                # "品牌商：某某公司（下称"品牌商"）": a label the roles table does not know is a
                # party when the line is labelled with the very name it defines; what the party
                # does (委托, 支付, 提供: see _body_cues) and its company name say which.
                self_label = re.match(_PARTY_LINE.format(re.escape(d)), s) is not None
                # "发函方：某某公司（下称"本公司"）": a letter's writer naming itself is a party.
                # "杭州某某科技有限公司（以下简称"某某公司"）": a short name a company's full name
                # introduces is a party too; what it does in the body says which.
                company = _COMPANY_INTRO.search(intro) is not None and not _THING.search(d)
                if lang == "zh" and not (
                    role_intro
                    or self_label
                    or company
                    or d in _SELF_ZH
                    or any(w in d for w in (*every, *labels))
                ):
                    continue
                if not d or d.startswith(("party ", "parties")):
                    continue
                given = {n.strip().lower() for n in _defined_names(dm)}
                if lang == "zh" and role_intro and opens is not None:
                    given |= {w for w in every if opens.group(1).startswith(w)}
                g = group_for(given)
                g.merchant += sum(2 for w in m_words if _has_word(d, w, lang, every))
                g.vendor += sum(2 for w in v_words if _has_word(d, w, lang, every))
                g.merchant += sum(1 for w in m_words if _has_word(intro, w, lang, every))
                g.vendor += sum(1 for w in v_words if _has_word(intro, w, lang, every))
                g.vendor += sum(0.5 for w in v_hint if w in intro)
                g.merchant += sum(0.5 for w in m_hint if w in intro)
    if lang == "zh" and len(groups) < 2:
        _unknown_labels(lines, groups, v_hint, m_hint)
    if lang == "en":
        _persons(low, groups)
    # Role words used in the body without a party line (委托方 … 受托方 …) name a party too:
    # all the merchant's words one party ("贵店", "贵司"), all the vendor's the other ("我司").
    if len(groups) < 2:
        for words, role in ((m_words, "merchant"), (v_words, "vendor")):
            found = {
                w
                for w in words
                if not any(w in g.names for g in groups) and _has_word(low, w, lang, every)
            }
            if not found:
                continue
            same = [g for g in groups if (g.merchant > g.vendor) == (role == "merchant")]
            g = same[0] if same and (same[0].merchant != same[0].vendor) else group_for(found)
            g.names |= found
            # "我司/贵司" only say who writes: the body's cues ("我方委托贵司") outweigh them.
            weight = 2 if found - set(_PERSON_ZH) else 0.5
            if role == "merchant":
                g.merchant += weight
            else:
                g.vendor += weight
    if not groups:
        for lab in labels[:2]:
            if lab in low:
                group_for({lab})
    _body_cues(low, groups, lang)
    if lang == "zh" and len(groups) >= 2:
        _first_person(low, groups, v_words)
    return _assign(groups, labels)


# "托管团队：义乌市某某网络科技有限公司": a label no list knows, on a line naming a company, a shop
# or a person by ID, is a party; fields such as "店铺名称：" or "地址：" are not.
_UNKNOWN_LABEL = re.compile(
    r"([\u4e00-\u9fff]{2,6})\s*(?:[(（][^)）]{0,20}[)）])?\s*[:：]\s*(\S.*)"
)
_PARTY_VALUE = re.compile(r"公司|工作室|商行|经营部|集团|身份证|个体|店(?!铺名)")
_FIELD = re.compile(
    r"名称|店铺|平台|地址|住所|网址|账号|账户|开户|邮箱|电话|手机|日期|代表|联系|签|编号|地点|期限|金额|费用|项目|内容|事由|备注|主题|说明"
    r"|收款|付款|开票|户名|见证|担保|抄送"
)


def _unknown_labels(
    lines: list[str], groups: list[_Group], v_hint: tuple[str, ...], m_hint: tuple[str, ...]
) -> None:
    """Fewer than two parties found: the first lines labelled with a word no list knows and
    naming a party ("托管团队：某某网络科技有限公司") are the missing ones. What the other party
    is, the company name's hints and what each does in the body (see _body_cues) say which."""
    known = {n for g in groups for n in g.names}
    for s in lines[:12]:
        m = _UNKNOWN_LABEL.fullmatch(s)
        if m is None or _FIELD.search(m.group(1)) or not _PARTY_VALUE.search(m.group(2)):
            continue
        label = m.group(1)
        if label in known:
            continue
        g = _Group(names={label}, order=len(groups))
        g.vendor += sum(0.5 for w in v_hint if w in s)
        g.merchant += sum(0.5 for w in m_hint if w in s)
        groups.append(g)
        known.add(label)
        if len(groups) >= 2:
            return


_COMPANY_INTRO = re.compile(r"(?:公司|工作室|商行|经营部|集团|旗舰店|专营店|专卖店)\s*[(（]?\s*$")
_THING = re.compile(r"合同|协议|契约|店铺|平台|系统|项目|服务|产品|商品|本店(?!铺)")


_FIRST_ZH = ("我们", "我方", "我司")
_BUYS_ZH = re.compile(r"(?:我们|我方|我司)[^，,。；;]{0,6}(?:委托|支付|付给|付款)")


def _first_person(low: str, groups: list[_Group], v_words: tuple[str, ...]) -> None:
    """Parties named by their role words ("商家：…　服务方：…") whose terms then say "我们这边出两名
    主播": the writer speaks for the vendor, unless "我们" is the one who engages or pays."""
    free = [w for w in _FIRST_ZH if w in low and not any(w in g.names for g in groups)]
    if not free or _BUYS_ZH.search(low):
        return
    vendor = max(groups, key=lambda g: g.vendor - g.merchant)
    if vendor.vendor > vendor.merchant:
        vendor.names |= {w for w in free if w in v_words}
        # A letter between 商家 and 服务商 that says "贵司…我司": the writer's reader is the
        # merchant ("如贵司在合作期内提前终止，须…支付剩余月份服务费").
        merchant = max(groups, key=lambda g: g.merchant - g.vendor)
        if merchant is not vendor and merchant.merchant > merchant.vendor:
            merchant.names |= {
                w for w in _SECOND_ZH if w in low and not any(w in g.names for g in groups)
            }


_SECOND_ZH = ("贵司", "贵方", "贵公司", "贵店")


def _defined_names(m: re.Match[str]) -> list[str]:
    """Every name one definition gives: ("we", "us") is "we" and "us"."""
    return [m.group(1) or m.group(2) or m.group(4), *_QUOTED.findall(m.group(3) or "")]


def _one_party_each(line: str, second: re.Pattern[str]) -> list[str]:
    """ "商家：某某店　服务商：某某公司" names two parties on one line: one line each. A second
    party line starts after a non-letter (not inside a name such as "某某服务商：")."""
    cuts = [
        m.start()
        for m in second.finditer(line, 1)
        if not line[m.start() - 1].isalnum() and m.start() > 1
    ]
    return [line[a:b].strip() for a, b in itertools.pairwise([0, *cuts, len(line)])]


def _persons(low: str, groups: list[_Group]) -> None:
    """A letter or a vendor's own terms say "we" and "you": when the contract defines no two
    parties, "we/us/our" is one party and "you/your" the other; a party defined as ("we")
    is "us" and "our" too. The writer of a quotation or of standard terms is the vendor,
    unless the body says otherwise (see _body_cues)."""
    words = set(re.findall(r"\b(?:we|us|our|you|your)\b", low))
    for forms in _PERSONS:
        g = next((g for g in groups if g.names & set(forms)), None)
        if g is not None:
            g.names |= set(forms)
        elif len(groups) < 2 and forms[0] in words:
            g = _Group(names=set(forms), order=len(groups))
            groups.append(g)
            if forms[0] == "we":
                g.vendor += 0.5
            else:
                g.merchant += 0.5


def _label_part(line: str) -> str:
    colon = re.search(r"[:：]", line)
    head = line[: colon.start()] if colon else line
    return head + " ".join(re.findall(r"[(（][^)）]{0,30}[)）]", line))


def _has_word(text: str, word: str, lang: Lang, every: tuple[str, ...] = ()) -> bool:
    """`word` stands in `text` as a word of its own: "service company" is no "company", so a
    longer role word of `every` that holds `word` is taken out first."""
    for longer in every:
        if word in longer and longer != word:
            text = text.replace(longer, "\x00")
    if lang == "zh":
        # "服务方案", "服务方式" are no party.
        return re.search(re.escape(word) + "(?![案式面法向针位])", text) is not None
    return re.search(rf"\b{re.escape(word)}\b", text) is not None


def _body_cues(low: str, groups: list[_Group], lang: Lang) -> None:
    """'甲方委托乙方', '甲方向乙方支付服务费', 'X engages Y', 'X shall pay Y' say who buys."""
    if len(groups) < 2:
        return
    alias = {n: g for g in groups for n in g.names}
    alt = "|".join(re.escape(n) for n in sorted(alias, key=len, reverse=True))
    if lang == "zh":
        cues = [
            (
                rf"({alt})(?:[(（][^)）]{{0,30}}[)）])?(?:现|特|兹)?(?:将[^，,。]{{0,20}})?委托({alt})",
                1,
            ),
            (rf"({alt})(?:按月|每月)?向({alt})支付", 1),
            (rf"({alt})为({alt})(?:的)?(?:店铺)?提供", -1),
            # "鉴于品牌商于京东平台经营某某店，委托代理商提供…": the one who engages, later in
            # the same sentence; "代理商为品牌商配置坐席" : the one who staffs the other's shop.
            (rf"({alt})[^。；;\n]{{2,40}}?[，,](?:特|现|兹)?委托({alt})", 1),
            (rf"({alt})(?:应)?为({alt})(?:的店铺)?(?:配置|配备|安排|指派|委派)", -1),
        ]
    else:
        cues = [
            (
                rf"\b({alt})\b (?:hereby )?(?:engages?|appoints?|hires?|retains?) (?:the )?({alt})\b",
                1,
            ),
            (rf"\b({alt})\b shall pay (?:the )?({alt})\b", 1),
            (rf"\b({alt})\b (?:shall )?provides? [^.]{{0,40}}to (?:the )?({alt})\b", -1),
        ]
    for rx, sign in cues:
        for m in re.finditer(rx, low):
            a, b = alias[m.group(1)], alias[m.group(2)]
            if a is b:
                continue
            if sign > 0:
                a.merchant += 1
                b.vendor += 1
            else:
                a.vendor += 1
                b.merchant += 1


def _assign(groups: list[_Group], labels: tuple[str, ...]) -> PartyMap:
    roles: dict[str, str] = {}
    ranked = sorted(groups, key=lambda g: g.merchant - g.vendor, reverse=True)
    resolved = False
    if len(ranked) >= 2:
        top, bottom = ranked[0], ranked[-1]
        if top.merchant - top.vendor > bottom.merchant - bottom.vendor:
            resolved = True
            merchant_g, vendor_g = top, bottom
        else:
            by_order = sorted(groups, key=lambda g: g.order)
            merchant_g, vendor_g = by_order[0], by_order[1]
        for n in merchant_g.names:
            roles[n] = "merchant"
        for n in vendor_g.names:
            roles[n] = "vendor"
    elif len(ranked) == 1:
        g = ranked[0]
        role = "vendor" if g.vendor > g.merchant else "merchant"
        for n in g.names:
            roles[n] = role
    if not resolved:
        for lab, role in zip(labels[:2], ("merchant", "vendor"), strict=True):
            roles.setdefault(lab, role)
    for w in (*BOTH_ZH, *BOTH_EN):
        roles[w] = "both"
    return PartyMap(roles=roles, resolved=resolved)
