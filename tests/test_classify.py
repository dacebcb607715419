"""classify.japanese.v1: a page no type was found on gets a second, Japanese-only read."""

from __future__ import annotations

import pytest
from support import FIXTURES

from docextract._context import DocContext
from docextract.api import run_pipeline
from docextract.config import load_pipeline


@pytest.mark.tesseract
def test_an_unknown_page_is_classified_on_a_japanese_only_read() -> None:
    # Shaken: the English model turns the title's kanji into Latin; Japanese alone reads it.
    path = FIXTURES / "documents" / "seal_registration_certificate_001_blur.jpg"
    ctx = run_pipeline(DocContext(source=path, config=load_pipeline(), slot=None), "extract")
    assert ctx.document_type == "seal_registration_certificate"
    assert any("Japanese-only read" in note for note in ctx.notes)
