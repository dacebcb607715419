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
            # An address-change entry as the police write it (令和7年3月14日 住所 …): the
            # 備考 area's own form, read even where a phone photo loses the small print
            # of the organ-donation box below it.
            (r"re:(?:令和|平成|昭和)[0-9元]{1,2}年[0-9]{1,2}月[0-9]{1,2}日住所", 1.5),
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
        # The certificate prints much of a licence (公安委員会, 交付, 第…号, 二・小・原), so
        # its own cues (JAPAN.md §1.2: the title, 「自動車等の運転はできません」, the
        # 運転経歴 it certifies, 取消) must outweigh the licence's full set (~7).
        (
            ("運転経歴証明書", 4),
            ("運転はできません", 4),
            ("運転経歴", 2),
            ("取消", 1),
            ("公安委員会", 2),
            ("二・小・原", 1),
            (r"re:第\d{12}号", 2),
        ),
    ),
    # The back shares the 備考 ruling with the licence back; it speaks of itself as
    # 「この証明書」 and may say it is not a licence (「運転免許証ではありません」, whose
    # 運転免許証 also scores the licence front's 3). この証明書 and 備考 alone are any
    # certificate's (a 納税証明書 prints both), so they weigh little.
    DocType(
        "driving_history_certificate_back",
        "driving_history_certificate",
        "back",
        (
            ("運転経歴証明書", 3),
            ("運転免許証ではありません", 4),
            ("この証明書", 1),
            ("備考", 1.5),
        ),
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
    # 住基カード (JAPAN.md §1.4). The title is often printed reversed out of a coloured
    # band, which Tesseract drops; the 住民基本台帳(法) wording and the front's labels
    # (有効期限 and 交付年月日 together are on no other card) then carry the front.
    DocType(
        "basic_resident_register_card",
        "basic_resident_register_card",
        "front",
        (
            ("住民基本台帳カード", 4),
            ("住基カード", 3),
            ("住民基本台帳", 2),
            ("有効期限", 1.5),
            ("交付年月日", 1),
            ("生年月日", 0.5),
            ("住所", 0.5),
            ("性別", 0.5),
            (r"re:[一-龥]{1,5}[市区町村]長", 1),
        ),
    ),
    # Negative weights: a label printed only on the other side of the card.
    DocType(
        "basic_resident_register_card_back",
        "basic_resident_register_card",
        "back",
        (("追記欄", 3), ("追記", 1), ("住民基本台帳", 1), ("生年月日", -1), ("有効期限", -1)),
    ),
    # 在留カード (JAPAN.md §1.5). The card number's shape (2 letters, 8 digits, 2 letters)
    # and 法務大臣 are shared with the 特別永住者証明書; the labels tell the two apart.
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
            ("許可の種類", 1),
            ("法務大臣", 1),
            ("MINISTER OF JUSTICE", 1),
            (r"re:[A-Z]{2}\d{8}[A-Z]{2}", 2),
        ),
    ),
    # The 住居地記載欄 heads both foreign-resident backs; only the residence card's has
    # the 資格外活動許可欄 and 在留期間更新等許可申請欄, so the heading alone leans to the
    # certificate (2.5 here against 3 there). An entry of the table (a Western date, then
    # an address from its prefecture) is evidence of either back when the heading is
    # misread; 「このカード」/「この証明書」 in the notes then tells which.
    DocType(
        "residence_card_back",
        "residence_card",
        "back",
        (
            ("住居地記載欄", 2.5),
            ("資格外活動許可", 2),
            ("在留期間更新", 2),
            ("記載者印", 1),
            ("このカード", 1),
            (r"re:(?:19|20)\d\d年\d{1,2}月\d{1,2}日[|｜]?[一-龥]{2,3}[都道府県]", 2),
        ),
    ),
    # 特別永住者証明書 (JAPAN.md §1.6): no 在留資格; 次回確認期限 instead.
    DocType(
        "special_permanent_resident_certificate",
        "special_permanent_resident_certificate",
        "front",
        (
            ("特別永住者証明書", 4),
            ("SPECIAL PERMANENT RESIDENT", 3),
            ("特別永住者", 2),
            ("次回確認期限", 2),
            ("平和条約", 1),
            ("この証明書", 1),
            ("法務大臣", 1),
            (r"re:[A-Z]{2}\d{8}[A-Z]{2}", 2),
        ),
    ),
    DocType(
        "special_permanent_resident_certificate_back",
        "special_permanent_resident_certificate",
        "back",
        (
            ("住居地記載欄", 3),
            ("特別永住者", 1),
            ("記載者印", 1),
            ("この証明書", 1),
            (r"re:(?:19|20)\d\d年\d{1,2}月\d{1,2}日[|｜]?[一-龥]{2,3}[都道府県]", 2),
            ("生年月日", -1),
        ),
    ),
    DocType(
        "my_number_card",
        "my_number_card",
        "front",
        (
            ("個人番号カード", 4),
            ("電子証明書", 1),
            ("サインパネル", 1),
            ("まで有効", 1),
            ("住所", 0.5),
            ("性別", 0.5),
        ),
    ),
    # The back (JAPAN.md §1.7) prints the 12-digit number, the name and the birth date
    # but no address: a 住所 label is evidence of a front (this card's or a 通知カード),
    # 住民/世帯 of a 住民票 that shows the 個人番号.
    DocType(
        "my_number_card_back",
        "my_number_card",
        "back",
        (
            ("個人番号", 2),
            ("INDIVIDUAL NUMBER", 2),
            # On the classifier's space-free text: OCR debris may touch the number.
            (r"re:\d{12}", 2),
            # The card prints it in groups of four, a licence its 12 digits in one run: on
            # a phone photo that lost the small print, the number alone tells the side.
            (r"spaced:(?<!\d)\d{4} \d{4} \d{4}(?!\d)", 1.5),
            # 第 … 号 around 12 digits is a licence's (or 経歴証明書's) number.
            (r"re:第\d{12}号", -2),
            (r"re:(?:昭和|平成|令和|大正)[0-9元]{1,2}年[0-9]{1,2}月[0-9]{1,2}日生", 1),
            ("住所", -2),
            ("通知", -2),
            ("住民", -2),
            ("世帯", -2),
        ),
    ),
    # 通知カード (JAPAN.md §1.8): the number, 氏名, 住所 and 生年月日 on the titled front;
    # the back is an 追記欄 for changes. Its note 「個人番号カードではありません」 also
    # scores the My Number card's title (4), which the front's labels outweigh.
    DocType(
        "my_number_notification_card",
        "my_number_notification_card",
        "front",
        (
            ("通知カード", 3),
            ("本人確認書類としては使用できません", 2),
            ("個人番号", 1),
            ("氏名", 1),
            ("生年月日", 1),
            (r"re:(?<!\d)\d{12}(?!\d)", 1),
        ),
    ),
    DocType(
        "my_number_notification_card_back",
        "my_number_notification_card",
        "back",
        (("通知カード", 3), ("追記欄", 3), ("変更", 1), ("生年月日", -1)),
    ),
    DocType(
        "individual_number_notice",
        "my_number_notification_card",
        "page",
        (("個人番号通知書", 5), ("個人番号カードの交付申請", 2), ("マイナンバー", 1)),
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
            # The payer's stub of a tax slip (納税者保管) and its columns.
            ("納税者", 2),
            ("納期限", 1),
            ("税額", 1),
        ),
    ),
    DocType(
        "social_insurance_receipt",
        "social_insurance_receipt",
        "page",
        (
            ("国民年金保険料", 4),
            ("国民健康保険料", 4),
            ("社会保険料", 3),
            ("日本年金機構", 2),
            ("基礎年金番号", 2),
        ),
    ),
    DocType(
        "health_insurance_card",
        "health_insurance_card",
        "page",
        (
            ("被保険者証", 4),
            ("資格確認書", 4),
            # OCR loses the last glyph of a title often; 資格確認 alone is still the title.
            ("資格確認", 3),
            ("保険者番号", 2),
            ("保険者名称", 2),
            ("資格取得年月日", 2),
            ("一部負担金", 2),
            ("記号", 1),
        ),
    ),
    DocType(
        "bank_statement",
        "bank_statement",
        "page",
        (
            ("普通預金", 3),
            ("入出金明細", 3),
            ("取引明細", 2),
            ("インターネットバンキング", 2),
            ("照会期間", 2),
            ("お預入れ", 1),
            ("お引出し", 1),
            ("銀行", 1),
            ("残高", 1),
        ),
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
        (("印鑑登録証明書", 5), ("印鑑登録", 3), ("印影", 1)),
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

# Backs that print the same thing: a 運転経歴証明書's 備考 reads like a licence's, and a
# 特別永住者証明書's 住居地記載欄 like a residence card's. Text cannot tell them apart;
# the front can.
LOOKALIKE_BACKS: tuple[frozenset[str], ...] = (
    frozenset({"drivers_license", "driving_history_certificate"}),
    frozenset({"residence_card", "special_permanent_resident_certificate"}),
)
