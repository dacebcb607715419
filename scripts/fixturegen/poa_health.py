"""Health insurance: the plastic 健康保険被保険者証 (dead by statute) and a 資格確認書.

Cards stopped being valid after 2025-12-01 (JAPAN.md §5, CONTRACT §2), so the 2024
card is POA_TOO_OLD whatever it prints; the 資格確認書 that replaced it is accepted as
``health_insurance_card``. Both print 記号・番号 and 保険者番号, which the report must
mask: the truth carries them with every digit replaced by ``*``.
"""

from __future__ import annotations

import datetime as dt

from PIL import Image, ImageDraw

from .draw import (
    TextStyle,
    draw_text,
    guilloche,
    labelled_row,
    paste_stamp,
    red_stamp,
    rounded_mask,
)
from .licence import CARD_SIZE, CORNER_RADIUS
from .poa_pdf import (
    GREY,
    Drawn,
    Holder,
    PdfDoc,
    date_text,
    mask_digits,
)
from .poa_public import h_name
from .poa_raster import square_seal

CARD_ISSUED = dt.date(2024, 4, 1)
CARD_INSURER = "関東情報通信健康保険組合"
CARD_EMPLOYER = "株式会社ミドリ精工"
RECORD_ISSUED = dt.date(2026, 9, 14)


def insurance_card(h: Holder) -> Drawn:
    """ID-1 健康保険被保険者証 (本人), 交付 令和6年4月1日: printed fields, no address."""
    card = guilloche(CARD_SIZE, (236, 242, 250), (210, 222, 238), h.seed + 301)
    d = ImageDraw.Draw(card)
    label = TextStyle("noto_sans", 20, (70, 74, 86))
    value = TextStyle("noto_sans", 26)
    draw_text(d, 40, 26, "健康保険", TextStyle("noto_sans_bold", 28))
    draw_text(d, 40, 62, "被保険者証", TextStyle("noto_sans_bold", 42))
    draw_text(d, 640, 30, "本人（被保険者）", TextStyle("noto_sans", 24))
    issued = date_text(CARD_ISSUED, "wareki")
    draw_text(d, 640, 70, f"{issued}交付", TextStyle("noto_sans", 24))
    d.line((32, 124, 995, 124), fill=(120, 140, 170), width=2)

    kigo, bango, eda = h.digits(302, 4), h.digits(303, 2), "00"
    end = labelled_row(d, 40, 140, "記号", kigo, label, value, value_x=110)
    end = labelled_row(d, end + 40, 140, "番号", bango, label, value)
    labelled_row(d, end + 40, 140, "（枝番）", eda, label, value)
    name_style = TextStyle("noto_sans", 34, tracking=6)
    labelled_row(d, 40, 200, "氏名", h.person.name, label, name_style, value_x=150)
    birth = date_text(h.person.birth, "wareki")
    end = labelled_row(d, 40, 262, "生年月日", birth, label, value, value_x=150)
    labelled_row(d, max(end + 60, 620), 262, "性別", h.sex, label, value)
    labelled_row(d, 40, 314, "資格取得年月日", "平成31年4月1日", label, value)
    labelled_row(d, 40, 366, "事業所名称", CARD_EMPLOYER, label, value, value_x=190)
    d.line((32, 420, 995, 420), fill=(120, 140, 170), width=1)
    small = TextStyle("noto_sans", 22)
    labelled_row(d, 40, 440, "保険者番号", "06" + h.digits(304, 6), label, small, value_x=190)
    end = labelled_row(d, 40, 484, "保険者名称", CARD_INSURER, label, value, value_x=190)
    labelled_row(
        d, 40, 530, "保険者所在地", "東京都港区浜松町二丁目4番1号", label, small, value_x=190
    )
    paste_stamp(card, red_stamp(70, ["健保", "組合"], "ipam", h.seed + 305), (end + 50, 500))
    card = _on_white(card)
    fields = {
        "name": {"value": h_name(h)},
        "issue_date": {"value": CARD_ISSUED.isoformat()},
        "issuer": {"value": CARD_INSURER},
        "document_number": {"value": mask_digits(f"{kigo}・{bango}")},
    }
    # The glare lands on the blank lower right, below 交付 and beside 保険者所在地.
    return Drawn(fields, (0.88, 0.58), image=card, mask=rounded_mask(CARD_SIZE, CORNER_RADIUS))


