"""Who is who: resolve which names in the contract mean the merchant and which the vendor.

Read from the contract's own words (party lines such as "甲方（委托方）：…", defined names such
as （以下简称"服务商"） or (the "Provider"), and cues like "甲方委托乙方"). Never assumes
甲方 = merchant unless nothing else says; then `resolved` is False.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from vendorcheck.core.contracts.party_cues import (
    BOTH_EN,
    BOTH_ZH,
    Group,
    PartyMap,
    assign,
    body_cues,
    first_person,
    has_word,
    persons,
)
from vendorcheck.core.contracts.patterns import Roles, compiled
from vendorcheck.core.errors import Lang

_LABELS_ZH = ("甲方", "乙方", "丙方")
_LABELS_EN = ("party a", "party b", "party c")
# 'the "Zhao's Kitchenware" store' names a shop, not a party: a closing quote followed by a
# letter is an apostrophe. ("we", "us") names one party twice: _defined_names reads them all.
_DEFINED = re.compile(
    r"(?:以下简称|以下称|下称|简称|hereinafter(?: referred to as)?|the)\s*[:：]?\s*[\"']([^\"'\n]{1,24})[\"'](?![a-z])"
    # ("Principal", and, as owner of the marks, "Licensor"): one party under two names.
    r"|[(（]\s*(?:the\s+)?[\"']([^\"'\n]{1,24})[\"']"
    r"((?:\s*,\s*(?:and\b\s*,?\s*)?(?:[^\"'()（）\n]{0,60}?,\s*)?(?:the\s+)?[\"'][^\"'\n]{1,24}[\"'])*)"
    # （"织仙"，住所地：苏州市吴江区）: the short name, then more about the party.
    r"\s*(?:[,，;；][^\"'()（）\n]{0,40})?[)）]"
    # "（下称星火）": a short name given without quotes, inside brackets.
    r"|[(（]\s*(?:以下简称|以下称|下称|简称)\s*[:：]?\s*([^\"'()（）,，。；;:：\s]{1,12})\s*[)）]",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"']([^\"'\n]{1,24})[\"']")
# First and second person in a letter or a vendor's standard terms: the words for one party.
_SELF_ZH = ("本公司", "本司", "本工作室", "本团队", "本平台")
_PERSON_ZH = ("我司", "我方", "我们", "贵店", "贵方", "贵司", "贵公司")
# "甲方（委托方）：", "甲方名称：", "委托方（盖章）："; {} is the label.
_PARTY_LINE = (
    r"{}\s*(?:[(（][^)）]*[)）])?\s*(?:名称|全称|单位|姓名)?\s*(?:[(（][^)）]*[)）])?\s*[:：]"
)


@dataclass(frozen=True)
class _Words:
    """One language's role words, company-name hints and labels (甲方/Party A)."""

    lang: Lang
    merchant: tuple[str, ...]
    vendor: tuple[str, ...]
    m_hint: tuple[str, ...]
    v_hint: tuple[str, ...]
    labels: tuple[str, ...]

    @classmethod
    def of(cls, roles: Roles, lang: Lang) -> _Words:
        zh = lang == "zh"
        return cls(
            lang,
            roles.merchant_zh if zh else roles.merchant_en,
            roles.vendor_zh if zh else roles.vendor_en,
            roles.merchant_name_zh if zh else roles.merchant_name_en,
            roles.vendor_name_zh if zh else roles.vendor_name_en,
            _LABELS_ZH if zh else _LABELS_EN,
        )

    @property
    def every(self) -> tuple[str, ...]:
        return (*self.merchant, *self.vendor)

    def score(self, g: Group, text: str, weight: float, hints: bool = True) -> None:
        """Role words in `text` count `weight` each for their side; name hints half a point."""
        every = self.every
        g.merchant += sum(weight for w in self.merchant if has_word(text, w, self.lang, every))
        g.vendor += sum(weight for w in self.vendor if has_word(text, w, self.lang, every))
        if hints:
            g.vendor += sum(0.5 for w in self.v_hint if w in text)
            g.merchant += sum(0.5 for w in self.m_hint if w in text)


