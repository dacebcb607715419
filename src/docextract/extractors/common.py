"""Shared pieces of the extractors: labels, values, names, dates, fields with confidence.

Extractors anchor on the printed labels (氏名, 住所, 交付, …) rather than on positions, so
they hold across layouts, scan resolutions and crops. Each field keeps the confidence of
the words it came from, lowered when a check (a check digit, a date that parses) fails.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from docextract._context import BBox, Field, Line, Word, same_row, union_boxes
from docextract.text.dates import DateMatch, find_dates
from docextract.text.normalize import PREFECTURES, fold_text

# A label of three or more glyphs counts as found when fuzz.partial_ratio reaches this
# (one misread glyph in 5). Two-glyph labels score 50 with one glyph wrong, so they are
# matched by position instead: at the start of a row, one of the two glyphs right.
LABEL_MIN_SIMILARITY = 80
# Confidence multiplier for a value whose built-in check failed (e.g. check digit): it is
# still shown to the reviewer, but too weak for the rules to approve on.
FAILED_CHECK_FACTOR = 0.4


def label_span(text: str, labels: Iterable[str]) -> tuple[int, int] | None:
    """Span of the first of ``labels`` printed in ``text``.

    An English gloss printed under its Japanese label comes out of the OCR interleaved
    with it (DATE人年OF月BIRTH日): English labels are also looked for in the Latin
    letters of the line alone.
    """
    for label in labels:
        pattern = r"\s*".join(map(re.escape, label.replace(" ", "")))
        m = re.search(pattern, text, flags=re.IGNORECASE if label.isascii() else 0)
        if m:
            return m.span()
        if label.isascii():
            owner = [i for i, ch in enumerate(text) if ch.isascii()]
            latin = "".join(text[i] for i in owner)
            m = re.search(pattern, latin, flags=re.IGNORECASE)
            if m:
                return owner[m.start()], owner[m.end() - 1] + 1
    return None


def labelled(lines: Sequence[Line], labels: Iterable[str]) -> list[tuple[Line, int]]:
    """Lines that carry one of ``labels``, with the offset where the label ends."""
    labels = tuple(labels)
    found = []
    for line in lines:
        span = label_span(line.text, labels)
        if span is not None:
            found.append((line, span[1]))
    return found


def find_label(line: Line, labels: Sequence[str]) -> tuple[int, int] | None:
    """Span of the first of ``labels`` in the line, printed exactly or one glyph misread."""
    if (span := label_span(line.text, labels)) is not None:
        return span
    for label in labels:
        if (
            len(label) == 2
            and len(line.text) >= 2
            and (sum(a == b for a, b in zip(label, line.text[:2], strict=True)) == 1)
        ):
            # A label starts its row; one of two glyphs misread (入所 for 住所) still counts.
            return 0, 2
        if len(label) >= 3:
            alignment = fuzz.partial_ratio_alignment(label, line.text)
            if alignment is not None and alignment.score >= LABEL_MIN_SIMILARITY:
                return alignment.dest_start, alignment.dest_end
    return None


def lines_with_label(lines: Sequence[Line], labels: Sequence[str]) -> list[tuple[Line, int]]:
    """Lines carrying one of ``labels``, with the offset where the value starts."""
    found = []
    for line in lines:
        span = find_label(line, labels)
        if span is not None:
            found.append((line, span[1]))
    return found


_SPACE_IN_NUMBER = re.compile(r"(?<=\d) (?=\d)")
_UNNUMBERED_BLOCK = re.compile(r"(?<![0-9〇一二三四五六七八九十])(?:丁目|番地?|号)")


def address_value(text: str) -> str:
    """An address as printed: NFKC, folded spaces, and no OCR space inside a number."""
    return _SPACE_IN_NUMBER.sub("", fold_text(text))


def address_field(line: Line, start: int, end: int) -> Field:
    """An address field; a 丁目/番/号 with no number before it is a misread numeral."""
    value = address_value(line.text[start:end])
    return span_to_field(line, start, end, value, check=not _UNNUMBERED_BLOCK.search(value))


def well_formed_address(value: str) -> bool:
    """No Latin letters (OCR's reading of unsure kanji) and every block numbered.

    Only for a reread's value, which replaces a first read that failed: a building name
    may be Latin, which is why a first read is not judged by this.
    """
    return not re.search("[A-Za-z]", value) and not _UNNUMBERED_BLOCK.search(value)


def span_to_field(line: Line, start: int, end: int, value: str, *, check: bool = True) -> Field:
    """A field for ``line.text[start:end]`` with the confidence and box of its words."""
    words = line.span_to_words(start, end) or line.words
    conf = statistics.fmean(w.conf for w in words) * (1.0 if check else FAILED_CHECK_FACTOR)
    return Field(
        value=value, confidence=conf, page=line.page, bbox=union_boxes([w.bbox for w in words])
    )


def words_to_box(line: Line, words: Sequence[Word]) -> BBox:
    """The box of ``words``, ending where the line's next word begins.

    Tesseract's box for a CJK word can run over the word after it (春香 boxed over the
    様 that follows). Not for masked numbers: their box must rather be too wide.
    """
    x, y, w, h = union_boxes([word.bbox for word in words])
    after = line.words.index(words[-1]) + 1
    if after < len(line.words) and x < (next_left := line.words[after].bbox[0]) < x + w:
        w = next_left - x
    return x, y, w, h


def date_to_field(
    line: Line, match: DateMatch, offset: int = 0, *, repaired: bool = False
) -> Field:
    """A date field; one read only after undoing an OCR slip is held at REPAIRED_FACTOR."""
    field = span_to_field(line, offset + match.start, offset + match.end, match.value.isoformat())
    return replace(field, confidence=field.confidence * REPAIRED_FACTOR) if repaired else field


CJK = "一-龥ぁ-んァ-ヶ々〆ー"
# Around a kanji/kana name, anything else is OCR debris (a bracketed 旧姓 aside).
NON_CJK_LEAD = re.compile(rf"^[^{CJK}(]+")
NON_CJK_TAIL = re.compile(rf"[^{CJK})]+$")
# A 氏名 label read into the value when OCR joined the label column to it.
_NAME_LABEL_LEAD = re.compile(r"^\s*(?:氏\s*名|NAME(?![A-Z]))\s*[:：]?\s*", re.IGNORECASE)
# A rule or guilloche line between family and given name, read as a dash or underscore.
_RULE_IN_NAME = re.compile(rf"(?<=[{CJK}])\s*[-_=~|｜—]+\s*(?=[{CJK}])")
# The honorific a bill prints after the addressee (小林 春香 様); never part of a name.
_HONORIFIC_TAIL = re.compile(r"\s*(?:様|殿)\s*$")


def tidy_name(name: str) -> str:
    """A printed kanji/kana name without what OCR glued to it: a 氏名 label before it,
    debris around it (ke山本里佳), a rule read between its parts (近藤_花子), the
    honorific after it (小林春香様). Empty when nothing of a name is left."""
    name = _NAME_LABEL_LEAD.sub("", name)
    if not re.search(f"[{CJK}]", name):
        return name.strip()
    name = NON_CJK_TAIL.sub("", NON_CJK_LEAD.sub("", name))
    # Debris may stand after the honorific too (小林春香様.): dropped above, first.
    name = NON_CJK_TAIL.sub("", _HONORIFIC_TAIL.sub("", name))
    name = re.sub(r"\s+", " ", _RULE_IN_NAME.sub(" ", name)).strip()
    # Nothing but long-vowel marks is a rule read as ーーー, not a name.
    return name if name.strip("ー ") else ""


def words_to_name(words: Sequence[Word]) -> str:
    """Join name glyphs, with one space at the gap that separates family and given name.

    Names are often printed letter-spaced (山 田　太 郎): a gap counts as the separator
    only when it is clearly wider than the others (1.6x their median, and half a glyph).
    """
    texts = [fold_text(w.text).replace(" ", "") for w in words]
    if len(words) < 2:
        return "".join(texts)
    height = statistics.median(w.bbox[3] for w in words)
    gaps = [b.bbox[0] - (a.bbox[0] + a.bbox[2]) for a, b in itertools.pairwise(words)]
    threshold = 0.5 * height if len(gaps) == 1 else max(0.5 * height, 1.6 * statistics.median(gaps))
    out = texts[0]
    for gap, text in zip(gaps, texts[1:], strict=True):
        out += (" " if gap > threshold else "") + text
    return out


def value_after(line: Line, start: int) -> tuple[int, int] | None:
    """Span of the value text after a label (separators and spaces trimmed)."""
    rest = line.text[start:]
    lead = len(rest) - len(rest.lstrip(" :："))
    body = rest.strip(" :：")
    if not body:
        return None
    return start + lead, start + lead + len(body)


PREF_ALT = "|".join(PREFECTURES)


def label_column_edge(lines: Sequence[Line], labels: Sequence[str]) -> int | None:
    """x where values start on a card with a label column (氏名, 住所, 交付, 番号 …).

    Measured on the rows whose label was read exactly; rows whose label Tesseract
    misread (入所 for 住所) then still split into label and value at the same x.
    """
    starts = []
    for line, offset in labelled(lines, labels):
        after = [w for w, (a, _) in zip(line.words, line.spans, strict=True) if a >= offset]
        if after:
            starts.append(after[0].bbox[0])
    return int(statistics.median(starts)) if starts else gap_column_edge(lines)


# Where no label was read exactly (a blurred or dim photo), the label column is seen in
# the layout: short words at the left margin, then a gap of at least a glyph before the
# values (licence labels end ~1.5-2 glyphs before their values). The words before the gap
# lie within this share of the page width (labels are 2-4 small glyphs).
LABEL_COLUMN_MAX_WIDTH = 0.15
MIN_LABEL_GAP_HEIGHTS = 1.0
# Rows that must agree on the edge, within a glyph height, for it to count.
MIN_ROWS_FOR_EDGE = 2


def gap_column_edge(lines: Sequence[Line]) -> int | None:
    """x where values start right of an unread label column, from the rows' gaps."""
    if not lines:
        return None
    left = min(ln.bbox[0] for ln in lines)
    width = max(ln.bbox[0] + ln.bbox[2] for ln in lines) - left
    starts, heights = [], []
    for line in lines:
        words = line.words
        height = statistics.median(w.bbox[3] for w in words)
        if words[0].bbox[0] - left > height:
            continue  # a row that does not start at the margin has no label
        for prev, word in itertools.pairwise(words[:3]):
            end = prev.bbox[0] + prev.bbox[2]
            if end - left > LABEL_COLUMN_MAX_WIDTH * width:
                break
            if word.bbox[0] - end >= MIN_LABEL_GAP_HEIGHTS * height:
                starts.append(word.bbox[0])
                heights.append(height)
                break
    if len(starts) < MIN_ROWS_FOR_EDGE:
        return None
    middle = statistics.median(starts)
    agreeing = [x for x, h in zip(starts, heights, strict=True) if abs(x - middle) <= h]
    # Values are set flush left at the edge; a row starting later begins with a blank or
    # a lead glyph (第 before a number), and the median of such rows cut 高橋 off 高橋 篤司.
    return int(min(agreeing)) if len(agreeing) >= MIN_ROWS_FOR_EDGE else None


