"""Benchmark: per-stage times of the extract pipeline, against bare Tesseract on the same files.

    .venv/bin/python scripts/bench.py [FILES...]   (default: the fixture documents)

Bare Tesseract is the `tesseract` CLI with the pipeline's language and page segmentation
mode on the original file (PDFs: rendered at the pipeline's dpi first, not counted). The
ratio says what preprocessing, orientation and extraction cost on top of OCR. Each file
runs --repeat times and the median is shown.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from pdf2image import convert_from_path

from docextract._context import DocContext
from docextract._pipeline import build_pipeline
from docextract.config import load_pipeline

REPO = Path(__file__).resolve().parents[1]


def bare_tesseract_ms(path: Path, lang: str, psm: int, dpi: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        image = path
        if path.suffix.lower() == ".pdf":
            image = Path(tmp) / "page.png"
            convert_from_path(str(path), dpi=dpi, first_page=1, last_page=1)[0].save(image)
        started = time.perf_counter()
        subprocess.run(
            ["tesseract", str(image), "-", "-l", lang, "--psm", str(psm)],
            check=True,
            capture_output=True,
        )
        return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pipeline", type=Path)
    args = parser.parse_args()
    config = load_pipeline(args.pipeline)
    pipeline = build_pipeline(config.slots["extract"].stages)
    files = args.files or sorted(
        p
        for p in (REPO / "fixtures" / "documents").iterdir()
        if p.suffix.lower() in (".png", ".jpg", ".pdf")
    )
    stage_names = [s.name for s in pipeline.stages]
    header = f"{'file':<28}{'bare ms':>9}{'total ms':>10}{'ratio':>7}  " + "  ".join(
        n.split(".")[0][:10] for n in stage_names
    )
    print(header)
    ratios = []
    for path in files:
        runs: list[dict[str, float]] = []
        bare = []
        for _ in range(args.repeat):
            ctx = pipeline(DocContext(source=path, config=config))
            runs.append(ctx.timings_ms)
            bare.append(
                bare_tesseract_ms(path, config.ocr.lang, config.ocr.psm, config.ocr.pdf_dpi)
            )
        per_stage = {n: statistics.median(r.get(n, 0.0) for r in runs) for n in stage_names}
        total = sum(per_stage.values())
        bare_ms = statistics.median(bare)
        ratios.append(total / bare_ms)
        print(
            f"{path.name[:27]:<28}{bare_ms:>9.0f}{total:>10.0f}{total / bare_ms:>7.2f}  "
            + "  ".join(f"{per_stage[n]:>10.0f}" for n in stage_names)
        )
    if ratios:
        print(f"median ratio pipeline/bare tesseract: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