class _Groups(list[Group]):
    def of(self, names: set[str]) -> Group:
        """The group holding any of `names` (now holding them all), or a new one."""
        for g in self:
            if g.names & names:
                g.names |= names
                return g
        g = Group(names=set(names), order=len(self))
        self.append(g)
        return g


def resolve(low: str, lang: Lang, roles: Roles) -> PartyMap:
    """`low` is the compacted, lower-cased contract text."""
    w = _Words.of(roles, lang)
    groups = _Groups()
    lines = _lines(low[:3000], w)
    for s in lines:
        if s:
            _read_line(s, w, groups)
    if len(groups) < 2:
        _meant_names(lines, w, groups)
    if lang == "zh":
        _reader_in_brackets(lines, w, groups)
    if len(groups) < 2:
        _unknown_labels(lines, groups, w)
    if lang == "en":
        persons(low, groups)
    if len(groups) < 2:
        _role_words_in_body(low, w, groups)
    if lang == "zh" and len(groups) < 2:
        _writer_of_letter(low, groups)
    if not groups:
        for lab in w.labels[:2]:
            if lab in low:
                groups.of({lab})
    body_cues(low, groups, lang)
    if lang == "zh" and len(groups) >= 2:
        first_person(low, groups, w.vendor)
    elif lang == "zh" and len(groups) == 1:
        _reader_of_letter(low, groups)
    return assign(groups, w.labels)


def _reader_of_letter(low: str, groups: _Groups) -> None:
    """ "感谢您选择某某传媒（以下称"我们"）……": a letter whose writer (我们, the vendor) is the one party
    found; the reader it says 您 to is the other."""
    writer = groups[0]
    if writer.vendor > writer.merchant and writer.names & set(_PERSON_ZH[:3]) and "您" in low:
        groups.of({"您"}).merchant += 2


def _lines(head: str, w: _Words) -> list[str]:
    """The preamble's lines, a table row read as a party line and two parties on one line
    ("商家：…　服务商：…") read as two."""
    starts = (*w.labels, *w.every)
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
    return lines


def _read_line(s: str, w: _Words, groups: _Groups) -> None:
    """A party line ("甲方（委托方）：…") or a line that defines names ((the "Client"))."""
    lab = next((x for x in (*w.labels, *w.every) if s.startswith(x)), None)
    defined = {n.strip().lower() for m in _DEFINED.finditer(s) for n in _defined_names(m)}
    defined = {d for d in defined if d and not d.startswith(("party ", "parties"))} | {
        d for d in defined if d in w.labels
    }
    if lab is not None and compiled(_PARTY_LINE.format(re.escape(lab))).match(s):
        # Role words name the party in its label or in brackets ("甲方（委托方）：",
        # "甲方：某某店（委托方）"), not in a description ("Client: X, operator of …").
        tag = _label_part(s)
        names = {lab} | defined | {x for x in w.every if has_word(tag, x, w.lang, w.every)}
        # "委托方（甲方）：" and "委托方（以下简称甲方）：" name one party twice.
        names |= {
            x for x in w.labels if compiled(rf"[(（][^)）]{{0,8}}{x}[^)）]{{0,8}}[)）]").search(s)
        }
        w.score(groups.of(names), s, 2)
    elif defined:
        _defined_line(s, w, groups)


def _defined_line(s: str, w: _Words, groups: _Groups) -> None:
    """ "between X (the "Client") and Y (the "Provider")", "X ("we", "us") and the store owner
    ("you")": one group per defined name, scored by the name itself and by the words that
    introduce it. In Chinese only names that are role words ("致：某某旗舰店（以下简称"贵店"）") or
    labels, that a role word or a company's full name introduces, or that label their own line,
    since （以下简称"店铺"） or （以下简称"本合同"） name things."""
    prev = 0
    for dm in _DEFINED.finditer(s):
        d = (dm.group(1) or dm.group(2) or dm.group(4)).strip().lower()
        intro, prev = s[prev : dm.start()], dm.end()
        # "品牌方某某商行（下称悦颜）与运营方某某公司（下称星火）": a role word opens the intro.
        opens = re.match(r"[\s与和及、,，]*(\S{2,6})", intro)
        role_intro = opens is not None and opens.group(1).startswith(w.every)
        if w.lang == "zh" and not (role_intro or _names_a_party_zh(s, d, intro, w)):
            continue
        if not d or d.startswith(("party ", "parties")):
            continue
        given = {n.strip().lower() for n in _defined_names(dm)}
        if w.lang == "zh" and role_intro and opens is not None:
            given |= {x for x in w.every if opens.group(1).startswith(x)}
        g = groups.of(given)
        w.score(g, d, 2, hints=False)
        w.score(g, intro, 1)


