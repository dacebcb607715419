"""ocr: page images to words (Tesseract), and words of any source to lines.

Lines are rebuilt from geometry rather than taken from Tesseract's numbering: with
sparse layouts (cards, bills with side-by-side blocks) Tesseract splits one printed row
into several blocks, and a PDF text layer has no lines at all.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from docextract._context import DocContext, Image, Line, Page, Word, same_row, union_boxes
from docextract._exec import tesseract
from docextract._pipeline import stage
from docextract.config import OcrSettings
from docextract.geometry import inverse, moved, quarter_turn_matrix, resize_matrix
from docextract.stages.preprocess import rectified_to_ocr_ready, rotate_upright

# A horizontal gap wider than this many text heights starts a new segment: a second
# column on the same row, not the next word. 4 keeps letter-spaced names together
# (family/given gaps of 2-3 glyphs on licences) and still splits the two blocks of a bill
# header, which stand 6+ glyphs apart.
SEGMENT_GAP_HEIGHTS = 4.0

_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef々〆ヶ]")


def _is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def join_words(texts: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join word texts (no space between CJK neighbours, one space otherwise).

    Returns the text and each word's span in it.
    """
    out = ""
    spans: list[tuple[int, int]] = []
    for text in texts:
        if out and not (_is_cjk(out[-1]) or _is_cjk(text[0])):
            out += " "
        spans.append((len(out), len(out) + len(text)))
        out += text
    return out, spans


# Words of one printed line have their middles within this share of the line height of
# each other; two lines set one above the other (a two-line address) are a full line
# height apart. A row whose middles fall into two groups this far apart is two lines.
SPLIT_ROW_HEIGHTS = 0.6
# A box this much taller than the row's others (a glyph merged with a seal or a rule)
# says little about where its line is: it joins whichever line its middle is nearest.
TALL_WORD_HEIGHTS = 1.5
# Nor does a box under half the row's height (Tesseract boxes a word now and then as a
# speck at its foot: _2026 as 10 x 8 px at the bottom of its line).
SMALL_WORD_HEIGHTS = 0.5


def split_stacked_lines(row: list[Word]) -> list[list[Word]]:
    """A row grown over two printed lines, split back into them.

    Rows grow by overlap with everything already in them: a word as tall as two lines
    (a date boxed together with a seal's ghost, beside a two-line address) overlaps both
    and pulls them into one row, whose words would then interleave.
    """
    height = statistics.median(w.bbox[3] for w in row)
    normal = sorted(
        (w for w in row if SMALL_WORD_HEIGHTS * height <= w.bbox[3] <= TALL_WORD_HEIGHTS * height),
        key=_middle,
    )
    # Each line keeps at least two words: one stray box is a misplaced box, not a line.
    gaps = [
        (_middle(normal[i]) - _middle(normal[i - 1]), _middle(normal[i - 1]))
        for i in range(2, len(normal) - 1)
    ]
    if not gaps or max(gaps)[0] < SPLIT_ROW_HEIGHTS * height:
        return [row]
    size, above = max(gaps)
    cut = above + size / 2
    upper = [w for w in row if _middle(w) < cut]
    lower = [w for w in row if _middle(w) >= cut]
    return [*split_stacked_lines(upper), *split_stacked_lines(lower)]


def _middle(word: Word) -> float:
    return word.bbox[1] + word.bbox[3] / 2


def words_to_lines(words: Sequence[Word]) -> list[Line]:
    """Group words into rows by vertical overlap, then split rows at wide gaps."""
    lines: list[Line] = []
    for page in sorted({w.page for w in words}):
        rows: list[list[Word]] = []
        for word in sorted((w for w in words if w.page == page), key=lambda w: w.bbox[1]):
            for row in rows:
                if same_row(union_boxes([w.bbox for w in row]), word.bbox):
                    row.append(word)
                    break
            else:
                rows.append([word])
        rows = [line for row in rows for line in split_stacked_lines(row)]
        for row in rows:
            row.sort(key=lambda w: w.bbox[0])
            height = statistics.median(w.bbox[3] for w in row)
            segment: list[Word] = [row[0]]
            for prev, word in itertools.pairwise(row):
                gap = word.bbox[0] - (prev.bbox[0] + prev.bbox[2])
                if gap > SEGMENT_GAP_HEIGHTS * height:
                    lines.append(_segment_to_line(page, segment))
                    segment = []
                segment.append(word)
            lines.append(_segment_to_line(page, segment))
    lines.sort(key=lambda ln: (ln.page, ln.bbox[1], ln.bbox[0]))
    return lines


def _segment_to_line(page: int, words: Sequence[Word]) -> Line:
    text, spans = join_words([unicodedata.normalize("NFKC", w.text) for w in words])
    conf = sum(w.conf for w in words) / len(words)
    return Line(
        page=page,
        text=text,
        words=tuple(words),
        spans=tuple(spans),
        bbox=union_boxes([w.bbox for w in words]),
        conf=conf,
    )


def raw_words_to_words(raw: Sequence[tesseract.RawWord], page: int) -> list[Word]:
    return [
        Word(
            page=page,
            text=r.text,
            conf=r.conf / 100.0,
            bbox=(r.left, r.top, r.width, r.height),
        )
        for r in raw
    ]


