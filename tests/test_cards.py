"""Identity-card extractors (extractors/cards.py) and the classification of their sides.

Unit tests build OCR lines by hand (words placed on rows, grouped by the OCR stage's own
``words_to_lines``), so they check the anchoring logic without Tesseract; the last test
reads one clean fixture per type with the real binary.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import FIXTURES

from docextract._context import Line, Word
from docextract.extractors import EXTRACTORS
from docextract.extractors.common import FAILED_CHECK_FACTOR, find_dates_tolerant, tidy_name
from docextract.stages.classify import MIN_TYPE_SCORE, text_to_type_scores
from docextract.stages.ocr import words_to_lines
from docextract.text.normalize import normalize_name
from docextract.text.numbers import is_valid_dl_number, is_valid_mynumber

H = 30  # glyph height in pixels, about what the preprocessed cards give
CONF = 0.9

Row = tuple[int, list[tuple[int, str]]]


def words_at(y: int, x: float, text: str) -> list[Word]:
    """Words of ``text`` from ``x`` on: one per space-separated token; each extra space
    widens the gap by a glyph (the family/given gap of a printed name)."""
    out = []
    for token in text.split(" "):
        if not token:
            x += H
            continue
        width = len(token) * H * (0.6 if token.isascii() else 1.0)
        out.append(Word(0, token, CONF, (round(x), y, round(width), H)))
        x += width + 0.3 * H
    return out


def card(*rows: Row) -> list[Line]:
    """Lines of a card: each row is (y, [(x, text), ...])."""
    return words_to_lines(
        [w for y, pieces in rows for x, text in pieces for w in words_at(y, x, text)]
    )


def values(document_type: str, lines: list[Line]) -> dict[str, str]:
    return {k: f.value for k, f in EXTRACTORS[document_type](lines).items()}


def best_type(text: str) -> str:
    scores = text_to_type_scores(text)
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] >= MIN_TYPE_SCORE else "unknown"


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso", "repaired"),
    [
        ("生年月日昭和3 3年1 2月5日生", "1958-12-05", False),  # OCR space inside numbers
        ("交付令和元年97月31日18850", "2019-07-31", True),  # the 0 of 07 read as 9
        ("昭和33年12月5目生", "1958-12-05", True),  # 日 read as 目
        ("S588. 19979028048", "1997-02-04", True),  # 年/月/日 read as digits
        ("時200342128188", "2003-12-18", True),  # 年 read as two glyphs
        ("2028年09月14日まで有効", "2028-09-14", False),
        ("交付令和95年07月23日", "2023-07-23", True),  # the 0 of 令和05 read as 9
        ("昭和62年3月7日生", "1987-03-07", False),  # 昭和 did reach 62: left alone
    ],
)
def test_dates_survive_common_ocr_slips(text: str, iso: str, repaired: bool) -> None:
    found = find_dates_tolerant(text)
    assert [(m.value.isoformat(), fixed) for m, fixed in found] == [(iso, repaired)]
    assert text[found[0][0].start : found[0][0].end] == found[0][0].raw


@pytest.mark.parametrize("text", ["電話082-000-0000", "第227054608290号", "12345678901234"])
def test_number_runs_are_not_taken_for_dates(text: str) -> None:
    assert find_dates_tolerant(text) == []


# --- 在留カード / 特別永住者証明書 ------------------------------------------------------------

RESIDENCE_FRONT: tuple[Row, ...] = (
    (20, [(40, "日本国政府 GOVERNMENT OF JAPAN"), (900, "番号 AB12345678CD")]),
    (70, [(40, "在留カード RESIDENCE CARD")]),
    (130, [(40, "氏名"), (180, "NGUYEN VAN AN")]),
    (
        200,
        [
            (40, "生年月日"),
            (180, "1990年01月02日"),
            (520, "性別 男 M."),
            (700, "国籍・地域 ベトナム"),
        ],
    ),
    (270, [(40, "住居地"), (180, "東京都新宿区西新宿2丁目8番1号")]),
    (340, [(40, "在留資格"), (180, "技術・人文知識・国際業務")]),
    (420, [(40, "在留期間(満了日)"), (400, "5年(2029年04月01日)")]),
    (
        490,
        [(40, "許可年月日"), (200, "2024年04月01日"), (480, "交付年月日"), (640, "2024年04月05日")],
    ),
    (560, [(40, "このカードは 2029年04月01日 まで有効 です。")]),
    (600, [(900, "法務大臣")]),
)


def test_residence_card_front_by_its_labels() -> None:
    got = values("residence_card", card(*RESIDENCE_FRONT))
    assert got == {
        "name": "NGUYEN VAN AN",
        "name_latin": "NGUYEN VAN AN",
        "birth_date": "1990-01-02",
        "address": "東京都新宿区西新宿2丁目8番1号",
        "issue_date": "2024-04-05",  # the 交付年月日, not the 許可年月日 on its row
        "expiry_date": "2029-04-01",
        "issuer": "法務大臣",
        "document_number": "AB12345678CD",
    }


def test_residence_card_front_with_misread_labels() -> None:
    rows = list(RESIDENCE_FRONT)
    rows[2] = (130, [(40, "Wi NGUYEN VAN AN")])  # 氏名 read as "Wi"
    rows[3] = (200, [(40, "88.. 1990401A028"), (520, "男 M."), (700, "ベトナム")])
    rows[7] = (490, [(40, "ee 2024年04月01日"), (480, "AUR 2024年04月05日")])
    fields = EXTRACTORS["residence_card"](card(*rows))
    assert fields["name"].value == "NGUYEN VAN AN"
    # The birth date's row is known by the sex printed on it; its 年月日 glyphs were
    # repaired, so the value is kept at a lowered confidence.
    assert fields["birth_date"].value == "1990-01-02"
    assert fields["birth_date"].confidence < CONF
    # No 交付年月日 label: the latest date before the expiry (never the 許可年月日 after it).
    assert fields["issue_date"].value == "2024-04-05"


def test_residence_card_birth_date_is_not_guessed_from_a_permission_date() -> None:
    rows = [r for r in RESIDENCE_FRONT if r[0] != 200]  # the birth row unread
    rows = [(y, [(x, t.replace("交付年月日", "AUR")) for x, t in p]) for y, p in rows]
    fields = EXTRACTORS["residence_card"](card(*rows))
    assert "birth_date" not in fields


SPRC_FRONT: tuple[Row, ...] = (
    (70, [(40, "特別永住者証明書 SPECIAL PERMANENT RESIDENT CERTIFICATE"), (900, "VT62645251PV")]),
    (140, [(40, "氏名"), (180, "崔  成浩")]),
    (240, [(40, "S588 1961年05月10日")]),  # 生年月日 misread, no 性別 on the row
    (300, [(40, "住居地"), (180, "東京都世田谷区太子堂一丁目10番3号")]),
    (390, [(40, "交付年月日"), (180, "2019年10月15日")]),
    (570, [(40, "次回確認期限"), (200, "2026年05月10日")]),
    (690, [(40, "この証明書は 2026年05月10日 まで有効 です。")]),
)


def test_special_permanent_resident_birth_date_from_its_birthday_expiry() -> None:
    fields = EXTRACTORS["special_permanent_resident_certificate"](card(*SPRC_FRONT))
    # The certificate expires on a birthday (JAPAN.md §1.6): 05-10 matches the expiry.
    assert fields["birth_date"].value == "1961-05-10"
    assert fields["name"].value == "崔 成浩"
    assert "name_latin" not in fields
    assert fields["document_number"].value == "VT62645251PV"
    assert fields["expiry_date"].value == "2026-05-10"


def test_foreign_resident_back_latest_entry_with_its_building_line() -> None:
    lines = card(
        (30, [(40, "住居地記載欄")]),
        (80, [(50, "届出年月日"), (325, "住居地"), (1180, "記載者印")]),
        (140, [(50, "2024年5月1日"), (325, "福岡県福岡市中央区天神1-1-1")]),
        (230, [(50, "2025582"), (325, "福岡県福岡市博多区博多駅前1-20-9")]),  # date misread
        (270, [(326, "グランメゾン博多305")]),
        (500, [(40, "1 住居地を変更したときは、新住居地に移転した日から14日以内に、")]),
        (540, [(60, "新住居地の市町村の長に届け出てください。")]),
    )
    assert values("residence_card_back", lines) == {
        "address": "福岡県福岡市博多区博多駅前1-20-9 グランメゾン博多305"
    }


def test_empty_back_has_no_address() -> None:
    lines = card(
        (30, [(40, "住居地記載欄")]),
        (80, [(50, "届出年月日"), (325, "住居地"), (1180, "記載者印")]),
        (500, [(40, "1 住居地を変更したときは、新住居地に移転した日から14日以内に、")]),
        (540, [(60, "新住居地の市町村の長に届け出てください。")]),
    )
    assert values("special_permanent_resident_certificate_back", lines) == {}


# --- 個人番号カード, 通知カード, 個人番号通知書 -----------------------------------------------

MY_NUMBER = "621498320257"  # valid check digit (JAPAN.md §1.7), nobody's number


def test_my_number_card_front() -> None:
    lines = card(
        (30, [(40, "個人番号カード")]),
        (110, [(40, "氏名"), (150, "山 田  花 子")]),  # letter-spaced
        (200, [(40, "住所"), (150, "東京都千代田区霞が関2丁目1番2号")]),
        (245, [(150, "霞ビル301")]),  # the building, printed under the address
        (330, [(40, "平成元年 3月13日生"), (560, "性別 女")]),
        (420, [(40, "2033年(令和15年)03月13日まで有効")]),
        (700, [(1000, "千代田区長")]),
    )
    assert values("my_number_card", lines) == {
        "name": "山田 花子",
        "birth_date": "1989-03-13",
        "address": "東京都千代田区霞が関2丁目1番2号 霞ビル301",
        "expiry_date": "2033-03-13",
        "issuer": "千代田区長",
    }


def test_address_with_ocr_debris_is_too_weak_to_decide() -> None:
    lines = card(
        (110, [(40, "氏名"), (150, "小林  春香")]),
        (200, [(40, "住所"), (150, "北海道札幌市中央区北一条西1丁目12番1号")]),
        (245, [(150, "北一条西レジデンス=にT 0.2")]),  # the room number misread
    )
    address = EXTRACTORS["my_number_card"](lines)["address"]
    assert address.value.startswith("北海道札幌市中央区北一条西1丁目12番1号 北一条西レジデンス")
    assert address.confidence == pytest.approx(CONF * FAILED_CHECK_FACTOR)


def test_misread_name_label_is_left_out_of_the_name() -> None:
    lines = card(
        (30, [(40, "個人番号カード")]),
        (110, [(40, "gm"), (150, "小林  春香")]),  # 氏名 read as "gm"
        (200, [(40, "住所"), (150, "北海道札幌市中央区北一条西1丁目12番1号")]),
        (330, [(40, "平成元年3月13日生")]),
    )
    assert values("my_number_card", lines)["name"] == "小林 春香"


def test_my_number_card_of_a_foreign_resident_has_a_latin_name() -> None:
    lines = card(
        (30, [(40, "個人番号カード")]),
        (110, [(40, "氏名"), (150, "SMITH JOHN")]),
        (200, [(40, "住所"), (150, "東京都港区六本木6丁目10番1号")]),
        (330, [(40, "1985年 7月 4日生"), (560, "性別 男")]),
        (420, [(40, "2030年 7月 4日まで有効")]),
    )
    got = values("my_number_card", lines)
    assert (got["name"], got["name_latin"]) == ("SMITH JOHN", "SMITH JOHN")
    assert (got["birth_date"], got["expiry_date"]) == ("1985-07-04", "2030-07-04")


def test_my_number_card_back_number_and_its_check_digit() -> None:
    assert is_valid_mynumber(MY_NUMBER)
    rows: list[Row] = [
        (40, [(40, "個人番号"), (180, f"{MY_NUMBER[:4]} {MY_NUMBER[4:8]} {MY_NUMBER[8:]}")]),
        (110, [(40, "氏名"), (120, "山田  太郎")]),
        (160, [(40, "昭和62年4月1日生")]),
    ]
    fields = EXTRACTORS["my_number_card_back"](card(*rows))
    assert {k: f.value for k, f in fields.items()} == {
        "name": "山田 太郎",
        "birth_date": "1987-04-01",
        "document_number": MY_NUMBER,  # masked by the report, not here
    }
    assert fields["document_number"].confidence == pytest.approx(CONF)
    misread = MY_NUMBER[:-1] + "8"
    rows[0] = (40, [(40, "個人番号"), (180, f"{misread[:4]} {misread[4:8]} {misread[8:]}")])
    fields = EXTRACTORS["my_number_card_back"](card(*rows))
    assert fields["document_number"].value == misread
    assert fields["document_number"].confidence == pytest.approx(CONF * FAILED_CHECK_FACTOR)


def test_my_number_card_back_photo_with_no_date_read_has_its_name_under_the_number() -> None:
    rows: list[Row] = [
        (40, [(240, f"{MY_NUMBER[:4]} {MY_NUMBER[4:8]} {MY_NUMBER[8:]}")]),
        (170, [(47, "gs"), (110, "小林  春香")]),
        (234, [(49, "平成元年3月AF")]),
    ]
    fields = EXTRACTORS["my_number_card_back"](card(*rows))
    assert "birth_date" not in fields
    assert normalize_name(fields["name"].value) == normalize_name("小林 春香")


def test_my_number_card_back_photo_with_its_labels_and_生_misread() -> None:
    rows: list[Row] = [
        (40, [(240, f"{MY_NUMBER[:4]} {MY_NUMBER[4:8]} {MY_NUMBER[8:]}")]),
        (140, [(60, "xs"), (115, "中村  涼平")]),
        (200, [(50, "昭和55年6月16日和")]),
    ]
    fields = EXTRACTORS["my_number_card_back"](card(*rows))
    assert fields["birth_date"].value == "1980-06-16"
    assert normalize_name(fields["name"].value) == normalize_name("中村 涼平")


def test_notification_card() -> None:
    lines = card(
        (20, [(40, "通知カード")]),
        (84, [(40, "個人番号"), (230, f"{MY_NUMBER[:4]} {MY_NUMBER[4:8]} {MY_NUMBER[8:]}")]),
        (156, [(40, "氏名"), (230, "鈴木  舞")]),
        (216, [(40, "住所"), (230, "千葉県市川市八幡一丁目18番4号")]),
        (276, [(40, "生年月日"), (230, "昭和44年5月13日生"), (760, "性別 女")]),
        (344, [(40, "発行"), (230, "平成27年11月8日")]),
        (410, [(700, "市川市長")]),
    )
    assert values("my_number_notification_card", lines) == {
        "name": "鈴木 舞",
        "birth_date": "1969-05-13",
        "address": "千葉県市川市八幡一丁目18番4号",
        "issue_date": "2015-11-08",
        "issuer": "市川市長",
        "document_number": MY_NUMBER,
    }


def test_individual_number_notice() -> None:
    lines = card(
        (84, [(534, "個人番号通知書")]),
        (313, [(1126, "令和3年9月18日")]),
        (386, [(1153, "広島市長")]),
        (668, [(203, "フリガナ"), (526, "フジイ  ナオキ")]),
        (782, [(200, "氏名"), (523, "藤井  直樹")]),
        (900, [(200, "生年月日"), (523, "平成6年2月5日生")]),
        (1054, [(199, "個人番号"), (520, f"{MY_NUMBER[:4]} {MY_NUMBER[4:8]} {MY_NUMBER[8:]}")]),
        (1945, [(167, "広島市市民局区政推進課マイナンバー担当")]),
    )
    assert values("individual_number_notice", lines) == {
        "name": "藤井 直樹",
        "name_kana": "フジイ ナオキ",
        "birth_date": "1994-02-05",
        "issue_date": "2021-09-18",
        "issuer": "広島市長",
        "document_number": MY_NUMBER,
    }


# --- 運転経歴証明書, 住基カード -------------------------------------------------------------

DL_NUMBER = "227054608290"


def dhc_front(number_text: str, issuer: str) -> list[Line]:
    return card(
        (30, [(40, "氏名"), (110, "福田  さゆり"), (750, "昭和25年12月1日生")]),
        (100, [(40, "住所"), (110, "仙台市青葉区一番町一丁目18番19号")]),
        (170, [(40, "交付"), (110, "令和元年07月31日 18850")]),
        (250, [(40, "自動車等の運転はできません。")]),
        (330, [(40, "取消年月日"), (180, "令和元年07月15日(申請による取消)")]),
        (420, [(40, "番号"), (110, number_text), (520, "運転経歴証明書")]),
        (520, [(750, issuer)]),
    )


def test_driving_history_certificate_front() -> None:
    assert is_valid_dl_number(DL_NUMBER)
    got = values("driving_history_certificate", dhc_front(f"第 {DL_NUMBER} 号", "宮城県公安委員会"))
    assert got == {
        "name": "福田 さゆり",
        "birth_date": "1950-12-01",
        "address": "仙台市青葉区一番町一丁目18番19号",
        "issue_date": "2019-07-31",  # the 交付 row, not the 取消年月日
        "issuer": "宮城県公安委員会",
        "document_number": DL_NUMBER,
    }


def test_driving_history_number_misread_is_kept_for_the_reread() -> None:
    fields = EXTRACTORS["driving_history_certificate"](
        dhc_front("第 2279054608290 号", "広島公安委員会")
    )
    # 13 digits with two 12-digit readings that pass the check: neither is guessed; the
    # run stays, weak, with its box for the reread stage.
    assert fields["document_number"].value == "2279054608290"
    assert fields["document_number"].confidence <= CONF * FAILED_CHECK_FACTOR
    assert fields["issuer"].value == "広島県公安委員会"  # 県 dropped by the OCR


def test_driving_history_back_latest_entry() -> None:
    lines = card(
        (30, [(40, "備考")]),
        (100, [(40, "令和2年3月4日 住所 仙台市宮城野区榴岡一丁目8番5号")]),
        (150, [(40, "令和5年4月25日 住所 仙台市若林区荒井一丁目1番1号")]),
        (420, [(40, "1 この証明書は、運転免許証ではありません。")]),
    )
    assert values("driving_history_certificate_back", lines) == {
        "address": "仙台市若林区荒井一丁目1番1号"
    }


def test_basic_resident_register_card_expiry_by_elimination() -> None:
    lines = card(
        (110, [(40, "氏名"), (150, "高橋  春香")]),
        (174, [(40, "生年月日"), (150, "昭和33年12月5日生"), (560, "性別 女")]),
        (236, [(40, "住所"), (150, "京都府京都市伏見区深草西浦町二丁目10番10号")]),
        (312, [(44, "coum 平成35年2月26日")]),  # 有効期限 misread
        (376, [(40, "交付年月日"), (170, "平成25年2月26日")]),
        (430, [(800, "京都市長")]),
    )
    assert values("basic_resident_register_card", lines) == {
        "name": "高橋 春香",
        "birth_date": "1958-12-05",
        "address": "京都府京都市伏見区深草西浦町二丁目10番10号",
        "issue_date": "2013-02-26",
        "expiry_date": "2023-02-26",  # 平成35年: printed before 令和 was named
        "issuer": "京都市長",
    }


# --- classification -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "氏名福田さゆり 昭和25年12月1日生 住所仙台市青葉区一番町一丁目18番19号 "
            "交付令和元年07月31日 自動車等の運転はできません。 運転経歴(申請による取消前5年間) "
            "番号第227054608290号 宮城県公安委員会",
            "driving_history_certificate",
        ),
        (
            "備考 令和5年4月25日住所仙台市宮城野区榴岡一丁目8番5号 "
            "1この証明書は、運転免許証ではありません。",
            "driving_history_certificate_back",
        ),
        ("6214 9832 0257\n山田太郎\n昭和62年4月1日生", "my_number_card_back"),
        (
            "通知カード 個人番号6214 9832 0257 氏名鈴木舞 住所千葉県市川市八幡一丁目18番4号 "
            "生年月日昭和44年5月13日生 "
            "この通知カードは、個人番号を証明する書類として使用できますが、"
            "本人確認書類としては使用できません。(個人番号カードではありません)",
            "my_number_notification_card",
        ),
        (
            "追記欄 住所等に変更があったときは、市区町村の窓口に "
            "この通知カードを持参してください。",
            "my_number_notification_card_back",
        ),
        (
            # The title, reversed out of a coloured band, is often lost.
            "氏名田中学 生年月日昭和60年2月14日生 性別男 住所福岡県福岡市中央区天神二丁目7番14号 "
            "有効期限平成39年9月20日 交付年月日平成27年9月20日",
            "basic_resident_register_card",
        ),
        (
            "追記欄 平成30年4月20日 京都府京都市伏見区深草西浦町二丁目16番7号",
            "basic_resident_register_card_back",
        ),
        (
            "住居地記載欄 届出年月日 住居地 記載者印 "
            "2025年10月22日|大阪府大阪市中央区本町2丁目10番5号",
            "special_permanent_resident_certificate_back",
        ),
        (
            "住居地記載欄 届出年月日 住居地 記載者印 資格外活動許可欄 在留期間更新等許可申請欄",
            "residence_card_back",
        ),
        # Phone photos that lost the small print: the 備考 entry, the grouped number.
        (
            "備考 令和7年3月14日 住所 大阪市中央区本町二丁目13番15号 RARAEL RT",
            "drivers_license_back",
        ),
        ("4118 8913 4437 gs小林春香 平成元年3月AF", "my_number_card_back"),
        # One wrong glyph in the title (証明書 as 証朋書) is still the title.
        ("特別永住者証朋書 氏名 崔成浩 1966年08月09日", "special_permanent_resident_certificate"),
        # A title whose last glyph is misread (書 as 詩) is not another title one glyph
        # longer: 国民健康保険料 is a premium receipt (health_insurance_card_002_photo).
        ("(切り取ってお使いください) 国民健康保険資格確認詩 氏名", "health_insurance_card"),
        ("令和8年度 国民健康保険料 納付済額 領収証書", "social_insurance_receipt"),
        # The last glyph misread (書 as 計) is still a near miss, and so is a glyph dropped
        # inside the title (証 of 証明書).
        ("個人番号通知計 あなたの個人番号をお知らせします", "individual_number_notice"),
        ("特別永住者明書 氏名 崔成浩 1966年08月09日", "special_permanent_resident_certificate"),
        (
            "RU19555990XB 在留資格 技術 就労制限の有無 このカードは2028年09月14日まで有効",
            "residence_card",
        ),
    ],
)
def test_classification_tells_types_and_sides_apart(text: str, expected: str) -> None:
    assert best_type(text) == expected


def test_a_resident_record_showing_a_my_number_is_not_a_card_back() -> None:
    text = "住民票の写し 世帯主 氏名吉田直人 個人番号5840 0679 4213 住民票コード13183825332"
    assert best_type(text) != "my_number_card_back"
    # A licence's number is one run of 12 digits: with little else read, not a My Number.
    assert best_type("ee 第300759009410号 昭和62年8月13日生 ex") != "my_number_card_back"


# --- real Tesseract -----------------------------------------------------------------------

# One clean fixture per type, and the fields Tesseract reads reliably on each (the rest
# is measured by `docextract eval`, not asserted here).
REAL_CASES = [
    ("residence_card_001.png", ("name", "address", "expiry_date", "document_number")),
    ("residence_card_001_back.png", ()),
    ("special_permanent_resident_certificate_002.png", ("address", "expiry_date")),
    ("special_permanent_resident_certificate_001_back.png", ("address",)),
    ("my_number_card_002.png", ("birth_date", "address", "expiry_date")),
    ("my_number_card_001_back.png", ("birth_date", "document_number")),
    ("driving_history_certificate_001.png", ("birth_date", "address", "issue_date")),
    ("driving_history_certificate_002_back.png", ()),
    ("basic_resident_register_card_001.png", ("birth_date", "address", "issue_date")),
    ("basic_resident_register_card_001_back.png", ("address",)),
    ("my_number_notification_card_001.png", ("birth_date", "address", "document_number")),
    ("individual_number_notice_001.png", ("birth_date", "issue_date", "document_number")),
]


@pytest.mark.tesseract
@pytest.mark.parametrize(("name", "keys"), REAL_CASES, ids=[c[0] for c in REAL_CASES])
def test_clean_fixture_is_read(name: str, keys: tuple[str, ...]) -> None:
    from docextract.api import extract_file
    from docextract.evaluate import comparable

    path = FIXTURES / "documents" / name
    truth = json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))
    got = extract_file(path)
    assert got["document_type"] == truth["document_type"]
    for key in keys:
        expected = truth["fields"][key]["value"]
        assert comparable(key, got["fields"][key]["value"]) == comparable(key, expected), key
    # A My Number never leaves unmasked.
    number = got["fields"].get("document_number", {}).get("value", "")
    assert not is_valid_mynumber(number)


# --- licence ------------------------------------------------------------------------------

LICENCE_FRONT: tuple[Row, ...] = (
    # 氏名 read as one glyph and 住所 as Latin debris: the value column still starts at
    # the x measured on the rows whose labels were read exactly (交付, 番号).
    (40, [(40, "氏"), (150, "近藤  花子"), (760, "昭和38年96月98日生")]),
    (120, [(40, "en"), (150, "さいたま市浦和区高砂一丁目12番5号")]),
    (260, [(40, "交付"), (150, "令和95年05月16日 99751")]),
    (340, [(60, "2029年(令和11年)07月08日まで有効")]),
    (590, [(40, "番号"), (150, "第548169088950号")]),
    (720, [(1000, "愛知県公安委員会")]),
)


def test_licence_with_misread_labels_and_zero_slips() -> None:
    got = values("drivers_license", card(*LICENCE_FRONT))
    assert got["name"] == "近藤 花子"
    assert got["birth_date"] == "1963-06-08"
    assert got["address"] == "さいたま市浦和区高砂一丁目12番5号"  # a city named in kana
    assert got["issue_date"] == "2023-05-16"
    assert got["expiry_date"] == "2029-07-08"


def test_a_date_beside_a_two_line_address_keeps_the_lines_apart() -> None:
    # OCR boxes the date as tall as both address lines (a seal's ghost glued to it): it
    # must not merge them into one row of interleaved words.
    date = Word(0, "2025年8月3日", CONF, (40, 84, 200, 62))
    lines = words_to_lines(
        [
            date,
            *words_at(84, 320, "福岡県 福岡市 博多区 博多駅前1-20-9"),
            *words_at(116, 320, "グランメゾン 博多305"),
        ]
    )
    texts = [ln.text for ln in lines]
    assert len(texts) == 2  # the date joins one of them: it stands midway
    assert any(t.endswith("福岡県福岡市博多区博多駅前1-20-9") for t in texts)
    assert any(t.endswith("グランメゾン博多305") for t in texts)


@pytest.mark.parametrize(
    ("read", "name"),
    [
        ("氏名 吉田 直 人", "吉田 直 人"),  # the label joined to the value
        ("ke山本里佳", "山本里佳"),  # a misread label
        ("近藤_花子", "近藤 花子"),  # the rule between family and given name
        ("NAME PARK SOOJIN", "PARK SOOJIN"),
        ("NAMEKAWA TARO", "NAMEKAWA TARO"),  # a name that starts like the label
        ("山田 太郎(旧姓 佐藤)", "山田 太郎(旧姓 佐藤)"),
        ("小林春香様", "小林春香"),  # the honorific, read by a crop or the sparse read
        ("小林 春香 様.", "小林 春香"),
        ("様", ""),
    ],
)
def test_names_lose_what_ocr_glued_to_them(read: str, name: str) -> None:
    assert tidy_name(read) == name


def test_licence_whose_labels_were_all_misread() -> None:
    # A blurred photo: every label read as debris. The label column is seen in the gaps,
    # and the 交付 row by the 照会番号 after its date.
    lines = card(
        (40, [(40, "ほる"), (150, "吉田  直人"), (760, "昭和62年8月13日生")]),
        (120, [(40, "ex"), (150, "東京都千代田区霞が関二丁目10番9号")]),
        (260, [(40, "ee"), (150, "令和05年07月23日 74825")]),
        (340, [(60, "2028年(令和10年)09月13日まで有効")]),
        (590, [(40, "28。"), (150, "第300759009410号")]),
        (720, [(1000, "東京都公安委員会")]),
    )
    got = values("drivers_license", lines)
    assert got["name"] == "吉田 直人"
    assert got["address"] == "東京都千代田区霞が関二丁目10番9号"
    assert got["issue_date"] == "2023-07-23"
    assert got["issuer"] == "東京都公安委員会"


def test_the_gap_column_edge_is_where_values_start_flush_left() -> None:
    # A photo: the name sits 2 px left of the date row's values and the number row begins
    # later (a blank before 第). The median of those starts had cut 高橋 off the name.
    lines = card(
        (40, [(40, "ac。"), (145, "高橋  篤司"), (760, "平成13年3月28日生")]),
        (120, [(40, "衝"), (160, "川崎市中原区小杉町一丁目2番15号")]),
        (260, [(40, "="), (147, "令和07年08月26日 30599")]),
        (590, [(40, "#3"), (170, "第452547581280号")]),
    )
    assert values("drivers_license", lines)["name"] == "高橋 篤司"


@pytest.mark.parametrize(
    ("read", "issuer"),
    [
        ("神奈川上公安委員会", "神奈川県公安委員会"),  # 県 read as 上 beside the seal
        ("大孤府公安委員会。", "大阪府公安委員会"),  # a glyph of the prefecture misread
    ],
)
def test_a_licence_issuer_with_a_misread_glyph_is_snapped_to_its_prefecture(
    read: str, issuer: str
) -> None:
    lines = card(
        (40, [(40, "氏名"), (150, "高橋  篤司"), (760, "平成13年3月28日生")]),
        (720, [(1000, read)]),
    )
    got = EXTRACTORS["drivers_license"](lines)["issuer"]
    assert got.value == issuer
    assert got.confidence < 0.9  # repaired, not read


def test_a_misread_prefecture_close_to_several_is_no_issuer() -> None:
    # 福剛県: 福岡県, 福島県 or 福井県.
    lines = card((720, [(1000, "福剛県公安委員会")]))
    assert "issuer" not in EXTRACTORS["drivers_license"](lines)


def test_a_licence_back_entry_below_the_dated_one_is_the_latest_even_undated() -> None:
    # The police write each move below the last; the newer date here was misread.
    lines = card(
        (90, [(40, "令和7年2月3日 住所 千葉県市川市八幡一丁目5番2号")]),
        (150, [(40, "信和9年2日 住所 千葉市中央区富士見二丁目11番2号")]),
    )
    assert values("drivers_license_back", lines) == {"address": "千葉市中央区富士見二丁目11番2号"}
