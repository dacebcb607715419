"""Submission folders (CONTRACT.md §1) assembled from the rendered documents.

Each profile writes the applicant's data the way people type it, deliberately
unlike the printed document where that is realistic (hyphens vs 丁目番号,
full-width digits, 霞ヶ関, the old kanji 髙), so matching is exercised. Each plan
says what the contract expects per slot; together the plans produce every reason
code of CONTRACT.md §4 at least twice (a test checks this).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .people import Address, Block, Person

SLOTS = ("id_front", "id_back", "selfie", "proof_of_address")
Outcome = tuple[str, tuple[str, ...]]
APPROVE: Outcome = ("approve", ())
NOT_SUBMITTED: Outcome = ("not_submitted", ("NOT_SUBMITTED",))


@dataclass(frozen=True)
class ProfileStyle:
    block: Block = "hyphen"
    fullwidth: bool = False
    alias: bool = False
    itaiji: tuple[str, str] = ("", "")
    """(printed, registered) kanji pair, e.g. ("高", "髙"): the profile keeps the old form."""
    latin: bool = False
    """Register the Latin name too (name_latin)."""


@dataclass(frozen=True)
class Damaged:
    """A slot file made from a document by breaking it, not a copy of it."""

    source: str
    """File name under documents/."""
    how: Literal["truncated", "empty", "defocused", "dark"]


FileSpec = str | Damaged | None
"""A file name under documents/, a damaged derivative, or None (not submitted)."""


@dataclass(frozen=True)
class SubmissionPlan:
    number: int
    holder: str
    """Key of the identity document whose holder is the applicant."""
    id_front: FileSpec
    id_back: FileSpec
    proof_of_address: FileSpec
    selfie: str | None
    """Selfie case (selfies.py suffix: ok, no_face, face_mismatch, …); None = not submitted."""
    purpose: str
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    """Expected (status, reasons) where it is not the default: approve, the selfie case's
    own expectation, not_submitted for an absent file."""
    style: ProfileStyle = ProfileStyle()
    other_name: bool = False
    """Profile carries a different person's name (same birth date and address)."""
    other_birth: bool = False
    """Profile carries a different birth date."""
    other_address: bool = False
    """Profile registers another address than the holder's current one."""

    @property
    def submission_id(self) -> str:
        return f"S-2026-{self.number:06d}"


def _p(
    number: int,
    holder: str,
    files: tuple[FileSpec, FileSpec, FileSpec],
    selfie: str | None,
    purpose: str,
    **kwargs: Any,
) -> SubmissionPlan:
    front, back, poa = files
    return SubmissionPlan(number, holder, front, back, poa, selfie, purpose, **kwargs)


DL = "drivers_license"
DHC = "driving_history_certificate"
RBB = "basic_resident_register_card"
RC = "residence_card"
SPRC = "special_permanent_resident_certificate"
MN = "my_number_card"
MNC = "my_number_notification_card"

