"""fixtures/README.md, generated from the manifest so it can never drift from the files."""

from __future__ import annotations

from .output import Writer

_HEAD = """\
# Test fixtures (generated)

Synthetic KYC documents and submissions for docextract: every identity type of the
contract (both sides where the card has one, the passport data page with a valid TD3
MRZ), the My Number notification card and 個人番号通知書, the eight proof-of-address
types, and look-alikes that must be refused (shop receipt, mobile phone bill, order
confirmation). **Everything is invented**: people come from seeded fakers (`ja_JP`, and
`vi_VN`/`en_US`/`zh_CN` plus a small kanji table for foreign residents); numbers from
seeded RNGs with valid check digits (licence, My Number, MRZ); town names and postal
codes are real geography. Document photos are grey silhouettes. The only real faces are
the test photos in `/work/shared/data/faces/` (see its README: test use only): they are
composited into the submissions' selfies and, so that face matching can be judged, into
the ID photo of the submissions' `id_front` files.

Do not edit by hand. Regenerate (same bytes on the same library versions):

```
make fixtures        # or: .venv/bin/python scripts/make_fixtures.py [--out fixtures]
```

`tests/test_fixtures_gen.py` regenerates into a temporary folder and checks the
ground truth JSON and the file list against this folder, that every type exists clean
and photographed, that every reason code is expected at least twice, and the size budget.

Ground truth: every document `X.ext` has `X.json` beside it, in the report's field shape:
`{"document_type": …, ["variant": …,] "fields": {"name": {"value": …}, …}}`. Values are
the printed text after NFKC and whitespace folding; dates are ISO; numbers the report must
mask (My Number, health insurance 記号・番号) are given masked. A back carries `address`
only when it has an address-change entry (the latest one). Fields of a multi-page PDF
carry `"page"`. Variants repeat the fields of their clean original:

- paper: the text-layer PDF (clean), `scan` (200 dpi grey scan, JPEG q85), `image_pdf` (the
  scan wrapped in a PDF with no text layer);
- captures, one problem each: `photo` (perspective on a desk, glare, blur, noise, JPEG
  q60), `blur`, `noise` (low light), `glare`, `jpeg60`, `lowres`, `rot90`, `rot180`.
  Card fronts get all eight, backs `photo` and `rot180`, and the first one-page
  paper document of each type all eight.

Submissions follow CONTRACT.md §1: `submission.json`, the slot files and
`expected.json` with the status and reasons the contract expects per slot (selfies
included, whatever docextract answers today). Reference date: `submitted_on` =
2026-11-20. `fixtures/baseline.json` is the committed `docextract eval` run over this
folder (see the top-level README).

"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def write_readme(w: Writer) -> None:
    lines = [_HEAD, "| File | Type | Variant | Purpose |", "|---|---|---|---|"]
    for e in sorted(w.entries, key=lambda e: e.path):
        lines.append(f"| `{e.path}` | {e.doc_type} | {e.variant} | {_cell(e.purpose)} |")
    (w.root / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