def value_words(line: Line, edge: int | None) -> tuple[Word, ...]:
    """The words of a row right of the label column (all words when there is none)."""
    if edge is None:
        return line.words
    slack = 0.3 * statistics.median(w.bbox[3] for w in line.words)
    return tuple(w for w in line.words if w.bbox[0] >= edge - slack)


def words_to_span(line: Line, words: Sequence[Word]) -> tuple[int, int]:
    spans = [line.spans[line.words.index(w)] for w in words]
    return spans[0][0], spans[-1][1]


def name_left_of(
    lines: Sequence[Line], row: Line, date_start: int, edge: int | None
) -> Field | None:
    """The name printed on the birth-date row, left of the date (JAPAN.md §1.1).

    The name may sit in its own segment of the row (a wide gap before the date).
    """
    candidates = [
        (row, [w for w in value_words(row, edge) if row.spans[row.words.index(w)][1] <= date_start])
    ]
    candidates += [
        (line, list(value_words(line, edge)))
        for line in lines
        if line is not row
        and line.page == row.page
        and same_row(line.bbox, row.bbox)
        and line.bbox[0] < row.bbox[0]
    ]
    for line, words in candidates:
        name = fold_text(words_to_name(words)) if words else ""
        if name and not re.search(r"\d", name):
            return span_to_field(line, *words_to_span(line, words), name)
    return None


