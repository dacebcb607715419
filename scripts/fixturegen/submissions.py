"""Submission folders (CONTRACT.md §1) assembled from the rendered documents.

Each profile writes the applicant's data the way people type it, deliberately
unlike the printed document where that is realistic (hyphens vs 丁目番号,
full-width digits, 霞ヶ関, the old kanji 髙), so matching is exercised.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Any

from .licence import Licence
from .output import Writer, dump_json
from .people import Block, Person
from .scenario import SUBMITTED_ON

SLOTS = ("id_front", "id_back", "selfie", "proof_of_address")
_OK = ("approve", ())


@dataclass(frozen=True)
class ProfileStyle:
    block: Block
    fullwidth: bool = False
    alias: bool = False
    itaiji: tuple[str, str] = ("", "")
    """(printed, registered) kanji pair, e.g. ("高", "髙"): the profile keeps the old form."""
    latin: bool = False


@dataclass(frozen=True)
class SubmissionPlan:
    number: int
    licence: str
    files: dict[str, str]
    """slot -> file name under fixtures/documents/."""
    style: ProfileStyle
    outcomes: dict[str, tuple[str, tuple[str, ...]]]
    """Slots whose expectation is not the default (approve; selfie review)."""
    purpose: str
    other_name: bool = False
    """Profile carries a different person's name (same birth date and address)."""

    @property
    def submission_id(self) -> str:
        return f"S-2026-{self.number:06d}"


PLANS: tuple[SubmissionPlan, ...] = (
    SubmissionPlan(
        101,
        "001",
        {
            "id_front": "dl_front_001.png",
            "id_back": "dl_back_001.png",
            "proof_of_address": "bill_001.pdf",
        },
        ProfileStyle("hyphen", alias=True, latin=True),
        {},
        "clean set; profile writes 霞ヶ関 and the hyphen form; text-layer PDF bill",
    ),
    SubmissionPlan(
        102,
        "003",
        {
            "id_front": "dl_front_003.png",
            "id_back": "dl_back_003.png",
            "proof_of_address": "bill_003_scan.png",
        },
        ProfileStyle("arabic_chome", fullwidth=True, itaiji=("高", "髙")),
        {},
        "clean set; profile 髙 vs printed 高, full-width digits; scanned bill",
    ),
    SubmissionPlan(
        103,
        "001",
        {
            "id_front": "dl_front_001_photo.jpg",
            "id_back": "dl_back_001.png",
            "proof_of_address": "bill_001_photo.jpg",
        },
        ProfileStyle("kanji_chome"),
        {},
        "phone-photo licence front and phone-photo bill",
    ),
    SubmissionPlan(
        104,
        "002",
        {
            "id_front": "dl_front_002.png",
            "id_back": "dl_back_002.png",
            "proof_of_address": "bill_002.pdf",
        },
        ProfileStyle("hyphen"),
        {
            "id_front": ("reject", ("ID_NAME_MISMATCH",)),
            "proof_of_address": ("reject", ("POA_NAME_MISMATCH",)),
        },
        "profile names a different person (same birth date and address)",
        other_name=True,
    ),
    SubmissionPlan(
        105,
        "005",
        {
            "id_front": "dl_front_005.png",
            "id_back": "dl_back_005.png",
            "proof_of_address": "bill_006.pdf",
        },
        ProfileStyle("hyphen", latin=True),
        {"id_front": ("reject", ("ID_EXPIRED",))},
        "licence expired 2026-04 (before submitted_on)",
    ),
    SubmissionPlan(
        106,
        "001",
        {
            "id_front": "dl_front_001_rot90.jpg",
            "id_back": "dl_back_001.png",
            "proof_of_address": "bill_004_scan.png",
        },
        ProfileStyle("arabic_chome"),
        {"proof_of_address": ("reject", ("POA_TOO_OLD",))},
        "bill issued 2026-04-14, more than six months before; front rotated 90°",
    ),
    SubmissionPlan(
        107,
        "002",
        {
            "id_front": "dl_front_002.png",
            "id_back": "dl_back_002.png",
            "proof_of_address": "bill_002_scan.png",
        },
        ProfileStyle("hyphen", fullwidth=True),
        {},
        "front shows the old address, the back's change entry matches the profile",
    ),
    SubmissionPlan(
        108,
        "003",
        {
            "id_front": "dl_front_003_photo.jpg",
            "id_back": "dl_back_003.png",
            "proof_of_address": "bill_003_image.pdf",
        },
        ProfileStyle("hyphen", itaiji=("高", "髙")),
        {},
        "image-only PDF bill (no text layer); phone-photo front",
    ),
    SubmissionPlan(
        109,
        "006",
        {
            "id_front": "dl_front_006.png",
            "id_back": "dl_back_006.png",
            "proof_of_address": "bill_005.pdf",
        },
        ProfileStyle("hyphen"),
        {"proof_of_address": ("reject", ("POA_NO_ISSUE_DATE",))},
        "bill prints no issue date; back has two moves, the latest is current",
    ),
)


