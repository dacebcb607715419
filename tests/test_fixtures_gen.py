"""The committed fixtures are what scripts/make_fixtures.py produces, and they are sane.

PNG/JPEG/PDF bytes depend on zlib, libjpeg, poppler and reportlab versions, so only the
JSON (ground truth, submissions, expectations), the README and the file list are
compared byte for byte; images are checked to decode at the regenerated size.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image

from docextract.doctypes import BY_NAME
from docextract.text.numbers import is_valid_dl_number

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
DOCS = FIXTURES / "documents"
SLOTS = ("id_front", "id_back", "selfie", "proof_of_address")
DATE_FIELDS = ("birth_date", "issue_date", "expiry_date")
VARIANTS = {"photo", "rot90", "scan", "image_pdf"}
STATUSES = {"approve", "reject", "review", "not_submitted"}


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _truth_files() -> list[Path]:
    return sorted(DOCS.glob("*.json"))


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixtures")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_fixtures.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


def test_committed_fixtures_exist() -> None:
    assert _truth_files(), "run scripts/make_fixtures.py"


def test_regeneration_gives_same_file_list(regenerated: Path) -> None:
    assert _files(regenerated) == _files(FIXTURES)


def test_regeneration_gives_identical_json_and_readme(regenerated: Path) -> None:
    texts = sorted(f for f in _files(FIXTURES) if f.endswith((".json", ".md")))
    assert texts
    for rel in texts:
        assert (regenerated / rel).read_bytes() == (FIXTURES / rel).read_bytes(), rel


def test_regenerated_images_decode_with_committed_size(regenerated: Path) -> None:
    for rel in sorted(f for f in _files(FIXTURES) if f.endswith((".png", ".jpg"))):
        with Image.open(FIXTURES / rel) as committed, Image.open(regenerated / rel) as fresh:
            committed.load()
            assert committed.size == fresh.size, rel


def test_every_document_has_ground_truth() -> None:
    docs = [p for p in DOCS.iterdir() if p.suffix != ".json"]
    assert docs
    for p in docs:
        assert p.with_suffix(".json").is_file(), p.name


@pytest.mark.parametrize("path", _truth_files(), ids=lambda p: p.name)
def test_ground_truth_is_well_formed(path: Path) -> None:
    truth = _load(path)
    doc_type = truth["document_type"]
    assert doc_type in BY_NAME or doc_type == "selfie"
    assert truth.get("variant", "photo") in VARIANTS
    for key, field in truth["fields"].items():
        value = field["value"]
        assert isinstance(value, str) and value == value.strip() and "  " not in value
        if key in DATE_FIELDS:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            dt.date.fromisoformat(value)
    if doc_type == "drivers_license":
        assert set(truth["fields"]) == {
            "name",
            "birth_date",
            "address",
            "issue_date",
            "expiry_date",
            "issuer",
            "document_number",
        }
        assert is_valid_dl_number(truth["fields"]["document_number"]["value"])


def test_licence_fronts_are_id1_at_12_px_per_mm() -> None:
    for p in DOCS.glob("dl_*_[0-9][0-9][0-9].png"):
        with Image.open(p) as img:
            assert img.size == (1027, 648), p.name


def test_text_pdfs_have_japanese_text_and_image_pdfs_have_none() -> None:
    for truth_path in DOCS.glob("bill_*.json"):
        truth = _load(truth_path)
        if truth.get("variant") not in (None, "image_pdf"):
            continue
        with pdfplumber.open(truth_path.with_suffix(".pdf")) as pdf:
            text = pdf.pages[0].extract_text() or ""
        if "variant" in truth:
            assert text.strip() == "", truth_path.name
        else:
            compact = text.replace(" ", "")
            for key in ("name", "issuer", "document_number"):
                assert truth["fields"][key]["value"].replace(" ", "") in compact


def test_submissions_are_complete_and_consistent() -> None:
    folders = sorted((FIXTURES / "submissions").iterdir())
    assert len(folders) >= 8
    for folder in folders:
        sub = _load(folder / "submission.json")
        assert sub["submission_id"] == folder.name
        assert re.fullmatch(r"S-\d{4}-\d{6}", folder.name)
        assert sub["submitted_on"] == "2026-11-20"
        assert {"name", "birth_date", "address"} <= set(sub["profile"])
        for slot in SLOTS:
            matches = [p for p in folder.glob(f"{slot}.*") if not p.is_symlink()]
            assert len(matches) == 1, (folder.name, slot)
        exp = _load(folder / "expected.json")
        assert set(exp["slots"]) == set(SLOTS)
        statuses = {s["status"] for s in exp["slots"].values()}
        assert statuses <= STATUSES
        if statuses & {"reject", "not_submitted"}:
            assert exp["overall"] == "reject"
        elif statuses == {"approve"}:
            assert exp["overall"] == "approve"
        else:
            assert exp["overall"] == "review"
