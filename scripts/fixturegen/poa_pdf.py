"""Drawing kit for the proof-of-address documents: a PDF page that records its ground truth.

Every field under test is drawn through :meth:`PdfDoc.field` (or a sibling), which
both prints the text and stores the value the report should show, so the truth can
never drift from what is on the page. The PDF is rendered once into memory with
``invariant=1`` and the bytes are reused, which keeps the output byte-identical.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np
from faker.providers.person.ja_JP import Provider as JaNames
from PIL import Image
from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from docextract.text.dates import format_wareki, format_wareki_short

from .draw import FONTS
from .people import PLACES, Address, Block, Person, PersonFactory, Place, fold

A4 = (595.28, 841.89)
MM = 72 / 25.4
INK = Color(0.1, 0.1, 0.12)
GREY = Color(0.4, 0.4, 0.45)
RULE = Color(0.45, 0.45, 0.5)
PALE = Color(0.93, 0.94, 0.96)
RED = Color(0.8, 0.16, 0.18)

PdfFont = Literal["ipag", "ipagp", "ipam", "ipamp"]
Align = Literal["left", "right", "centre"]
DateStyle = Literal[
    "wareki", "wareki_kanji", "wareki_full", "wareki_short", "western", "western_pad", "slash"
]
FIELD_ORDER = ("name", "address", "issue_date", "issuer", "document_number")


def register_fonts() -> None:
    """IPA TrueType faces only: reportlab cannot embed the CFF-outline Noto .ttc files."""
    for name in ("ipag", "ipagp", "ipam", "ipamp"):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, FONTS[name][0]))


def date_text(d: dt.date, style: DateStyle) -> str:
    """One date in the forms printed on receipts and certificates."""
    if style == "wareki":
        return format_wareki(d)
    if style == "wareki_kanji":
        return format_wareki(d, numerals="kanji")
    if style == "wareki_full":
        return format_wareki(d, numerals="fullwidth")
    if style == "wareki_short":
        return format_wareki_short(d)
    if style == "western_pad":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style == "slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    return f"{d.year}年{d.month}月{d.day}日"


def yen(n: int) -> str:
    return f"{n:,}円" if n >= 0 else f"△{-n:,}円"


def mask_digits(s: str) -> str:
    """The truth form of an insurer / insured number: every digit becomes ``*``."""
    return "".join("*" if ch.isdigit() else ch for ch in s)


def fit(s: str, face: PdfFont, size: float, max_w: float) -> float:
    """The largest size ≤ ``size`` (in 0.5 pt steps) at which ``s`` is at most ``max_w`` wide."""
    while size > 6 and pdfmetrics.stringWidth(s, face, size) > max_w:
        size -= 0.5
    return size


@dataclass(frozen=True)
class Drawn:
    """One rendered document: PDF bytes or a card image, and its truth fields."""

    fields: dict[str, dict[str, Any]]
    glare_at: tuple[float, float]
    pdf: bytes | None = None
    image: Image.Image | None = None
    mask: Image.Image | None = None
    pages: int = 1


@dataclass(frozen=True)
class AddressForm:
    """How one document prints the holder's address."""

    block: Block = "kanji_chome"
    fullwidth: bool = False
    postal: bool = True
    split: bool = False
    """Two lines: building on the second, or (no building) town and block on the second."""
    pref: bool = True

    def lines(self, address: Address) -> list[str]:
        full = address.render(self.block, pref=self.pref, fullwidth=self.fullwidth)
        if not self.split:
            return [full]
        if address.building:
            head, _, building = full.partition("\u3000")
            return [head, building]
        p = address.place
        head = (p.pref if self.pref else "") + p.city
        return [head, full[len(head) :]]


