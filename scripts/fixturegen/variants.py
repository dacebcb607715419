"""Phone-upload variants of one document: one capture problem per variant.

Each variant carries a single defect (perspective photo, blur, sensor noise, glare,
heavy JPEG, low resolution, rotation) so the evaluation can tell which one hurts.
Everything is drawn from generators seeded by ``seed`` and the variant's name, so
the same inputs give the same bytes.

Cards (``kind="card"``): every variant except ``photo`` shows the flat card at its
native scale (1027 px wide) on a plain dark background, the corners cut by the
mask, in a 4:3 frame. Pages (``kind="page"``): the page alone, brought down to
at most 1240 px wide (150 dpi A4) to keep the files small.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any, Literal

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from .effects import photograph, rotate90

Kind = Literal["card", "page"]
FloatImage = NDArray[np.float64]

CARD_FRAME = (1120, 840)
"""The flat card variants' frame: 4:3 like a phone, the card covering ~71 %."""
CARD_BACKGROUND = (64, 66, 72)
"""A plain dark table: the card's outline stays findable."""
PAGE_MAX_WIDTH = 1240
"""150 dpi A4; wider rasters are brought down to this before any variant."""
PHOTO_FRAME = {"card": (1600, 1200), "page": (1500, 2000)}
PHOTO_COVERAGE = {"card": 0.62, "page": 0.8}
BLUR_SCALE = {"card": 1.0, "page": 0.85}
LOWRES_DOC_WIDTH = {"card": 600, "page": 900}
"""Width of the document itself (not the frame) in the ``lowres`` variant."""

PHOTO_QUALITY = 60
JPEG60_QUALITY = 60
NOISE_QUALITY = 70
"""Luma noise is what JPEG pays most for: q70 keeps the variant near the size budget."""
PLAIN_QUALITY = 80
"""Variants whose defect is not compression: JPEG light enough not to add one."""


@dataclass(frozen=True)
class Variant:
    """One capture of the document; ``quality`` is the JPEG quality, None for PNG."""

    suffix: str
    image: Image.Image
    description: str
    quality: int | None


