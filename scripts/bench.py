"""Benchmark: where a submission's time goes, and what parallel workers buy.

    .venv/bin/python scripts/bench.py [INBOX] [-n N] [--pipeline FILE] [--profile FILE]

INBOX defaults to the bundled fixture submissions; the first N (default 12) are run:

1. one by one in this process, recording the time of every stage per slot and per
   submission (median and p95), the HTML rendering included;
2. one bare ``tesseract`` pass (the pipeline's language and page segmentation, no
   preprocessing, PDFs rendered at the pipeline's dpi first, not counted) over the same
   uploads, in the same run, so the ratio docextract / bare Tesseract is measured on this
   machine as it is now;
3. the same submissions as a batch with 2 worker processes, for the speed-up over (1)
   and each worker's peak memory (the worker plus the programs it ran).

"Clean" submissions are those whose expected verdict is approve (good captures of valid
documents). Targets (issue #7): ratio <= 1.0 on clean submissions, p95 <= 1.5x median per
submission, peak memory <= 1 GB per worker, 2 workers >= 1.8x one. With ``--profile``,
pass (1) runs under pyinstrument and its text profile is written to FILE.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import psutil
from pdf2image import convert_from_path

from docextract.api import render_report, verify_submission
from docextract.batch import process_runner, run_batch
from docextract.config import PipelineConfig, load_pipeline
from docextract.submission import load_submission

REPO = Path(__file__).resolve().parents[1]
TARGETS = {"ratio": 1.0, "p95_over_median": 1.5, "peak_mb": 1024.0, "speedup": 1.8}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def bare_tesseract_ms(path: Path, config: PipelineConfig) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        images = [path]
        if path.suffix.lower() == ".pdf":
            pages = convert_from_path(str(path), dpi=config.ocr.pdf_dpi)
            images = [Path(tmp) / f"page{n}.png" for n in range(len(pages))]
            for page, image in zip(pages, images, strict=True):
                page.save(image)
        started = time.perf_counter()
        for image in images:
            subprocess.run(
                ["tesseract", str(image), "-", "-l", config.ocr.lang, "--psm", str(config.ocr.psm)],
                check=True,
                capture_output=True,
            )
        return (time.perf_counter() - started) * 1000


def is_clean(folder: Path) -> bool:
    expected = folder / "expected.json"
    return expected.is_file() and json.loads(expected.read_text("utf-8"))["overall"] == "approve"


class TreeMemory:
    """Peak resident memory of each worker process of this one, with the programs it runs.

    Sampled every 50 ms: ``ru_maxrss`` cannot say it, as a forked child is charged with
    its parent's pages until it execs Tesseract.
    """

    def __init__(self) -> None:
        self.peak_mb: dict[int, float] = defaultdict(float)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.05):
            for worker in me.children():
                with contextlib.suppress(psutil.Error):
                    tree = [worker, *worker.children(recursive=True)]
                    rss = sum(p.memory_info().rss for p in tree) / 2**20
                    self.peak_mb[worker.pid] = max(self.peak_mb[worker.pid], rss)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@contextlib.contextmanager
def profiled(target: Path | None) -> Iterator[None]:
    if target is None:
        yield
        return
    from pyinstrument import Profiler

    profiler = Profiler()
    profiler.start()
    try:
        yield
    finally:
        profiler.stop()
        target.write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
        print(f"profile written to {target}")


def line(label: str, values: list[float], unit: str = "ms") -> str:
    if not values:
        return f"  {label:<34} -"
    return (
        f"  {label:<34}{statistics.median(values):>9.0f}{p95(values):>9.0f}"
        f"{sum(values):>10.0f} {unit}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("inbox", nargs="?", type=Path, default=REPO / "fixtures" / "submissions")
    parser.add_argument("-n", type=int, default=12, help="submissions to run (default 12)")
    parser.add_argument("--pipeline", type=Path)
    parser.add_argument("--profile", type=Path, metavar="FILE")
    args = parser.parse_args()
    config = load_pipeline(args.pipeline)
    folders = sorted(p for p in args.inbox.iterdir() if (p / "submission.json").is_file())[: args.n]

    # (1) serial, in this process
    stage_ms: dict[str, list[float]] = defaultdict(list)
    slot_ms: dict[str, list[float]] = defaultdict(list)
    submission_ms: dict[Path, float] = {}
    with profiled(args.profile):
        serial_started = time.perf_counter()
        for folder in folders:
            started = time.perf_counter()
            verification = verify_submission(folder, config=config)
            render_started = time.perf_counter()
            render_report(verification)
            stage_ms["report.html"].append((time.perf_counter() - render_started) * 1000)
            submission_ms[folder] = (time.perf_counter() - started) * 1000
            for slot, ctx in verification.contexts.items():
                slot_ms[slot].append(sum(ctx.timings_ms.values()))
                for stage, ms in ctx.timings_ms.items():
                    stage_ms[stage].append(ms)
        serial_s = time.perf_counter() - serial_started

    # (2) bare Tesseract over the same uploads
    bare_ms: dict[Path, float] = {}
    for folder in folders:
        sub = load_submission(folder)
        paths = [f.path for f in sub.files.values() if f.path is not None]
        bare_ms[folder] = sum(bare_tesseract_ms(p, config) for p in paths)

    # (3) the batch with 2 workers
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        for folder in folders:
            (inbox / folder.name).symlink_to(folder.resolve(), target_is_directory=True)
        with TreeMemory() as memory:
            summary = run_batch(inbox, Path(tmp) / "out", config=config, runner=process_runner(2))
    parallel_s = summary.seconds

    print(f"{len(folders)} submissions from {args.inbox}\n")
    print(f"  {'':<34}{'median':>9}{'p95':>9}{'total':>10}")
    print("per stage (all slots)")
    for stage in sorted(stage_ms, key=lambda s: -sum(stage_ms[s])):
        print(line(stage, stage_ms[stage]))
    print("per slot")
    for slot, values in slot_ms.items():
        print(line(slot, values))
    per_sub = list(submission_ms.values())
    print("per submission")
    print(line("docextract", per_sub))
    print(line("bare tesseract, same files", list(bare_ms.values())))

    ratios = {f: submission_ms[f] / bare_ms[f] for f in folders if bare_ms[f] > 0}
    clean = [ratios[f] for f in ratios if is_clean(f)]
    spread = p95(per_sub) / statistics.median(per_sub)
    speedup = serial_s / parallel_s
    results = [
        (
            "docextract / bare tesseract, clean",
            statistics.median(clean) if clean else float("nan"),
            TARGETS["ratio"],
            "<=",
        ),
        (
            "docextract / bare tesseract, all",
            statistics.median(ratios.values()),
            TARGETS["ratio"],
            "<=",
        ),
        ("p95 / median per submission", spread, TARGETS["p95_over_median"], "<="),
        (
            "peak memory per worker, MB",
            max(memory.peak_mb.values(), default=0.0),
            TARGETS["peak_mb"],
            "<=",
        ),
        ("speed-up 2 workers over 1", speedup, TARGETS["speedup"], ">="),
    ]
    print(
        f"\n1 worker: {serial_s:.1f} s; 2 workers: {parallel_s:.1f} s "
        f"({summary.processed} verified, {summary.failed} failed)"
    )
    print(f"clean submissions: {len(clean)} of {len(ratios)}\n")
    print(f"  {'figure':<38}{'value':>9}  target")
    for label, value, target, sense in results:
        met = value <= target if sense == "<=" else value >= target
        print(f"  {label:<38}{value:>9.2f}  {sense} {target:<6} {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
