"""mrz: read a passport's machine-readable zone on its own, with Tesseract ``eng``.

The whole-page read (jpn+eng) garbles the MRZ: runs of "<" come out as こ/そ/ご and the
OCR-B glyphs are misread (JAPAN.md §6). This stage finds the two MRZ lines on the page
image by morphology (long, thin bars of dark glyphs), deskews each, scales it to a
glyph height Tesseract reads well and reads it as one line restricted to MRZ characters
(letters and "<" only on line 1, which holds no digits). The read whose check digits
validate best replaces the whole-page lines of the band, so the passport extractor
parses the MRZ from ``ctx.lines`` like any other text.

The passport's other Latin values (the printed dates and names) are read again the same
way, one line at a time with eng alone, and a second read that has the shape of such a
value replaces the whole-page one: the extractor checks the MRZ against them.

The MRZ also tells which way up the page is. Tesseract's orientation detection turns
passport pages over (measured on the fixtures: OSD says 180° for every upright page, and
0° with the MRZ band blanked out), so when the band reads only upside down the page
is turned over and read again.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np
from rapidfuzz import fuzz

from docextract._context import BBox, DocContext, Image, Line, Word
from docextract._exec import tesseract
from docextract._pipeline import stage
from docextract.geometry import moved, quarter_turn_matrix
from docextract.stages.classify import classify
from docextract.stages.ocr import ocr
from docextract.stages.preprocess import rotate_upright
from docextract.text.mrz import TD3, normalize_line, parse_names, parse_td3

MRZ_WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
NAME_LINE_WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
# The page is searched at this width, for which the kernels below are sized: the MRZ
# glyphs of a passport page filling the frame are then 10-15 px tall (measured on the
# fixtures and the PassportEye specimens, tests/test_passport.py).
DETECT_WIDTH_PX = 600
# Black-hat wider than a glyph keeps the strokes and drops the background pattern;
# closing 15 px wide bridges the gap between glyphs, 3 px high keeps the lines apart.
BLACKHAT_KERNEL = (15, 7)
CLOSE_KERNEL = (15, 3)
# An MRZ line is 44 glyphs: on the specimens it spans 55-95% of the image width and is
# 30-45 times as long as it is tall; 35% and 10x leave room for a passport
# photographed with a margin and for a bar cut short by glare.
MIN_BAR_WIDTH = 0.35
MIN_BAR_ASPECT = 10.0
# A hand-held photo is tilted by a few degrees; a bar steeper than this is not a line.
MAX_TILT_DEG = 30.0
# The two lines of a TD3 MRZ are of equal length and one line pitch apart.
PAIR_LENGTH_RATIO = 0.8
PAIR_MAX_GAP_HEIGHTS = 4.0
# Glyph heights (px) each line is read at, best first. Tesseract's reading of the MRZ
# changes with scale (a repeated 0 read twice, a 6 as 0), so the read whose check
# digits validate is kept. Chosen by a sweep from 20 to 48 px over the fixtures and the
# specimens: 30 validated the most lines, 26 and 34 recovered most of the rest.
GLYPH_HEIGHTS_PX = (30, 26, 34)
# White space around a line crop, in glyph heights: glyphs touching the border are misread.
CROP_MARGIN = (1.0, 0.5)
_MRZ_LIKE = re.compile(r"P<|[<>]{5}")

# The visual zone's Latin values (dates, names) are read a second time with eng alone:
# on the photo variants the jpn+eng page read garbles "16 JUN 2022" into "16 6 JUN 2022"
# or "1 AAMRMT JUN 2022" and SAITO into "SAN ITO"; eng --psm 6 on the line, its glyphs
# scaled to 30 px like the MRZ, read all of those right.
_MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"
_DATE_LIKE = re.compile(rf"{_MONTHS}|(?:19|20)\d\d")
_PRINTED_DATE = re.compile(rf"(?<!\d)\d{{2}} (?:{_MONTHS}) \d{{4}}(?!\d)")
_LATIN_VALUE = re.compile(r"[A-Z]+(?: [A-Z]+)*")
# fuzz.ratio above which a line may be a misread name part: "SAN ITO" for SAITO scores
# 83; the label lines and other values of the fixture pages score at most 43 against
# the fixture names.
NAME_LIKE_SIMILARITY = 60
VISUAL_GLYPH_PX = 30


@dataclass(frozen=True)
class Bar:
    """A long thin text bar: a rotated rectangle in page pixels."""

    center: tuple[float, float]
    length: float
    height: float
    angle: float
    """Degrees, as cv2.getRotationMatrix2D takes them to make the bar horizontal."""

    def bbox(self, shape: tuple[int, ...]) -> BBox:
        points = cv2.boxPoints((self.center, (self.length, self.height), self.angle))
        x, y, w, h = cv2.boundingRect(points.astype(np.float32))
        x0, y0 = max(0, x), max(0, y)
        return (x0, y0, min(shape[1], x + w) - x0, min(shape[0], y + h) - y0)


@dataclass(frozen=True)
class MrzRead:
    td3: TD3
    texts: tuple[str, str]
    confs: tuple[float, float]
    """Mean Tesseract word confidence of each line, 0..1."""
    boxes: tuple[BBox, BBox]
    """Of line 1 and line 2, in the page as it stands once turned (see ``flipped``)."""
    flipped: bool
    """The MRZ read upside down: the page must be turned 180°."""


def _gray(image: Image) -> Image:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image


def find_bars(gray: Image) -> list[Bar]:
    """Text lines long and thin enough to be MRZ lines, top to bottom."""
    scale = DETECT_WIDTH_PX / gray.shape[1]
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, BLACKHAT_KERNEL)
    blackhat = cv2.morphologyEx(small, cv2.MORPH_BLACKHAT, kernel)
    gradient = np.abs(cv2.Sobel(blackhat, cv2.CV_32F, 1, 0, ksize=-1))
    gradient = cv2.normalize(gradient, np.empty_like(gradient), 0, 255, cv2.NORM_MINMAX)
    gradient = gradient.astype(np.uint8)
    closed = cv2.morphologyEx(
        gradient, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, CLOSE_KERNEL)
    )
    _, mask = cv2.threshold(closed, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    # Opening 3 px high cuts the thin bridges that closing leaves between two lines.
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    bars = []
    for contour in contours:
        (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
        if w < h:
            w, h, angle = h, w, angle - 90
        angle = (angle + 90) % 180 - 90  # the same bar, turned by less than a right angle
        if abs(angle) > MAX_TILT_DEG or w < MIN_BAR_WIDTH * DETECT_WIDTH_PX:
            continue
        if w >= MIN_BAR_ASPECT * max(h, 1.0):
            bars.append(Bar((cx / scale, cy / scale), w / scale, h / scale, angle))
    return sorted(bars, key=lambda b: b.center[1])


def bar_pairs(bars: Sequence[Bar]) -> list[tuple[Bar, Bar]]:
    """Neighbouring bars of equal length one line pitch apart: the upper one first."""
    pairs = []
    for upper, lower in itertools.pairwise(bars):
        similar = min(upper.length, lower.length) >= PAIR_LENGTH_RATIO * max(
            upper.length, lower.length
        )
        gap = lower.center[1] - upper.center[1]
        if similar and gap <= PAIR_MAX_GAP_HEIGHTS * max(upper.height, lower.height):
            pairs.append((upper, lower))
    return pairs


def glyph_height(gray: Image) -> float | None:
    """Height of the tall glyphs in a line crop (80th percentile of dark components).

    The percentile skips the short "<" fillers and specks; components as tall as the
    crop are background, not glyphs.
    """
    size = max(3, gray.shape[0])
    blackhat = cv2.morphologyEx(
        gray, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    )
    _, mask = cv2.threshold(blackhat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    heights = [
        int(stats[i, cv2.CC_STAT_HEIGHT])
        for i in range(1, count)
        if stats[i, cv2.CC_STAT_AREA] >= 4 and stats[i, cv2.CC_STAT_HEIGHT] < 0.95 * size
    ]
    return float(np.percentile(heights, 80)) if heights else None


def bar_crop(gray: Image, bar: Bar, *, flipped: bool) -> Image:
    """The bar, horizontal and with a margin, at the page's resolution."""
    matrix = cv2.getRotationMatrix2D(bar.center, bar.angle, 1.0)
    level = cv2.warpAffine(
        gray,
        matrix,
        (gray.shape[1], gray.shape[0]),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_REPLICATE,
    )
    (cx, cy), pad_x, pad_y = bar.center, CROP_MARGIN[0] * bar.height, CROP_MARGIN[1] * bar.height
    x0, x1 = int(max(0, cx - bar.length / 2 - pad_x)), int(cx + bar.length / 2 + pad_x)
    y0, y1 = int(max(0, cy - bar.height / 2 - pad_y)), int(cy + bar.height / 2 + pad_y)
    crop = level[y0:y1, x0:x1]
    return cv2.rotate(crop, cv2.ROTATE_180) if flipped else crop


