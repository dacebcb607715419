"""Driver's licence (運転免許証) front and back, laid out after JAPAN.md §1.1.

The card is ID-1 (85.6 × 54 mm) at 12 px/mm. Text sizes follow the real card
scaled to that resolution: labels 16–20 px, values 22–28 px.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from PIL import Image, ImageDraw

from docextract.text.dates import add_months, format_dual_expiry, format_wareki
from docextract.text.numbers import dl_check_digit

from .corpus import SUBMITTED_ON, IdDocument, Rendered
from .draw import (
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
from .people import Address, Person, fold

PX_PER_MM = 12
CARD_SIZE = (round(85.6 * PX_PER_MM), round(54.0 * PX_PER_MM))  # 1027 × 648
CORNER_RADIUS = 3 * PX_PER_MM

Band = Literal["green", "blue", "gold"]
BAND_RGB: dict[Band, RGB] = {
    "green": (126, 196, 128),
    "blue": (108, 156, 222),
    "gold": (222, 186, 86),
}

# 公安委員会 codes (JAPAN.md §1.1); only the prefectures the fixtures use.
PREF_CODES = {
    "東京都": "30",
    "大阪府": "62",
    "神奈川県": "45",
    "愛知県": "54",
    "埼玉県": "43",
    "千葉県": "44",
}

# The 種類 grid in the order printed on post-2017 cards; only held categories get text.
CATEGORY_GRID = (
    ("大型", "中型", "準中型", "普通", "大特", "大自二", "普自二", "小特"),
    ("原付", "け引", "大二", "中二", "普二", "大特二", "け引二", ""),
)
TWO_WHEEL = {"大自二", "普自二", "小特", "原付"}

ORGAN_LINES = (
    "1. 私は、脳死後及び心臓が停止した死後のいずれでも、移植の為に臓器を提供します。",
    "2. 私は、心臓が停止した死後に限り、移植の為に臓器を提供します。",
    "3. 私は、臓器を提供しません。",
    "《1又は2を選んだ方で、提供したくない臓器があれば、×をつけてください。》",
    "【心臓・肺・肝臓・腎臓・膵臓・小腸・眼球】",
    "〔特記欄：　　　　　　　　　　　　　　　　　　　　　　〕",
    "署名年月日：　　　年　　月　　日　　本人署名",
)


@dataclass(frozen=True)
class CardFonts:
    """Per-card typography; cards differ by prefecture and printer generation."""

    label: str
    value: str
    name: str
    name_tracking: int
    birth_pad: bool
    birth_sep: str


@dataclass(frozen=True)
class BackEntry:
    """A police-written 備考 line (address change) with its station stamp."""

    date: dt.date
    address: Address
    stamp: tuple[str, ...]

    @property
    def text(self) -> str:
        return f"{format_wareki(self.date)}　住所　{self.address.on_licence(fullwidth=False)}"


@dataclass(frozen=True)
class Licence:
    key: str
    person: Person
    address: Address
    band: Band
    issue: dt.date
    expiry: dt.date
    heisei_expiry: bool
    """Printed as 平成NN年… (cards issued before the 令和 name was known)."""
    first_licensed: dt.date
    number: str
    inquiry: str
    conditions: tuple[str, ...]
    categories: tuple[str, ...]
    fonts: CardFonts
    palette: tuple[RGB, RGB]
    back_entries: tuple[BackEntry, ...]
    seed: int

    @property
    def issuer(self) -> str:
        return f"{self.address.place.pref}公安委員会"

    @property
    def current_address(self) -> Address:
        """The latest back-side entry supersedes the front (JAPAN.md §1.1)."""
        return self.back_entries[-1].address if self.back_entries else self.address

    @property
    def birth_text(self) -> str:
        f = self.fonts
        return format_wareki(self.person.birth, pad=f.birth_pad, sep=f.birth_sep) + "生"

    @property
    def issue_text(self) -> str:
        return format_wareki(self.issue, pad=True)

    @property
    def expiry_text(self) -> str:
        if self.heisei_expiry:
            # Not format_wareki: the point is the era the card was printed in, not
            # the era the date falls in (2019-06-01 is 令和 but printed 平成31年).
            e = self.expiry
            return f"平成{e.year - 1988:02d}年{e.month:02d}月{e.day:02d}日まで有効"
        return format_dual_expiry(self.expiry)


def licence_number(pref_code: str, first_year: int, serial: int, reissue: int = 0) -> str:
    """``PPYYNNNNNNCR`` with the check digit C from docextract's own formula."""
    first10 = f"{pref_code}{first_year % 100:02d}{serial:06d}"
    return f"{first10}{dl_check_digit(first10)}{reissue}"