def profile(lic: Licence, style: ProfileStyle, name_of: Person) -> dict[str, Any]:
    """What the applicant registered: current address, typed their own way."""
    address = lic.current_address
    printed, registered = style.itaiji
    family = name_of.family.replace(printed, registered) if printed else name_of.family
    result: dict[str, Any] = {
        "name": f"{family} {name_of.given}",
        "name_kana": name_of.kana,
    }
    if style.latin:
        result["name_latin"] = name_of.latin
    result["birth_date"] = lic.person.birth.isoformat()
    result["address"] = address.render(
        style.block,
        fullwidth=style.fullwidth,
        alias=style.alias,
        building_sep="\u3000" if style.fullwidth else " ",
    )
    result["postal_code"] = address.place.postal
    return result


def expected(plan: SubmissionPlan) -> dict[str, Any]:
    slots: dict[str, dict[str, Any]] = {}
    for slot in SLOTS:
        # Selfie checks are not implemented yet: every selfie goes to review for now.
        default = ("review", ()) if slot == "selfie" else _OK
        status, reasons = plan.outcomes.get(slot, default)
        slots[slot] = {"status": status, "reasons": list(reasons)}
    statuses = {s["status"] for s in slots.values()}
    if "reject" in statuses or "not_submitted" in statuses:
        overall = "reject"
    elif statuses == {"approve"}:
        overall = "approve"
    else:
        overall = "review"
    return {"overall": overall, "slots": slots}


def write_submission(
    writer: Writer, plan: SubmissionPlan, lic: Licence, name_of: Person, selfie_file: str
) -> None:
    docs = writer.root / "documents"
    folder = writer.root / "submissions" / plan.submission_id
    folder.mkdir(parents=True, exist_ok=True)
    files = dict(plan.files, selfie=selfie_file)
    for slot in SLOTS:
        src = docs / files[slot]
        rel = f"submissions/{plan.submission_id}/{slot}{src.suffix}"
        # Copies, not links: a submission folder must stand alone (CONTRACT §1
        # refuses symlinks leading out of the folder).
        shutil.copyfile(src, writer.root / rel)
        writer.other(rel, slot, f"copy of documents/{files[slot]}")
    submission = {
        "submission_id": plan.submission_id,
        "submitted_on": SUBMITTED_ON.isoformat(),
        "profile": profile(lic, plan.style, name_of),
        "files": {},
    }
    (folder / "submission.json").write_text(dump_json(submission), encoding="utf-8")
    (folder / "expected.json").write_text(dump_json(expected(plan)), encoding="utf-8")
    writer.other(f"submissions/{plan.submission_id}/submission.json", "submission", plan.purpose)
    exp = expected(plan)
    summary = ", ".join(
        f"{k} {v['status']}" + (f" {'/'.join(v['reasons'])}" if v["reasons"] else "")
        for k, v in exp["slots"].items()
    )
    writer.other(
        f"submissions/{plan.submission_id}/expected.json",
        "expected",
        f"overall {exp['overall']}: {summary}",
    )
