"""Proof-of-address documents from companies: bank and credit-card statements.

Statements carry the clutter that trips extractors: transaction tables full of dates,
the issuer's branch address, a 担当者 name, the account name in katakana, お支払日 and
ご利用期間. Shared helpers (branch address, tables) serve poa_lookalike too.
"""

from __future__ import annotations

import datetime as dt

from .people import Address
from .poa_pdf import (
    GREY,
    PALE,
    AddressForm,
    Drawn,
    Holder,
    PdfDoc,
    addressee,
    date_text,
)
from .poa_public import h_name

WEEKDAYS = "月火水木金土日"

_BANK_MEMOS: tuple[tuple[str, int, int], ...] = (
    # (memo, low, high) in yen; negative amounts are withdrawals.
    ("カード", -50_000, -10_000),
    ("振込 {payee}", -60_000, -5_000),
    ("デンキ カントウデンリヨク", -12_000, -5_000),
    ("ガス ボウソウガス", -8_000, -3_000),
    ("ATM", -40_000, -10_000),
    ("給与 ミドリセイコウ(カ", 240_000, 380_000),
    ("振込 {payer}", 10_000, 50_000),
    ("NHK ジユシンリヨウ", -1_100, -1_100),
    ("カ－ド ハナミズキカ－ド", -120_000, -30_000),
)
_SHOPS = (
    "スーパーマルヤマ",
    "ENEOS 船橋SS",
    "ドラッグセイムス",
    "AMAZON.CO.JP",
    "ユニクロ",
    "JR東日本 モバイルSuica",
    "スターバックス",
    "ヨドバシカメラ",
    "マツモトキヨシ",
    "セブン－イレブン",
    "東京メトロ",
    "ニトリ",
)


def branch_address(h: Holder) -> str:
    """The branch sits in the holder's town with other block numbers: a near-miss address."""
    a = h.address
    branch = Address(a.place, a.chome % 3 + 1, a.ban + 7, 9)
    return f"〒{a.place.postal} {branch.render('kanji_chome')}"


def _transactions(
    h: Holder, salt: int, start: dt.date, days: int, n: int
) -> list[tuple[dt.date, str, int, int, int]]:
    """(date, memo, out, in, balance) rows, dates increasing, balance consistent."""
    rng = h.rng(salt)
    payer = h.stranger(salt + 1, female=True)
    payee = h.stranger(salt + 2)
    balance = 200_000 + 1000 * int(rng.integers(0, 400))
    offsets = sorted(int(x) for x in rng.integers(0, days, n))
    rows = []
    for off in offsets:
        memo, low, high = _BANK_MEMOS[int(rng.integers(len(_BANK_MEMOS)))]
        memo = memo.format(payee=payee.kana, payer=payer.kana)
        amount = int(rng.integers(low, high + 1))
        if memo.startswith(("カード", "振込", "ATM")):
            amount = amount // 1000 * 1000  # cash and transfers in round thousands
        if balance + amount < 10_000:  # never overdrawn: payday comes first
            memo, amount = _BANK_MEMOS[5][0], 300_000
        balance += amount
        when = start + dt.timedelta(days=off)
        rows.append((when, memo, max(-amount, 0), max(amount, 0), balance))
    return rows


def table(
    doc: PdfDoc,
    x: float,
    y: float,
    widths: list[float],
    rows: list[tuple[str, ...]],
    right: set[int],
    size: float = 8.5,
    row_h: float = 17,
) -> float:
    """Header row shaded, thin rules; returns the y below the table."""
    doc.rect(x, y, sum(widths), row_h, fill=PALE)
    doc.grid(x, y, widths, [row_h] * len(rows), 0.5)
    for r, row in enumerate(rows):
        cx = x
        for c, (w, s) in enumerate(zip(widths, row, strict=True)):
            if c in right and r:
                doc.text(cx + w - 4, y + r * row_h + row_h * 0.68, s, size, align="right")
            else:
                doc.text(cx + 4, y + r * row_h + row_h * 0.68, s, size)
            cx += w
    return y + row_h * len(rows)


