"""Batches (contract §6): verify every submission under an inbox, in parallel, resumably.

The parent process owns the output folder: workers (local processes, or a Dask cluster)
verify a submission and send back the rendered report; the parent writes it atomically
(HTML first, then the JSON, which marks it complete). So a killed run leaves complete
reports or none, and a rerun skips the complete ones. A submission that cannot be
verified becomes a line in ``failures.jsonl`` and the batch goes on.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
import multiprocessing
import os
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from docextract.api import (
    ReportFiles,
    atomic_write,
    render_report,
    verify_submission,
    write_report_files,
)
from docextract.config import SLOTS, PipelineConfig
from docextract.exceptions import (
    DocextractError,
    MissingDependencyError,
    SubmissionError,
    UsageError,
)
from docextract.report import SCHEMA_VERSION
from docextract.submission import load_submission

log = logging.getLogger(__name__)

STATUSES = ("approve", "review", "reject", "not_submitted")


@dataclass(frozen=True)
class Job:
    folder: Path
    submission_id: str


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back: the rendered report, or why there is none."""

    folder: Path
    files: ReportFiles | None = None
    error: str = ""
    reason: str = ""


@dataclass
class BatchSummary:
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    overall: Counter[str] = field(default_factory=Counter)
    slots: dict[str, Counter[str]] = field(default_factory=lambda: {s: Counter() for s in SLOTS})
    reasons: Counter[str] = field(default_factory=Counter)
    rows: list[dict[str, str]] = field(default_factory=list)
    """One summary.csv row per submission, in inbox order once the batch ends."""
    seconds: float = 0.0


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, line: str) -> None: ...
    def stop(self) -> None: ...


class NoProgress:
    def start(self, total: int) -> None:
        return None

    def advance(self, line: str) -> None:
        return None

    def stop(self) -> None:
        return None


