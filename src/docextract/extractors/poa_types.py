"""Each proof-of-address type's own parts (JAPAN.md §5), and the look-alikes.

The reading itself is shared (bills.read_poa); a type only says what its issuer looks
like, where its document number is, and, for a 住民票, which listed person it is for.
The look-alikes (shop receipt, mobile phone bill, order confirmation) are never accepted
(the rules reject their type first); they are read so a reviewer sees what they say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docextract._context import Field, Line
from docextract.extractors import extractor
from docextract.extractors.bills import (
    NAME_CHARS,
    NumberReader,
    PoaParts,
    issuer_pattern,
    labelled_issuer,
    labelled_number,
    read_poa,
    shaped_issuer,
)
from docextract.extractors.common import CJK, REPAIRED_FACTOR, span_to_field
from docextract.extractors.poa_layout import (
    above,
    below,
    beside,
    join_fields,
    label_span,
    label_values,
)
from docextract.extractors.poa_names import Found, name_at
from docextract.text.gazetteer import municipality_at_start

COMPANY = re.compile(rf"{NAME_CHARS}*?(?:株式会社|有限会社|合同会社){NAME_CHARS}*")
UTILITY_BUREAU = issuer_pattern("上下水道局|水道局|水道部|企業局|ガス局|公社")
BANK = issuer_pattern("銀行|信用金庫|信用組合|労働金庫|農業協同組合")
# A municipality's head signs its certificates: 千代田区長, 広島市中区長, 札幌市長 (the
# person's name after the title is not part of the issuer).
MUNICIPAL_HEAD = issuer_pattern("[都道府県市区町村]長")
TAX_OFFICE = issuer_pattern("税務署|[都道府県]税事務所")
PENSION = re.compile("日本年金機構")
INSURER = issuer_pattern("健康保険組合|全国健康保険協会|共済組合")
STORE = re.compile(rf"^{NAME_CHARS}+店$")


def shaped_number(shape: str) -> NumberReader:
    """A number recognised by its shape alone (group 1 of ``shape``), wherever printed."""
    pattern = re.compile(shape)

    def read(lines: Sequence[Line]) -> Field | None:
        for line in lines:
            m = pattern.search(line.text)
            if m:
                return span_to_field(line, *m.span(1), re.sub(r"\s", "", m.group(1)))
        return None

    return read


# Statements print the card number masked but for its last four digits; OCR reads the
# mask glyphs as anything (※, ポ, ー), so the masked groups are rebuilt, not read. A
# number printed in full does not match: it is not collected.
MASKED_CARD_NUMBER = labelled_number(
    ("カード番号",),
    r"[^\d\s]{3}\D*?(?<!\d)(\d{4})(?!\d)",
    lambda m: f"****-****-****-{m.group(1)}",
)


# --- health insurance card: 被保険者等記号・番号 ------------------------------------

_SYMBOL_VALUE = re.compile(r"[^\s・番(]+")
# 番号 of the insured, not 保険者番号 (the insurer's) nor 枝番.
_NUMBER_LABEL = re.compile(r"(?<![者険])番号")


def _value_after(lines: Sequence[Line], line: Line, end: int) -> Field | None:
    for value_line, start in label_values(lines, line, end):
        m = _SYMBOL_VALUE.match(value_line.text, start)
        if m:
            return span_to_field(value_line, *m.span(), m.group(0))
    return None


def insured_number(lines: Sequence[Line]) -> Field | None:
    """記号・番号 of the insured, joined with ・ as cards print it (masked by the report).

    The 記号 label is small and OCR loses it at times: the value left of 番号 on the
    same row is then the 記号.
    """
    for line in lines:
        label = _NUMBER_LABEL.search(line.text)
        if label is None:
            continue
        number = _value_after(lines, line, label.end())
        if number is None:
            continue
        symbol_line = line
        symbol_label = label_span(line, ["記号"])
        if symbol_label is None:
            symbol_line = beside(lines, line, right=False) or line
            symbol_label = label_span(symbol_line, ["記号"])
        found = symbol_label is not None or symbol_line is not line
        start = symbol_label[1] if symbol_label else 0
        symbol = _value_after(lines, symbol_line, start) if found else None
        if symbol is None:
            return number
        joined = join_fields(symbol, number)
        return Field(f"{symbol.value}・{number.value}", joined.confidence, joined.page, joined.bbox)
    return None


# --- health insurance card: the insurer -------------------------------------------

INSURER_LABELS = ("保険者名称", "保険者名")
# A municipality runs the 国民健康保険 of the people living in it (国民健康保険法 §3): the
# insurer is then the municipality (千葉市). Too common a shape (every address) to be
# looked for but after the label.
MUNICIPALITY = issuer_pattern("[市区町村]")
# The only 保険組合 are 健康保険組合 and 国民健康保険組合 (健康保険法 §8, 国民健康保険法
# §13): a society's name read with something else before 保険組合 (関東情報通信穫保険組合)
# had 健康 misread, as one glyph or two.
_SOCIETY = re.compile(rf"({NAME_CHARS}+)保険組合")
# A 国民健康保険 card of a municipality (not of a 国民健康保険組合 of a trade).
_MUNICIPAL_SCHEME = re.compile(r"国民健康保険(?!組合)")


def society_repaired(field: Field) -> Field:
    """A 健康保険組合 whose 健康 was misread, set right; any other insurer as read."""
    m = _SOCIETY.fullmatch(field.value)
    if m is None or m.group(1).endswith("健康"):
        return field
    before = m.group(1)
    # One glyph of 健康 read right (健穫, 穫康) goes with the misread one; else the last
    # glyph stands for both (穫), or for 健 with 康 lost.
    before = before[:-2] if before[-1] == "康" or before[-2:-1] == "健" else before[:-1]
    return Field(
        f"{before}健康保険組合", field.confidence * REPAIRED_FACTOR, field.page, field.bbox
    )


def municipal_insurer(lines: Sequence[Line]) -> Field | None:
    """The municipality a municipal 国民健康保険 card names on its own, where the
    保険者名称 label was lost: in the card's heading (千葉市 国民健康保険) and beside the
    label. Every municipality so printed must be the same one."""
    if not any(_MUNICIPAL_SCHEME.search(line.text) for line in lines):
        return None
    found: dict[str, Field] = {}
    for line in lines:
        for run in re.finditer(f"[{CJK}]+", line.text):
            name = municipality_at_start(run.group(0))
            if name is None:
                continue
            # A kanji after the name continues a place (千葉市中央区富士見: an address).
            end = run.start() + len(name)
            if not re.match(r"[一-龥]", line.text[end : end + 1]):
                found.setdefault(name, span_to_field(line, run.start(), end, name))
    return found.popitem()[1] if len(found) == 1 else None


def health_insurer(lines: Sequence[Line]) -> Field | None:
    """保険者名称's value (a society, 協会, 共済組合 or municipality), else an insurer's name
    printed anywhere, else the municipality a municipal card names."""
    found = (
        labelled_issuer(lines, INSURER_LABELS, (INSURER, _SOCIETY, MUNICIPALITY))
        or shaped_issuer(lines, (INSURER,))
        or municipal_insurer(lines)
    )
    return society_repaired(found) if found is not None else None


# --- 住民票: which member ------------------------------------------------------------

# A member's 続柄 row is printed within this many heights under its name row (1.2 on
# the fixture forms).
MEMBER_NAME_GAP = 2.0


def _relation(lines: Sequence[Line], name_row: Line) -> str:
    """The 続柄 printed in the row under a member's name ("" when not read)."""
    row = below(lines, name_row, MEMBER_NAME_GAP)
    if row is None:
        return ""
    label = label_span(row, ["続柄"])
    if label is not None:
        return row.text[label[1] :].strip()
    # The small label read with one glyph wrong (続本世帯主): its first glyph stays.
    return row.text[2:].strip() if row.text.startswith("続") else ""


