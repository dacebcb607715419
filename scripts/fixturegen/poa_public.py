"""Proof-of-address documents from public bodies: pension, tax, 住民票, 印鑑登録証明書.

Layouts follow JAPAN.md §5: receipts carry a 領収日付印 (or lack one), certificates
end with the certification sentence, the 証明日 and the head of the municipality with
a square 公印. Each also prints the dates and names a careless extractor would take
(納付期限, 生年月日, 住所を定めた年月日, the mayor's own name, the previous address).
"""

from __future__ import annotations

import datetime as dt

from docextract.text.numbers import mynumber_check_digit

from .poa_pdf import (
    GREY,
    PALE,
    AddressForm,
    DateStyle,
    Drawn,
    Holder,
    PdfDoc,
    PdfFont,
    addressee,
    date_text,
    fit,
    yen,
)
from .poa_raster import round_seal, square_seal

PENSION_MONTHLY = 17_920  # 国民年金保険料, 令和8年度 (月額)
NENKIN = "日本年金機構"


def h_name(h: Holder) -> str:
    """The truth form of the holder's name (ideographic space folded)."""
    return " ".join(h.person.name.split())


def _pension_number(h: Holder) -> str:
    """基礎年金番号 (4-6 digits): printed, but kept out of the truth."""
    return f"{h.digits(1, 4)}-{h.digits(2, 6)}"


def _local_tax(h: Holder) -> str:
    pref = h.place.pref
    if pref == "東京都" and h.municipality.endswith("区"):
        return "特別区民税・都民税"
    return "市民税・" + ("都民税" if pref == "東京都" else pref[-1] + "民税")


def pension_slip(h: Holder) -> Drawn:
    """国民年金保険料 納付書・領収証書, never paid: the 領収日付印 box is empty."""
    doc = PdfDoc("国民年金保険料 納付書・領収証書")
    addressee(doc, 56, 92, h, AddressForm("hyphen"), "様", 11, "ipag")
    doc.field("issuer", 360, 96, NENKIN, 14, "ipam")
    for i, s in enumerate(
        ("国民年金保険料の納付について", "ねんきん加入者ダイヤル", "0570-000-004")
    ):
        doc.text(360, 116 + i * 14, s, 9, "ipag", color=GREY)

    doc.text(
        doc.w / 2, 236, "令和8年度 国民年金保険料 納付書・領収証書（10月分）", 15, "ipam", "centre"
    )
    number = _pension_number(h)
    rows = (
        ("基礎年金番号", number),
        ("納付対象月", "令和8年10月分"),
        ("納付金額", yen(PENSION_MONTHLY)),
        ("納付期限", date_text(dt.date(2026, 11, 30), "wareki")),
        ("使用期限", date_text(dt.date(2027, 1, 4), "wareki")),
    )
    doc.grid(56, 254, [120, 363], [22] * len(rows))
    for i, (label, value) in enumerate(rows):
        doc.rect(56, 254 + i * 22, 120, 22, fill=PALE)
        doc.text(66, 269 + i * 22, label, 10)
        doc.text(186, 269 + i * 22, value, 11)

    top, col_w = 388, 161
    titles = ("領収証書", "納付書", "領収済通知書")
    keepers = ("（納付者保管）", "（日本年金機構保管）", "（収納機関保管）")
    doc.rect(56, top, col_w * 3, 250, width=0.8)
    for c in range(3):
        x = 56 + c * col_w
        if c:
            doc.line(x, top, x, top + 250, dash=(3, 2))
        doc.text(x + col_w / 2, top + 20, titles[c], 12, "ipam", "centre")
        doc.text(x + col_w / 2, top + 34, keepers[c], 7.5, "ipag", "centre", GREY)
        doc.text(x + 10, top + 56, f"基礎年金番号 {number}", 8)
        doc.text(x + 10, top + 72, "令和8年10月分", 8.5)
        doc.text(x + 10, top + 92, f"金額　¥{PENSION_MONTHLY:,}-", 11)
        doc.text(x + 10, top + 114, f"{h.person.name}　様", 9)
    # The receipt part's date-stamp box, left empty: this slip was never paid.
    cx, cy = 56 + col_w / 2, top + 180
    doc.c.saveState()
    doc.c.setDash(2, 2)
    doc.c.setStrokeColor(GREY)
    doc.c.circle(cx, doc.h - cy, 34)
    doc.c.restoreState()
    doc.text(cx, top + 234, "領収日付印", 8, "ipag", "centre", GREY)
    doc.text(56 + col_w * 1.5, top + 180, "日本銀行歳入代理店", 8, "ipag", "centre", GREY)
    doc.text(56 + col_w * 2.5, top + 180, "収納機関　　　　店", 8, "ipag", "centre", GREY)

    notes = (
        "※領収日付印のない領収証書は無効です。",
        "※この納付書は、金融機関・郵便局・コンビニエンスストアでご利用いただけます。",
        "※納付期限を過ぎても、使用期限までは納付することができます。",
    )
    for i, s in enumerate(notes):
        doc.text(56, 680 + i * 15, s, 8.5)
    return doc.finish((0.5, 0.93))


