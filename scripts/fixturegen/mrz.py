"""Passport romaji and the TD3 machine-readable zone (JAPAN.md §1.3, §4).

Faker's romaji is wāpuro/kunrei style (ミツル → Mituru, コンドウ → Kondo but ユウコ →
Yuuko), so passport names are derived from the katakana instead, with the MOFA
Hepburn rules: long vowels dropped, ン → M before B/M/P, ッ doubles the consonant
(T before CH). The MRZ check digits come from docextract's own ICAO 7-3-1 function,
so a fixture MRZ that validates here validates in the product.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docextract.text.numbers import mrz_check_digit

_MONO = {
    "ア": "A", "イ": "I", "ウ": "U", "エ": "E", "オ": "O",
    "カ": "KA", "キ": "KI", "ク": "KU", "ケ": "KE", "コ": "KO",
    "サ": "SA", "シ": "SHI", "ス": "SU", "セ": "SE", "ソ": "SO",
    "タ": "TA", "チ": "CHI", "ツ": "TSU", "テ": "TE", "ト": "TO",
    "ナ": "NA", "ニ": "NI", "ヌ": "NU", "ネ": "NE", "ノ": "NO",
    "ハ": "HA", "ヒ": "HI", "フ": "FU", "ヘ": "HE", "ホ": "HO",
    "マ": "MA", "ミ": "MI", "ム": "MU", "メ": "ME", "モ": "MO",
    "ヤ": "YA", "ユ": "YU", "ヨ": "YO",
    "ラ": "RA", "リ": "RI", "ル": "RU", "レ": "RE", "ロ": "RO",
    "ワ": "WA", "ヰ": "I", "ヱ": "E", "ヲ": "O",
    "ガ": "GA", "ギ": "GI", "グ": "GU", "ゲ": "GE", "ゴ": "GO",
    "ザ": "ZA", "ジ": "JI", "ズ": "ZU", "ゼ": "ZE", "ゾ": "ZO",
    "ダ": "DA", "ヂ": "JI", "ヅ": "ZU", "デ": "DE", "ド": "DO",
    "バ": "BA", "ビ": "BI", "ブ": "BU", "ベ": "BE", "ボ": "BO",
    "パ": "PA", "ピ": "PI", "プ": "PU", "ペ": "PE", "ポ": "PO",
    "ヴ": "BU",
}  # fmt: skip
_YOON = {"ャ": "A", "ュ": "U", "ョ": "O"}
_YOON_STEM = {"シ": "SH", "チ": "CH", "ジ": "J", "ヂ": "J"}


def _syllables(kana: str) -> list[str]:
    """Katakana to a list of romaji syllables, ン and ッ kept as markers."""
    out: list[str] = []
    i = 0
    while i < len(kana):
        ch = kana[i]
        nxt = kana[i + 1] if i + 1 < len(kana) else ""
        if nxt in _YOON and ch in _MONO:
            stem = _YOON_STEM.get(ch, _MONO[ch][:-1] + "Y")
            out.append(stem + _YOON[nxt])
            i += 2
            continue
        if ch in ("ン", "ッ"):
            out.append(ch)
        elif ch in _MONO:
            out.append(_MONO[ch])
        elif ch not in ("ー", " ", "\u3000"):
            raise ValueError(f"no passport romaji for {ch!r} in {kana!r}")
        i += 1
    return out


def hepburn(kana: str) -> str:
    """Passport (MOFA Hepburn) spelling of a katakana name, upper case: コンドウ → KONDO."""
    syl = _syllables(kana)
    # Long vowels: OU/OO → O (a final OO is kept: 妹尾 SENOO), UU → U.
    merged: list[str] = []
    for k, s in enumerate(syl):
        prev = merged[-1] if merged else ""
        final = k == len(syl) - 1
        if prev.endswith("O") and (s == "U" or (s == "O" and not final)):
            continue
        if prev.endswith("U") and s == "U":
            continue
        merged.append(s)
    out = ""
    for k, s in enumerate(merged):
        nxt = merged[k + 1] if k + 1 < len(merged) else ""
        if s == "ン":
            out += "M" if nxt[:1] in ("B", "M", "P") else "N"
        elif s == "ッ":
            out += "T" if nxt.startswith("CH") else nxt[:1]
        else:
            out += s
    return out


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
