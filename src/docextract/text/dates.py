"""Find, parse and render the dates printed on Japanese ID documents.

Japanese IDs mix wareki (era) dates, Western dates, the licence's dual
``2029年(令和11年)06月10日まで有効`` expiry and the passport's ``15 JUN 2000``.
``dateparser`` handles none of the wareki forms (JAPAN.md §2.1), hence this small
regex parser.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from docextract.text.normalize import kanji_numeral_to_int

__all__ = [
    "DateMatch",
    "Numerals",
    "add_months",
    "era_of",
    "find_dates",
    "format_dual_expiry",
    "format_english",
    "format_wareki",
    "format_wareki_short",
    "parse_date",
]


@dataclass(frozen=True)
class DateMatch:
    """One date found in a string; ``start``/``end`` index the string passed in."""

    value: datetime.date
    start: int
    end: int
    raw: str


@dataclass(frozen=True)
class _Era:
    kanji: str
    letter: str
    start: datetime.date


# Newest first so that the first era whose start is <= a date is that date's era.
# 明治 really began on the lunar 明治元年1月1日 (1868-01-25); nothing on a current ID
# is that old, so the precise day only matters for rejecting absurd input.
_ERAS: tuple[_Era, ...] = (
    _Era("令和", "R", datetime.date(2019, 5, 1)),
    _Era("平成", "H", datetime.date(1989, 1, 8)),
    _Era("昭和", "S", datetime.date(1926, 12, 25)),
    _Era("大正", "T", datetime.date(1912, 7, 30)),
    _Era("明治", "M", datetime.date(1868, 1, 25)),
)
_ERA_BY_NAME: dict[str, _Era] = {e.kanji: e for e in _ERAS} | {e.letter: e for e in _ERAS}
_NEXT_ERA_START: dict[str, datetime.date] = {
    _ERAS[i].kanji: _ERAS[i - 1].start for i in range(1, len(_ERAS))
}

# No Japanese ID carries a Western year outside this range; the bound keeps OCR
# noise such as "1234-12-12" from turning into a date.
_MIN_WESTERN_YEAR = 1868
_MAX_WESTERN_YEAR = 2199

_MONTHS_EN = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")

# Tesseract jpn reads 0 as O/o and 1 as l/I/| inside digit runs. They are only
# accepted inside the date patterns below, never on their own.
_OCR_DIGIT_FIX = str.maketrans("OolI|", "00111")
_D = r"[0-9OolI|]"
_KANJI_NUMERAL_CHARS = "〇一二三四五六七八九十百千"
_K = f"[{_KANJI_NUMERAL_CHARS}]"
_ERA_KANJI = "|".join(e.kanji for e in _ERAS)
_ERA_LETTER = "[" + "".join(e.letter for e in _ERAS) + "]"
# An era letter must not be the tail of a word (e.g. the S of "NOS5.6.1").
_ERA = rf"(?:{_ERA_KANJI}|(?<![A-Za-z]){_ERA_LETTER})"
_ERA_YEAR = rf"(?:元|{_D}{{1,2}}|{_K}{{1,4}})"
_MD = rf"(?:{_D}{{1,2}}|{_K}{{1,3}})"
_SEP = r"\s*[./-]\s*"

_WAREKI_KANJI = re.compile(
    rf"(?P<era>{_ERA})\s*(?P<y>{_ERA_YEAR})\s*年\s*(?P<m>{_MD})\s*月\s*(?P<d>{_MD})\s*日"
)
# The parenthesised wareki year of the licence expiry is consumed here (and
# ignored: the Western year is authoritative) so it cannot yield a second match.
_WESTERN_KANJI = re.compile(
    rf"(?<![0-9])(?P<y>{_D}{{4}}|{_K}{{4}})\s*年"
    rf"(?:\s*\(\s*{_ERA}\s*{_ERA_YEAR}\s*年\s*\))?"
    rf"\s*(?P<m>{_MD})\s*月\s*(?P<d>{_MD})\s*日"
)
_WAREKI_SEP = re.compile(
    rf"(?P<era>{_ERA})\s*(?P<y>元|{_D}{{1,2}})"
    rf"{_SEP}(?P<m>{_D}{{1,2}}){_SEP}(?P<d>{_D}{{1,2}})(?![0-9])"
)
_WESTERN_SEP = re.compile(
    rf"(?<![0-9])(?P<y>{_D}{{4}}){_SEP}(?P<m>{_D}{{1,2}}){_SEP}(?P<d>{_D}{{1,2}})(?![0-9])"
)
# Passports print "15 JUN 2000"; some layouts add the French month ("JUN/JUIN").
_ENGLISH = re.compile(
    rf"(?<![0-9])(?P<d>{_D}{{1,2}})\s*(?P<mon>(?i:{'|'.join(_MONTHS_EN)})[A-Za-z]*)"
    rf"(?:\s*/\s*[A-Za-z]+)?\s*(?P<y>{_D}{{4}})(?![0-9])"
)


def _number(token: str, *, strict: bool) -> int | None:
    """Value of a numeric token; ``strict`` demands at least one real digit.

    Separator forms like ``2O24.O3.15`` have no kanji anchors, so a token made
    only of OCR look-alikes ("Il") there is more likely a word than a number.
    """
    if token == "元":
        return 1
    if token[0] in _KANJI_NUMERAL_CHARS:
        return kanji_numeral_to_int(token)
    if strict and not any(ch.isdigit() for ch in token):
        return None
    return int(token.translate(_OCR_DIGIT_FIX))


def _make_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _wareki_date(
    m: re.Match[str], *, strict: bool, allow_era_overflow: bool
) -> datetime.date | None:
    era = _ERA_BY_NAME[m["era"]]
    year, month, day = (_number(m[g], strict=strict) for g in ("y", "m", "d"))
    if year is None or month is None or day is None or year < 1:
        return None
    value = _make_date(era.start.year - 1 + year, month, day)
    if value is None or value < era.start:
        return None
    # Licences issued in early 2019 print 平成36年 for 2024; that is the default.
    next_start = _NEXT_ERA_START.get(era.kanji)
    if not allow_era_overflow and next_start is not None and value >= next_start:
        return None
    return value


def _western_date(m: re.Match[str], *, strict: bool) -> datetime.date | None:
    year = _number(m["y"], strict=strict)
    day = _number(m["d"], strict=strict)
    if "mon" in m.groupdict():
        month: int | None = _MONTHS_EN.index(m["mon"][:3].upper()) + 1
    else:
        month = _number(m["m"], strict=strict)
    if year is None or month is None or day is None:
        return None
    if not _MIN_WESTERN_YEAR <= year <= _MAX_WESTERN_YEAR:
        return None
    return _make_date(year, month, day)


def _candidates(norm: str, allow_era_overflow: bool) -> Iterator[tuple[int, int, datetime.date]]:
    for pattern in (_WAREKI_KANJI, _WAREKI_SEP):
        strict = pattern is _WAREKI_SEP
        for m in _iter_valid(pattern, norm):
            value = _wareki_date(m, strict=strict, allow_era_overflow=allow_era_overflow)
            if value is not None:
                yield m.start(), m.end(), value
    for pattern in (_WESTERN_KANJI, _WESTERN_SEP, _ENGLISH):
        strict = pattern is not _WESTERN_KANJI
        for m in _iter_valid(pattern, norm):
            value = _western_date(m, strict=strict)
            if value is not None:
                yield m.start(), m.end(), value


def _iter_valid(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Like ``finditer`` but resumes one character later after every match.

    A match can be rejected later (Feb 30, before its era), and ``finditer`` would
    have skipped over any date overlapping it; overlaps are resolved by the caller.
    """
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        yield m
        pos = m.start() + 1


