"""The regression gate: a fixed slice of the corpus against the committed baseline.

Runs the real pipeline (real Tesseract) on GATE, then compares with the same cases in
fixtures/baseline.json. It fails on any false approval, or when a field's exact-match
rate over the slice falls more than MAX_DROP below the baseline's. To raise the
baseline after an improvement, commit a fresh `docextract eval fixtures --save
fixtures/baseline.json` on its own.
"""

from __future__ import annotations

from fnmatch import fnmatch

import pytest
from support import FIXTURES

from docextract.evaluate import EvalRun, field_rates, load_baseline, restrict, run_eval

pytestmark = pytest.mark.tesseract

BASELINE = FIXTURES / "baseline.json"
# Two points, as the issue that set up the gate asks: on this slice about one field
# read in fifty, so a single lost document fails it.
MAX_DROP = 0.02
# Every ID type's clean front, three backs, phone photos of the commonest fronts and of a
# bill, every proof-of-address type as a text PDF, one scan and one image-only PDF, and
# submissions whose verdicts span approve, reject and review. Chosen to run in about two
# minutes on one core.
GATE = (
    "documents/*_001.png",
    "documents/drivers_license_001_back.png",
    "documents/residence_card_001_back.png",
    "documents/my_number_card_001_back.png",
    "documents/drivers_license_001_photo.jpg",
    "documents/passport_001_photo.jpg",
    "documents/*card_001_photo.jpg",
    "documents/utility_bill_001_photo.jpg",
    "documents/*_002.pdf",
    "documents/utility_bill_003_scan.jpg",
    "documents/tax_receipt_002_image.pdf",
    "submissions/S-2026-00010[1-5]",
)


def in_gate(rel: str) -> bool:
    return any(fnmatch(rel, pattern) for pattern in GATE)


@pytest.fixture(scope="module")
def runs() -> tuple[EvalRun, EvalRun]:
    now = run_eval(FIXTURES, only=in_gate)
    baseline = restrict(
        load_baseline(BASELINE),
        {d.rel for d in now.documents},
        {s.submission for s in now.slots},
    )
    return now, baseline


def test_the_gate_covers_documents_and_submissions_the_baseline_knows(
    runs: tuple[EvalRun, EvalRun],
) -> None:
    now, baseline = runs
    assert len(now.documents) >= 20 and len({s.submission for s in now.slots}) >= 5
    assert {d.rel for d in baseline.documents} == {d.rel for d in now.documents}
    assert {s.submission for s in baseline.slots} == {s.submission for s in now.slots}


def test_no_false_approvals(runs: tuple[EvalRun, EvalRun]) -> None:
    now, _ = runs
    wrong = [
        (s.submission, s.slot, s.expected_status, s.expected_reasons)
        for s in now.slots
        if s.got_status == "approve" != s.expected_status
    ]
    assert wrong == []


def test_no_field_falls_below_the_baseline(runs: tuple[EvalRun, EvalRun]) -> None:
    now, baseline = runs
    by_field = lambda d, f: f  # noqa: E731 - the grouping key: field name alone
    before = field_rates(baseline.documents, by_field)
    after = field_rates(now.documents, by_field)
    drops = {
        name: f"{before[name][0]:.1%} -> {rate:.1%}"
        for name, (rate, _, _) in after.items()
        if rate < before[name][0] - MAX_DROP
    }
    assert drops == {}, "run `docextract eval fixtures --baseline fixtures/baseline.json`"
