"""Reading labelled values off a page by geometry: beside a label, under it, stacked.

Lines come from OCR or a PDF text layer (stages/ocr.py), and a printed row may be split
into several lines at wide gaps: a label and its value are often two lines on one row.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence

from docextract._context import Field, Line, same_row, union_boxes

# Table rules and stray marks that OCR reads at the start of a row.
LEADING_JUNK = re.compile(r"^[\s|!'\"\[\]()「」・.,:;_-]+")
# A value under its label sits within this many line heights (1.0-1.4 on the forms of
# JAPAN.md §5 and the fixtures; the next row of a form stands 2+ heights off).
LABEL_VALUE_GAP = 1.5
# Labels this long keep one glyph misread (see label_span).
FUZZY_LABEL_MIN = 5
# What may follow a label before its value: a bracketed gloss (住所(所在地)) and a colon.
_LABEL_TAIL = re.compile(r"\s*(?:\([^)]*\))?[\s:：。]*")
# A value ends where a gap wider than this many heights opens in its row: the next
# column's text (保険者名称 千葉市 … 一部負担金の割合) when OCR joins the two.
VALUE_GAP = 1.5


def height(line: Line) -> int:
    """A line's height in pixels, the unit of every gap here (never 0)."""
    return max(line.bbox[3], 1)


def beside(lines: Sequence[Line], line: Line, *, right: bool = True) -> Line | None:
    """The nearest line right (or left) of ``line`` on the same printed row: a value
    beside its label, a name beside its birth date."""
    x0, x1 = line.bbox[0], line.bbox[0] + line.bbox[2]
    slack = 0.5 * height(line)
    found = [
        other
        for other in lines
        if other.page == line.page
        and other is not line
        and same_row(other.bbox, line.bbox)
        and (other.bbox[0] >= x1 - slack if right else other.bbox[0] + other.bbox[2] <= x0 + slack)
    ]
    return min(found, key=lambda other: abs(other.bbox[0] - x0), default=None)


def stacked(lines: Sequence[Line], line: Line, max_gap: float, *, down: bool) -> list[Line]:
    """Lines under (``down``) or over ``line``, overlapping it across, within ``max_gap``
    of its heights, nearest first."""
    x0, x1 = line.bbox[0], line.bbox[0] + line.bbox[2]

    def gap(other: Line) -> int:
        upper, lower = (line, other) if down else (other, line)
        return lower.bbox[1] - (upper.bbox[1] + upper.bbox[3])

    found = [
        other
        for other in lines
        if other.page == line.page
        and other is not line
        and not same_row(other.bbox, line.bbox)
        and (other.bbox[1] > line.bbox[1]) == down
        and gap(other) <= max_gap * height(line)
        and other.bbox[0] < x1
        and other.bbox[0] + other.bbox[2] > x0
    ]
    return sorted(found, key=gap)


def below(lines: Sequence[Line], line: Line, max_gap: float) -> Line | None:
    """The nearest line under ``line``, overlapping it across, within ``max_gap`` heights."""
    under = stacked(lines, line, max_gap, down=True)
    return under[0] if under else None


def above(lines: Sequence[Line], line: Line, max_gap: float) -> Line | None:
    """The nearest line over ``line``, overlapping it across, within ``max_gap`` heights."""
    over = stacked(lines, line, max_gap, down=False)
    return over[0] if over else None


def label_span(line: Line, labels: Sequence[str]) -> tuple[int, int] | None:
    """Span of a label in ``line``: exact (spaces tolerated), or with one glyph misread.

    A misread glyph is tolerated only in labels of five glyphs or more, only where a
    label starts its row, and never in the last glyph: shorter labels turn into other
    words with one glyph changed (氏名/件名), and label families differ in their last
    glyph (お客さま名/お客さま番号, 発行日/発行者). rapidfuzz's partial_ratio accepts a
    third of a label (お客さま for お客さま番号), so this is a plain comparison.
    """
    for label in labels:
        m = re.search(r"\s*".join(map(re.escape, label)), line.text)
        if m:
            return m.span()
    lead = len(line.text) - len(LEADING_JUNK.sub("", line.text))
    for label in labels:
        window = line.text[lead : lead + len(label)]
        if (
            len(label) >= FUZZY_LABEL_MIN
            and len(window) == len(label)
            and window[-1] == label[-1]
            and sum(a != b for a, b in zip(label, window, strict=True)) <= 1
        ):
            return lead, lead + len(label)
    return None


def label_values(lines: Sequence[Line], line: Line, end: int) -> Iterator[tuple[Line, int]]:
    """Where a label's value may be: after it on its line, beside it, or under it."""
    tail = _LABEL_TAIL.match(line.text, end)
    start = tail.end() if tail else end
    if start < len(line.text):
        yield line, start
    for neighbour in (beside(lines, line), below(lines, line, LABEL_VALUE_GAP)):
        if neighbour is not None:
            yield neighbour, 0


def value_stop(line: Line, start: int) -> int:
    """End of the value that starts at ``line.text[start:]``: the first wide gap."""
    words = [(w, span) for w, span in zip(line.words, line.spans, strict=True) if span[1] > start]
    for (prev, _), (word, (a, _)) in itertools.pairwise(words):
        gap = word.bbox[0] - (prev.bbox[0] + prev.bbox[2])
        if gap > VALUE_GAP * max(prev.bbox[3], word.bbox[3], 1):
            return a
    return len(line.text)


def join_fields(first: Field, second: Field) -> Field:
    """One field for a value printed over two lines (an address and its second line)."""
    boxes = [b for b in (first.bbox, second.bbox) if b is not None]
    return Field(
        value=f"{first.value} {second.value}",
        confidence=min(first.confidence, second.confidence),
        page=first.page,
        bbox=union_boxes(boxes) if boxes else None,
    )
