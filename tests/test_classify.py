"""Classification evidence from misread titles, and classify.japanese.v1: a page no type
was found on gets a second, Japanese-only read."""

from __future__ import annotations

import pytest
from support import FIXTURES

from docextract._context import DocContext
from docextract.api import run_pipeline
from docextract.config import load_pipeline
from docextract.stages.classify import scores_to_type, text_to_type_scores


def test_a_title_misread_at_both_ends_still_counts_by_its_middle() -> None:
    # A shaken 特別永住者証明書: its first and last glyph misread, the 法務大臣 line read.
    text = "45別永住者証明= PC PERMANENT REWOENT\n法務大臣"
    assert scores_to_type(text_to_type_scores(text)) == "special_permanent_resident_certificate"


def test_a_title_short_of_one_end_is_another_title() -> None:
    # 国民健康保険料 without its 料 is the start of every 国民健康保険 title.
    scores = text_to_type_scores("国民健康保険資格確認書")
    assert scores["social_insurance_receipt"] == 0
    assert scores_to_type(scores) == "health_insurance_card"


@pytest.mark.tesseract
def test_an_unknown_page_is_classified_on_a_japanese_only_read() -> None:
    # Shaken: the English model turns the title's kanji into Latin; Japanese alone reads it.
    path = FIXTURES / "documents" / "seal_registration_certificate_001_blur.jpg"
    ctx = run_pipeline(DocContext(source=path, config=load_pipeline(), slot=None), "extract")
    assert ctx.document_type == "seal_registration_certificate"
    assert any("Japanese-only read" in note for note in ctx.notes)