@dataclass(frozen=True)
class Holder:
    """The invented person a document is addressed to, with everything derived from them."""

    person: Person
    address: Address
    seed: int

    @cached_property
    def female(self) -> bool:
        """Inferred from faker's name lists: Person records no sex, 住民票 and 保険証 print it."""
        females = {pair[0] for pair in JaNames.first_name_female_pairs}
        return self.person.given in females

    @property
    def sex(self) -> str:
        return "女" if self.female else "男"

    @property
    def place(self) -> Place:
        return self.address.place

    @property
    def municipality(self) -> str:
        """The tax / insurance body: 大阪市 for 大阪市北区, 船橋市, 千代田区."""
        city = self.place.city
        return city[: city.index("市") + 1] if self.place.designated else city

    @property
    def registry_head(self) -> str:
        """Who certifies 住民票 and 印鑑登録: the ward head in a 政令指定都市 (大阪市北区長)."""
        return self.place.city + "長"

    def office_address(self, office_postal_tail: str) -> str:
        """The municipal office: same city, a town of its own, block numbers invented."""
        p = self.place
        return f"〒{p.postal[:3]}-{office_postal_tail} {p.pref}{p.city}役所前一丁目1番1号"

    @property
    def foreign(self) -> bool:
        return bool(self.person.nationality)

    @property
    def kana(self) -> str:
        """The account-name form banks print (katakana; Latin for foreign residents)."""
        p = self.person
        return f"{p.family_kana}\u3000{p.given_kana}" if p.family_kana else p.latin

    def rng(self, salt: int) -> np.random.Generator:
        return np.random.default_rng(self.seed * 1009 + salt)

    def digits(self, salt: int, n: int) -> str:
        """``n`` seeded digits (account, notice, card numbers); ``salt`` picks the number."""
        return "".join(str(int(d)) for d in self.rng(salt).integers(0, 10, n))

    def relative(self, birth: dt.date, *, female: bool, salt: int) -> Person:
        """A household member: same family name, an invented given name."""
        if self.foreign:
            names = ("ANH", "LINH", "MAI") if female else ("MINH", "DUC", "HUNG")
            given = names[int(self.rng(salt).integers(len(names)))]
            return dataclasses.replace(self.person, given=given, given_latin=given, birth=birth)
        other = PersonFactory(self.seed * 31 + salt).person(birth, female=female)
        return dataclasses.replace(
            self.person,
            given=other.given,
            given_kana=other.given_kana,
            given_latin=other.given_latin,
            birth=birth,
            kanji_name="",
        )

    def stranger(self, salt: int, *, female: bool = False) -> Person:
        """Someone else entirely (担当者, 市長): a name the extractor must not take."""
        return PersonFactory(self.seed * 37 + salt).other_person(self.person, female=female)

    def earlier_place(self, salt: int) -> Address:
        """A previous address (前住所) in another municipality."""
        others = [p for p in PLACES.values() if p.city != self.place.city]
        rng = self.rng(salt)
        p = others[int(rng.integers(len(others)))]
        return Address(
            p, int(rng.integers(1, 4)), int(rng.integers(1, 25)), int(rng.integers(1, 20))
        )


