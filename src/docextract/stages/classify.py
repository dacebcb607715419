"""classify: which document is this, from keyword evidence in the OCR text."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from docextract._context import DocContext
from docextract._pipeline import stage
from docextract.doctypes import DOC_TYPES

# partial_ratio >= 85 tolerates one wrong glyph in a 6-7 character keyword (a common
# Tesseract jpn slip such as 霞→霊) while a 3-character keyword still needs all three.
KEYWORD_MIN_SIMILARITY = 85
# Below this total weight the evidence is a stray word or two: the type stays unknown.
MIN_TYPE_SCORE = 3.0

_SPACES = re.compile(r"\s+")


def text_to_type_scores(text: str) -> dict[str, float]:
    """Score every document type by the weights of its keywords present in ``text``."""
    compact = _SPACES.sub("", text)
    upper = compact.upper()
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
            needle = _SPACES.sub("", keyword)
            haystack = upper if needle.isascii() else compact
            needle = needle.upper() if needle.isascii() else needle
            if needle in haystack:
                score += weight
            elif (
                len(needle) >= 4 and fuzz.partial_ratio(needle, haystack) >= KEYWORD_MIN_SIMILARITY
            ):
                score += weight * 0.8
        scores[doc.name] = score
    return scores


@stage("classify.keywords.v1", requires=("lines",), provides=("document_type",))
def classify(ctx: DocContext) -> DocContext:
    ctx.type_scores = text_to_type_scores(ctx.text)
    best = max(ctx.type_scores, key=lambda name: ctx.type_scores[name])
    ctx.document_type = best if ctx.type_scores[best] >= MIN_TYPE_SCORE else "unknown"
    return ctx