def is_birth_date(line: Line, match: DateMatch) -> bool:
    return line.text[match.end : match.end + 2].strip().startswith("生") or "生年月日" in line.text


# An era name with one glyph misread (店和 for 昭和): the surviving glyph narrows it down.
_ERA_MISREAD = re.compile(r"(?<![明大昭平令])[^\s\d明大昭平令]([和成正治])(?=\s*\d{1,2}\s*年)")
_ERAS_BY_GLYPH = {"和": ("昭和", "令和"), "成": ("平成",), "正": ("大正",), "治": ("明治",)}
REPAIRED_FACTOR = 0.7


def repair_birth_era(line: Line, latest: dt.date) -> DateMatch | None:
    """Read a birth date whose era glyph was misread, when only one era is plausible."""
    m = _ERA_MISREAD.search(line.text)
    if m is None or "生" not in line.text[m.end() :]:
        return None
    found = []
    for era in _ERAS_BY_GLYPH[m.group(1)]:
        text = line.text[: m.start()] + era + line.text[m.end() :]
        found += [d for d in find_dates(text) if d.start == m.start() and d.value <= latest][:1]
    return found[0] if len(found) == 1 else None


# Where an address begins: a prefecture, else a city, ward, county, town or village named
# in kanji or in hiragana (さいたま市, つくば市, いわき市). Kanji and kana are not mixed in
# one name here, so that a search from a line's start does not take a label with it
# (住所さいたま市).
ADDRESS_START = re.compile(rf"(?:{PREF_ALT}|(?:[一-龥]{{1,5}}|[ぁ-ん]{{2,5}})[市区町村郡])")


