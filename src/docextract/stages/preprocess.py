"""preprocess: make page images OCR-ready, and measure whether they can be read at all.

Judged by OCR accuracy, not looks: rectify a photographed document, lay a card landscape,
bring the text to the size Tesseract reads best (glyphs of roughly 20-40 px, JAPAN.md §6)
and flatten uneven backgrounds (glare gradients, coloured validity bands) instead of a
global threshold, which the experiments in JAPAN.md §6 showed to hurt.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np

from docextract._context import DocContext, Image, Page
from docextract._pipeline import stage
from docextract.config import PreprocessSettings

log = logging.getLogger(__name__)

# Document shapes a quadrilateral must have (long side / short side): an ID-1 card and
# ISO A-series paper. Anything else with four corners (the portrait on a card, a table on
# a bill) is not the document's outline.
ID1_ASPECT = 85.6 / 54.0
DOC_ASPECTS = (ID1_ASPECT, 2**0.5)
ASPECT_TOLERANCE = 0.12
# A quadrilateral smaller than this share of the frame is more likely a part of the
# document than the document; larger than the upper bound, it is the frame itself.
MIN_DOC_AREA, MAX_DOC_AREA = 0.2, 0.97


def image_to_quality(image: Image) -> dict[str, float]:
    """Sharpness, brightness, glare and size of a page image (before any resampling)."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    # Measure sharpness at a fixed scale so the number does not depend on resolution.
    scale = 1000.0 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return {
        "sharpness": float(cv2.Laplacian(small, cv2.CV_64F).var()),
        "brightness": float(gray.mean()),
        "glare_fraction": float((gray >= 250).mean()),
        "short_side_px": float(min(gray.shape)),
    }


