"""ingest: from an untrusted upload to page images or a PDF text layer.

Everything that can be decided before decoding is decided first: the file is a regular
file, its size, its real kind (magic bytes, not the extension), an image's pixel count
from its header, a PDF's page count and encryption from pdfinfo. Only then is anything
decoded, so a decompression bomb or a 1000-page PDF never gets expanded.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import numpy as np
import pdfplumber
from PIL import Image, ImageOps, UnidentifiedImageError

from docextract._context import DocContext, Page, Word
from docextract._exec import poppler
from docextract._pipeline import stage
from docextract.exceptions import UnreadableFileError

log = logging.getLogger(__name__)

try:  # HEIC (iPhone photos) is optional: without the plugin it is simply unreadable.
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - the dependency is declared
    log.debug("pillow-heif not available: HEIC uploads will be UNREADABLE")

# Pillow's own bomb check is only a warning below 2x its limit; ours is explicit and exact.
Image.MAX_IMAGE_PIXELS = None

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF-", 0, "pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, "image"),
    (b"\xff\xd8\xff", 0, "image"),
    (b"II*\x00", 0, "image"),
    (b"MM\x00*", 0, "image"),
    (b"WEBP", 8, "image"),
    (b"ftyp", 4, "image"),  # HEIC/HEIF/AVIF containers
)


def sniff_kind(head: bytes) -> str | None:
    """``pdf`` / ``image`` from the first bytes, or None for anything else."""
    # PDF readers accept a header within the first 1 KB (some scanners prepend junk).
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for magic, offset, kind in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return kind
    return None


def check_file(path: Path, max_bytes: int) -> str:
    """Validate size and kind of an upload that is already known to be a regular file."""
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFileError("the file is empty")
    if size > max_bytes:
        raise UnreadableFileError(
            f"file is {size / 1e6:.1f} MB, above the {max_bytes / 1e6:.0f} MB limit"
        )
    with path.open("rb") as fh:
        head = fh.read(1024)
    kind = sniff_kind(head)
    if kind is None:
        raise UnreadableFileError(
            f"not an image or PDF (content does not match the {path.suffix or 'missing'} extension)"
        )
    return kind


def image_to_page(path: Path, max_pixels: float, index: int = 0) -> Page:
    try:
        with Image.open(path) as im:
            width, height = im.size  # header only: nothing decoded yet
            if width * height > max_pixels:
                raise UnreadableFileError(
                    f"image is {width}x{height} = {width * height / 1e6:.0f} megapixels, "
                    f"above the {max_pixels / 1e6:.0f} MP limit"
                )
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                im.load()
            upright = ImageOps.exif_transpose(im).convert("RGB")
    except UnreadableFileError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise UnreadableFileError(f"the image is corrupt or truncated ({e})") from e
    rgb = np.asarray(upright, dtype=np.uint8)
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    return Page(index=index, image=bgr, width=bgr.shape[1], height=bgr.shape[0])


def pdf_text_layer_to_words(path: Path, pages: int, scale: float) -> list[Word]:
    """Words of the PDF's own text layer, boxes scaled to page-image pixels."""
    words: list[Word] = []
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages[:pages]):
            for w in page.extract_words(keep_blank_chars=False, use_text_flow=True):
                x0, top, x1, bottom = (float(w[k]) for k in ("x0", "top", "x1", "bottom"))
                words.append(
                    Word(
                        page=index,
                        text=str(w["text"]),
                        conf=1.0,
                        bbox=(
                            round(x0 * scale),
                            round(top * scale),
                            round((x1 - x0) * scale),
                            round((bottom - top) * scale),
                        ),
                    )
                )
    return words


def pdf_to_pages(ctx: DocContext) -> None:
    limits, ocr = ctx.config.limits, ctx.config.ocr
    info = poppler.pdfinfo(ctx.source, timeout_s=ocr.timeout_s)
    if info.encrypted:
        raise UnreadableFileError("encrypted PDF: password-protected files are refused")
    if info.pages < 1:
        raise UnreadableFileError("the PDF has no pages")
    if info.pages > limits.max_pdf_pages:
        raise UnreadableFileError(
            f"PDF has {info.pages} pages, above the {limits.max_pdf_pages}-page limit"
        )
    scale = ocr.pdf_dpi / 72.0
    try:
        words = pdf_text_layer_to_words(ctx.source, info.pages, scale)
    except Exception as e:  # pdfminer raises many unrelated types on damaged files
        log.info("no usable text layer (%s); rendering the pages instead", e)
        words = []
    text_chars = sum(len(w.text) for w in words)
    if text_chars >= ocr.min_text_layer_chars:
        ctx.words = words
        w_px, h_px = (round(v * scale) for v in info.page_size_pt)
        ctx.pages = [
            Page(index=i, has_text_layer=True, width=w_px, height=h_px) for i in range(info.pages)
        ]
        return
    # Scanned PDF: render at the configured dpi, lowered when a page would exceed the
    # pixel limit (a poster-sized page must not become a decompression bomb).
    w_pt, h_pt = info.page_size_pt
    max_dpi = (limits.max_megapixels * 1e6 / max(w_pt * h_pt / 72.0**2, 1e-6)) ** 0.5
    dpi = int(min(ocr.pdf_dpi, max_dpi))
    if dpi < 72:
        raise UnreadableFileError("the PDF page is too large to render within the pixel limit")
    images = poppler.rasterize(
        ctx.source, dpi=dpi, first=1, last=info.pages, timeout_s=ocr.timeout_s * info.pages
    )
    ctx.pages = []
    for i, im in enumerate(images):
        bgr = np.ascontiguousarray(np.asarray(im, dtype=np.uint8)[:, :, ::-1])
        ctx.pages.append(Page(index=i, image=bgr, width=bgr.shape[1], height=bgr.shape[0]))


@stage("ingest.v1", requires=("source",), provides=("pages", "kind"))
def ingest(ctx: DocContext) -> DocContext:
    """Open the upload safely; an unusable file settles the slot as UNREADABLE."""
    limits = ctx.config.limits
    try:
        ctx.kind = check_file(ctx.source, int(limits.max_file_mb * 1e6))
        if ctx.kind == "pdf":
            pdf_to_pages(ctx)
        else:
            ctx.pages = [image_to_page(ctx.source, limits.max_megapixels * 1e6)]
    except UnreadableFileError as e:
        # The customer can fix this by uploading again, so it is a reject, not a review.
        ctx.status = "reject"
        ctx.reasons = ["UNREADABLE"]
        ctx.notes.append(e.detail)
        log.info("%s: unreadable: %s", ctx.source.name, e.detail)
    return ctx