# Tesseract slips that hide a printed date from ``find_dates``:
# - a space inside a number (昭和3 3年1 2月, common with full-width and letter-spaced
#   digits);
# - the 0 of a zero-padded month, day or era year read as 6, 8 or 9 (97月 for 07月: no month or
#   day can start with those digits followed by another digit, so the repair is
#   unambiguous), and 日 read as a look-alike glyph after the day (5目);
# - in a zero-padded Western date (2003年12月18日, as residence cards print them) the
#   unit glyphs 年/月/日 read as one digit or letter each, 年 and 日 sometimes as two
#   (200342128188 is 2003年12月18日). Only the zero padding makes this readable:
#   year, month and day then sit at fixed places, and month and day must be valid.
_GAP_IN_NUMBER = re.compile(r"(?<=\d)\s+(?=\d)")
_PAD_MISREAD = re.compile(r"(?<=[年月])\s*([689])(\d)\s*(?=[月日])")
# The same slip in a zero-padded era year (令和95年 for 令和05年): a year past the last
# any document prints in that era (令和: 10-year cards issued today end near 令和18; 平成
# ran to 31 and was printed up to 平成41 on expiry dates set before 令和 was named).
_ERA_YEAR_PAD_MISREAD = re.compile(r"(令和|平成|昭和|大正|明治)\s*([689])(\d)\s*(?=年)")
ERA_YEAR_MAX = {"令和": 40, "平成": 45, "昭和": 64, "大正": 15, "明治": 45}
# 日 closing a date is often read as a look-alike (目, 曰, 白, 昌, 晶).
_DAY_MISREAD = re.compile(r"(?<=月)\s*\d{1,2}\s*([目曰白昌晶])")
_UNITS_MISREAD = re.compile(
    r"(?<![0-9A-Za-z])((?:19|20)\d\d)\S{1,2}?(0[1-9]|1[0-2])\S([0-2]\d|3[01])(?:\d{1,2})?(?!\d)"
)


def _era_year_impossible(m: re.Match[str] | None) -> bool:
    return m is not None and int(m.group(2) + m.group(3)) > ERA_YEAR_MAX[m.group(1)]


def find_dates_tolerant(text: str) -> list[tuple[DateMatch, bool]]:
    """``find_dates`` across those slips; each match says whether it needed a repair.

    Offsets and ``raw`` refer to ``text`` exactly as passed in.
    """
    dropped = {i for m in _GAP_IN_NUMBER.finditer(text) for i in range(*m.span())}
    owner = [i for i in range(len(text)) if i not in dropped]
    chars = [text[i] for i in owner]
    compact = "".join(chars)
    repaired: set[int] = set()
    for m in _PAD_MISREAD.finditer(compact):
        unit = compact[m.end()]
        if int(m.group(1) + m.group(2)) > (12 if unit == "月" else 31):
            chars[m.start(1)] = "0"
            repaired.add(m.start(1))
    for m in _ERA_YEAR_PAD_MISREAD.finditer(compact):
        if _era_year_impossible(m):
            chars[m.start(2)] = "0"
            repaired.add(m.start(2))
    for m in _DAY_MISREAD.finditer(compact):
        chars[m.start(1)] = "日"
        repaired.add(m.start(1))
    # Dates read as printed come first: closing a gap could also glue a stray digit to a
    # year (S588 1961年…).
    found = [
        (d, False)
        for d in find_dates(text)
        if not _era_year_impossible(_ERA_YEAR_PAD_MISREAD.search(d.raw))
    ]

    def overlaps(start: int, end: int) -> bool:
        return any(start < d.end and d.start < end for d, _ in found)

    for d in find_dates("".join(chars)):
        start, end = owner[d.start], owner[d.end - 1] + 1
        if not overlaps(start, end):
            fixed = any(d.start <= i < d.end for i in repaired)
            found.append((DateMatch(d.value, start, end, text[start:end]), fixed))
    for m in _UNITS_MISREAD.finditer(text):
        start, end = m.span()
        if overlaps(start, end):
            continue
        try:
            value = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        found.append((DateMatch(value, start, end, text[start:end]), True))
    return sorted(found, key=lambda f: f[0].start)