def _order_corners(pts: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array(
        [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
        dtype=np.float32,
    )


def image_to_document_quad(image: Image) -> np.ndarray | None:
    """The four corners of the largest document-like quadrilateral, or None."""
    scale = 800.0 / max(image.shape[:2])
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    edges = cv2.Canny(gray, 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    frame_area = float(small.shape[0] * small.shape[1])
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        area = cv2.contourArea(contour)
        if not MIN_DOC_AREA <= area / frame_area <= MAX_DOC_AREA:
            continue
        hull = cv2.convexHull(contour)
        approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        if len(approx) == 4:
            quad = _order_corners(approx.reshape(4, 2).astype(np.float32) / scale)
            if quad_to_document_aspect(quad) is not None:
                return quad
    return None


def quad_to_document_aspect(quad: np.ndarray) -> float | None:
    """The document shape (ID-1 card or ISO paper) the quad is nearest to, if any."""
    tl, tr, br, bl = quad
    width = float(np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    height = float(np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    aspect = max(width, height) / max(min(width, height), 1.0)
    # Perspective foreshortens one side; the tolerance covers a phone held ~20° off axis.
    errors = {a: abs(aspect / a - 1) for a in DOC_ASPECTS}
    nearest = min(errors, key=lambda a: errors[a])
    return nearest if errors[nearest] <= ASPECT_TOLERANCE else None


def quad_to_rectified(image: Image, quad: np.ndarray) -> Image:
    tl, tr, br, bl = quad
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array(
        [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32
    )
    matrix = cv2.getPerspectiveTransform(quad, target)
    return cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_CUBIC)


def rotate_upright(image: Image, clockwise: int) -> Image:
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(image, codes[clockwise]) if clockwise in codes else image


def target_width(image: Image, settings: PreprocessSettings, is_card: bool) -> int:
    """Width at which body text lands near 30 px: cards and pages differ by ~4x in size."""
    height, width = image.shape[:2]
    if is_card or width > height:
        return settings.card_width_px
    return settings.page_width_px


def flatten_background(gray: Image) -> Image:
    """Divide by a blurred background estimate: removes gradients, glare and colour bands.

    The closing kernel is larger than a glyph stroke and smaller than a band, so text
    survives and the background becomes uniform white.
    """
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (31, 31))
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, kernel)
    flat = cv2.divide(gray, background, scale=255)
    return cv2.normalize(flat, np.empty_like(flat), 0, 255, cv2.NORM_MINMAX)


def paper_balanced(image: Image) -> Image:
    """Each colour channel divided by its own background: the paper becomes white whatever
    the light's colour, so an ink's hue can be judged on a phone photo too."""
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (31, 31))
    channels = [
        cv2.divide(c, cv2.morphologyEx(c, cv2.MORPH_CLOSE, kernel), scale=255)
        for c in cv2.split(image)
    ]
    return cv2.merge(channels)


def image_to_gray_without_red_ink(image: Image, min_redness: int, min_extent_px: int) -> Image:
    """Grey levels with red ink (seals, stamps) turned to paper.

    A seal printed beside or over a value (市長 seals, the police seal on a licence's
    address entry) is read as glyphs that end up in the value. Red ink is bright in the
    red channel: where red exceeds green and blue by ``min_redness`` on the balanced
    image, the red channel's level is used, which is near paper. Black text over a seal is
    dark in every channel and stays.

    Only ink around a red shape at least ``min_extent_px`` across counts: colour noise
    (phone sensors, JPEG chroma) also passes the redness test in specks, and turning specks
    on a gold or green band into paper breaks the text printed there. The mask is grown by
    two pixels to take the seal's anti-aliased rim.
    """
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    blue, green, red = cv2.split(paper_balanced(image))
    redness = red.astype(np.int16) - np.maximum(green, blue).astype(np.int16)
    red_ink = (redness >= min_redness).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(red_ink, connectivity=8)
    # The glyphs inside a seal are small red shapes of their own: red ink counts within
    # the box of a shape that wide (a seal's ring or frame), and a few pixels around it.
    near = np.zeros_like(red_ink)
    for x, y, w, h, _ in stats[1:]:
        if max(w, h) >= min_extent_px:
            near[max(0, y - 4) : y + h + 4, max(0, x - 4) : x + w + 4] = 1
    if not near.any():
        return gray
    kept = np.logical_and(red_ink, near).astype(np.uint8)
    mask = cv2.dilate(kept, np.ones((5, 5), np.uint8)) > 0
    gray[mask] = red[mask]
    return gray


def is_id1_shaped(image: Image) -> bool:
    """A card's proportions (either way up): only cards have their red ink dropped.

    On paper, red ink carries values: the date in a bank's receipt stamp (領収日付印) is
    a tax or insurance receipt's issue date. On cards it is seals beside the issuer and
    the address entries.
    """
    height, width = image.shape[:2]
    aspect = max(width, height) / max(min(width, height), 1)
    # Nearer a card's shape than paper's (1.59 against 1.41; the tolerance alone would
    # take A4 for a card).
    errors = {a: abs(aspect / a - 1) for a in DOC_ASPECTS}
    return (
        min(errors, key=lambda a: errors[a]) == ID1_ASPECT
        and errors[ID1_ASPECT] <= ASPECT_TOLERANCE
    )


def rectified_to_ocr_ready(image: Image, settings: PreprocessSettings, is_card: bool) -> Image:
    """Scale the text to Tesseract's best glyph height, drop red ink, flatten the background."""
    scale = target_width(image, settings, is_card) / image.shape[1]
    interpolation = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
    image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=interpolation)
    if settings.drop_red_ink and is_id1_shaped(image):
        gray = image_to_gray_without_red_ink(
            image, settings.min_ink_redness, settings.min_seal_extent_px
        )
    else:
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if settings.flatten_background:
        gray = flatten_background(gray)
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def page_to_ocr_ready(page: Page, ctx: DocContext) -> Page:
    assert page.image is not None
    settings = ctx.config.preprocess
    image = page.image
    is_card = False
    if settings.detect_document:
        quad = image_to_document_quad(image)
        if quad is not None:
            image = quad_to_rectified(image, quad)
            # Paper is portrait or landscape as printed; only a card is always landscape.
            is_card = quad_to_document_aspect(quad) == ID1_ASPECT
    if is_card and image.shape[0] > image.shape[1]:
        # A rectified card is landscape; which way up is left to the OCR stage.
        image = rotate_upright(image, 90)
    ready = rectified_to_ocr_ready(image, settings, is_card)
    # Not written to --keep-temp here: the page may show an Individual Number, and only
    # after OCR is it known where to black it out (api.write_debug_images).
    return Page(
        index=page.index,
        image=ready,
        width=ready.shape[1],
        height=ready.shape[0],
        unscaled=None if is_card else image,  # a card is landscape already: no quarter turn
    )


@stage("preprocess.v1", requires=("pages",), provides=("pages", "quality"))
def preprocess(ctx: DocContext) -> DocContext:
    """Measure quality, then rectify, rescale and flatten every image page."""
    for page in ctx.pages:
        if page.image is not None and not ctx.quality:
            ctx.quality = image_to_quality(page.image)
    ctx.pages = [page_to_ocr_ready(p, ctx) if p.image is not None else p for p in ctx.pages]
    return ctx
