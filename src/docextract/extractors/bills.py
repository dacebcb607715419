"""Utility bills (公共料金の領収証 / お知らせ), JAPAN.md §5."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docextract._context import Field, Line
from docextract.extractors import extractor
from docextract.extractors.common import (
    PREF_ALT,
    address_field,
    date_to_field,
    lines_with_label,
    span_to_field,
)
from docextract.text.dates import find_dates
from docextract.text.normalize import fold_text

_HONORIFIC = re.compile(r"(.+?)\s*(?:様|殿)\s*$")
_NOT_A_PERSON = re.compile(r"株式会社|有限会社|御中|局|組合|協会|センター")
_ISSUER = re.compile(
    r"[^\s]*?(?:株式会社|有限会社|上下水道局|水道局|水道部|企業局|ガス局|[^\s]*公社)[^\s]*"
)
_ISSUER_HINT = re.compile(r"電力|電気|ガス|瓦斯|水道|エネルギー|ENERGY|POWER", re.IGNORECASE)
_ADDRESS_HINT = re.compile(rf"〒|{PREF_ALT}|[市区町村郡].*\d")
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
