"""A My Number never leaves docextract unmasked: not in the report, the HTML, the logs,
stdout, or any file --keep-temp stores (contract §2, JAPAN.md §1.7).

The check is number-agnostic: no output may contain any 12-digit run whose My Number
check digit validates, spaced or not. The debug images are read back with Tesseract to
show the number is blacked out of them too.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import cv2
import pytest
from support import FIXTURES

from docextract._exec import tesseract
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
    for path in written:
        if path.suffix in (".json", ".html", ".txt", ".log"):
            assert _unmasked(path.read_text(encoding="utf-8")) == [], path.name
        else:
            image = cv2.imread(str(path))
            assert image is not None, path.name
            words = tesseract.image_to_words(image, lang="eng", psm=11, timeout_s=60)
            assert _unmasked(" ".join(w.text for w in words)) == [], path.name
