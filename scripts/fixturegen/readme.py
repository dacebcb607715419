"""fixtures/README.md, generated from the manifest so it can never drift from the files."""

from __future__ import annotations

from .output import Writer

_HEAD = """\
# Test fixtures (generated)

Synthetic KYC documents and submissions for docextract. **Everything is invented**:
people come from a seeded faker `ja_JP`, licence serials and customer numbers from
seeded RNGs; town names and postal codes are real geography. Licence photos are grey
silhouettes. The only real face is the test photo from
`/work/shared/data/faces/obama.jpg` (see its README: test use only), composited into
the `selfie_*.jpg` files.

Do not edit by hand. Regenerate (same bytes on the same library versions):

```
.venv/bin/python scripts/make_fixtures.py [--out fixtures]
```

`tests/test_fixtures_gen.py` regenerates into a temporary folder and checks the
ground truth JSON and the file list against this folder.

Ground truth: every document `X.ext` has `X.json` beside it:
`{"document_type": …, ["variant": …,] "fields": {"name": {"value": …}, …}}`. Values are
the printed text after NFKC and whitespace folding; dates are ISO. A licence back
carries `address` only when it has an address-change entry (the latest one). Variants
(`photo`, `rot90`, `scan`, `image_pdf`) repeat the fields of their clean original.
Reference date for validity: `submitted_on` = 2026-11-20.

Submissions follow CONTRACT.md §1: `submission.json`, the four slot files (copies of
documents) and `expected.json` with the expected status and reasons per slot. Selfie
checks are not implemented yet, so every selfie is expected `review` and no
submission can be `approve` overall.

"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def write_readme(w: Writer) -> None:
    lines = [_HEAD, "| File | Type | Variant | Purpose |", "|---|---|---|---|"]
    for e in sorted(w.entries, key=lambda e: e.path):
        lines.append(f"| `{e.path}` | {e.doc_type} | {e.variant} | {_cell(e.purpose)} |")
    (w.root / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
