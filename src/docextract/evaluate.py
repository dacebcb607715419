"""Score the pipeline against a corpus with ground truth, and compare runs.

A corpus folder holds documents (any file with a ``<stem>.json`` ground truth beside it,
``{"document_type": …, ["variant": …,] "fields": {…}}``) and submission folders (a
``submission.json`` with an ``expected.json`` beside it). Documents are read with
``extract``, submissions with ``verify``; what was read is scored against the truth.

A run is saved as its per-document and per-slot outcomes, not only as totals, so any
subset of a later run can be compared with the same subset of a saved one: that is
what the regression gate in the tests does with ``fixtures/baseline.json``.
"""

from __future__ import annotations

import json
import os
import statistics
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from rapidfuzz.distance import Levenshtein

from docextract.api import extract_file, verify_submission
from docextract.config import SLOTS, PipelineConfig, load_pipeline
from docextract.exceptions import UsageError
from docextract.text.normalize import fold_text, normalize_address, normalize_name

BASELINE_VERSION = 1
STATUSES = ("approve", "review", "reject", "not_submitted")
# Input paths a document can come through; the variant names are the fixture builder's.
BUCKETS = ("clean", "scan", "photo")
SCAN_VARIANTS = frozenset({"scan", "image_pdf"})
# A rate within half a point of the baseline is "same": one document in two hundred.
SAME_RATE = 0.005
# Times wobble by a few percent between runs on one machine; within 15% is "same".
SAME_TIME_RATIO = 0.15


def bucket_of(variant: str) -> str:
    if variant in ("", "clean"):
        return "clean"
    return "scan" if variant in SCAN_VARIANTS else "photo"


def comparable(key: str, value: str) -> str:
    """The form two values are compared in: what the matchers would consider equal."""
    if key in ("name", "name_kana", "name_latin"):
        return normalize_name(value)
    if key == "address":
        return normalize_address(value)
    return fold_text(value).replace(" ", "")


# --- the corpus ------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentCase:
    rel: str
    truth: dict[str, Any]


@dataclass(frozen=True)
class SubmissionCase:
    rel: str
    expected: dict[str, Any]


def _truth_of(path: Path) -> dict[str, Any] | None:
    side = path.with_suffix(".json")
    if path.suffix == ".json" or not side.is_file():
        return None
    try:
        truth = json.loads(side.read_text(encoding="utf-8"))
    except ValueError:
        return None
    return truth if isinstance(truth, dict) and "document_type" in truth else None


def find_cases(
    root: Path, only: Callable[[str], bool] | None = None
) -> tuple[list[DocumentCase], list[SubmissionCase]]:
    """Every scored document and submission under ``root``, in path order."""
    docs: list[DocumentCase] = []
    subs: list[SubmissionCase] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if only is not None and not only(rel):
            continue
        if path.is_dir():
            expected = path / "expected.json"
            if (path / "submission.json").is_file() and expected.is_file():
                subs.append(SubmissionCase(rel, json.loads(expected.read_text(encoding="utf-8"))))
        elif path.is_file() and (truth := _truth_of(path)) is not None:
            docs.append(DocumentCase(rel, truth))
    return docs, subs


# --- outcomes --------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldOutcome:
    expected: str
    got: str | None
    exact: bool
    similarity: float


@dataclass
class DocumentOutcome:
    rel: str
    document_type: str
    variant: str
    got_type: str
    seconds: float
    fields: dict[str, FieldOutcome] = field(default_factory=dict)
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def bucket(self) -> str:
        return bucket_of(self.variant)


@dataclass(frozen=True)
class SlotOutcome:
    submission: str
    slot: str
    expected_status: str
    got_status: str
    expected_reasons: tuple[str, ...]
    got_reasons: tuple[str, ...]


@dataclass
class EvalRun:
    documents: list[DocumentOutcome]
    slots: list[SlotOutcome]
    submission_seconds: dict[str, float]
    wall_seconds: float


def score_field(key: str, expected: str, got: str | None) -> FieldOutcome:
    if got is None:
        return FieldOutcome(expected, None, False, 0.0)
    a, b = comparable(key, expected), comparable(key, got)
    return FieldOutcome(expected, got, a == b, round(Levenshtein.normalized_similarity(a, b), 4))


