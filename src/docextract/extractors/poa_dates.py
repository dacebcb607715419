"""The issue date of a proof-of-address document (JAPAN.md §5: 発行年月日 or 領収日付).

Only labelled dates count: due dates, usage periods and validity ends (支払期限, ご利用期間,
納期限, 有効期限) carry labels of their own and are never taken for the issue date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from docextract._context import Field, Line
from docextract.extractors.common import REPAIRED_FACTOR, span_to_field
from docextract.extractors.poa_layout import below, height, label_span, label_values
from docextract.text.dates import DateMatch, find_dates

# Labels printed beside (or above) the date a document was issued or paid.
POA_ISSUE_LABELS = (
    "発行日",
    "発行年月日",
    "作成日",
    "領収日",
    "領収年月日",
    "証明日",
    "交付年月日",
    "交付日",
    "納付日",
    "ご請求日",
    "請求日",
)
# Boxes for a bank's or cashier's date stamp: a stamp holds a date, the box alone does not.
POA_STAMP_LABELS = ("領収日付印", "収納日付印", "領収印", "収納印", "日付印")
# Cards print the label after the date: 令和6年4月1日交付.
_ISSUED_SUFFIX = re.compile(r"^\s*(?:交付|発行)")
# The certification sentence of a municipal certificate; its date is printed under it.
_CERTIFIED = re.compile(r"相違ない|証明(?:する|します)")
# A sale's or a message's time after its date: 2026年10月18日(日) 14:32.
_CLOCK_TIME = re.compile(r"^\s*(?:\(\S\))?\s*\d{1,2}:\d{2}")
# What a receipt stamp prints around its date: the receiving bank or office, 領収.
_STAMP_CONTEXT = re.compile(r"銀行|信用金庫|信用組合|郵便局|ゆうちょ|支店|出張所|領収|収納")
_WORDS = re.compile(r"[一-龥ぁ-んァ-ヶA-Za-z]")
_MONTH_DAY = re.compile(r"(\d{1,2})(\s*[月日])")
# Glyph slips of Tesseract jpn inside dates, seen on the fixture scans: a space in a
# number (2 0日), 十 read as 士, 日 read as 晶 or 目.
_DATE_SLIPS = (
    (re.compile(r"(?<=\d) +(?=\d)"), ""),
    (re.compile(r"士"), "十"),
    (re.compile(r"(?<=[\d一二三四五六七八九十])[晶目]"), "日"),
)
# A stamp's bank name and date stand within this many heights of each other; the date
# under a certification sentence within CERTIFIED_DATE_GAP (2-3 on the fixture forms).
STAMP_GAP = 3.0
CERTIFIED_DATE_GAP = 4.0


def _restore_zeros(text: str) -> str:
    """Month and day numbers that cannot be, with each 9 read back as 0.

    Tesseract reads the 0 of these fonts as 9 (発行日2026年19月16日, 11月91日); an
    impossible month or day is the only place where that is certain.
    """

    def fix(m: re.Match[str]) -> str:
        limit = 12 if m.group(2).strip() == "月" else 31
        number = m.group(1)
        return (number.replace("9", "0") if int(number) > limit else number) + m.group(2)

    return _MONTH_DAY.sub(fix, text)


def _undo_slips(text: str) -> tuple[str, list[int]]:
    """``text`` with the glyph slips of _DATE_SLIPS undone, and each character's source."""
    owner = list(range(len(text)))
    for pattern, repl in _DATE_SLIPS:
        pieces: list[str] = []
        owners: list[int] = []
        last = 0
        for m in pattern.finditer(text):
            pieces += [text[last : m.start()], repl]
            owners += owner[last : m.start()] + [owner[m.start()]] * len(repl)
            last = m.end()
        pieces.append(text[last:])
        owners += owner[last:]
        text, owner = "".join(pieces), owners
    return _restore_zeros(text), owner


