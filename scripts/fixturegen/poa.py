"""Proof-of-address fixtures: every accepted type twice, the look-alikes once.

Documents are dealt to the ID holders round-robin in the fixed order of ``PLANS``, so
the same holders and seed always give the same documents, byte for byte. Dates are set
by hand around SUBMITTED_ON (2026-11-20; the six-month window opens 2026-05-20):

- within the window: everything not listed below (Sep–Nov 2026);
- too old: resident_record_copy_002 (2026-04-20), seal_registration_certificate_002
  (2026-05-12, eight days outside) and the 2024 health card (dead by statute);
- no issue date printed: social_insurance_receipt_001 (unpaid slip, empty 領収日付印),
  credit_card_statement_002 (only お支払日 / ご利用期間);
- no issuer printed: tax_receipt_001 (crest and 市町村コード only; the bank in the
  収納印 is the receiving agent), bank_statement_002 (logo only).

Layouts live in poa_public (pension, tax, 住民票, 印鑑), poa_commercial (bank, card),
poa_lookalike and poa_health; poa_pdf is the drawing kit that records the truth and
poa_raster holds the seals and the multi-page rasterising helpers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .corpus import PoaDocument, Rendered
from .people import Address, Person
from .poa_commercial import (
    bank_statement_with_cover,
    bank_web_statement,
    card_statement_no_date,
    card_statement_two_pages,
)
from .poa_health import insurance_card, qualification_record
from .poa_lookalike import mobile_bill, order_confirmation, shop_receipt
from .poa_pdf import AddressForm, Drawn, Holder
from .poa_public import (
    local_tax_receipt,
    pension_deduction,
    pension_slip,
    resident_record,
    seal_certificate,
    tax_certificate,
)
from .poa_raster import rasterize_pages, write_image_pdf_pages

__all__ = [
    "ACCEPTED_TYPES",
    "PLANS",
    "build_poa_documents",
    "expected_reasons",
    "rasterize_pages",
    "write_image_pdf_pages",
]

ACCEPTED_TYPES = frozenset(
    {
        "utility_bill",
        "social_insurance_receipt",
        "tax_receipt",
        "health_insurance_card",
        "bank_statement",
        "credit_card_statement",
        "resident_record_copy",
        "seal_registration_certificate",
    }
)


@dataclass(frozen=True)
class PoaPlan:
    stem: str
    document_type: str
    render: Callable[[Holder], Drawn]
    purpose: str
    reasons: tuple[str, ...] = ()
    """Reason codes expected when the profile matches the holder (empty: approve)."""


PLANS: tuple[PoaPlan, ...] = (
    PoaPlan(
        "social_insurance_receipt_001",
        "social_insurance_receipt",
        pension_slip,
        "国民年金保険料 納付書・領収証書, unpaid: empty 領収日付印, only 納付期限/使用期限 dates",
        ("POA_NO_ISSUE_DATE",),
    ),
    PoaPlan(
        "social_insurance_receipt_002",
        "social_insurance_receipt",
        pension_deduction,
        "社会保険料控除証明書 (日本年金機構), 殿, address on two lines, 作成日 令和8年11月2日",
    ),
    PoaPlan(
        "tax_receipt_001",
        "tax_receipt",
        local_tax_receipt,
        "住民税 領収証書, bank 収納印 R8.10.30; municipality left off (crest only): no issuer",
        ("POA_NO_ISSUER",),
    ),
    PoaPlan(
        "tax_receipt_002",
        "tax_receipt",
        tax_certificate,
        "納税証明書, 証明日 令和8年10月9日, 市長 with 公印, tax table and office address",
    ),
    PoaPlan(
        "health_insurance_card_001",
        "health_insurance_card",
        insurance_card,
        "健康保険被保険者証 card, 交付 令和6年4月1日: invalid by statute; 記号・番号 masked",
        ("POA_TOO_OLD",),
    ),
    PoaPlan(
        "health_insurance_card_002",
        "health_insurance_card",
        qualification_record,
        "国民健康保険資格確認書 (paper), 交付 令和8年9月14日, 有効期限 distractor; numbers masked",
    ),
    PoaPlan(
        "bank_statement_001",
        "bank_statement",
        bank_statement_with_cover,
        "2 pages: cover letter (name, address, bank) + 取引明細書 (作成日, 口座番号)",
    ),
    PoaPlan(
        "bank_statement_002",
        "bank_statement",
        bank_web_statement,
        "web 入出金明細, 作成日 2026/11/04, bank shown only as a logo: no issuer",
        ("POA_NO_ISSUER",),
    ),
    PoaPlan(
        "credit_card_statement_001",
        "credit_card_statement",
        card_statement_two_pages,
        "ご利用代金明細書 on 2 pages, all fields on page 0; お支払日/締め日 distractors",
    ),
    PoaPlan(
        "credit_card_statement_002",
        "credit_card_statement",
        card_statement_no_date,
        "カードご利用代金明細 with only お支払日 and ご利用期間: no issue date",
        ("POA_NO_ISSUE_DATE",),
    ),
    PoaPlan(
        "resident_record_copy_001",
        "resident_record_copy",
        partial(
            resident_record,
            head_is_holder=True,
            issued=dt.date(2026, 10, 15),
            style="wareki_kanji",
            numbers=True,
        ),
        "住民票の写し, holder is 世帯主, kanji-numeral dates, 個人番号/住民票コード printed",
    ),
    PoaPlan(
        "resident_record_copy_002",
        "resident_record_copy",
        partial(
            resident_record,
            head_is_holder=False,
            issued=dt.date(2026, 4, 20),
            style="wareki_full",
            numbers=False,
        ),
        "住民票の写し, holder is the member (子) under another 世帯主; 令和８年４月２０日: too old",
        ("POA_TOO_OLD",),
    ),
    PoaPlan(
        "seal_registration_certificate_001",
        "seal_registration_certificate",
        partial(
            seal_certificate,
            issued=dt.date(2026, 11, 5),
            style="western",
            f="ipam",
            form=AddressForm(split=True),
        ),
        "印鑑登録証明書 with 印影, 証明日 2026年11月5日 (Western), address on two lines",
    ),
    PoaPlan(
        "seal_registration_certificate_002",
        "seal_registration_certificate",
        partial(
            seal_certificate,
            issued=dt.date(2026, 5, 12),
            style="wareki",
            f="ipag",
            form=AddressForm("arabic_chome", fullwidth=True),
        ),
        "印鑑登録証明書, 令和8年5月12日: eight days before the six-month window",
        ("POA_TOO_OLD",),
    ),
    PoaPlan(
        "shop_receipt_001",
        "shop_receipt",
        shop_receipt,
        "narrow till receipt with 配送先 name and address: not a proof of address",
        ("POA_TYPE_NOT_ACCEPTED",),
    ),
    PoaPlan(
        "mobile_phone_bill_001",
        "mobile_phone_bill",
        mobile_bill,
        "携帯電話ご利用料金のお知らせ: bill-like but not an accepted type",
        ("POA_TYPE_NOT_ACCEPTED",),
    ),
    PoaPlan(
        "order_confirmation_001",
        "order_confirmation",
        order_confirmation,
        "online shop ご注文内容の確認 e-mail printout with お届け先: not accepted",
        ("POA_TYPE_NOT_ACCEPTED",),
    ),
)

_REASONS = {p.stem: p.reasons for p in PLANS}


def expected_reasons(key: str) -> tuple[str, ...]:
    """Reason codes of a document's slot when the profile matches its holder."""
    return _REASONS[key]


def _write(data: bytes, path: Path) -> None:
    path.write_bytes(data)


def build_poa_documents(holders: list[tuple[Person, Address]], seed: int) -> list[PoaDocument]:
    """Render every plan, dealing holders round-robin; deterministic for given inputs."""
    if not holders:
        raise ValueError("no holders to address the documents to")
    docs = []
    for i, plan in enumerate(PLANS):
        person, address = holders[i % len(holders)]
        drawn = plan.render(Holder(person, address, seed + 1000 * (i + 1)))
        truth = {"document_type": plan.document_type, "fields": drawn.fields}
        rendered = Rendered(
            stem=plan.stem,
            truth=truth,
            purpose=plan.purpose,
            image=drawn.image,
            mask=drawn.mask,
            write_pdf=partial(_write, drawn.pdf) if drawn.pdf is not None else None,
            glare_at=drawn.glare_at,
        )
        issued = drawn.fields.get("issue_date")
        docs.append(
            PoaDocument(
                key=plan.stem,
                document_type=plan.document_type,
                doc=rendered,
                holder=person,
                address=address,
                issue_date=dt.date.fromisoformat(issued["value"]) if issued else None,
                issuer_printed="issuer" in drawn.fields,
            )
        )
    return docs
