"""Utility bills (公共料金の領収証 / お知らせ) as a text-layer PDF, a scan and an image PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from docextract.text.dates import era_of, format_wareki

from .corpus import PoaDocument, Rendered
from .draw import FONTS
from .people import Address, Block, Person, fold

Kind = Literal["electric", "gas", "water"]
DateStyle = Literal["western", "wareki"]

INK = Color(0.1, 0.1, 0.12)
RED = Color(0.8, 0.16, 0.18)
RULE = Color(0.45, 0.45, 0.5)


def _register_fonts() -> None:
    # reportlab embeds a subset of the TTF with a ToUnicode map, which is what makes
    # pdfplumber's extract_text() return real Japanese instead of CID garbage.
    for name in ("ipag", "ipam"):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, FONTS[name][0]))


@dataclass(frozen=True)
class AddressStyle:
    block: Block
    fullwidth: bool = False
    postal: bool = True


@dataclass(frozen=True)
class Bill:
    key: str
    kind: Kind
    title: str
    issuer: str
    issuer_lines: tuple[str, ...]
    person: Person
    address: Address
    address_style: AddressStyle
    customer_number: str
    period: tuple[dt.date, dt.date]
    issue_label: str
    """発行日 or 領収日; empty when the bill prints no issue date at all."""
    issue_date: dt.date | None
    date_style: DateStyle
    items: tuple[tuple[str, int], ...]
    usage: str

    @property
    def printed_address(self) -> str:
        s = self.address_style
        return self.address.render(s.block, fullwidth=s.fullwidth)

    @property
    def total(self) -> int:
        return sum(amount for _, amount in self.items)


def _date_text(d: dt.date, style: DateStyle) -> str:
    return format_wareki(d) if style == "wareki" else f"{d.year}年{d.month}月{d.day}日"


def period_text(start: dt.date, end: dt.date) -> str:
    """``令和8年9月10日～10月8日（29日間）``: the end repeats no era or year, as on bills."""
    days = (end - start).days + 1
    return f"{format_wareki(start)}～{end.month}月{end.day}日（{days}日間）"


def _yen(n: int) -> str:
    return f"{n:,}円" if n >= 0 else f"△{-n:,}円"  # bills print negatives with △


def _stamp(c: Canvas, x: float, y: float, issuer_short: str, d: dt.date) -> None:
    """Round 領収印: issuer, wareki short date, 領収; drawn in red over blank space."""
    c.saveState()
    c.setStrokeColor(RED)
    c.setFillColor(RED)
    c.setLineWidth(1.6)
    c.circle(x, y, 34)
    c.line(x - 30, y + 9, x + 30, y + 9)
    c.line(x - 30, y - 11, x + 30, y - 11)
    c.setFont("ipag", 8)
    c.drawCentredString(x, y + 15, issuer_short)
    c.setFont("ipag", 9.5)
    _, _, era_year = era_of(d)
    c.drawCentredString(x, y - 4, f"{era_year}.{d.month}.{d.day}")
    c.setFont("ipag", 9)
    c.drawCentredString(x, y - 24, "領収")
    c.restoreState()


def write_text_pdf(bill: Bill, path: Path) -> None:
    """The bill as issued electronically (Web明細): real text, IPA fonts embedded."""
    _register_fonts()
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(bill.title)
    c.setAuthor(bill.issuer)
    width, height = A4
    c.setFillColor(INK)

    c.setFont("ipam", 20)
    c.drawCentredString(width / 2, height - 72, bill.title)
    c.setFont("ipag", 10.5)
    if bill.issue_date is not None and bill.issue_label == "発行日":
        c.drawRightString(
            width - 50, height - 100, f"発行日　{_date_text(bill.issue_date, bill.date_style)}"
        )

    # Customer block (left, where the window envelope shows it).
    y = height - 140
    if bill.address_style.postal:
        c.drawString(60, y, f"〒{bill.address.place.postal}")
        y -= 18
    c.setFont("ipag", 12)
    c.drawString(60, y, bill.printed_address)
    c.setFont("ipag", 16)
    c.drawString(60, y - 34, f"{bill.person.name}　様")
    c.setLineWidth(0.6)
    c.setStrokeColor(RULE)
    c.line(60, y - 40, 300, y - 40)

    # Issuer block (right).
    c.setFont("ipag", 13)
    c.drawString(340, height - 210, bill.issuer)
    c.setFont("ipag", 9)
    for i, line in enumerate(bill.issuer_lines):
        c.drawString(340, height - 228 - i * 13, line)

    # Account facts.
    rows = (
        ("お客さま番号", bill.customer_number),
        ("ご使用期間", period_text(*bill.period)),
        ("ご使用量", bill.usage),
    )
    y = height - 300
    for label, value in rows:
        c.setFont("ipag", 10.5)
        c.drawString(60, y, label)
        c.setFont("ipag", 12)
        c.drawString(160, y, value)
        y -= 22

    # Amount table.
    y -= 14
    c.setFont("ipag", 10.5)
    c.rect(
        60,
        y - 22 * (len(bill.items) + 1) - 6,
        width - 120,
        22 * (len(bill.items) + 2),
        stroke=1,
        fill=0,
    )
    c.drawString(72, y, "内訳")
    c.drawRightString(width - 72, y, "金額")
    c.line(60, y - 6, width - 60, y - 6)
    for label, amount in bill.items:
        y -= 22
        c.drawString(72, y, label)
        c.drawRightString(width - 72, y, _yen(amount))
    y -= 22
    c.line(60, y + 16, width - 60, y + 16)
    c.setFont("ipag", 13)
    c.drawString(72, y - 2, "ご請求金額（税込）")
    c.drawRightString(width - 72, y - 2, _yen(bill.total))
    c.setFont("ipag", 9)
    tax = bill.total - round(bill.total / 1.1)
    c.drawRightString(width - 72, y - 22, f"（うち消費税等相当額　{_yen(tax)}）")

    if bill.issue_label == "領収日" and bill.issue_date is not None:
        y -= 70
        c.setFont("ipag", 12)
        c.drawString(60, y, "上記金額を領収いたしました。")
        c.drawString(60, y - 24, f"領収日　{_date_text(bill.issue_date, bill.date_style)}")
        _stamp(c, width - 130, y - 10, bill.issuer.replace("株式会社", ""), bill.issue_date)

    c.setFont("ipag", 8.5)
    for i, note in enumerate(
        (
            "※この書面は再発行いたしません。大切に保管してください。",
            "※料金に関するお問い合わせは、お客さま番号をお知らせください。",
        )
    ):
        c.drawString(60, 80 - i * 14, note)
    c.showPage()
    c.save()


def bill_truth(bill: Bill) -> dict[str, Any]:
    fields: dict[str, str] = {"name": fold(bill.person.name), "address": fold(bill.printed_address)}
    if bill.issue_date is not None:
        fields["issue_date"] = bill.issue_date.isoformat()
    fields["issuer"] = bill.issuer
    fields["document_number"] = bill.customer_number
    return {"document_type": "utility_bill", "fields": {k: {"value": v} for k, v in fields.items()}}


# The bill's footer (fraction of the page): away from the addressee, dates and issuer.
BILL_GLARE = (0.72, 0.86)


def bill_poa_document(bill: Bill) -> PoaDocument:
    """The bill as the corpus builder sees every proof-of-address document."""
    date = (
        f"{bill.issue_label} {bill.issue_date.isoformat()}" if bill.issue_date else "no issue date"
    )
    return PoaDocument(
        key=f"utility_bill_{bill.key}",
        document_type="utility_bill",
        doc=Rendered(
            stem=f"utility_bill_{bill.key}",
            truth=bill_truth(bill),
            purpose=f"{bill.title} ({bill.issuer}), {date}",
            write_pdf=lambda path: write_text_pdf(bill, path),
            glare_at=BILL_GLARE,
        ),
        holder=bill.person,
        address=bill.address,
        issue_date=bill.issue_date,
        issuer_printed=True,
    )