@dataclass
class PdfDoc:
    """A reportlab canvas addressed from the top-left (y grows downwards), recording fields."""

    title: str
    size: tuple[float, float] = A4
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    page: int = 0

    def __post_init__(self) -> None:
        register_fonts()
        self._buf = io.BytesIO()
        self.c = Canvas(self._buf, pagesize=self.size, invariant=1)
        self.c.setTitle(self.title)
        self.w, self.h = self.size

    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: float = 10.5,
        face: PdfFont = "ipag",
        align: Align = "left",
        color: Color = INK,
    ) -> float:
        """Draw ``s`` with its baseline ``y`` points below the top; return the right edge."""
        c = self.c
        c.setFillColor(color)
        c.setFont(face, size)
        yy = self.h - y
        width = float(pdfmetrics.stringWidth(s, face, size))
        if align == "right":
            c.drawRightString(x, yy, s)
            return x
        if align == "centre":
            c.drawCentredString(x, yy, s)
            return x + width / 2
        c.drawString(x, yy, s)
        return x + width

    def record(self, key: str, value: str) -> None:
        if key in self.fields:
            raise ValueError(f"{self.title}: field {key} drawn twice")
        self.fields[key] = {"value": value, "page": self.page}

    def field(
        self,
        key: str,
        x: float,
        y: float,
        s: str,
        size: float = 10.5,
        face: PdfFont = "ipag",
        align: Align = "left",
        value: str | None = None,
        max_w: float = 0,
    ) -> float:
        """Draw a field under test; the truth is ``value`` or the folded printed text.

        ``max_w`` shrinks the type until the text fits (long addresses with a building).
        """
        if max_w:
            size = fit(s, face, size, max_w)
        end = self.text(x, y, s, size, face, align)
        self.record(key, fold(s) if value is None else value)
        return end

    def date_field(
        self,
        x: float,
        y: float,
        d: dt.date,
        style: DateStyle,
        size: float = 10.5,
        face: PdfFont = "ipag",
        align: Align = "left",
        prefix: str = "",
        suffix: str = "",
    ) -> float:
        """The issue date: printed in ``style``, recorded ISO."""
        s = prefix + date_text(d, style) + suffix
        return self.field("issue_date", x, y, s, size, face, align, d.isoformat())

    def lines_field(
        self,
        key: str,
        x: float,
        y: float,
        lines: list[str],
        size: float = 10.5,
        face: PdfFont = "ipag",
        leading: float = 1.45,
        max_w: float = 0,
    ) -> float:
        """A field printed over several lines (address): truth joins them with a space."""
        if max_w:
            size = min(fit(s, face, size, max_w) for s in lines)
        for i, s in enumerate(lines):
            self.text(x, y + i * size * leading, s, size, face)
        self.record(key, fold(" ".join(lines)))
        return y + (len(lines) - 1) * size * leading

    def line(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        width: float = 0.6,
        color: Color = RULE,
        dash: tuple[float, float] | None = None,
    ) -> None:
        c = self.c
        c.saveState()
        c.setStrokeColor(color)
        c.setLineWidth(width)
        if dash:
            c.setDash(*dash)
        c.line(x0, self.h - y0, x1, self.h - y1)
        c.restoreState()

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        width: float = 0.6,
        color: Color = RULE,
        fill: Color | None = None,
        dash: tuple[float, float] | None = None,
        radius: float = 0,
    ) -> None:
        """A box whose top-left corner is (x, y)."""
        c = self.c
        c.saveState()
        c.setStrokeColor(color)
        c.setLineWidth(width)
        if dash:
            c.setDash(*dash)
        if fill is not None:
            c.setFillColor(fill)
        yy = self.h - y - h
        stroke = 1 if width > 0 else 0
        if radius:
            c.roundRect(x, yy, w, h, radius, stroke=stroke, fill=int(fill is not None))
        else:
            c.rect(x, yy, w, h, stroke=stroke, fill=int(fill is not None))
        c.restoreState()

    def grid(
        self,
        x: float,
        y: float,
        widths: Sequence[float],
        heights: Sequence[float],
        width: float = 0.6,
    ) -> None:
        """Table rules: an outer box and the inner cell lines."""
        total_w, total_h = sum(widths), sum(heights)
        self.rect(x, y, total_w, total_h, width)
        cx = x
        for w in widths[:-1]:
            cx += w
            self.line(cx, y, cx, y + total_h, width)
        cy = y
        for h in heights[:-1]:
            cy += h
            self.line(x, cy, x + total_w, cy, width)

    def image(self, img: Image.Image, x: float, y: float, w: float, h: float) -> None:
        """Place a raster (RGBA keeps its transparency) with its top-left at (x, y)."""
        self.c.drawImage(ImageReader(img), x, self.h - y - h, w, h, mask="auto")

    def date_stamp(
        self, x: float, y: float, top: str, middle: str, bottom: str, radius: float = 30
    ) -> None:
        """A round red 日付印 / 収納印: institution, date, branch; vector text (extractable)."""
        c = self.c
        cy = self.h - y
        c.saveState()
        c.setStrokeColor(RED)
        c.setFillColor(RED)
        c.setLineWidth(1.4)
        c.circle(x, cy, radius)
        chord = radius * 0.88
        c.line(x - chord, cy + radius * 0.27, x + chord, cy + radius * 0.27)
        c.line(x - chord, cy - radius * 0.33, x + chord, cy - radius * 0.33)
        c.setFont("ipag", radius * 0.23)
        c.drawCentredString(x, cy + radius * 0.45, top)
        c.setFont("ipag", radius * 0.33)
        c.drawCentredString(x, cy - radius * 0.12, middle)
        c.setFont("ipag", radius * 0.26)
        c.drawCentredString(x, cy - radius * 0.65, bottom)
        c.restoreState()

    def logo(self, x: float, y: float, size: float, hue: tuple[float, float, float]) -> None:
        """A wordless brand mark (ring and swoosh): an issuer shown only as a shape."""
        c = self.c
        cy = self.h - y - size / 2
        c.saveState()
        c.setFillColor(Color(*hue))
        c.setStrokeColor(Color(*hue))
        c.circle(x + size / 2, cy, size / 2, stroke=0, fill=1)
        c.setFillColor(Color(1, 1, 1))
        c.circle(x + size * 0.62, cy + size * 0.08, size * 0.3, stroke=0, fill=1)
        c.setLineWidth(size * 0.09)
        p = c.beginPath()
        p.moveTo(x + size * 1.15, cy - size * 0.2)
        p.curveTo(
            x + size * 1.6, cy + size * 0.35, x + size * 2.1, cy + size * 0.3, x + size * 2.6, cy
        )
        c.drawPath(p, stroke=1, fill=0)
        c.restoreState()

    def emblem(self, x: float, y: float, size: float) -> None:
        """A wordless municipal crest (市章): ring with six petals, centred on (x, y)."""
        c = self.c
        c.saveState()
        c.translate(x, self.h - y)
        c.setStrokeColor(Color(0.15, 0.35, 0.6))
        c.setFillColor(Color(0.15, 0.35, 0.6))
        c.setLineWidth(size * 0.06)
        c.circle(0, 0, size / 2, stroke=1, fill=0)
        for _ in range(6):
            c.ellipse(-size * 0.07, 0, size * 0.07, size * 0.38, stroke=0, fill=1)
            c.rotate(60)
        c.restoreState()

    def next_page(self) -> None:
        self.c.showPage()
        self.page += 1

    def finish(self, glare_at: tuple[float, float]) -> Drawn:
        """The PDF and its truth fields (``page`` kept only on multi-page documents)."""
        self.c.showPage()
        self.c.save()
        multi = self.page > 0
        fields = {
            k: (v if multi else {"value": v["value"]})
            for k in FIELD_ORDER
            if (v := self.fields.get(k)) is not None
        }
        extra = set(self.fields) - set(FIELD_ORDER)
        if extra:
            raise ValueError(f"{self.title}: unknown fields {extra}")
        return Drawn(fields, glare_at, pdf=self._buf.getvalue(), pages=self.page + 1)


def addressee(
    doc: PdfDoc,
    x: float,
    y: float,
    h: Holder,
    form: AddressForm,
    suffix: str = "様",
    size: float = 11,
    face: PdfFont = "ipag",
    name_size: float = 15,
) -> float:
    """The window-envelope block: 〒, address (one or two lines), name with 様/殿.

    Returns the baseline of the name line.
    """
    if form.postal:
        doc.text(x, y, f"〒{h.place.postal}", size, face)
        y += size * 1.6
    lines = form.lines(h.address)
    y = doc.lines_field("address", x, y, lines, size, face, max_w=280) + name_size * 2
    name = h.person.name
    printed = f"{name}\u3000{suffix}" if suffix else name
    doc.field("name", x + 8, y, printed, name_size, face, value=fold(name))
    doc.line(x, y + 6, x + 250, y + 6)
    return y