def bank_statement_with_cover(h: Holder) -> Drawn:
    """Two pages: a cover letter (name, address, bank) and the statement (作成日, 口座番号)."""
    bank, branch = "みずなみ銀行", h.municipality[:-1] + "支店"
    doc = PdfDoc("普通預金 取引明細書")
    addressee(doc, 60, 86, h, AddressForm("hyphen", fullwidth=True, split=True), "様", 11)
    doc.logo(372, 64, 22, (0.1, 0.5, 0.35))
    doc.field("issuer", 440, 80, bank, 15, "ipam")
    doc.text(440, 98, branch, 11, "ipam")
    doc.text(372, 118, branch_address(h), 7.5, color=GREY)
    doc.text(372, 130, "TEL 0120-000-510（平日9:00～17:00）", 7.5, color=GREY)
    clerk = h.stranger(101)
    doc.text(372, 142, f"担当　{clerk.family}　{clerk.given}", 8, color=GREY)

    doc.text(doc.w / 2, 262, "お取引明細書送付のご案内", 15, "ipam", "centre")
    body = (
        "拝啓　平素は格別のお引き立てを賜り、厚く御礼申し上げます。",
        "さて、お客さまの普通預金のお取引明細書を作成いたしましたので、同封にてお送りいたします。",
        "お取引内容をご確認のうえ、大切に保管くださいますようお願い申し上げます。",
        "今後とも変わらぬお引き立てを賜りますよう、よろしくお願い申し上げます。",
    )
    for i, s in enumerate(body):
        doc.text(70, 300 + i * 20, s, 10, "ipam")
    doc.text(525, 386, "敬具", 10, "ipam", "right")
    doc.text(doc.w / 2, 420, "記", 11, "ipam", "centre")
    doc.text(110, 448, "同封書類　　普通預金 取引明細書　1通", 10, "ipam")
    doc.text(110, 468, "対象期間　　2026年10月1日～2026年10月31日", 10, "ipam")
    doc.text(525, 496, "以上", 10, "ipam", "right")
    doc.text(
        60,
        770,
        "※ご住所・お名前等に変更がございましたら、お取引店までお届けください。",
        8,
        color=GREY,
    )

    doc.next_page()
    doc.text(doc.w / 2, 64, "普通預金 取引明細書", 16, "ipag", "centre")
    doc.date_field(535, 92, dt.date(2026, 11, 2), "western", 10, align="right", prefix="作成日　")
    doc.text(60, 92, f"{bank}　{branch}", 10)
    number = h.digits(102, 7)
    doc.grid(60, 108, [60, 60, 110, 245], [18, 22], 0.6)
    doc.rect(60, 108, 475, 18, fill=PALE)
    doc.grid(60, 108, [60, 60, 110, 245], [18, 22], 0.6)
    for x, s in ((64, "店番"), (124, "科目"), (184, "口座番号"), (294, "口座名義")):
        doc.text(x, 121, s, 8.5)
    doc.text(64, 143, h.digits(103, 3), 10)
    doc.text(124, 143, "普通", 10)
    doc.field("document_number", 184, 143, number, 10)
    doc.text(294, 143, f"{h.kana}　様", 10)

    rows: list[tuple[str, ...]] = [("年月日", "摘要", "お支払金額", "お預り金額", "差引残高")]
    for d, memo, out, inn, bal in _transactions(h, 104, dt.date(2026, 10, 1), 31, 18):
        rows.append(
            (
                f"{d.year}.{d.month:02d}.{d.day:02d}",
                memo,
                f"{out:,}" if out else "",
                f"{inn:,}" if inn else "",
                f"{bal:,}",
            )
        )
    end = table(doc, 60, 166, [70, 175, 75, 75, 80], rows, {2, 3, 4})
    doc.text(60, end + 20, "※摘要欄の「カード」はキャッシュカードによるお取引です。", 8, color=GREY)
    doc.text(doc.w / 2, 810, "1 / 1", 8, align="centre", color=GREY)
    return doc.finish((0.5, 0.95))


