"""Ablation: what each preprocessing step buys, in fields read right (issue #6).

    .venv/bin/python scripts/ablate.py [--baseline FILE] [--workers N] [--step NAME ...]

For each step the default pipeline is copied with the step left out of every slot (for
orientation: ``[ocr] orientation = false``) and the fixture documents are read again.

Reading all 390 documents again per step takes ~10 minutes, so a document is read again
only where the step changed what OCR gets: its preprocessing is run with and without the
step, and if the pages come out the same (image, the unscaled page OCR turns a quarter
from, outline, glare) the document would read the same, and it keeps its outcome in the
baseline. The baseline must therefore be a run of the code as it is (``docextract eval
fixtures --save``); the committed ``fixtures/baseline.json`` is. Orientation acts inside
OCR, so for it every image document is read again.

Prints, per step and variant, fields right with the step and without it, and the mean
time the step takes per document.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from fixturegen.build import FRONT_VARIANTS

from docextract._context import DocContext, DocumentOutline, Image, Polygon
from docextract._pipeline import build_pipeline
from docextract.config import load_pipeline
from docextract.evaluate import DocumentOutcome, EvalRun, load_baseline, run_eval

REPO = Path(__file__).resolve().parents[1]
DEFAULT_PIPELINE = REPO / "pipelines" / "default.toml"
FIXTURES = REPO / "fixtures"
DOCUMENTS = FIXTURES / "documents"
ORIENTATION = "ocr.orientation"
# The steps that change pixels; preprocess.quality.v1 only measures (its gates are tested
# on their own), so leaving it out says nothing about OCR.
STEPS = (
    *(
        name
        for name in load_pipeline().slots["extract"].stages
        if name.startswith("preprocess.") and name != "preprocess.quality.v1"
    ),
    ORIENTATION,
)
# Stages that need what a step provides go with it (the glare found is what
# quality.glare.v1 holds fields under).
DEPENDENTS = {"preprocess.glare.v1": ("quality.glare.v1",)}
VARIANTS = ("clean", "scan", "image_pdf", *FRONT_VARIANTS)


def pipeline_without(step: str, folder: Path) -> Path:
    """The default pipeline file with ``step`` left out, written into ``folder``."""
    text = DEFAULT_PIPELINE.read_text(encoding="utf-8")
    if step == ORIENTATION:
        changed = re.sub(r"(?m)^orientation = true$", "orientation = false", text)
    else:
        changed = text
        for name in (step, *DEPENDENTS.get(step, ())):
            # "name", before another stage, or , "name" last in its list
            quoted = re.escape(f'"{name}"')
            changed = re.sub(rf"{quoted},\s*|,\s*{quoted}(?=\s*\])", "", changed)
    path = folder / f"without-{step}.toml"
    path.write_text(changed, encoding="utf-8")
    config = load_pipeline(path)
    for slot in config.slots.values():
        build_pipeline(slot.stages)  # a stage that needs the step's output is left out too
    # A pipeline file edited so that nothing changed would report "the step does nothing".
    kept = [s for slot in config.slots.values() for s in slot.stages if s == step]
    if changed == text or kept or (step == ORIENTATION and config.ocr.orientation):
        raise SystemExit(f"could not leave {step} out of {DEFAULT_PIPELINE}")
    return path


def _digest(image: Image | None) -> str:
    return "" if image is None else hashlib.sha1(np.ascontiguousarray(image).tobytes()).hexdigest()


@dataclass(frozen=True)
class PageSignature:
    """What OCR gets of a page: two pages with equal signatures read the same."""

    image: str
    unscaled: str
    steps: tuple[str, ...]
    document: DocumentOutline | None
    glare: tuple[Polygon, ...]


@dataclass(frozen=True)
class Signature:
    status: str | None
    pages: tuple[PageSignature, ...]

    def without(self, step: str) -> Signature:
        """As if ``step`` were not in the pages' lists of pixel steps run: where a gated
        step left a page alone, only its name there differs."""
        pages = tuple(replace(p, steps=tuple(s for s in p.steps if s != step)) for p in self.pages)
        return replace(self, pages=pages)

    @property
    def has_image(self) -> bool:
        return any(p.image for p in self.pages)


def preprocessed_signature(job: tuple[Path, Path | None]) -> Signature:
    path, pipeline = job
    config = load_pipeline(pipeline)
    names = config.slots["extract"].stages
    ctx = build_pipeline(names[: names.index("ocr.tesseract.v1")])(
        DocContext(source=path, config=config, slot=None)
    )
    pages = tuple(
        PageSignature(_digest(p.image), _digest(p.unscaled), p.steps, p.document, p.glare)
        for p in ctx.pages
    )
    return Signature(ctx.status, pages)


def right_per_variant(documents: Iterable[DocumentOutcome]) -> dict[str, list[int]]:
    """variant -> [fields right, fields]."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc in documents:
        c = counts[doc.variant or "clean"]
        c[0] += sum(f.exact for f in doc.fields.values())
        c[1] += len(doc.fields)
    return counts


