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
VARIANTS = {
    "scan",
    "image_pdf",
    "photo",
    "blur",
    "noise",
    "glare",
    "jpeg60",
    "lowres",
    "rot90",
    "rot180",
}
REASON_CODES = {
    "NOT_SUBMITTED", "UNREADABLE", "LOW_QUALITY", "ID_TYPE_NOT_ACCEPTED",
    "ID_NOTIFICATION_CARD", "ID_EXPIRED", "ID_NAME_MISMATCH", "ID_BIRTH_DATE_MISMATCH",
    "ID_ADDRESS_MISMATCH", "ID_BACK_MISMATCH", "SELFIE_NO_FACE", "SELFIE_MULTIPLE_FACES",
    "SELFIE_FACE_CUT_OFF", "SELFIE_NO_DOCUMENT", "SELFIE_DOCUMENT_CUT_OFF", "SELFIE_BLURRY",
    "SELFIE_FACE_MISMATCH", "POA_TYPE_NOT_ACCEPTED", "POA_NAME_MISMATCH",
    "POA_ADDRESS_MISMATCH", "POA_NO_ISSUE_DATE", "POA_TOO_OLD", "POA_NO_ISSUER",
}  # fmt: skip
# CONTRACT §2 types, and the look-alikes the corpus must also hold.
ID_TYPES = {
    "drivers_license", "driving_history_certificate", "passport",
    "basic_resident_register_card", "residence_card", "special_permanent_resident_certificate",
    "my_number_card", "my_number_notification_card", "individual_number_notice",
}  # fmt: skip
POA_TYPES = {
    "utility_bill", "social_insurance_receipt", "tax_receipt", "health_insurance_card",
    "bank_statement", "credit_card_statement", "resident_record_copy",
    "seal_registration_certificate", "shop_receipt", "mobile_phone_bill", "order_confirmation",
}  # fmt: skip
MAX_CORPUS_MB = 60
STATUSES = {"approve", "reject", "review", "not_submitted"}


# Committed beside the generated corpus, not generated: the eval baseline.
NOT_GENERATED = {"baseline.json"}


def _files(root: Path) -> set[str]:
    return {
        rel
        for p in root.rglob("*")
        if p.is_file() and (rel := p.relative_to(root).as_posix()) not in NOT_GENERATED
    }


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
    # Documents only: some submission files are broken on purpose (UNREADABLE cases).
    for rel in sorted(
        f
        for f in _files(DOCS.parent)
        if f.startswith("documents/") and f.endswith((".png", ".jpg"))
    ):
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
    assert doc_type in BY_NAME
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


def test_card_fronts_are_id1_at_12_px_per_mm() -> None:
    fronts = [p for p in DOCS.glob("*_[0-9][0-9][0-9].png") if "passport" not in p.name]
    assert len(fronts) >= 15
    for p in fronts:
        if _load(p.with_suffix(".json"))["document_type"] == "individual_number_notice":
            continue  # an A4 letter
        with Image.open(p) as img:
            assert img.size == (1027, 648), p.name


def test_every_type_exists_clean_and_photographed() -> None:
    seen: dict[str, set[str]] = {}
    for path in _truth_files():
        truth = _load(path)
        seen.setdefault(truth["document_type"], set()).add(truth.get("variant", "clean"))
    assert set(seen) >= ID_TYPES | POA_TYPES
    for doc_type in ID_TYPES | POA_TYPES:
        assert {"clean", "photo", "rot180"} <= seen[doc_type], doc_type


def test_text_pdfs_have_their_fields_in_the_text_layer_and_image_pdfs_none() -> None:
    pdfs = sorted(DOCS.glob("*.pdf"))
    assert len(pdfs) >= 30
    for pdf_path in pdfs:
        truth = _load(pdf_path.with_suffix(".json"))
        with pdfplumber.open(pdf_path) as pdf:
            texts = [(page.extract_text() or "").replace(" ", "") for page in pdf.pages]
        if truth.get("variant") == "image_pdf":
            assert not "".join(texts).strip(), pdf_path.name
            continue
        for key in ("name", "issuer"):
            if key in truth["fields"]:
                field = truth["fields"][key]
                assert field["value"].replace(" ", "") in texts[field.get("page", 0)], (
                    pdf_path.name,
                    key,
                )


def test_every_reason_code_is_expected_at_least_twice() -> None:
    counts = {code: 0 for code in REASON_CODES}
    for path in (FIXTURES / "submissions").glob("*/expected.json"):
        for slot in _load(path)["slots"].values():
            for code in slot["reasons"]:
                counts[code] += 1
    assert {code: n for code, n in counts.items() if n < 2} == {}


def test_corpus_fits_its_size_budget() -> None:
    size = sum(p.stat().st_size for p in FIXTURES.rglob("*") if p.is_file())
    assert size < MAX_CORPUS_MB * 1e6


def test_submissions_are_complete_and_consistent() -> None:
    folders = sorted((FIXTURES / "submissions").iterdir())
    assert len(folders) >= 8
    for folder in folders:
        sub = _load(folder / "submission.json")
        assert sub["submission_id"] == folder.name
        assert re.fullmatch(r"S-\d{4}-\d{6}", folder.name)
        assert sub["submitted_on"] == "2026-11-20"
        assert {"name", "birth_date", "address"} <= set(sub["profile"])
        exp = _load(folder / "expected.json")
        for slot in SLOTS:
            matches = [p for p in folder.glob(f"{slot}.*") if not p.is_symlink()]
            status = exp["slots"][slot]["status"]
            # Absent: not submitted, or a passport's back (approve, contract §2).
            allowed = (0, 1) if status == "not_submitted" or slot == "id_back" else (1,)
            assert len(matches) in allowed, (folder.name, slot)
            if not matches:
                assert status in ("not_submitted", "approve"), (folder.name, slot)
        assert set(exp["slots"]) == set(SLOTS)
        statuses = {s["status"] for s in exp["slots"].values()}
        assert statuses <= STATUSES
        if statuses & {"reject", "not_submitted"}:
            assert exp["overall"] == "reject"
        elif statuses == {"approve"}:
            assert exp["overall"] == "approve"
        else:
            assert exp["overall"] == "review"
