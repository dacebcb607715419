"""quality: gates on what was read, after the fields are extracted.

A field read where preprocessing found burnt-out glare (``Page.glare``, from
``preprocess.glare.v1``) may have lost glyphs to it, and a misread value must not reject
the customer. Its confidence is capped below ``rules.min_field_confidence``, so that it
decides nothing, and the count of such fields makes the slot's quality doubtful
(``rules.quality_problems``: review with LOW_QUALITY, never approve). A field its type
prints that was not read at all counts too when the page has glare: a value burnt out
whole leaves no box to test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import cv2
import numpy as np

from docextract._context import BBox, DocContext, Polygon
from docextract._pipeline import stage

# Glare takes the glyphs it covers out of a value, so the box of what was read stops
# where the glare begins: the box is tested grown by this many of its heights to the left
# and right and by half a height up and down. On 64 synthetic burnt-out spots centred on a
# name, address or birth date of 6 clean cards, and the fixture glare photos, with the
# share limit at 0.08 (pipelines/default.toml): grown by 1 height, 10 of the 26 values read
# but misread under a spot reach it; by 1.5, 16 and none of the 434 values read right; by
# 2, 19 and one read right (an issuer beside the spot).
REACH_SIDEWAYS, REACH_UP_DOWN = 1.5, 0.5


def neighbourhood(box: BBox) -> BBox:
    """Where the rest of a value would be, had glare not taken it: ``box`` grown."""
    x, y, width, height = box
    dx, dy = round(REACH_SIDEWAYS * height), round(REACH_UP_DOWN * height)
    return (x - dx, y - dy, width + 2 * dx, height + 2 * dy)


def glare_share(box: BBox, glare: Sequence[Polygon]) -> float:
    """The share of ``box`` that glare covers (both in pixels of one page image)."""
    x, y, width, height = box
    if width <= 0 or height <= 0 or not glare:
        return 0.0
    mask = np.zeros((height, width), np.uint8)
    shifted = [np.round(np.asarray(p, dtype=np.float64) - (x, y)).astype(np.int32) for p in glare]
    cv2.fillPoly(mask, shifted, 1)
    return float(mask.mean())


@stage(
    "quality.glare.v1",
    requires=("fields", "document_type", "glare"),
    provides=("fields", "quality"),
)
def glare_over_fields(ctx: DocContext) -> DocContext:
    """Distrust the fields read under glare; count those it may have taken whole."""
    limits = ctx.config.quality
    glare = {page.index: page.glare for page in ctx.pages if page.glare}
    doubtful: list[str] = []
    for key, field in ctx.fields.items():
        if field.bbox is None or field.page not in glare:
            continue
        share = glare_share(neighbourhood(field.bbox), glare[field.page])
        if share > limits.max_field_glare_share:
            doubtful.append(f"{key} ({share:.0%})")
            confidence = min(field.confidence, limits.glare_field_max_confidence)
            ctx.fields[key] = replace(field, confidence=confidence)
    if not glare:
        return ctx  # no measure: a text layer or a page without glare has none to report
    # A value burnt out whole leaves no box to test (30 of the 64 synthetic spots): a
    # field its type prints that was not read may lie under the glare.
    printed = ctx.config.recover.printed_fields.get(ctx.document_type or "", ())
    doubtful += [f"{key} (not read)" for key in printed if key not in ctx.fields]
    ctx.quality["fields_under_glare"] = float(len(doubtful))
    if doubtful:
        ctx.notes.append("glare over " + ", ".join(doubtful) + ": not trusted")
    return ctx