def pension_deduction(h: Holder) -> Drawn:
    """社会保険料（国民年金保険料）控除証明書, 作成日 in 和暦, addressed 殿."""
    doc = PdfDoc("社会保険料（国民年金保険料）控除証明書")
    doc.text(
        doc.w / 2, 70, "令和8年分 社会保険料（国民年金保険料）控除証明書", 15, "ipam", "centre"
    )
    addressee(doc, 60, 118, h, AddressForm("kanji_chome", split=True), "殿", 11, "ipam", 14)
    doc.rect(360, 206, 175, 26)
    doc.text(368, 223, "基礎年金番号", 8.5, "ipam")
    doc.text(527, 223, _pension_number(h), 11, "ipam", "right")

    paid = PENSION_MONTHLY * 9
    due = PENSION_MONTHLY * 3
    rows = (
        ("区分", "対象期間", "金額"),
        ("納付済額", "令和8年1月～令和8年9月", yen(paid)),
        ("見込額", "令和8年10月～令和8年12月", yen(due)),
        ("合計（控除額）", "", yen(paid + due)),
    )
    top = 262
    doc.grid(60, top, [120, 210, 145], [24] * len(rows))
    doc.rect(60, top, 475, 24, fill=PALE)
    for i, (a, b, c) in enumerate(rows):
        y = top + 16 + i * 24
        doc.text(70, y, a, 10, "ipam")
        doc.text(190, y, b, 10, "ipam")
        doc.text(525, y, c, 10.5, "ipam", "right")

    doc.text(
        60,
        400,
        "上記のとおり、国民年金保険料を納付したこと（納付見込みであること）を証明します。",
        10,
        "ipam",
    )
    doc.date_field(60, 430, dt.date(2026, 11, 2), "wareki", 10.5, "ipam", prefix="作成日　")
    end = doc.field("issuer", 330, 470, NENKIN, 14, "ipam")
    doc.text(end + 8, 470, "理事長", 12, "ipam")
    doc.image(square_seal(150, "日本年金機構理事長之印", h.seed + 5), 478, 438, 48, 48)

    notes = (
        "※この証明書は、年末調整または確定申告の際に必要です。大切に保管してください。",
        "※見込額は、令和8年12月31日までに納付された場合に控除の対象となります。",
        "※確定申告の期限は令和9年3月15日です。",
    )
    for i, s in enumerate(notes):
        doc.text(60, 560 + i * 15, s, 8.5, "ipam")
    return doc.finish((0.5, 0.9))


