"""日本国旅券, the data page (JAPAN.md §1.3): the MRZ, checked against the visual zone.

Name, birth date, expiry date and number come from the MRZ, whose check digits say
whether they were read right (text/mrz.py); the printed visual zone confirms them.
Issue date and issuing authority are printed only in the visual zone. A value is
trusted (``CHECKED_CONFIDENCE``) only when its check digit holds and the visual zone
does not contradict it; the name, which has no check digit, only when the visual zone
shows it. Anything else keeps its value with a confidence lowered by
``FAILED_CHECK_FACTOR``, so the rules send it to review instead of deciding on it.

The visual zone is read by its labels (``Date of birth`` over ``07 NOV 1986``) where
the OCR kept them; a phone photo often loses the small label print, so values are also
recognised by matching what the MRZ says.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from docextract._context import BBox, Field, Line
from docextract.extractors import extractor
from docextract.extractors.common import (
    FAILED_CHECK_FACTOR,
    REPAIRED_FACTOR,
    find_label,
    span_to_field,
)
from docextract.text import mrz
from docextract.text.dates import DateMatch, find_dates
from docextract.text.normalize import fold_text

# A value whose check digit holds and which the visual zone does not contradict: the
# trust reread.fields.v1 gives a value two independent reads agree on.
CHECKED_CONFIDENCE = 0.95
MOFA = "MINISTRY OF FOREIGN AFFAIRS"
# fuzz.partial_ratio at which a read is the ministry's name with glyphs misread: a
# blurred photo variant read "MINISTRY (Me OF FOREIGN AFFAIRS" (85); embassy and
# consulate wordings of passports issued abroad score 40-45 against it.
AUTHORITY_MIN_SIMILARITY = 80
# A value stands under its label, and the nearest line below in its column is taken
# first: on the fixtures a value's top is 1.2-2.1 label heights below its label's; 3
# keeps the looser rows of a phone photo in reach.
LABEL_REACH_HEIGHTS = 3.0

_DATE_LABELS = {
    "birth_date": ("Date of birth", "生年月日"),
    "issue_date": ("Date of issue", "発行年月日"),
    "expiry_date": ("Date of expiry", "有効期間満了日"),
}
_SURNAME_LABELS = ("Surname",)
_GIVEN_LABELS = ("Given name",)
_NUMBER_LABELS = ("Passport No",)
_AUTHORITY_LABELS = ("Authority", "発行官庁")
_LATIN_NAME = re.compile(r"[A-Z]+(?: [A-Z]+)*")
_LATIN_AUTHORITY = re.compile(r"[A-Z][A-Z .,'-]*[A-Z.]")
# Japan's number shape (JAPAN.md §1.3), to find the printed number without its label.
_JPN_NUMBER = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{7}(?![A-Z0-9])")


@dataclass(frozen=True)
class _Value:
    """A value read in the visual zone, with its field (confidence and box)."""

    text: str
    field: Field


def _height(line: Line) -> float:
    return float(statistics.median(w.bbox[3] for w in line.words))


def _under(label: Line, lines: Sequence[Line]) -> list[Line]:
    """Lines in the label's column below it, nearest first."""
    x0, x1 = label.bbox[0], label.bbox[0] + label.bbox[2]
    reach = LABEL_REACH_HEIGHTS * _height(label)
    found = [
        line
        for line in lines
        if line.page == label.page
        and 0 < line.bbox[1] - label.bbox[1] <= reach + label.bbox[3]
        and line.bbox[0] < x1
        and line.bbox[0] + line.bbox[2] > x0
        and abs(line.bbox[0] - x0) <= 2 * _height(label)
    ]
    return sorted(found, key=lambda ln: ln.bbox[1])


def _labelled(lines: Sequence[Line], labels: Sequence[str]) -> list[Line]:
    """Lines under a label line (the label may also start the value's own line)."""
    found: list[Line] = []
    for line in lines:
        if find_label(line, labels) is not None:
            found += [line, *_under(line, lines)]
    return found


def _whole_line(line: Line) -> _Value:
    value = fold_text(line.text)
    return _Value(value, span_to_field(line, 0, len(line.text), value))