def household_applicant(lines: Sequence[Line]) -> Found | None:
    """The member a 住民票 is submitted for.

    A 世帯全員 copy lists every member under one address and nothing marks the
    applicant, so the document proves the address of each of them. Rule (chosen to
    match the fixtures' truth; a profile-aware match would try every member): a child
    (続柄 子: an adult child in a parent's household) if one is listed, else the 世帯主,
    else the first member. A member's name row is found by its 生年月日 beside it or
    its 続柄 under it, so even when OCR garbles the small 氏名 label.
    """
    rows: list[Line] = []
    for line in lines:
        if label_span(line, ["続柄"]) is not None:
            row = above(lines, line, MEMBER_NAME_GAP)
        elif label_span(line, ["生年月日"]) is not None:
            row = beside(lines, line, right=False)
        else:
            continue
        if row is not None and all(row is not known for known in rows):
            rows.append(row)
    members: list[tuple[Found, str]] = []
    for row in sorted(rows, key=lambda r: (r.page, r.bbox[1])):
        label = label_span(row, ["氏名"])
        birth = label_span(row, ["生年月日"])
        found = name_at(row, label[1] if label else 0, birth[0] if birth else None)
        if found is not None:
            members.append((found, _relation(lines, row)))
    children = [found for found, relation in members if relation == "子"]
    # The 世帯主's last glyph is lost at times (続柄世帯).
    heads = [found for found, relation in members if relation.startswith("世帯")]
    ranked = children + heads + [found for found, _ in members]
    return ranked[0] if ranked else None