def ablate(
    step: str, baseline: EvalRun, full: dict[str, Signature], folder: Path, workers: int
) -> tuple[EvalRun, int]:
    """The baseline's documents, those the step changes read again without it."""
    without = pipeline_without(step, folder)
    if step == ORIENTATION:
        changed = {rel for rel, sig in full.items() if sig.has_image}
    else:
        rels = sorted(full)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            sigs = pool.map(preprocessed_signature, [(DOCUMENTS / r, without) for r in rels])
            changed = {r for r, sig in zip(rels, sigs, strict=True) if sig != full[r].without(step)}
    again = run_eval(DOCUMENTS, pipeline=without, workers=workers, only=changed.__contains__)
    by_rel = {f"documents/{d.rel}": d for d in again.documents}
    kept = [by_rel.get(d.rel, d) for d in baseline.documents]
    return EvalRun(kept, [], {}, again.wall_seconds), len(changed)


def mean_ms(run: EvalRun, step: str) -> float:
    times = [d.timings_ms.get(step, 0.0) for d in run.documents]
    return sum(times) / len(times) if times else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--baseline", type=Path, default=FIXTURES / "baseline.json")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--step", action="append", choices=STEPS, help="only this step (repeatable); default all"
    )
    args = parser.parse_args()
    saved = load_baseline(args.baseline)
    docs = [d for d in saved.documents if d.rel.startswith("documents/")]
    baseline = EvalRun(docs, [], {}, saved.wall_seconds)
    rels = [d.rel.removeprefix("documents/") for d in docs]
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        sigs = pool.map(preprocessed_signature, [(DOCUMENTS / r, None) for r in rels])
        full = dict(zip(rels, sigs, strict=True))

    right = right_per_variant(baseline.documents)
    variants = [v for v in VARIANTS if v in right]

    def row(label: str, again: str, ms: str, cells: list[str]) -> str:
        return f"{label:<26}{again:>7}{ms:>8}" + "".join(f"{c:>10}" for c in cells)

    rows = [
        row("left out", "read", "ms/doc", [*variants, "all"]),
        row(
            "(none: baseline)",
            "",
            "",
            [str(right[v][0]) for v in [*variants]] + [str(sum(c[0] for c in right.values()))],
        ),
    ]
    print("\n".join(rows), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for step in args.step or STEPS:
            run, n = ablate(step, baseline, full, Path(tmp), args.workers)
            counts = right_per_variant(run.documents)
            diffs = [counts[v][0] - right[v][0] for v in variants]
            ms = "" if step == ORIENTATION else f"{mean_ms(baseline, step):.0f}"
            rows.append(row(step, str(n), ms, [f"{d:+d}" for d in [*diffs, sum(diffs)]]))
            print(rows[-1], flush=True)
    print("\nfields right with every step, and the change when one step is left out")
    print("(read: documents whose preprocessing the step changed, read again without it):")
    print("\n".join(rows))
    print("fields per variant: " + ", ".join(f"{v} {right[v][1]}" for v in variants))


if __name__ == "__main__":
    main()
