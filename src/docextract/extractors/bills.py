"""Proof-of-address documents (JAPAN.md §5): one shared reading for the whole family.

Bills, receipts, statements, insurance cards and municipal certificates differ in layout
but print the same four things: the addressee (with 様/殿, or under a 氏名 label), their
address (under a 〒 or a 住所 label, often over two lines), an issue date (under an issue
label such as 発行日/領収日/証明日, after a certification sentence, or in a receipt
stamp) and the issuer. They are found by labels and value shapes, never by position on
the page. This module reads the address and the issuer and puts the reading together
(``read_poa``); names are in poa_names, dates in poa_dates, label geometry in poa_layout,
and each document type's own small parts (``PoaParts``) in poa_types.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from docextract._context import Field, Line
from docextract.extractors.common import (
    CJK,
    NON_CJK_TAIL,
    PREF_ALT,
    REPAIRED_FACTOR,
    address_value,
    span_to_field,
)
from docextract.extractors.poa_dates import read_issue_date
from docextract.extractors.poa_layout import (
    LABEL_VALUE_GAP,
    LEADING_JUNK,
    above,
    below,
    height,
    join_fields,
    label_span,
    label_values,
    stacked,
    value_stop,
)
from docextract.extractors.poa_names import (
    HONORIFIC,
    NAME_LABELS,
    ORG_WORDS,
    Found,
    name_at,
    read_name,
)
from docextract.text.normalize import PREFECTURES, fold_text

# 前住所 (a former address on a 住民票) and 住所を定めた年月日 are not the address.
_ADDRESS_LABEL = re.compile(r"(?<!前)(?:お届け住所|お届け先|ご使用場所|供給場所|ご住所|住所)(?!を)")
_POSTAL_PREFIX = re.compile(r"^\S?\s*\d{3}\s*[-ー−]\s*\d{4}\s*")
# A 〒 code is never part of the address value, wherever OCR put it (福岡〒810-0001県…).
_POSTAL_CODE = re.compile(r"〒\s*\d{3}\s*[-ー−]\s*\d{4}\s*")
_MUNICIPALITY = re.compile(r"[一-龥ぁ-んァ-ヶ]{1,6}?[市区町村郡]")
_ADDRESS_START = re.compile(rf"(?:{PREF_ALT}|{_MUNICIPALITY.pattern})")
_HAS_BLOCK = re.compile(r"\d|丁目|番")
# Up to three glyphs of debris before a prefecture (Cae東京都…, a misread 住所).
_PREF_AFTER_DEBRIS = re.compile(rf"^[^\s]{{1,3}}?({PREF_ALT})")
# Rows that start like a place but hold a code or number (市町村コード 227024, 電話番号).
_NOT_ADDRESS_WORDS = re.compile(r"コード|番号|電話|TEL", re.IGNORECASE)
# A second address line that is a building and room (太子堂ハイツ205, …レジデンス1102).
_BUILDING_LINE = re.compile(r"^[^\d\s]{2,}\s*\d{1,5}(?:号室?)?$")

# Geometry in line heights, measured on the fixture bills and the JAPAN.md §5 forms:
# the second line of an address stands within 0.8 under the first (addressee names
# and table rows below stand 1.3+ heights off).
ADDRESS_LINE_GAP = 0.8
# A word under this share of its line's median height is a speck (the dotted rules of
# a tax slip read as 1 at 0.5 of the text height), not a glyph of the address.
SPECK_HEIGHT_RATIO = 0.6
# An organisation's own address stands within this many heights under its name (1-2
# on the fixture letterheads, a TEL or 登録番号 line aside).
ORG_ADDRESS_GAP = 3.0
# An address line whose left edge is within this many heights of the first continues it.
ADDRESS_ALIGN = 2.0
# A misread label glyph before a name is under this share of the name's height (label
# 8.5-10 pt, name 12-13 pt on the certificates of JAPAN.md §5) and OCR is unsure of it.
LABEL_GLYPH_RATIO = 0.75
UNSURE_WORD_CONF = 0.5
# An addressee stands within this many heights under the address block (1.3-1.6 on the
# fixture bills; the next block, the issuer's or a table, is further off).
ADDRESSEE_GAP = 3.0
# Japanese full names run to 8 glyphs or so; a longer line under an address is not one.
MAX_ADDRESSEE_CHARS = 10
# The name row stands within this many heights over the birth-date row: 5 on the
# fixture 印鑑登録証明書 (a 旧氏 row between them), 0.7 on the cards.
NAME_ROW_GAP = 6.0
# Rows between a name and its birth date that hold only a label (and a dash).
_LABEL_ONLY = re.compile(r"^\W*(?:旧氏|旧姓|通称)\W*$")
# A name longer than this is a sentence that ends in 様 (…お客様), not a name; a
# single glyph is a speck.
MAX_NAME_CHARS = 25
MIN_NAME_CHARS = 2


# --- name under the address -------------------------------------------------------


def addressee_under(lines: Sequence[Line], address: Found) -> Found | None:
    """The name under a mailing block (〒, address, name), when its 様 was misread
    (小林知実BR). A short kanji/kana name only: table rows also stand under addresses."""
    box = address.field.bbox
    over = above(lines, address.line, ADDRESS_LINE_GAP)
    mailing = _POSTAL_PREFIX.match(address.line.text) or (
        over is not None and _POSTAL_PREFIX.fullmatch(over.text.strip())
    )
    if box is None or not mailing:
        return None
    last = max(
        (ln for ln in lines if ln.page == address.line.page and ln.bbox[1] < box[1] + box[3]),
        key=lambda ln: (ln.bbox[1] >= box[1], ln.bbox[1]),
    )
    under = below(lines, last, ADDRESSEE_GAP)
    if under is None or abs(under.bbox[0] - box[0]) > ADDRESS_ALIGN * height(under):
        return None
    found = name_at(under, 0)
    short = found is not None and re.fullmatch(
        f"[{CJK}]{{2,{MAX_ADDRESSEE_CHARS}}}", found.field.value
    )
    return found if short else None


# --- address ----------------------------------------------------------------------


def _repair_prefecture(text: str) -> tuple[str, bool]:
    """A prefecture whose last glyph OCR misread (福岡上 for 福岡県, 東京者 for 東京都),
    and whether it was repaired. A municipality must follow: 京都市 is not 京都府."""
    for pref in PREFECTURES:
        stem, rest = pref[:-1], text[len(pref) :]
        if (
            text.startswith(stem)
            and not text.startswith(pref)
            and text[len(stem) : len(pref)] not in "市区町村郡"
            and _MUNICIPALITY.match(rest)
        ):
            return pref + rest, True
    return text, False


def _debris_start(line: Line) -> int:
    """Where table-rule debris starts at the end of a line: specks well under the height
    of the text (OCR reads a dotted rule as 1 1), and rule marks (|)."""
    body = statistics.median(w.bbox[3] for w in line.words)
    end = len(line.text)
    for word, (a, _) in zip(reversed(line.words), reversed(line.spans), strict=True):
        if word.bbox[3] >= SPECK_HEIGHT_RATIO * body and word.text.strip("|!") != "":
            break
        end = a
    return len(line.text[:end].rstrip())


def _address_from(lines: Sequence[Line], line: Line, start: int) -> Found | None:
    """An address starting at ``line.text[start:]`` (after a 〒 code), with a second line."""
    rest = line.text[start : _debris_start(line)]
    rest = _POSTAL_PREFIX.sub("", LEADING_JUNK.sub("", rest), count=1)
    if not rest.strip():
        # A 〒 line: the address is printed under it.
        under = below(lines, line, LABEL_VALUE_GAP)
        return _address_from(lines, under, 0) if under is not None else None
    begin = line.text.rindex(rest)
    value, repaired = _repair_prefecture(_POSTAL_CODE.sub("", rest))
    if not _ADDRESS_START.match(value) and (pref := _PREF_AFTER_DEBRIS.match(value)):
        value = value[pref.start(1) :]  # a misread label glued before the prefecture
    if not _ADDRESS_START.match(value) or _NOT_ADDRESS_WORDS.search(value):
        return None
    field = span_to_field(line, begin, begin + len(rest), address_value(value))
    if repaired:
        field = replace(field, confidence=field.confidence * REPAIRED_FACTOR)
    aligned = [
        under
        for under in stacked(lines, line, ADDRESS_LINE_GAP, down=True)
        if abs(under.bbox[0] - line.bbox[0]) <= ADDRESS_ALIGN * height(line)
    ]
    second = aligned[0] if aligned else None
    if second is not None:
        text = address_value(LEADING_JUNK.sub("", second.text))
        continues = not _HAS_BLOCK.search(field.value) or _BUILDING_LINE.match(text)
        if (
            continues
            and not HONORIFIC.match(text)
            and not ORG_WORDS.search(text)
            and label_span(second, NAME_LABELS) is None
        ):
            tail = span_to_field(second, 0, len(second.text), text)
            field = join_fields(field, tail)
    return Found(field, line) if _HAS_BLOCK.search(field.value) else None


def _under_organisation(lines: Sequence[Line], line: Line) -> bool:
    """An address printed under an organisation's name is the organisation's own."""
    over = above(lines, line, ORG_ADDRESS_GAP)
    return over is not None and bool(ORG_WORDS.search(over.text))


def read_address(lines: Sequence[Line], name: Found | None) -> Found | None:
    """The addressee's address: a labelled one first, else the one nearest the name."""
    for line in lines:
        m = _ADDRESS_LABEL.search(line.text)
        if m is None:
            continue
        for value_line, start in label_values(lines, line, m.end()):
            found = _address_from(lines, value_line, start)
            if found is not None:
                return found
    candidates = [
        found
        for line in lines
        if (found := _address_from(lines, line, 0)) is not None
        and not _under_organisation(lines, line)
    ]
    if not candidates or name is None:
        return candidates[0] if candidates else None
    anchor = name.line

    def distance(found: Found) -> float:
        box = found.line.bbox
        if found.line.page != anchor.page:
            return float("inf")
        return abs(box[1] - anchor.bbox[1]) + abs(box[0] - anchor.bbox[0])

    return min(candidates, key=distance)