# --- the types --------------------------------------------------------------------

PARTS: dict[str, PoaParts] = {
    "utility_bill": PoaParts(
        issuers=(COMPANY, UTILITY_BUREAU),
        number=labelled_number(("お客さま番号", "お客様番号", "お客さまID"), r"\d[\d\- ]{4,}\d"),
    ),
    "social_insurance_receipt": PoaParts(issuers=(PENSION, INSURER, MUNICIPAL_HEAD)),
    "tax_receipt": PoaParts(
        issuers=(MUNICIPAL_HEAD, TAX_OFFICE),
        number=labelled_number(("通知書番号", "納付番号"), r"\d{6,}"),
    ),
    "health_insurance_card": PoaParts(
        issuer=health_insurer,
        number=insured_number,
    ),
    # Account number: seven digits after the account kind (普通 1234567).
    "bank_statement": PoaParts(
        issuers=(BANK,), number=shaped_number(r"(?:普通|当座|貯蓄)\s*(\d{7})(?!\d)")
    ),
    "credit_card_statement": PoaParts(issuers=(COMPANY,), number=MASKED_CARD_NUMBER),
    "resident_record_copy": PoaParts(issuers=(MUNICIPAL_HEAD,), person=household_applicant),
    "seal_registration_certificate": PoaParts(issuers=(MUNICIPAL_HEAD,)),
    "mobile_phone_bill": PoaParts(
        issuers=(COMPANY,), number=labelled_number(("ご契約番号",), r"[A-Z]?\d{6,}")
    ),
    "order_confirmation": PoaParts(
        issuers=(COMPANY,),
        number=labelled_number(("ご注文番号", "注文番号"), r"\d[\d-]{6,}\d"),
    ),
    # A till receipt heads with the store; its date is the sale's, labelled by nothing.
    "shop_receipt": PoaParts(issuers=(STORE, COMPANY)),
}


def _register(document_type: str, parts: PoaParts) -> None:
    @extractor(document_type)
    def read(lines: Sequence[Line]) -> dict[str, Field]:
        return read_poa(lines, parts)


for _type, _parts in PARTS.items():
    _register(_type, _parts)