def local_tax_receipt(h: Holder) -> Drawn:
    """住民税 領収証書 stamped by the bank (R8.10.30); the municipality's name is left off.

    The stub shows only the crest and the 市町村コード; the bank's name in the 収納印
    is the receiving agent, not the issuer, so the truth has no issuer.
    """
    doc = PdfDoc("領収証書")
    tax = _local_tax(h)
    notice = h.digits(3, 10)
    amount = 45_600 + 100 * int(h.rng(4).integers(0, 200))
    doc.emblem(76, 64, 36)
    doc.text(102, 60, f"令和8年度　{tax}（普通徴収）", 13, "ipam")
    doc.text(102, 78, f"市町村コード　{h.digits(5, 6)}", 9, "ipag", color=GREY)

    top, col_w = 110, 161
    titles = ("領収証書", "納付書", "領収済通知書")
    keepers = ("（納税者保管）", "（市町村保管）", "（金融機関保管）")
    doc.rect(56, top, col_w * 3, 330, width=0.8)
    for c in range(3):
        x = 56 + c * col_w
        if c:
            doc.line(x, top, x, top + 330, dash=(3, 2))
        doc.text(x + col_w / 2, top + 20, titles[c], 12.5, "ipam", "centre")
        doc.text(x + col_w / 2, top + 34, keepers[c], 7.5, "ipag", "centre", GREY)
        doc.text(x + 8, top + 54, "年度 令和8年度　期別 第3期", 8)
        doc.text(x + 8, top + 70, f"納期限 {date_text(dt.date(2026, 11, 2), 'wareki')}", 8)
        doc.text(x + 8, top + 92, f"税額　¥{amount:,}-", 11)
        if c == 0:
            doc.text(x + 8, top + 112, "通知書番号", 7.5, color=GREY)
            doc.field("document_number", x + 8, top + 125, notice, 9.5)
        else:
            doc.text(x + 8, top + 118, f"通知書番号 {notice}", 8)
    form = AddressForm("arabic_chome", fullwidth=True, postal=False, split=True)
    doc.text(64, top + 148, "住所", 7.5, color=GREY)
    doc.lines_field("address", 64, top + 162, form.lines(h.address), 8.6, "ipag", 1.4, 145)
    doc.text(64, top + 196, "氏名", 7.5, color=GREY)
    doc.field("name", 64, top + 212, f"{h.person.name}　様", 11, value=h_name(h))
    for c in (1, 2):
        doc.text(56 + c * col_w + 8, top + 212, f"{h.person.name}　様", 9)
    doc.text(64, top + 240, "上記のとおり領収しました。", 8)
    branch = h.municipality[:-1] + "支店"
    doc.date_stamp(56 + col_w / 2, top + 286, "みずなみ銀行", "R8.10.30", branch, 30)
    doc.record("issue_date", dt.date(2026, 10, 30).isoformat())
    doc.text(56 + col_w * 1.5, top + 290, "取りまとめ店", 8, "ipag", "centre", GREY)
    doc.text(56 + col_w * 2.5, top + 290, "収納日付印", 8, "ipag", "centre", GREY)

    notes = (
        "※この領収証書は、納税の証明となりますので大切に保管してください。",
        "※金融機関の収納印のないものは無効です。",
        "※口座振替をご希望の方は、通帳・届出印をお持ちのうえお申し込みください。",
    )
    for i, s in enumerate(notes):
        doc.text(56, 480 + i * 15, s, 8.5)
    return doc.finish((0.5, 0.62))


def _mayor_line(doc: PdfDoc, h: Holder, x: float, y: float, size: float, salt: int) -> None:
    """「船橋市長　松井　一郎」 and the square 公印 over its end: issuer is the title only."""
    mayor = h.stranger(salt)
    end = doc.field("issuer", x, y, h.registry_head, size, "ipam")
    end = doc.text(end + size, y, f"{mayor.family}　{mayor.given}", size, "ipam")
    seal = square_seal(180, h.registry_head + "之印", h.seed + salt)
    doc.image(seal, end - 4, y - 44, 58, 58)