class RichProgress:
    """A progress bar on stderr, with one line per finished submission above it."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bar

        self._bar = Bar(
            TextColumn("verifying"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self._task = self._bar.add_task("batch", total=None)

    def start(self, total: int) -> None:
        self._bar.update(self._task, total=total)
        self._bar.start()

    def advance(self, line: str) -> None:
        self._bar.console.print(line, highlight=False, markup=False)
        self._bar.advance(self._task)

    def stop(self) -> None:
        self._bar.stop()


# -- the worker side ------------------------------------------------------------------


def verify_to_outcome(folder: Path, config: PipelineConfig, lang: str) -> Outcome:
    """Verify one submission and render its report; every error becomes a failed Outcome."""
    try:
        files = render_report(verify_submission(folder, config=config, lang=lang))
        return Outcome(folder=folder, files=files)
    except MissingDependencyError:
        raise  # every submission would fail the same way: the batch stops with the fix
    except DocextractError as e:
        return Outcome(folder=folder, error=type(e).__name__, reason=e.message)
    except Exception as e:
        # A bug must not sink the backlog: record it with its traceback and go on.
        log.error("internal error on %s:\n%s", folder, traceback.format_exc())
        return Outcome(folder=folder, error="InternalError", reason=f"{type(e).__name__}: {e}")


@dataclass(frozen=True)
class PackedFile:
    """A file of a submission, carried to a worker that does not share our disk."""

    name: str
    data: bytes | None
    """None for a file over the upload limit: only its size travels (ingest refuses it by size)."""
    size: int


def folder_to_packed(folder: Path, max_bytes: int) -> list[PackedFile]:
    packed = []
    for child in sorted(folder.iterdir()):
        if not child.is_file() or child.is_symlink():
            continue  # the loader refuses links and non-files anyway: nothing to carry
        size = child.stat().st_size
        data = child.read_bytes() if size <= max_bytes else None
        packed.append(PackedFile(child.name, data, size))
    return packed


def packed_to_outcome(
    folder: Path, packed: list[PackedFile], config: PipelineConfig, lang: str
) -> Outcome:
    """Dask task: rebuild the submission folder in a temporary place, then verify it."""
    with tempfile.TemporaryDirectory(prefix="docextract-") as tmp:
        local = Path(tmp) / folder.name
        local.mkdir()
        for f in packed:
            with (local / f.name).open("wb") as fh:
                if f.data is None:
                    fh.truncate(f.size)  # sparse: same size, never read
                else:
                    fh.write(f.data)
        outcome = verify_to_outcome(local, config, lang)
    return replace(outcome, folder=folder, reason=outcome.reason.replace(str(local), str(folder)))


# -- executors ------------------------------------------------------------------------


Runner = Callable[[list[Job], PipelineConfig, str], Iterator[Outcome]]


def run_inline(jobs: list[Job], config: PipelineConfig, lang: str) -> Iterator[Outcome]:
    for job in jobs:
        yield verify_to_outcome(job.folder, config, lang)


def process_runner(workers: int) -> Runner:
    def run(jobs: list[Job], config: PipelineConfig, lang: str) -> Iterator[Outcome]:
        # spawn, not fork: the parent runs a progress thread, and forking a threaded
        # process can deadlock the child.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending: dict[Future[Outcome], Job] = {
                pool.submit(verify_to_outcome, job.folder, config, lang): job for job in jobs
            }
            try:
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        job = pending.pop(future)
                        yield _future_to_outcome(future, job)
            finally:
                for future in pending:
                    future.cancel()

    return run


def _future_to_outcome(future: Future[Outcome], job: Job) -> Outcome:
    try:
        return future.result()
    except BrokenProcessPool:
        # A worker died (out of memory, a crash in a native library): the submissions it
        # and its siblings held are failures of this run; a rerun retries them.
        return Outcome(job.folder, error="WorkerDied", reason="the worker process died")


def dask_runner(scheduler: str, window: int = 0) -> Runner:
    def run(jobs: list[Job], config: PipelineConfig, lang: str) -> Iterator[Outcome]:
        try:
            from distributed import Client, as_completed
        except ImportError as e:
            raise MissingDependencyError(
                "the dask executor needs Dask distributed: pip install 'docextract[dask]'"
            ) from e
        max_bytes = int(config.limits.max_file_mb * 1e6)
        with Client(scheduler) as client:
            # Files travel with the task, so only a bounded window of submissions is
            # packed and in flight at a time: a backlog of thousands never sits in memory.
            limit = window or 2 * max(1, sum(client.nthreads().values()))
            queue = iter(jobs)
            by_key: dict[str, Job] = {}

            def submit(job: Job) -> Any:
                future = client.submit(
                    packed_to_outcome,
                    job.folder,
                    folder_to_packed(job.folder, max_bytes),
                    config,
                    lang,
                    pure=False,
                )
                by_key[future.key] = job
                return future

            running = as_completed([submit(job) for job in itertools.islice(queue, limit)])
            for future in running:
                job = by_key.pop(future.key)
                try:
                    yield future.result()
                except MissingDependencyError:
                    raise
                except Exception as e:
                    yield Outcome(job.folder, error=type(e).__name__, reason=str(e))
                nxt = next(queue, None)
                if nxt is not None:
                    running.add(submit(nxt))

    return run


def choose_runner(executor: str, workers: int, scheduler: str | None) -> Runner:
    if executor == "dask":
        if not scheduler:
            raise UsageError("--executor dask needs --scheduler tcp://HOST:PORT")
        return dask_runner(scheduler)
    if scheduler:
        raise UsageError("--scheduler is only for --executor dask")
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    return run_inline if workers == 1 else process_runner(workers)


# -- the parent side ------------------------------------------------------------------


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


def remove_stale_temp_files(out_dir: Path) -> None:
    """A killed run can leave ``.<name>.*.tmp`` from atomic_write: never a report, so drop."""
    for tmp in out_dir.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def report_to_row(folder: Path, report: dict[str, Any]) -> dict[str, str]:
    slots = report["slots"]
    return {
        "submission_id": str(report["submission_id"]),
        "overall": str(report["overall"]),
        **{slot: slots[slot]["status"] for slot in SLOTS},
        "reasons": ";".join(f"{slot}:{r}" for slot in SLOTS for r in slots[slot]["reasons"]),
        "folder": str(folder),
    }


def failure_to_row(folder: Path, outcome: Outcome) -> dict[str, str]:
    return {
        "submission_id": folder.name,
        "overall": "failed",
        **dict.fromkeys(SLOTS, ""),
        "reasons": f"{outcome.error}: {outcome.reason}",
        "folder": str(folder),
    }


def count_report(summary: BatchSummary, folder: Path, report: dict[str, Any]) -> None:
    summary.overall[str(report["overall"])] += 1
    for slot in SLOTS:
        summary.slots[slot][report["slots"][slot]["status"]] += 1
        summary.reasons.update(report["slots"][slot]["reasons"])
    summary.rows.append(report_to_row(folder, report))


def rows_to_csv(rows: Iterable[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=["submission_id", "overall", *SLOTS, "reasons", "folder"]
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def plan_jobs(
    folders: list[Path],
    out_dir: Path,
    summary: BatchSummary,
    record_failure: Callable[[Outcome], None],
) -> list[Job]:
    """The folders still to verify; complete reports are counted, bad folders recorded."""
    jobs = []
    for folder in folders:
        try:
            sub_id = load_submission(folder).submission_id
        except DocextractError as e:
            record_failure(Outcome(folder, error=type(e).__name__, reason=e.message))
            continue
        existing = out_dir / f"{sub_id}.json"
        if report_is_complete(existing):
            summary.skipped += 1
            count_report(summary, folder, json.loads(existing.read_text(encoding="utf-8")))
        else:
            jobs.append(Job(folder, sub_id))
    return jobs


def run_batch(
    inbox: Path,
    out_dir: Path,
    *,
    config: PipelineConfig,
    lang: str = "ja",
    runner: Runner = run_inline,
    progress: Progress | None = None,
) -> BatchSummary:
    started = time.perf_counter()
    progress = progress or NoProgress()
    if not inbox.is_dir():
        raise SubmissionError(f"{inbox}: not a folder of submissions")
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(out_dir)
    failures = out_dir / "failures.jsonl"
    failures.write_text("", encoding="utf-8")  # this run's failures only; a rerun retries them
    summary = BatchSummary()
    order = {folder: n for n, folder in enumerate(submission_folders(inbox))}

    def record_failure(outcome: Outcome) -> None:
        summary.failed += 1
        record = {
            "submission": str(outcome.folder),
            "error": outcome.error,
            "reason": outcome.reason,
        }
        with failures.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        summary.rows.append(failure_to_row(outcome.folder, outcome))

    jobs = plan_jobs(list(order), out_dir, summary, record_failure)
    progress.start(len(jobs))
    try:
        for outcome in runner(jobs, config, lang):
            if outcome.files is None:
                record_failure(outcome)
                progress.advance(f"{outcome.folder.name}: FAILED ({outcome.reason})")
                continue
            write_report_files(outcome.files, out_dir)
            report = json.loads(outcome.files.json_text)
            summary.processed += 1
            count_report(summary, outcome.folder, report)
            ms = report["timings_ms"]["total"]
            progress.advance(f"{outcome.folder.name}: {report['overall']} ({ms / 1000:.1f} s)")
    finally:
        progress.stop()
    summary.rows.sort(key=lambda row: order.get(Path(row["folder"]), len(order)))
    atomic_write(out_dir / "summary.csv", rows_to_csv(summary.rows))
    summary.seconds = time.perf_counter() - started
    return summary


def summary_to_table(summary: BatchSummary, out_dir: Path) -> str:
    rows = [f"{'slot':<18}" + "".join(f"{s:>15}" for s in STATUSES)]
    for slot in SLOTS:
        rows.append(f"{slot:<18}" + "".join(f"{summary.slots[slot][s]:>15}" for s in STATUSES))
    rows.append(f"{'overall':<18}" + "".join(f"{summary.overall[s]:>15}" for s in STATUSES))
    if summary.reasons:
        rows.append("")
        rows.append("reasons (slots):")
        rows += [f"  {code:<26}{n:>6}" for code, n in sorted(summary.reasons.items())]
    rows.append("")
    rows.append(
        f"{summary.processed} verified, {summary.skipped} skipped (already reported), "
        f"{summary.failed} failed, in {summary.seconds:.1f} s"
    )
    rows.append(f"reports: {out_dir}/<submission_id>.json and .html; table: {out_dir}/summary.csv")
    if summary.failed:
        rows.append(f"failures: {out_dir / 'failures.jsonl'}")
    return "\n".join(rows)
