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
- ``preprocess.denoise.v1``: average out the grain of a low-light photo, before deblur's
  deconvolution would amplify it;
- ``preprocess.deblur.v1``: divide out a shaken camera's streak, or defocus on a page too
  soft to read;
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
from collections.abc import Callable, Sequence
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
# A slip is longer than any paper size: till receipts (58 or 80 mm paper), convenience
# store payment slips, bank transfer receipts (the fixture till receipt photographed:
# 2.7). Cards photographed at a slant measure up to 1.85, hence the floor; a slip longer
# than the ceiling is a strip no outline test can vouch for.
SLIP_MIN_ASPECT, SLIP_MAX_ASPECT = 2.2, 4.5
# A quadrilateral smaller than this share of the frame is more likely a part of the
# document than the document; larger than the upper bound, it is the frame itself.
MIN_DOC_AREA, MAX_DOC_AREA = 0.2, 0.97
# A document's edge parts it from a desk, a hand or a scanner lid; a box printed on a page
# (the cut-out card of a 資格確認書, a tax slip's frame) has the same paper on both sides.
# Grey levels a little inside and outside the outline, median over its sides (on the
# 800 px image the outline is looked for on): of the 262 candidates on all fixture files,
# the 52 that are no document's edge (printed boxes on pages, frames on flat card renders)
# differ by 0-15, the card and page outlines on photos by 93-182. A white card on a white
# desk would fail too, and is then read as the whole frame, as before outlines were found.
MIN_EDGE_CONTRAST = 20.0
# Where either side of the outline is looked at: this share of the frame's diagonal off
# the edge (a card's rounded corner and the edge's own blur lie nearer), along the
# middle 70 % of each side.
EDGE_PROBE_OFFSET = 0.015
EDGE_PROBE_SPAN = (0.15, 0.85)
EDGE_PROBES_PER_SIDE = 50


