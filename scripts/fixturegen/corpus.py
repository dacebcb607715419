"""What every renderer hands to the corpus builder (build.py).

A renderer draws one clean document and says what is printed on it; the builder
writes it, derives the scan and phone-photo variants, and assembles submissions.
Keeping this seam narrow lets each document family live in its own module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from .people import Address, Person

SUBMITTED_ON = dt.date(2026, 11, 20)
"""The reference date of every submission: validity is decided on it."""
SEED = 20261120

Fraction = tuple[float, float]
"""A point as fractions of the document's width and height."""


@dataclass(frozen=True)
class Rendered:
    """One clean document: an image (cards, photos) or a text-layer PDF (paper)."""

    stem: str
    """File stem under documents/, e.g. ``residence_card_001`` or ``residence_card_001_back``."""
    truth: dict[str, Any]
    """``{"document_type": …, "fields": {"name": {"value": …}, …}}`` as a report would show."""
    purpose: str
    """One line for fixtures/README.md: what this document exercises."""
    image: Image.Image | None = None
    """The clean render (RGB). Cards: the card alone, corners cut by ``mask``."""
    mask: Image.Image | None = None
    """The card outline (mode L, same size as ``image``); None for rectangular paper."""
    write_pdf: Callable[[Path], None] | None = None
    """Paper documents: writes the text-layer PDF; the builder rasterises it for variants."""
    glare_at: Fraction = (0.85, 0.5)
    """Where a lamp reflection may land without covering a field under test."""


@dataclass(frozen=True)
class IdDocument:
    """An identity document and the facts a submission built on it needs."""

    key: str
    document_type: str
    front: Rendered
    back: Rendered | None
    """None where the document has no back (passport data page)."""
    holder: Person
    current_address: Address | None
    """The address in force: the latest back entry if any, else the front's; None for a passport."""
    valid: bool
    """Accepted as identity on the reference date (printed expiry and statutes)."""


@dataclass(frozen=True)
class PoaDocument:
    """A proof-of-address candidate (accepted type or a look-alike)."""

    key: str
    document_type: str
    doc: Rendered
    holder: Person
    address: Address
    issue_date: dt.date | None
    issuer_printed: bool