def read_line(crop: Image, glyph_px: int, whitelist: str, timeout_s: float) -> tuple[str, float]:
    """The crop scaled to ``glyph_px`` tall glyphs, read as one line: text and confidence."""
    height = glyph_height(crop) or float(crop.shape[0])
    scale = glyph_px / height
    interpolation = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
    scaled = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=interpolation)
    words = tesseract.image_to_words(
        scaled, lang="eng", psm=7, timeout_s=timeout_s, char_whitelist=whitelist
    )
    if not words:
        return "", 0.0
    return "".join(w.text for w in words), sum(w.conf for w in words) / len(words) / 100


def read_pair(
    gray: Image, upper: Bar, lower: Bar, *, flipped: bool, timeout_s: float
) -> MrzRead | None:
    """The best read of two bars as MRZ lines 1 and 2, or None when they are not an MRZ.

    Line 2 is read at each glyph height until its check digits all hold. Line 1 has no
    check digit, so it is read at every height and the name most of its reads give is
    kept (measured: one height read the fixture's JPN as JIPN, the other two did not).
    """
    first, second = (lower, upper) if flipped else (upper, lower)
    crops = (bar_crop(gray, first, flipped=flipped), bar_crop(gray, second, flipped=flipped))
    line1_reads: list[tuple[str, float]] = []
    best: tuple[TD3, str, float] | None = None
    for glyph_px in GLYPH_HEIGHTS_PX:
        text1, conf1 = read_line(crops[0], glyph_px, NAME_LINE_WHITELIST, timeout_s)
        if not text1.startswith("P"):
            continue  # not a passport MRZ this way up (or the P misread at this scale)
        line1_reads.append((text1, conf1))
        if best is not None and best[0].valid:
            continue
        text2, conf2 = read_line(crops[1], glyph_px, MRZ_WHITELIST, timeout_s)
        parsed = parse_td3(text1, text2)
        if parsed is None or not _is_evidence(parsed):
            continue
        if best is None or parsed.valid_checks > best[0].valid_checks:
            best = (parsed, text2, conf2)
    if best is None:
        return None
    names = [parse_names(normalize_line(text))[2:4] for text, _ in line1_reads]
    commonest = Counter(names).most_common(1)[0][0]
    text1, conf1 = line1_reads[names.index(commonest)]
    parsed = parse_td3(text1, best[1]) or best[0]
    boxes = (first.bbox(gray.shape), second.bbox(gray.shape))
    if flipped:
        height, width = gray.shape[:2]
        boxes = (_turned(boxes[0], width, height), _turned(boxes[1], width, height))
    return MrzRead(parsed, (text1, best[1]), (conf1, best[2]), boxes, flipped)


