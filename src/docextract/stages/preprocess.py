"""preprocess: make page images OCR-ready, and measure whether they can be read at all.

Judged by OCR accuracy, not looks: rectify a photographed document, lay a card landscape,
bring the text to the size Tesseract reads best (glyphs of roughly 20-40 px, JAPAN.md §6)
and flatten uneven backgrounds (glare gradients, coloured validity bands) instead of a
global threshold, which the experiments in JAPAN.md §6 showed to hurt.

Each step is a stage of its own, listed per slot in the pipeline file in this order:

- ``preprocess.document.v1``: find the card or page outline, rectify it, lay a card landscape;
- ``preprocess.quality.v1``: measure sharpness, brightness, size and cut-off of the document;
- ``preprocess.glare.v1``: find burnt-out glare on the document (``quality.glare.v1`` then
  distrusts the fields read under it);
- ``preprocess.deskew.v1``: straighten the text lines of a page with no outline (scans);
- ``preprocess.scale.v1``: bring the text to Tesseract's best glyph height;
- ``preprocess.red_ink.v1``: turn red seals and stamps into paper;
- ``preprocess.flatten.v1``: divide out the background.

A step is switched off by leaving its stage out (``--pipeline FILE``). Stages that move
pixels say how (``geometry``), so that glare and the ``--keep-temp`` images of every stage
follow the page to the image OCR reads. Nothing is written to disk here: a page may show
an Individual Number, and only after OCR is it known where to black it out
(``api.write_debug_images``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

import cv2
import numpy as np

from docextract._context import DocContext, DocumentOutline, Image, Matrix, Page, Polygon
from docextract._pipeline import stage
from docextract.config import PreprocessSettings
from docextract.geometry import (
    affine_matrix,
    inverse,
    map_points,
    moved,
    quarter_turn_matrix,
    repainted,
    resize_matrix,
    with_stage_image,
)

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


def quad_to_rectified(image: Image, quad: np.ndarray) -> tuple[Image, Matrix]:
    """The quad's content as a rectangle, and the matrix from ``image`` to it."""
    tl, tr, br, bl = quad
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array(
        [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32
    )
    matrix = cv2.getPerspectiveTransform(quad, target)
    rectified = cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_CUBIC)
    return rectified, np.asarray(matrix, dtype=np.float64)


def image_to_document(image: Image) -> tuple[Image, Matrix, DocumentOutline] | None:
    """The card or page in the upload, rectified (a card laid landscape), the matrix from
    the upload to it, and where it lies; None when no outline is found."""
    quad = image_to_document_quad(image)
    if quad is None:
        return None
    is_card = quad_to_document_aspect(quad) == ID1_ASPECT
    rectified, matrix = quad_to_rectified(image, quad)
    # Paper is portrait or landscape as printed; only a card is always landscape. Which
    # way up is left to the OCR stage.
    if is_card and rectified.shape[0] > rectified.shape[1]:
        matrix = quarter_turn_matrix(90, rectified.shape[1], rectified.shape[0]) @ matrix
        rectified = rotate_upright(rectified, 90)
    corners = [(float(x), float(y)) for x, y in quad]
    outline = DocumentOutline(
        quad=(corners[0], corners[1], corners[2], corners[3]),
        frame=(image.shape[1], image.shape[0]),
        is_card=is_card,
    )
    return rectified, matrix, outline


def rotate_upright(image: Image, clockwise: int) -> Image:
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(image, codes[clockwise]) if clockwise in codes else image


def target_width(
    image: Image, settings: PreprocessSettings, is_card: bool, photographed: bool = False
) -> int:
    """Width at which body text lands near 30 px: cards and pages differ by ~4x in size,
    and a photographed page's small print, blurred by the lens, needs more pixels."""
    height, width = image.shape[:2]
    if is_card or width > height:
        return settings.card_width_px
    return settings.photo_page_width_px if photographed else settings.page_width_px


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