def _on_white(card: Image.Image) -> Image.Image:
    out = Image.new("RGB", card.size, (255, 255, 255))
    out.paste(card, (0, 0), rounded_mask(CARD_SIZE, CORNER_RADIUS))
    return out


def qualification_record(h: Holder) -> Drawn:
    """国民健康保険資格確認書 (paper, 交付 令和8年9月14日) issued by the holder's municipality."""
    insurer = h.municipality
    doc = PdfDoc("国民健康保険資格確認書")
    doc.emblem(74, 56, 28)
    doc.text(96, 61, f"{insurer} 国民健康保険", 12, "ipag")
    doc.text(535, 61, "（切り取ってお使いください）", 8, "ipag", "right", GREY)

    x, y, w, hh = 60.0, 84.0, 475.0, 300.0
    doc.rect(x - 8, y - 8, w + 16, hh + 16, dash=(4, 3), color=GREY)
    doc.rect(x, y, w, hh, width=1.0)
    doc.text(x + 14, y + 30, "国民健康保険資格確認書", 17, "ipam")
    doc.text(
        x + w - 12,
        y + 28,
        f"有効期限　{date_text(dt.date(2027, 7, 31), 'wareki')}",
        10,
        "ipam",
        "right",
    )
    doc.line(x, y + 42, x + w, y + 42)

    kigo, bango, eda = h.digits(311, 4), h.digits(312, 6), "01"
    row = y + 66
    doc.text(x + 14, row, "記号", 8.5, "ipam", color=GREY)
    doc.text(x + 44, row, kigo, 12, "ipam")
    doc.text(x + 110, row, "番号", 8.5, "ipam", color=GREY)
    doc.text(x + 140, row, bango, 12, "ipam")
    doc.text(x + 220, row, "（枝番）", 8.5, "ipam", color=GREY)
    doc.text(x + 262, row, eda, 12, "ipam")
    doc.record("document_number", mask_digits(f"{kigo}・{bango}"))

    labels = ("氏名", "生年月日", "住所", "資格取得年月日", "世帯主氏名", "交付年月日")
    for i, s in enumerate(labels):
        doc.text(x + 14, row + 30 + i * 28, s, 8.5, "ipam", color=GREY)
    vx = x + 100
    doc.field("name", vx, row + 31, h.person.name, 13, "ipam", value=h_name(h))
    doc.text(x + 330, row + 30, f"性別　{h.sex}", 10, "ipam")
    doc.text(vx, row + 58, date_text(h.person.birth, "wareki"), 10.5, "ipam")
    doc.field("address", vx, row + 86, h.address.render("hyphen"), 10.5, "ipam", max_w=360)
    doc.text(vx, row + 114, date_text(dt.date(2026, 9, 1), "wareki"), 10.5, "ipam")
    doc.text(vx, row + 142, h.person.name, 10.5, "ipam")
    doc.date_field(vx, row + 170, RECORD_ISSUED, "wareki", 10.5, "ipam")
    doc.line(x, y + 256, x + w, y + 256)
    doc.text(x + 14, y + 282, f"保険者番号　{'01' + h.digits(313, 4)}", 9.5, "ipam")
    doc.text(x + 200, y + 282, "保険者名称", 8.5, "ipam", color=GREY)
    end = doc.field("issuer", x + 260, y + 283, insurer, 12, "ipam")
    doc.image(square_seal(150, insurer + "長之印", h.seed + 314), end + 6, y + 260, 36, 36)
    doc.text(x + w - 12, y + 283, "一部負担金の割合　3割", 9, "ipam", "right")

    notes = (
        "注意事項",
        "1　医療機関等で受診するときは、この資格確認書を窓口で提示してください。",
        "2　有効期限を過ぎたときは使用できません。住所が変わったときは14日以内に届け出てください。",
        "3　マイナ保険証をお持ちの方は、この資格確認書がなくても受診できます。",
        "4　この資格確認書を不正に使用した者は、刑法により詐欺罪として懲役の処分を受けます。",
    )
    for i, s in enumerate(notes):
        doc.text(60, 440 + i * 17, s, 9 if i else 10.5, "ipam")
    doc.text(60, 800, f"{insurer} 保険年金課　{h.office_address('8502')}", 8, "ipam", color=GREY)
    return doc.finish((0.5, 0.72))
