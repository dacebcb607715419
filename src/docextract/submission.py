"""A submission folder (contract §1): its submission.json and the file of each slot.

Uploads are untrusted: a ``files`` entry must stay inside the folder (no absolute path,
no ``..``, no symlink leading out) and be a regular file; anything else makes that slot
UNREADABLE without the file being opened. The submission id names output files, so it
must be a safe file name.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from docextract._context import Profile
from docextract.config import SLOTS, validation_problems
from docextract.exceptions import SubmissionError, UnreadableFileError

EXTENSIONS = ("jpg", "jpeg", "png", "tif", "tiff", "webp", "heic", "pdf")
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
# submission.json is a few hundred bytes; anything huge is not one.
MAX_SUBMISSION_JSON_BYTES = 1_000_000


class _ProfileModel(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = Field(min_length=1)
    birth_date: dt.date
    address: str = Field(min_length=1)
    name_kana: str | None = None
    name_latin: str | None = None
    postal_code: str | None = None


class _SubmissionModel(BaseModel):
    model_config = ConfigDict(extra="ignore")
    submission_id: str
    submitted_on: dt.date | None = None
    profile: _ProfileModel
    files: dict[str, str] = Field(default_factory=dict)

    @field_validator("submission_id")
    @classmethod
    def _safe_id(cls, value: str) -> str:
        if not SAFE_ID.match(value) or value in (".", ".."):
            raise ValueError(
                "must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        return value

    @field_validator("files")
    @classmethod
    def _known_slots(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(SLOTS))
        if unknown:
            raise ValueError(f"unknown slot(s) {unknown}; slots are {list(SLOTS)}")
        return value


@dataclass(frozen=True)
class SlotFile:
    """The file for a slot, or why there is none (``path`` None)."""

    path: Path | None
    unreadable: str | None = None
    """Set when the entry was refused before opening (leaves the folder, not a file)."""


@dataclass(frozen=True)
class Submission:
    folder: Path
    submission_id: str
    submitted_on: dt.date
    submitted_on_given: bool
    profile: Profile
    files: dict[str, SlotFile]


def load_submission(folder: Path) -> Submission:
    """Read and validate ``folder/submission.json``; resolve each slot's file safely."""
    meta = folder / "submission.json"
    if not folder.is_dir():
        raise SubmissionError(f"{folder}: not a submission folder (no such directory)")
    if not meta.is_file():
        raise SubmissionError(f"{meta}: missing; every submission folder needs a submission.json")
    if meta.stat().st_size > MAX_SUBMISSION_JSON_BYTES:
        raise SubmissionError(f"{meta}: larger than {MAX_SUBMISSION_JSON_BYTES} bytes")
    try:
        raw = json.loads(meta.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SubmissionError(f"{meta}: not valid UTF-8 JSON ({e})") from e
    try:
        model = _SubmissionModel.model_validate(raw)
    except ValidationError as e:
        raise SubmissionError(f"{meta}: {validation_problems(e)}") from e
    p = model.profile
    profile = Profile(
        name=p.name,
        birth_date=p.birth_date,
        address=p.address,
        name_kana=p.name_kana,
        name_latin=p.name_latin,
        postal_code=p.postal_code,
    )
    files = {slot: resolve_slot_file(folder, slot, model.files.get(slot)) for slot in SLOTS}
    return Submission(
        folder=folder,
        submission_id=model.submission_id,
        submitted_on=model.submitted_on or dt.date.today(),
        submitted_on_given=model.submitted_on is not None,
        profile=profile,
        files=files,
    )


def inside_folder(folder: Path, entry: str) -> Path:
    """Resolve a ``files`` entry, refusing anything that leaves the folder."""
    for pure in (PurePosixPath(entry), PureWindowsPath(entry)):
        if pure.is_absolute() or pure.drive or ".." in pure.parts:
            raise UnreadableFileError(f"file entry {entry!r} points outside the submission folder")
    candidate = folder / entry
    root = folder.resolve()
    resolved = candidate.resolve()
    if not resolved.is_relative_to(root):
        raise UnreadableFileError(f"file entry {entry!r} leads outside the submission folder")
    if not resolved.is_file():
        raise UnreadableFileError(f"file entry {entry!r} is not a regular file")
    return resolved


def resolve_slot_file(folder: Path, slot: str, entry: str | None) -> SlotFile:
    if entry is None:
        matches = sorted(
            child
            for child in folder.iterdir()
            if child.stem == slot and child.suffix.lower().lstrip(".") in EXTENSIONS
        )
        if not matches:
            return SlotFile(path=None)
        entry = matches[0].name
    try:
        return SlotFile(path=inside_folder(folder, entry))
    except UnreadableFileError as e:
        return SlotFile(path=None, unreadable=e.detail)
    except OSError as e:  # e.g. a symlink loop
        return SlotFile(path=None, unreadable=f"file entry {entry!r} cannot be resolved ({e})")