def _order_corners(pts: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array(
        [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
        dtype=np.float32,
    )


def _edge_contours(gray: Image) -> Sequence[np.ndarray]:
    """Outlines of what Canny's edges enclose: a card or page against a plain surround."""
    edges = cv2.dilate(cv2.Canny(gray, 40, 120), np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return contours


def _bright_contours(gray: Image) -> Sequence[np.ndarray]:
    """Outlines of the bright regions (Otsu's split of the grey levels): a light document
    on a darker, textured desk, whose grain breaks Canny's outline into pieces."""
    _, light = cv2.threshold(
        cv2.GaussianBlur(gray, (9, 9), 0), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU
    )
    light = cv2.morphologyEx(light, cv2.MORPH_OPEN, np.ones((7, 7), np.uint8))
    contours, _ = cv2.findContours(light, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return contours


def gray_to_edge_contrast(gray: Image, quad: np.ndarray) -> float:
    """How far the grey levels just inside the quad lie from those just outside it
    (medians over its sides); 0 where no side has an outside in the frame."""
    height, width = gray.shape
    offset = EDGE_PROBE_OFFSET * float(np.hypot(height, width))
    centre = quad.mean(axis=0)
    inside: list[np.ndarray] = []
    outside: list[np.ndarray] = []
    along = np.linspace(*EDGE_PROBE_SPAN, EDGE_PROBES_PER_SIDE)[:, None]
    for a, b in zip(quad, np.roll(quad, -1, axis=0), strict=True):
        normal = np.array([a[1] - b[1], b[0] - a[0]], dtype=np.float64)
        normal /= max(float(np.linalg.norm(normal)), 1e-9)
        if np.dot(centre - (a + b) / 2, normal) < 0:
            normal = -normal
        points = a + (b - a) * along
        for probes, levels in (
            (points + normal * offset, inside),
            (points - normal * offset, outside),
        ):
            x, y = np.round(probes).astype(np.int64).T
            seen = (x >= 0) & (x < width) & (y >= 0) & (y < height)
            levels.append(gray[y[seen], x[seen]])
    outer = np.concatenate(outside)
    if outer.size == 0:
        return 0.0
    return abs(float(np.median(np.concatenate(inside))) - float(np.median(outer)))


def image_to_document_quad(image: Image) -> np.ndarray | None:
    """The four corners of the largest document-like quadrilateral, or None."""
    scale = 800.0 / max(image.shape[:2])
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    frame_area = float(small.shape[0] * small.shape[1])
    for find in (_edge_contours, _bright_contours):
        for contour in sorted(find(gray), key=cv2.contourArea, reverse=True)[:5]:
            area = cv2.contourArea(contour)
            if not MIN_DOC_AREA <= area / frame_area <= MAX_DOC_AREA:
                continue
            hull = cv2.convexHull(contour)
            approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
            if len(approx) != 4:
                continue
            corners = _order_corners(approx.reshape(4, 2).astype(np.float32))
            if (
                quad_to_document_aspect(corners) is not None
                and gray_to_edge_contrast(gray, corners) >= MIN_EDGE_CONTRAST
            ):
                return np.asarray(corners / scale, dtype=np.float32)
    return None


def quad_to_aspect(quad: np.ndarray) -> float:
    """Long side over short side, each the mean of its two opposite edges."""
    tl, tr, br, bl = quad
    width = float(np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    height = float(np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    return max(width, height) / max(min(width, height), 1.0)


def quad_to_document_aspect(quad: np.ndarray) -> float | None:
    """The document shape (ID-1 card, ISO paper or a slip's own) the quad is nearest to,
    if any."""
    aspect = quad_to_aspect(quad)
    if SLIP_MIN_ASPECT <= aspect <= SLIP_MAX_ASPECT:
        return aspect
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
    and a photographed page's small print, blurred by the lens, needs more pixels; a
    photographed slip is as narrow as a card is high."""
    height, width = image.shape[:2]
    if is_card or width > height:
        return settings.card_width_px
    if photographed and height / width >= SLIP_MIN_ASPECT:
        return settings.slip_width_px
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


def gray_to_sharpness(gray: Image) -> float:
    """Variance of the Laplacian, at a fixed size so that it does not depend on the
    resolution a document came at."""
    scale = SHARPNESS_LONG_SIDE / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(small, cv2.CV_64F).var())


def image_to_quality(image: Image) -> dict[str, float]:
    """Measures of an upload: brightness and burnt-out share of the picture as taken,
    sharpness and size of the document in it, and whether it runs out of the frame."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    found = image_to_document(image)
    document = gray if found is None else cv2.cvtColor(found[0], cv2.COLOR_BGR2GRAY)
    # On the document alone: a desk's grain around a card is no sharpness of the card.
    measures = {
        "sharpness": gray_to_sharpness(document),
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


class MotionBlur(NamedTuple):
    length_px: float
    """The streak's length, at the scale of the image it was measured on."""
    degrees: float
    """Its direction, image coordinates (y down), 0-180."""
    strength: float
    """How far the cepstrum dips at the streak, in standard deviations of its ring."""


# The cepstrum is searched for the streak this far from its centre (px); shorter streaks
# blur less than a stroke's width and need no undoing.
MOTION_MIN_PX = 3.0
MOTION_ANGLE_STEP, MOTION_RADIUS_STEP = 2.0, 0.5
MOTION_CROP_PX = 1200
# The known blur gray_to_defocus compares a page's edges with.
DEFOCUS_PROBE_SIGMA = 1.0


def _padded_for_dft(a: np.ndarray, border: int) -> np.ndarray:
    """``a`` grown at the bottom and right to sizes the DFT is fast at: at a size with a
    large prime factor it is many times slower (a 2339 px high page took seconds)."""
    height, width = a.shape
    grow_y = cv2.getOptimalDFTSize(height) - height
    grow_x = cv2.getOptimalDFTSize(width) - width
    return cv2.copyMakeBorder(a, 0, grow_y, 0, grow_x, border)


def image_to_motion_blur(gray: Image, max_length_px: float) -> MotionBlur:
    """The straight streak a moving camera drew, from the image's cepstrum.

    A streak of length L multiplies the spectrum by a sinc whose zeros repeat every 1/L
    along its direction; the log spectrum's own spectrum (the cepstrum) then dips at
    distance L in that direction. Text without motion has no such dip standing out.
    """
    # The streak is the same all over: the middle of a page tells it as well as the whole,
    # at a fixed cost (a 2400 x 3400 photographed page took 1.1 s whole, 0.1 s cropped).
    height, width = gray.shape
    top, left = max(0, (height - MOTION_CROP_PX) // 2), max(0, (width - MOTION_CROP_PX) // 2)
    a = gray[top : top + MOTION_CROP_PX, left : left + MOTION_CROP_PX].astype(np.float32)
    a -= float(a.mean())
    window = np.outer(np.hanning(a.shape[0]), np.hanning(a.shape[1])).astype(np.float32)
    a = _padded_for_dft(a * window, cv2.BORDER_CONSTANT)
    height, width = a.shape
    spectrum = cv2.dft(a, flags=cv2.DFT_COMPLEX_OUTPUT)
    log_magnitude = np.log1p(cv2.magnitude(spectrum[..., 0], spectrum[..., 1]))
    # A one-channel input to idft would be taken as a packed half spectrum: give it whole.
    whole = np.dstack([log_magnitude, np.zeros_like(log_magnitude)])
    full = cv2.idft(whole, flags=cv2.DFT_SCALE | cv2.DFT_REAL_OUTPUT)
    # Only the centre matters: the streak lies within max_length_px of it.
    r = int(np.ceil(max_length_px)) + 1
    around = np.arange(-r, r + 1)
    cepstrum = full[np.ix_(around % height, around % width)]
    radii = np.arange(MOTION_MIN_PX, max_length_px + 1e-9, MOTION_RADIUS_STEP)
    angles = np.deg2rad(np.arange(0.0, 180.0, MOTION_ANGLE_STEP))
    xs = (r + np.cos(angles)[:, None] * radii[None, :]).astype(np.float32)
    ys = (r + np.sin(angles)[:, None] * radii[None, :]).astype(np.float32)
    polar = cv2.remap(cepstrum, xs, ys, cv2.INTER_LINEAR)
    i, j = np.unravel_index(int(np.argmin(polar)), polar.shape)
    yy, xx = np.mgrid[: 2 * r + 1, : 2 * r + 1]
    distance = np.hypot(yy - r, xx - r)
    ring = cepstrum[(distance >= MOTION_MIN_PX) & (distance <= max_length_px)]
    strength = -float(polar[i, j]) / max(float(ring.std()), 1e-9)
    return MotionBlur(float(radii[j]), float(np.rad2deg(angles[i])), strength)


# The streak is drawn this many times finer and shrunk: a one-pixel line drawn at the
# target scale is a staircase whose spectrum differs from a real streak's (at a slant
# the deconvolution then rang and OCR read nothing on drivers_license_006_blur).
KERNEL_SUPERSAMPLING = 8


def motion_kernel(blur: MotionBlur) -> np.ndarray:
    """The streak as a point-spread function, ``length_px`` long, summing to 1."""
    size = int(np.ceil(blur.length_px)) + 2 | 1
    fine = size * KERNEL_SUPERSAMPLING
    kernel = np.zeros((fine, fine), dtype=np.float32)
    c = (fine - 1) / 2
    half = (blur.length_px - 1) / 2 * KERNEL_SUPERSAMPLING
    dx, dy = np.cos(np.deg2rad(blur.degrees)) * half, np.sin(np.deg2rad(blur.degrees)) * half
    shift = 4  # cv2.line's fixed-point bits: sub-pixel end points
    ends = [
        (round((c + sx) * 2**shift), round((c + sy) * 2**shift))
        for sx, sy in ((-dx, -dy), (dx, dy))
    ]
    cv2.line(kernel, ends[0], ends[1], 1.0, KERNEL_SUPERSAMPLING, cv2.LINE_AA, shift)
    small = np.asarray(cv2.resize(kernel, (size, size), interpolation=cv2.INTER_AREA), np.float32)
    return small / float(small.sum())


def wiener_deconvolved(image: Image, kernel: np.ndarray, noise_to_signal: float) -> Image:
    """Each channel of ``image`` with ``kernel``'s blur divided out (Wiener filter)."""
    pad = 2 * max(kernel.shape)
    height, width = image.shape[:2]
    out = []
    for channel in cv2.split(image):
        a = cv2.copyMakeBorder(channel, pad, pad, pad, pad, cv2.BORDER_REFLECT)
        a = _padded_for_dft(a.astype(np.float32), cv2.BORDER_REFLECT)
        psf = np.zeros_like(a)
        kh, kw = kernel.shape
        psf[:kh, :kw] = kernel
        psf = np.roll(psf, (-(kh // 2), -(kw // 2)), (0, 1))
        h = cv2.dft(psf, flags=cv2.DFT_COMPLEX_OUTPUT)
        g = cv2.dft(a, flags=cv2.DFT_COMPLEX_OUTPUT)
        power = h[..., 0] ** 2 + h[..., 1] ** 2 + noise_to_signal
        # G * conj(H) / (|H|^2 + NSR)
        re = (g[..., 0] * h[..., 0] + g[..., 1] * h[..., 1]) / power
        im = (g[..., 1] * h[..., 0] - g[..., 0] * h[..., 1]) / power
        restored = cv2.idft(np.dstack([re, im]), flags=cv2.DFT_SCALE | cv2.DFT_REAL_OUTPUT)
        out.append(
            np.clip(restored[pad : pad + height, pad : pad + width], 0, 255).astype(np.uint8)
        )
    return cv2.merge(out)


def gradient_ratio(gray: Image, degrees: float) -> float:
    """Edge energy along ``degrees`` against across it: a streak smooths only along itself."""
    a = gray.astype(np.float32)
    gx, gy = cv2.Sobel(a, cv2.CV_32F, 1, 0), cv2.Sobel(a, cv2.CV_32F, 0, 1)
    t = np.deg2rad(degrees)
    along = gx * np.cos(t) + gy * np.sin(t)
    across = gy * np.cos(t) - gx * np.sin(t)
    return float((along**2).mean() / max(float((across**2).mean()), 1e-9))


def gray_to_defocus(gray: Image) -> float:
    """How wide a Gaussian blurs the page's edges (px), from how much a known blur of
    1 px lowers their gradients: a sharp edge loses much, a blurred one little
    (Zhuo & Sim, "Defocus map estimation from a single image", 2011)."""
    a = gray.astype(np.float32)
    gradient = _gradient_magnitude(a)
    reblurred = _gradient_magnitude(cv2.GaussianBlur(a, (0, 0), DEFOCUS_PROBE_SIGMA))
    edges = cv2.Canny(gray, 50, 150) > 0
    if not edges.any():
        return 0.0
    # The stronger half of the edges: text strokes, not paper grain or guilloche.
    strong = edges & (gradient >= np.median(gradient[edges]))
    ratio = gradient[strong] / np.maximum(reblurred[strong], 1e-3)
    ratio = ratio[ratio > 1.01]
    if ratio.size == 0:
        return 0.0
    return float(np.median(DEFOCUS_PROBE_SIGMA / np.sqrt(ratio**2 - 1)))


def _gradient_magnitude(a: np.ndarray) -> np.ndarray:
    return cv2.magnitude(cv2.Sobel(a, cv2.CV_32F, 1, 0), cv2.Sobel(a, cv2.CV_32F, 0, 1))


def gaussian_kernel(sigma: float) -> np.ndarray:
    g = cv2.getGaussianKernel(int(6 * sigma) | 1, sigma)
    kernel = np.asarray(g @ g.T, np.float32)
    return kernel / float(kernel.sum())


class Blur(NamedTuple):
    kernel: np.ndarray
    caption: str
    streak_px: float = 0.0
    """A motion streak's length; 0 for defocus."""


def image_to_blur(image: Image, settings: PreprocessSettings) -> Blur | None:
    """The blur to divide out of ``image``: a moving camera's streak, or defocus on a
    page too soft to read; None where neither shows."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    motion = image_to_motion_blur(gray, settings.motion_max_px)
    # Type set at a fixed pitch (a My Number card's back) dips the cepstrum too, but its
    # edges are as sharp along the dip's direction as across it.
    if (
        motion.length_px >= settings.motion_min_px
        and motion.strength >= settings.motion_min_strength
        and gradient_ratio(gray, motion.degrees) <= settings.motion_max_gradient_ratio
    ):
        caption = f"motion streak {motion.length_px:.1f} px at {motion.degrees:.0f} deg"
        return Blur(motion_kernel(motion), caption, motion.length_px)
    if gray_to_sharpness(gray) >= settings.defocus_max_sharpness:
        return None
    sigma = gray_to_defocus(gray)
    if sigma < settings.defocus_min_sigma:
        return None
    caption = f"defocus, edges blurred by sigma {sigma:.2f} px"
    return Blur(gaussian_kernel(settings.defocus_sigma_gain * sigma), caption)


def deblurred(image: Image, settings: PreprocessSettings) -> Image:
    blur = image_to_blur(image, settings)
    if blur is None:
        return image
    return wiener_deconvolved(image, blur.kernel, settings.deblur_noise_to_signal)


# Noise is measured as Immerkær's estimate ("Fast noise variance estimation", 1996): the
# kernel below cancels a plane and a ramp, so on paper only noise passes it, and on white
# Gaussian noise its response's deviation is 6 (the root of its squared weights) times the
# noise's. Text edges pass it too: the deviation is taken in blocks of NOISE_BLOCK_PX on
# the page at OCR scale (half a card value's ~30 px glyph), and the noise is that of the
# flattest NOISE_FLAT_PERCENTILE % of the blocks, which lie on paper between the text on
# any document page (cards included). The median of the blocks would rise with the ink:
# on clean card renders it reaches 1.3, above the fixture noise variants' 0.5-0.75.
IMMERKAER_KERNEL = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], dtype=np.float32)
NOISE_BLOCK_PX = 16
NOISE_FLAT_PERCENTILE = 10


def gray_to_blocks(gray: np.ndarray) -> np.ndarray:
    """The page cut into NOISE_BLOCK_PX squares, one row of pixels each (the edges that do
    not fill a block are left out)."""
    b = NOISE_BLOCK_PX
    height, width = (gray.shape[0] // b) * b, (gray.shape[1] // b) * b
    blocks = gray[:height, :width].reshape(height // b, b, width // b, b).swapaxes(1, 2)
    return blocks.reshape(-1, b * b)


def image_to_noise_sigma(image: Image) -> float:
    return gray_to_noise_sigma(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))


def gray_to_noise_sigma(gray: Image) -> float:
    """The page's noise deviation in grey levels of paper brought to white (255).

    Relative to the paper because flatten.v1 divides the page by its background: a dark
    photo's noise reaches OCR amplified by as much. The paper is the brightest tenth of
    the blocks' means (PAPER_PERCENTILE), as a document is lighter than its ink.
    """
    a = gray.astype(np.float32)
    if min(a.shape) < NOISE_BLOCK_PX:
        return 0.0
    response = gray_to_blocks(cv2.filter2D(a, -1, IMMERKAER_KERNEL, borderType=cv2.BORDER_REFLECT))
    sigma = float(np.percentile(response.std(axis=1), NOISE_FLAT_PERCENTILE)) / 6
    paper = float(np.percentile(gray_to_blocks(a).mean(axis=1), PAPER_PERCENTILE))
    return sigma * 255 / max(paper, 1.0)


def luma_denoised(image: Image, strength: float) -> Image:
    """Non-local means on the grey levels (Y of YCrCb): each pixel averaged with the
    patches around it that look alike, so grain goes and glyph edges stay. The colour is
    left as it is: red_ink.v1 finds seals by it and measures its mottle away."""
    ycrcb = cv2.cvtColor(image, cv2.COLOR_BGR2YCrCb)
    luma = np.ascontiguousarray(ycrcb[:, :, 0])
    # OpenCV's recommended 7 px patches compared within 21 px. Within 11 px the noise
    # variants read 166 of 184 fields right (167 within 21) in a third of the time.
    ycrcb[:, :, 0] = cv2.fastNlMeansDenoising(luma, None, strength, 7, 21)
    return cv2.cvtColor(ycrcb, cv2.COLOR_YCrCb2BGR)


def denoised(image: Image, settings: PreprocessSettings) -> Image:
    if image_to_noise_sigma(image) < settings.denoise_min_sigma:
        return image
    return luma_denoised(image, settings.denoise_strength)


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
DENOISE = "preprocess.denoise.v1"
DEBLUR = "preprocess.deblur.v1"
RED_INK = "preprocess.red_ink.v1"
FLATTEN = "preprocess.flatten.v1"

PixelStep = Callable[[Image, PreprocessSettings], Image]
# Stages that change pixels but not where they are: OCR runs those that ran after
# scaling again on a page it turns a quarter.
PIXEL_STEPS: dict[str, PixelStep] = {
    DENOISE: denoised,
    DEBLUR: deblurred,
    RED_INK: without_red_ink,
    FLATTEN: flattened,
}


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


def _record_worst(ctx: DocContext, measure: str, value: float) -> None:
    """Keep the worst (largest) value of a quality measure over the document's pages."""
    ctx.quality[measure] = max(ctx.quality.get(measure, 0.0), value)


def page_to_deblurred(page: Page, ctx: DocContext) -> Page:
    assert page.image is not None
    settings = ctx.config.preprocess
    blur = image_to_blur(page.image, settings)
    if blur is None:
        return with_stage_image(page, ctx, DEBLUR, page.image, caption="no blur to undo")
    image = wiener_deconvolved(page.image, blur.kernel, settings.deblur_noise_to_signal)
    log.debug("page %d: %s, divided out", page.index, blur.caption)
    if blur.streak_px:
        # The sharpness measure misses a streak (edges across it stay crisp); the read of
        # a page undone from one is evidence, but not enough to approve on.
        _record_worst(ctx, "motion_streak_px", blur.streak_px)
    page = repainted(page, image, DEBLUR)
    return with_stage_image(page, ctx, DEBLUR, image, caption=f"{blur.caption}: divided out")


@stage(DEBLUR, requires=("pages",), provides=("pages", "quality"))
def deblur(ctx: DocContext) -> DocContext:
    """Divide out a shaken camera's streak, or defocus on a page too soft to read."""
    _each_image_page(ctx, page_to_deblurred)
    return ctx


def page_to_denoised(page: Page, ctx: DocContext) -> Page:
    assert page.image is not None
    settings = ctx.config.preprocess
    sigma = image_to_noise_sigma(page.image)
    measured = f"noise sigma {sigma:.2f} (paper at 255)"
    if sigma < settings.denoise_min_sigma:
        return with_stage_image(page, ctx, DENOISE, page.image, caption=f"{measured}: left")
    image = luma_denoised(page.image, settings.denoise_strength)
    log.debug("page %d: %s, denoised", page.index, measured)
    # Recorded as a streak undone is: a reviewer sees that the read went through a
    # denoiser, and how noisy the noisiest page was.
    _record_worst(ctx, "noise_sigma", sigma)
    page = repainted(page, image, DENOISE)
    return with_stage_image(page, ctx, DENOISE, image, caption=f"{measured}: denoised")


@stage(DENOISE, requires=("pages",), provides=("pages", "quality"))
def denoise(ctx: DocContext) -> DocContext:
    """Average out the grain of a low-light photo, on pages measured noisy enough."""
    _each_image_page(ctx, page_to_denoised)
    return ctx


@stage(RED_INK, requires=("pages",), provides=("pages",))
def red_ink(ctx: DocContext) -> DocContext:
    """Turn red ink (seals, stamps) into paper, and the page grey."""
    return _pixel_stage(ctx, RED_INK)


@stage(FLATTEN, requires=("pages",), provides=("pages",))
def flatten(ctx: DocContext) -> DocContext:
    """Divide out the background (gradients, coloured bands, glare halos); the page grey."""
    return _pixel_stage(ctx, FLATTEN)