PLANS: tuple[SubmissionPlan, ...] = (
    _p(
        101,
        f"{DL}_001",
        (f"{DL}_001.png", f"{DL}_001_back.png", "utility_bill_001.pdf"),
        "ok",
        "clean set; profile writes 霞ヶ関 and the hyphen form; text-layer PDF bill",
        style=ProfileStyle("hyphen", alias=True, latin=True),
    ),
    _p(
        102,
        f"{DL}_003",
        (f"{DL}_003.png", f"{DL}_003_back.png", "utility_bill_003_scan.jpg"),
        "ok_2",
        "clean set; profile 髙 vs printed 高, full-width digits; scanned bill",
        style=ProfileStyle("arabic_chome", fullwidth=True, itaiji=("高", "髙")),
    ),
    _p(
        103,
        f"{DL}_001",
        (f"{DL}_001_photo.jpg", f"{DL}_001_back_photo.jpg", "utility_bill_001_photo.jpg"),
        "ok",
        "phone photos of both licence sides and of the bill",
        style=ProfileStyle("kanji_chome"),
    ),
    _p(
        104,
        f"{DL}_002",
        (f"{DL}_002.png", f"{DL}_002_back.png", "utility_bill_002.pdf"),
        "no_face",
        "profile names a different person (same birth date and address); no face in the selfie",
        outcomes={
            "id_front": ("reject", ("ID_NAME_MISMATCH",)),
            "proof_of_address": ("reject", ("POA_NAME_MISMATCH",)),
        },
        other_name=True,
    ),
    _p(
        105,
        f"{DL}_005",
        (f"{DL}_005.png", f"{DL}_005_back.png", "utility_bill_006.pdf"),
        "face_cut_off",
        "licence expired 2026-04 (before submitted_on); face cut off at the frame edge",
        outcomes={"id_front": ("reject", ("ID_EXPIRED",))},
        style=ProfileStyle("hyphen", latin=True),
    ),
    _p(
        106,
        f"{DL}_001",
        (f"{DL}_001_rot90.png", f"{DL}_001_back.png", "utility_bill_004_scan.jpg"),
        "card_cut_off",
        "bill issued 2026-04-14, more than six months before; front turned 90°; "
        "card partly outside the selfie",
        outcomes={"proof_of_address": ("reject", ("POA_TOO_OLD",))},
        style=ProfileStyle("arabic_chome"),
    ),
    _p(
        107,
        f"{DL}_002",
        (f"{DL}_002.png", f"{DL}_002_back.png", "utility_bill_002_scan.jpg"),
        "ok",
        "front shows the old address, the back's change entry matches the profile",
        style=ProfileStyle("hyphen", fullwidth=True),
    ),
    _p(
        108,
        f"{DL}_003",
        (f"{DL}_003_photo.jpg", f"{DL}_003_back.png", "utility_bill_003_image.pdf"),
        "no_card",
        "image-only PDF bill (no text layer); phone-photo front; no card in the selfie",
        style=ProfileStyle("hyphen", itaiji=("高", "髙")),
    ),
    _p(
        109,
        f"{DL}_006",
        (f"{DL}_006.png", f"{DL}_006_back.png", "utility_bill_005.pdf"),
        "blurry",
        "bill prints no issue date; back has two moves, the latest is current; blurred selfie",
        outcomes={"proof_of_address": ("reject", ("POA_NO_ISSUE_DATE",))},
    ),
    _p(
        110,
        f"{DHC}_001",
        (f"{DHC}_001.png", f"{DHC}_001_back.png", "social_insurance_receipt_001.pdf"),
        "two_people",
        "driving history certificate (令和元年); pension slip with an empty receipt stamp; "
        "two people in the selfie",
        outcomes={"proof_of_address": ("reject", ("POA_NO_ISSUE_DATE",))},
        style=ProfileStyle("kanji_chome"),
    ),
    _p(
        111,
        "passport_001",
        ("passport_001.png", None, "social_insurance_receipt_002.pdf"),
        "ok",
        "passport (no back: id_back approve as `none`); profile gives the Latin name",
        style=ProfileStyle("hyphen", latin=True),
    ),
    _p(
        112,
        f"{RC}_001",
        (f"{RC}_001.png", f"{RC}_001_back.png", "tax_receipt_001.pdf"),
        "face_mismatch",
        "residence card with a 住居地 entry on the back; tax receipt with no issuer; "
        "the selfie shows someone else than the card's photo",
        outcomes={"proof_of_address": ("reject", ("POA_NO_ISSUER",))},
    ),
    _p(
        113,
        f"{SPRC}_001",
        (f"{SPRC}_001.png", f"{SPRC}_001_back.png", "tax_receipt_002.pdf"),
        "face_cut_off_2",
        "special permanent resident (kanji name) with a back entry; 納税証明書",
        style=ProfileStyle("kanji_chome"),
    ),
    _p(
        114,
        f"{MN}_001",
        (f"{MN}_001.png", f"{MN}_001_back.png", "health_insurance_card_001.png"),
        "no_face",
        "My Number card, back with the Individual Number (must be masked); plastic health "
        "insurance card issued 2024: past its statutory end",
        outcomes={"proof_of_address": ("reject", ("POA_TOO_OLD",))},
        style=ProfileStyle("arabic_chome", fullwidth=True),
    ),
    _p(
        115,
        f"{DHC}_002",
        (f"{DHC}_002.png", None, "resident_record_copy_002.pdf"),
        "ok",
        "driving history certificate issued before 2012-04-01; no back; 住民票 too old",
        outcomes={
            "id_front": ("reject", ("ID_TYPE_NOT_ACCEPTED",)),
            "proof_of_address": ("reject", ("POA_TOO_OLD",)),
        },
    ),
    _p(
        116,
        "passport_002",
        ("passport_002.png", None, "bank_statement_001.pdf"),
        "face_mismatch_2",
        "expired passport; two-page bank statement; the selfie face differs from the photo",
        outcomes={"id_front": ("reject", ("ID_EXPIRED",))},
    ),
    _p(
        117,
        f"{RBB}_002",
        (f"{RBB}_002.png", f"{RBB}_002_back.png", "bank_statement_002.pdf"),
        "card_cut_off",
        "住基カード printed valid to 2027, ended by statute 2025-12-28; web statement, no issuer",
        outcomes={
            "id_front": ("reject", ("ID_EXPIRED",)),
            "proof_of_address": ("reject", ("POA_NO_ISSUER",)),
        },
    ),
    _p(
        118,
        f"{MNC}_001",
        (f"{MNC}_001.png", f"{MNC}_001_back.png", "credit_card_statement_001.pdf"),
        "no_card",
        "通知カード sent as the ID (never accepted); two-page card statement",
        outcomes={
            "id_front": ("reject", ("ID_NOTIFICATION_CARD",)),
            "id_back": ("reject", ("ID_NOTIFICATION_CARD",)),
        },
    ),
    _p(
        119,
        "individual_number_notice_001",
        ("individual_number_notice_001.png", None, "credit_card_statement_002.pdf"),
        "blurry",
        "個人番号通知書 sent as the ID; card statement with no issue date",
        outcomes={
            "id_front": ("reject", ("ID_NOTIFICATION_CARD",)),
            "proof_of_address": ("reject", ("POA_NO_ISSUE_DATE",)),
        },
    ),
    _p(
        120,
        f"{DL}_001",
        (f"{DL}_001.png", f"{RC}_001_back.png", "resident_record_copy_001.pdf"),
        "two_people",
        "licence front with a residence card's back; 住民票の写し",
        outcomes={"id_back": ("reject", ("ID_BACK_MISMATCH",))},
    ),
    _p(
        121,
        f"{MN}_001",
        (f"{MN}_001.png", f"{DL}_003_back.png", "shop_receipt_001.pdf"),
        "ok",
        "My Number card front with a licence back; a shop receipt as proof of address",
        outcomes={
            "id_back": ("reject", ("ID_BACK_MISMATCH",)),
            "proof_of_address": ("reject", ("POA_TYPE_NOT_ACCEPTED",)),
        },
    ),
    _p(
        122,
        f"{DL}_006",
        (f"{DL}_006.png", f"{DL}_006_back.png", "health_insurance_card_002.pdf"),
        "ok",
        "profile birth date differs from the licence; 資格確認書 as proof of address",
        outcomes={"id_front": ("reject", ("ID_BIRTH_DATE_MISMATCH",))},
        other_birth=True,
    ),
    _p(
        123,
        f"{RC}_001",
        (f"{RC}_001.png", f"{RC}_001_back.png", "mobile_phone_bill_001.pdf"),
        "ok",
        "profile birth date differs from the residence card; a mobile phone bill",
        outcomes={
            "id_front": ("reject", ("ID_BIRTH_DATE_MISMATCH",)),
            "proof_of_address": ("reject", ("POA_TYPE_NOT_ACCEPTED",)),
        },
        other_birth=True,
    ),
    _p(
        124,
        f"{DL}_003",
        (f"{DL}_003.png", f"{DL}_003_back.png", "seal_registration_certificate_001.pdf"),
        "ok",
        "profile registers another address: licence and 印鑑登録証明書 both differ",
        outcomes={
            "id_front": ("reject", ("ID_ADDRESS_MISMATCH",)),
            "proof_of_address": ("reject", ("POA_ADDRESS_MISMATCH",)),
        },
        other_address=True,
    ),
    _p(
        125,
        f"{SPRC}_001",
        (f"{SPRC}_001.png", f"{SPRC}_001_back.png", "order_confirmation_001.pdf"),
        "ok",
        "profile registers another address: the back's entry differs too; an order e-mail",
        outcomes={
            "id_front": ("reject", ("ID_ADDRESS_MISMATCH",)),
            "id_back": ("reject", ("ID_ADDRESS_MISMATCH",)),
            "proof_of_address": ("reject", ("POA_TYPE_NOT_ACCEPTED",)),
        },
        other_address=True,
    ),
    _p(
        126,
        f"{MN}_001",
        (
            "health_insurance_card_001.png",
            f"{MN}_001_back.png",
            "seal_registration_certificate_002.pdf",
        ),
        "ok",
        "a health insurance card sent as the ID (with a My Number back: another document's "
        "side); 印鑑登録証明書 older than six months",
        outcomes={
            "id_front": ("reject", ("ID_TYPE_NOT_ACCEPTED",)),
            "id_back": ("reject", ("ID_BACK_MISMATCH",)),
            "proof_of_address": ("reject", ("POA_TOO_OLD",)),
        },
    ),
    # A holder who never moved: with the back unreadable, a front showing an old address
    # could not be told from a wrong one.
    _p(
        127,
        f"{DL}_001",
        (
            f"{DL}_001.png",
            Damaged(f"{DL}_001_back.png", "truncated"),
            Damaged("utility_bill_001.pdf", "empty"),
        ),
        "ok",
        "back is a truncated PNG, proof of address an empty file",
        outcomes={
            "id_back": ("reject", ("UNREADABLE",)),
            "proof_of_address": ("reject", ("UNREADABLE",)),
        },
        style=ProfileStyle("hyphen", fullwidth=True),
    ),
    _p(
        128,
        f"{DL}_006",
        (Damaged(f"{DL}_006.png", "defocused"), f"{DL}_006_back.png", "utility_bill_005.pdf"),
        None,
        "front photographed far out of focus; no selfie",
        outcomes={
            "id_front": ("review", ("LOW_QUALITY",)),
            "proof_of_address": ("reject", ("POA_NO_ISSUE_DATE",)),
        },
    ),
    _p(
        129,
        f"{DL}_001",
        (Damaged(f"{DL}_001.png", "dark"), f"{DL}_001_back.png", "utility_bill_001.pdf"),
        "ok",
        "front photographed in the dark",
        outcomes={"id_front": ("review", ("LOW_QUALITY",))},
        style=ProfileStyle("hyphen", alias=True),
    ),
    _p(
        130,
        "passport_001",
        ("passport_001.png", None, "social_insurance_receipt_002.pdf"),
        "ok",
        "profile names a different person than the passport and the pension certificate",
        outcomes={
            "id_front": ("reject", ("ID_NAME_MISMATCH",)),
            "proof_of_address": ("reject", ("POA_NAME_MISMATCH",)),
        },
        other_name=True,
    ),
    _p(
        131,
        f"{DL}_002",
        (f"{DL}_002.png", f"{DL}_002_back.png", "utility_bill_002.pdf"),
        "ok",
        "profile registers another address: licence front, back entry and bill all differ",
        outcomes={
            "id_front": ("reject", ("ID_ADDRESS_MISMATCH",)),
            "id_back": ("reject", ("ID_ADDRESS_MISMATCH",)),
            "proof_of_address": ("reject", ("POA_ADDRESS_MISMATCH",)),
        },
        other_address=True,
    ),
)


