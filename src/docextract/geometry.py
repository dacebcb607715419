"""Where pixels go: 3x3 matrices between page images, and pages moved by them.

Every stage that moves a page's pixels (rectification, a quarter turn, deskew, scaling)
says how, with a matrix from its input's pixel coordinates to its output's. What was
found on an earlier image of the page (glare) follows the page through ``moved``, and the
images kept for ``--keep-temp`` keep a matrix onto the page OCR read, so that what is
blacked out there (protected numbers) is blacked out on each of them too.

Pixel coordinates are those of OpenCV: integer values at pixel centres.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace

import cv2
import numpy as np

from docextract._context import BBox, DocContext, Image, Matrix, Page, Point, Polygon, StageImage


def identity() -> Matrix:
    return np.eye(3, dtype=np.float64)


def resize_matrix(fx: float, fy: float) -> Matrix:
    """``cv2.resize`` by ``fx``, ``fy``: it aligns pixel edges, not centres."""
    return np.array(
        [[fx, 0.0, 0.5 * fx - 0.5], [0.0, fy, 0.5 * fy - 0.5], [0.0, 0.0, 1.0]], dtype=np.float64
    )


def quarter_turn_matrix(clockwise: int, width: int, height: int) -> Matrix:
    """``cv2.rotate`` of a ``width`` x ``height`` image by 90, 180 or 270 degrees clockwise."""
    w, h = width - 1, height - 1
    rows = {
        0: [[1, 0, 0], [0, 1, 0]],
        90: [[0, -1, h], [1, 0, 0]],
        180: [[-1, 0, w], [0, -1, h]],
        270: [[0, 1, 0], [-1, 0, w]],
    }[clockwise % 360]
    return np.array([*rows, [0, 0, 1]], dtype=np.float64)


def inverse(matrix: Matrix) -> Matrix:
    return np.linalg.inv(matrix).astype(np.float64)


def affine_matrix(affine: np.ndarray) -> Matrix:
    """A 2x3 matrix (``cv2.warpAffine``) as a 3x3 one."""
    return np.vstack([np.asarray(affine, dtype=np.float64), [0.0, 0.0, 1.0]])


def map_points(matrix: Matrix, points: Sequence[Point]) -> Polygon:
    if not points:
        return ()
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 1, 2)
    mapped = cv2.perspectiveTransform(pts, matrix).reshape(-1, 2)
    return tuple((float(x), float(y)) for x, y in mapped)


def box_corners(box: BBox, pad: float = 0.0) -> Polygon:
    x, y, w, h = box
    return (
        (x - pad, y - pad),
        (x + w + pad, y - pad),
        (x + w + pad, y + h + pad),
        (x - pad, y + h + pad),
    )


def image_digest(image: Image) -> str:
    """Identifies an image's exact pixels (and shape)."""
    digest = hashlib.blake2b(np.ascontiguousarray(image).tobytes(), digest_size=16)
    digest.update(repr(image.shape).encode())
    return digest.hexdigest()


def moved(page: Page, image: Image, matrix: Matrix) -> Page:
    """``page`` with its image replaced by ``image``, which is the old one mapped by
    ``matrix``; glare and kept stage images follow.

    The unscaled copy and the steps since are dropped: they no longer describe the new
    image (scaling keeps them again, ``preprocess.scale``).
    """
    trail = tuple(replace(s, to_page=matrix @ s.to_page) for s in page.trail)
    return replace(
        page,
        image=image,
        width=image.shape[1],
        height=image.shape[0],
        unscaled=None,
        steps=(),
        glare=tuple(map_points(matrix, polygon) for polygon in page.glare),
        trail=trail,
        trail_target=image_digest(image) if trail else "",
    )


def repainted(page: Page, image: Image, step: str) -> Page:
    """``page`` with new pixels in the same places (``step``: the stage that made them)."""
    return replace(
        page,
        image=image,
        steps=(*page.steps, step) if page.unscaled is not None else page.steps,
        trail_target=image_digest(image) if page.trail else "",
    )


def with_stage_image(
    page: Page,
    ctx: DocContext,
    stage: str,
    image: Image,
    to_page: Matrix | None = None,
    *,
    caption: str = "",
    outline: Polygon = (),
    regions: tuple[Polygon, ...] = (),
) -> Page:
    """``page`` with ``image`` kept for ``--keep-temp`` (nothing kept without it).

    ``to_page`` maps ``image`` onto the page image; None: it is the page image.
    """
    if ctx.work_dir is None or page.image is None:
        return page
    kept = StageImage(
        stage=stage,
        image=image,
        to_page=identity() if to_page is None else to_page,
        caption=caption,
        outline=outline,
        regions=regions,
    )
    return replace(page, trail=(*page.trail, kept), trail_target=image_digest(page.image))