def _rng(seed: int, name: str) -> np.random.Generator:
    """A generator per (seed, variant): adding a variant never changes the others."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def _u8(a: NDArray[Any]) -> Image.Image:
    return Image.fromarray(np.clip(np.rint(a), 0, 255).astype(np.uint8))


def _f64(img: Image.Image) -> FloatImage:
    return np.asarray(img.convert("RGB"), dtype=np.float64)


@dataclass(frozen=True)
class _Flat:
    """The document lying flat in its frame, and where its pixels are."""

    image: Image.Image
    alpha: FloatImage
    """1 on the document, 0 on the background (frame size, float)."""
    offset: tuple[int, int]
    doc_size: tuple[int, int]


def _flat(doc: Image.Image, mask: Image.Image | None, kind: Kind) -> _Flat:
    doc = doc.convert("RGB")
    if kind == "page":
        if doc.width > PAGE_MAX_WIDTH + 60:
            height = round(doc.height * PAGE_MAX_WIDTH / doc.width)
            doc = doc.resize((PAGE_MAX_WIDTH, height), Image.Resampling.LANCZOS)
        return _Flat(doc, np.ones((doc.height, doc.width)), (0, 0), doc.size)
    # Larger documents (a passport page) get a frame grown by the same 4:3 margins.
    grow = max(1.0, doc.width / (CARD_FRAME[0] - 93), doc.height / (CARD_FRAME[1] - 192))
    fw, fh = round(CARD_FRAME[0] * grow), round(CARD_FRAME[1] * grow)
    cut = mask if mask is not None else Image.new("L", doc.size, 255)
    x, y = (fw - doc.width) // 2, (fh - doc.height) // 2
    frame = Image.new("RGB", (fw, fh), CARD_BACKGROUND)
    frame.paste(doc, (x, y), cut)
    alpha = np.zeros((fh, fw))
    alpha[y : y + doc.height, x : x + doc.width] = np.asarray(cut, dtype=np.float64) / 255
    return _Flat(frame, alpha, (x, y), doc.size)


def _photo(
    doc: Image.Image, mask: Image.Image | None, glare_at: tuple[float, float], seed: int, kind: Kind
) -> Image.Image:
    if kind == "page" and doc.width > PAGE_MAX_WIDTH + 60:
        doc = _flat(doc, None, "page").image
    cut = mask if mask is not None else Image.new("L", doc.size, 255)
    glare_px = (glare_at[0] * doc.width, glare_at[1] * doc.height)
    return photograph(
        doc,
        cut,
        seed=seed,
        frame=PHOTO_FRAME[kind],
        coverage=PHOTO_COVERAGE[kind],
        glare_at=glare_px,
    )


def _blur(flat: _Flat, kind: Kind, rng: np.random.Generator) -> tuple[Image.Image, str]:
    """Defocus (Gaussian σ 1.6–2.3 px) or hand shake (a 6–8 px streak), by the seed.

    A 150 dpi page's small print (8 pt ≈ 17 px) is finer than the card's (≥ 16 px on
    a 1027 px card), so pages get 0.85 of that to stay readable by a person.
    """
    a = _f64(flat.image)
    k = BLUR_SCALE[kind]
    if rng.random() < 0.5:
        sigma = k * float(rng.uniform(1.6, 2.3))
        return _u8(cv2.GaussianBlur(a, (0, 0), sigma)), f"defocus blur, Gaussian σ {sigma:.1f} px"
    length = k * float(rng.uniform(6.0, 8.0))
    angle = float(rng.uniform(0.0, 180.0))
    size = int(np.ceil(length)) | 1
    kernel = np.zeros((size, size))
    c = size // 2
    dx, dy = np.cos(np.deg2rad(angle)) * length / 2, np.sin(np.deg2rad(angle)) * length / 2
    cv2.line(kernel, (round(c - dx), round(c - dy)), (round(c + dx), round(c + dy)), 1.0, 1)
    kernel = np.asarray(cv2.GaussianBlur(kernel, (0, 0), 0.5), dtype=np.float64)
    kernel /= kernel.sum()
    blurred = cv2.filter2D(a, -1, kernel, borderType=cv2.BORDER_REFLECT)
    return _u8(blurred), f"motion blur, {length:.1f} px streak at {angle:.0f}°"


def _noise(flat: _Flat, rng: np.random.Generator) -> Image.Image:
    """Low light: exposure pulled down, then luma and chroma noise as a phone leaves it.

    After demosaicing and the phone's denoiser, sensor noise is blotchy grain a pixel
    or two across (luma) with coarser colour mottle (chroma, added in Cb/Cr so it
    leaves the brightness alone). Brighter areas get more noise (shot noise).
    """
    a = 10 + _f64(flat.image) * float(rng.uniform(0.55, 0.62))
    h, w = a.shape[:2]
    luma = cv2.GaussianBlur(rng.normal(0, 1, (h, w)), (0, 0), 1.5)
    luma *= float(rng.uniform(3.5, 4.5)) / luma.std()
    shot = 0.6 + 0.6 * np.sqrt(a.mean(axis=2) / 255)
    a += (luma * shot)[:, :, None]
    chroma = cv2.GaussianBlur(rng.normal(0, 1, (h, w, 2)), (0, 0), 2.5)
    chroma *= 4.0 / chroma.std()
    cb, cr = chroma[:, :, 0], chroma[:, :, 1]
    a[:, :, 0] += 1.402 * cr
    a[:, :, 1] += -0.344 * cb - 0.714 * cr
    a[:, :, 2] += 1.772 * cb
    return _u8(a)


def _glare(flat: _Flat, glare_at: tuple[float, float], rng: np.random.Generator) -> Image.Image:
    """A lamp's specular spot: a burnt-out elliptic core with a soft halo, on the document.

    The exposure is set for the spot, so white paper comes out light grey around it
    (as in any photo with a highlight); on a pure white page the spot would not show.
    """
    a = 6 + 0.84 * _f64(flat.image)
    dw, dh = flat.doc_size
    gx = flat.offset[0] + glare_at[0] * dw
    gy = flat.offset[1] + glare_at[1] * dh
    radius = 0.07 * dw * float(rng.uniform(0.9, 1.1))
    ratio = float(rng.uniform(1.2, 1.6))
    theta = np.deg2rad(float(rng.uniform(0, 180)))
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    u = (xx - gx) * np.cos(theta) + (yy - gy) * np.sin(theta)
    v = -(xx - gx) * np.sin(theta) + (yy - gy) * np.cos(theta)
    d2 = (u / ratio) ** 2 + (v * ratio) ** 2
    core = np.clip(1.6 * np.exp(-d2 / (2 * radius**2)), 0, 1)
    halo = 0.35 * np.exp(-d2 / (2 * (2.2 * radius) ** 2))
    spot = np.clip(core + halo, 0, 1) * flat.alpha
    out = a + (255 - a) * spot[:, :, None]
    return _u8(out)


def _lowres(flat: _Flat, kind: Kind) -> Image.Image:
    """Shrunk as an upload form would: the document ``LOWRES_DOC_WIDTH`` px wide."""
    scale = LOWRES_DOC_WIDTH[kind] / flat.doc_size[0]
    w, h = flat.image.size
    size = (round(w * scale), round(h * scale))
    small = cv2.resize(np.asarray(flat.image), size, interpolation=cv2.INTER_AREA)
    return Image.fromarray(small)


def _upright_saved(img: Image.Image) -> tuple[Image.Image, int | None]:
    """How a rotation variant is stored so that rotation is its only defect.

    At most 256 colours (pages rendered at 150 dpi): an exact palette PNG, about a
    third of the RGB PNG. Cards: RGB PNG (~85 KB). Otherwise (a resampled page,
    whose RGB PNG would be ~240 KB): light JPEG.
    """
    rgb = np.asarray(img.convert("RGB"))
    packed = (rgb[:, :, 0].astype(np.uint32) << 16) | (rgb[:, :, 1].astype(np.uint32) << 8)
    packed |= rgb[:, :, 2]
    colours, index = np.unique(packed, return_inverse=True)
    if len(colours) <= 256:
        pal = Image.fromarray(index.reshape(packed.shape).astype(np.uint8), "P")
        table = np.stack([colours >> 16, (colours >> 8) & 255, colours & 255], axis=1)
        pal.putpalette(table.astype(np.uint8).tobytes())
        return pal, None
    if img.width * img.height <= CARD_FRAME[0] * CARD_FRAME[1]:
        return img, None
    return img, PLAIN_QUALITY


def phone_variants(
    doc: Image.Image,
    mask: Image.Image | None,
    glare_at: tuple[float, float],
    seed: int,
    *,
    kind: Kind,
) -> list[Variant]:
    """The eight single-problem captures of ``doc``.

    ``glare_at`` is a point as fractions of the document's width and height
    (``Rendered.glare_at``), chosen by the renderer away from the fields under test.
    ``mask`` is the card outline (mode L, ``doc``'s size); None for rectangular paper.
    """
    flat = _flat(doc, mask, kind)
    blurred, blur_text = _blur(flat, kind, _rng(seed, "blur"))
    what = "card on a plain table" if kind == "card" else "page"
    low_w = LOWRES_DOC_WIDTH[kind]
    rot90, rot_q = _upright_saved(rotate90(flat.image))
    rot_fmt = "lossless PNG" if rot_q is None else f"JPEG q{rot_q}"
    return [
        Variant(
            "photo",
            _photo(doc, mask, glare_at, seed, kind),
            "phone photo on a desk: perspective, glare, blur, noise, JPEG q60",
            PHOTO_QUALITY,
        ),
        Variant("blur", blurred, f"flat {what}, {blur_text}", PLAIN_QUALITY),
        Variant(
            "noise",
            _noise(flat, _rng(seed, "noise")),
            f"flat {what} in low light: dark, luma and chroma sensor noise, JPEG q70",
            NOISE_QUALITY,
        ),
        Variant(
            "glare",
            _glare(flat, glare_at, _rng(seed, "glare")),
            f"flat {what}, burnt-out lamp reflection away from the fields",
            PLAIN_QUALITY,
        ),
        Variant(
            "jpeg60",
            flat.image,
            f"flat {what}, heavy JPEG q60 (8×8 block artefacts)",
            JPEG60_QUALITY,
        ),
        Variant(
            "lowres",
            _lowres(flat, kind),
            f"flat {what} downscaled to {low_w} px document width",
            PLAIN_QUALITY,
        ),
        Variant("rot90", rot90, f"flat {what} turned 90° clockwise, {rot_fmt}", rot_q),
        Variant(
            "rot180",
            _upright_saved(flat.image.transpose(Image.Transpose.ROTATE_180))[0],
            f"flat {what} upside down, {rot_fmt}",
            rot_q,
        ),
    ]