def bank_web_statement(h: Holder) -> Drawn:
    """入出金明細 printed from online banking: the bank appears only as its logo."""
    doc = PdfDoc("入出金明細照会")
    doc.rect(0, 0, doc.w, 44, width=0, fill=PALE)
    doc.logo(30, 11, 22, (0.15, 0.3, 0.65))
    doc.text(110, 28, "インターネットバンキング", 11, "ipagp")
    doc.text(565, 28, "ログアウト", 9, "ipagp", "right", GREY)
    doc.text(40, 84, "入出金明細照会", 16, "ipagp")
    doc.date_field(555, 84, dt.date(2026, 11, 4), "slash", 9, "ipagp", "right", "作成日 ")

    doc.grid(40, 104, [110, 405], [22, 22, 22, 34], 0.5)
    doc.rect(40, 104, 110, 100, fill=PALE)
    doc.grid(40, 104, [110, 405], [22, 22, 22, 34], 0.5)
    doc.text(48, 119, "お名前", 9, "ipagp")
    doc.field("name", 158, 120, f"{h.person.name}　様", 11, "ipagp", value=h_name(h))
    doc.text(48, 141, "口座", 9, "ipagp")
    number = h.digits(111, 7)
    end = doc.text(158, 142, "本店営業部　普通　", 10, "ipagp")
    doc.field("document_number", end, 142, number, 10, "ipagp")
    doc.text(48, 163, "照会期間", 9, "ipagp")
    doc.text(158, 164, "2026/09/01 ～ 2026/10/31", 10, "ipagp")
    doc.text(48, 185, "お届け住所", 9, "ipagp")
    doc.text(158, 183, f"〒{h.place.postal}", 8.5, "ipagp")
    doc.field("address", 158, 197, h.address.render("arabic_chome"), 10, "ipagp", max_w=390)

    rows: list[tuple[str, ...]] = [("日付", "摘要", "お引出し", "お預入れ", "残高")]
    for d, memo, out, inn, bal in _transactions(h, 112, dt.date(2026, 9, 1), 61, 22):
        rows.append(
            (
                f"{d.year}/{d.month:02d}/{d.day:02d}",
                memo,
                f"{out:,}円" if out else "",
                f"{inn:,}円" if inn else "",
                f"{bal:,}円",
            )
        )
    end_y = table(doc, 40, 226, [72, 190, 90, 90, 73], rows, {2, 3, 4}, 8.5, 18)
    doc.text(40, end_y + 22, "※表示されている残高は照会時点のものです。", 8, "ipagp", color=GREY)
    doc.text(doc.w / 2, 815, "1/1", 8, "ipagp", "centre", GREY)
    return doc.finish((0.5, 0.96))


def _card_rows(h: Holder, salt: int, start: dt.date, n: int) -> list[tuple[dt.date, str, str, int]]:
    rng = h.rng(salt)
    offsets = sorted(int(x) for x in rng.integers(0, 30, n))
    rows = []
    for off in offsets:
        shop = _SHOPS[int(rng.integers(len(_SHOPS)))]
        user = "家族" if rng.random() < 0.2 else "本人"
        rows.append((start + dt.timedelta(days=off), shop, user, int(rng.integers(15, 900)) * 10))
    return rows


def _card_table(
    doc: PdfDoc, y: float, rows: list[tuple[dt.date, str, str, int]]
) -> tuple[float, int]:
    cells: list[tuple[str, ...]] = [
        ("ご利用日", "ご利用店名", "ご利用者", "支払区分", "ご利用金額")
    ]
    total = 0
    for d, shop, user, amount in rows:
        cells.append((f"{d.month:02d}/{d.day:02d}", shop, user, "1回", f"{amount:,}"))
        total += amount
    return table(doc, 50, y, [60, 215, 60, 60, 100], cells, {4}, 8.5, 18), total


