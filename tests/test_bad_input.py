"""Untrusted uploads (contract §1): every bad file is UNREADABLE for its slot alone,
decided before decoding, and a bad submission.json is a usage error naming the problem."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen import canvas
from support import write_submission

from docextract.api import Verification
from docextract.config import load_pipeline
from docextract.exceptions import SubmissionError
from docextract.submission import load_submission

Verify = Callable[..., Verification]


def png_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, format="PNG")
    return buf.getvalue()


def bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge 1-bit image (a decompression bomb)."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    data = zlib.compress(row * 16)  # only a few rows: the header is what must be refused
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def pdf_bytes(pages: int = 1, encrypt: str | None = None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    for n in range(pages):
        c.drawString(72, 720, f"page {n + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def slot(verification: Verification, name: str) -> dict[str, object]:
    result = verification.report["slots"][name]
    assert isinstance(result, dict)
    return result


BAD_FILES: dict[str, tuple[str, bytes, str]] = {
    "empty": ("id_front.png", b"", "empty"),
    "truncated png": ("id_front.png", png_bytes()[:60], "corrupt"),
    "corrupt jpeg": ("id_front.jpg", b"\xff\xd8\xff\xe0" + os.urandom(2000), "corrupt"),
    "text named jpg": ("id_front.jpg", "氏名 山田太郎\n".encode() * 20, "not an image or PDF"),
    "html named pdf": (
        "id_front.pdf",
        b"<!doctype html><html><body>bill</body></html>",
        "not an image or PDF",
    ),
    "encrypted pdf": ("id_front.pdf", pdf_bytes(encrypt="secret"), "encrypted"),
    "decompression bomb": ("id_front.png", bomb_png(20000, 20000), "megapixels"),
    "too many pdf pages": ("id_front.pdf", pdf_bytes(pages=21), "21 pages"),
    "truncated pdf": ("id_front.pdf", pdf_bytes()[:200], "PDF"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_unreadable_and_other_slots_still_run(
    case: str, tmp_path: Path, verify: Verify
) -> None:
    name, content, detail = BAD_FILES[case]
    folder = write_submission(tmp_path / "s", {name: content, "proof_of_address.png": png_bytes()})
    result = verify(folder)
    front = slot(result, "id_front")
    assert front["status"] == "reject"
    assert front["reasons"] == ["UNREADABLE"]
    assert detail.lower() in " ".join(front["notes"]).lower()  # type: ignore[arg-type]
    # The other slot was still read and judged (a blank page: not a recognized document).
    assert slot(result, "proof_of_address")["status"] in ("review", "reject")
    assert slot(result, "proof_of_address")["reasons"] != ["UNREADABLE"]
    assert slot(result, "selfie")["status"] == "not_submitted"


def test_oversized_file_is_refused_by_the_configured_limit(tmp_path: Path, verify: Verify) -> None:
    config = load_pipeline()
    small = config.model_copy(
        update={"limits": config.limits.model_copy(update={"max_file_mb": 0.001})}
    )
    folder = write_submission(tmp_path / "s", {"id_front.png": png_bytes((400, 300))})
    front = slot(verify(folder, config=small), "id_front")
    assert front["reasons"] == ["UNREADABLE"]
    assert "MB limit" in " ".join(front["notes"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "entry",
    [
        "../outside.png",
        "/etc/passwd",
        "sub/../../outside.png",
        "C:\\Windows\\win.ini",
        "missing.png",
        ".",
    ],
)
def test_files_entries_that_leave_the_folder_are_unreadable(
    entry: str, tmp_path: Path, verify: Verify
) -> None:
    (tmp_path / "outside.png").write_bytes(png_bytes())
    folder = write_submission(
        tmp_path / "s", {"id_front.png": png_bytes()}, **{"files": {"proof_of_address": entry}}
    )
    result = verify(folder)
    assert slot(result, "proof_of_address")["reasons"] == ["UNREADABLE"]
    assert slot(result, "id_front")["reasons"] != ["UNREADABLE"]


def test_symlink_leading_out_is_unreadable(tmp_path: Path, verify: Verify) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes())
    folder = write_submission(tmp_path / "s")
    (folder / "id_front.png").symlink_to(secret)
    assert slot(verify(folder), "id_front")["reasons"] == ["UNREADABLE"]


def test_missing_slot_files_are_not_submitted(tmp_path: Path, verify: Verify) -> None:
    report = verify(write_submission(tmp_path / "s")).report
    assert {s["status"] for s in report["slots"].values()} == {"not_submitted"}
    assert all(s["reasons"] == ["NOT_SUBMITTED"] for s in report["slots"].values())
    assert report["overall"] == "reject"


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"submission_id": "../../etc/x"}, "submission_id"),
        ({"submission_id": "a/b"}, "submission_id"),
        ({"submission_id": ""}, "submission_id"),
        ({"submitted_on": "20-11-2026"}, "submitted_on"),
        ({"profile": {"name": "山田 太郎"}}, "profile.birth_date"),
        ({"files": {"passport": "p.png"}}, "unknown slot"),
    ],
)
def test_invalid_submission_json_names_the_problem(
    meta: dict[str, object], expected: str, tmp_path: Path
) -> None:
    folder = write_submission(tmp_path / "s", **meta)
    with pytest.raises(SubmissionError) as err:
        load_submission(folder)
    assert expected in err.value.message
    assert "submission.json" in err.value.message


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "docextract", *args], capture_output=True, text=True, timeout=300
    )


def test_cli_bad_submission_exits_2_without_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "submission.json").write_text("{not json", encoding="utf-8")
    result = run_cli("verify", str(folder), "--json")
    assert result.returncode == 2
    assert "submission.json" in result.stderr and "not valid UTF-8 JSON" in result.stderr
    assert "Traceback" not in result.stderr
    missing = run_cli("verify", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    verbose = run_cli("verify", str(folder), "-v")
    assert verbose.returncode == 2 and "Traceback" in verbose.stderr


def test_batch_records_failures_and_goes_on(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    write_submission(inbox / "good", {"id_front.png": png_bytes()}, submission_id="S-GOOD")
    bad = inbox / "bad"
    bad.mkdir(parents=True)
    (bad / "submission.json").write_text(json.dumps({"submission_id": "S-BAD"}))
    out = tmp_path / "out"
    result = run_cli("batch", str(inbox), "--out", str(out), "--no-progress")
    assert result.returncode == 1, result.stderr
    failures = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    assert [f["submission"] for f in failures] == [str(bad)]
    assert "profile" in failures[0]["reason"]
    assert (out / "S-GOOD.json").exists() and (out / "S-GOOD.html").exists()
    # A second run skips the finished report and retries only the failure.
    again = run_cli("batch", str(inbox), "--out", str(out))
    assert again.returncode == 1
    assert "1 skipped" in again.stdout
