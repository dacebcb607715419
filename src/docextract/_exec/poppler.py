"""poppler (pdfinfo, pdftoppm) through pdf2image, with timeouts and clear errors."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import pdf2image
from pdf2image import exceptions as pdf2image_errors
from PIL import Image

from docextract.exceptions import MissingDependencyError, UnreadableFileError

log = logging.getLogger(__name__)

INSTALL_HINT = "install it with 'make setup' (or: sudo apt-get install poppler-utils)"


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    encrypted: bool
    page_size_pt: tuple[float, float]
    """Width and height of the first page, in PostScript points."""


def _check_installed() -> None:
    if shutil.which("pdfinfo") is None or shutil.which("pdftoppm") is None:
        raise MissingDependencyError(f"poppler-utils is not installed; {INSTALL_HINT}")


def pdfinfo(path: Path, *, timeout_s: float) -> PdfInfo:
    """Page count, encryption and page size, read without rendering anything."""
    _check_installed()
    try:
        info = pdf2image.pdfinfo_from_path(str(path), timeout=max(1, round(timeout_s)))
    except pdf2image_errors.PDFPageCountError as e:
        # poppler's stderr says why ("Incorrect password", "May not be a PDF file").
        detail = str(e).strip().splitlines()[-1] if str(e).strip() else "unknown error"
        if "password" in detail.lower():
            raise UnreadableFileError("encrypted PDF: password-protected files are refused") from e
        raise UnreadableFileError(f"not a readable PDF ({detail})") from e
    except Exception as e:  # pdf2image raises bare exceptions on timeouts and odd output
        raise UnreadableFileError(f"pdfinfo could not read the file: {e}") from e
    size = str(info.get("Page size", ""))
    try:
        width, height = (float(x) for x in size.split(" pts")[0].split(" x "))
    except ValueError:
        width, height = 595.0, 842.0  # A4: pdfinfo omits the size only on broken files
        log.warning("pdfinfo gave no page size (%r); assuming A4", size)
    return PdfInfo(
        pages=int(info.get("Pages", 0)),
        encrypted=str(info.get("Encrypted", "no")).lower().startswith("yes"),
        page_size_pt=(width, height),
    )


def rasterize(
    path: Path, *, dpi: int, first: int, last: int, timeout_s: float
) -> list[Image.Image]:
    """Render pages ``first..last`` (1-based, inclusive) to RGB images."""
    _check_installed()
    try:
        images: list[Image.Image] = pdf2image.convert_from_path(
            str(path),
            dpi=dpi,
            first_page=first,
            last_page=last,
            timeout=max(1, round(timeout_s)),
            fmt="png",
        )
    except pdf2image_errors.PDFPopplerTimeoutError as e:
        raise UnreadableFileError(f"rendering the PDF took longer than {timeout_s:.0f} s") from e
    except (pdf2image_errors.PDFPageCountError, pdf2image_errors.PDFSyntaxError) as e:
        raise UnreadableFileError(f"poppler could not render the PDF: {e}") from e
    if not images:
        raise UnreadableFileError("pdftoppm exited 0 but rendered no page")
    return [im.convert("RGB") for im in images]