def _latin_value(
    lines: Sequence[Line], labels: Sequence[str], shape: re.Pattern[str] = _LATIN_NAME
) -> _Value | None:
    """The upper-case Latin value under one of ``labels`` (a name, the authority)."""
    for line in _labelled(lines, labels):
        if find_label(line, labels) is not None:
            continue
        m = shape.fullmatch(fold_text(line.text))
        if m:
            return _Value(m.group(0), span_to_field(line, 0, len(line.text), m.group(0)))
    return None


def _dates(lines: Sequence[Line]) -> list[tuple[Line, DateMatch]]:
    return [(line, m) for line in lines for m in find_dates(line.text)]


def _labelled_date(lines: Sequence[Line], key: str) -> tuple[Line, DateMatch] | None:
    others = [labels for k, labels in _DATE_LABELS.items() if k != key]
    for line in _labelled(lines, _DATE_LABELS[key]):
        if any(find_label(line, labels) is not None for labels in others):
            continue  # the label of a neighbouring date in the same column
        dates = find_dates(line.text)
        if dates:
            return line, dates[0]
    return None


def _date_value(line: Line, match: DateMatch) -> _Value:
    value = match.value.isoformat()
    return _Value(value, span_to_field(line, match.start, match.end, value))


def _mrz_box(line: Line, start: int, end: int) -> BBox:
    """The box of ``line.text[start:end]`` in an MRZ line: the glyphs are evenly spaced."""
    x, y, w, h = line.bbox
    per_glyph = w / max(len(line.text), 1)
    return (x + int(start * per_glyph), y, int((end - start) * per_glyph), h)


def _from_mrz(
    value: str,
    *,
    valid: bool,
    repaired: bool,
    line: Line,
    span: tuple[int, int],
    visual: _Value | None,
) -> Field:
    """A field read in the MRZ, weighed by its check and the visual zone's reading.

    The box is the visual zone's when it agrees (where a reviewer looks for the value).
    """
    agrees = visual is not None and visual.text == value
    if not valid or (visual is not None and not agrees):
        confidence = line.conf * FAILED_CHECK_FACTOR
    elif repaired and not agrees:
        confidence = CHECKED_CONFIDENCE * REPAIRED_FACTOR
    else:
        confidence = CHECKED_CONFIDENCE
    if agrees and visual is not None:
        return Field(value, confidence, visual.field.page, visual.field.bbox)
    return Field(value, confidence, line.page, _mrz_box(line, *span))


def _birth(td3: mrz.TD3, visual_dates: Sequence[dt.date]) -> dt.date | None:
    """The MRZ birth date; its century from the visual zone when a printed date has it."""
    for printed in visual_dates:
        if printed.strftime("%y%m%d") == td3.birth.value:
            return printed
    return mrz.birth_date(td3.birth.value, dt.date.today())


def _visual_name(lines: Sequence[Line], td3: mrz.TD3 | None) -> _Value | None:
    """The printed ``SURNAME GIVEN NAMES``: from its labels, else the lines the MRZ names."""
    surname = _latin_value(lines, _SURNAME_LABELS)
    given = _latin_value(lines, _GIVEN_LABELS)
    if td3 is not None:
        by_text = {fold_text(line.text): line for line in lines}
        if surname is None and td3.surname in by_text:
            surname = _whole_line(by_text[td3.surname])
        if given is None and td3.given_names in by_text:
            given = _whole_line(by_text[td3.given_names])
    if surname is None or given is None:
        return None
    text = f"{surname.text} {given.text}"
    confidence = min(surname.field.confidence, given.field.confidence)
    return _Value(text, Field(text, confidence, surname.field.page, surname.field.bbox))


def _visual_number(lines: Sequence[Line]) -> _Value | None:
    for line in [*_labelled(lines, _NUMBER_LABELS), *lines]:
        m = _JPN_NUMBER.search(line.text)
        if m:
            return _Value(m.group(0), span_to_field(line, *m.span(), m.group(0)))
    return None


