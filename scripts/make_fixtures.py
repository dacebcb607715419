"""Regenerate the synthetic KYC fixtures: ``python scripts/make_fixtures.py [--out fixtures]``.

Deterministic: fixed seeds everywhere and reportlab's invariant mode, so a rerun on
the same library versions rewrites identical bytes. See fixtures/README.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# Run as a script, so the sibling package is not importable without this.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixturegen.build import build

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "fixtures",
        help="output folder (documents/, submissions/, README.md are replaced)",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    writer = build(args.out)
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    docs = sum(e.path.startswith("documents/") for e in writer.entries)
    subs = len({e.path.split("/")[1] for e in writer.entries if e.path.startswith("submissions/")})
    print(
        f"{docs} documents (each with a ground-truth JSON) and {subs} submissions in "
        f"{args.out}: {size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