def extraction_to_outcome(
    case: DocumentCase, got: dict[str, Any], seconds: float
) -> DocumentOutcome:
    outcome = DocumentOutcome(
        rel=case.rel,
        document_type=case.truth["document_type"],
        variant=case.truth.get("variant", "clean"),
        got_type=got.get("document_type") or got.get("error", "unknown"),
        seconds=round(seconds, 3),
        timings_ms=got.get("timings_ms", {}),
    )
    read = got.get("fields", {})
    for key, spec in case.truth.get("fields", {}).items():
        value = read.get(key, {}).get("value")
        outcome.fields[key] = score_field(key, str(spec["value"]), value)
    return outcome


def report_to_outcomes(case: SubmissionCase, report: dict[str, Any]) -> list[SlotOutcome]:
    out = []
    for slot in SLOTS:
        exp = case.expected["slots"][slot]
        got = report["slots"][slot]
        out.append(
            SlotOutcome(
                case.rel,
                slot,
                exp["status"],
                got["status"],
                tuple(exp["reasons"]),
                tuple(got["reasons"]),
            )
        )
    return out


# --- running ---------------------------------------------------------------------------


@cache
def _worker_config(pipeline: str | None) -> PipelineConfig:
    return load_pipeline(Path(pipeline) if pipeline else None)


def _run_document(root: str, case: DocumentCase, pipeline: str | None) -> DocumentOutcome:
    started = time.perf_counter()
    got = extract_file(Path(root) / case.rel, config=_worker_config(pipeline))
    return extraction_to_outcome(case, got, time.perf_counter() - started)


def _run_submission(
    root: str, case: SubmissionCase, pipeline: str | None
) -> tuple[list[SlotOutcome], float]:
    started = time.perf_counter()
    report = verify_submission(Path(root) / case.rel, config=_worker_config(pipeline)).report
    return report_to_outcomes(case, report), time.perf_counter() - started


