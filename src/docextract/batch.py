"""Batches (contract §6): verify every submission under an inbox, resumably.

A submission whose complete report already exists in the output folder is skipped, so a
killed run picks up where it stopped. Reports are written atomically (api.atomic_write);
a submission that cannot be verified becomes a line in ``failures.jsonl`` and the batch
goes on.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from docextract.api import verify_submission, write_report
from docextract.config import SLOTS, PipelineConfig
from docextract.exceptions import DocextractError, MissingDependencyError, SubmissionError
from docextract.report import SCHEMA_VERSION
from docextract.submission import load_submission

log = logging.getLogger(__name__)


class Progress(Protocol):
    def __call__(self, done: int, total: int, label: str) -> None: ...


def stderr_progress(done: int, total: int, label: str) -> None:
    print(f"[{done}/{total}] {label}", file=sys.stderr, flush=True)


def no_progress(done: int, total: int, label: str) -> None:
    return None


@dataclass
class BatchSummary:
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    overall: Counter[str] = field(default_factory=Counter)
    slots: dict[str, Counter[str]] = field(default_factory=lambda: {s: Counter() for s in SLOTS})
    seconds: float = 0.0


def report_is_complete(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and data.get("schema_version") == SCHEMA_VERSION
        and ("overall" in data)
    )


def submission_folders(inbox: Path) -> list[Path]:
    return sorted(p for p in inbox.iterdir() if p.is_dir() and not p.name.startswith("."))


def count_report(summary: BatchSummary, report: dict[str, object]) -> None:
    summary.overall[str(report["overall"])] += 1
    slots = report["slots"]
    assert isinstance(slots, dict)
    for slot in SLOTS:
        summary.slots[slot][slots[slot]["status"]] += 1


def run_batch(
    inbox: Path,
    out_dir: Path,
    *,
    config: PipelineConfig,
    lang: str = "ja",
    progress: Progress = stderr_progress,
) -> BatchSummary:
    started = time.perf_counter()
    if not inbox.is_dir():
        raise SubmissionError(f"{inbox}: not a folder of submissions")
    out_dir.mkdir(parents=True, exist_ok=True)
    failures = out_dir / "failures.jsonl"
    failures.write_text("", encoding="utf-8")  # this run's failures only
    folders = submission_folders(inbox)
    summary = BatchSummary()
    for n, folder in enumerate(folders, start=1):
        label = folder.name
        try:
            sub_id = load_submission(folder).submission_id
            existing = out_dir / f"{sub_id}.json"
            if report_is_complete(existing):
                summary.skipped += 1
                count_report(summary, json.loads(existing.read_text(encoding="utf-8")))
                progress(n, len(folders), f"{label}: skipped (report exists)")
                continue
            verification = verify_submission(folder, config=config, lang=lang)
            write_report(verification, out_dir)
            summary.processed += 1
            count_report(summary, verification.report)
            ms = verification.report["timings_ms"]["total"]
            label = f"{label}: {verification.report['overall']} ({ms / 1000:.1f} s)"
        except MissingDependencyError:
            raise  # every submission would fail the same way: stop with the fix
        except DocextractError as e:
            summary.failed += 1
            record = {"submission": str(folder), "error": type(e).__name__, "reason": e.message}
            with failures.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            label = f"{label}: FAILED ({e.message})"
        progress(n, len(folders), label)
    summary.seconds = time.perf_counter() - started
    return summary


def summary_to_table(summary: BatchSummary, out_dir: Path) -> str:
    statuses = ("approve", "review", "reject", "not_submitted")
    rows = [f"{'slot':<18}" + "".join(f"{s:>15}" for s in statuses)]
    for slot in SLOTS:
        rows.append(f"{slot:<18}" + "".join(f"{summary.slots[slot][s]:>15}" for s in statuses))
    rows.append(f"{'overall':<18}" + "".join(f"{summary.overall[s]:>15}" for s in statuses))
    rows.append("")
    rows.append(
        f"{summary.processed} verified, {summary.skipped} skipped (already reported), "
        f"{summary.failed} failed, in {summary.seconds:.1f} s"
    )
    rows.append(f"reports: {out_dir}/<submission_id>.json and .html")
    if summary.failed:
        rows.append(f"failures: {out_dir / 'failures.jsonl'}")
    return "\n".join(rows)