# Glyphs are looked for on the page at this width: ink blobs of body text are then a median
# 11-14 px high on the fixture scans of A4 pages, ~20 px on cards, 26 px on a receipt, so
# the glyph bounds below hold for all.
GLYPH_WORK_WIDTH = 1000
# Ink blobs this many px high (at GLYPH_WORK_WIDTH) are glyphs or parts of them; rules,
# frames, photos and a scanner's lid edge are larger, dust and noise smaller.
GLYPH_MIN_PX, GLYPH_MAX_PX = 4, 40
# Fewer glyphs than this are no text lines to measure a skew on (a photo, a blank back).
MIN_SKEW_GLYPHS = 30
# Glyph centres are projected across the lines into bins of this many px; the angle at
# which the bins are most uneven (sum of squared counts) lines them up. Searched in
# coarse steps, then finely around the best; 0.02° moves a 1000 px line by 0.35 px.
SKEW_BIN_PX = 2.0
SKEW_COARSE_STEP, SKEW_FINE_STEP = 0.25, 0.02


class Skew(NamedTuple):
    """How far a page's text lines are turned from the nearest axis."""

    degrees: float
    """Counter-clockwise as seen (the sense of ``PIL.Image.rotate``); straightened by
    turning the page back by as much."""
    strength: float
    """How much more the glyphs line up at that angle than at a typical one (the median
    of the search): fixture text lines 2.4-7.3, a page photographed at a slant 1.3."""


class Glyphs(NamedTuple):
    """Glyph-sized ink blobs of a page, in pixels of the page at ``GLYPH_WORK_WIDTH``."""

    boxes: np.ndarray
    """``(x, y, width, height)`` per blob."""
    centres: np.ndarray
    background: Image
    """The page's grey levels with the ink closed over: paper, bands, a desk."""


def image_to_glyphs(image: Image) -> Glyphs:
    """The page's glyph-sized ink blobs, found on the page with its background divided out."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scale = GLYPH_WORK_WIDTH / gray.shape[1]
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (31, 31))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    _, ink = cv2.threshold(
        flatten_background(small), 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU
    )
    _, _, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    boxes = stats[1:, :4]
    height, width = boxes[:, 3], boxes[:, 2]
    glyph = (
        (height >= GLYPH_MIN_PX)
        & (height <= GLYPH_MAX_PX)
        & (width <= GLYPH_MAX_PX)
        & (stats[1:, cv2.CC_STAT_AREA] >= GLYPH_MIN_PX * 2)
    )
    return Glyphs(boxes[glyph], np.asarray(centres[1:][glyph], dtype=np.float64), background)


def _line_scores(centres: np.ndarray, angles: np.ndarray, vertical: bool) -> np.ndarray:
    """How unevenly the glyph centres fall across lines turned by each angle (radians,
    clockwise in image coordinates); ``vertical``: lines running down the page."""
    x, y = centres[:, 0], centres[:, 1]
    scores = []
    for a in angles:
        across = x * np.cos(a) + y * np.sin(a) if vertical else y * np.cos(a) - x * np.sin(a)
        counts = np.bincount(((across - across.min()) / SKEW_BIN_PX).astype(np.int64))
        scores.append(float(np.square(counts, dtype=np.float64).sum()))
    return np.asarray(scores)


def image_to_skew(image: Image, max_degrees: float) -> Skew | None:
    """The skew of the page's text lines within ``max_degrees``, horizontal or vertical
    (a page lying on its side, vertical writing); None without enough glyphs."""
    centres = image_to_glyphs(image).centres
    if len(centres) < MIN_SKEW_GLYPHS:
        return None
    coarse = np.arange(-max_degrees, max_degrees + 1e-9, SKEW_COARSE_STEP)
    best: Skew | None = None
    for vertical in (False, True):
        scores = _line_scores(centres, np.deg2rad(coarse), vertical)
        around = coarse[int(np.argmax(scores))]
        fine = np.arange(
            around - SKEW_COARSE_STEP, around + SKEW_COARSE_STEP + 1e-9, SKEW_FINE_STEP
        )
        fine_scores = _line_scores(centres, np.deg2rad(fine), vertical)
        i = int(np.argmax(fine_scores))
        found = Skew(
            degrees=-float(fine[i]),
            strength=float(fine_scores[i]) / max(float(np.median(scores)), 1.0),
        )
        if best is None or found.strength > best.strength:
            best = found
    return best


def straightened(image: Image, skew_degrees: float) -> tuple[Image, Matrix]:
    """The page turned back by ``skew_degrees`` on a canvas grown to keep its corners (the
    new corners paper-coloured), and the matrix from ``image`` to it."""
    height, width = image.shape[:2]
    affine = cv2.getRotationMatrix2D(((width - 1) / 2, (height - 1) / 2), -skew_degrees, 1.0)
    cos, sin = abs(affine[0, 0]), abs(affine[0, 1])
    new_width = int(np.ceil(width * cos + height * sin))
    new_height = int(np.ceil(width * sin + height * cos))
    affine[0, 2] += (new_width - width) / 2
    affine[1, 2] += (new_height - height) / 2
    paper = np.median(image[::8, ::8].reshape(-1, image.shape[2]), axis=0)
    turned = cv2.warpAffine(
        image,
        affine,
        (new_width, new_height),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=tuple(float(v) for v in paper),
    )
    return turned, affine_matrix(affine)


# Sharpness is measured with the document's long side at this size, so that the number
# does not depend on the upload's resolution (thresholds: pipelines/default.toml [quality]).
SHARPNESS_LONG_SIDE = 1000.0
# A glyph cut by the frame's edge is text running out of the picture only where paper
# lies around it: its background at least this share of the paper's level, taken as the
# brightest tenth of the background (a document is lighter than the desk it lies on).
# The desk grain the frame cuts on the fixture photos lies at <= 0.49 of it.
EDGE_PAPER_SHARE = 0.8
PAPER_PERCENTILE = 90


def document_margin(outline: DocumentOutline) -> float:
    """How far the document's nearest corner lies inside the frame, as a share of the
    frame's short side: 0 (or less) where the outline reaches the edge."""
    width, height = outline.frame
    xs, ys = [x for x, _ in outline.quad], [y for _, y in outline.quad]
    nearest = min(min(xs), min(ys), width - 1 - max(xs), height - 1 - max(ys))
    return nearest / min(width, height)


