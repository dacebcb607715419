"""Batches (contract §6): parallel, resumable after a kill, failures recorded, on Dask too."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import FIXTURES, write_submission

from docextract.batch import report_is_complete, rows_to_csv

pytestmark = pytest.mark.tesseract

SUBMISSIONS = ("S-2026-000101", "S-2026-000102", "S-2026-000114")


def make_inbox(root: Path) -> Path:
    """Three fixture submissions and one whose submission.json is corrupt."""
    inbox = root / "inbox"
    for sub in SUBMISSIONS:
        shutil.copytree(FIXTURES / "submissions" / sub, inbox / sub)
    broken = inbox / "S-BROKEN"
    broken.mkdir()
    (broken / "submission.json").write_text('{"submission_id": "S-BROKEN", "prof', "utf-8")
    return inbox


def batch_command(inbox: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "docextract", "batch", str(inbox), "--out", str(out), *extra]


def complete_reports(out: Path) -> dict[str, float]:
    """Submission id -> mtime of each complete JSON report; fails on a half-written one."""
    found = {}
    for path in out.glob("*.json"):
        assert report_is_complete(path), f"{path} is not a complete report"
        assert path.with_suffix(".html").is_file(), f"{path} has no HTML beside it"
        found[path.stem] = path.stat().st_mtime
    return found


def test_killed_batch_resumes_without_doing_anything_twice(tmp_path: Path) -> None:
    inbox, out = make_inbox(tmp_path), tmp_path / "out"
    proc = subprocess.Popen(
        batch_command(inbox, out, "--workers", "2", "--no-progress"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while not list(out.glob("S-*.json")) and proc.poll() is None:
            assert time.monotonic() < deadline, "no report within 240 s"
            time.sleep(0.05)
        # The parent alone: its orphaned workers must not be able to write anything.
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    before = complete_reports(out)
    assert 1 <= len(before) < len(SUBMISSIONS), "the kill came too late to test resuming"

    rerun = subprocess.run(
        batch_command(inbox, out, "--workers", "2", "--no-progress"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert rerun.returncode == 1, rerun.stderr  # 1: the broken submission failed
    assert f"{len(before)} skipped" in rerun.stdout
    after = complete_reports(out)
    assert sorted(after) == sorted(SUBMISSIONS)
    assert {sub: after[sub] for sub in before} == before, "a finished report was redone"
    assert not list(out.glob(".*.tmp")), "a temporary file was left behind"

    failures = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    assert [(Path(f["submission"]).name, f["error"]) for f in failures] == [
        ("S-BROKEN", "SubmissionError")
    ]
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert [r["submission_id"] for r in rows] == [
        "S-2026-000101",
        "S-2026-000102",
        "S-2026-000114",
        "S-BROKEN",
    ]
    assert rows[-1]["overall"] == "failed" and "SubmissionError" in rows[-1]["reasons"]
    for row in rows[:-1]:
        report = json.loads((out / f"{row['submission_id']}.json").read_text(encoding="utf-8"))
        assert row["overall"] == report["overall"]
        assert row["selfie"] == report["slots"]["selfie"]["status"]
    # The summary counts reason codes across every report, skipped ones included.
    selfie_reasons = sum(
        "SELFIE_NO_FACE"
        in json.loads((out / f"{s}.json").read_text())["slots"]["selfie"]["reasons"]
        for s in SUBMISSIONS
    )
    assert selfie_reasons >= 1
    assert f"  {'SELFIE_NO_FACE':<26}{selfie_reasons:>6}\n" in rerun.stdout


def test_batch_on_a_dask_cluster_carries_the_files_to_the_workers(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    inbox = tmp_path / "inbox"
    shutil.copytree(FIXTURES / "submissions" / SUBMISSIONS[0], inbox / SUBMISSIONS[0])
    # A sparse upload over the 50 MB limit: only its size travels, and it is refused by size.
    huge = write_submission(inbox / "S-HUGE", {}, submission_id="S-HUGE")
    with (huge / "id_front.jpg").open("wb") as fh:
        fh.truncate(60_000_000)
    # A third submission (nothing uploaded): more jobs than the 2 kept in flight per thread.
    write_submission(inbox / "S-EMPTY", {}, submission_id="S-EMPTY")
    out = tmp_path / "out"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        result = subprocess.run(
            batch_command(
                inbox, out, "--executor", "dask", "--scheduler", cluster.scheduler_address
            ),
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert result.returncode == 0, result.stderr
    assert sorted(complete_reports(out)) == [SUBMISSIONS[0], "S-EMPTY", "S-HUGE"]
    huge_report = json.loads((out / "S-HUGE.json").read_text(encoding="utf-8"))
    assert huge_report["slots"]["id_front"]["reasons"] == ["UNREADABLE"]
    expected = json.loads((inbox / SUBMISSIONS[0] / "expected.json").read_text(encoding="utf-8"))
    report = json.loads((out / f"{SUBMISSIONS[0]}.json").read_text(encoding="utf-8"))
    assert report["slots"]["selfie"]["status"] == expected["slots"]["selfie"]["status"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for extra in (("--executor", "dask"), ("--scheduler", "tcp://x:1"), ("--workers", "0")):
        result = subprocess.run(
            batch_command(inbox, tmp_path / "out", *extra), capture_output=True, text=True
        )
        assert result.returncode == 2, (extra, result.stderr)
        assert "Traceback" not in result.stderr


def test_summary_csv_quotes_what_needs_quoting() -> None:
    row = {
        "submission_id": "S-1",
        "overall": "failed",
        "id_front": "",
        "id_back": "",
        "selfie": "",
        "proof_of_address": "",
        "reasons": 'SubmissionError: bad, "quoted"\nline',
        "folder": "/in/S-1",
    }
    parsed = list(csv.DictReader(rows_to_csv([row]).splitlines(keepends=True)))
    assert parsed == [row]