def profile(
    holder: Person,
    address: Address,
    plan: SubmissionPlan,
    *,
    name_of: Person,
    birth: str,
    latin_name: str | None,
) -> dict[str, Any]:
    """What the applicant registered: their address, typed their own way."""
    style = plan.style
    result: dict[str, Any] = {}
    if name_of.family_kana:  # a Japanese name: kanji (with the registered variant) and kana
        printed, registered = style.itaiji
        family = name_of.family.replace(printed, registered) if printed else name_of.family
        result["name"] = f"{family} {name_of.given}"
        result["name_kana"] = name_of.kana
    else:  # a foreign resident registers the Latin name as printed on the card
        result["name"] = f"{name_of.family} {name_of.given}"
    if style.latin and latin_name:
        result["name_latin"] = latin_name
    result["birth_date"] = birth
    result["address"] = address.render(
        style.block,
        fullwidth=style.fullwidth,
        alias=style.alias,
        building_sep="\u3000" if style.fullwidth else " ",
    )
    result["postal_code"] = address.place.postal
    return result


def expected(plan: SubmissionPlan, selfie: Outcome | None, passport: bool) -> dict[str, Any]:
    files = {
        "id_front": plan.id_front,
        "id_back": plan.id_back,
        "proof_of_address": plan.proof_of_address,
    }
    slots: dict[str, dict[str, Any]] = {}
    for slot in SLOTS:
        if slot == "selfie":
            default = selfie or NOT_SUBMITTED
        elif files[slot] is None:
            # A passport has no back: nothing to submit is an approve (CONTRACT §2).
            default = APPROVE if slot == "id_back" and passport else NOT_SUBMITTED
        else:
            default = APPROVE
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
