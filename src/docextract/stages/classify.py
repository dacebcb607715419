"""classify: which document is this, from keyword evidence in the OCR text."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from docextract._context import DocContext
from docextract._exec import tesseract
from docextract._pipeline import stage
from docextract.doctypes import DOC_TYPES
from docextract.stages.ocr import raw_words_to_words, words_to_lines

# 85% alike tolerates one wrong glyph in a 7 character keyword (a common Tesseract jpn
# slip such as 霞→霊), two in 14, while shorter keywords need every glyph.
KEYWORD_MIN_SIMILARITY = 85
# Below this total weight the evidence is a stray word or two: the type stays unknown.
MIN_TYPE_SCORE = 3.0

_SPACES = re.compile(r"\s+")
# The language of the second read of a page no type was found on (classify.japanese.v1).
JAPANESE = "jpn"


def _plain_keyword(keyword: str, compact: str, upper: str) -> tuple[str, str]:
    """The keyword as looked for, and the text it is looked for in (Latin: upper case)."""
    needle = _SPACES.sub("", keyword)
    return (needle.upper(), upper) if needle.isascii() else (needle, compact)


def _exact_hits(compact: str, upper: str) -> list[tuple[int, int]]:
    """Where each plain keyword of every type is printed exactly in the text."""
    hits = []
    for doc in DOC_TYPES:
        for keyword, _ in doc.keywords:
            if not keyword.startswith(("re:", "spaced:")):
                needle, haystack = _plain_keyword(keyword, compact, upper)
                hits += [(m.start(), m.end()) for m in re.finditer(re.escape(needle), haystack)]
    return hits


def _near_miss(needle: str, haystack: str, hits: Sequence[tuple[int, int]]) -> bool:
    """Whether ``haystack`` holds ``needle`` with a glyph or so misread, dropped or added.

    Without an end glyph, a keyword is a shorter phrase other titles share: 国民健康保険
    is in every 国民健康保険 title, not only in 国民健康保険料. So a glyph may be dropped
    only inside the keyword. And a misread glyph that is part of another keyword printed
    exactly was read right: 国民健康保険資格確認書 does not hold 国民健康保険料 with 料
    misread as the 資 of 資格確認.
    """
    if fuzz.partial_ratio(needle, haystack) < KEYWORD_MIN_SIMILARITY:
        return False  # the usual case, settled fast
    edits = int(len(needle) * (100 - KEYWORD_MIN_SIMILARITY) / 100)
    for length in range(len(needle) - edits, len(needle) + edits + 1):
        for start in range(len(haystack) - length + 1):
            end = start + length
            window = haystack[start:end]
            if Levenshtein.distance(needle, window, score_cutoff=edits) > edits:
                continue
            if length < len(needle) and (window[0], window[-1]) != (needle[0], needle[-1]):
                continue
            if not any(a < end and start < b and not start <= a < b <= end for a, b in hits):
                return True
    return False


# A title misread at both ends still holds its middle: 特別永住者証明書 on a shaken card
# read 45別永住者証明=. The middle counts where it is at least TRIMMED_MIN_GLYPHS long and in
# no other keyword. One end alone may not be lost: without it a keyword is a shorter
# phrase other titles share (国民健康保険料 without 料 is in every 国民健康保険 title).
TRIMMED_MIN_GLYPHS = 6


@functools.cache
def _plain_needles() -> tuple[str, ...]:
    """Every type's plain keywords, spaces dropped (the types are fixed: built once)."""
    return tuple(
        _SPACES.sub("", keyword)
        for doc in DOC_TYPES
        for keyword, _ in doc.keywords
        if not keyword.startswith(("re:", "spaced:"))
    )


def _middle_hit(needle: str, haystack: str, needles: Sequence[str]) -> bool:
    """Whether ``haystack`` holds ``needle`` without its first and last glyph, that
    middle being its own (in no other keyword). Latin words so trimmed are other words."""
    middle = needle[1:-1]
    return (
        not needle.isascii()
        and len(middle) >= TRIMMED_MIN_GLYPHS
        and middle in haystack
        and not any(middle in other for other in needles if other != needle)
    )


def text_to_type_scores(text: str) -> dict[str, float]:
    """Score every document type by the weights of its keywords present in ``text``."""
    compact = _SPACES.sub("", text)
    # Latin upper-cased glyph for glyph (not ß -> SS): keyword hits in either text
    # stand at the same offsets.
    upper = "".join(ch.upper() if ch.isascii() else ch for ch in compact)
    hits = _exact_hits(compact, upper)
    needles = _plain_needles()
    scores: dict[str, float] = {}
    for doc in DOC_TYPES:
        score = 0.0
        for keyword, weight in doc.keywords:
            if keyword.startswith("re:"):
                score += weight if re.search(keyword[3:], compact) else 0.0
                continue
            if keyword.startswith("spaced:"):  # a pattern whose spacing is evidence
                score += weight if re.search(keyword[7:], text) else 0.0
                continue
            needle, haystack = _plain_keyword(keyword, compact, upper)
            if needle in haystack:
                score += weight
            elif (len(needle) >= 4 and _near_miss(needle, haystack, hits)) or _middle_hit(
                needle, haystack, needles
            ):
                score += weight * 0.8
        scores[doc.name] = score
    return scores


def scores_to_type(scores: dict[str, float]) -> str:
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] >= MIN_TYPE_SCORE else "unknown"


@stage("classify.keywords.v1", requires=("lines",), provides=("document_type",))
def classify(ctx: DocContext) -> DocContext:
    ctx.type_scores = text_to_type_scores(ctx.text)
    ctx.document_type = scores_to_type(ctx.type_scores)
    return ctx


@stage(
    "classify.japanese.v1",
    requires=("pages", "words", "lines", "document_type"),
    provides=("words", "lines", "document_type"),
)
def classify_japanese(ctx: DocContext) -> DocContext:
    """Read the image pages of a document no type was found on again, in Japanese alone,
    and keep that read if it names a type.

    With English on, Tesseract turns kanji it is unsure of into Latin debris, the title
    with them (印鑑登録証明書 on a shaken photo: unknown in jpn+eng, 9 points in jpn). A
    document of a known type is left alone: its Latin (a passport, a foreign resident's
    name) needs the English read, and its missing fields are recover.sparse.v1's.
    """
    images = [p for p in ctx.pages if p.image is not None]
    if ctx.document_type != "unknown" or not images:
        return ctx
    read_again = {p.index for p in images}
    words = [w for w in ctx.words if w.page not in read_again]
    for page in images:
        assert page.image is not None
        raw = tesseract.image_to_words(
            page.image, lang=JAPANESE, psm=ctx.config.ocr.psm, timeout_s=ctx.config.ocr.timeout_s
        )
        words += raw_words_to_words(raw, page.index)
    lines = words_to_lines(words)
    scores = text_to_type_scores("\n".join(line.text for line in lines))
    document_type = scores_to_type(scores)
    if document_type == "unknown":
        return ctx
    ctx.words, ctx.lines, ctx.type_scores = words, lines, scores
    ctx.document_type = document_type
    ctx.quality["mean_word_conf"] = sum(w.conf for w in words) / len(words)
    ctx.notes.append(f"classified on a Japanese-only read: {ctx.document_type}")
    return ctx