def licence_expiry(birth: dt.date, issue: dt.date, band: Band, term: int) -> dt.date:
    """One month after the birthday that ends the term (JAPAN.md §1.1).

    A renewal inside the ±1-month window counts from this year's birthday; a new
    (green) licence runs to the ``term``-th birthday after the issue date.
    """
    if band == "green":
        year = issue.year + (0 if birth.replace(year=issue.year) > issue else 1) + term - 1
    else:
        year = issue.year + term
    return add_months(birth.replace(year=year), 1)


def _front_layout(card: Image.Image, lic: Licence) -> None:
    d = ImageDraw.Draw(card)
    f = lic.fonts
    label = TextStyle(f.label, 18)
    small_label = TextStyle(f.label, 16)
    value = TextStyle(f.value, 24)
    rule = darker(lic.palette[1], 40)
    value_x = 112

    labelled_row(
        d,
        36,
        30,
        "氏名",
        lic.person.name,
        label,
        TextStyle(f.name, 28, tracking=f.name_tracking),
        value_x=value_x,
    )
    draw_text(d, 560, 33, lic.birth_text, value)
    labelled_row(d, 36, 88, "住所", lic.address.on_licence(), label, value, value_x=value_x)
    # Row 3 stays empty: 本籍 moved into the IC chip and is no longer printed.
    for y in (76, 134, 182, 232):
        d.line((28, y, 736, y), fill=rule, width=1)
    end = labelled_row(d, 36, 192, "交付", lic.issue_text, label, value, value_x=value_x)
    draw_text(d, end + 30, 192, lic.inquiry, value)

    d.rectangle((28, 240, 736, 292), fill=BAND_RGB[lic.band])
    draw_text(d, 48, 251, lic.expiry_text, TextStyle("noto_sans_bold", 26))

    d.rectangle((28, 300, 600, 420), outline=rule, width=2)
    draw_text(d, 38, 330, "免許の", small_label)
    draw_text(d, 38, 352, "条件等", small_label)
    for i, condition in enumerate(lic.conditions):
        draw_text(d, 124, 312 + i * 36, condition, TextStyle(f.value, 22))
    if lic.band == "gold":
        draw_text(d, 632, 336, "優良", TextStyle(f.value, 28))

    labelled_row(
        d,
        36,
        434,
        "番号",
        f"第 {lic.number} 号",
        label,
        TextStyle(f.value, 26, tracking=2),
        value_x=value_x,
    )
    draw_text(d, 566, 432, "運転免許証", TextStyle("noto_sans_bold", 28))

    _category_block(d, lic, small_label, rule)

    photo_box = (748, 188, 1000, 512)
    card.paste(
        silhouette((photo_box[2] - photo_box[0], photo_box[3] - photo_box[1])), photo_box[:2]
    )
    issuer_style = TextStyle(f.label, 22)
    end = draw_text(d, 748, 530, lic.issuer, issuer_style)
    seal = red_stamp(46, ["公安", "委員会"], "ipam", lic.seed + 7)
    paste_stamp(card, seal, (min(end + 30, 996), 541))