def image_to_text_at_edge(image: Image) -> int:
    """Glyphs on paper that the frame's edge cuts: text running out of the picture. Dust
    on a scanner's dark lid edge or the grain of a desk around a document is no text."""
    glyphs = image_to_glyphs(image)
    height, width = glyphs.background.shape
    x, y, w, h = glyphs.boxes.T
    cut = (x <= 0) | (y <= 0) | (x + w >= width) | (y + h >= height)
    paper = float(np.percentile(glyphs.background, PAPER_PERCENTILE))
    cx = np.clip(glyphs.centres[:, 0].astype(np.int64), 0, width - 1)
    cy = np.clip(glyphs.centres[:, 1].astype(np.int64), 0, height - 1)
    on_paper = glyphs.background[cy, cx] >= EDGE_PAPER_SHARE * paper
    return int((cut & on_paper).sum())


def image_to_quality(image: Image) -> dict[str, float]:
    """Measures of an upload: brightness and burnt-out share of the picture as taken,
    sharpness and size of the document in it, and whether it runs out of the frame."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    found = image_to_document(image)
    document = gray if found is None else cv2.cvtColor(found[0], cv2.COLOR_BGR2GRAY)
    # On the document alone: a desk's grain around a card is no sharpness of the card.
    scale = SHARPNESS_LONG_SIDE / max(document.shape)
    small = cv2.resize(document, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    measures = {
        "sharpness": float(cv2.Laplacian(small, cv2.CV_64F).var()),
        "brightness": float(gray.mean()),
        "glare_fraction": float((gray >= 250).mean()),
        "short_side_px": float(min(document.shape)),
    }
    if found is not None:
        measures["document_margin"] = document_margin(found[2])
    else:
        measures["text_at_edge"] = float(image_to_text_at_edge(image))
    return measures


# Glare is burnt-out light, colourless: HSV saturation at most this (of 255). The fixture
# lamp spots' pixels at 250 and above measure <= 8; 40 leaves room for a tinted lamp
# while keeping out most bright tints (up to 48 on the other fixtures at 250 and above).
GLARE_MAX_SATURATION = 40
# A glyph of the document at GLYPH_WORK_WIDTH: ~2 % of its width (card values ~21 px,
# page body text 11-14 px). Burnt-out patches are opened by a disc this wide, so that
# paper between the strokes of washed-out text that is still legible does not count.
GLARE_GLYPH_PX = 21


def image_to_glare(image: Image, settings: PreprocessSettings) -> tuple[Polygon, ...]:
    """Patches of burnt-out glare on a document, as polygons in pixels of ``image``.

    On paper that is itself near white (scans, clean renders, bright photos of pages) glare
    cannot be told from paper: none is reported there.
    """
    scale = GLYPH_WORK_WIDTH / image.shape[1]
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (31, 31))
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, kernel)
    paper = float(np.percentile(background, PAPER_PERCENTILE))
    if paper > settings.glare_max_paper_level:
        return ()
    saturation = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)[:, :, 1]
    burnt = ((gray >= settings.glare_min_level) & (saturation <= GLARE_MAX_SATURATION)).astype(
        np.uint8
    )
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (GLARE_GLYPH_PX, GLARE_GLYPH_PX))
    patches = cv2.morphologyEx(burnt, cv2.MORPH_OPEN, disc)
    contours, _ = cv2.findContours(patches, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    min_area = settings.glare_min_glyphs * GLARE_GLYPH_PX**2
    to_image = inverse(resize_matrix(scale, scale))
    return tuple(
        map_points(to_image, [(float(x), float(y)) for x, y in contour.reshape(-1, 2)])
        for contour in contours
        if cv2.contourArea(contour) >= min_area
    )


def scaled(
    image: Image, settings: PreprocessSettings, is_card: bool, photographed: bool = False
) -> tuple[Image, Matrix]:
    """Text at Tesseract's best glyph height, and the matrix from ``image`` to it."""
    scale = target_width(image, settings, is_card, photographed) / image.shape[1]
    interpolation = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
    resized = cv2.resize(image, None, fx=scale, fy=scale, interpolation=interpolation)
    return resized, resize_matrix(scale, scale)


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