def tax_certificate(h: Holder) -> Drawn:
    """納税証明書 with 証明番号, a tax table, 証明日 and the 市長 seal."""
    doc = PdfDoc("納税証明書")
    doc.text(535, 56, f"証明番号　第 2026-{h.digits(6, 6)} 号", 9, "ipam", "right")
    doc.text(doc.w / 2, 100, "納 税 証 明 書", 22, "ipam", "centre")
    doc.grid(60, 130, [110, 365], [34, 34])
    doc.rect(60, 130, 110, 68, fill=PALE)
    doc.rect(60, 130, 475, 68)
    doc.line(170, 130, 170, 198)
    doc.line(60, 164, 535, 164)
    doc.text(68, 151, "住所（所在地）", 10, "ipam")
    doc.field("address", 180, 152, h.address.render("kanji_chome"), 11, "ipam", max_w=348)
    doc.text(68, 185, "氏名（名称）", 10, "ipam")
    doc.field("name", 180, 186, h.person.name, 13, "ipam", value=h_name(h))

    tax = _local_tax(h)
    base = 150_000 + 100 * int(h.rng(7).integers(0, 900))
    rows = (
        ("年度", "税目", "税額", "納付済額", "未納額", "備考"),
        ("令和7年度", tax, yen(base), yen(base), "0円", "完納"),
        ("令和7年度", "軽自動車税（種別割）", "10,800円", "10,800円", "0円", "完納"),
    )
    widths = [62, 128, 78, 78, 64, 65]
    doc.grid(60, 222, widths, [24] * 3)
    doc.rect(60, 222, sum(widths), 24, fill=PALE)
    doc.grid(60, 222, widths, [24] * 3)
    for r, row in enumerate(rows):
        x = 60.0
        for w, s in zip(widths, row, strict=True):
            size = 8 if len(s) > 9 else 9
            doc.text(x + 5, 238 + r * 24, s, size, "ipam")
            x += w
    doc.text(60, 322, "使用目的　金融機関提出用", 10, "ipam")
    doc.text(60, 372, "上記のとおり相違ないことを証明します。", 11, "ipam")
    doc.date_field(60, 402, dt.date(2026, 10, 9), "wareki", 11, "ipam", prefix="証明日　")
    _mayor_line(doc, h, 300, 452, 13, 41)
    doc.text(
        60,
        760,
        f"{h.municipality} 税務部 市民税課　{h.office_address('8501')}",
        8,
        "ipam",
        color=GREY,
    )
    doc.text(
        60, 774, "※この証明書は、発行日から3か月以内のものをご使用ください。", 8, "ipam", color=GREY
    )
    return doc.finish((0.5, 0.7))


def _household(h: Holder, head_is_holder: bool) -> list[tuple[str, str, str, dt.date]]:
    """(name, sex, 続柄, birth) rows, 世帯主 first."""
    b = h.person.birth
    if head_is_holder:
        spouse_female = not h.female
        spouse_birth = b.replace(year=b.year + 2, day=min(b.day, 28))
        spouse = h.relative(spouse_birth, female=spouse_female, salt=51)
        return [
            (h.person.name, h.sex, "世帯主", b),
            (
                spouse.name,
                "女" if spouse_female else "男",
                "妻" if spouse_female else "夫",
                spouse_birth,
            ),
        ]
    parent_birth = b.replace(year=b.year - 29, day=min(b.day, 28))
    parent = h.relative(parent_birth, female=False, salt=52)
    return [(parent.name, "男", "世帯主", parent_birth), (h.person.name, h.sex, "子", b)]


