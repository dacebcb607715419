"""extract: lines of text to fields, one extractor per document type.

Extractors anchor on the printed labels (氏名, 住所, 交付, …) rather than on positions, so
they hold across layouts, scan resolutions and crops. Each field keeps the confidence of
the words it came from, lowered when a check (a check digit, a date that parses) fails.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from docextract._context import DocContext, Field, Line, Word
from docextract._pipeline import stage
from docextract.stages.ocr import same_row, union_boxes
from docextract.text.dates import DateMatch, add_months, find_dates
from docextract.text.normalize import PREFECTURES, fold_text
from docextract.text.numbers import is_valid_dl_number

Extractor = Callable[[Sequence[Line]], dict[str, Field]]
EXTRACTORS: dict[str, Extractor] = {}

# A label of three or more glyphs counts as found when fuzz.partial_ratio reaches this
# (one misread glyph in 5). Two-glyph labels score 50 with one glyph wrong, so they are
# matched by position instead: at the start of a row, one of the two glyphs right.
LABEL_MIN_SIMILARITY = 80
# Confidence multiplier for a value whose built-in check failed (e.g. check digit): it is
# still shown to the reviewer, but too weak for the rules to approve on.
FAILED_CHECK_FACTOR = 0.4


def extractor(document_type: str) -> Callable[[Extractor], Extractor]:
    def register(func: Extractor) -> Extractor:
        EXTRACTORS[document_type] = func
        return func

    return register


def find_label(line: Line, labels: Sequence[str]) -> tuple[int, int] | None:
    """Span of the first of ``labels`` in the line (spaces inside the label tolerated)."""
    for label in labels:
        pattern = r"\s*".join(map(re.escape, label))
        m = re.search(pattern, line.text)
        if m:
            return m.span()
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


def span_to_field(line: Line, start: int, end: int, value: str, *, check: bool = True) -> Field:
    """A field for ``line.text[start:end]`` with the confidence and box of its words."""
    words = line.span_to_words(start, end) or line.words
    conf = statistics.fmean(w.conf for w in words) * (1.0 if check else FAILED_CHECK_FACTOR)
    return Field(
        value=value, confidence=conf, page=line.page, bbox=union_boxes([w.bbox for w in words])
    )


def date_to_field(line: Line, match: DateMatch, offset: int = 0) -> Field:
    return span_to_field(line, offset + match.start, offset + match.end, match.value.isoformat())


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


_PREF_ALT = "|".join(PREFECTURES)
_ISSUER_PSC = re.compile(rf"((?:{_PREF_ALT}|[一-龥]{{2,4}}方面))\s*公\s*安\s*委\s*員\s*会")
_DL_NUMBER = re.compile(r"(?<!\d)((?:\d\s*){11}\d)(?!\d)")


def label_column_edge(lines: Sequence[Line], labels: Sequence[str]) -> int | None:
    """x where values start on a card with a label column (氏名, 住所, 交付, 番号 …).

    Measured on the rows whose label was read exactly; rows whose label Tesseract
    misread (入所 for 住所) then still split into label and value at the same x.
    """
    starts = []
    for line, offset in lines_with_label(lines, labels):
        after = [w for w, (a, _) in zip(line.words, line.spans, strict=True) if a >= offset]
        if after:
            starts.append(after[0].bbox[0])
    return int(statistics.median(starts)) if starts else None


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


_DL_LABELS = ("氏名", "住所", "交付", "番号")
# An era name with one glyph misread (店和 for 昭和): the surviving glyph narrows it down.
_ERA_MISREAD = re.compile(r"(?<![明大昭平令])[^\s\d明大昭平令]([和成正治])(?=\s*\d{1,2}\s*年)")
_ERAS_BY_GLYPH = {"和": ("昭和", "令和"), "成": ("平成",), "正": ("大正",), "治": ("明治",)}
# Licences are issued from age 16 (原付): a birth date later than that is impossible.
MIN_LICENCE_AGE_YEARS = 16
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


_ADDRESS_START = re.compile(rf"(?:{_PREF_ALT}|[一-龥]{{1,5}}[市区町村郡])")


@extractor("drivers_license")
def drivers_license_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """Front of a 運転免許証 (JAPAN.md §1.1): name and birth date share the first row."""
    fields: dict[str, Field] = {}
    edge = label_column_edge(lines, _DL_LABELS)
    birth_row = None
    latest_birth = add_months(dt.date.today(), -12 * MIN_LICENCE_AGE_YEARS)
    for i, line in enumerate(lines):
        births = [m for m in find_dates(line.text) if is_birth_date(line, m)]
        factor = 1.0
        if not births:
            repaired = repair_birth_era(line, latest_birth)
            births = [repaired] if repaired else []
            factor = REPAIRED_FACTOR
        if births:
            birth = date_to_field(line, births[0])
            fields["birth_date"] = replace(birth, confidence=birth.confidence * factor)
            birth_row = i
            name = name_left_of(lines, line, births[0].start, edge)
            if name is not None:
                fields["name"] = name
            break
    after_name = lines[birth_row + 1 :] if birth_row is not None else lines
    for line in after_name:
        words = value_words(line, edge)
        if not words:
            continue
        span = words_to_span(line, words)
        field = address_field(line, *span)
        if _ADDRESS_START.match(field.value) and re.search(r"\d|丁目|番", field.value):
            fields["address"] = field
            break
    for line in lines:
        dates = find_dates(line.text)
        if not dates:
            continue
        if "expiry_date" not in fields and re.search(r"まで|有効", line.text):
            fields["expiry_date"] = date_to_field(line, dates[-1])
        elif "issue_date" not in fields and find_label(line, ["交付"]) is not None:
            fields["issue_date"] = date_to_field(line, dates[0])
    for line in lines:
        m = _ISSUER_PSC.search(line.text)
        if m and "issuer" not in fields:
            fields["issuer"] = span_to_field(line, *m.span(), re.sub(r"\s", "", m.group(0)))
        n = _DL_NUMBER.search(line.text)
        if n and "document_number" not in fields:
            number = re.sub(r"\s", "", n.group(1))
            fields["document_number"] = span_to_field(
                line, *n.span(1), number, check=is_valid_dl_number(number)
            )
    return fields


@extractor("drivers_license_back")
def drivers_license_back_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """The latest dated address-change entry of the 備考 area, which supersedes the front."""
    entries: list[tuple[str, Field]] = []
    for line, start in lines_with_label(lines, ["住所"]):
        span = value_after(line, start)
        dates = find_dates(line.text[:start])
        if span is None:
            continue
        when = dates[-1].value.isoformat() if dates else ""
        entries.append((when, address_field(line, *span)))
    if not entries:
        return {}
    # Undated entries sort first: a dated entry is the better evidence of being latest.
    return {"address": max(entries, key=lambda e: e[0])[1]}


_HONORIFIC = re.compile(r"(.+?)\s*(?:様|殿)\s*$")
_NOT_A_PERSON = re.compile(r"株式会社|有限会社|御中|局|組合|協会|センター")
_ISSUER = re.compile(
    r"[^\s]*?(?:株式会社|有限会社|上下水道局|水道局|水道部|企業局|ガス局|[^\s]*公社)[^\s]*"
)
_ISSUER_HINT = re.compile(r"電力|電気|ガス|瓦斯|水道|エネルギー|ENERGY|POWER", re.IGNORECASE)
_ADDRESS_HINT = re.compile(rf"〒|{_PREF_ALT}|[市区町村郡].*\d")
_NOT_CUSTOMER_ADDRESS = re.compile(r"TEL|電話|FAX|株式会社|局|受付|https?:|www\.", re.IGNORECASE)
POA_ISSUE_LABELS = ("領収日", "領収年月日", "発行日", "発行年月日", "作成日", "ご請求日", "請求日")
_NAME_LABELS = re.compile(r"^(?:お客さま名|お客様名|ご契約者名|契約者名|お名前|氏名)\s*[:：]?\s*")
_ADDRESS_LABELS = re.compile(
    r"^(?:ご使用場所|ご住所|お客さま住所|お客様住所|供給場所|住所|所在地)\s*[:：]?\s*"
)
_POSTAL = re.compile(r"〒\s*\d{3}\s*-?\s*\d{4}\s*")
_POSTAL_BARE = re.compile(r"\d{3}-\d{4}")
_CUSTOMER_NUMBER = re.compile(
    r"(?:お客さま番号|お客様番号|お客さまID)\s*[:：]?\s*([0-9][0-9\- ]{4,}[0-9])"
)


@extractor("utility_bill")
def utility_bill_fields(lines: Sequence[Line]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    name_index = None
    for i, line in enumerate(lines):
        m = _HONORIFIC.match(line.text)
        if m and not _NOT_A_PERSON.search(m.group(1)):
            label = _NAME_LABELS.match(m.group(1))
            start = m.start(1) + (label.end() if label else 0)
            fields["name"] = span_to_field(
                line, start, m.end(1), fold_text(line.text[start : m.end(1)])
            )
            name_index = i
            break
    candidates = []
    for i, line in enumerate(lines):
        if _ADDRESS_HINT.search(line.text) and not _NOT_CUSTOMER_ADDRESS.search(line.text):
            text = _POSTAL.sub("", _ADDRESS_LABELS.sub("", line.text)).strip()
            start = line.text.find(text) if text else -1
            # An address has a block number beside its postal code (〒 already removed).
            has_block = re.search(r"\d", _POSTAL_BARE.sub("", text)) or "丁目" in text
            if start >= 0 and len(text) >= 6 and has_block:
                distance = abs(i - name_index) if name_index is not None else i
                candidates.append((distance, line, start, text))
    if candidates:
        _, line, start, text = min(candidates, key=lambda c: c[0])
        fields["address"] = address_field(line, start, start + len(text))
    for line, start in lines_with_label(lines, POA_ISSUE_LABELS):
        dates = find_dates(line.text[start:])
        if dates:
            fields["issue_date"] = date_to_field(line, dates[0], start)
            break
    issuers = [
        (bool(_ISSUER_HINT.search(line.text)), -i, line, m)
        for i, line in enumerate(lines)
        for m in [_ISSUER.search(line.text)]
        if m
    ]
    if issuers:
        _, _, line, m = max(issuers, key=lambda c: (c[0], c[1]))
        fields["issuer"] = span_to_field(line, *m.span(), fold_text(m.group(0)))
    for line in lines:
        m = _CUSTOMER_NUMBER.search(line.text)
        if m:
            fields["document_number"] = span_to_field(line, *m.span(1), m.group(1).replace(" ", ""))
            break
    return fields


@stage("extract.fields.v1", requires=("lines", "document_type"), provides=("fields",))
def extract(ctx: DocContext) -> DocContext:
    """Read the fields of the classified document type (none when no extractor exists)."""
    func = EXTRACTORS.get(ctx.document_type or "")
    ctx.fields = func(ctx.lines) if func else {}
    return ctx