def without_red_ink(image: Image, settings: PreprocessSettings) -> Image:
    if is_id1_shaped(image):
        gray = image_to_gray_without_red_ink(
            image, settings.min_ink_redness, settings.min_seal_extent_px
        )
    else:
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def flattened(image: Image, settings: PreprocessSettings) -> Image:
    # Grey in, grey out: a page the red-ink step already made grey converts back exactly.
    gray = flatten_background(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


DOCUMENT = "preprocess.document.v1"
QUALITY = "preprocess.quality.v1"
GLARE = "preprocess.glare.v1"
DESKEW = "preprocess.deskew.v1"
SCALE = "preprocess.scale.v1"
RED_INK = "preprocess.red_ink.v1"
FLATTEN = "preprocess.flatten.v1"

PixelStep = Callable[[Image, PreprocessSettings], Image]
# Stages that change pixels but not where they are: OCR runs those that ran after
# scaling again on a page it turns a quarter.
PIXEL_STEPS: dict[str, PixelStep] = {RED_INK: without_red_ink, FLATTEN: flattened}


def rectified_to_ocr_ready(
    image: Image,
    settings: PreprocessSettings,
    is_card: bool,
    steps: tuple[str, ...],
    photographed: bool = False,
) -> Image:
    """Scale the text to Tesseract's best glyph height, then run the pixel ``steps`` the
    page had (``Page.steps``): what preprocessing did, on a page OCR turned a quarter."""
    image, _ = scaled(image, settings, is_card, photographed)
    for step in steps:
        image = PIXEL_STEPS[step](image, settings)
    return image


def _each_image_page(ctx: DocContext, func: Callable[[Page, DocContext], Page]) -> None:
    ctx.pages = [func(page, ctx) if page.image is not None else page for page in ctx.pages]


def page_to_document(page: Page, ctx: DocContext) -> Page:
    """Rectify the card or page outline found on the upload; a card is laid landscape."""
    assert page.image is not None
    upload = page.image
    found = image_to_document(upload)
    if found is None:
        return with_stage_image(page, ctx, DOCUMENT, upload, caption="no document outline found")
    image, matrix, outline = found
    page = replace(moved(page, image, matrix), document=outline)
    return with_stage_image(
        page,
        ctx,
        DOCUMENT,
        upload,
        matrix,
        caption=f"{'card' if outline.is_card else 'page'} outline found",
        outline=outline.quad,
    )


@stage(DOCUMENT, requires=("pages",), provides=("pages",))
def document(ctx: DocContext) -> DocContext:
    """Find each image page's card or page outline; rectify it (perspective, landscape)."""
    _each_image_page(ctx, page_to_document)
    return ctx


@stage(QUALITY, requires=("pages",), provides=("pages", "quality"))
def quality(ctx: DocContext) -> DocContext:
    """Measure the first image page as uploaded, and the document found in it (the
    page's pixels are left as they are: only its --keep-temp image is added)."""
    for i, page in enumerate(ctx.pages):
        if page.image is not None:
            measures = image_to_quality(page.image)
            ctx.quality.update(measures)
            caption = ", ".join(f"{key} {value:.4g}" for key, value in measures.items())
            ctx.pages[i] = with_stage_image(page, ctx, QUALITY, page.image, caption=caption)
            break
    return ctx


def page_to_glare(page: Page, ctx: DocContext) -> Page:
    image = page.image
    assert image is not None
    found = image_to_glare(image, ctx.config.preprocess)
    area = sum(cv2.contourArea(np.asarray(p, dtype=np.float32)) for p in found)
    share = area / (image.shape[0] * image.shape[1])
    caption = f"glare: {len(found)} patch(es), {share:.1%} of the page" if found else "no glare"
    page = replace(page, glare=found)
    return with_stage_image(page, ctx, GLARE, image, caption=caption, regions=found)


@stage(GLARE, requires=("pages",), provides=("pages", "glare"))
def glare(ctx: DocContext) -> DocContext:
    """Find burnt-out glare on each image page; quality.glare.v1 distrusts fields under it."""
    _each_image_page(ctx, page_to_glare)
    return ctx


def page_to_deskewed(page: Page, ctx: DocContext) -> Page:
    """Straighten the text lines of a page the document stage did not rectify."""
    assert page.image is not None
    settings = ctx.config.preprocess
    if page.document is not None:
        return with_stage_image(page, ctx, DESKEW, page.image, caption="rectified: no skew")
    skew = image_to_skew(page.image, settings.deskew_max_degrees)
    if skew is None or skew.strength < settings.deskew_min_line_strength:
        return with_stage_image(page, ctx, DESKEW, page.image, caption="no text lines to measure")
    measured = f"skew {skew.degrees:+.2f} deg (lines x{skew.strength:.1f})"
    if abs(skew.degrees) < settings.deskew_min_degrees:
        return with_stage_image(page, ctx, DESKEW, page.image, caption=f"{measured}: left")
    log.debug("page %d: %s, straightened", page.index, measured)
    image, matrix = straightened(page.image, skew.degrees)
    return with_stage_image(
        moved(page, image, matrix), ctx, DESKEW, image, caption=f"{measured}: straightened"
    )


@stage(DESKEW, requires=("pages",), provides=("pages",))
def deskew(ctx: DocContext) -> DocContext:
    """Straighten skewed text lines on pages without a document outline (scans, PDFs)."""
    _each_image_page(ctx, page_to_deskewed)
    return ctx


def page_to_scaled(page: Page, ctx: DocContext) -> Page:
    assert page.image is not None
    photographed = page.document is not None
    image, matrix = scaled(page.image, ctx.config.preprocess, page.is_card, photographed)
    before = page.image
    page = moved(page, image, matrix)
    # A card is landscape already (no quarter turn to prepare again): nothing to keep.
    page = replace(page, unscaled=None if page.is_card else before)
    return with_stage_image(
        page, ctx, SCALE, image, caption=f"scaled x{matrix[0, 0]:.2f} to {image.shape[1]} px wide"
    )


@stage(SCALE, requires=("pages",), provides=("pages",))
def scale(ctx: DocContext) -> DocContext:
    """Scale each image page so that its text lands at Tesseract's best glyph height."""
    _each_image_page(ctx, page_to_scaled)
    return ctx


def _pixel_stage(ctx: DocContext, name: str) -> DocContext:
    def run(page: Page, ctx: DocContext) -> Page:
        assert page.image is not None
        image = PIXEL_STEPS[name](page.image, ctx.config.preprocess)
        return with_stage_image(repainted(page, image, name), ctx, name, image)

    _each_image_page(ctx, run)
    return ctx


@stage(RED_INK, requires=("pages",), provides=("pages",))
def red_ink(ctx: DocContext) -> DocContext:
    """Turn red ink (seals, stamps) into paper, and the page grey."""
    return _pixel_stage(ctx, RED_INK)


@stage(FLATTEN, requires=("pages",), provides=("pages",))
def flatten(ctx: DocContext) -> DocContext:
    """Divide out the background (gradients, coloured bands, glare halos); the page grey."""
    return _pixel_stage(ctx, FLATTEN)
