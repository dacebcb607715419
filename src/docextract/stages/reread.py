"""reread: read each key field a second time, alone, and keep only what two reads support.

A whole-card OCR pass mixes scripts and sizes; a crop of one field, scaled to ~40 px
glyphs and read as a single line in one script only, is read differently. When the two
reads agree the value is trusted more; when they disagree the field's confidence drops
below the rules' threshold, so a misread digit makes the slot a review rather than a
wrong reject or a wrong approve.
"""

from __future__ import annotations

import re

import cv2

from docextract._context import DocContext, Field, Image
from docextract._exec import tesseract
from docextract._pipeline import stage
from docextract.text.dates import find_dates
from docextract.text.normalize import fold_text, normalize_name
from docextract.text.numbers import is_valid_dl_number

DATE_FIELDS = ("birth_date", "issue_date", "expiry_date")
# 運転経歴証明書 numbers are the licence's number (JAPAN.md §1.2).
LICENCE_NUMBER_TYPES = frozenset({"drivers_license", "driving_history_certificate"})
# Glyph height the crop is scaled to: the middle of Tesseract's best range (JAPAN.md §6).
TARGET_HEIGHT_PX = 40
AGREED_CONFIDENCE = 0.95
# The MRZ stage reads a passport's values a second time already (in eng, checked against
# the MRZ), and its name spans two printed lines, which one crop cannot hold.
REREAD_ELSEWHERE = frozenset({"passport"})
# Below rules.min_field_confidence (0.5): a disputed value never decides a verdict.
DISPUTED_CONFIDENCE = 0.3
_NOT_NAME = re.compile(r"[0-9A-Za-z]")


def field_to_crop(image: Image, field: Field) -> Image | None:
    if field.bbox is None:
        return None
    x, y, w, h = field.bbox
    pad_y, pad_x = int(0.35 * h), int(0.6 * h)
    crop = image[max(0, y - pad_y) : y + h + pad_y, max(0, x - pad_x) : x + w + pad_x]
    if crop.size == 0:
        return None
    scale = TARGET_HEIGHT_PX / max(h, 1)
    crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    # A white margin: Tesseract misreads glyphs that touch the image border.
    return cv2.copyMakeBorder(crop, 20, 20, 20, 20, cv2.BORDER_REPLICATE)


def reconcile(key: str, field: Field, second: str) -> tuple[Field, str | None]:
    """The field after a second reading ``second``, and a note when the reads disagree."""
    agreed = Field(field.value, max(field.confidence, AGREED_CONFIDENCE), field.page, field.bbox)
    disputed = Field(
        field.value, min(field.confidence, DISPUTED_CONFIDENCE), field.page, field.bbox
    )
    if key in DATE_FIELDS:
        dates = [m.value.isoformat() for m in find_dates(second)]
        if field.value in dates:
            return agreed, None
        if not dates:
            return field, None  # the crop missed the date: no evidence either way
        return disputed, f"{key}: two reads disagree ({field.value} / {dates[0]})"
    if key == "document_number":
        digits = re.sub(r"\D", "", second)
        candidates = re.findall(r"\d{12}", digits)
        if field.value in candidates:
            return agreed, None
        valid = [c for c in candidates if is_valid_dl_number(c)]
        if valid and not is_valid_dl_number(field.value):
            return Field(valid[0], AGREED_CONFIDENCE * 0.9, field.page, field.bbox), None
        return (disputed, f"{key}: two reads disagree") if candidates else (field, None)
    # name: the crop read in Japanese only is cleaner when the first read picked up
    # Latin or digits from the card pattern.
    name = fold_text(second).strip()
    if normalize_name(name) == normalize_name(field.value):
        return agreed, None
    if name and not _NOT_NAME.search(name) and _NOT_NAME.search(field.value):
        return Field(name, field.confidence, field.page, field.bbox), None
    return disputed, f"name: two reads disagree ({field.value} / {name})"


@stage("reread.fields.v1", requires=("fields", "pages"), provides=("fields",))
def reread(ctx: DocContext) -> DocContext:
    if ctx.document_type in REREAD_ELSEWHERE:
        return ctx
    images = {p.index: p.image for p in ctx.pages if p.image is not None}
    # The number is re-read only where its check digit is the licence's (a My Number or a
    # card number has another, and must not be "repaired" into a licence number).
    numbered = ctx.document_type in LICENCE_NUMBER_TYPES
    for key in ("name", *DATE_FIELDS, *(("document_number",) if numbered else ())):
        field = ctx.fields.get(key)
        if field is None or field.page not in images:
            continue
        image = images[field.page]
        assert image is not None
        crop = field_to_crop(image, field)
        if crop is None:
            continue
        # Latin values (passport and residence-card names) are read in English: the
        # Japanese model turns Latin capitals into look-alike kana and kanji.
        lang = "eng" if re.search("[A-Za-z]", field.value) and field.value.isascii() else "jpn"
        words = tesseract.image_to_words(crop, lang=lang, psm=7, timeout_s=ctx.config.ocr.timeout_s)
        second = (
            "".join(w.text for w in words) if key != "name" else " ".join(w.text for w in words)
        )
        ctx.fields[key], note = reconcile(key, field, second)
        if note:
            ctx.notes.append(note)
    return ctx
