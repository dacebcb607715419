"""Debug images of each preprocessing stage (``--keep-temp``), protected numbers blacked out.

A stage image may show more of the upload than the page OCR read (the desk around a card,
the page before it was straightened) and at another scale, but protected numbers are only
located on the page OCR read (``report.masked_boxes``). So each stage image keeps a matrix
onto that page (``StageImage.to_page``); with its inverse, every blacked-out box of the page
is blacked out on the stage image too, and whatever of the stage image lies outside the
page is painted over, as nothing was read there to tell whether it shows a number. An
image whose matrix is no longer known to map onto the page is not rendered at all.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np

from docextract._context import BBox, Image, Page, StageImage
from docextract.geometry import box_corners, image_digest, inverse, map_points

log = logging.getLogger(__name__)

# What lies outside the page OCR read is painted this grey: visibly not the document.
_OUTSIDE_COLOUR = (128, 128, 128)
# A masked box is grown by this share of its height on every side before it is mapped
# back (at least the 4 px the page image's own black-out adds): an earlier image at a
# lower resolution blurs a glyph over more of its neighbourhood.
_MASK_GROW = 0.25
_MASK_PAD_PX = 4
# Mapped back, the box is drawn with an outline this thick on top of its fill, so that a
# glyph's anti-aliased rim on the stage image's own pixel grid is covered too.
_MASK_RIM_PX = 3
_OUTLINE_COLOUR, _REGION_COLOUR = (0, 200, 255), (255, 0, 255)
_CAPTION_FONT = cv2.FONT_HERSHEY_SIMPLEX


def _polygon(points: tuple[tuple[float, float], ...]) -> np.ndarray:
    return np.round(np.asarray(points, dtype=np.float64)).astype(np.int32).reshape(-1, 1, 2)


def stage_image_to_debug(
    stage_image: StageImage, page_size: tuple[int, int], masked: list[BBox]
) -> Image:
    """The stage image with what it found drawn on it, cut to the page OCR read (of
    ``page_size`` width and height) and the ``masked`` boxes of that page blacked out."""
    to_stage = inverse(stage_image.to_page)
    image = stage_image.image.copy()
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    width, height = page_size
    page_outline = map_points(to_stage, box_corners((0, 0, width, height), 0.5))
    inside = np.zeros(image.shape[:2], np.uint8)
    cv2.fillPoly(inside, [_polygon(page_outline)], 255)
    image[inside == 0] = _OUTSIDE_COLOUR
    thickness = max(2, round(max(image.shape[:2]) / 400))
    if stage_image.regions:
        shade = image.copy()
        cv2.fillPoly(shade, [_polygon(r) for r in stage_image.regions], _REGION_COLOUR)
        image = cv2.addWeighted(shade, 0.4, image, 0.6, 0)
        cv2.polylines(image, [_polygon(r) for r in stage_image.regions], True, _REGION_COLOUR, 2)
    if stage_image.outline:
        cv2.polylines(image, [_polygon(stage_image.outline)], True, _OUTLINE_COLOUR, thickness)
    # Last, so that nothing drawn above can leave a digit showing.
    for box in masked:
        pad = max(_MASK_PAD_PX, _MASK_GROW * box[3])
        corners = _polygon(map_points(to_stage, box_corners(box, pad)))
        cv2.fillPoly(image, [corners], (0, 0, 0))
        cv2.polylines(image, [corners], True, (0, 0, 0), _MASK_RIM_PX)
    return with_caption(image, f"{stage_image.stage}: {stage_image.caption}")


def with_caption(image: Image, text: str) -> Image:
    """``image`` under a white band that says ``text`` (Hershey fonts: ASCII only)."""
    scale = max(0.5, image.shape[1] / 1600)
    thickness = max(1, round(2 * scale))
    (_, text_h), baseline = cv2.getTextSize(text, _CAPTION_FONT, scale, thickness)
    band = np.full((text_h + baseline + 16, image.shape[1], 3), 255, np.uint8)
    cv2.putText(
        band, text, (8, text_h + 8), _CAPTION_FONT, scale, (0, 0, 0), thickness, cv2.LINE_AA
    )
    return np.vstack([band, image])


def page_to_stage_images(page: Page, masked: list[BBox]) -> list[tuple[str, Image]]:
    """``(stage, image)`` per stage image of ``page``, in the order the stages ran; none
    when the page image changed since the matrices were recorded (then where its numbers
    are on the stage images is unknown)."""
    if page.image is None or not page.trail:
        return []
    if page.trail_target != image_digest(page.image):
        log.warning(
            "page %d: the page image changed without its stage images: not written", page.index
        )
        return []
    size = (page.image.shape[1], page.image.shape[0])
    return [(s.stage, stage_image_to_debug(s, size, masked)) for s in page.trail]
