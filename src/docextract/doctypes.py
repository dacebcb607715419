"""What docextract knows of each document type: the words that identify it, its family.

Classification is keyword evidence, fuzzy enough for OCR errors: a type scores the
weights of its keywords found in the text. The keywords are the printed titles and
labels listed in JAPAN.md (sections 1 and 5), not anything of the fixture renderer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocType:
    name: str
    family: str
    """Front and back of one card share a family (``drivers_license``)."""
    side: str
    """``front``, ``back`` or ``page``."""
    keywords: tuple[tuple[str, float], ...]
    """(keyword, weight); titles weigh 3, labels 1. ``re:`` marks a regular expression
    for printed forms that identify a type without a title (a licence's expiry line)."""


DOC_TYPES: tuple[DocType, ...] = (
    DocType(
        "drivers_license",
        "drivers_license",
        "front",
        (
            ("運転免許証", 3),
            ("公安委員会", 2),
            ("免許の条件", 2),
            ("まで有効", 1),
            ("交付", 1),
            ("種類", 1),
            ("二・小・原", 1),
            ("氏名", 0.5),
            ("住所", 0.5),
            (r"re:\d{4}年\((?:令和|平成)\d{1,2}年\)\d{1,2}月\d{1,2}日まで有効", 2),
            (r"re:第\d{12}号", 2),
        ),
    ),
    DocType(
        "drivers_license_back",
        "drivers_license",
        "back",
        (
            ("備考", 2),
            ("臓器提供", 2),
            ("意思表示", 1),
            ("脳死", 1),
            ("心臓が停止", 1),
            ("提供しません", 1),
        ),
    ),
    DocType(
        "driving_history_certificate",
        "driving_history_certificate",
        "front",
        (("運転経歴証明書", 4), ("運転はできません", 3), ("公安委員会", 1)),
    ),
    # Backs without a title of their own: the 備考 ruling is shared with the licence, so
    # the certificate's back is told apart only by what the front said (reconcile step).
    DocType(
        "driving_history_certificate_back",
        "driving_history_certificate",
        "back",
        (("運転経歴証明書", 1), ("備考", 1)),
    ),
    DocType(
        "passport",
        "passport",
        "front",
        (
            ("PASSPORT", 3),
            ("旅券", 2),
            ("P<JPN", 3),
            ("MINISTRY OF FOREIGN AFFAIRS", 2),
            ("Surname", 1),
            ("Given name", 1),
            ("Date of expiry", 1),
        ),
    ),
    DocType(
        "basic_resident_register_card",
        "basic_resident_register_card",
        "front",
        (("住民基本台帳カード", 4), ("住基カード", 3)),
    ),
    DocType(
        "basic_resident_register_card_back",
        "basic_resident_register_card",
        "back",
        (("追記欄", 3), ("住民基本台帳", 2)),
    ),
    DocType(
        "residence_card",
        "residence_card",
        "front",
        (
            ("在留カード", 4),
            ("RESIDENCE CARD", 3),
            ("在留資格", 2),
            ("就労制限", 2),
            ("在留期間", 1),
        ),
    ),
    DocType(
        "residence_card_back",
        "residence_card",
        "back",
        (("住居地記載欄", 3), ("資格外活動許可", 2), ("在留期間更新", 2), ("記載者印", 1)),
    ),
    DocType(
        "special_permanent_resident_certificate",
        "special_permanent_resident_certificate",
        "front",
        (("特別永住者証明書", 4), ("SPECIAL PERMANENT RESIDENT", 3)),
    ),
    DocType(
        "special_permanent_resident_certificate_back",
        "special_permanent_resident_certificate",
        "back",
        (("住居地記載欄", 2), ("特別永住者", 2), ("記載者印", 1)),
    ),
    DocType(
        "my_number_card",
        "my_number_card",
        "front",
        (("個人番号カード", 4), ("電子証明書", 1), ("サインパネル", 1), ("まで有効", 1)),
    ),
    DocType(
        "my_number_card_back", "my_number_card", "back", (("個人番号", 2), ("INDIVIDUAL NUMBER", 2))
    ),
    DocType(
        "my_number_notification_card",
        "my_number_notification_card",
        "front",
        (("通知カード", 5),),
    ),
    DocType(
        "my_number_notification_card_back",
        "my_number_notification_card",
        "back",
        (("通知カード", 3), ("追記欄", 2)),
    ),
    DocType(
        "individual_number_notice",
        "my_number_notification_card",
        "page",
        (("個人番号通知書", 5), ("個人番号カードの交付申請", 2)),
    ),
    DocType(
        "utility_bill",
        "utility_bill",
        "page",
        (
            ("電気料金", 3),
            ("ガス料金", 3),
            ("水道料金", 3),
            ("下水道", 1),
            ("ご使用期間", 2),
            ("ご使用量", 1),
            ("検針", 1),
            ("領収", 1),
            ("お客さま番号", 1),
            ("料金", 1),
            ("電力", 1),
            ("瓦斯", 1),
            ("ガス", 1),
        ),
    ),
    DocType(
        "tax_receipt",
        "tax_receipt",
        "page",
        (
            ("納税証明書", 4),
            ("領収証書", 2),
            ("市民税", 2),
            ("県民税", 2),
            ("固定資産税", 2),
            ("税目", 2),
        ),
    ),
    DocType(
        "social_insurance_receipt",
        "social_insurance_receipt",
        "page",
        (("国民年金保険料", 4), ("国民健康保険料", 4), ("社会保険料", 3)),
    ),
    DocType(
        "health_insurance_card",
        "health_insurance_card",
        "page",
        (("被保険者証", 4), ("資格確認書", 4), ("保険者番号", 2), ("記号", 1)),
    ),
    DocType(
        "bank_statement",
        "bank_statement",
        "page",
        (("普通預金", 3), ("入出金明細", 3), ("取引明細", 2), ("銀行", 1), ("残高", 1)),
    ),
    DocType(
        "credit_card_statement",
        "credit_card_statement",
        "page",
        (("ご利用明細", 3), ("カードご利用", 3), ("お支払い金額", 1)),
    ),
    DocType(
        "resident_record_copy",
        "resident_record_copy",
        "page",
        (("住民票", 4), ("住民となった年月日", 2), ("世帯主", 1), ("原本と相違ない", 2)),
    ),
    DocType(
        "seal_registration_certificate",
        "seal_registration_certificate",
        "page",
        (("印鑑登録証明書", 5), ("印影", 1)),
    ),
    DocType(
        "mobile_phone_bill",
        "mobile_phone_bill",
        "page",
        (("携帯電話", 3), ("通信料", 3), ("データ通信", 2), ("スマートフォン", 2)),
    ),
    DocType(
        "order_confirmation",
        "order_confirmation",
        "page",
        (("ご注文内容", 3), ("注文番号", 3), ("ご注文", 2), ("お届け先", 2), ("注文確認", 3)),
    ),
    DocType(
        "shop_receipt",
        "shop_receipt",
        "page",
        (("レシート", 3), ("お買上", 3), ("小計", 2), ("お預り", 2), ("お釣り", 2)),
    ),
)

BY_NAME = {d.name: d for d in DOC_TYPES}