# --- issuer and the type's own parts ----------------------------------------------

# Characters of an organisation's name: no spaces, brackets, separators or digits (a
# digit before a name is the end of a number OCR ran into it: 番号06952873関東…).
NAME_CHARS = r"[^\s\d()（）「」【】\[\]<>:：,、。・*]"


def issuer_pattern(core: str) -> re.Pattern[str]:
    """An issuer's name: name characters ending in ``core`` (株式会社, 銀行, 区長 …)."""
    return re.compile(rf"{NAME_CHARS}*?(?:{core})")


NumberReader = Callable[[Sequence[Line]], Field | None]
IssuerReader = Callable[[Sequence[Line]], Field | None]
PersonReader = Callable[[Sequence[Line]], Found | None]


@dataclass(frozen=True)
class PoaParts:
    """What one proof-of-address type reads its own way; the rest is shared."""

    issuers: tuple[re.Pattern[str], ...] = ()
    """Issuer name shapes, most specific first; the first printed match is the issuer."""
    issuer: IssuerReader | None = None
    """Reads the issuer instead of looking for ``issuers`` (a labelled insurer)."""
    number: NumberReader | None = None
    person: PersonReader | None = None
    """Who the document is for, when it lists several people (a 住民票)."""


def labelled_issuer(
    lines: Sequence[Line], labels: Sequence[str], shapes: Sequence[re.Pattern[str]]
) -> Field | None:
    """The value of an issuer label (保険者名称) that has one of the issuer ``shapes``: the
    value read beside a label lost to OCR is another cell's (一部負担金の割合)."""
    for line in lines:
        span = label_span(line, labels)
        if span is None:
            continue
        for value_line, start in label_values(lines, line, span[1]):
            m = re.compile(f"{NAME_CHARS}+").match(
                value_line.text[: value_stop(value_line, start)], start
            )
            # Japanese insurers and offices have Japanese names: Latin letters and marks
            # after one are OCR debris (千葉市‘, …組合-); so is anything after the shape
            # (…健康保険組合し, 千葉市上).
            name = NON_CJK_TAIL.sub("", m.group(0)) if m else ""
            shaped = [found for p in shapes if (found := p.match(name))]
            if shaped:
                name = max(shaped, key=lambda found: found.end()).group(0)
                return span_to_field(value_line, start, start + len(name), fold_text(name))
    return None