def resident_record(
    h: Holder, *, head_is_holder: bool, issued: dt.date, style: DateStyle, numbers: bool
) -> Drawn:
    """住民票の写し (世帯全員): 世帯主 and one member, certification, 市長 and 公印.

    With ``numbers`` the 個人番号 and 住民票コード columns are printed (the report
    must mask them; they are never part of the truth).
    """
    doc = PdfDoc("住民票の写し")
    face: PdfFont = "ipam"
    fullwidth = style == "wareki_full"
    rows = _household(h, head_is_holder)
    rng = h.rng(60)
    moved_year = int(rng.integers(max(h.person.birth.year + 20, 2008), 2024))
    moved = dt.date(moved_year, int(rng.integers(1, 13)), int(rng.integers(1, 28)))
    doc.text(535, 52, f"発行番号　{h.digits(8, 6)}", 8.5, face, "right")
    doc.text(doc.w / 2, 92, "住民票の写し", 20, face, "centre")

    doc.grid(50, 112, [80, 415], [30, 30])
    doc.rect(50, 112, 80, 60, fill=PALE)
    doc.grid(50, 112, [80, 415], [30, 30])
    doc.text(60, 131, "住所", 10, face)
    printed = h.address.render("kanji_chome", fullwidth=fullwidth)
    doc.field("address", 140, 132, printed, 11.5, face, max_w=395)
    doc.text(60, 161, "世帯主", 10, face)
    doc.text(140, 162, rows[0][0], 11.5, face)

    y = 186
    block_h = 112 if numbers else 90
    for i, (name, sex, rel, birth) in enumerate(rows):
        doc.rect(50, y, 495, block_h, width=0.8)
        doc.rect(50, y, 22, block_h, fill=PALE)
        doc.text(61, y + block_h / 2 + 4, str(i + 1), 10, face, "centre")
        doc.text(80, y + 18, "氏名", 8.5, face, color=GREY)
        if name == h.person.name:
            doc.field("name", 112, y + 19, name, 13, face, value=h_name(h))
        else:
            doc.text(112, y + 19, name, 13, face)
        doc.text(290, y + 18, f"生年月日　{date_text(birth, style)}", 9.5, face)
        doc.text(450, y + 18, f"性別　{sex}", 9.5, face)
        doc.text(80, y + 40, f"続柄　{rel}", 9.5, face)
        if h.foreign:
            doc.text(200, y + 40, f"国籍・地域　{h.person.nationality}", 9.5, face)
        doc.line(72, y + 26, 545, y + 26, 0.4)
        since = moved
        doc.text(80, y + 60, f"住民となった年月日　{date_text(since, style)}", 9, face)
        doc.text(300, y + 60, f"住所を定めた年月日　{date_text(since, style)}", 9, face)
        notified = since + dt.timedelta(days=6)
        doc.text(80, y + 78, f"届出日　{date_text(notified, style)}", 9, face)
        prev = "前住所　" + h.earlier_place(61 + i).render("kanji_chome", fullwidth=fullwidth)
        doc.text(300, y + 78, prev, fit(prev, face, 7.5, 240), face)
        if numbers:
            doc.line(72, y + 88, 545, y + 88, 0.4)
            payload = h.digits(70 + i, 11)
            my_number = payload + str(mynumber_check_digit(payload))
            grouped = " ".join(my_number[k : k + 4] for k in (0, 4, 8))
            doc.text(80, y + 104, f"個人番号　{grouped}", 9.5, face)
            doc.text(300, y + 104, f"住民票コード　{h.digits(80 + i, 11)}", 9.5, face)
        y += block_h
    doc.text(545, y + 16, "以下余白", 9, face, "right")

    doc.text(60, y + 52, "この写しは、世帯全員の住民票の原本と相違ないことを証明する。", 11, face)
    doc.date_field(60, y + 82, issued, style, 11, face)
    _mayor_line(doc, h, 300, y + 124, 13, 43)
    doc.text(
        50, 800, "（注）この用紙は偽造防止のため特殊な用紙を使用しています。", 7.5, face, color=GREY
    )
    return doc.finish((0.5, 0.93))


def seal_certificate(
    h: Holder, *, issued: dt.date, style: DateStyle, f: PdfFont, form: AddressForm
) -> Drawn:
    """印鑑登録証明書: the 印影 box beside 氏名・生年月日・住所, then 証明日 and 市長."""
    doc = PdfDoc("印鑑登録証明書")
    doc.text(535, 52, f"登録番号　第 {h.digits(90, 6)} 号", 9, f, "right")
    doc.text(doc.w / 2, 96, "印鑑登録証明書", 22, f, "centre")
    top = 130
    doc.rect(50, top, 495, 176, width=0.9)
    doc.line(200, top, 200, top + 176, 0.9)
    doc.text(125, top + 18, "印影", 10, f, "centre")
    doc.rect(78, top + 34, 94, 94, color=GREY)
    surname = h.person.family[:4]
    doc.image(round_seal(240, surname, h.seed + 91), 83, top + 39, 84, 84)
    labels = ("氏名", "旧氏", "生年月日", "性別", "住所")
    lines = form.lines(h.address)
    address_y = top + 162 - 7 * (len(lines) - 1)
    for i, label in enumerate(labels):
        y = top + 26 + i * 34
        # The 住所 label sits on the first address line, as forms print it.
        doc.text(210, address_y if label == "住所" else y, label, 9.5, f, color=GREY)
        if i:
            doc.line(200, y - 24, 545, y - 24, 0.4)
    doc.field("name", 270, top + 27, h.person.name, 14, f, value=h_name(h))
    doc.text(270, top + 60, "―", 10, f)
    doc.text(270, top + 94, date_text(h.person.birth, style), 11, f)
    doc.text(270, top + 128, h.sex, 11, f)
    doc.lines_field("address", 270, address_y, lines, 10.5, f, 1.3, max_w=268)

    doc.text(60, 350, "この写しは、登録されている印影と相違ないことを証明します。", 11, f)
    doc.date_field(60, 382, issued, style, 11, f)
    _mayor_line(doc, h, 300, 430, 13, 47)
    doc.text(50, 790, "※この証明書の有効期間は、提出先の定めによります。", 8, f, color=GREY)
    return doc.finish((0.5, 0.8))
