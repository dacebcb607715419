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