def card_statement_two_pages(h: Holder) -> Drawn:
    """ご利用代金明細書 on two pages; every field is on page 0, page 1 is the detail."""
    issuer = "ハナミズキカード株式会社"
    doc = PdfDoc("ご利用代金明細書")
    addressee(doc, 56, 80, h, AddressForm("arabic_chome"), "様", 10.5)
    doc.field("issuer", 545, 80, issuer, 13, "ipag", "right")
    doc.text(545, 96, "〒105-0011 東京都港区芝公園二丁目4番1号", 7.5, align="right", color=GREY)
    doc.text(545, 108, "カードデスク 0570-000-111（9:00～17:00）", 7.5, align="right", color=GREY)
    doc.text(doc.w / 2, 200, "ご利用代金明細書", 17, "ipag", "centre")
    doc.date_field(545, 224, dt.date(2026, 10, 16), "western", 9.5, align="right", prefix="発行日 ")

    first = _card_rows(h, 121, dt.date(2026, 9, 16), 24)
    amount = sum(r[3] for r in first)
    card = "****-****-****-" + h.digits(122, 4)
    summary = (
        ("お支払日", date_text(dt.date(2026, 11, 10), "western")),
        ("今回ご請求金額", f"{amount:,}円"),
        ("お支払方法", "口座振替（みずなみ銀行 ****" + h.digits(123, 3) + "）"),
        ("カード名称", "ハナミズキカード ゴールド"),
        ("締め日", date_text(dt.date(2026, 10, 15), "western")),
    )
    doc.grid(50, 240, [120, 375], [20] * 6, 0.5)
    doc.rect(50, 240, 120, 120, fill=PALE)
    doc.grid(50, 240, [120, 375], [20] * 6, 0.5)
    for i, (label, value) in enumerate(summary):
        doc.text(56, 254 + i * 20, label, 9)
        doc.text(178, 254 + i * 20, value, 10 if i != 1 else 12)
    doc.text(56, 354, "カード番号", 9)
    doc.field("document_number", 178, 354, card, 10)
    doc.text(50, 386, "■ご利用明細", 11)
    end, _ = _card_table(doc, 394, first[:14])
    doc.text(545, end + 18, "（次ページへ続きます）", 8.5, align="right", color=GREY)
    doc.text(doc.w / 2, 815, "1/2", 8, align="centre", color=GREY)

    doc.next_page()
    doc.text(50, 60, "■ご利用明細（つづき）", 11)
    doc.text(545, 60, f"{h.person.name}　様", 9.5, align="right")
    end, _ = _card_table(doc, 70, first[14:])
    doc.text(400, end + 20, "ご利用金額合計", 10)
    doc.text(545, end + 20, f"{amount:,}円", 11, align="right")
    box = end + 50
    doc.rect(50, box, 495, 86, radius=4)
    doc.text(62, box + 20, "ポイントのご案内", 10)
    points = int(h.rng(124).integers(800, 9000))
    doc.text(62, box + 42, f"現在のポイント　{points:,}pt", 9.5)
    doc.text(62, box + 62, f"ポイント有効期限　{date_text(dt.date(2028, 10, 31), 'western')}", 9.5)
    notes = (
        "※ご利用店名は、加盟店からの通知に基づき表示しております。",
        "※「家族」はご家族カードのご利用分です。",
        "※リボ払い・分割払いの手数料は、次回以降の明細書に記載いたします。",
    )
    for i, s in enumerate(notes):
        doc.text(50, box + 118 + i * 14, s, 8, color=GREY)
    doc.text(doc.w / 2, 815, "2/2", 8, align="centre", color=GREY)
    return doc.finish((0.5, 0.93))


def card_statement_no_date(h: Holder) -> Drawn:
    """カードご利用代金明細: only お支払日 and ご利用期間, no issue date at all."""
    doc = PdfDoc("カードご利用代金明細")
    doc.field("issuer", 56, 56, "ツバキカード株式会社", 12, "ipamp")
    doc.text(56, 70, "〒530-0000 大阪府大阪市北区中之島三丁目2番4号", 7.5, "ipamp", color=GREY)
    addressee(doc, 56, 120, h, AddressForm("kanji_chome", split=True), "様", 10.5, "ipamp", 14)
    doc.text(doc.w / 2, 260, "カードご利用代金明細", 16, "ipamp", "centre")
    rows = _card_rows(h, 131, dt.date(2026, 9, 16), 12)
    amount = sum(r[3] for r in rows)
    doc.rect(50, 280, 495, 60, radius=4)
    doc.text(62, 302, f"お支払日　{date_text(dt.date(2026, 11, 27), 'western')}", 11, "ipamp")
    doc.text(300, 302, f"お支払い金額　{amount:,}円", 12, "ipamp")
    start, end_day = dt.date(2026, 9, 16), dt.date(2026, 10, 15)
    span = f"{date_text(start, 'western')}～{date_text(end_day, 'western')}"
    doc.text(62, 326, f"ご利用期間　{span}", 9.5, "ipamp")
    card = "****-****-****-" + h.digits(132, 4)
    doc.text(300, 326, "カード番号　", 9.5, "ipamp")
    doc.field("document_number", 360, 326, card, 9.5, "ipamp")
    doc.text(50, 370, "■カードご利用明細", 11, "ipamp")
    end, _ = _card_table(doc, 378, rows)
    doc.text(545, end + 18, f"合計　{amount:,}円", 10.5, "ipamp", "right")
    doc.text(
        50,
        780,
        "※お引落しができなかった場合は、後日お振込用紙をお送りします。",
        8,
        "ipamp",
        color=GREY,
    )
    return doc.finish((0.5, 0.9))
