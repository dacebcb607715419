"""Drawing primitives shared by the card and bill renderers (PIL only)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

_IPA = "/usr/share/fonts/opentype/ipafont-gothic/"
_IPA_M = "/usr/share/fonts/opentype/ipafont-mincho/"
_NOTO = "/usr/share/fonts/opentype/noto/"

# name -> (path, TTC index). Index 0 of the Noto CJK collections is the JP face;
# the SC/TC faces would draw Chinese glyph shapes for the same code points.
FONTS: dict[str, tuple[str, int]] = {
    "ipag": (_IPA + "ipag.ttf", 0),
    "ipagp": (_IPA + "ipagp.ttf", 0),
    "ipam": (_IPA_M + "ipam.ttf", 0),
    "ipamp": (_IPA_M + "ipamp.ttf", 0),
    "noto_sans": (_NOTO + "NotoSansCJK-Regular.ttc", 0),
    "noto_sans_bold": (_NOTO + "NotoSansCJK-Bold.ttc", 0),
    "noto_serif": (_NOTO + "NotoSerifCJK-Regular.ttc", 0),
}

RGB = tuple[int, int, int]
INK: RGB = (28, 28, 32)
STAMP_RED: RGB = (205, 40, 45)


def darker(colour: RGB, amount: int) -> RGB:
    r, g, b = (max(c - amount, 0) for c in colour)
    return (r, g, b)


@cache
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    path, index = FONTS[name]
    return ImageFont.truetype(path, size, index=index)


@dataclass(frozen=True)
class TextStyle:
    """A font face, pixel size, colour and extra letter spacing (tracking)."""

    face: str
    size: int
    fill: RGB = INK
    tracking: int = 0

    @property
    def font(self) -> ImageFont.FreeTypeFont:
        return font(self.face, self.size)


def text_width(text: str, style: TextStyle) -> int:
    if not style.tracking:
        return round(style.font.getlength(text))
    advances = [style.font.getlength(ch) for ch in text]
    return round(sum(advances) + style.tracking * max(len(text) - 1, 0))


def draw_text(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, style: TextStyle) -> int:
    """Draw ``text`` with its top at ``y`` (em box, not ink box); return the end x.

    Tracking is applied glyph by glyph because PIL has no letter-spacing option;
    licences print names with wide spacing and the ground truth must still read
    ``山田 太郎``, so the gaps are pixels, never space characters.
    """
    f = style.font
    if not style.tracking:
        draw.text((x, y), text, font=f, fill=style.fill)
        return x + round(f.getlength(text))
    cursor = float(x)
    for ch in text:
        draw.text((round(cursor), y), ch, font=f, fill=style.fill)
        cursor += f.getlength(ch) + style.tracking
    return round(cursor - style.tracking)


def labelled_row(
    draw: ImageDraw.ImageDraw,
    x: int,
    y: int,
    label: str,
    value: str,
    label_style: TextStyle,
    value_style: TextStyle,
    value_x: int | None = None,
) -> int:
    """One ``label  value`` row with both texts sharing a baseline; return the end x.

    The label is smaller than the value, so it is pushed down by the size difference
    to sit on the same baseline as on printed cards and forms.
    """
    baseline_shift = round((value_style.size - label_style.size) * 0.8)
    end = draw_text(draw, x, y + baseline_shift, label, label_style) if label else x
    start = value_x if value_x is not None else end + value_style.size // 2
    return draw_text(draw, start, y, value, value_style)


def guilloche(size: tuple[int, int], base: RGB, line: RGB, seed: int) -> Image.Image:
    """Pale background with interlaced sine bands, the security print of ID cards.

    Few, smooth, anti-aliased curves: enough to disturb naive thresholding without
    making the PNG large or the text unreadable.
    """
    rng = np.random.default_rng(seed)
    w, h = size
    img = Image.new("RGB", size, base)
    d = ImageDraw.Draw(img)
    xs = np.arange(0, w + 8, 4, dtype=float)
    for family in range(2):
        period = rng.uniform(0.55, 0.9) * w
        amp = rng.uniform(0.05, 0.09) * h
        phase0 = rng.uniform(0, 2 * math.pi)
        for k in range(22):
            offset = -amp + k * (h + 2 * amp) / 21
            phase = phase0 + k * 0.35 + family * math.pi / 2
            ys = offset + amp * np.sin(2 * math.pi * xs / period + phase)
            d.line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=line, width=1)
    return img


def rounded_mask(size: tuple[int, int], radius: int) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius, fill=255)
    return mask


def on_background(card: Image.Image, mask: Image.Image, bg: RGB = (255, 255, 255)) -> Image.Image:
    """The card with its rounded corners cut out onto a flat (scanner-lid) background."""
    out = Image.new("RGB", card.size, bg)
    out.paste(card, (0, 0), mask)
    return out


def silhouette(size: tuple[int, int]) -> Image.Image:
    """A neutral grey head-and-shoulders placeholder: fixtures never carry a real face."""
    w, h = size
    img = Image.new("RGB", size, (196, 206, 218))
    d = ImageDraw.Draw(img)
    grey = (120, 124, 130)
    d.ellipse((w * 0.08, h * 0.66, w * 0.92, h * 1.35), fill=grey)  # shoulders
    d.rectangle((w * 0.40, h * 0.52, w * 0.60, h * 0.72), fill=grey)  # neck
    d.ellipse((w * 0.27, h * 0.14, w * 0.73, h * 0.60), fill=grey)  # head
    return img


def red_stamp(diameter: int, lines: list[str], face: str, seed: int) -> Image.Image:
    """A round red seal (RGBA) with centred lines, its ink unevenly transferred.

    Real 印 impressions are never solid: a seeded noise mask removes ink at random
    so OCR and stamp detectors do not see a perfect vector circle.
    """
    scale = 3  # draw large, downsample: smooth ring edges
    big = diameter * scale
    alpha = Image.new("L", (big, big), 0)
    d = ImageDraw.Draw(alpha)
    ring = max(3 * scale, big // 22)
    d.ellipse((ring, ring, big - ring, big - ring), outline=255, width=ring)
    size = int(big * 0.62 / max(max(len(s) for s in lines), len(lines) + 0.5))
    f = font(face, size)
    total_h = size * len(lines) * 1.08
    y = (big - total_h) / 2
    for s in lines:
        d.text((big / 2, y + size / 2), s, font=f, fill=255, anchor="mm")
        y += size * 1.08
    alpha = alpha.resize((diameter, diameter), Image.Resampling.LANCZOS)
    rng = np.random.default_rng(seed)
    ink = rng.uniform(0.55, 1.0, (diameter // 4 + 1, diameter // 4 + 1))
    ink_img = Image.fromarray((ink * 255).astype(np.uint8)).resize(
        (diameter, diameter), Image.Resampling.BILINEAR
    )
    a = np.asarray(alpha, dtype=float) * np.asarray(ink_img, dtype=float) / 255 * 0.85
    stamp = Image.new("RGBA", (diameter, diameter), (*STAMP_RED, 0))
    stamp.putalpha(Image.fromarray(a.astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6)))
    return stamp


def paste_stamp(img: Image.Image, stamp: Image.Image, center: tuple[int, int]) -> None:
    x = center[0] - stamp.width // 2
    y = center[1] - stamp.height // 2
    img.paste(stamp, (x, y), stamp)
