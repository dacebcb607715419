"""Look-alikes: they print a name, an address, a date and an issuer, yet prove nothing.

A till receipt with a delivery slip, a mobile-phone bill (not a 公共料金 under 犯収法)
and an online shop's order confirmation: each must come out POA_TYPE_NOT_ACCEPTED
even though every field an accepted document needs is there.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .poa_commercial import branch_address, table
from .poa_pdf import (
    GREY,
    MM,
    PALE,
    AddressForm,
    Drawn,
    Holder,
    PdfDoc,
    addressee,
    date_text,
    yen,
)
from .poa_public import h_name

WEEKDAYS = "月火水木金土日"


def shop_receipt(h: Holder) -> Drawn:
    """A narrow till receipt with a delivery slip (配送先): name, address, store, date."""
    doc = PdfDoc("レシート", (80 * MM, 205 * MM))
    cx = doc.w / 2
    store = f"ヤマノ電機 {h.municipality[:-1]}店"
    doc.field("issuer", cx, 40, store, 13, "ipag", "centre")
    for i, s in enumerate(
        (
            "ヤマノ電機株式会社",
            "登録番号 T" + h.digits(141, 13),
            branch_address(h).split(" ", 1)[1],
            "TEL 0120-000-880",
        )
    ):
        doc.text(cx, 58 + i * 11, s, 7, align="centre")
    when = dt.date(2026, 10, 18)
    doc.date_field(14, 118, when, "western", 8.5, suffix=f"({WEEKDAYS[when.weekday()]}) 14:32")
    clerk = h.stranger(142)
    doc.text(14, 131, f"レジ0003　担当:{clerk.family}", 8)
    doc.line(12, 138, doc.w - 12, 138, dash=(2, 2))
    items = (("電子レンジ ER-S17", 32_800), ("延長保証 5年", 1_640), ("HDMIケーブル 2m", 1_280))
    y = 154.0
    for name, price in items:
        doc.text(14, y, name, 8.5)
        doc.text(doc.w - 14, y, f"¥{price:,}", 8.5, align="right")
        y += 14
    total = sum(p for _, p in items)
    doc.line(12, y - 4, doc.w - 12, y - 4, dash=(2, 2))
    paid = (total // 10_000 + 1) * 10_000
    for label, value in (
        ("小計", f"¥{total:,}"),
        ("(10%対象", f"¥{total:,})"),
        ("(内消費税等", f"¥{total - round(total / 1.1):,})"),
        ("合計", f"¥{total:,}"),
        ("お預り", f"¥{paid:,}"),
        ("お釣り", f"¥{paid - total:,}"),
    ):
        y += 14
        big = label == "合計"
        doc.text(14, y, label, 11 if big else 8.5)
        doc.text(doc.w - 14, y, value, 11 if big else 8.5, align="right")
    y += 24
    doc.text(cx, y, "【配送受付票】", 9, align="centre")
    delivery = dt.date(2026, 10, 24)
    doc.text(
        14,
        y + 16,
        f"お届け予定日 {date_text(delivery, 'western')}({WEEKDAYS[delivery.weekday()]})",
        8,
    )
    doc.text(14, y + 30, "お届け先", 8, color=GREY)
    doc.text(14, y + 43, f"〒{h.place.postal}", 8)
    lines = AddressForm("hyphen", split=True).lines(h.address)
    doc.lines_field("address", 14, y + 55, lines, 8, leading=1.4, max_w=doc.w - 28)
    doc.field("name", 14, y + 85, f"{h.person.name} 様", 10, value=h_name(h))
    y += 110
    doc.text(cx, y, "お買上げありがとうございました", 8.5, align="centre")
    doc.text(cx, y + 13, "返品・交換はレシートをお持ちください", 7, align="centre")
    rng = np.random.default_rng(h.seed + 143)
    x = 30.0
    while x < doc.w - 30:  # a barcode-like strip (no text)
        bar = float(rng.uniform(0.6, 2.2))
        doc.rect(x, y + 24, bar, 26, width=0, fill=GREY)
        x += bar + float(rng.uniform(0.8, 2.4))
    return doc.finish((0.5, 0.4))


def mobile_bill(h: Holder) -> Drawn:
    """携帯電話ご利用料金のお知らせ: looks like a utility bill, is not an accepted one."""
    issuer = "ミライモバイル株式会社"
    doc = PdfDoc("携帯電話ご利用料金のお知らせ")
    addressee(doc, 56, 80, h, AddressForm("arabic_chome", fullwidth=True), "様", 10.5)
    doc.logo(380, 58, 18, (0.85, 0.45, 0.1))
    doc.field("issuer", 545, 96, issuer, 12, align="right")
    doc.text(545, 110, "〒108-0075 東京都港区港南一丁目8番15号", 7.5, align="right", color=GREY)
    doc.text(545, 121, "お客さまセンター 0800-000-1234", 7.5, align="right", color=GREY)
    doc.text(doc.w / 2, 196, "携帯電話ご利用料金のお知らせ", 16, "ipag", "centre")
    doc.date_field(
        545, 220, dt.date(2026, 11, 1), "western_pad", 9.5, align="right", prefix="発行日 "
    )
    contract = "M" + h.digits(151, 10)
    info = (
        ("ご契約番号", contract),
        ("ご利用電話番号", f"090-0{h.digits(152, 3)}-{h.digits(153, 4)}"),
        ("ご利用期間", "2026年10月1日～2026年10月31日"),
        ("お支払方法", "口座振替（振替日 2026年11月26日）"),
    )
    doc.grid(56, 236, [110, 373], [20] * 4, 0.5)
    doc.rect(56, 236, 110, 80, fill=PALE)
    doc.grid(56, 236, [110, 373], [20] * 4, 0.5)
    for i, (label, value) in enumerate(info):
        doc.text(62, 250 + i * 20, label, 9)
        if i == 0:
            doc.field("document_number", 172, 250, value, 10)
        else:
            doc.text(172, 250 + i * 20, value, 10)
    gb = int(h.rng(154).integers(3, 20))
    items = [
        ("基本使用料（ミライプランM スマートフォン）", 3_980),
        (f"データ通信料（{gb}.4GB）", 0),
        ("通話料（国内）", 10 * int(h.rng(155).integers(20, 300))),
        ("家族割引", -500),
        ("ユニバーサルサービス料", 3),
        ("電話リレーサービス料", 1),
    ]
    sub = sum(a for _, a in items)
    tax = round(sub * 0.1)
    rows: list[tuple[str, ...]] = [("内訳", "金額")]
    rows += [(label, yen(a)) for label, a in items]
    rows += [("消費税等（10%）", yen(tax)), ("ご請求金額（通信料 合計）", yen(sub + tax))]
    end = table(doc, 56, 346, [339, 150], rows, {1}, 9.5, 20)
    notes = (
        "※この書面は領収書ではありません。口座振替の結果は通帳でご確認ください。",
        "※ご利用明細はお客さま専用サイトでもご確認いただけます。",
    )
    for i, s in enumerate(notes):
        doc.text(56, end + 28 + i * 14, s, 8, color=GREY)
    return doc.finish((0.5, 0.9))


def order_confirmation(h: Holder) -> Drawn:
    """An online shop's ご注文内容の確認 e-mail, printed: お届け先 and 注文日, not a proof."""
    issuer = "ハナマルマート株式会社"
    doc = PdfDoc("ご注文内容の確認")
    order = f"250-{h.digits(161, 7)}-{h.digits(162, 7)}"
    mail = f"{h.person.given_latin}.{h.person.family_latin}".lower().replace(" ", "")
    head = (
        ("件名", f"【ハナマルマート】ご注文内容の確認（{order}）"),
        ("差出人", "ハナマルマート <order@hanamaru-mart.example>"),
        ("宛先", f"{mail}@example.jp"),
        ("日時", "2026年10月22日 21:14"),
    )
    doc.text(40, 40, "【ハナマルマート】ご注文内容の確認", 14, "ipagp")
    for i, (label, value) in enumerate(head):
        doc.text(40, 62 + i * 13, f"{label}:", 8, "ipagp", color=GREY)
        doc.text(90, 62 + i * 13, value, 8, "ipagp")
    doc.line(40, 118, 555, 118)
    doc.field("name", 40, 140, f"{h.person.name} 様", 11, "ipagp", value=h_name(h))
    body = (
        "この度はハナマルマートをご利用いただき、誠にありがとうございます。",
        "以下の内容でご注文を承りましたので、ご確認ください。",
    )
    for i, s in enumerate(body):
        doc.text(40, 164 + i * 16, s, 10, "ipagp")
    doc.date_field(40, 214, dt.date(2026, 10, 22), "slash", 10, "ipagp", prefix="■ご注文日　")
    doc.text(40, 232, "■ご注文番号　", 10, "ipagp")
    doc.field("document_number", 112, 232, order, 10, "ipagp")
    doc.text(40, 258, "■お届け先", 10, "ipagp")
    doc.text(56, 276, f"〒{h.place.postal}", 10, "ipagp")
    doc.field("address", 56, 292, h.address.render("hyphen"), 10, "ipagp", max_w=480)
    doc.text(56, 308, f"{h.person.name} 様", 10, "ipagp")
    rows: list[tuple[str, ...]] = [("商品名", "数量", "小計")]
    goods = (("ステンレス電気ケトル 1.0L", 1, 3_980), ("コーヒー豆 500g（中煎り）", 2, 2_760))
    rows += [(g, str(q), f"{p:,}円") for g, q, p in goods]
    end = table(doc, 40, 330, [330, 60, 125], rows, {1, 2}, 9.5, 20)
    total = sum(p for _, _, p in goods)
    lines = (
        f"商品合計　{total:,}円　／　送料　0円　／　ご請求金額　{total:,}円",
        "■お支払い方法　クレジットカード（****-****-****-" + h.digits(163, 4) + "）",
        "■お届け予定日　2026/10/25（日）",
    )
    for i, s in enumerate(lines):
        doc.text(40, end + 24 + i * 18, s, 10, "ipagp")
    sign = end + 120
    doc.line(40, sign - 14, 555, sign - 14, dash=(2, 2))
    doc.field("issuer", 40, sign, issuer, 10, "ipagp")
    doc.text(40, sign + 15, "〒150-0043 東京都渋谷区道玄坂一丁目12番1号", 8.5, "ipagp", color=GREY)
    doc.text(40, sign + 29, "https://www.hanamaru-mart.example/", 8.5, "ipagp", color=GREY)
    doc.text(
        40, sign + 43, "※このメールは送信専用アドレスから配信されています。", 8, "ipagp", color=GREY
    )
    return doc.finish((0.5, 0.9))
