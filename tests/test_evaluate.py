"""The eval loop's scoring and comparison, on hand-made outcomes (no OCR)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docextract.evaluate import (
    DocumentOutcome,
    EvalRun,
    Figure,
    SlotOutcome,
    bucket_of,
    compare,
    find_cases,
    format_run,
    load_baseline,
    reason_recall,
    restrict,
    run_from_json,
    run_to_figures,
    run_to_json,
    score_field,
)
from docextract.exceptions import UsageError


def _doc(rel: str, variant: str, **fields: tuple[str, str | None]) -> DocumentOutcome:
    return DocumentOutcome(
        rel=rel,
        document_type="drivers_license",
        variant=variant,
        got_type="drivers_license",
        seconds=2.0,
        fields={k: score_field(k, exp, got) for k, (exp, got) in fields.items()},
        timings_ms={"ocr.tesseract.v1": 1500.0},
    )


def _slot(
    sub: str, expected: str, got: str, exp_r: tuple[str, ...] = (), got_r: tuple[str, ...] = ()
) -> SlotOutcome:
    return SlotOutcome(sub, "id_front", expected, got, exp_r, got_r)


def _run(*docs: DocumentOutcome, slots: tuple[SlotOutcome, ...] = ()) -> EvalRun:
    return EvalRun(list(docs), list(slots), {s.submission: 7.0 for s in slots}, 10.0)


def test_fields_are_compared_as_the_matchers_see_them() -> None:
    assert score_field("name", "髙橋 一郎", "高橋一郎").exact
    assert score_field("address", "霞が関二丁目1番2号", "霞が関2-1-2").exact
    assert score_field("issue_date", "2026-10-15", "2026-10-15").exact
    wrong = score_field("name", "山田 太郎", "山田 大郎")
    assert not wrong.exact and 0.7 < wrong.similarity < 1.0
    missing = score_field("name", "山田 太郎", None)
    assert (missing.exact, missing.similarity) == (False, 0.0)


def test_variants_fall_into_input_paths() -> None:
    assert [bucket_of(v) for v in ("clean", "scan", "image_pdf", "photo", "rot180", "blur")] == [
        "clean",
        "scan",
        "scan",
        "photo",
        "photo",
        "photo",
    ]


def test_find_cases_pairs_documents_with_truth_and_submissions_with_expectations(
    tmp_path: Path,
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.png").write_bytes(b"x")
    (tmp_path / "docs" / "a.json").write_text('{"document_type": "passport", "fields": {}}')
    (tmp_path / "docs" / "notes.txt").write_text("no truth beside me")
    (tmp_path / "docs" / "b.png").write_bytes(b"x")
    (tmp_path / "docs" / "b.json").write_text('{"something": "else"}')
    sub = tmp_path / "subs" / "S-1"
    sub.mkdir(parents=True)
    (sub / "submission.json").write_text("{}")
    (sub / "expected.json").write_text('{"slots": {}}')
    (sub / "id_front.png").write_bytes(b"x")
    docs, subs = find_cases(tmp_path)
    assert [d.rel for d in docs] == ["docs/a.png"]
    assert [s.rel for s in subs] == ["subs/S-1"]
    docs, subs = find_cases(tmp_path, only=lambda rel: rel.startswith("subs"))
    assert (docs, [s.rel for s in subs]) == ([], ["subs/S-1"])


def test_figures_count_false_approvals_reviews_and_reason_recall() -> None:
    run = _run(
        slots=(
            _slot("S-1", "approve", "approve"),
            _slot("S-2", "reject", "approve", ("ID_EXPIRED",)),
            _slot("S-3", "reject", "review", ("ID_EXPIRED",)),
            _slot("S-4", "reject", "reject", ("ID_NAME_MISMATCH",), ("ID_NAME_MISMATCH",)),
        )
    )
    figs = run_to_figures(run)
    assert figs["slot.id_front.false_approvals"].value == 1
    assert figs["slot.id_front.review_rate"].value == 0.25
    assert figs["slot.id_front.status_accuracy"].value == 0.5
    assert reason_recall(run.slots) == {"ID_EXPIRED": (2, 0), "ID_NAME_MISMATCH": (1, 1)}


def test_field_figures_split_clean_from_photo() -> None:
    run = _run(
        _doc("a.png", "clean", name=("山田 太郎", "山田 太郎")),
        _doc("a_photo.jpg", "photo", name=("山田 太郎", "山田 大郎")),
        _doc("a_blur.jpg", "blur", name=("山田 太郎", "山田 太郎")),
    )
    figs = run_to_figures(run)
    assert figs["field.drivers_license.name.clean.exact"].value == 1.0
    assert figs["field.drivers_license.name.photo.exact"].value == 0.5
    assert figs["variant.photo.exact"].value == 0.0
    assert figs["variant.blur.exact"].value == 1.0


@pytest.mark.parametrize(
    ("name", "before", "now", "better", "verdict"),
    [
        ("field.x.name.clean.exact", 0.90, 0.95, "higher", "better"),
        ("field.x.name.clean.exact", 0.90, 0.902, "higher", "same"),
        ("field.x.name.clean.exact", 0.90, 0.80, "higher", "worse"),
        ("slot.id_front.review_rate", 0.30, 0.20, "lower", "better"),
        ("slot.id_front.false_approvals", 0, 1, "lower", "worse"),
        ("time.document.median_s", 3.0, 3.3, "lower", "same"),
        ("time.document.median_s", 3.0, 4.0, "lower", "worse"),
    ],
)
def test_compare_marks_each_figure(
    name: str, before: float, now: float, better: str, verdict: str
) -> None:
    assert compare(Figure(now, better), Figure(before, better), name) == verdict  # type: ignore[arg-type]


def test_saved_run_round_trips_and_baseline_marks_what_got_worse(tmp_path: Path) -> None:
    before = _run(
        _doc("a.png", "clean", name=("山田 太郎", "山田 太郎")),
        _doc("b.png", "clean", name=("佐藤 花子", "佐藤 花子")),
        slots=(_slot("S-1", "approve", "approve"),),
    )
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(run_to_json(before), ensure_ascii=False))
    loaded = load_baseline(path)
    assert run_to_figures(loaded) == run_to_figures(before)

    now = _run(
        _doc("a.png", "clean", name=("山田 太郎", "山田 大郎")),
        slots=(_slot("S-1", "approve", "review"),),
    )
    same_cases = restrict(loaded, {"a.png"}, {"S-1"})
    assert [d.rel for d in same_cases.documents] == ["a.png"]
    text = format_run(now, same_cases)
    # name exact and similarity, the clean and the per-variant totals, review rate and
    # status accuracy
    assert "worse: 6" in text
    assert "field.drivers_license.name.clean.exact: 100.0% -> 0.0%" in text
    assert "slot.id_front.review_rate: 0.0% -> 100.0%" in text


def test_a_file_that_is_not_a_saved_run_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "b.json"
    bad.write_text('{"version": 99}')
    with pytest.raises(UsageError, match="--save"):
        load_baseline(bad)
    with pytest.raises(ValueError):
        run_from_json({"version": 99})
