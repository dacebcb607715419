"""Passport romaji and the TD3 machine-readable zone (JAPAN.md §1.3, §4).

Faker's romaji is wāpuro/kunrei style (ミツル → Mituru, コンドウ → Kondo but ユウコ →
Yuuko), so passport names are derived from the katakana instead, with docextract's own
MOFA Hepburn (text.romaji), the same the matcher applies to a profile's kana. The MRZ
check digits come from docextract's own ICAO 7-3-1 function, so a fixture MRZ that
validates here validates in the product.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docextract.text.numbers import mrz_check_digit


def _yymmdd(d: dt.date) -> str:
    return d.strftime("%y%m%d")


@dataclass(frozen=True)
class Td3:
    """The two 44-character lines of a passport data page."""

    line1: str
    line2: str


def td3(
    surname: str,
    given: str,
    number: str,
    birth: dt.date,
    sex: str,
    expiry: dt.date,
    *,
    country: str = "JPN",
    nationality: str = "JPN",
) -> Td3:
    """ICAO 9303 TD3 MRZ with every check digit (number, birth, expiry, optional, composite)."""
    names = f"{surname}<<{given.replace(' ', '<')}"
    line1 = f"P<{country}{names}"[:44].ljust(44, "<")
    doc = number.ljust(9, "<")[:9]
    optional = "<" * 14
    parts = (
        doc + str(mrz_check_digit(doc)),
        _yymmdd(birth) + str(mrz_check_digit(_yymmdd(birth))),
        _yymmdd(expiry) + str(mrz_check_digit(_yymmdd(expiry))),
        optional + str(mrz_check_digit(optional)),
    )
    composite = "".join(parts)
    line2 = (parts[0] + nationality + parts[1] + sex + parts[2] + parts[3]) + str(
        mrz_check_digit(composite)
    )
    if len(line1) != 44 or len(line2) != 44:
        raise ValueError(f"TD3 lines must be 44 characters: {line1!r} {line2!r}")
    return Td3(line1, line2)
