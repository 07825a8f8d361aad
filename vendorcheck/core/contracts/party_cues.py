"""Who is who, second half: party groups, the body's cues and the final assignment.

parties.py reads the preamble into groups of names, each scored merchant-ward or vendor-ward by
its role words; here a letter's we/you and 我们 are tied to a party, the body's cues ("甲方委托乙方",
"X shall pay Y") add their weight, and the groups become a PartyMap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vendorcheck.core.contracts.patterns import compiled
from vendorcheck.core.errors import Lang

_PERSONS = (("we", "us", "our"), ("you", "your"))
BOTH_ZH = (
    "双方",
    "各方",
    "任何一方",
    "任一方",
    "守约方",
    "非违约方",
)  # (守约方: whichever keeps the deal)
BOTH_EN = (
    "both parties",
    "each party",
    "either party",
    "the parties",
    "either of us",
    "each of us",
    "both of us",
    "either side",
    "the non-breaching party",
    "the non-defaulting party",
)


@dataclass
class Group:
    names: set[str] = field(default_factory=set)
    merchant: float = 0.0
    vendor: float = 0.0
    order: int = 0


@dataclass(frozen=True)
class PartyMap:
    """Lower-cased name -> "merchant" | "vendor" | "both"."""

    roles: dict[str, str]
    resolved: bool
    seats: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role -> places (seats.py)

    def names(self, role: str) -> list[str]:
        return sorted((n for n, r in self.roles.items() if r == role), key=len, reverse=True)


_FIRST_ZH = ("我们", "我方", "我司")
_BUYS_ZH = re.compile(
    r"(?<![向给对])(?:我们|我方|我司)[^，,。；;]{0,6}(?:委托|支付|付给|付款)"
)  # (向我们支付: paid to us)


def first_person(low: str, groups: list[Group], v_words: tuple[str, ...]) -> None:
    """Parties named by their role words ("商家：…　服务方：…") whose terms then say "我们这边出两名
    主播": the writer speaks for the vendor, unless "我们" is the one who engages or pays. Then
    the reader ("贵司", and 您 in a letter: "您可以随时通知我们终止服务") is the merchant."""
    if _BUYS_ZH.search(low):
        return
    free = [w for w in _FIRST_ZH if w in low and not any(w in g.names for g in groups)]
    vendor = max(groups, key=lambda g: g.vendor - g.merchant)
    if vendor.vendor <= vendor.merchant:
        return
    vendor.names |= {w for w in free if w in v_words}
    if not vendor.names & set(_FIRST_ZH):
        return
    merchant = max(groups, key=lambda g: g.merchant - g.vendor)
    if merchant is not vendor and merchant.merchant > merchant.vendor:
        # ("如贵司在合作期内提前终止，须…支付剩余月份服务费": 贵司 is whom the writer addresses)
        second = _SECOND_ZH if free else _READER_ZH
        merchant.names |= {w for w in second if w in low and not any(w in g.names for g in groups)}


_READER_ZH = ("您",)
_SECOND_ZH = ("贵司", "贵方", "贵公司", "贵店", *_READER_ZH)


def persons(low: str, groups: list[Group]) -> None:
    """A letter or a vendor's own terms say "we" and "you": when the contract defines no two
    parties, "we/us/our" is one party and "you/your" the other; a party defined as ("we")
    is "us" and "our" too. The writer of a quotation or of standard terms is the vendor,
    unless the body says otherwise (see body_cues)."""
    words = set(re.findall(r"\b(?:we|us|our|you|your)\b", low))
    for forms in _PERSONS:
        g = next((g for g in groups if g.names & set(forms)), None)
        if g is not None:
            g.names |= set(forms)
        elif len(groups) < 2 and forms[0] in words:
            g = Group(names=set(forms), order=len(groups))
            groups.append(g)
            if forms[0] == "we":
                g.vendor += 0.5
            else:
                g.merchant += 0.5


def has_word(text: str, word: str, lang: Lang, every: tuple[str, ...] = ()) -> bool:
    """`word` stands in `text` as a word of its own: "service company" is no "company", so a
    longer role word of `every` that holds `word` is taken out first."""
    for longer in every:
        if word in longer and longer != word:
            text = text.replace(longer, "\x00")
    if lang == "zh":
        # "服务方案", "服务方式" are no party.
        return compiled(re.escape(word) + "(?![案式面法向针位])").search(text) is not None
    return compiled(rf"\b{re.escape(word)}\b").search(text) is not None


def body_cues(low: str, groups: list[Group], lang: Lang) -> None:
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
        for m in compiled(rx).finditer(low):
            a, b = alias[m.group(1)], alias[m.group(2)]
            if a is b:
                continue
            if sign > 0:
                a.merchant += 1
                b.vendor += 1
            else:
                a.vendor += 1
                b.merchant += 1


def assign(groups: list[Group], labels: tuple[str, ...]) -> PartyMap:
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