def _is_evidence(parsed: TD3) -> bool:
    """A read where the number, birth or expiry check holds: noise that parses (a "P"
    and 44 characters) passes the filler-only personal-number check, not these."""
    return parsed.number.valid or parsed.birth.valid or parsed.expiry.valid


def _turned(box: BBox, width: int, height: int) -> BBox:
    x, y, w, h = box
    return (width - x - w, height - y - h, w, h)


def read_mrz(image: Image, *, timeout_s: float) -> MrzRead | None:
    """The MRZ of a page: the read with the most valid check digits, upright first."""
    gray = _gray(image)
    height = gray.shape[0]
    pairs = bar_pairs(find_bars(gray))
    # A data page's MRZ is at its bottom: the pair nearest the bottom is tried upright
    # first, the pair nearest the top turned over first.
    attempts = sorted(
        ((flipped, pair) for pair in pairs for flipped in (False, True)),
        key=lambda a: a[1][0].center[1] if a[0] else height - a[1][1].center[1],
    )
    best: MrzRead | None = None
    for flipped, (upper, lower) in attempts:
        found = read_pair(gray, upper, lower, flipped=flipped, timeout_s=timeout_s)
        if found is not None and (best is None or found.td3.valid_checks > best.td3.valid_checks):
            best = found
            if found.td3.valid:
                break
    return best


def _overlaps(a: BBox, b: BBox) -> bool:
    """Boxes that share at least half the height of the smaller and some width."""
    top, bottom = max(a[1], b[1]), min(a[1] + a[3], b[1] + b[3])
    left, right = max(a[0], b[0]), min(a[0] + a[2], b[0] + b[2])
    return bottom - top >= 0.5 * min(a[3], b[3]) and right > left


