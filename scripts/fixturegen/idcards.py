"""Identity documents beyond the licence, laid out after JAPAN.md §1.2–1.8.

Cards are ID-1 at 12 px/mm (1027 × 648) like the licence; the passport data page
is TD3 (125 × 88 mm) at 10 px/mm (1250 × 880); the 個人番号通知書 is an A4 letter
at 150 dpi (1240 × 1754). Each front keeps its portrait at a fixed place per type
(``PHOTO_BOXES``) so another module can paste a real face over the silhouette.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from docextract.text.dates import format_dual_expiry, format_english, format_wareki
from docextract.text.numbers import mask_number

from .corpus import SUBMITTED_ON, IdDocument, Rendered
from .draw import (
    INK,
    RGB,
    TextStyle,
    darker,
    draw_text,
    guilloche,
    labelled_row,
    on_background,
    paste_stamp,
    red_stamp,
    rounded_mask,
    silhouette,
    text_width,
)
from .id_cast import Card, build_cast
from .licence import CARD_SIZE, CORNER_RADIUS
from .people import Address, Block, PersonFactory, fold

PASSPORT_PX_PER_MM = 10
PASSPORT_SIZE = (125 * PASSPORT_PX_PER_MM, 88 * PASSPORT_PX_PER_MM)  # 1250 × 880
NOTICE_SIZE = (1240, 1754)  # A4 at 150 dpi

# Portrait on the FRONT of each type (x0, y0, x1, y1) in that front's pixels.
PHOTO_BOXES: dict[str, tuple[int, int, int, int]] = {
    "driving_history_certificate": (748, 170, 1000, 494),
    "passport": (50, 118, 370, 528),
    "basic_resident_register_card": (772, 112, 992, 392),
    "residence_card": (780, 96, 1000, 380),
    "special_permanent_resident_certificate": (780, 96, 1000, 380),
    "my_number_card": (772, 96, 1000, 392),
}

_MONO_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"),
)
GREY: RGB = (88, 92, 100)
NAVY: RGB = (30, 44, 96)


@cache
def _mono(size: int) -> ImageFont.FreeTypeFont:
    """The OCR-B stand-in for the MRZ: a monospace face already on the machine."""
    for path in _MONO_CANDIDATES:
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    raise FileNotFoundError(f"no monospace font for the MRZ among {_MONO_CANDIDATES}")


# --- shared pieces ------------------------------------------------------------------


def _western(d: dt.date, *, space_pad: bool = False) -> str:
    """``2028年04月01日`` (residence cards) or ``2026年 8月 3日`` (older My Number cards)."""
    if space_pad:
        return f"{d.year}年{d.month:2d}月{d.day:2d}日"
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _heisei(d: dt.date, *, fullwidth: bool) -> str:
    """A 平成 date as printed before 令和 was named, overflowing past 平成31 (平成35年 = 2023)."""
    text = f"平成{d.year - 1988}年{d.month:2d}月{d.day:2d}日".replace(" ", "\u3000")
    return text.translate(_FULLWIDTH_DIGITS) if fullwidth else text


def _sex(female: bool, *, latin: bool = False) -> str:
    if latin:
        return "女 F." if female else "男 M."
    return "女" if female else "男"


def _truth(doc_type: str, fields: dict[str, str]) -> dict[str, Any]:
    return {"document_type": doc_type, "fields": {k: {"value": v} for k, v in fields.items()}}


def _photo(card: Image.Image, box: tuple[int, int, int, int]) -> None:
    card.paste(silhouette((box[2] - box[0], box[3] - box[1])), box[:2])
    ImageDraw.Draw(card).rectangle(box, outline=(150, 156, 166), width=1)


def _glare(box: tuple[int, int, int, int], size: tuple[int, int]) -> tuple[float, float]:
    """The portrait's centre as fractions: glare there hides no field under test."""
    return ((box[0] + box[2]) / 2 / size[0], (box[1] + box[3]) / 2 / size[1])


