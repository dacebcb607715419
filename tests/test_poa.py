"""Proof-of-address reading (JAPAN.md §5) and the masking of protected numbers.

Unit tests read hand-made lines (no OCR); the last tests read the text-layer fixture
PDFs of every type, with Tesseract disabled, and verify real submissions for masking.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from support import FIXTURES, write_submission

from docextract._context import BBox, DocContext, Field, Line, Page, Word, union_boxes
from docextract._exec import tesseract
from docextract.api import Verification, extract_file
from docextract.config import PipelineConfig
from docextract.evaluate import comparable
from docextract.extractors import EXTRACTORS
from docextract.extractors.poa_dates import issue_label_printed
from docextract.extractors.poa_names import Found, name_at
from docextract.report import page_to_debug_image, report_to_html, slot_to_json
from docextract.stages.classify import text_to_type_scores
from docextract.stages.rules import rules

Row = tuple[str, int, int] | tuple[str, int, int, int]
SUBMITTED = dt.date(2026, 11, 20)
GLYPH = 20  # width of one glyph in the hand-made lines (px); line height 30


def lines_of(rows: Sequence[Row]) -> list[Line]:
    """Lines of one word each: (text, x, y[, page]), in reading order."""
    out = []
    for row in rows:
        text, x, y = row[:3]
        page = row[3] if len(row) == 4 else 0
        box = (x, y, GLYPH * len(text), 30)
        word = Word(page=page, text=text, conf=0.95, bbox=box)
        out.append(Line(page, text, (word,), ((0, len(text)),), box, 0.95))
    return sorted(out, key=lambda ln: (ln.page, ln.bbox[1], ln.bbox[0]))


def read(document_type: str, rows: Sequence[Row]) -> dict[str, str]:
    return {k: f.value for k, f in EXTRACTORS[document_type](lines_of(rows)).items()}


# --- one document per type ---------------------------------------------------------


def test_utility_bill() -> None:
    fields = read(
        "utility_bill",
        [
            ("電気料金領収証", 600, 150),
            ("発行日 2026年10月15日", 1200, 250),
            ("〒100-0013", 160, 360),
            ("東京都千代田区霞が関2-10-9", 160, 400),
            ("吉田 直人 様", 160, 480),
            ("関東電力株式会社", 940, 550),
            ("〒105-0023 東京都港区芝浦一丁目9番9号", 940, 600),
            ("お客さまセンター 0120-000-123", 940, 640),
            ("お客さま番号 1488-133-847", 160, 800),
            ("ご使用期間", 160, 860),
            ("令和8年9月10日~10月8日", 440, 860),
        ],
    )
    assert fields == {
        "name": "吉田 直人",
        "address": "東京都千代田区霞が関2-10-9",
        "issue_date": "2026-10-15",
        "issuer": "関東電力株式会社",
        "document_number": "1488-133-847",
    }


def test_social_insurance_deduction_certificate() -> None:
    fields = read(
        "social_insurance_receipt",
        [
            ("令和8年分社会保険料(国民年金保険料)控除証明書", 330, 150),
            ("〒154-0004", 160, 300),
            ("東京都世田谷区太子堂一丁目4番9号", 160, 345),
            ("太子堂ハイツ205", 160, 385),
            ("斎藤 花子 殿", 180, 460),
            ("上記のとおり、国民年金保険料を納付したことを証明します。", 160, 1080),
            ("作成日 令和8年11月2日", 160, 1160),
            ("日本年金機構理事長", 900, 1270),
        ],
    )
    assert fields == {
        "name": "斎藤 花子",
        "address": "東京都世田谷区太子堂一丁目4番9号 太子堂ハイツ205",
        "issue_date": "2026-11-02",
        "issuer": "日本年金機構",
    }


def test_unpaid_pension_slip_has_no_issue_date() -> None:
    """An empty 領収日付印 box and the due dates (納付期限, 使用期限) are no issue date."""
    fields = read(
        "social_insurance_receipt",
        [
            ("日本年金機構", 1000, 230),
            ("〒983-0852", 150, 230),
            ("宮城県仙台市宮城野区榴岡1-8-5", 150, 275),
            ("福田 さゆり 様", 170, 350),
            ("納付期限", 180, 900),
            ("令和8年11月30日", 520, 900),
            ("使用期限 令和9年1月4日", 180, 960),
            ("領収日付印", 320, 1700),
        ],
    )
    assert "issue_date" not in fields
    assert fields["name"] == "福田 さゆり"


def test_tax_slip_with_bank_stamp_and_no_issuer() -> None:
    """The 収納印 date is the issue date; the receiving bank is not the issuer."""
    fields = read(
        "tax_receipt",
        [
            ("令和8年度市民税・県民税(普通徴収)", 280, 130),
            ("領収証書", 310, 330),
            ("納期限 令和8年11月2日", 180, 480),
            ("通知書番号", 180, 600),
            ("9478582191", 180, 632),
            ("住所", 180, 700),
            ("福岡県福岡市博多区博多駅前1丁目20番9号", 180, 740),
            ("グランメゾン博多305", 180, 772),
            ("氏名", 180, 830),
            ("BUI QUANG PHUC 様", 180, 868),
            ("みずなみ銀行", 320, 1045),
            ("R8.10.30", 320, 1085),
            ("収納日付印", 1220, 1090),
        ],
    )
    assert fields == {
        "name": "BUI QUANG PHUC",
        "address": "福岡県福岡市博多区博多駅前1丁目20番9号 グランメゾン博多305",
        "issue_date": "2026-10-30",
        "document_number": "9478582191",
    }


def test_tax_certificate_signed_by_the_ward_head() -> None:
    fields = read(
        "tax_receipt",
        [
            ("納税証明書", 610, 220),
            ("住所(所在地) 大阪府大阪市中央区本町二丁目10番5号", 190, 390),
            ("氏名(名称) 崔 成浩", 190, 480),
            ("上記のとおり相違ないことを証明します。", 160, 1000),
            ("証明日 令和8年10月9日", 160, 1090),
            ("大阪市中央区長 松本晃", 830, 1220),
            ("大阪市税務部市民税課 〒541-8501 大阪府大阪市中央区役所前一丁目1番1号", 160, 2090),
        ],
    )
    assert fields == {
        "name": "崔 成浩",
        "address": "大阪府大阪市中央区本町二丁目10番5号",
        "issue_date": "2026-10-09",
        "issuer": "大阪市中央区長",
    }


def test_health_insurance_card() -> None:
    """記号・番号 joined as printed (the report masks it); 交付 after its date."""
    fields = read(
        "health_insurance_card",
        [
            ("健康保険 被保険者証", 50, 50),
            ("令和6年4月1日交付", 870, 100),
            ("記号 6065", 50, 200),
            ("番号 42", 300, 200),
            ("(枝番) 00", 500, 200),
            ("氏名 小林 春香", 50, 290),
            ("生年月日 平成元年3月13日", 50, 365),
            ("資格取得年月日 平成31年4月1日", 50, 435),
            ("保険者番号 06952873", 50, 610),
            ("保険者名称 関東情報通信健康保険組合", 50, 665),
        ],
    )
    assert fields == {
        "name": "小林 春香",
        "issue_date": "2024-04-01",
        "issuer": "関東情報通信健康保険組合",
        "document_number": "6065・42",
    }


@pytest.mark.parametrize(
    ("read_as", "issuer"),
    [
        ("関東情報通信健康保険組合し", "関東情報通信健康保険組合"),  # a glyph of the rule after it
        ("千葉市 国民健康保険", "千葉市"),  # a municipality: the space ends it
        ("千葉市上", "千葉市"),  # a glyph of the seal beside it
        ("関東情報通信穫保険組合", "関東情報通信健康保険組合"),  # 健康 read as one glyph
        ("関東情報通信健穫保険組合", "関東情報通信健康保険組合"),
        ("関東情報通信国民健康保険組合", "関東情報通信国民健康保険組合"),
    ],
)
def test_a_labelled_insurer_ends_where_its_shape_does(read_as: str, issuer: str) -> None:
    fields = read("health_insurance_card", [(f"保険者名称 {read_as}", 50, 665)])
    assert fields["issuer"] == issuer


def test_a_labelled_value_of_no_insurer_shape_is_no_insurer() -> None:
    # The label's own cell lost, the row's next cell was read as its value.
    fields = read("health_insurance_card", [("保険者名称 一部負担金の割合 3割", 50, 665)])
    assert "issuer" not in fields


MUNICIPAL_CARD = [
    ("千葉市BRUKER", 50, 40),  # the heading 千葉市 国民健康保険, its second half lost
    ("国民健康保険資格確認書", 50, 100),
    ("住所 千葉市中央区富士見2-11-2", 50, 400),
    ("Te千葉市ド。。", 700, 665),  # beside the lost 保険者名称 label
]


def test_a_municipal_card_whose_label_is_lost_names_its_insurer_on_its_own() -> None:
    assert read("health_insurance_card", MUNICIPAL_CARD)["issuer"] == "千葉市"


@pytest.mark.parametrize(
    "changed",
    [
        ("文芸国民健康保険組合 資格確認書", 50, 100),  # a trade's 国保組合, not the town's
        ("船橋市ド。。", 700, 665),  # two municipalities: which insures is unknown
    ],
)
def test_no_municipal_insurer_without_one_municipal_scheme(changed: Row) -> None:
    lines = [changed if row[2] == changed[2] else row for row in MUNICIPAL_CARD]
    assert read("health_insurance_card", lines).get("issuer") != "千葉市"


def test_bank_statement_fields_come_from_their_pages() -> None:
    lines = lines_of(
        [
            ("みずなみ銀行", 1220, 185),
            ("〒812-0011", 160, 210),
            ("福岡県福岡市博多区", 160, 260),
            ("博多駅前3-2-1", 160, 300),
            ("鈴木 健一 様", 190, 380),
            ("普通預金取引明細書", 610, 140, 1),
            ("作成日 2026年11月2日", 1190, 230, 1),
            ("口座番号", 510, 315, 1),
            ("普通 1777988", 340, 370, 1),
            ("2026.10.08 デンキカントウデンリヨク", 170, 560, 1),
        ]
    )
    fields = EXTRACTORS["bank_statement"](lines)
    assert {k: (f.value, f.page) for k, f in fields.items()} == {
        "name": ("鈴木 健一", 0),
        "address": ("福岡県福岡市博多区 博多駅前3-2-1", 0),
        "issuer": ("みずなみ銀行", 0),
        "issue_date": ("2026-11-02", 1),
        "document_number": ("1777988", 1),
    }


def test_credit_card_statement_ignores_payment_and_closing_dates() -> None:
    fields = read(
        "credit_card_statement",
        [
            ("ツバキカード株式会社", 150, 120),
            ("〒530-0000 大阪府大阪市北区中之島三丁目2番4号", 150, 170),
            ("〒983-0852", 150, 300),
            ("宮城県仙台市宮城野区", 150, 350),
            ("榴岡四丁目6番2号", 150, 392),
            ("藤井 直樹 様", 170, 460),
            ("カードご利用代金明細", 610, 680),
            ("お支払日 2026年11月27日", 170, 810),
            ("締め日 2026年10月15日", 170, 850),
            ("カード番号 ※※※※-※※※※-※※※※-4144", 170, 880),
        ],
    )
    assert fields == {
        "name": "藤井 直樹",
        "address": "宮城県仙台市宮城野区 榴岡四丁目6番2号",
        "issuer": "ツバキカード株式会社",
        "document_number": "****-****-****-4144",
    }


def test_resident_record_reads_the_child_of_the_household() -> None:
    """Rule: a 子 of the household if listed, else the 世帯主 (see household_applicant)."""
    fields = read(
        "resident_record_copy",
        [
            ("住民票の写し", 660, 200),
            ("住所", 160, 340),
            ("広島県広島市中区紙屋町二丁目9番16号", 390, 340),
            ("世帯主", 160, 420),
            ("渡辺 涼平", 390, 420),
            ("氏名 渡辺 涼平", 220, 540),
            ("生年月日 明治45年3月24日 性別 男", 800, 540),
            ("続柄 世帯主", 220, 605),
            ("前住所 東京都世田谷区太子堂二丁目22番6号", 830, 715),
            ("氏名 渡辺 陽一", 220, 790),
            ("生年月日 昭和16年3月24日 性別 男", 800, 790),
            ("続柄 子", 220, 855),
            ("この写しは、世帯全員の住民票の原本と相違ないことを証明する。", 160, 1130),
            ("令和八年四月二十日", 160, 1215),
            ("広島市中区長 鈴木和也", 830, 1330),
        ],
    )
    assert fields == {
        "name": "渡辺 陽一",
        "address": "広島県広島市中区紙屋町二丁目9番16号",
        "issue_date": "2026-04-20",
        "issuer": "広島市中区長",
    }


def test_resident_record_without_a_child_reads_the_head() -> None:
    fields = read(
        "resident_record_copy",
        [
            ("氏名 吉田 直人", 220, 540),
            ("続柄 世帯主", 220, 605),
            ("氏名 吉田 くみ子", 220, 850),
            ("続柄 妻", 220, 915),
        ],
    )
    assert fields["name"] == "吉田 直人"


def test_seal_certificate_with_a_two_line_address_and_misread_name_label() -> None:
    """The small 氏名 label OCR lost: the name is the row over the birth date."""
    fields = read(
        "seal_registration_certificate",
        [
            ("印鑑登録証明書", 610, 210),
            ("me高橋 篤司", 580, 400),
            ("旧氏", 580, 505),
            ("生年月日 2001年3月28日", 580, 595),
            ("住所", 580, 768),
            ("神奈川県川崎市中原区", 750, 766),
            ("小杉町一丁目2番15号", 750, 804),
            ("この写しは、登録されている印影と相違ないことを証明します。", 160, 945),
            ("2026年11月5日", 160, 1034),
            ("川崎市中原区長 岡本晃", 830, 1160),
        ],
    )
    assert fields == {
        "name": "高橋 篤司",
        "address": "神奈川県川崎市中原区 小杉町一丁目2番15号",
        "issue_date": "2026-11-05",
        "issuer": "川崎市中原区長",
    }


def test_shop_receipt_is_read_for_the_reviewer() -> None:
    fields = read(
        "shop_receipt",
        [
            ("ヤマノ電機札幌店", 160, 80),
            ("ヤマノ電機株式会社", 220, 140),
            ("2026年10月18日(日) 14:32", 40, 300),
            ("お届け予定日2026年10月24日(土)", 40, 870),
            ("お届け先", 40, 910),
            ("〒060-0001", 40, 945),
            ("北海道札幌市中央区北一条西1-12-1", 40, 980),
            ("北一条西レジデンス1102", 40, 1010),
            ("小林春香様", 40, 1055),
        ],
    )
    assert fields["issue_date"] == "2026-10-18"
    assert fields["issuer"] == "ヤマノ電機札幌店"
    assert fields["address"] == "北海道札幌市中央区北一条西1-12-1 北一条西レジデンス1102"


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("発行日2026年19月16日", "2026-10-16"),  # 0 read as 9 in an impossible month
        ("令和八年士月十五晶", "2026-10-15"),  # 十 as 士, 日 as 晶
        ("発行日2026年10月15", "2026-10-15"),  # the final 日 lost
        ("証明日 令和8年4月2 0日", "2026-04-20"),  # a space inside a number
    ],
)
def test_ocr_slips_in_dates_are_undone_at_lower_confidence(printed: str, iso: str) -> None:
    rows: list[Row] = [
        ("この写しは、原本と相違ないことを証明する。", 100, 100),
        (printed, 100, 150),
    ]
    field = EXTRACTORS["resident_record_copy"](lines_of(rows))["issue_date"]
    assert field.value == iso
    assert field.confidence < 0.95


def test_ocr_debris_around_names_and_prefectures() -> None:
    fields = read(
        "utility_bill",
        [
            ("〒541-0053", 160, 360),
            ("大阪上大阪市中央区本町二丁目13番15号", 160, 400),
            ("小林知実BR", 160, 480),
            ("みなと瓦斯株式会社", 940, 550),
        ],
    )
    assert fields["name"] == "小林知実"  # 様 misread: the name under the mailing block
    assert fields["address"] == "大阪府大阪市中央区本町二丁目13番15号"


def word_line(words: Sequence[tuple[str, BBox]]) -> Line:
    """One line of the words as Tesseract boxed them (CJK joined without spaces)."""
    text, spans = "", []
    for word, _ in words:
        spans.append((len(text), len(text) + len(word)))
        text += word
    return Line(
        0,
        text,
        tuple(Word(0, word, 0.9, box) for word, box in words),
        tuple(spans),
        union_boxes([box for _, box in words]),
        0.9,
    )


def right_edge(found: Found | None) -> int:
    assert found is not None and found.field.bbox is not None
    return found.field.bbox[0] + found.field.bbox[2]


def test_name_box_stops_where_the_honorific_begins() -> None:
    # Measured on shop_receipt_001_scan: Tesseract boxed 春香 over the 様 after it. The
    # reread crops the name's box; with the honorific inside, the crop reads it into the
    # name, misread as another kanji (田中学欄 on bank_statement_002_scan).
    line = word_line(
        [
            ("小林", (99, 2836, 142, 75)),
            ("春香", (323, 2844, 255, 72)),
            ("様", (527, 2832, 54, 108)),
        ]
    )
    found = name_at(line, 0)
    assert found is not None and found.field.value == "小林春香"
    assert right_edge(found) == 527


def test_name_box_takes_in_the_debris_after_the_name() -> None:
    # Measured on utility_bill_006_scan: 佐々木　翼　様 read 佐々木BOR. The reread's crop
    # over the debris reads 翼 again; debris a column away is left out of the box.
    name = [("佐々", (163, 520, 81, 41)), ("木", (255, 519, 41, 40))]
    found = name_at(word_line([*name, ("BOR", (346, 515, 133, 44))]), 0)
    assert found is not None and found.field.value == "佐々木"
    assert right_edge(found) == 479
    assert right_edge(name_at(word_line([*name, ("BOR", (600, 515, 133, 44))]), 0)) == 296


def test_look_alikes_are_classified_as_themselves() -> None:
    texts = {
        "mobile_phone_bill": "携帯電話ご利用料金のお知らせ データ通信料 ご請求金額",
        "order_confirmation": "ご注文内容の確認 ご注文番号 お届け先",
        "shop_receipt": "小計 お預り お釣り お買上げありがとうございました",
    }
    for doc_type, text in texts.items():
        scores = text_to_type_scores(text)
        assert max(scores, key=lambda t: scores[t]) == doc_type


# --- rules -------------------------------------------------------------------------


def test_empty_stamp_box_counts_as_a_label_only_on_images() -> None:
    text = "納付書・領収証書\n領収日付印"
    assert issue_label_printed(text, stamps=True)
    assert not issue_label_printed(text, stamps=False)
    assert issue_label_printed("発行日 令和8年", stamps=False)


def test_text_layer_slip_without_stamp_is_rejected(config: PipelineConfig) -> None:
    fields = {
        "name": Field("福田 さゆり", 1.0, 0),
        "address": Field("宮城県仙台市宮城野区榴岡1-8-5", 1.0, 0),
        "issuer": Field("日本年金機構", 1.0, 0),
    }
    ctx = DocContext(
        source=Path("x.pdf"),
        config=config,
        slot="proof_of_address",
        document_type="social_insurance_receipt",
        fields=fields,
        pages=[Page(index=0, has_text_layer=True)],
        lines=lines_of([("国民年金保険料 領収証書", 100, 100), ("領収日付印", 100, 200)]),
    )
    assert rules(ctx).reasons == ["POA_NO_ISSUE_DATE"]


@pytest.mark.parametrize(
    ("title", "reasons"),
    [("健康保険被保険者証", ["POA_TOO_OLD"]), ("国民健康保険資格確認書", [])],
)
def test_health_card_statute_spares_the_qualification_certificate(
    config: PipelineConfig, title: str, reasons: list[str]
) -> None:
    """保険証 are dead since 2025-12-01; the 資格確認書 that replaced them is not."""
    ctx = DocContext(
        source=Path("x.pdf"),
        config=config,
        slot="proof_of_address",
        submitted_on=SUBMITTED,
        document_type="health_insurance_card",
        fields={
            "issue_date": Field("2026-09-14", 1.0, 0),
            "issuer": Field("千葉市", 1.0, 0),
        },
        lines=lines_of([(title, 100, 100)]),
    )
    assert rules(ctx).reasons == reasons


# --- masking -----------------------------------------------------------------------

INSURED = ("6065", "42", "06952873")
RESIDENT_CODE = "13183825332"
BAD_MY_NUMBER = "584006794210"  # 12 digits beside 個人番号, check digit wrong


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _html_text(html: str) -> str:
    return re.sub(r"src='data:[^']*'", "", html)


def test_insured_number_and_resident_code_never_leave_unmasked(config: PipelineConfig) -> None:
    card = lines_of(
        [
            ("記号 6065", 50, 200),
            ("番号 42", 300, 200),
            ("(枝番) 00", 500, 200),
            ("保険者番号", 50, 610),
            ("06952873", 300, 610),
            ("住民票コード 13183825332", 50, 700),
            (f"個人番号 {BAD_MY_NUMBER}", 50, 760),
        ]
    )
    image = np.full((900, 900, 3), 255, np.uint8)
    ctx = DocContext(
        source=Path("card.png"),
        config=config,
        slot="proof_of_address",
        document_type="health_insurance_card",
        status="review",
        pages=[Page(index=0, image=image, width=900, height=900)],
        lines=card,
        fields={
            "document_number": Field("6065・42", 0.9, 0, (50, 200, 330, 30)),
            # A field that picked up a protected number by accident is scrubbed too.
            "name": Field("小林 春香 06952873", 0.9, 0, None),
        },
    )
    slot = slot_to_json(ctx, "ja")
    assert slot["fields"]["document_number"]["value"] == "****・**"
    report = {"submission_id": "S-1", "submitted_on": "2026-11-20", "overall": "review"}
    html = _html_text(report_to_html(report | {"slots": {"proof_of_address": slot}}, {}))
    for secret in (*INSURED[::2], RESIDENT_CODE, BAD_MY_NUMBER):
        assert secret not in _digits(json.dumps(slot, ensure_ascii=False))
        assert secret not in _digits(html)
    page = page_to_debug_image(ctx, 0)
    assert page is not None
    for line in card:
        x, y, w, h = line.words[0].bbox
        if line.text[-1].isdigit():  # the end of each number, blacked out
            assert (page[y + h // 2, x + w - 5] == 0).all(), line.text


def test_real_card_and_resident_record_reports_mask_numbers(
    tmp_path: Path, verify: Callable[..., Verification]
) -> None:
    docs = FIXTURES / "documents"
    cases = {
        "health_insurance_card_002.pdf": ("2239", "435882", "014905"),
        "resident_record_copy_001.pdf": (
            "13183825332",
            "43630443038",
            "584006794213",
            "810253283337",
        ),
    }
    for name, secrets in cases.items():
        folder = write_submission(tmp_path / name, {"proof_of_address.pdf": docs / name})
        result = verify(folder)
        out = json.dumps(result.report, ensure_ascii=False)
        html = _html_text(report_to_html(result.report, result.contexts))
        for secret in secrets:
            assert secret not in re.sub(r"[\s-]", "", out), (name, secret)
            assert secret not in re.sub(r"[\s-]", "", html), (name, secret)


# --- the text-layer fixtures, read without OCR ---------------------------------------

TYPES = (
    "utility_bill",
    "social_insurance_receipt",
    "tax_receipt",
    "health_insurance_card",
    "bank_statement",
    "credit_card_statement",
    "resident_record_copy",
    "seal_registration_certificate",
    "shop_receipt",
    "mobile_phone_bill",
    "order_confirmation",
)
TEXT_PDFS = sorted(
    p
    for t in TYPES
    for p in (FIXTURES / "documents").glob(f"{t}_00?.pdf")
    if not p.stem.endswith("_image")
)


def test_every_type_has_a_text_layer_fixture() -> None:
    assert {p.stem.rsplit("_", 1)[0] for p in TEXT_PDFS} == set(TYPES)


@pytest.mark.parametrize("path", TEXT_PDFS, ids=lambda p: p.stem)
def test_text_layer_pdf_is_read_exactly_without_ocr(
    path: Path, config: PipelineConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_ocr(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a text-layer PDF must not be OCR'd")

    monkeypatch.setattr(tesseract, "image_to_words", no_ocr)
    monkeypatch.setattr(tesseract, "detect_rotation", no_ocr)
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    got = extract_file(path, config=config)
    assert got["document_type"] == truth["document_type"]
    for key, spec in truth["fields"].items():
        assert key in got["fields"], key
        read_value = got["fields"][key]["value"]
        assert comparable(key, read_value) == comparable(key, spec["value"]), key
        if "page" in spec:
            assert got["fields"][key]["page"] == spec["page"], key
    # Nothing is read that the document does not print (no issue date, no issuer).
    assert set(got["fields"]) <= set(truth["fields"]) | {"document_number"}


def test_address_after_a_misread_label_and_not_a_code_row() -> None:
    fields = read(
        "tax_receipt",
        [
            ("令和8年度 市民税・県民税(普通徴収)", 160, 100),
            ("市町村コード 227024", 160, 140),  # starts like a place: not an address
            ("領収証書", 160, 250),
            ("Cae東京都千代田区霞が関2-10-9", 160, 400),  # 住所 read as debris
            ("吉田 直人 様", 160, 480),
        ],
    )
    assert fields["address"] == "東京都千代田区霞が関2-10-9"
