"""The Chinese unified social credit code (统一社会信用代码, GB 32100-2015) and its check digit.

A typo in the code on a contract means the merchant cannot look the firm up in the national
enterprise credit system; checking the 18th character catches most typos as they are typed.
"""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_char(first17: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> tuple[str, str] | None:
    """None when `code` is valid, else the problem as (zh, en)."""
    code = code.strip().upper()
    if len(code) != 18:
        return (f"应为 18 位，现为 {len(code)} 位", f"must be 18 characters, not {len(code)}")
    bad = sorted({c for c in code if c not in CHARSET})
    if bad:
        return (
            f"含有不允许的字符：{''.join(bad)}",
            f"contains characters not allowed: {''.join(bad)}",
        )
    if check_char(code[:17]) != code[17]:
        return (
            "校验位不正确，请核对营业执照",
            "check digit does not match; compare with the business licence",
        )
    return None
