"""運転免許証 front and back (JAPAN.md §1.1)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from docextract._context import Field, Line
from docextract.extractors import extractor
from docextract.extractors.cards import latest_of, public_safety_commission
from docextract.extractors.common import (
    ADDRESS_START,
    PREF_ALT,
    address_field,
    date_to_field,
    find_dates_tolerant,
    find_label,
    is_birth_date,
    label_column_edge,
    lines_with_label,
    name_left_of,
    repair_birth_era,
    span_to_field,
    value_after,
    value_words,
    words_to_span,
)
from docextract.text.dates import add_months
from docextract.text.numbers import is_valid_dl_number

_ISSUER_PSC = re.compile(rf"((?:{PREF_ALT}|[一-龥]{{2,4}}方面))\s*公\s*安\s*委\s*員\s*会")
_DL_NUMBER = re.compile(r"(?<!\d)((?:\d\s*){11}\d)(?!\d)")
_DL_LABELS = ("氏名", "住所", "交付", "番号")
# The 交付 row prints a 5-6 digit number after the date (照会番号, JAPAN.md §1.1): that row
# is the issue date's even when its label was not read.
_INQUIRY_NUMBER = re.compile(r"^\s*\d{5,6}(?!\d)")
# Licences are issued from age 16 (原付): a birth date later than that is impossible.
MIN_LICENCE_AGE_YEARS = 16


@extractor("drivers_license")
def drivers_license_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """Front of a 運転免許証 (JAPAN.md §1.1): name and birth date share the first row."""
    fields: dict[str, Field] = {}
    edge = label_column_edge(lines, _DL_LABELS)
    birth_row = None
    latest_birth = add_months(dt.date.today(), -12 * MIN_LICENCE_AGE_YEARS)
    for i, line in enumerate(lines):
        births = [
            (m, fixed) for m, fixed in find_dates_tolerant(line.text) if is_birth_date(line, m)
        ]
        if not births and (era_fixed := repair_birth_era(line, latest_birth)) is not None:
            births = [(era_fixed, True)]
        if births:
            fields["birth_date"] = date_to_field(line, births[0][0], repaired=births[0][1])
            birth_row = i
            name = name_left_of(lines, line, births[0][0].start, edge)
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
        if (
            ADDRESS_START.match(field.value)
            and re.search(r"\d|丁目|番", field.value)
            and not _ISSUER_PSC.search(field.value)
        ):
            fields["address"] = field
            break
    for line in lines:
        dates = find_dates_tolerant(line.text)
        if not dates:
            continue
        if "expiry_date" not in fields and re.search(r"まで|有効", line.text):
            fields["expiry_date"] = date_to_field(line, dates[-1][0], repaired=dates[-1][1])
        elif "issue_date" not in fields and (
            find_label(line, ["交付"]) is not None
            or _INQUIRY_NUMBER.match(line.text[dates[0][0].end :])
        ):
            fields["issue_date"] = date_to_field(line, dates[0][0], repaired=dates[0][1])
    issuer = public_safety_commission(lines)
    if issuer is not None:
        fields["issuer"] = issuer
    for line in lines:
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
        dates = [m for m, _ in find_dates_tolerant(line.text[:start])]
        if span is None:
            continue
        when = dates[-1].value.isoformat() if dates else ""
        entries.append((when, address_field(line, *span)))
    return latest_of(entries)