def _category_block(d: ImageDraw.ImageDraw, lic: Licence, label: TextStyle, rule: RGB) -> None:
    """取得年月日 rows (二・小・原 / 他 / 二種) and the 種類 grid at the bottom."""
    held = set(lic.categories)
    two_wheel = format_wareki(lic.first_licensed, pad=True) if held & TWO_WHEEL else ""
    other_date = lic.first_licensed if not two_wheel else add_months(lic.first_licensed, 14)
    other = format_wareki(other_date, pad=True) if held - TWO_WHEEL else ""
    date_style = TextStyle(lic.fonts.value, 20)
    top, row_h = 480, 48
    for i, (name, date_text) in enumerate((("二・小・原", two_wheel), ("他", other), ("二種", ""))):
        y = top + i * row_h
        d.rectangle((28, y, 372, y + row_h), outline=rule, width=1)
        draw_text(d, 36, y + 15, name, label)
        draw_text(d, 138, y + 13, date_text, date_style)
    left, cell_w = 406, 41
    d.rectangle((380, top, left, top + 3 * row_h), outline=rule, width=1)
    draw_text(d, 385, top + 40, "種", label)
    draw_text(d, 385, top + 70, "類", label)
    cell_h = 3 * row_h // 2
    cell_style = TextStyle(lic.fonts.value, 13)
    for r, row in enumerate(CATEGORY_GRID):
        for c, cat in enumerate(row):
            x, y = left + c * cell_w, top + r * cell_h
            d.rectangle((x, y, x + cell_w, y + cell_h), outline=rule, width=1)
            if cat in held:
                w = text_width(cat, cell_style)
                draw_text(d, x + (cell_w - w) // 2, y + cell_h // 2 - 8, cat, cell_style)


def _back_layout(card: Image.Image, lic: Licence) -> None:
    d = ImageDraw.Draw(card)
    rule = darker(lic.palette[1], 60)
    draw_text(d, 36, 24, "備考", TextStyle(lic.fonts.label, 20))
    rows = [62 + i * 52 for i in range(6)]
    for y in rows:
        d.line((28, y + 52, 1000, y + 52), fill=rule, width=1)
    entry_style = TextStyle("ipag", 22)
    stamp_x, stamp_d = 950, 76
    for i, entry in enumerate(lic.back_entries):
        y = rows[i]
        end = draw_text(d, 40, y + 14, entry.text, entry_style)
        # The station stamp sits in the blank right margin of its line, so it may
        # cross the ruling but never any text (its own line or the neighbours').
        if end > stamp_x - stamp_d // 2 - 8:
            raise ValueError(f"back entry too long for the stamp margin: {entry.text}")
        stamp = red_stamp(stamp_d, list(entry.stamp), "ipam", lic.seed + 31 * (i + 1))
        paste_stamp(card, stamp, (stamp_x, y + 26))

    box = (28, 392, 1000, 628)
    d.rectangle(box, outline=rule, width=2)
    draw_text(d, 40, 400, "臓器提供意思表示", TextStyle(lic.fonts.label, 18))
    small = TextStyle("ipag", 16)
    for i, line in enumerate(ORGAN_LINES):
        draw_text(d, 48, 430 + i * 27, line, small)


def _render(
    lic: Licence, layout: Callable[[Image.Image, Licence], None], seed_offset: int
) -> Image.Image:
    base, line = lic.palette
    card = guilloche(CARD_SIZE, base, line, lic.seed + seed_offset)
    layout(card, lic)
    return on_background(card, rounded_mask(CARD_SIZE, CORNER_RADIUS))


def render_front(lic: Licence) -> Image.Image:
    return _render(lic, _front_layout, 0)


def render_back(lic: Licence) -> Image.Image:
    return _render(lic, _back_layout, 1)


def card_mask() -> Image.Image:
    return rounded_mask(CARD_SIZE, CORNER_RADIUS)


# Where on the front the name and birth date sit (x0, y0, x1, y1): effects keep glare off it.
NAME_ROW_BOX = (28, 20, 736, 76)


# Glare lands on the ID photo of the front, and low on the back's organ-donor box:
# never over the name, birth date, address, dates, number or the 備考 entries.
FRONT_GLARE = (874 / CARD_SIZE[0], 330 / CARD_SIZE[1])
BACK_GLARE = (0.85, 0.9)


def licence_id_document(lic: Licence) -> IdDocument:
    """The licence as the corpus builder sees every identity document."""
    state = "expired" if lic.expiry < SUBMITTED_ON else "valid"
    moves = len(lic.back_entries)
    stem = f"drivers_license_{lic.key}"
    front = Rendered(
        stem=stem,
        truth=front_truth(lic),
        purpose=f"{lic.issuer}, {lic.band} band, {state}; {lic.expiry_text}",
        image=render_front(lic),
        mask=card_mask(),
        glare_at=FRONT_GLARE,
    )
    back = Rendered(
        stem=f"{stem}_back",
        truth=back_truth(lic),
        purpose=f"備考 with {moves} address change(s)" if moves else "備考 empty",
        image=render_back(lic),
        mask=card_mask(),
        glare_at=BACK_GLARE,
    )
    return IdDocument(
        key=stem,
        document_type="drivers_license",
        front=front,
        back=back,
        holder=lic.person,
        current_address=lic.current_address,
        valid=lic.expiry >= SUBMITTED_ON,
    )


def front_truth(lic: Licence) -> dict[str, Any]:
    fields = {
        "name": fold(lic.person.name),
        "birth_date": lic.person.birth.isoformat(),
        "address": fold(lic.address.on_licence()),
        "issue_date": lic.issue.isoformat(),
        "expiry_date": lic.expiry.isoformat(),
        "issuer": lic.issuer,
        "document_number": lic.number,
    }
    return {
        "document_type": "drivers_license",
        "fields": {k: {"value": v} for k, v in fields.items()},
    }


def back_truth(lic: Licence) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if lic.back_entries:
        latest = lic.back_entries[-1].address.on_licence(fullwidth=False)
        fields["address"] = {"value": fold(latest)}
    return {"document_type": "drivers_license_back", "fields": fields}
