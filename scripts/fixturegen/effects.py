"""Capture effects: flatbed scan, phone photo, rotation.

Every function takes an explicit seed so the output bytes are reproducible.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageFilter

Point = tuple[float, float]
FloatImage = NDArray[np.float64]


def _to_uint8(a: FloatImage) -> Image.Image:
    return Image.fromarray(np.clip(np.rint(a), 0, 255).astype(np.uint8))


def scan(page: Image.Image, seed: int) -> Image.Image:
    """A flatbed scan: greyish paper, ≤1.5° skew, dark lid edges, noise, dust, a streak.

    The noise is impulsive (a percent of the pixels) rather than dense Gaussian and
    the grey levels are rounded to multiples of 4: dense noise would make a 200 dpi
    A4 page a 2 MB PNG, this keeps it near 250 KB while still breaking flat areas.
    """
    rng = np.random.default_rng(seed)
    g = np.asarray(page.convert("L"), dtype=np.float64)
    h, w = g.shape
    # Paper is not white under the lamp: lift blacks, dim whites, light falls off.
    falloff = np.linspace(0.0, float(rng.uniform(8, 14)), w)[None, :]
    g = 26 + g * float(rng.uniform(0.84, 0.88)) - falloff
    angle = float(rng.uniform(0.6, 1.5)) * (1 if rng.random() < 0.5 else -1)
    img = _to_uint8(g).rotate(angle, Image.Resampling.BICUBIC, fillcolor=150)
    g = np.asarray(img.filter(ImageFilter.GaussianBlur(0.6)), dtype=np.float64)
    speckle = rng.random(g.shape) < 0.012
    g[speckle] += rng.normal(0.0, 12.0, int(speckle.sum()))
    for _ in range(40):  # dust on the glass
        y, x = int(rng.integers(0, h - 3)), int(rng.integers(0, w - 3))
        g[y : y + int(rng.integers(1, 4)), x : x + int(rng.integers(1, 4))] -= 90
    streak = int(rng.integers(w // 5, 4 * w // 5))  # a dirty sensor pixel: faint line
    g[:, streak : streak + 2] -= 10
    return _to_uint8(np.round(g / 4) * 4)


def desk(size: tuple[int, int], seed: int) -> FloatImage:
    """A wood-like desk: brown base with stretched streak noise and slow shading."""
    rng = np.random.default_rng(seed)
    w, h = size
    streaks = cv2.resize(rng.normal(0, 1, (h // 6 + 1, 24)), (w, h), interpolation=cv2.INTER_CUBIC)
    grain = cv2.GaussianBlur(rng.normal(0, 1, (h, w)), (0, 0), 1.2)
    base = np.array([118, 84, 58], dtype=np.float64)
    tone = 1 + 0.10 * streaks + 0.05 * grain
    shade = np.linspace(1.08, 0.86, h)[:, None] * np.linspace(0.92, 1.05, w)[None, :]
    return base[None, None, :] * (tone * shade)[:, :, None]


def _quad(
    size: tuple[int, int], frame: tuple[int, int], coverage: float, rng: np.random.Generator
) -> NDArray[np.float32]:
    """Where the document's corners land in the frame: centred, scaled, tilted."""
    fw, fh = frame
    w, h = size
    scale = coverage * min(fw / w, fh / h)
    cx = fw / 2 + float(rng.uniform(-0.04, 0.04)) * fw
    cy = fh / 2 + float(rng.uniform(-0.04, 0.04)) * fh
    corners = np.array([[-w, -h], [w, -h], [w, h], [-w, h]], dtype=np.float64) * scale / 2
    theta = np.deg2rad(float(rng.uniform(-6, 6)))
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    corners = corners @ rot.T
    # Per-corner jitter is the perspective: the phone is never parallel to the desk.
    corners += rng.uniform(-0.035, 0.035, (4, 2)) * np.array([fw, fh])
    corners += np.array([cx, cy])
    quad: NDArray[np.float32] = corners.astype(np.float32)
    return quad


def photograph(
    doc: Image.Image,
    mask: Image.Image,
    *,
    seed: int,
    frame: tuple[int, int],
    coverage: float,
    glare_at: Point,
) -> Image.Image:
    """A phone photo of ``doc`` lying on a desk.

    ``mask`` cuts the document's outline (rounded card corners); ``glare_at`` is the
    point, in document pixels, where the lamp reflection lands, chosen by the
    caller away from the fields under test.
    """
    rng = np.random.default_rng(seed)
    fw, fh = frame
    src = np.array(
        [[0, 0], [doc.width, 0], [doc.width, doc.height], [0, doc.height]], dtype=np.float32
    )
    dst = _quad(doc.size, frame, coverage, rng)
    hom = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(
        np.asarray(doc.convert("RGB"), dtype=np.float64), hom, frame, flags=cv2.INTER_AREA
    )
    alpha = cv2.warpPerspective(
        np.asarray(mask, dtype=np.float64) / 255, hom, frame, flags=cv2.INTER_LINEAR
    )[:, :, None]

    out = desk(frame, seed + 1)
    shadow = cv2.GaussianBlur(alpha[:, :, 0], (0, 0), fw / 120)
    shadow = np.roll(shadow, (int(fh * 0.012), int(fw * 0.008)), axis=(0, 1))[:, :, None]
    out *= 1 - 0.45 * shadow
    out = out * (1 - alpha) + warped * alpha

    gx, gy = cv2.perspectiveTransform(np.array([[glare_at]], dtype=np.float64), hom)[0, 0]
    yy, xx = np.mgrid[0:fh, 0:fw]
    radius = 0.07 * fw
    glare = np.exp(-(((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * radius**2)))[:, :, None]
    out = out + (255 - out) * 0.7 * glare * alpha

    out = cv2.GaussianBlur(out, (0, 0), float(rng.uniform(0.9, 1.3)))
    out += rng.normal(0, 4.0, out.shape)
    return _to_uint8(out)


def rotate90(img: Image.Image) -> Image.Image:
    """An upright scan turned a quarter clockwise, as uploads from phones often are."""
    return img.transpose(Image.Transpose.ROTATE_270)