def with_mrz_lines(lines: Sequence[Line], page: int, found: MrzRead) -> list[Line]:
    """``lines`` with the whole-page reads of the MRZ band replaced by the MRZ reads."""
    kept = [
        line
        for line in lines
        if line.page != page or not any(_overlaps(line.bbox, box) for box in found.boxes)
    ]
    mrz_lines = [
        Line(
            page=page,
            text=text,
            words=(Word(page=page, text=text, conf=conf, bbox=box),),
            spans=((0, len(text)),),
            bbox=box,
            conf=conf,
        )
        for text, conf, box in zip(found.texts, found.confs, found.boxes, strict=True)
    ]
    return sorted([*kept, *mrz_lines], key=lambda ln: (ln.page, ln.bbox[1], ln.bbox[0]))


def _visual_kind(text: str, name_parts: Sequence[str]) -> str | None:
    upper = text.upper()
    if _DATE_LIKE.search(upper):
        return "date"
    if any(fuzz.ratio(upper, part) >= NAME_LIKE_SIMILARITY for part in name_parts if part):
        return "name"
    return None


def reread_visual_line(image: Image, line: Line, kind: str, timeout_s: float) -> str | None:
    """The line read again with eng, when that read has the shape of a ``kind`` value."""
    gray = _gray(image)
    x, y, w, h = line.bbox
    pad = max(4, h // 3)
    crop = gray[max(0, y - pad) : y + h + pad, max(0, x - 2 * pad) : x + w + 2 * pad]
    if crop.size == 0:
        return None
    scale = VISUAL_GLYPH_PX / (glyph_height(crop) or float(h))
    interpolation = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
    scaled = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=interpolation)
    words = tesseract.image_to_words(scaled, lang="eng", psm=6, timeout_s=timeout_s)
    text = " ".join(w.text for w in words).upper()
    if kind == "date":
        m = _PRINTED_DATE.search(text)
        return m.group(0) if m else None
    return text if _LATIN_VALUE.fullmatch(text) else None


def with_visual_rereads(
    lines: Sequence[Line], image: Image, found: MrzRead, page: int, timeout_s: float
) -> list[Line]:
    """``lines`` with the page's date and name lines replaced by an eng read that fits."""
    name_parts = (found.td3.surname, found.td3.given_names)
    out = []
    for line in lines:
        in_zone = line.page == page and line.bbox not in found.boxes
        kind = _visual_kind(line.text, name_parts) if in_zone else None
        text = reread_visual_line(image, line, kind, timeout_s) if kind else None
        if text is None or text == line.text:
            out.append(line)
            continue
        word = Word(page=page, text=text, conf=line.conf, bbox=line.bbox)
        out.append(replace(line, text=text, words=(word,), spans=((0, len(text)),)))
    return out


def may_hold_mrz(ctx: DocContext) -> bool:
    """A passport, or a page the classifier could not place: upside down, it reads as noise."""
    return ctx.document_type in ("passport", "unknown") or bool(_MRZ_LIKE.search(ctx.text))


@stage(
    "mrz.tesseract.v1",
    requires=("pages", "lines", "document_type"),
    provides=("pages", "words", "lines", "document_type"),
)
def mrz(ctx: DocContext) -> DocContext:
    """Re-read the MRZ of a passport page into ``ctx.lines``; turn the page if it is upside down."""
    if not may_hold_mrz(ctx):
        return ctx
    timeout_s = ctx.config.ocr.timeout_s
    for i, page in enumerate(ctx.pages):
        image = page.image
        if image is None:
            continue
        found = read_mrz(image, timeout_s=timeout_s)
        if found is None:
            continue
        if found.flipped:
            # Moved, not just replaced: glare and the --keep-temp images follow the page.
            height, width = image.shape[:2]
            image = rotate_upright(image, 180)
            ctx.pages[i] = moved(page, image, quarter_turn_matrix(180, width, height))
            ctx.notes.append(f"page {page.index}: turned 180°, its MRZ reads that way up")
            ctx.words = []
            ctx = ocr(ctx)
        lines = with_mrz_lines(ctx.lines, page.index, found)
        ctx.lines = with_visual_rereads(lines, image, found, page.index, timeout_s)
        if not found.td3.valid:
            failed = [
                name
                for name, field in zip(
                    ("number", "birth", "expiry", "personal number", "composite"),
                    found.td3.checks,
                    strict=True,
                )
                if not field.valid
            ]
            ctx.notes.append(f"MRZ check digits fail: {', '.join(failed)}")
        return classify(ctx)
    return ctx
