"""recover: a second, sparse OCR read for the printed fields the page read left empty.

Tesseract's automatic page segmentation (psm 3) drops text it takes for decoration:
names and issuers printed with wide letter spacing (特別永住者証明書: 崔　成浩, 法務大臣),
the 公安委員会 line beside a licence's red seal. Sparse-text segmentation (psm 11)
finds those but garbles other lines, so its read only fills fields that are empty after
the first read and never replaces a value. It is read in each of ``recover.langs`` in
turn while a field is still missing: with English on, Tesseract turns kanji it is unsure
of into Latin debris. What it alone found is held below the rules' confidence threshold
until the crop reread that follows (names, dates) agrees with it.
"""

from __future__ import annotations

from dataclasses import replace

from docextract._context import DocContext
from docextract._exec import tesseract
from docextract._pipeline import stage
from docextract.extractors import EXTRACTORS
from docextract.stages.extract import lines_to_fields
from docextract.stages.ocr import raw_words_to_words, words_to_lines

# Tesseract's "sparse text: find as much text as possible in no particular order".
SPARSE_PSM = 11


@stage(
    "recover.sparse.v1",
    requires=("pages", "lines", "document_type", "fields"),
    provides=("fields",),
)
def recover(ctx: DocContext) -> DocContext:
    """Read image pages again as sparse text when a field the type prints is missing,
    in each of ``recover.langs`` in turn while one is still missing."""
    printed = ctx.config.recover.printed_fields.get(ctx.document_type or "", ())
    extractor = EXTRACTORS.get(ctx.document_type or "")
    images = [p for p in ctx.pages if p.image is not None]
    if extractor is None or not images:
        return ctx
    for lang in ctx.config.recover.langs:
        missing = [key for key in printed if key not in ctx.fields]
        if not missing:
            break
        words = []
        for page in images:
            assert page.image is not None
            raw = tesseract.image_to_words(
                page.image, lang=lang, psm=SPARSE_PSM, timeout_s=ctx.config.ocr.timeout_s
            )
            words += raw_words_to_words(raw, page.index)
        second = lines_to_fields(extractor, words_to_lines(words))
        found = [key for key in missing if key in second]
        cap = ctx.config.recover.max_confidence
        for key in found:
            ctx.fields[key] = replace(second[key], confidence=min(second[key].confidence, cap))
        if found:
            ctx.notes.append(f"read by the sparse second pass ({lang}): {', '.join(found)}")
    return ctx
