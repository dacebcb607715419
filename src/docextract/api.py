"""The public API: verify a submission folder, read single documents, write reports."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2

from docextract._context import DocContext
from docextract._pipeline import build_pipeline
from docextract.config import PipelineConfig, load_pipeline
from docextract.debug import page_to_stage_images
from docextract.doctypes import BY_NAME, LOOKALIKE_BACKS
from docextract.exceptions import ExternalProgramError
from docextract.report import (
    SCHEMA_VERSION,
    field_to_json,
    masked_boxes,
    not_submitted_json,
    overall_status,
    page_to_debug_image,
    report_to_html,
    slot_to_json,
)
from docextract.submission import Submission, load_submission

log = logging.getLogger(__name__)

# id_back runs before id_front: an address entry on the back supersedes the front's.
SLOT_ORDER = ("id_back", "id_front", "selfie", "proof_of_address")
REPORT_SLOT_ORDER = ("id_front", "id_back", "selfie", "proof_of_address")


@dataclass
class Verification:
    report: dict[str, Any]
    contexts: dict[str, DocContext]


def run_pipeline(ctx: DocContext, pipeline_name: str) -> DocContext:
    """Run one slot's pipeline; a failing external program makes the slot a review."""
    pipeline = build_pipeline(ctx.config.slots[pipeline_name].stages)
    try:
        ctx = pipeline(ctx)
    except ExternalProgramError as e:  # MissingDependencyError propagates: it stops the run
        ctx.status, ctx.reasons = "review", []
        ctx.notes.append(f"reading failed: {e.message}")
        log.warning("%s: %s", ctx.source.name, e.message)
    if ctx.work_dir is not None:
        write_debug_images(ctx, ctx.work_dir)
    return ctx


def write_debug_images(ctx: DocContext, folder: Path) -> None:
    """``--keep-temp``: each page as each preprocessing stage left it
    (``<slot>-page<n>-<step>-<stage>.png``, in the order they ran) and as OCR saw it, fields
    boxed (``<slot>-page<n>.png``); protected numbers blacked out of all of them.

    Written only after the fields are read, so that nothing stored on disk ever shows
    an Individual Number (contract §2).
    """
    folder.mkdir(parents=True, exist_ok=True)
    for page in ctx.pages:
        stem = f"{ctx.slot or ctx.source.stem}-page{page.index}"
        image = page_to_debug_image(ctx, page.index)
        if image is not None:
            cv2.imwrite(str(folder / f"{stem}.png"), image)
        masked = masked_boxes(ctx, page.index)
        for step, (stage, staged) in enumerate(page_to_stage_images(page, masked), start=1):
            cv2.imwrite(str(folder / f"{stem}-{step:02d}-{stage}.png"), staged)


def reconcile_id_sides(front: DocContext | None, back: DocContext | None) -> None:
    """Cross-slot rule: the back must belong to the same document family as the front."""
    # A back judged against the profile may be another document's side altogether: then
    # that, not its address, is what the customer must be told. An unreadable back or
    # one whose type is already refused keeps its own reason.
    if front is None or back is None or back.status is None:
        return
    if back.status == "reject" and set(back.reasons) & {"UNREADABLE", "ID_NOTIFICATION_CARD"}:
        return
    f, b = BY_NAME.get(front.document_type or ""), BY_NAME.get(back.document_type or "")
    if f is not None and b is not None and {f.family, b.family} in LOOKALIKE_BACKS:
        back.notes.append(f"read as a {b.name}; its text is the same as the {f.family} back's")
        back.document_type = f"{f.family}_back"
        return
    if f is not None and b is not None and f.family != b.family:
        back.status, back.reasons = "reject", ["ID_BACK_MISMATCH"]
        back.notes.append(f"back is a {b.family} side, front is a {f.family}")