def _chip(card: Image.Image, x: int, y: int, w: int = 120, h: int = 96) -> None:
    """Gold IC contact pad with its eight contact fields."""
    d = ImageDraw.Draw(card)
    d.rounded_rectangle((x, y, x + w, y + h), 14, fill=(214, 182, 96), outline=(150, 120, 50))
    line = (160, 128, 60)
    d.line((x + w // 2, y, x + w // 2, y + h), fill=line, width=2)
    for k in (1, 2, 3):
        yy = y + k * h // 4
        d.line((x, yy, x + w * 3 // 8, yy), fill=line, width=2)
        d.line((x + w * 5 // 8, yy, x + w, yy), fill=line, width=2)
    d.rounded_rectangle(
        (x + w * 3 // 8, y + h // 4, x + w * 5 // 8, y + h * 3 // 4), 6, outline=line, width=2
    )


def _fake_qr(card: Image.Image, x: int, y: int, size: int, seed: int) -> None:
    """A QR-looking square (finder patterns and random modules) that encodes nothing."""
    n = 29
    m = size // n
    rng = np.random.default_rng(seed)
    modules = rng.random((n, n)) < 0.48
    for fx, fy in ((0, 0), (n - 7, 0), (0, n - 7)):
        modules[fy : fy + 8 if fy == 0 else n, fx : fx + 8 if fx == 0 else n] = False
        modules[fy : fy + 7, fx : fx + 7] = True
        modules[fy + 1 : fy + 6, fx + 1 : fx + 6] = False
        modules[fy + 2 : fy + 5, fx + 2 : fx + 5] = True
    d = ImageDraw.Draw(card)
    d.rectangle((x - 2 * m, y - 2 * m, x + (n + 2) * m, y + (n + 2) * m), fill=(255, 255, 255))
    for r in range(n):
        for c in range(n):
            if modules[r, c]:
                d.rectangle((x + c * m, y + r * m, x + (c + 1) * m - 1, y + (r + 1) * m - 1), INK)


def _bilingual_label(
    d: ImageDraw.ImageDraw, x: int, y: int, ja: str, en: str, face: str, size: int = 14
) -> int:
    """Japanese label over its small English gloss (residence-card style); return the end x."""
    end = draw_text(d, x, y, ja, TextStyle(face, size, GREY))
    if en:
        end = max(end, draw_text(d, x, y + size + 2, en, TextStyle(face, 10, GREY)))
    return end


def _card(
    palette: tuple[RGB, RGB], seed: int, layout: Callable[[Image.Image], None]
) -> Image.Image:
    card = guilloche(CARD_SIZE, palette[0], palette[1], seed)
    layout(card)
    return on_background(card, rounded_mask(CARD_SIZE, CORNER_RADIUS))


def _rendered(
    stem: str,
    image: Image.Image,
    truth: dict[str, Any],
    purpose: str,
    glare_at: tuple[float, float],
    *,
    mask: Image.Image | None = None,
) -> Rendered:
    return Rendered(
        stem=stem,
        truth=truth,
        purpose=purpose,
        image=image,
        mask=mask if mask is not None else rounded_mask(image.size, CORNER_RADIUS),
        glare_at=glare_at,
    )


def _entry_rows(
    card: Image.Image,
    c: Card,
    top: int,
    row_h: int,
    rows: int,
    columns: tuple[int, int, int, int],
    date_text: Callable[[dt.date], str],
    address_text: Callable[[Address], tuple[str, str]],
    style: TextStyle,
    rule: RGB,
) -> None:
    """A ruled table of later address entries: date | address (two lines) | stamp."""
    d = ImageDraw.Draw(card)
    x0, x1, x2, x3 = columns
    for i in range(rows + 1):
        d.line((x0, top + i * row_h, x3, top + i * row_h), fill=rule, width=1)
    for x in columns:
        d.line((x, top, x, top + rows * row_h), fill=rule, width=1)
    for i, entry in enumerate(c.entries):
        y = top + i * row_h
        draw_text(d, x0 + 10, y + (row_h - style.size) // 2, date_text(entry.date), style)
        line1, line2 = address_text(entry.address)
        first_y = y + (row_h - style.size) // 2 if not line2 else y + row_h // 2 - style.size - 2
        end = draw_text(d, x1 + 12, first_y, line1, style)
        if line2:
            end = max(end, draw_text(d, x1 + 12, y + row_h // 2 + 4, line2, style))
        if end > x2 - 6:
            raise ValueError(f"address entry too long for its column: {line1}{line2}")
        diameter = min(row_h - 8, x3 - x2 - 16)
        stamp = red_stamp(diameter, list(entry.stamp), "ipam", c.seed + 31 * (i + 1))
        paste_stamp(card, stamp, ((x2 + x3) // 2, y + row_h // 2))


def _split_building(address: Address, text: str) -> tuple[str, str]:
    """Split off the building as a second line, as cards print long addresses."""
    if address.building and "\u3000" in text:
        head, tail = text.split("\u3000", 1)
        return head, tail
    return text, ""


# --- 運転経歴証明書 ------------------------------------------------------------------


def _dhc_front(c: Card) -> Image.Image:
    box = PHOTO_BOXES["driving_history_certificate"]
    wide = c.key == "001"
    palette = ((244, 240, 248), (222, 212, 234)) if wide else ((246, 242, 236), (228, 218, 204))

    def layout(card: Image.Image) -> None:
        d = ImageDraw.Draw(card)
        assert c.address is not None and c.issue is not None
        label, small = TextStyle("ipam", 18), TextStyle("ipam", 15)
        value = TextStyle("ipag", 24)
        rule = darker(palette[1], 40)
        name_style = TextStyle("ipag", 28, tracking=12 if wide else 2)
        labelled_row(d, 36, 30, "氏名", c.person.name, label, name_style, value_x=112)
        birth = format_wareki(c.person.birth, pad=not wide, sep="" if wide else " ") + "生"
        draw_text(d, 548, 33, birth, value)
        address = c.address.on_licence()
        labelled_row(d, 36, 88, "住所", address, label, value, value_x=112)
        for y in (76, 134, 182):
            d.line((28, y, 736, y), fill=rule, width=1)
        issue = format_wareki(c.issue, pad=True)
        end = labelled_row(d, 36, 144, "交付", issue, label, value, value_x=112)
        draw_text(d, end + 28, 144, c.details["inquiry"], value)

        d.rectangle((28, 194, 736, 246), fill=(206, 190, 226) if wide else (226, 206, 176))
        draw_text(d, 48, 204, "自動車等の運転はできません。", TextStyle("noto_sans_bold", 26))

        d.rectangle((28, 256, 736, 420), outline=rule, width=2)
        draw_text(d, 40, 264, "運転経歴（申請による取消前5年間）", small)
        cancelled = dt.date.fromisoformat(c.details["cancelled"])
        since = cancelled.replace(year=cancelled.year - 5)
        row = TextStyle("ipag", 20)
        rows = (
            ("取消年月日", format_wareki(cancelled, pad=True) + "（申請による取消）"),
            ("取消時の種類", c.details["categories"]),
            ("経歴期間", f"{format_wareki(since, pad=True)}～{format_wareki(cancelled, pad=True)}"),
            ("違反・事故", "なし"),
        )
        for i, (k, v) in enumerate(rows):
            draw_text(d, 44, 292 + i * 31, k, small)
            draw_text(d, 176, 290 + i * 31, v, row)

        number = f"第 {c.number} 号"
        labelled_row(
            d, 36, 434, "番号", number, label, TextStyle("ipag", 26, tracking=2), value_x=112
        )
        draw_text(d, 520, 432, "運転経歴証明書", TextStyle("noto_sans_bold", 30))

        first = dt.date.fromisoformat(c.details["first_licensed"])
        two_wheel = "普自二" in c.details["categories"]
        dates = (
            ("二・小・原", format_wareki(first, pad=True) if two_wheel else ""),
            ("他", format_wareki(first if not two_wheel else since, pad=True)),
            ("二種", ""),
        )
        for i, (k, v) in enumerate(dates):
            y = 480 + i * 48
            d.rectangle((28, y, 372, y + 48), outline=rule, width=1)
            draw_text(d, 36, y + 15, k, small)
            draw_text(d, 138, y + 13, v, TextStyle("ipag", 20))
        notes = (
            "この証明書は、運転免許を申請により取り消した者の",
            "運転経歴を証明するものです。",
            "記載事項に変更があったときは、",
            "住所地を管轄する警察署に届け出てください。",
        )
        for i, line in enumerate(notes):
            draw_text(d, 388, 488 + i * 24, line, TextStyle("ipag", 14))

        _photo(card, box)
        end = draw_text(d, 748, 520, c.issuer, TextStyle("ipam", 22))
        seal = red_stamp(46, ["公安", "委員会"], "ipam", c.seed + 7)
        paste_stamp(card, seal, (min(end + 30, 996), 531))

    return _card(palette, c.seed, layout)


def _dhc_back(c: Card) -> Image.Image:
    palette = ((246, 244, 250), (228, 222, 236))

    def layout(card: Image.Image) -> None:
        d = ImageDraw.Draw(card)
        rule = darker(palette[1], 60)
        draw_text(d, 36, 24, "備考", TextStyle("ipam", 20))
        style = TextStyle("ipag", 22)
        for i in range(6):
            y = 62 + i * 52
            d.line((28, y + 52, 1000, y + 52), fill=rule, width=1)
        for i, entry in enumerate(c.entries):
            y = 62 + i * 52
            text = f"{format_wareki(entry.date)}　住所　{entry.address.on_licence(fullwidth=False)}"
            end = draw_text(d, 40, y + 14, text, style)
            if end > 900:
                raise ValueError(f"back entry too long: {text}")
            stamp = red_stamp(76, list(entry.stamp), "ipam", c.seed + 31 * (i + 1))
            paste_stamp(card, stamp, (950, y + 26))
        notes = (
            "1 この証明書は、運転免許証ではありません。",
            "2 住所・氏名等に変更があったときは、速やかに届け出てください。",
            "3 この証明書を紛失したときは、再交付を受けることができます。",
        )
        d.rectangle((28, 420, 1000, 560), outline=rule, width=2)
        for i, line in enumerate(notes):
            draw_text(d, 44, 436 + i * 38, line, TextStyle("ipag", 16))

    return _card(palette, c.seed + 1, layout)


def _dhc(c: Card) -> tuple[Rendered, Rendered]:
    assert c.address is not None and c.issue is not None
    box = PHOTO_BOXES[c.doc_type]
    stem = f"{c.doc_type}_{c.key}"
    state = "issued on/after 2012-04-01: valid" if c.valid else "issued before 2012-04-01: refused"
    front = _rendered(
        stem,
        _dhc_front(c),
        _truth(
            c.doc_type,
            {
                "name": fold(c.person.name),
                "birth_date": c.person.birth.isoformat(),
                "address": fold(c.address.on_licence()),
                "issue_date": c.issue.isoformat(),
                "issuer": c.issuer,
                "document_number": c.number,
            },
        ),
        f"運転経歴証明書, {c.issuer}, 交付 {format_wareki(c.issue)} ({state}); no expiry band",
        _glare(box, CARD_SIZE),
    )
    back_fields: dict[str, str] = {}
    if c.entries:
        back_fields["address"] = fold(c.entries[-1].address.on_licence(fullwidth=False))
    moves = len(c.entries)
    back = _rendered(
        f"{stem}_back",
        _dhc_back(c),
        _truth(f"{c.doc_type}_back", back_fields),
        f"備考 with {moves} address change(s)" if moves else "備考 empty",
        (0.5, 0.88),
    )
    return front, back


# --- 旅券 ----------------------------------------------------------------------------


def _passport_page(c: Card) -> Image.Image:
    assert c.issue is not None and c.expiry is not None and c.mrz is not None
    base, line = (248, 240, 244), (232, 212, 226)
    page = guilloche(PASSPORT_SIZE, base, line, c.seed)
    d = ImageDraw.Draw(page)
    w, h = PASSPORT_SIZE
    # The MRZ sits on a clear band, as the real page keeps the guilloche out of it.
    d.rectangle((0, 650, w, h), fill=(252, 248, 250))
    draw_text(d, 50, 30, "日本国", TextStyle("noto_serif", 30, NAVY, tracking=8))
    draw_text(d, 196, 40, "JAPAN", TextStyle("noto_sans", 22, NAVY, tracking=6))
    draw_text(d, 880, 30, "旅券", TextStyle("noto_serif", 30, NAVY, tracking=8))
    draw_text(d, 1000, 40, "PASSPORT", TextStyle("noto_sans", 22, NAVY, tracking=4))
    d.line((40, 84, w - 40, 84), fill=darker(line, 40), width=2)

    box = PHOTO_BOXES["passport"]
    _photo(page, box)
    label = TextStyle("noto_sans", 13, GREY)
    value = TextStyle("noto_sans_bold", 28)

    def field(x: int, y: int, caption: str, text: str, style: TextStyle = value) -> None:
        draw_text(d, x, y, caption, label)
        draw_text(d, x, y + 20, text, style)

    sex, domicile = c.details["sex"], c.details["domicile"]
    field(400, 98, "型/Type", "P")
    field(540, 98, "発行国/Issuing country", "JPN")
    field(800, 98, "旅券番号/Passport No.", c.number, TextStyle("noto_sans_bold", 30, tracking=3))
    name_style = TextStyle("noto_sans_bold", 30, tracking=4)
    field(400, 166, "姓/Surname", c.person.family_latin, name_style)
    field(400, 234, "名/Given name", c.person.given_latin, name_style)
    field(400, 302, "国籍/Nationality", "JAPAN")
    field(760, 302, "生年月日/Date of birth", format_english(c.person.birth))
    field(400, 370, "性別/Sex", sex)
    field(540, 370, "本籍/Registered Domicile", domicile)
    field(400, 438, "発行年月日/Date of issue", format_english(c.issue))
    field(
        760,
        438,
        "発行官庁/Authority",
        "MINISTRY OF FOREIGN AFFAIRS",
        TextStyle("noto_sans_bold", 24),
    )
    field(400, 506, "有効期間満了日/Date of expiry", format_english(c.expiry))
    draw_text(d, 400, 576, "所持人自署/Signature of bearer", label)
    signature = f"{c.person.family} {c.person.given}"
    draw_text(d, 420, 594, signature, TextStyle("noto_serif", 34, (40, 40, 70), tracking=2))

    # TD3 MRZ: 44 characters at the ICAO 10 cpi pitch (2.54 mm), two lines near the foot.
    mono = _mono(38)
    pitch = 2.54 * PASSPORT_PX_PER_MM
    left = (w - pitch * 44) / 2
    for row, text in enumerate((c.mrz.line1, c.mrz.line2)):
        y = 712 + row * 78
        for i, ch in enumerate(text):
            d.text((round(left + i * pitch), y), ch, font=mono, fill=INK)
    return page


def _passport(c: Card) -> Rendered:
    assert c.issue is not None and c.expiry is not None
    latin = fold(c.person.latin)
    state = "valid" if c.valid else f"expired {c.expiry.isoformat()}"
    years = "10-year (T…)" if c.number.startswith("T") else "5-year (M…)"
    return _rendered(
        f"passport_{c.key}",
        _passport_page(c),
        _truth(
            "passport",
            {
                "name": latin,
                "name_latin": latin,
                "birth_date": c.person.birth.isoformat(),
                "issue_date": c.issue.isoformat(),
                "expiry_date": c.expiry.isoformat(),
                "issuer": "MINISTRY OF FOREIGN AFFAIRS",
                "document_number": c.number,
            },
        ),
        f"passport data page, {years}, {state}; TD3 MRZ with valid check digits, no address",
        _glare(PHOTO_BOXES["passport"], PASSPORT_SIZE),
        mask=rounded_mask(PASSPORT_SIZE, 30),
    )


# --- 住民基本台帳カード -----------------------------------------------------------------


def _rbb_front(c: Card) -> Image.Image:
    box = PHOTO_BOXES["basic_resident_register_card"]
    wide = c.key == "002"
    palette = ((240, 246, 252), (212, 226, 242))

    def layout(card: Image.Image) -> None:
        assert c.address is not None and c.issue is not None and c.expiry is not None
        d = ImageDraw.Draw(card)
        d.rectangle((0, 0, CARD_SIZE[0], 80), fill=(86, 134, 192))
        draw_text(d, 40, 18, "住民基本台帳カード", TextStyle("noto_serif", 36, (255, 255, 255)))
        draw_text(d, 560, 34, "（写真付き）", TextStyle("noto_serif", 20, (236, 242, 250)))
        label = TextStyle("noto_serif", 18, GREY)
        value = TextStyle("noto_serif", 24)
        name = TextStyle("noto_serif", 30, tracking=14 if wide else 4)
        labelled_row(d, 36, 110, "氏名", c.person.name, label, name, value_x=150)
        birth = format_wareki(c.person.birth, sep="\u3000" if wide else "", numerals="fullwidth")
        labelled_row(d, 36, 174, "生年月日", birth + "生", label, value, value_x=150)
        labelled_row(d, 560, 174, "性別", _sex(c.female), label, value)
        address = c.address.render("kanji_chome", fullwidth=not wide)
        labelled_row(d, 36, 236, "住所", address, label, TextStyle("noto_serif", 23), value_x=150)
        rule = darker(palette[1], 30)
        for y in (160, 222, 284):
            d.line((28, y, 756, y), fill=rule, width=1)
        d.rectangle((28, 300, 756, 354), fill=(206, 224, 244))
        expiry = _heisei(c.expiry, fullwidth=True)
        labelled_row(
            d, 44, 312, "有効期限", expiry, label, TextStyle("noto_sans_bold", 26), value_x=170
        )
        issue = _heisei(c.issue, fullwidth=True)
        labelled_row(d, 36, 376, "交付年月日", issue, label, value, value_x=170)
        _chip(card, 48, 440)
        notes = (
            "このカードは、住民基本台帳法に基づき交付されたものです。",
            "拾得された方は、最寄りの市区町村又は警察署に届けてください。",
        )
        for i, line in enumerate(notes):
            draw_text(d, 200, 468 + i * 22, line, TextStyle("noto_serif", 14, GREY))
        _photo(card, box)
        end = draw_text(d, 800, 430, c.issuer, TextStyle("noto_serif", 26))
        seal = red_stamp(54, [c.issuer[:-1], "長之印"], "ipam", c.seed + 7)
        paste_stamp(card, seal, (min(end + 34, 990), 444))

    return _card(palette, c.seed, layout)


def _rbb_back(c: Card) -> Image.Image:
    palette = ((244, 248, 252), (220, 230, 242))

    def layout(card: Image.Image) -> None:
        d = ImageDraw.Draw(card)
        draw_text(d, 36, 24, "追記欄", TextStyle("noto_serif", 22))
        rule = darker(palette[1], 60)
        style = TextStyle("noto_serif", 22)
        _entry_rows(
            card,
            c,
            70,
            86,
            4,
            (28, 250, 880, 1000),
            lambda day: _heisei(day, fullwidth=False) if day.year < 2019 else format_wareki(day),
            lambda a: (a.render("kanji_chome"), ""),
            style,
            rule,
        )
        draw_text(
            d, 40, 432, "転居・転入の届出をした場合は、市区町村の窓口で", TextStyle("ipag", 15)
        )
        draw_text(d, 40, 456, "このカードへの追記を受けてください。", TextStyle("ipag", 15))
        d.rectangle((28, 500, 1000, 620), outline=rule, width=1)
        draw_text(
            d, 40, 510, "暗証番号を他人に知られないようにしてください。", TextStyle("ipag", 14)
        )

    return _card(palette, c.seed + 1, layout)


def _rbb(c: Card) -> tuple[Rendered, Rendered]:
    assert c.address is not None and c.issue is not None and c.expiry is not None
    stem = f"{c.doc_type}_{c.key}"
    wide = c.key == "002"
    printed = "still ahead" if c.expiry >= SUBMITTED_ON else "passed"
    front = _rendered(
        stem,
        _rbb_front(c),
        _truth(
            c.doc_type,
            {
                "name": fold(c.person.name),
                "birth_date": c.person.birth.isoformat(),
                "address": fold(c.address.render("kanji_chome", fullwidth=not wide)),
                "issue_date": c.issue.isoformat(),
                "expiry_date": c.expiry.isoformat(),
                "issuer": c.issuer,
            },
        ),
        f"住基カード (photo type B), printed expiry {_heisei(c.expiry, fullwidth=False)} "
        f"({c.expiry.isoformat()}, {printed}); refused: none valid after 2025-12-28",
        _glare(PHOTO_BOXES[c.doc_type], CARD_SIZE),
    )
    fields: dict[str, str] = {}
    if c.entries:
        fields["address"] = fold(c.entries[-1].address.render("kanji_chome"))
    back = _rendered(
        f"{stem}_back",
        _rbb_back(c),
        _truth(f"{c.doc_type}_back", fields),
        "追記欄 with a 転居 entry" if c.entries else "追記欄 empty",
        (0.6, 0.9),
    )
    return front, back


# --- 在留カード / 特別永住者証明書 -----------------------------------------------------------


def _foreign_front(c: Card) -> Image.Image:
    residence = c.doc_type == "residence_card"
    box = PHOTO_BOXES[c.doc_type]
    face = "noto_sans" if residence else "ipagp"
    if residence:
        palette = (
            ((238, 246, 244), (206, 228, 222))
            if c.key == "001"
            else ((246, 242, 236), (230, 218, 200))
        )
    else:
        palette = ((246, 240, 244), (228, 208, 220))

    def layout(card: Image.Image) -> None:
        assert c.address is not None and c.issue is not None and c.expiry is not None
        d = ImageDraw.Draw(card)
        draw_text(d, 36, 18, "日本国政府", TextStyle(face, 16, GREY, tracking=4))
        draw_text(d, 150, 22, "GOVERNMENT OF JAPAN", TextStyle(face, 11, GREY))
        title = "在留カード" if residence else "特別永住者証明書"
        english = "RESIDENCE CARD" if residence else "SPECIAL PERMANENT RESIDENT CERTIFICATE"
        end = draw_text(d, 36, 42, title, TextStyle("noto_sans_bold", 32, NAVY, tracking=10))
        draw_text(d, end + 16, 60, english, TextStyle(face, 13, NAVY))
        _bilingual_label(d, 760, 20, "番号", "NUMBER", face, 12)
        draw_text(d, 820, 22, c.number, TextStyle("noto_sans_bold", 24, tracking=1))

        value = TextStyle(face, 20)
        _bilingual_label(d, 36, 102, "氏名", "NAME", face)
        kanji_only = not c.person.family.isascii()
        if kanji_only:
            name = TextStyle("ipam", 34, tracking=16)
        else:
            name = TextStyle("noto_sans_bold", 30, tracking=2)
        draw_text(d, 140, 98, c.person.name.replace("\u3000", " "), name)
        if c.person.kanji_name:
            draw_text(d, 140, 138, c.person.kanji_name, TextStyle("ipam", 22, tracking=8))

        y = 176
        _bilingual_label(d, 36, y, "生年月日", "DATE OF BIRTH", face)
        draw_text(d, 140, y + 2, _western(c.person.birth), value)
        _bilingual_label(d, 380, y, "性別", "SEX", face)
        draw_text(d, 428, y + 2, _sex(c.female, latin=True), value)
        _bilingual_label(d, 510, y, "国籍・地域", "NATIONALITY/REGION", face)
        draw_text(d, 628, y + 2, c.person.nationality, value)

        y = 228
        _bilingual_label(d, 36, y, "住居地", "ADDRESS", face)
        draw_text(d, 140, y + 2, c.address.render(_front_block(c)), TextStyle(face, 22))
        rule = darker(palette[1], 40)
        for yy in (168, 220, 272):
            d.line((28, yy, 764, yy), fill=rule, width=1)

        if residence:
            _residence_middle(d, c, face, value, rule)
        else:
            _bilingual_label(d, 36, 292, "交付年月日", "DATE OF ISSUE", face)
            draw_text(d, 160, 294, _western(c.issue), value)
            notes = (
                "この証明書は、日本国との平和条約に基づき日本の国籍を離脱した者等の",
                "出入国管理に関する特例法に基づき交付されたものです。",
            )
            for i, line in enumerate(notes):
                draw_text(d, 36, 350 + i * 22, line, TextStyle(face, 14, GREY))
            _bilingual_label(d, 36, 420, "次回確認期限", "NEXT CONFIRMATION DUE", face)
            draw_text(d, 200, 422, _western(c.expiry), TextStyle(face, 22))

        band = (28, 500, 764, 560)
        d.rectangle(band, fill=darker(palette[1], 12))
        noun = "このカードは" if residence else "この証明書は"
        end = draw_text(d, 44, 512, noun, TextStyle(face, 20))
        end = draw_text(d, end + 12, 508, _western(c.expiry), TextStyle("noto_sans_bold", 28))
        draw_text(d, end + 10, 512, "まで有効 です。", TextStyle(face, 20))
        gloss = "PERIOD OF VALIDITY OF THIS CARD" if residence else "PERIOD OF VALIDITY"
        draw_text(d, 44, 566, gloss, TextStyle(face, 11, GREY))

        _photo(card, box)
        end = draw_text(d, 800, 420, c.issuer, TextStyle("ipam", 28, tracking=6))
        seal = red_stamp(58, ["法務", "大臣", "之印"], "ipam", c.seed + 7)
        paste_stamp(card, seal, (min(end + 36, 990), 434))
        if residence:
            draw_text(d, 802, 468, "MINISTER OF JUSTICE", TextStyle(face, 11, GREY))

    return _card(palette, c.seed, layout)


def _residence_middle(
    d: ImageDraw.ImageDraw, c: Card, face: str, value: TextStyle, rule: RGB
) -> None:
    assert c.issue is not None and c.expiry is not None
    det = c.details
    _bilingual_label(d, 36, 284, "在留資格", "STATUS", face)
    draw_text(d, 140, 282, det["status"], TextStyle("noto_sans_bold", 24))
    _bilingual_label(d, 36, 326, "就労制限の有無", "", face, 13)
    draw_text(d, 150, 324, det["work"], TextStyle(face, 18))
    d.line((28, 354, 764, 354), fill=rule, width=1)
    _bilingual_label(d, 36, 362, "在留期間(満了日)", "PERIOD OF STAY (DATE OF EXPIRATION)", face)
    draw_text(d, 300, 364, f"{det['period']}（{_western(c.expiry)}）", value)
    _bilingual_label(d, 36, 408, "許可の種類", "TYPE OF PERMISSION", face)
    draw_text(d, 160, 410, det["permission"], TextStyle(face, 16))
    _bilingual_label(d, 36, 450, "許可年月日", "DATE OF PERMISSION", face, 13)
    draw_text(d, 160, 452, _western(c.issue), TextStyle(face, 18))
    _bilingual_label(d, 380, 450, "交付年月日", "DATE OF ISSUE", face, 13)
    draw_text(d, 490, 452, _western(c.issue), TextStyle(face, 18))


def _front_block(c: Card) -> Block:
    return "arabic_chome" if c.doc_type == "residence_card" else "kanji_chome"


def _entry_address(c: Card) -> Callable[[Address], tuple[str, str]]:
    if c.doc_type == "residence_card":
        return lambda a: _split_building(a, a.render("hyphen"))
    return lambda a: _split_building(a, a.render("arabic_chome", fullwidth=True))


def _foreign_back(c: Card) -> Image.Image:
    residence = c.doc_type == "residence_card"
    face = "noto_sans" if residence else "ipagp"
    palette = (
        ((244, 248, 246), (222, 232, 228)) if residence else ((248, 244, 246), (232, 220, 228))
    )

    def layout(card: Image.Image) -> None:
        d = ImageDraw.Draw(card)
        rule = darker(palette[1], 70)
        _bilingual_label(d, 36, 20, "住居地記載欄", "", face, 18)
        columns = (28, 226, 858, 1000)
        heads = ("届出年月日", "住居地", "記載者印")
        for x, text in zip(columns, heads, strict=False):
            draw_text(d, x + 12, 56, text, TextStyle(face, 15, GREY))
        _entry_rows(
            card,
            c,
            80,
            84,
            3,
            columns,
            lambda day: f"{day.year}年{day.month}月{day.day}日",
            _entry_address(c),
            TextStyle(face, 20),
            rule,
        )
        if residence:
            box1 = (28, 352, 1000, 470)
            d.rectangle(box1, outline=rule, width=2)
            draw_text(d, 40, 360, "資格外活動許可欄", TextStyle(face, 16, GREY))
            extra = c.details.get("extra_activity", "")
            if extra:
                draw_text(d, 60, 400, extra, TextStyle(face, 20))
            box2 = (28, 482, 1000, 620)
            d.rectangle(box2, outline=rule, width=2)
            draw_text(d, 40, 490, "在留期間更新等許可申請欄", TextStyle(face, 16, GREY))
        else:
            notes = (
                "1 住居地を変更したときは、新住居地に移転した日から14日以内に、",
                "   新住居地の市町村の長に届け出てください。",
                "2 この証明書を紛失したときは、その事実を知った日から14日以内に",
                "   再交付を申請してください。",
            )
            for i, line in enumerate(notes):
                draw_text(d, 40, 372 + i * 28, line, TextStyle(face, 16))
            d.rectangle((28, 510, 1000, 620), outline=rule, width=1)

    return _card(palette, c.seed + 1, layout)


def _foreign(c: Card) -> tuple[Rendered, Rendered]:
    assert c.address is not None and c.issue is not None and c.expiry is not None
    stem = f"{c.doc_type}_{c.key}"
    fields = {"name": fold(c.person.name)}
    if c.person.family.isascii():
        fields["name_latin"] = fold(c.person.name)
    fields |= {
        "birth_date": c.person.birth.isoformat(),
        "address": fold(c.address.render(_front_block(c))),
        "issue_date": c.issue.isoformat(),
        "expiry_date": c.expiry.isoformat(),
        "issuer": c.issuer,
        "document_number": c.number,
    }
    state = "valid" if c.valid else f"expired {c.expiry.isoformat()}"
    if c.doc_type == "residence_card":
        what = f"在留カード, {c.person.nationality}, {c.details['status']}, {state}"
    else:
        script = (
            "kanji name only" if not c.person.family.isascii() else "Latin name with 正字 kanji"
        )
        what = f"特別永住者証明書, {script}, {state}"
    front = _rendered(
        stem,
        _foreign_front(c),
        _truth(c.doc_type, fields),
        f"{what}; Latin/bilingual labels, Western dates",
        _glare(PHOTO_BOXES[c.doc_type], CARD_SIZE),
    )
    back_fields: dict[str, str] = {}
    if c.entries:
        latest = c.entries[-1].address
        back_fields["address"] = fold(" ".join(_entry_address(c)(latest)))
    back = _rendered(
        f"{stem}_back",
        _foreign_back(c),
        _truth(f"{c.doc_type}_back", back_fields),
        "住居地記載欄 with a later address (supersedes the front)"
        if c.entries
        else "住居地記載欄 empty",
        (0.5, 0.93),
    )
    return front, back


# --- 個人番号カード ------------------------------------------------------------------


def _mn_birth(c: Card) -> str:
    return format_wareki(c.person.birth, sep=" ") + "生"


def _mn_address(c: Card) -> tuple[str, str]:
    assert c.address is not None
    if c.key == "001":
        text = c.address.render("arabic_chome", fullwidth=True)
    else:
        text = c.address.render("kanji_chome")
    return _split_building(c.address, text)


def _mn_expiry(c: Card) -> str:
    assert c.expiry is not None
    if c.details["expiry_style"] == "dual":
        return format_dual_expiry(c.expiry)
    return _western(c.expiry, space_pad=True) + "まで有効"


def _mn_front(c: Card) -> Image.Image:
    box = PHOTO_BOXES["my_number_card"]
    palette = (
        ((244, 246, 252), (218, 226, 242)) if c.key == "001" else ((250, 244, 244), (236, 218, 218))
    )
    wide = c.key == "001"

    def layout(card: Image.Image) -> None:
        d = ImageDraw.Draw(card)
        draw_text(d, 36, 22, "個人番号カード", TextStyle("noto_sans_bold", 28, NAVY, tracking=4))
        label = TextStyle("noto_sans", 16, GREY)
        name = TextStyle("ipag", 32, tracking=16 if wide else 3)
        labelled_row(d, 36, 84, "氏名", c.person.name, label, name, value_x=110)
        line1, line2 = _mn_address(c)
        addr = TextStyle("ipag", 24)
        labelled_row(d, 36, 152, "住所", line1, label, addr, value_x=110)
        if line2:
            draw_text(d, 110, 186, line2, addr)
        value = TextStyle("ipag", 24)
        draw_text(d, 36, 244, _mn_birth(c), value)
        labelled_row(d, 420, 244, "性別", _sex(c.female), label, value)
        rule = darker(palette[1], 40)
        for y in (138, 226, 284):
            d.line((28, y, 756, y), fill=rule, width=1)
        d.rectangle((28, 294, 756, 346), fill=(196, 214, 240) if wide else (240, 206, 206))
        draw_text(d, 44, 305, _mn_expiry(c), TextStyle("noto_sans_bold", 26))

        d.rectangle((28, 372, 600, 620), outline=rule, width=2)
        draw_text(d, 40, 380, "電子証明書の有効期限の記載欄", TextStyle("noto_sans", 14, GREY))
        for i in range(3):
            y = 414 + i * 66
            d.line((28, y, 600, y), fill=rule, width=1)
            draw_text(d, 300, y + 22, "年　　月　　日", TextStyle("noto_sans", 16, GREY))
        draw_text(
            d, 40, 598, "臓器提供意思表示は裏面をご覧ください。", TextStyle("noto_sans", 12, GREY)
        )

        _photo(card, box)
        draw_text(d, 790, 408, "セキュリティ", TextStyle("noto_sans", 12, GREY))
        draw_text(d, 790, 424, "コード", TextStyle("noto_sans", 12, GREY))
        draw_text(d, 870, 410, c.details["security_code"], TextStyle("ipag", 24, tracking=4))
        end = draw_text(d, 790, 520, c.issuer, TextStyle("ipag", 26, tracking=4))
        seal = red_stamp(52, [c.issuer[:-1], "長之印"], "ipam", c.seed + 7)
        paste_stamp(card, seal, (min(end + 34, 990), 534))

    return _card(palette, c.seed, layout)


def _spaced_number(number: str) -> str:
    return f"{number[:4]} {number[4:8]} {number[8:]}"


def _mn_back(c: Card) -> Image.Image:
    palette = ((246, 248, 252), (224, 230, 244))

    def layout(card: Image.Image) -> None:
        d = ImageDraw.Draw(card)
        draw_text(d, 40, 40, "個人番号", TextStyle("noto_sans", 22, GREY))
        draw_text(d, 180, 26, _spaced_number(c.number), TextStyle("noto_sans_bold", 46, tracking=6))
        labelled_row(
            d,
            40,
            112,
            "氏名",
            c.person.name,
            TextStyle("noto_sans", 16, GREY),
            TextStyle("ipag", 26),
        )
        draw_text(d, 40, 160, _mn_birth(c), TextStyle("ipag", 22))
        d.line((28, 206, 1000, 206), fill=darker(palette[1], 40), width=1)
        _chip(card, 80, 260, 150, 118)
        _fake_qr(card, 770, 300, 203, c.seed + 13)
        notes = (
            "この個人番号カードは、番号法に定められた事務以外では",
            "個人番号を利用することはできません。",
            "臓器提供意思　1. 脳死後及び心臓停止後　2. 心臓停止後　3. 提供しません",
        )
        for i, line in enumerate(notes):
            draw_text(d, 40, 520 + i * 26, line, TextStyle("noto_sans", 14, GREY))

    return _card(palette, c.seed + 1, layout)


def _my_number(c: Card) -> tuple[Rendered, Rendered]:
    assert c.address is not None and c.expiry is not None
    stem = f"{c.doc_type}_{c.key}"
    state = "valid" if c.valid else f"expired {c.expiry.isoformat()}"
    front = _rendered(
        stem,
        _mn_front(c),
        _truth(
            c.doc_type,
            {
                "name": fold(c.person.name),
                "birth_date": c.person.birth.isoformat(),
                "address": fold(" ".join(s for s in _mn_address(c) if s)),
                "expiry_date": c.expiry.isoformat(),
                "issuer": c.issuer,
            },
        ),
        f"個人番号カード front, {_mn_expiry(c)} ({state}); wareki birth date, no number",
        _glare(PHOTO_BOXES[c.doc_type], CARD_SIZE),
    )
    back = _rendered(
        f"{stem}_back",
        _mn_back(c),
        _truth(
            f"{c.doc_type}_back",
            {
                "name": fold(c.person.name),
                "birth_date": c.person.birth.isoformat(),
                "document_number": mask_number(c.number),
            },
        ),
        "個人番号カード back: 12-digit 個人番号 (valid check digit) must come out masked",
        (0.55, 0.55),
    )
    return front, back


# --- 通知カード / 個人番号通知書 -----------------------------------------------------------


def _notification_front(c: Card) -> Image.Image:
    palette = ((226, 240, 220), (204, 226, 196))

    def layout(card: Image.Image) -> None:
        assert c.address is not None and c.issue is not None
        d = ImageDraw.Draw(card)
        green = (40, 110, 60)
        draw_text(d, 36, 20, "通知カード", TextStyle("ipam", 32, green, tracking=8))
        label = TextStyle("ipam", 18, GREY)
        labelled_row(
            d,
            36,
            84,
            "個人番号",
            _spaced_number(c.number),
            label,
            TextStyle("noto_sans_bold", 36, tracking=4),
            value_x=170,
        )
        value = TextStyle("ipam", 24)
        labelled_row(d, 36, 156, "氏名", c.person.name, label, TextStyle("ipam", 28), value_x=170)
        address = c.address.render("kanji_chome", fullwidth=True)
        labelled_row(d, 36, 216, "住所", address, label, value, value_x=170)
        birth = format_wareki(c.person.birth, numerals="fullwidth") + "生"
        labelled_row(d, 36, 276, "生年月日", birth, label, value, value_x=170)
        labelled_row(d, 560, 276, "性別", _sex(c.female), label, value)
        rule = darker(palette[1], 40)
        for y in (144, 204, 264, 324):
            d.line((28, y, 1000, y), fill=rule, width=1)
        labelled_row(d, 36, 344, "発行日", format_wareki(c.issue), label, value, value_x=170)
        end = draw_text(d, 700, 410, c.issuer, TextStyle("ipam", 28, tracking=4))
        seal = red_stamp(60, [c.issuer[:-1], "長之印"], "ipam", c.seed + 7)
        paste_stamp(card, seal, (min(end + 40, 985), 426))
        notes = (
            "この通知カードは、個人番号を証明する書類として使用できますが、",
            "本人確認書類としては使用できません。（個人番号カードではありません）",
            "大切に保管してください。",
        )
        for i, line in enumerate(notes):
            draw_text(d, 36, 500 + i * 28, line, TextStyle("ipam", 16))

    return _card(palette, c.seed, layout)


def _notification_back(c: Card) -> Image.Image:
    palette = ((230, 242, 226), (208, 228, 200))

    def layout(card: Image.Image) -> None:
        d = ImageDraw.Draw(card)
        draw_text(d, 36, 24, "追記欄", TextStyle("ipam", 22))
        rule = darker(palette[1], 60)
        for i in range(6):
            d.line((28, 110 + i * 64, 1000, 110 + i * 64), fill=rule, width=1)
        draw_text(d, 36, 560, "住所等に変更があったときは、市区町村の窓口に", TextStyle("ipam", 15))
        draw_text(d, 36, 584, "この通知カードを持参してください。", TextStyle("ipam", 15))

    return _card(palette, c.seed + 1, layout)


def _notification(c: Card) -> tuple[Rendered, Rendered]:
    assert c.address is not None and c.issue is not None
    stem = f"{c.doc_type}_{c.key}"
    front = _rendered(
        stem,
        _notification_front(c),
        _truth(
            c.doc_type,
            {
                "name": fold(c.person.name),
                "birth_date": c.person.birth.isoformat(),
                "address": fold(c.address.render("kanji_chome", fullwidth=True)),
                "issue_date": c.issue.isoformat(),
                "issuer": c.issuer,
                "document_number": mask_number(c.number),
            },
        ),
        "通知カード (green paper): 個人番号 beside the address, no photo or expiry; "
        "ID_NOTIFICATION_CARD, number masked",
        (0.85, 0.8),
    )
    back = _rendered(
        f"{stem}_back",
        _notification_back(c),
        _truth(f"{c.doc_type}_back", {}),
        "通知カード back: empty 追記欄",
        (0.5, 0.5),
    )
    return front, back


def _notice_page(c: Card) -> Image.Image:
    assert c.issue is not None
    w = NOTICE_SIZE[0]
    page = Image.new("RGB", NOTICE_SIZE, (255, 255, 255))
    d = ImageDraw.Draw(page)
    tint = guilloche((w, 180), (236, 246, 232), (214, 234, 206), c.seed)
    page.paste(tint, (0, 0))
    title = TextStyle("ipam", 56, (30, 80, 40), tracking=12)
    tw = text_width("個人番号通知書", title)
    draw_text(d, (w - tw) // 2, 58, "個人番号通知書", title)
    body = TextStyle("ipam", 26)
    end = draw_text(d, 820, 230, format_wareki(c.issue), body)
    end = draw_text(d, 840, 280, c.issuer, TextStyle("ipam", 30, tracking=8))
    paste_stamp(page, red_stamp(80, [c.issuer[:-1], "長之印"], "ipam", c.seed + 7), (end + 50, 296))
    draw_text(d, 120, 400, "あなたの個人番号（マイナンバー）をお知らせします。", body)

    left, right, top = 120, 1120, 470
    rows = (
        ("フリガナ", c.person.kana, TextStyle("ipag", 24)),
        ("氏名", c.person.name, TextStyle("ipam", 40, tracking=10)),
        ("生年月日", format_wareki(c.person.birth) + "生", TextStyle("ipam", 32)),
        ("個人番号", _spaced_number(c.number), TextStyle("noto_sans_bold", 52, tracking=8)),
    )
    heights = (64, 96, 90, 120)
    y = top
    for (k, v, style), rh in zip(rows, heights, strict=True):
        d.rectangle((left, y, right, y + rh), outline=(90, 110, 90), width=2)
        d.rectangle((left, y, left + 220, y + rh), fill=(232, 242, 228), outline=(90, 110, 90))
        draw_text(d, left + 24, y + (rh - 26) // 2, k, TextStyle("ipam", 26))
        draw_text(d, left + 260, y + (rh - style.size) // 2 - 2, v, style)
        y += rh
    notes = (
        "【ご注意】",
        "1　この通知書は、あなたに個人番号が指定されたことをお知らせするものです。",
        "2　この通知書は、個人番号を証明する書類や本人確認書類として使用することは",
        "　　できません。",
        "3　個人番号カードの交付を希望される方は、同封の交付申請書により申請してください。",
        "4　個人番号は、社会保障・税・災害対策の手続で必要となります。",
        "　　大切に保管し、むやみに他人に提示しないでください。",
    )
    for i, line in enumerate(notes):
        draw_text(d, 120, 880 + i * 44, line, TextStyle("ipam", 24))
    for x in range(60, w - 60, 24):
        d.line((x, 1300, x + 12, 1300), fill=(150, 150, 150), width=2)
    draw_text(d, 120, 1330, "キリトリ線", TextStyle("ipag", 16, GREY))
    draw_text(d, 120, 1380, "お問い合わせ先", TextStyle("ipag", 24))
    draw_text(
        d, 120, 1420, f"{c.issuer[:-1]} 市民局 区政推進課 マイナンバー担当", TextStyle("ipag", 24)
    )
    draw_text(d, 120, 1460, "電話 082-000-0000（平日 8時30分～17時15分）", TextStyle("ipag", 24))
    return page


def _notice(c: Card) -> Rendered:
    assert c.issue is not None
    return Rendered(
        stem=f"{c.doc_type}_{c.key}",
        truth=_truth(
            c.doc_type,
            {
                "name": fold(c.person.name),
                "name_kana": fold(c.person.kana),
                "birth_date": c.person.birth.isoformat(),
                "issue_date": c.issue.isoformat(),
                "issuer": c.issuer,
                "document_number": mask_number(c.number),
            },
        ),
        purpose="個人番号通知書 (A4 letter, no address): refused as ID_NOTIFICATION_CARD, "
        "number masked",
        image=_notice_page(c),
        glare_at=(0.8, 0.9),
    )


# --- entry point ----------------------------------------------------------------------


def build_id_documents(people: PersonFactory, seed: int) -> list[IdDocument]:
    """Render every identity and notification document (clean fronts and backs).

    Draws ten Japanese people from ``people``; foreign residents come from a separate
    seeded factory. Same ``people`` state and ``seed`` → identical images.
    """
    docs: list[IdDocument] = []
    for c in build_cast(people, seed):
        back: Rendered | None
        if c.doc_type == "driving_history_certificate":
            front, back = _dhc(c)
        elif c.doc_type == "passport":
            front, back = _passport(c), None
        elif c.doc_type == "basic_resident_register_card":
            front, back = _rbb(c)
        elif c.doc_type in ("residence_card", "special_permanent_resident_certificate"):
            front, back = _foreign(c)
        elif c.doc_type == "my_number_card":
            front, back = _my_number(c)
        elif c.doc_type == "my_number_notification_card":
            front, back = _notification(c)
        else:
            front, back = _notice(c), None
        docs.append(
            IdDocument(
                key=c.key,
                document_type=c.doc_type,
                front=front,
                back=back,
                holder=c.person,
                current_address=c.current_address if c.doc_type != "passport" else None,
                valid=c.valid,
            )
        )
    return docs
