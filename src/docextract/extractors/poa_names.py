"""The addressee of a proof-of-address document: a name with 様/殿, or under a label.

Names are read from the text after OCR debris is dropped: table rules and misread
labels before a kanji/kana name, a misread honorific after it (JAPAN.md §4 for names).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from docextract._context import BBox, Field, Line
from docextract.extractors.common import (
    CJK,
    NON_CJK_LEAD,
    NON_CJK_TAIL,
    span_to_field,
    words_to_box,
)
from docextract.extractors.poa_layout import label_span, label_values, stacked
from docextract.text.normalize import fold_text

NAME_LABELS = (
    "被保険者氏名",
    "お客さま名",
    "お客様名",
    "ご契約者名",
    "契約者名",
    "納税者氏名",
    "お名前",
    "氏名",
)
HONORIFIC = re.compile(r"^(?P<name>.+?)\s*(?:様|殿)\s*$")
# A name in Latin letters has a family and a given name (BUI QUANG PHUC).
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z'.-]+(?: [A-Za-z][A-Za-z'.-]*)+")
# Names of organisations, never of the addressee; lines under them are their addresses.
ORG_WORDS = re.compile(
    r"株式会社|有限会社|合同会社|御中|銀行|信用金庫|支店|局|組合|協会|機構|センター|"
    r"市役所|区役所|役場|税務署|事務所|課$|店$"
)
# A misread label glyph before a name is under this share of the name's height (label
# 8.5-10 pt, name 12-13 pt on the certificates of JAPAN.md §5) and OCR is unsure of it.
LABEL_GLYPH_RATIO = 0.75
UNSURE_WORD_CONF = 0.5
# The name row stands within this many heights over the birth-date row: 5 on the
# fixture 印鑑登録証明書 (a 旧氏 row between them), 0.7 on the cards.
NAME_ROW_GAP = 6.0
# Rows between a name and its birth date that hold only a label (and a dash).
_LABEL_ONLY = re.compile(r"^\W*(?:旧氏|旧姓|通称)\W*$")
# Debris after a name is read with it again when it starts within this many heights of
# the name: a letter-spaced name leaves about one glyph between family and given name
# (1.1 heights on utility_bill_006_scan); a wider gap is another column.
DEBRIS_GAP = 2.0
# A name longer than this is a sentence that ends in 様 (…お客様), not a name; a
# single glyph is a speck.
MAX_NAME_CHARS = 25
MIN_NAME_CHARS = 2


@dataclass(frozen=True)
class Found:
    """A field and the line it was read from (the address is looked for near the name)."""

    field: Field
    line: Line


def _label_remnant_end(line: Line, start: int, end: int) -> int:
    """Where a name starts after a misread label glyph (名 of 氏名) left before it.

    Labels are printed smaller than the names they label, and OCR is unsure of a lone
    misread glyph: a first word of one or two glyphs that is both is not the name.
    """
    words = line.span_to_words(start, end)
    if len(words) < 2:
        return start
    first = words[0]
    a, b = line.spans[line.words.index(first)]
    tallest = max(w.bbox[3] for w in words[1:])
    if (
        a >= start
        and b - a <= 2
        and first.bbox[3] < LABEL_GLYPH_RATIO * tallest
        and first.conf < UNSURE_WORD_CONF
    ):
        return b
    return start


def name_at(line: Line, start: int, end: int | None = None) -> Found | None:
    """The name in ``line.text[start:end]``, without a trailing honorific or OCR debris."""
    stop = len(line.text) if end is None else end
    m = HONORIFIC.match(line.text[start:stop])
    stop = start + m.end("name") if m else stop
    start = _label_remnant_end(line, start, stop)
    text = line.text[start:stop]
    trail = 0
    if re.search(f"[{CJK}]", text):
        # Table rules (1 1 1福田さゆり), a misread label (me渡辺涼平) or honorific
        # (小林知実BR, 吉田直人&).
        lead = len(text) - len(NON_CJK_LEAD.sub("", text))
        trail = len(text) - len(NON_CJK_TAIL.sub("", text))
        start, stop = start + lead, stop - trail
    name = fold_text(line.text[start:stop])
    if (
        not MIN_NAME_CHARS <= len(name) <= MAX_NAME_CHARS
        or not (re.search(f"[{CJK}]", name) or _LATIN_NAME.fullmatch(name))
        or re.search(r"[\d、。,]", name)
        or ORG_WORDS.search(name)
    ):
        return None
    field = span_to_field(line, start, stop, name)
    return Found(replace(field, bbox=_name_box(line, start, stop, stop + trail)), line)


def _name_box(line: Line, start: int, stop: int, debris_end: int) -> BBox:
    """The box the reread crops to read ``line.text[start:stop]`` again.

    It ends where the honorific begins: the crop read 様 into the name, misread as a
    kanji (田中学欄 for 田中　学　様). It reaches over the debris right after the name,
    which may be the given name misread as Latin (佐々木　翼　様 read 佐々木BOR): the
    crop, read alone, finds those glyphs.
    """
    words = list(line.span_to_words(start, stop))
    for word in line.span_to_words(stop, debris_end):
        last = words[-1]
        if word == last:
            continue
        if word.bbox[0] - (last.bbox[0] + last.bbox[2]) > DEBRIS_GAP * last.bbox[3]:
            break
        words.append(word)
    return words_to_box(line, words)


def read_name(lines: Sequence[Line]) -> Found | None:
    """The addressee: a name with 様/殿 (the mailing block), else the value of a name
    label, else the row over the birth date."""
    for line in lines:
        if HONORIFIC.match(line.text):
            label = label_span(line, NAME_LABELS)
            found = name_at(line, label[1] if label else 0)
            if found is not None:
                return found
    for line in lines:
        label = label_span(line, NAME_LABELS)
        if label is None:
            continue
        for value_line, start in label_values(lines, line, label[1]):
            found = name_at(value_line, start)
            if found is not None:
                return found
    return name_over_birth_date(lines)


def name_over_birth_date(lines: Sequence[Line]) -> Found | None:
    """The row over the birth date, when OCR garbled the small 氏名 label.

    Cards and certificates print 氏名 and then 生年月日 (JAPAN.md §5: 印鑑登録証明書,
    被保険者証); rows that hold only another label (旧氏) are passed over.
    """
    for line in lines:
        if label_span(line, ["生年月日"]) is None:
            continue
        for row in stacked(lines, line, NAME_ROW_GAP, down=False):
            if not _LABEL_ONLY.match(row.text):
                return name_at(row, 0)
    return None