# A word Tesseract is this sure of (0-100) is real text read the right way up.
CONFIDENT_WORD = 80
# Words for the text direction: a readable word, and enough of them to judge a page by.
READABLE_WORD = 60
MIN_WORDS_FOR_DIRECTION = 10
# OSD answers in well under a second on a page; longer means it is lost on a picture.
OSD_TIMEOUT_S = 15.0


def confident_chars(raw: Sequence[tesseract.RawWord]) -> int:
    return sum(len(r.text) for r in raw if r.conf >= CONFIDENT_WORD)


def vertical_word_fraction(raw: Sequence[tesseract.RawWord]) -> float:
    """Share of read words of 2+ characters standing taller than wide.

    Tesseract reads a Japanese page turned a quarter as vertical text, often with high
    confidence: only the shape of its words tells.
    """
    words = [r for r in raw if len(r.text) >= 2 and r.conf >= READABLE_WORD]
    if len(words) < MIN_WORDS_FOR_DIRECTION:
        return 0.0
    return sum(r.height > r.width for r in words) / len(words)


def upright_evidence(raw: Sequence[tesseract.RawWord]) -> float:
    """Confident characters, discounted by the share read as vertical text."""
    return confident_chars(raw) * (1 - vertical_word_fraction(raw))


def reads_upright(raw: Sequence[tesseract.RawWord], settings: OcrSettings) -> bool:
    """Does this read look like text the right way up? (thresholds: pipelines/default.toml)"""
    if not raw:
        return False
    mean_conf = statistics.fmean(r.conf for r in raw) / 100
    return (
        confident_chars(raw) >= settings.upright_min_confident_chars
        and mean_conf >= settings.upright_min_mean_conf
        and vertical_word_fraction(raw) <= settings.upright_max_vertical_words
    )


def page_to_raw_words(page: Page, ctx: DocContext) -> tuple[Page, list[tesseract.RawWord]]:
    """Read the page as it comes; if that looks like text the wrong way up, ask OSD which
    way is up and read it again turned, keeping the better of the two reads.

    OSD on every page cost 0.5 s a page for the few pages that come turned.
    """
    assert page.image is not None
    settings = ctx.config.ocr

    def read(image: Image) -> list[tesseract.RawWord]:
        return tesseract.image_to_words(
            image, lang=settings.lang, psm=settings.psm, timeout_s=settings.timeout_s
        )

    raw = read(page.image)
    if not settings.orientation or reads_upright(raw, settings):
        return page, raw
    # OSD judges the page as photographed: on the scaled and flattened image it was unsure
    # (confidence < 1.2) of pages it called at 6-12 unscaled.
    source = page.unscaled if page.unscaled is not None else page.image
    rotation, conf = tesseract.detect_rotation(source, timeout_s=OSD_TIMEOUT_S)
    if not rotation or conf < settings.osd_min_conf:
        if not page.is_card:
            return page, raw
        # A card lies landscape already: it is either way up or upside down. OSD is unsure
        # on a card's sparse text (0.04-0.85 on the fixture card backs turned 180°, which
        # read 37-53 confident glyphs turned, 0-1 as they came): the turned read decides.
        rotation = 180
    height, width = page.image.shape[:2]
    if rotation == 180 or page.unscaled is None:
        turned = rotate_upright(page.image, rotation)
        matrix = quarter_turn_matrix(rotation, width, height)
    else:
        # Preprocessing sized the page for the other axis (a page lying on its side has
        # the width of a card): scale it again from the unscaled page, turned.
        unscaled = rotate_upright(page.unscaled, rotation)
        turned = rectified_to_ocr_ready(
            unscaled,
            ctx.config.preprocess,
            is_card=False,
            steps=page.steps,
            photographed=page.document is not None,
        )
        # Back to the unscaled page, turn it, scale it as it was just scaled.
        old_scale = width / page.unscaled.shape[1]
        new_scale = turned.shape[1] / unscaled.shape[1]
        matrix = (
            resize_matrix(new_scale, new_scale)
            @ quarter_turn_matrix(rotation, page.unscaled.shape[1], page.unscaled.shape[0])
            @ inverse(resize_matrix(old_scale, old_scale))
        )
    raw_turned = read(turned)
    if upright_evidence(raw_turned) <= upright_evidence(raw):
        return page, raw  # OSD was wrong: the turned page reads worse
    ctx.notes.append(f"page {page.index}: rotated {rotation}° (OSD confidence {conf:.1f})")
    return moved(page, turned, matrix), raw_turned


@stage("ocr.tesseract.v1", requires=("pages",), provides=("pages", "words", "lines"))
def ocr(ctx: DocContext) -> DocContext:
    """OCR every image page (text-layer pages keep their words) and build lines."""
    pages = []
    for page in ctx.pages:
        if page.image is not None:
            page, raw = page_to_raw_words(page, ctx)
            ctx.words.extend(raw_words_to_words(raw, page.index))
        pages.append(replace(page, unscaled=None))  # which way is up is settled: free it
    ctx.pages = pages
    ctx.lines = words_to_lines(ctx.words)
    if ctx.words:
        ctx.quality["mean_word_conf"] = sum(w.conf for w in ctx.words) / len(ctx.words)
    return ctx