def shaped_issuer(lines: Sequence[Line], shapes: Sequence[re.Pattern[str]]) -> Field | None:
    """The first printed name of the first of ``shapes`` found."""
    for pattern in shapes:
        for line in lines:
            m = pattern.search(line.text)
            if m:
                return span_to_field(line, *m.span(), fold_text(m.group(0)))
    return None


def _compact(m: re.Match[str]) -> str:
    return re.sub(r"\s", "", m.group(0))


def labelled_number(
    labels: Sequence[str], shape: str, render: Callable[[re.Match[str]], str] = _compact
) -> NumberReader:
    """A document number printed as ``shape`` after (or beside, or under) one of
    ``labels``; ``render`` makes the value of the match (spaces dropped by default)."""
    value = re.compile(shape)

    def read(lines: Sequence[Line]) -> Field | None:
        for line in lines:
            span = label_span(line, labels)
            if span is None:
                continue
            for value_line, start in label_values(lines, line, span[1]):
                m = value.search(value_line.text, start)
                if m:
                    return span_to_field(value_line, *m.span(), render(m))
        return None

    return read


def read_poa(lines: Sequence[Line], parts: PoaParts) -> dict[str, Field]:
    """The shared reading of a proof-of-address document, with the type's own parts."""
    fields: dict[str, Field] = {}
    name = parts.person(lines) if parts.person else read_name(lines)
    if name is not None:
        fields["name"] = name.field
    address = read_address(lines, name)
    if address is not None:
        fields["address"] = address.field
        if name is None and (name := addressee_under(lines, address)) is not None:
            fields["name"] = name.field
    issued = read_issue_date(lines)
    if issued is not None:
        fields["issue_date"] = issued
    issuer = parts.issuer(lines) if parts.issuer else shaped_issuer(lines, parts.issuers)
    if issuer is not None:
        fields["issuer"] = issuer
    number = parts.number(lines) if parts.number else None
    if number is not None:
        fields["document_number"] = number
    return fields