def _authority(lines: Sequence[Line]) -> Field | None:
    """発行官庁: the ministry's name wherever it stands (a few glyphs misread or stray
    marks around it tolerated), else the value under the Authority label as read."""
    for line in lines:
        text = line.text.upper()
        if len(text) < len(MOFA) - 2:
            continue  # a part of the name ("MINISTRY") would align perfectly
        alignment = fuzz.partial_ratio_alignment(MOFA, text)
        if alignment is None or alignment.score < AUTHORITY_MIN_SIMILARITY:
            continue
        start, end = alignment.dest_start, alignment.dest_end
        field = span_to_field(line, start, end, MOFA)
        if text[start:end] == MOFA:
            return field
        return Field(MOFA, field.confidence * REPAIRED_FACTOR, field.page, field.bbox)
    value = _latin_value(lines, _AUTHORITY_LABELS, _LATIN_AUTHORITY)
    return value.field if value is not None else None


@extractor("passport")
def passport_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """The data page of a passport: MRZ fields checked against the visual zone."""
    found = mrz.find_td3([line.text for line in lines])
    td3 = found[1] if found else None
    mrz_lines = (lines[found[0]], lines[found[0] + 1]) if found else None
    visual = [line for line in lines if mrz_lines is None or line not in mrz_lines]
    fields: dict[str, Field] = {}

    all_dates = _dates(visual)
    labelled = {key: _labelled_date(visual, key) for key in _DATE_LABELS}
    printed = {key: _date_value(*hit) if hit else None for key, hit in labelled.items()}
    birth = _birth(td3, [m.value for _, m in all_dates]) if td3 else None
    expiry = mrz.expiry_date(td3.expiry.value) if td3 else None
    # Without labels, a printed date is the one the MRZ names.
    for key, mrz_value in (("birth_date", birth), ("expiry_date", expiry)):
        if printed[key] is None and mrz_value is not None:
            same = [(ln, m) for ln, m in all_dates if m.value == mrz_value]
            printed[key] = _date_value(*same[0]) if same else None

    if td3 is not None and mrz_lines is not None:
        line1, line2 = mrz_lines
        composite_ok = td3.composite.valid
        visual_name = _visual_name(visual, td3)
        if td3.surname:
            fields["name"] = _from_mrz(
                td3.name,
                valid=visual_name is not None,
                repaired=bool(td3.name_repairs),
                line=line1,
                span=(5, 5 + len(td3.surname) + 2 + len(td3.given_names)),
                visual=visual_name,
            )
        number_visual = _visual_number(visual)
        if td3.document_number:
            fields["document_number"] = _from_mrz(
                td3.document_number,
                valid=td3.number.valid and composite_ok,
                repaired=bool(td3.number.repairs),
                line=line2,
                span=(0, 9),
                visual=number_visual,
            )
        for key, value, checked, span in (
            ("birth_date", birth, td3.birth, (13, 19)),
            ("expiry_date", expiry, td3.expiry, (21, 27)),
        ):
            if value is None:
                continue
            fields[key] = _from_mrz(
                value.isoformat(),
                valid=checked.valid and composite_ok,
                repaired=bool(checked.repairs),
                line=line2,
                span=span,
                visual=printed[key],
            )
    else:
        name = _visual_name(visual, None)
        if name is not None:
            fields["name"] = name.field
        number = _visual_number(visual)
        if number is not None:
            fields["document_number"] = number.field
    for key in ("birth_date", "expiry_date"):
        seen = printed[key]
        if key not in fields and seen is not None:
            fields[key] = seen.field

    issue = printed["issue_date"]
    if issue is None:
        # Unlabelled: the printed date that is neither the birth nor the expiry date.
        known = {f.value for k, f in fields.items() if k in ("birth_date", "expiry_date")}
        rest = [(ln, m) for ln, m in all_dates if m.value.isoformat() not in known]
        issue = _date_value(*rest[0]) if len(rest) == 1 else None
    if issue is not None:
        fields["issue_date"] = issue.field
    authority = _authority(visual)
    if authority is not None:
        fields["issuer"] = authority
    if "name" in fields:
        fields["name_latin"] = fields["name"]
    return fields
