"""A My Number never leaves docextract unmasked: not in the report, the HTML, the logs,
stdout, or any file --keep-temp stores (contract §2, JAPAN.md §1.7).

The check is number-agnostic: no output may contain any 12-digit run whose My Number
check digit validates, spaced or not. The debug images are read back with Tesseract to
show the number is blacked out of them too, those of every preprocessing stage included:
there the number is also checked to be black pixel for pixel where the page OCR read
shows it, mapped back through the stage's own geometry (a slanted photo, a page turned a
quarter, a crooked scan straightened).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from support import FIXTURES, write_submission

from docextract._exec import tesseract
from docextract.api import verify_submission
from docextract.config import PipelineConfig
from docextract.geometry import box_corners, inverse, map_points
from docextract.report import masked_boxes
from docextract.text.numbers import find_mynumbers

pytestmark = pytest.mark.tesseract

# The My Number card back (its number printed in 4-4-4 groups) and the 通知カード.
SUBMISSIONS = ("S-2026-000114", "S-2026-000118")


def _unmasked(text: str) -> list[str]:
    # OCR and layout may leave spaces anywhere inside the groups: search the text with
    # its whitespace removed too.
    compact = re.sub(r"\s", "", text)
    return [compact[a:b] for a, b in find_mynumbers(compact)] + [
        text[a:b] for a, b in find_mynumbers(text)
    ]


@pytest.mark.parametrize("submission", SUBMISSIONS)
def test_no_output_carries_an_individual_number(submission: str, tmp_path: Path) -> None:
    out, temp = tmp_path / "out", tmp_path / "temp"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "docextract",
            "verify",
            str(FIXTURES / "submissions" / submission),
            "--json",
            "--out",
            str(out),
            "--keep-temp",
            str(temp),
            "-v",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    report = json.loads(run.stdout)
    # The number was there to be read: the back (or the notification card) shows it.
    slot = "id_back" if submission == "S-2026-000114" else "id_front"
    shown = report["slots"][slot]["fields"].get("document_number", {}).get("value", "")
    assert re.fullmatch(r"\*{8}\d{4}", shown), report["slots"][slot]

    assert _unmasked(run.stdout) == [] and _unmasked(run.stderr) == []
    written = [p for p in [*out.rglob("*"), *temp.rglob("*")] if p.is_file()]
    assert any(p.suffix == ".html" for p in written) and any(p.suffix == ".png" for p in written)
    assert any("-01-preprocess." in p.name for p in written)  # the stage images too
    for path in written:
        if path.suffix in (".json", ".html", ".txt", ".log"):
            assert _unmasked(path.read_text(encoding="utf-8")) == [], path.name
        else:
            image = cv2.imread(str(path))
            assert image is not None, path.name
            words = tesseract.image_to_words(image, lang="eng", psm=11, timeout_s=60)
            assert _unmasked(" ".join(w.text for w in words)) == [], path.name


def ocr_shows_no_number(path: Path) -> None:
    image = cv2.imread(str(path))
    assert image is not None, path.name
    words = tesseract.image_to_words(image, lang="eng", psm=11, timeout_s=60)
    assert _unmasked(" ".join(w.text for w in words)) == [], path.name


def test_no_stage_image_shows_an_individual_number(config: PipelineConfig, tmp_path: Path) -> None:
    docs = FIXTURES / "documents"
    crooked = tmp_path / "crooked.png"
    back = Image.open(docs / "my_number_card_002_back.png").convert("RGB")
    back.rotate(3, Image.Resampling.BICUBIC, expand=True, fillcolor="white").save(crooked)
    folder = write_submission(
        tmp_path / "submission",
        {
            # A page lying on its side: OCR turns it and scales it again from the unscaled.
            "id_front.jpg": docs / "individual_number_notice_001_rot90.jpg",
            # A card photographed at a slant on a desk: rectified by its outline.
            "id_back.jpg": docs / "my_number_card_001_back_photo.jpg",
            # A card scanned 3° crooked: straightened by deskew.
            "proof_of_address.png": crooked,
        },
    )
    temp = tmp_path / "temp"
    verification = verify_submission(folder, config=config, keep_temp=temp)
    written = temp / "S-TEST-1"
    for slot, ctx in verification.contexts.items():
        for page in ctx.pages:
            boxes = masked_boxes(ctx, page.index)
            assert boxes, f"{slot}: the number was not found to be blacked out"
            files = sorted(written.glob(f"{slot}-page{page.index}-*.png"))
            assert [f.name.split("-", 3)[3] for f in files] == [
                f"{kept.stage}.png" for kept in page.trail
            ]
            for kept, path in zip(page.trail, files, strict=True):
                image = cv2.imread(str(path))
                assert image is not None
                body = image[image.shape[0] - kept.image.shape[0] :]  # under the caption
                to_stage = inverse(kept.to_page)
                for box in boxes:
                    shape = np.zeros(body.shape[:2], np.uint8)
                    corners = map_points(to_stage, box_corners(box))
                    cv2.fillPoly(shape, [np.round(np.asarray(corners)).astype(np.int32)], 1)
                    assert shape.any() and not body[shape > 0].any(), (path.name, box)
                ocr_shows_no_number(path)
    # Each of the three ways a page is moved was taken.
    crooked_page = verification.contexts["proof_of_address"].pages[0]
    deskewed = [s.caption for s in crooked_page.trail if s.stage == "preprocess.deskew.v1"]
    assert deskewed and deskewed[0].endswith("straightened")
    assert verification.contexts["id_back"].pages[0].document is not None
    notes = " ".join(verification.contexts["id_front"].notes)
    assert "rotated 90°" in notes or "rotated 270°" in notes
