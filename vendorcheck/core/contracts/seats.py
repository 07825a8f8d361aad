"""Where each party sits: the city and district of its address in the preamble, so that a clause
naming a court or an arbitration body by place ("由南京市江宁区人民法院管辖", "arbitration in Hong
Kong") can be read as the vendor's home ground or the merchant's, as a reader of the contract would.

Read from address lines under a party line ("乙方：某某公司 / 地址：江苏省南京市江宁区…") and from
an English party paragraph ("… whose registered office is at …, Hong Kong (the "Operator")").
Rules use the places as `{vendor_seat}` and `{merchant_seat}` (see views.compile_rule).
"""

from __future__ import annotations

import re

from vendorcheck.core.contracts.party_cues import PartyMap

_ADDRESS_ZH = re.compile(
    r"^(?:注册|经营|通讯|联系|办公)?(?:地址|住所地?|所在地)[^:：]{0,4}[:：](.+)"
)
_PLACE_ZH = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:市|区|县)")
_PROVINCE = re.compile(r"^[\u4e00-\u9fff]{2,3}?(?:省|自治区)")
_ADDRESS_EN = re.compile(
    r"(?:registered (?:office|address)|principal place of business|address|located at|"
    r"offices? (?:is |are )?at)\b[^a-z0-9]{0,6}(?:is )?(?:at )?(.+)"
)
_GENERIC_EN = re.compile(
    r"\d|\b(?:room|unit|floor|f|tower|building|block|road|rd|street|st|avenue|ave|lane|no|"
    r"centre|center|plaza|park|china|prc|p\.r\.c|people's republic of china|province|"
    r"district|city|town|village|zone|area|new)\b\.?"
)


def seats(preamble: str, pmap: PartyMap, lang: str) -> dict[str, tuple[str, ...]]:
    """role -> the places named in its address (city and district stems, lower case)."""
    found: dict[str, set[str]] = {"merchant": set(), "vendor": set()}
    role = ""
    for line in preamble.split("\n")[:60]:
        s = line.strip()
        if not s:
            continue
        here = _role_of_line(s, pmap)
        if lang == "zh":
            role = here or role
            owner, m = _owned_address(s, pmap)
            owner, m = (owner, m) if m else (role, _ADDRESS_ZH.match(s))
            if m and owner in found:
                found[owner] |= _places_zh(m.group(1))
        elif here in found:
            m = _ADDRESS_EN.search(s)
            if m:
                found[here] |= _places_en(m.group(1))
            role = here
        elif role in found and (m := _ADDRESS_EN.match(s)):
            found[role] |= _places_en(m.group(1))
    shared = found["merchant"] & found["vendor"]  # the same city says nothing of either
    return {r: tuple(sorted(p - shared, key=lambda x: (-len(x), x))) for r, p in found.items()}


def _owned_address(s: str, pmap: PartyMap) -> tuple[str, re.Match[str] | None]:
    """ "乙方地址：…": the party an address line names before its label, and the address."""
    for name in pmap.names("merchant") + pmap.names("vendor"):
        if s.startswith(name):
            m = _ADDRESS_ZH.match(s[len(name) :].lstrip("的之"))
            if m:
                return pmap.roles[name], m
    return "", None


def _role_of_line(s: str, pmap: PartyMap) -> str:
    """A party line opens with a party's name ("乙方：", "甲方（委托方）："), or an English party
    paragraph defines one ((the "Operator"))."""
    for name in pmap.names("merchant") + pmap.names("vendor"):
        if s.startswith(name) and re.match(
            rf"{re.escape(name)}\s*(?:[(（][^)）]{{0,12}}[)）])?\s*[:：]", s
        ):
            return pmap.roles[name]
    m = re.search(r"\(\s*(?:the\s+)?\"([^\"]{1,24})\"\s*\)", s)
    return pmap.roles.get(m.group(1).strip(), "") if m else ""


def _places_zh(address: str) -> set[str]:
    rest = _PROVINCE.sub("", address.strip())
    # "南京市" and "江宁区" read as 南京 and 江宁, as courts and arbitration bodies are named.
    return {p[:-1] for p in _PLACE_ZH.findall(rest[:20]) if len(p) >= 3}


def _places_en(address: str) -> set[str]:
    out = set()
    for part in re.split(r"[,;()]", address.split('"')[0])[-4:]:
        words = _GENERIC_EN.sub(" ", part).split()
        if 1 <= len(words) <= 3 and all(len(w) >= 3 for w in words):
            out.add(" ".join(words))
    return out