def verify_submission(
    folder: Path,
    *,
    config: PipelineConfig | None = None,
    lang: str = "ja",
    keep_temp: Path | None = None,
) -> Verification:
    """Verify one submission folder and build its report (contract §3)."""
    started = time.perf_counter()
    config = config or load_pipeline()
    sub = load_submission(folder)
    contexts: dict[str, DocContext] = {}
    for slot in SLOT_ORDER:
        ctx = slot_context(sub, slot, config, contexts, keep_temp)
        if ctx is not None:
            contexts[slot] = ctx
    reconcile_id_sides(contexts.get("id_front"), contexts.get("id_back"))
    slots: dict[str, dict[str, Any]] = {}
    for slot in REPORT_SLOT_ORDER:
        if slot in contexts:
            slots[slot] = slot_to_json(contexts[slot], lang)
        elif (
            slot == "id_back"
            and contexts.get("id_front") is not None
            and (contexts["id_front"].document_type == "passport")
        ):
            # A passport has no back: nothing to submit, nothing to judge (contract §2).
            slots[slot] = {
                "status": "approve",
                "document_type": "none",
                "fields": {},
                "matches": {},
                "reasons": [],
                "message": "",
            }
        else:
            slots[slot] = not_submitted_json(lang)
    timings: dict[str, float] = {}
    for ctx in contexts.values():
        for name, ms in ctx.timings_ms.items():
            timings[name] = round(timings.get(name, 0.0) + ms, 1)
    timings["total"] = round((time.perf_counter() - started) * 1000, 1)
    report = {
        "schema_version": SCHEMA_VERSION,
        "submission_id": sub.submission_id,
        "submitted_on": sub.submitted_on.isoformat(),
        "overall": overall_status(slots),
        "slots": slots,
        "timings_ms": timings,
    }
    return Verification(report=report, contexts=contexts)


def slot_context(
    sub: Submission,
    slot: str,
    config: PipelineConfig,
    done: dict[str, DocContext],
    keep_temp: Path | None,
) -> DocContext | None:
    """Run one slot; None when its file was not submitted."""
    slot_file = sub.files[slot]
    if slot_file.path is None and slot_file.unreadable is None:
        return None
    ctx = DocContext(
        source=slot_file.path or sub.folder,
        config=config,
        slot=slot,
        submitted_on=sub.submitted_on,
        profile=sub.profile,
        work_dir=keep_temp / sub.submission_id if keep_temp else None,
    )
    if slot_file.unreadable is not None:
        ctx.status, ctx.reasons = "reject", ["UNREADABLE"]
        ctx.notes.append(slot_file.unreadable)
        return ctx
    back = done.get("id_back")
    if slot == "id_front" and back is not None and back.status != "reject":
        ctx.superseding_address = back.fields.get("address")
    if slot == "selfie":
        ctx.id_front = done.get("id_front")  # its ID photo is what the live face must match
    return run_pipeline(ctx, slot)


def extract_file(path: Path, *, config: PipelineConfig | None = None) -> dict[str, Any]:
    """Read one document without a profile: the JSON line of ``docextract extract``."""
    config = config or load_pipeline()
    ctx = DocContext(source=path, config=config, slot=None)
    if not path.is_file():
        return {"file": str(path), "error": "UNREADABLE", "detail": "no such file"}
    ctx = run_pipeline(ctx, "extract")
    if ctx.reasons == ["UNREADABLE"]:
        return {"file": str(path), "error": "UNREADABLE", "detail": "; ".join(ctx.notes)}
    return {
        "file": str(path),
        "document_type": ctx.document_type or "unknown",
        "fields": {key: field_to_json(key, ctx) for key in sorted(ctx.fields)},
        "quality": {k: round(v, 3) for k, v in ctx.quality.items()},
        "timings_ms": {k: round(v, 1) for k, v in ctx.timings_ms.items()},
    }


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary name in the same folder, then rename: never a half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class ReportFiles:
    """A report rendered to text: what a batch worker sends back to be written."""

    submission_id: str
    json_text: str
    html_text: str


def render_report(verification: Verification) -> ReportFiles:
    report = verification.report
    return ReportFiles(
        submission_id=str(report["submission_id"]),
        json_text=json.dumps(report, ensure_ascii=False, indent=2) + "\n",
        html_text=report_to_html(report, verification.contexts),
    )


def write_report_files(files: ReportFiles, out_dir: Path) -> Path:
    """Write ``<id>.html`` then ``<id>.json``; the JSON last, as it marks the report complete."""
    base = out_dir / files.submission_id
    atomic_write(base.with_suffix(".html"), files.html_text)
    json_path = base.with_suffix(".json")
    atomic_write(json_path, files.json_text)
    return json_path


def write_report(verification: Verification, out_dir: Path) -> Path:
    return write_report_files(render_report(verification), out_dir)
