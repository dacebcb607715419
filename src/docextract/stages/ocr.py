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

from docextract._context import DocContext, Line, Word, same_row, union_boxes
from docextract._exec import tesseract
from docextract._pipeline import stage

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


@stage("ocr.tesseract.v1", requires=("pages",), provides=("words", "lines"))
def ocr(ctx: DocContext) -> DocContext:
    """OCR every image page (text-layer pages keep their words) and build lines."""
    settings = ctx.config.ocr
    for page in ctx.pages:
        if page.image is None:
            continue
        raw = tesseract.image_to_words(
            page.image, lang=settings.lang, psm=settings.psm, timeout_s=settings.timeout_s
        )
        ctx.words.extend(raw_words_to_words(raw, page.index))
    ctx.lines = words_to_lines(ctx.words)
    if ctx.words:
        ctx.quality["mean_word_conf"] = sum(w.conf for w in ctx.words) / len(ctx.words)
    return ctx
