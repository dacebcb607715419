"""End to end with the real Tesseract binary on fixture documents (no mocks): behaviours
that single cases show. Accuracy over the corpus is the regression gate's job
(test_regression_gate.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from support import FIXTURES

from docextract.api import Verification, extract_file
from docextract.config import PipelineConfig
from docextract.evaluate import comparable
from docextract.text.normalize import normalize_address

pytestmark = pytest.mark.tesseract


def test_back_address_change_supersedes_the_front(verify: Callable[..., Verification]) -> None:
    got = verify(FIXTURES / "submissions" / "S-2026-000107").report
    front = got["slots"]["id_front"]
    assert front["status"] == "approve"
    assert front["matches"]["address"]["verdict"] == "match"
    assert normalize_address(front["fields"]["address"]["value"]) != normalize_address(
        got["slots"]["id_back"]["fields"]["address"]["value"]
    )


def test_text_layer_pdf_is_read_without_ocr(verify: Callable[..., Verification]) -> None:
    got = extract_file(FIXTURES / "documents" / "utility_bill_001.pdf")
    assert got["quality"] == {"mean_word_conf": 1.0}  # no image quality: nothing rendered
    truth = json.loads((FIXTURES / "documents" / "utility_bill_001.json").read_text())
    for key in ("address", "issue_date", "issuer"):
        assert comparable(key, got["fields"][key]["value"]) == comparable(
            key, truth["fields"][key]["value"]
        )


def test_cli_extract_is_json_lines_in_order(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "bad.jpg"
    bad.write_text("not an image")
    good = FIXTURES / "documents" / "utility_bill_002.pdf"
    out = subprocess.run(
        [sys.executable, "-m", "docextract", "extract", str(bad), str(good), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(bad), str(good)]
    assert lines[0]["error"] == "UNREADABLE"
    assert lines[1]["document_type"] == "utility_bill"


def test_a_shaken_licence_is_read_once_its_streak_is_undone(config: PipelineConfig) -> None:
    source = FIXTURES / "documents" / "drivers_license_003_blur.jpg"  # a 7.9 px streak
    truth = json.loads(source.with_suffix(".json").read_text())["fields"]
    keys = ("document_number", "birth_date", "expiry_date")
    got = extract_file(source, config=config)
    assert got["document_type"] == "drivers_license"
    assert {k: got["fields"][k]["value"] for k in keys} == {k: truth[k]["value"] for k in keys}
    assert got["quality"]["motion_streak_px"] >= config.preprocess.motion_min_px
    stages = tuple(s for s in config.slots["extract"].stages if s != "preprocess.deblur.v1")
    without = config.model_copy(
        update={
            "slots": {
                **config.slots,
                "extract": config.slots["extract"].model_copy(update={"stages": stages}),
            }
        }
    )
    assert extract_file(source, config=without)["document_type"] == "unknown"
