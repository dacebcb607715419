"""Which way up: pages are read as they come; OSD only where the read looks turned."""

from __future__ import annotations

import json

import numpy as np
import pytest
from support import FIXTURES

from docextract._context import DocContext
from docextract._exec import tesseract
from docextract._exec.tesseract import RawWord
from docextract.api import extract_file, run_pipeline
from docextract.config import PipelineConfig, load_pipeline
from docextract.evaluate import comparable
from docextract.stages.ocr import reads_upright, vertical_word_fraction
from docextract.stages.preprocess import ID1_ASPECT, quad_to_document_aspect


def words(
    n: int, *, text: str = "東京都千代田", conf: float = 92, tall: bool = False
) -> list[RawWord]:
    w, h = (30, 180) if tall else (180, 30)
    return [RawWord(text, conf, 10, 40 * i, w, h) for i in range(n)]


def test_a_confident_horizontal_read_is_upright(config: PipelineConfig) -> None:
    assert reads_upright(words(20), config.ocr)


def test_a_confident_read_of_vertical_words_is_a_page_on_its_side(config: PipelineConfig) -> None:
    # Tesseract reads a Japanese page turned a quarter as vertical text, confidently.
    raw = words(20, tall=True)
    assert vertical_word_fraction(raw) == 1.0
    assert not reads_upright(raw, config.ocr)


def test_a_low_confidence_read_is_not_trusted_to_be_upright(config: PipelineConfig) -> None:
    assert not reads_upright(words(20, conf=35), config.ocr)
    assert not reads_upright([], config.ocr)


def test_too_few_words_say_nothing_about_direction() -> None:
    assert vertical_word_fraction(words(3, tall=True)) == 0.0


@pytest.mark.parametrize(
    ("width", "height", "aspect"),
    [
        (856, 540, ID1_ASPECT),
        (540, 856, ID1_ASPECT),
        (1000, 1414, 2**0.5),
        (1000, 1000, None),
        (800, 2400, 3.0),  # a till receipt: a slip's own shape
        (800, 1600, None),  # between paper and a slip: a card at a slant, or nothing
        (400, 2400, None),  # a strip
    ],
)
def test_quad_shapes(width: int, height: int, aspect: float | None) -> None:
    quad = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    assert quad_to_document_aspect(quad) == aspect


@pytest.mark.tesseract
def test_an_upright_page_is_not_sent_to_osd(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_osd(*args: object, **kwargs: object) -> tuple[int, float]:
        raise AssertionError("OSD was asked about an upright page")

    monkeypatch.setattr(tesseract, "detect_rotation", no_osd)
    got = extract_file(FIXTURES / "documents" / "drivers_license_001.png")
    assert got["document_type"] == "drivers_license"


@pytest.mark.tesseract
@pytest.mark.parametrize("name", ["utility_bill_001_rot90.png", "passport_001_rot90.jpg"])
def test_a_page_on_its_side_is_turned_and_read(name: str) -> None:
    path = FIXTURES / "documents" / name
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    got = extract_file(path)
    assert got["document_type"] == truth["document_type"]
    for key in ("name", "issue_date"):
        want = truth["fields"][key]["value"]
        assert comparable(key, got["fields"][key]["value"]) == comparable(key, want), key


@pytest.mark.tesseract
def test_an_upside_down_card_is_turned_where_osd_is_unsure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # OSD's answer on a card back's sparse text is below osd_min_conf; a card lies
    # landscape, so the read turned 180° is tried and kept for reading better.
    monkeypatch.setattr(tesseract, "detect_rotation", lambda *args, **kwargs: (0, 0.0))
    path = FIXTURES / "documents" / "residence_card_002_back_rot180.png"
    ctx = run_pipeline(DocContext(source=path, config=load_pipeline(), slot=None), "extract")
    assert ctx.document_type == "residence_card_back"
    assert any("rotated 180" in note for note in ctx.notes)
