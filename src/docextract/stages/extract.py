"""extract: lines of text to fields, one extractor per document type.

Extractors anchor on the printed labels (氏名, 住所, 交付, …) rather than on positions, so
they hold across layouts, scan resolutions and crops. Each field keeps the confidence of
the words it came from, lowered when a check (a check digit, a date that parses) fails.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from docextract._context import DocContext, Field, Line, Word
from docextract._pipeline import stage
from docextract.stages.ocr import union_boxes
from docextract.text.dates import DateMatch, find_dates
from docextract.text.normalize import PREFECTURES, fold_text
from docextract.text.numbers import is_valid_dl_number

Extractor = Callable[[Sequence[Line]], dict[str, Field]]
EXTRACTORS: dict[str, Extractor] = {}

# A label counts as found when fuzz.partial_ratio reaches this: one misread glyph in a
# two-glyph label (氏名 → 民名) scores 50, so two-glyph labels must match exactly.
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


def span_to_field(line: Line, start: int, end: int, value: str, *, check: bool = True) -> Field:
    """A field for ``line.text[start:end]`` with the confidence and box of its words."""
    words = line.span_to_words(start, end) or line.words
    conf = statistics.fmean(w.conf for w in words) * (1.0 if check else FAILED_CHECK_FACTOR)
    return Field(value=value, confidence=conf, page=line.page,
                 bbox=union_boxes([w.bbox for w in words]))


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
    gaps = [b.bbox[0] - (a.bbox[0] + a.bbox[2]) for a, b in zip(words, words[1:], strict=False)]
    threshold = 0.5 * height if len(gaps) == 1 else max(0.5 * height,
                                                        1.6 * statistics.median(gaps))
    out = texts[0]
    for gap, text in zip(gaps, texts[1:], strict=True):
        out += (" " if gap > threshold else "") + text
    return out


_NAME_CHARS = re.compile(r"[^\s0-9０-９:：()（）\[\]]+(?:\s+[^\s0-9０-９:：()（）\[\]]+)*")


def value_after(line: Line, start: int, stop_at: str = "") -> tuple[int, int] | None:
    """Span of the value text after a label, up to ``stop_at`` (a regex) if given."""
    rest = line.text[start:]
    if stop_at:
        m = re.search(stop_at, rest)
        if m:
            rest = rest[: m.start()]
    lead = len(rest) - len(rest.lstrip(" :："))
    body = rest.strip(" :：")
    if not body:
        return None
    return start + lead, start + lead + len(body)


_ERA_OR_DIGIT = r"(?:明治|大正|昭和|平成|令和|[0-9]{1,4}\s*年|生年月日)"
_PREF_ALT = "|".join(PREFECTURES)
_ISSUER_PSC = re.compile(rf"((?:{_PREF_ALT}|[一-龥]{{2,4}}方面))\s*公\s*安\s*委\s*員\s*会")
_DL_NUMBER = re.compile(r"第?\s*((?:\d\s*){12})\s*号?")


def name_field(line: Line, start: int, end: int) -> Field | None:
    words = line.span_to_words(start, end)
    if not words:
        return None
    # The label's own glyphs can share a word with the name's first glyph; trim by text.
    name = words_to_name(words)
    label_part = line.text[line.spans[line.words.index(words[0])][0] : start]
    if label_part and name.startswith(label_part.replace(" ", "")):
        name = name[len(label_part.replace(" ", "")) :].lstrip()
    name = fold_text(name)
    if not name:
        return None
    return span_to_field(line, start, end, name)


@extractor("drivers_license")
def drivers_license_fields(lines: Sequence[Line]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    for line, start in lines_with_label(lines, ["氏名"]):
        span = value_after(line, start, stop_at=_ERA_OR_DIGIT)
        if span and "name" not in fields:
            name = name_field(line, *span)
            if name:
                fields["name"] = name
        for match in find_dates(line.text):
            if "birth_date" not in fields:
                fields["birth_date"] = date_to_field(line, match)
    if "birth_date" not in fields:
        for line in lines:
            for match in find_dates(line.text):
                if line.text[match.end : match.end + 2].strip().startswith("生"):
                    fields.setdefault("birth_date", date_to_field(line, match))
    for line, start in lines_with_label(lines, ["住所"]):
        span = value_after(line, start)
        if span and "address" not in fields:
            fields["address"] = span_to_field(line, *span, fold_text(line.text[slice(*span)]))
    for line, start in lines_with_label(lines, ["交付"]):
        dates = find_dates(line.text[start:])
        if dates and "issue_date" not in fields:
            fields["issue_date"] = date_to_field(line, dates[0], start)
    for line, _ in lines_with_label(lines, ["まで有効", "有効期限", "有効"]):
        dates = find_dates(line.text)
        if dates and "expiry_date" not in fields:
            fields["expiry_date"] = date_to_field(line, dates[-1])
    for line in lines:
        m = _ISSUER_PSC.search(line.text)
        if m and "issuer" not in fields:
            fields["issuer"] = span_to_field(line, *m.span(), re.sub(r"\s", "", m.group(0)))
    for line, start in lines_with_label(lines, ["番号", "第"]):
        m = _DL_NUMBER.search(line.text, start - 1 if start else 0)
        if m and "document_number" not in fields:
            number = re.sub(r"\s", "", m.group(1))
            fields["document_number"] = span_to_field(
                line, *m.span(1), number, check=is_valid_dl_number(number)
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
        entries.append((when, span_to_field(line, *span, fold_text(line.text[slice(*span)]))))
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
_POA_ISSUE_LABELS = ("領収日", "領収年月日", "発行日", "発行年月日", "作成日", "ご請求日", "請求日")
_NAME_LABELS = re.compile(r"^(?:お客さま名|お客様名|ご契約者名|契約者名|お名前|氏名)\s*[:：]?\s*")
_ADDRESS_LABELS = re.compile(
    r"^(?:ご使用場所|ご住所|お客さま住所|お客様住所|供給場所|住所|所在地)\s*[:：]?\s*"
)
_POSTAL = re.compile(r"〒\s*\d{3}\s*-?\s*\d{4}\s*")
_CUSTOMER_NUMBER = re.compile(r"(?:お客さま番号|お客様番号|お客さまID)\s*[:：]?\s*([0-9][0-9\- ]{4,}[0-9])")


@extractor("utility_bill")
def utility_bill_fields(lines: Sequence[Line]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    name_index = None
    for i, line in enumerate(lines):
        m = _HONORIFIC.match(line.text)
        if m and not _NOT_A_PERSON.search(m.group(1)):
            label = _NAME_LABELS.match(m.group(1))
            start = m.start(1) + (label.end() if label else 0)
            fields["name"] = span_to_field(line, start, m.end(1), fold_text(line.text[start:m.end(1)]))
            name_index = i
            break
    candidates = []
    for i, line in enumerate(lines):
        if _ADDRESS_HINT.search(line.text) and not _NOT_CUSTOMER_ADDRESS.search(line.text):
            text = _POSTAL.sub("", _ADDRESS_LABELS.sub("", line.text)).strip()
            start = line.text.find(text) if text else -1
            if start >= 0 and len(text) >= 6:
                distance = abs(i - name_index) if name_index is not None else i
                candidates.append((distance, line, start, text))
    if candidates:
        _, line, start, text = min(candidates, key=lambda c: c[0])
        fields["address"] = span_to_field(line, start, start + len(text), fold_text(text))
    for line, start in lines_with_label(lines, _POA_ISSUE_LABELS):
        dates = find_dates(line.text[start:])
        if dates:
            fields["issue_date"] = date_to_field(line, dates[0], start)
            break
    issuers = [(bool(_ISSUER_HINT.search(line.text)), -i, line, m)
               for i, line in enumerate(lines) for m in [_ISSUER.search(line.text)] if m]
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