def run_eval(
    root: Path,
    *,
    pipeline: Path | None = None,
    workers: int = 1,
    only: Callable[[str], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> EvalRun:
    """Read every case under ``root`` (in ``workers`` processes) and collect outcomes."""
    docs, subs = find_cases(root, only)
    started = time.perf_counter()
    pipe = str(pipeline) if pipeline else None
    total, done = len(docs) + len(subs), 0
    documents: list[DocumentOutcome] = []
    slots: list[SlotOutcome] = []
    sub_seconds: dict[str, float] = {}

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    if workers <= 1:
        for d in docs:
            documents.append(_run_document(str(root), d, pipe))
            tick()
        for s in subs:
            outcomes, secs = _run_submission(str(root), s, pipe)
            slots.extend(outcomes)
            sub_seconds[s.rel] = secs
            tick()
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # Submissions first: they are the longest jobs, so the pool ends evenly.
            sub_futures = [(s, pool.submit(_run_submission, str(root), s, pipe)) for s in subs]
            doc_futures = [pool.submit(_run_document, str(root), d, pipe) for d in docs]
            for s, sf in sub_futures:
                outcomes, secs = sf.result()
                slots.extend(outcomes)
                sub_seconds[s.rel] = secs
                tick()
            for df in doc_futures:
                documents.append(df.result())
                tick()
    return EvalRun(documents, slots, sub_seconds, time.perf_counter() - started)


# --- figures ---------------------------------------------------------------------------

Direction = Literal["higher", "lower"]


@dataclass(frozen=True)
class Figure:
    value: float
    better: Direction
    n: int = 0


def field_rates(
    documents: Iterable[DocumentOutcome], key: Callable[[DocumentOutcome, str], str]
) -> dict[str, tuple[float, float, int]]:
    """(exact rate, mean similarity, count) per group that ``key`` puts each field in."""
    hits: dict[str, list[FieldOutcome]] = defaultdict(list)
    for doc in documents:
        for name, f in doc.fields.items():
            hits[key(doc, name)].append(f)
    return {
        group: (
            sum(f.exact for f in fs) / len(fs),
            sum(f.similarity for f in fs) / len(fs),
            len(fs),
        )
        for group, fs in hits.items()
    }


def reason_recall(slots: Iterable[SlotOutcome]) -> dict[str, tuple[int, int]]:
    """Per expected reason code: (slots where it was expected, slots where it was also given)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in slots:
        for code in s.expected_reasons:
            counts[code][0] += 1
            counts[code][1] += code in s.got_reasons
    return {code: (n, found) for code, (n, found) in sorted(counts.items())}


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_to_figures(run: EvalRun) -> dict[str, Figure]:
    """Every number the eval prints, under a stable name, with which way is better."""
    figs: dict[str, Figure] = {}
    per_type = field_rates(run.documents, lambda d, f: f"field.{d.document_type}.{f}.{d.bucket}")
    for name, (exact, sim, n) in per_type.items():
        figs[name + ".exact"] = Figure(exact, "higher", n)
        figs[name + ".similarity"] = Figure(sim, "higher", n)
    for name, (exact, _, n) in field_rates(
        run.documents, lambda d, f: f"overall.{d.bucket}"
    ).items():
        figs[name + ".exact"] = Figure(exact, "higher", n)
    for name, (exact, _, n) in field_rates(
        run.documents, lambda d, f: f"variant.{d.variant}"
    ).items():
        figs[name + ".exact"] = Figure(exact, "higher", n)
    types: dict[str, list[bool]] = defaultdict(list)
    for d in run.documents:
        types[d.document_type].append(d.got_type == d.document_type)
    for t, ok in types.items():
        figs[f"type.{t}.accuracy"] = Figure(sum(ok) / len(ok), "higher", len(ok))
    for slot in SLOTS:
        rows = [s for s in run.slots if s.slot == slot]
        if not rows:
            continue
        n = len(rows)
        false_approvals = sum(s.got_status == "approve" != s.expected_status for s in rows)
        figs[f"slot.{slot}.false_approvals"] = Figure(false_approvals, "lower", n)
        figs[f"slot.{slot}.review_rate"] = Figure(
            sum(s.got_status == "review" for s in rows) / n, "lower", n
        )
        figs[f"slot.{slot}.status_accuracy"] = Figure(
            sum(s.got_status == s.expected_status for s in rows) / n, "higher", n
        )
    for code, (n, found) in reason_recall(run.slots).items():
        figs[f"reason.{code}.recall"] = Figure(found / n, "higher", n)
    if run.documents:
        secs = [d.seconds for d in run.documents]
        figs["time.document.median_s"] = Figure(statistics.median(secs), "lower", len(secs))
        figs["time.document.p95_s"] = Figure(_percentile(secs, 0.95), "lower", len(secs))
    if run.submission_seconds:
        secs = list(run.submission_seconds.values())
        figs["time.submission.median_s"] = Figure(statistics.median(secs), "lower", len(secs))
    return figs


Verdict = Literal["better", "same", "worse", "new"]


def compare(now: Figure, before: Figure | None, name: str) -> Verdict:
    if before is None:
        return "new"
    if name.startswith("time."):
        ratio = (now.value - before.value) / before.value if before.value else 0.0
        delta = 0.0 if abs(ratio) <= SAME_TIME_RATIO else ratio
    elif name.endswith("false_approvals"):
        delta = now.value - before.value
    else:
        delta = 0.0 if abs(now.value - before.value) < SAME_RATE else now.value - before.value
    if delta == 0:
        return "same"
    return "better" if (delta > 0) == (now.better == "higher") else "worse"


# --- saving and loading ----------------------------------------------------------------


def run_to_json(run: EvalRun) -> dict[str, Any]:
    figures = run_to_figures(run)
    return {
        "version": BASELINE_VERSION,
        "figures": {k: asdict(v) for k, v in sorted(figures.items())},
        "documents": [asdict(d) for d in run.documents],
        "slots": [asdict(s) for s in run.slots],
        "submission_seconds": {k: round(v, 3) for k, v in run.submission_seconds.items()},
        "wall_seconds": round(run.wall_seconds, 1),
    }


def run_from_json(data: dict[str, Any]) -> EvalRun:
    if data.get("version") != BASELINE_VERSION:
        raise ValueError(f"baseline version {data.get('version')!r}, expected {BASELINE_VERSION}")
    docs = []
    for d in data["documents"]:
        fields = {k: FieldOutcome(**v) for k, v in d.pop("fields").items()}
        docs.append(DocumentOutcome(**d, fields=fields))
    slots = [
        SlotOutcome(
            **{
                **s,
                "expected_reasons": tuple(s["expected_reasons"]),
                "got_reasons": tuple(s["got_reasons"]),
            }
        )
        for s in data["slots"]
    ]
    return EvalRun(docs, slots, data["submission_seconds"], data["wall_seconds"])


def load_baseline(path: Path) -> EvalRun:
    """A run saved with ``--save``; a clear usage error when it is not one."""
    try:
        return run_from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise UsageError(
            f"cannot use {path} as a baseline ({e}); "
            "save one with `docextract eval DIR --save FILE`"
        ) from e


def restrict(run: EvalRun, documents: set[str], submissions: set[str]) -> EvalRun:
    """The part of a saved run that covers the same cases as another run."""
    return EvalRun(
        [d for d in run.documents if d.rel in documents],
        [s for s in run.slots if s.submission in submissions],
        {k: v for k, v in run.submission_seconds.items() if k in submissions},
        run.wall_seconds,
    )


# --- printing --------------------------------------------------------------------------

MARKS: dict[Verdict, str] = {"better": "▲", "same": " ", "worse": "▼", "new": "+"}


class Table:
    """Plain-text columns; a mark column follows each figure when a baseline is given."""

    def __init__(self, headers: Sequence[str]) -> None:
        self.rows: list[list[str]] = [list(headers)]

    def add(self, *cells: str) -> None:
        self.rows.append(list(cells))

    def render(self) -> str:
        widths = [max(_width(r[i]) for r in self.rows) for i in range(len(self.rows[0]))]
        lines = []
        for row in self.rows:
            cells = [c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)


def _width(s: str) -> int:
    # East Asian wide characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


@dataclass
class Comparison:
    figures: dict[str, Figure]
    baseline: dict[str, Figure] | None
    verdicts: dict[str, Verdict] = field(default_factory=dict)

    def mark(self, name: str) -> str:
        if self.baseline is None or name not in self.figures:
            return ""
        verdict = compare(self.figures[name], self.baseline.get(name), name)
        self.verdicts[name] = verdict
        return MARKS[verdict]

    def pct(self, name: str) -> str:
        fig = self.figures.get(name)
        if fig is None:
            return "-"
        return f"{fig.value * 100:5.1f}%{self.mark(name)}"


def format_run(run: EvalRun, baseline: EvalRun | None = None) -> str:
    """The eval report: fields by type and input path, slots, reasons, time."""
    figs = run_to_figures(run)
    cmp = Comparison(figs, run_to_figures(baseline) if baseline else None)
    out: list[str] = []
    if run.documents:
        out.append(
            f"Fields: exact match after normalization (mean character similarity), "
            f"{len(run.documents)} documents"
        )
        t = Table(
            ["type", "field", *(f"{b} exact" for b in BUCKETS), *(f"{b} sim" for b in BUCKETS), "n"]
        )
        # "field.<type>.<field>.<bucket>.exact" -> "field.<type>.<field>"
        groups = {k.rsplit(".", 2)[0] for k in figs if k.startswith("field.")}
        for base in sorted(groups):
            _, doc_type, key = base.split(".", 2)
            n = sum(figs[f"{base}.{b}.exact"].n for b in BUCKETS if f"{base}.{b}.exact" in figs)
            t.add(
                doc_type,
                key,
                *(cmp.pct(f"{base}.{b}.exact") for b in BUCKETS),
                *(
                    f"{figs[f'{base}.{b}.similarity'].value:.3f}"
                    if f"{base}.{b}.similarity" in figs
                    else "-"
                    for b in BUCKETS
                ),
                str(n),
            )
        t.add("all", "all", *(cmp.pct(f"overall.{b}.exact") for b in BUCKETS), "", "", "", "")
        out.append(t.render())
        out.append("")
        t = Table(["variant", "fields exact", "n"])
        for name in sorted(k for k in figs if k.startswith("variant.")):
            t.add(name.split(".")[1], cmp.pct(name), str(figs[name].n))
        out.append(t.render())
        out.append("")
        t = Table(["type", "classified correctly", "n"])
        for name in sorted(k for k in figs if k.startswith("type.")):
            t.add(name.split(".")[1], cmp.pct(name), str(figs[name].n))
        out.append(t.render())
        out.append("")
    if run.slots:
        out.append(f"Slots: {len({s.submission for s in run.slots})} submissions")
        for slot in SLOTS:
            rows = [s for s in run.slots if s.slot == slot]
            if not rows:
                continue
            fa, rr, acc = (
                f"slot.{slot}.{k}" for k in ("false_approvals", "review_rate", "status_accuracy")
            )
            out.append(
                f"{slot}: false approvals {int(figs[fa].value)}{cmp.mark(fa)}  "
                f"review rate {cmp.pct(rr).strip()}  status accuracy {cmp.pct(acc).strip()}"
            )
            confusion = Counter((s.expected_status, s.got_status) for s in rows)
            t = Table(["  expected \\ got", *STATUSES])
            for e in STATUSES:
                if any(confusion[(e, g)] for g in STATUSES):
                    t.add(f"  {e}", *(str(confusion[(e, g)]) for g in STATUSES))
            out.append(t.render())
        out.append("")
        t = Table(["reason", "expected", "found", "recall"])
        for code, (n, found) in reason_recall(run.slots).items():
            t.add(code, str(n), str(found), cmp.pct(f"reason.{code}.recall"))
        out.append(t.render())
        out.append("")
    out.append(format_times(run, figs, cmp))
    if baseline is not None:
        out.append("")
        out.append(format_changes(cmp))
    return "\n".join(out)


def format_times(run: EvalRun, figs: dict[str, Figure], cmp: Comparison) -> str:
    lines = []
    if run.documents:
        med, p95 = "time.document.median_s", "time.document.p95_s"
        lines.append(
            f"Time per document: median {figs[med].value:.2f} s{cmp.mark(med)}, "
            f"p95 {figs[p95].value:.2f} s{cmp.mark(p95)}"
        )
        stages: dict[str, list[float]] = defaultdict(list)
        for d in run.documents:
            for stage, ms in d.timings_ms.items():
                stages[stage].append(ms)
        if stages:
            lines.append(
                "  per stage (mean): "
                + ", ".join(f"{s} {sum(v) / len(run.documents):.0f} ms" for s, v in stages.items())
            )
    if run.submission_seconds:
        med = "time.submission.median_s"
        lines.append(f"Time per submission: median {figs[med].value:.2f} s{cmp.mark(med)}")
    lines.append(f"Wall time {run.wall_seconds:.1f} s")
    return "\n".join(lines)


def format_changes(cmp: Comparison) -> str:
    """PassportEye style: name what got better and what got worse."""
    for name in cmp.figures:  # mark everything, printed or not
        cmp.mark(name)
    lines = []
    for verdict in ("worse", "better"):
        names = sorted(n for n, v in cmp.verdicts.items() if v == verdict)
        lines.append(f"{verdict}: {len(names)}")
        assert cmp.baseline is not None
        for n in names:
            lines.append(f"  {n}: {_fmt(n, cmp.baseline[n])} -> {_fmt(n, cmp.figures[n])}")
    same = sum(v == "same" for v in cmp.verdicts.values())
    new = sum(v == "new" for v in cmp.verdicts.values())
    lines.append(f"same: {same}, new: {new}")
    return "\n".join(lines)


def _fmt(name: str, fig: Figure) -> str:
    if name.startswith("time."):
        return f"{fig.value:.2f} s"
    if name.endswith("false_approvals"):
        return str(int(fig.value))
    return f"{fig.value * 100:.1f}%"


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))