def dates_in(text: str) -> tuple[list[DateMatch], float]:
    """The dates in ``text`` and a confidence factor for them.

    When none parses, OCR slips are undone and the text read again at REPAIRED_FACTOR
    confidence (the reread stage then checks the value on a crop): glyph slips
    (_DATE_SLIPS), a 0 read as 9 in an impossible month or day, and a final 日 dropped
    into a speck of its own (a text ending in 月 and a day number).
    """
    dates = find_dates(text)
    if dates or not text:
        return dates, 1.0
    fixed, owner = _undo_slips(text)
    for candidate in (fixed, fixed + "日"):
        repaired = [m for m in find_dates(candidate) if m.start < len(fixed)]
        if repaired:
            return [
                DateMatch(m.value, owner[m.start], owner[min(m.end, len(fixed)) - 1] + 1, m.raw)
                for m in repaired
            ], REPAIRED_FACTOR
    return [], 1.0


def _date_field(line: Line, start: int, m: DateMatch, factor: float) -> Field:
    field = span_to_field(line, start + m.start, start + m.end, m.value.isoformat())
    return replace(field, confidence=field.confidence * factor)


def _first_date_field(line: Line, start: int) -> Field | None:
    dates, factor = dates_in(line.text[start:])
    return _date_field(line, start, dates[0], factor) if dates else None


def _stamp_date(lines: Sequence[Line]) -> Field | None:
    """A receipt stamp (領収日付印): a line that is only a date, by a bank or 領収 line."""
    for line in lines:
        dates = find_dates(line.text)
        if len(dates) != 1 or len(re.sub(r"\W", "", line.text)) > len(dates[0].raw) + 2:
            continue
        near = [
            other
            for other in lines
            if other.page == line.page
            and other is not line
            and abs(other.bbox[1] - line.bbox[1]) <= STAMP_GAP * height(line)
            and other.bbox[0] < line.bbox[0] + line.bbox[2]
            and other.bbox[0] + other.bbox[2] > line.bbox[0]
        ]
        if any(_STAMP_CONTEXT.search(other.text) for other in near):
            return _date_field(line, 0, dates[0], 1.0)
    return None


def _timestamp_date(lines: Sequence[Line]) -> Field | None:
    """A date printed with a clock time: when a receipt or an e-mail was issued."""
    for line in lines:
        dates, factor = dates_in(line.text)
        for m in dates:
            if _CLOCK_TIME.match(line.text[m.end :]):
                return _date_field(line, 0, m, factor)
    return None


def read_issue_date(lines: Sequence[Line]) -> Field | None:
    """The issue date, from issue labels only (distractor dates carry other labels).

    In order: an issue label's date, a card's 交付 date, the date under a certification
    sentence, a receipt stamp, a date printed with its time.
    """
    for line in lines:
        span = label_span(line, POA_ISSUE_LABELS)
        if span is not None and not line.text[span[1] :].startswith("付印"):
            for value_line, start in label_values(lines, line, span[1]):
                dates, factor = dates_in(value_line.text[start:])
                # A neighbour that starts with words of its own is another label's value
                # (支払期限 … under an empty 発行日).
                if dates and not (
                    value_line is not line and _WORDS.search(value_line.text[: dates[0].start])
                ):
                    return _date_field(value_line, start, dates[0], factor)
        for m in find_dates(line.text):
            if _ISSUED_SUFFIX.match(line.text[m.end :]):
                return span_to_field(line, m.start, m.end, m.value.isoformat())
    for line in lines:
        if _CERTIFIED.search(line.text):
            under = below(lines, line, CERTIFIED_DATE_GAP)
            field = _first_date_field(under, 0) if under is not None else None
            if field is not None:
                return field
    return _stamp_date(lines) or _timestamp_date(lines)


def issue_label_printed(text: str, *, stamps: bool) -> bool:
    """Whether ``text`` prints an issue-date label (so a missing date is a misread).

    An empty stamp box (領収日付印 on an unpaid slip) is not a date; it counts only when
    ``stamps``, i.e. on an image, where a stamp may be there and unreadable.
    """
    compact = re.sub(r"\s", "", text)
    if not stamps:
        for label in POA_STAMP_LABELS:
            compact = compact.replace(label, "")
    return any(label in compact for label in (*POA_ISSUE_LABELS, *POA_STAMP_LABELS))
