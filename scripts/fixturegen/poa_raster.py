"""Raster pieces of the proof-of-address documents: seals, and page rasterising.

The seals are PIL images placed into the PDFs (a 印影 or 公印 is ink, not text, so it
stays out of the text layer); the page helpers rasterise every page of a PDF and
wrap scans of several pages back into one image-only PDF.
"""

from __future__ import annotations

import io
import math
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .draw import STAMP_RED, font


def square_seal(size: int, text: str, seed: int) -> Image.Image:
    """A square red 公印 (船橋市長之印) read in columns right to left, ink unevenly transferred."""
    scale = 3
    big = size * scale
    alpha = Image.new("L", (big, big), 0)
    d = ImageDraw.Draw(alpha)
    border = big // 16
    d.rectangle((border, border, big - border, big - border), outline=255, width=border)
    cols = math.ceil(math.sqrt(len(text)))
    rows = math.ceil(len(text) / cols)
    inner = big - 4 * border
    cell_w, cell_h = inner / cols, inner / rows
    f = font("ipam", int(min(cell_w, cell_h) * 0.92))
    for i, ch in enumerate(text):
        col, row = divmod(i, rows)
        cx = big - 2 * border - cell_w * (col + 0.5)
        cy = 2 * border + cell_h * (row + 0.5)
        d.text((cx, cy), ch, font=f, fill=255, anchor="mm")
    return _inked(alpha.resize((size, size), Image.Resampling.LANCZOS), seed)


def round_seal(size: int, chars: str, seed: int) -> Image.Image:
    """A personal 実印 impression: the family name stacked in a ring (印鑑登録証明書)."""
    scale = 3
    big = size * scale
    alpha = Image.new("L", (big, big), 0)
    d = ImageDraw.Draw(alpha)
    ring = big // 18
    d.ellipse((ring, ring, big - ring, big - ring), outline=255, width=ring)
    n = len(chars)
    glyph = int(big * 0.72 / max(n, 1.6))
    f = font("ipam", glyph)
    top = (big - glyph * n) / 2
    for i, ch in enumerate(chars):
        d.text((big / 2, top + glyph * (i + 0.5)), ch, font=f, fill=255, anchor="mm")
    return _inked(alpha.resize((size, size), Image.Resampling.LANCZOS), seed)


def _inked(alpha: Image.Image, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    w = alpha.width
    ink = rng.uniform(0.6, 1.0, (w // 5 + 1, w // 5 + 1))
    ink_img = Image.fromarray((ink * 255).astype(np.uint8)).resize(
        (w, w), Image.Resampling.BILINEAR
    )
    a = np.asarray(alpha, dtype=float) * np.asarray(ink_img, dtype=float) / 255 * 0.88
    out = Image.new("RGBA", (w, w), (*STAMP_RED, 0))
    out.putalpha(Image.fromarray(a.astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5)))
    return out


def rasterize_pages(pdf: Path, dpi: int, *, gray: bool) -> list[Image.Image]:
    """Every page of ``pdf``, rendered by poppler (deterministic for a given version)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "page"
        args = ["pdftoppm", "-r", str(dpi), "-png", *(["-gray"] if gray else [])]
        subprocess.run([*args, str(pdf), str(out)], check=True)
        pages = []
        for png in sorted(Path(tmp).glob("page*.png")):
            with Image.open(png) as img:
                pages.append(img.convert("L" if gray else "RGB"))
        return pages


def write_image_pdf_pages(pages: list[Image.Image], path: Path, dpi: int = 200) -> None:
    """Scans of several pages in one PDF with no text layer (JPEG pages, like an MFP)."""
    c: Canvas | None = None
    for page in pages:
        buf = io.BytesIO()
        page.save(buf, "JPEG", quality=60)
        buf.seek(0)
        w_pt, h_pt = page.width * 72 / dpi, page.height * 72 / dpi
        if c is None:
            c = Canvas(str(path), pagesize=(w_pt, h_pt), invariant=1)
        c.setPageSize((w_pt, h_pt))
        c.drawImage(ImageReader(buf), 0, 0, w_pt, h_pt)
        c.showPage()
    if c is not None:
        c.save()