# '本须知中"本公司"指某某公司，"客户"指委托本公司托管店铺的商家', '"Studio" means …': a name defined
# by what it means, in a sentence of its own rather than a bracket after the party's name.
_MEANS = re.compile(
    r"[\"']([^\"'\n]{1,12})[\"']\s*(?:是指|系指|指|means\b|shall mean\b|refers to\b)\s*"
    r"([^，,。；;\n]{2,40}?)(?=\s+(?:and|or)\s+[\"']|[，,。；;\n]|$)"
)
_PARTY_MEANING = re.compile(
    r"公司|工作室|商行|经营部|集团|旗舰店|专营店|专卖店|company|ltd|limited|inc\b"
)


def _meant_names(lines: list[str], w: _Words, groups: _Groups) -> None:
    """A name whose meaning is a company or holds a role word is a party, scored by that meaning
    (its role words; what it does, body_cues, settles the rest); a defined thing is not."""
    for s in lines:
        for m in _MEANS.finditer(s):
            # "委托我们运营店铺的商家" is a 商家: a Chinese meaning's head noun follows its last 的.
            d, meaning = m.group(1).strip().lower(), m.group(2).rsplit("的", 1)[-1]
            if _THING.search(d) or d.startswith(("party ", "parties")):
                continue
            role = any(has_word(meaning, x, w.lang, w.every) for x in w.every)
            if d in _SELF_ZH or role or _PARTY_MEANING.search(meaning):
                # '"我们"指某某工作室（"工作室"）': the name the meaning gives is the same party.
                g = groups.of({d} | {q.lower() for q in _QUOTED.findall(meaning)})
                w.score(g, d, 2, hints=False)
                w.score(g, meaning, 1)


_READER = re.compile(r"(您|你|贵方|贵司|贵店)\s*[(（]([^)）]{1,24})[)）]")


def _reader_in_brackets(lines: list[str], w: _Words, groups: _Groups) -> None:
    """ "本协议由您（拼多多店铺经营者）与某某公司（以下简称"本平台"）订立": the reader is the party its
    bracket's role words name."""
    for s in lines[:20]:
        for m in _READER.finditer(s):
            g = groups.of({m.group(1)})
            w.score(g, m.group(2), 2)


def _names_a_party_zh(s: str, d: str, intro: str, w: _Words) -> bool:
    """ "品牌商：某某公司（下称"品牌商"）" labels its own line; "发函方：某某公司（下称"本公司"）" is a
    letter's writer; "杭州某某科技有限公司（以下简称"某某公司"）" a company's short name; what the
    party does (委托, 支付, 提供: see body_cues) and its company name then say which it is."""
    self_label = compiled(_PARTY_LINE.format(re.escape(d))).match(s) is not None
    company = _COMPANY_INTRO.search(intro) is not None and not _THING.search(d)
    return self_label or company or d in _SELF_ZH or any(x in d for x in (*w.every, *w.labels))


def _writer_of_letter(low: str, groups: _Groups) -> None:
    """ "承诺书　本公司……就代运营贵店一事特此承诺": a letter to 贵店/贵司 written by 本公司 (本工作室…):
    the writer is the one party the reader is not."""
    reader = next((g for g in groups if g.names & set(_PERSON_ZH[3:])), None)
    if reader is None or reader.merchant <= reader.vendor:
        return
    found = {x for x in _SELF_ZH if x in low and not any(x in g.names for g in groups)}
    if found:
        groups.of(found).vendor += 2


