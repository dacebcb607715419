"""Kana to passport Hepburn (ヘボン式), so a profile's kana can be matched to a passport.

Japanese passports spell names in the Ministry of Foreign Affairs' Hepburn: long vowels
are not written (サトウ → SATO, ユウコ → YUKO, オオノ → ONO), ん is M before B, M and P
(ナンバ → NAMBA), っ doubles the next consonant and is T before CH (ハッチ → HATCHI).
Holders may register another spelling on request (OHNO, SATOH); the matcher also
compares the profile's own ``name_latin`` and a loose form, so this is one key more,
not the only one.
"""

from __future__ import annotations

import re
import unicodedata

_DIGRAPHS = {
    "キャ": "KYA", "キュ": "KYU", "キョ": "KYO", "シャ": "SHA", "シュ": "SHU", "ショ": "SHO",
    "チャ": "CHA", "チュ": "CHU", "チョ": "CHO", "ニャ": "NYA", "ニュ": "NYU", "ニョ": "NYO",
    "ヒャ": "HYA", "ヒュ": "HYU", "ヒョ": "HYO", "ミャ": "MYA", "ミュ": "MYU", "ミョ": "MYO",
    "リャ": "RYA", "リュ": "RYU", "リョ": "RYO", "ギャ": "GYA", "ギュ": "GYU", "ギョ": "GYO",
    "ジャ": "JA", "ジュ": "JU", "ジョ": "JO", "ヂャ": "JA", "ヂュ": "JU", "ヂョ": "JO",
    "ビャ": "BYA", "ビュ": "BYU", "ビョ": "BYO", "ピャ": "PYA", "ピュ": "PYU", "ピョ": "PYO",
}  # fmt: skip
_MONOGRAPHS = {
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
    "ヴ": "BU", "ァ": "A", "ィ": "I", "ゥ": "U", "ェ": "E", "ォ": "O",
}  # fmt: skip
_HIRAGANA_TO_KATAKANA = {cp: cp + 0x60 for cp in range(ord("ぁ"), ord("ゖ") + 1)}
# Long vowels the passport does not write: OU and OO to O, UU to U (a final OH stays,
# it is only written on request). EI and II are kept, as the Ministry's table does.
_LONG_VOWEL = re.compile(r"O[OU]|UU")


def _syllables(kana: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(kana):
        pair = kana[i : i + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_MONOGRAPHS.get(kana[i], kana[i]))
        i += 1
    return out


def kana_to_hepburn(kana: str) -> str:
    """Passport Hepburn of a kana name (katakana or hiragana), upper case.

    Words (family name, given name) stay separated by single spaces; characters that
    are not kana pass through unchanged.
    """
    words = []
    for word in unicodedata.normalize("NFKC", kana).translate(_HIRAGANA_TO_KATAKANA).split():
        syllables = _syllables(word.replace("ー", ""))
        text = ""
        for i, syl in enumerate(syllables):
            following = syllables[i + 1] if i + 1 < len(syllables) else ""
            if syl == "ッ":
                text += "T" if following.startswith("CH") else following[:1]
            elif syl == "ン":
                text += "M" if following[:1] in ("B", "M", "P") else "N"
            else:
                text += syl
        words.append(_LONG_VOWEL.sub(lambda m: m.group(0)[0], text))
    return " ".join(words)