def _nfkc_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFKC ``text`` one character at a time, recording each output char's source index.

    Per-character NFKC differs from whole-string NFKC only for combining sequences
    (e.g. half-width ｶﾞ), none of which occur in a date, and it lets offsets be
    mapped back to the caller's string when NFKC changes the length (㋿ → 令和).
    """
    if unicodedata.is_normalized("NFKC", text):
        return text, list(range(len(text)))
    pieces: list[str] = []
    owner: list[int] = []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch)
        pieces.append(folded)
        owner.extend([i] * len(folded))
    return "".join(pieces), owner


def find_dates(text: str, *, allow_era_overflow: bool = True) -> list[DateMatch]:
    """Every date in ``text`` in order of appearance, as non-overlapping matches.

    NFKC is applied internally (full-width digits, era ligatures such as ㍻), but
    ``start``/``end``/``raw`` always refer to ``text`` exactly as passed in.
    ``allow_era_overflow=False`` rejects wareki years past their era's end
    (平成36年); the default accepts them because real licences print them.
    """
    norm, owner = _nfkc_with_offsets(text)
    found = sorted(_candidates(norm, allow_era_overflow), key=lambda c: (c[0], -c[1]))
    result: list[DateMatch] = []
    taken_until = 0
    for start, end, value in found:
        if start < taken_until:
            continue  # overlaps an earlier, longer match
        taken_until = end
        orig_start, orig_end = owner[start], owner[end - 1] + 1
        result.append(DateMatch(value, orig_start, orig_end, text[orig_start:orig_end]))
    return result


def parse_date(text: str, *, allow_era_overflow: bool = True) -> datetime.date | None:
    """The first date in ``text``, or None."""
    matches = find_dates(text, allow_era_overflow=allow_era_overflow)
    return matches[0].value if matches else None


def era_of(d: datetime.date) -> tuple[str, str, int]:
    """``(era kanji, era letter, era year)`` of a date, e.g. ``("令和", "R", 5)``."""
    for era in _ERAS:
        if d >= era.start:
            return era.kanji, era.letter, d.year - era.start.year + 1
    raise ValueError(f"{d} is before the 明治 era")


_KANJI_DIGIT_CHARS = "〇一二三四五六七八九"
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

Numerals = Literal["arabic", "fullwidth", "kanji"]


def _kanji_number(n: int) -> str:
    """Kanji numeral for 1..99 the way dates spell it (十, 十二, 三十一)."""
    tens, ones = divmod(n, 10)
    tens_part = "" if tens == 0 else ("十" if tens == 1 else _KANJI_DIGIT_CHARS[tens] + "十")
    return tens_part + (_KANJI_DIGIT_CHARS[ones] if ones else "")


def _render(n: int, *, pad: bool, numerals: Numerals) -> str:
    if numerals == "kanji":
        return _kanji_number(n)  # zero-padding is never written in kanji
    text = f"{n:02d}" if pad else str(n)
    return text.translate(_FULLWIDTH) if numerals == "fullwidth" else text


def format_wareki(
    d: datetime.date,
    *,
    gannen: bool = True,
    pad: bool = False,
    sep: str = "",
    numerals: Numerals = "arabic",
) -> str:
    """Render ``d`` as a wareki date, e.g. ``令和5年6月1日``.

    The options reproduce the variants seen on real documents: ``gannen`` writes
    year 1 as 元年; ``pad`` zero-pads (``令和05年06月01日``); ``sep`` is inserted
    after 年 and 月 (licences print ``昭和61年 5月 1日``); ``numerals`` picks ASCII,
    full-width or kanji digits (住民票 in vertical print use kanji).
    """
    kanji, _, year = era_of(d)
    year_text = "元" if gannen and year == 1 else _render(year, pad=pad, numerals=numerals)
    month = _render(d.month, pad=pad, numerals=numerals)
    day = _render(d.day, pad=pad, numerals=numerals)
    return f"{kanji}{year_text}年{sep}{month}月{sep}{day}日"


def format_wareki_short(d: datetime.date, *, pad: bool = False, sep: str = ".") -> str:
    """Render ``d`` in the abbreviated form of receipts and user input: ``R5.6.1``."""
    _, letter, year = era_of(d)
    parts = (f"{n:02d}" if pad else str(n) for n in (year, d.month, d.day))
    return letter + sep.join(parts)


def format_dual_expiry(d: datetime.date) -> str:
    """The licence expiry line since 2019: ``2029年(令和11年)06月10日まで有効``."""
    kanji, _, year = era_of(d)
    era_year = "元" if year == 1 else str(year)
    return f"{d.year}年({kanji}{era_year}年){d.month:02d}月{d.day:02d}日まで有効"


def format_english(d: datetime.date) -> str:
    """Passport style ``15 JUN 2000``."""
    return f"{d.day:02d} {_MONTHS_EN[d.month - 1]} {d.year}"


def add_months(d: datetime.date, months: int) -> datetime.date:
    """``d`` shifted by ``months`` calendar months, clamping the day (Jan 31 + 1 → Feb 28/29)."""
    index = d.year * 12 + d.month - 1 + months
    year, month0 = divmod(index, 12)
    day = min(d.day, calendar.monthrange(year, month0 + 1)[1])
    return datetime.date(year, month0 + 1, day)