def _role_words_in_body(low: str, w: _Words, groups: _Groups) -> None:
    """Role words used in the body without a party line (委托方 … 受托方 …) name a party too:
    all the merchant's words one party ("贵店", "贵司"), all the vendor's the other ("我司")."""
    for words, role in ((w.merchant, "merchant"), (w.vendor, "vendor")):
        found = {
            x
            for x in words
            if not any(x in g.names for g in groups) and has_word(low, x, w.lang, w.every)
        }
        if not found:
            continue
        same = [g for g in groups if (g.merchant > g.vendor) == (role == "merchant")]
        g = same[0] if same and (same[0].merchant != same[0].vendor) else groups.of(found)
        g.names |= found
        # "我司/贵司" only say who writes: the body's cues ("我方委托贵司") outweigh them.
        weight = 2 if found - set(_PERSON_ZH) else 0.5
        if role == "merchant":
            g.merchant += weight
        else:
            g.vendor += weight


# "托管团队：义乌市某某网络科技有限公司", "Partner: Redline Social Commerce Co., Ltd.": a label no
# list knows, on a line naming a company, a shop or a person by ID, is a party; fields such as
# "店铺名称：" or "Address:" are not.
_UNKNOWN_LABEL = {
    "zh": re.compile(r"([\u4e00-\u9fff]{2,6})\s*(?:[(（][^)）]{0,20}[)）])?\s*[:：]\s*(\S.*)"),
    "en": re.compile(r"([a-z][a-z-]{2,15}(?: [a-z-]{2,15})?)\s*(?:\([^)]{0,20}\))?\s*:\s*(\S.*)"),
}
_PARTY_VALUE = {
    "zh": re.compile(r"公司|工作室|商行|经营部|集团|身份证|个体|店(?!铺名)"),
    "en": re.compile(r"\b(?:co\.|company|ltd|limited|inc|llc|pte|gmbh|corp|corporation|studio)\b"),
}
_FIELD = {
    "zh": re.compile(
        r"名称|店铺|平台|地址|住所|网址|账号|账户|开户|邮箱|电话|手机|日期|代表|联系|签|编号|地点|期限"
        r"|金额|费用|项目|内容|事由|备注|主题|说明|收款|付款|开票|户名|见证|担保|抄送"
    ),
    "en": re.compile(
        r"name|store|shop|platform|address|date|tel|phone|mobile|e-?mail|sign|title|attn|bank"
        r"|account|subject|\bre\b|\bcc\b|\bfrom\b|\bto\b|\bby\b|witness|reference|ref\b|no\b"
    ),
}


def _unknown_labels(lines: list[str], groups: list[Group], w: _Words) -> None:
    """Fewer than two parties found: the first lines labelled with a word no list knows and
    naming a party ("托管团队：某某网络科技有限公司", "Partner: … Co., Ltd.") are the missing ones.
    What the other party is, the company name's hints and what each does in the body (see
    body_cues) say which."""
    known = {n for g in groups for n in g.names}
    pattern, value, field = _UNKNOWN_LABEL[w.lang], _PARTY_VALUE[w.lang], _FIELD[w.lang]
    for s in lines[:12]:
        m = pattern.fullmatch(s)
        if m is None or field.search(m.group(1)) or not value.search(m.group(2)):
            continue
        label = m.group(1)
        if label in known:
            continue
        g = Group(names={label}, order=len(groups))
        g.vendor += sum(0.5 for x in w.v_hint if x in s)
        g.merchant += sum(0.5 for x in w.m_hint if x in s)
        groups.append(g)
        known.add(label)
        if len(groups) >= 2:
            return


_COMPANY_INTRO = re.compile(r"(?:公司|工作室|商行|经营部|集团|旗舰店|专营店|专卖店)\s*[(（]?\s*$")
_THING = re.compile(r"合同|协议|契约|店铺|平台|系统|项目|服务|产品|商品|本店(?!铺)")


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


def _label_part(line: str) -> str:
    colon = re.search(r"[:：]", line)
    head = line[: colon.start()] if colon else line
    return head + " ".join(re.findall(r"[(（][^)）]{0,30}[)）]", line))


__all__ = ["BOTH_EN", "BOTH_ZH", "PartyMap", "resolve"]
