"""Indonesian (and the occasional English) number and Rupiah formats of pk-domain.md §3."""

from __future__ import annotations


def group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def fmt_number(value: float, decimals: int, english: bool = False) -> str:
    """`1.234,5` (Indonesian) or `1,234.5` (English exports)."""
    thousands, point = (",", ".") if english else (".", ",")
    text = f"{abs(value):.{decimals}f}"
    whole, _, frac = text.partition(".")
    out = group(whole, thousands) + (point + frac if frac else "")
    return ("-" if value < 0 else "") + out


def fmt_amount(cents: int, style: str, with_sen: bool) -> str:
    """A Rupiah amount: `Rp 1.250.000.000,00`, `1.250.000.000`, `Rp. 1.250.000.000,-`, `Rp1.250.000.000`."""
    whole = group(str(cents // 100), ".")
    sen = f",{cents % 100:02d}"
    if style == "rp_dec":
        return f"Rp {whole}{sen}"
    if style == "rp_dash":
        return f"Rp. {whole}{sen if with_sen else ',-'}"
    if style == "rp_plain":
        return f"Rp{whole}{sen if with_sen else ''}"
    return whole + (sen if with_sen else "")
