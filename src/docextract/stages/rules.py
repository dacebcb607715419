"""rules: the acceptance rules of contract §2, per slot, as approve / reject / review.

Reject needs evidence read with confidence; anything the engine is unsure of (a field
not read, read weakly, a type it cannot judge yet) is review. A wrong approve is the
worst outcome, so approve is reached only when every condition holds on confident reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from docextract._context import DocContext
from docextract._pipeline import stage
from docextract.doctypes import BY_NAME
from docextract.extractors import EXTRACTORS
from docextract.extractors.poa_dates import issue_label_printed
from docextract.stages.match import name_is_part_of_profile
from docextract.text.dates import add_months

# 通知カード (both sides) and 個人番号通知書: proof of the number, never of identity.
NOTIFICATION_FAMILY = "my_number_notification_card"
# Types that print no expiry: their validity is their issue date (statutes) alone.
NO_EXPIRY_TYPES = frozenset({"driving_history_certificate"})
# The 資格確認書 that replaced the 健康保険証 is accepted as health_insurance_card
# (contract §2), but the 保険証's statutory end (2025-12-01) is not its end. Matched on
# its title without the last glyph, which OCR often loses.
QUALIFICATION_TITLE = "資格確認"


class Verdict:
    """Collects reject reasons and review notes while a slot is judged."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.rejects: list[str] = []
        self.doubts: list[str] = []
        self.low_quality = False

    def reject(self, reason: str) -> None:
        if reason not in self.rejects:
            self.rejects.append(reason)

    def doubt(self, note: str) -> None:
        self.doubts.append(note)

    def doubt_quality(self) -> None:
        """Fields were read, but from an image too poor to approve on."""
        self.low_quality = True

    def settle(self) -> DocContext:
        ctx = self.ctx
        if self.rejects:
            ctx.status, ctx.reasons = "reject", self.rejects
        elif self.doubts or self.low_quality:
            ctx.status, ctx.reasons = "review", ["LOW_QUALITY"] if self.low_quality else []
        else:
            ctx.status, ctx.reasons = "approve", []
        ctx.notes.extend(self.doubts)
        return ctx


def quality_problems(ctx: DocContext) -> list[str]:
    """What makes the image too poor to trust, by the configured limits."""
    q, limits = ctx.quality, ctx.config.quality
    problems = []
    if q.get("sharpness", 1e9) < limits.min_sharpness:
        problems.append(f"blurry (sharpness {q['sharpness']:.0f} < {limits.min_sharpness:.0f})")
    if q.get("motion_streak_px", 0) > limits.max_motion_streak_px:
        problems.append(f"shaken (a {q['motion_streak_px']:.0f} px streak)")
    if q.get("brightness", 255) < limits.min_brightness:
        problems.append(f"dark (brightness {q['brightness']:.0f})")
    if q.get("glare_fraction", 0) > limits.max_glare_fraction:
        problems.append(f"glare over {q['glare_fraction']:.0%} of the image")
    if q.get("short_side_px", 1e9) < limits.min_short_side_px:
        problems.append(f"too small ({q['short_side_px']:.0f} px)")
    if q.get("mean_word_conf", 1.0) < limits.min_mean_word_conf:
        problems.append(f"OCR confidence low ({q['mean_word_conf']:.2f})")
    if q.get("document_margin", 1.0) < limits.min_document_margin:
        problems.append("document cut off (its outline reaches the frame's edge)")
    if q.get("text_at_edge", 0) > limits.max_text_at_edge:
        problems.append(f"text runs out of the frame ({q['text_at_edge']:.0f} glyphs cut)")
    if q.get("fields_under_glare", 0) > 0:
        problems.append(f"glare over {q['fields_under_glare']:.0f} field(s)")
    return problems


def glare_over_fields(ctx: DocContext) -> bool:
    """Fields were read under glare (stages/quality.py): their values are not trusted."""
    return ctx.quality.get("fields_under_glare", 0) > 0


def check_type(v: Verdict, accepted: tuple[str, ...], not_accepted_reason: str) -> bool:
    """True when the slot can go on to field rules; else the verdict says why not."""
    ctx = v.ctx
    doc = ctx.document_type or "unknown"
    if doc == "unknown":
        problems = quality_problems(ctx)
        if problems:
            # Not read is not refused (contract §4): a person looks, or the customer is
            # asked for a better picture.
            v.doubt_quality()
            ctx.notes.append("document not recognized: " + "; ".join(problems))
        else:
            v.doubt("document type not recognized")
        return False
    if BY_NAME[doc].family == NOTIFICATION_FAMILY and ctx.slot in ("id_front", "id_back"):
        v.reject("ID_NOTIFICATION_CARD")
        return False
    if doc not in accepted:
        v.reject(not_accepted_reason)
        return False
    if doc not in EXTRACTORS:
        v.doubt(f"{doc} is recognized but not yet read automatically")
        return False
    return True


def check_statutes(v: Verdict, reference: dt.date) -> None:
    ctx = v.ctx
    for statute in ctx.config.rules.statutes:
        if statute.document_type != ctx.document_type:
            continue
        issued = ctx.fields.get("issue_date")
        if statute.rule == "invalid_after" and reference > statute.date:
            v.reject(statute.reason)
        elif statute.rule == "issued_before_not_accepted":
            if issued is None:
                v.doubt("issue date not read: cannot check the statutory issue cut-off")
            elif dt.date.fromisoformat(issued.value) < statute.date:
                v.reject(statute.reason)


def check_matches(v: Verdict, reasons: dict[str, str]) -> None:
    """Mismatches reject when read confidently; weak or missing reads go to review."""
    ctx = v.ctx
    min_conf = ctx.config.rules.min_field_confidence
    # On a blurred, dark or tiny image a mismatch is as likely a misread as another
    # person's document (contract §4: LOW_QUALITY, never a confident reject for an OCR
    # failure); glare over a field already held its confidence down (quality.glare.v1).
    poor = quality_problems(ctx)
    for key, reason in reasons.items():
        m = ctx.matches.get(key)
        if m is None:
            continue
        field = (
            ctx.superseding_address
            if key == "address" and ctx.superseding_address
            else (ctx.fields.get(key))
        )
        if m.verdict == "missing" or field is None:
            v.doubt(f"{key} not read")
        elif field.confidence < min_conf:
            v.doubt(f"{key} read with low confidence ({field.confidence:.2f})")
        elif m.verdict == "mismatch" and m.score >= ctx.config.rules.near_miss_score:
            v.doubt(f"{key} differs by little (score {m.score:.2f}): a misread or another")
        elif (
            m.verdict == "mismatch"
            and key == "name"
            and ctx.profile is not None
            and name_is_part_of_profile(field.value, ctx.profile)
        ):
            v.doubt("name read as a part of the registered name: glyphs lost, or another")
        elif m.verdict == "mismatch" and poor:
            v.doubt(f"{key} differs, read from a poor image ({'; '.join(poor)})")
            v.doubt_quality()
        elif m.verdict == "mismatch":
            v.reject(reason)


def reference_date(ctx: DocContext) -> dt.date:
    # The contract's reference date; the machine clock only for profile-less single reads.
    return ctx.submitted_on or dt.date.today()


def judge_id_front(ctx: DocContext) -> DocContext:
    v = Verdict(ctx)
    accepted = ctx.config.slots["id_front"].accepted_types
    if check_type(v, accepted, "ID_TYPE_NOT_ACCEPTED"):
        today = reference_date(ctx)
        check_statutes(v, today)
        expiry = ctx.fields.get("expiry_date")
        if ctx.document_type not in NO_EXPIRY_TYPES:
            if expiry is None:
                v.doubt("expiry date not read")
            elif dt.date.fromisoformat(expiry.value) < today:
                if expiry.confidence >= ctx.config.rules.min_field_confidence:
                    v.reject("ID_EXPIRED")
                else:
                    v.doubt("expiry date before submitted_on but read with low confidence")
        check_matches(
            v,
            {
                "name": "ID_NAME_MISMATCH",
                "birth_date": "ID_BIRTH_DATE_MISMATCH",
                "address": "ID_ADDRESS_MISMATCH",
            },
        )
        if quality_problems(ctx) and not v.rejects:
            v.doubt_quality()
    return v.settle()


def judge_id_back(ctx: DocContext) -> DocContext:
    v = Verdict(ctx)
    accepted = ctx.config.slots["id_back"].accepted_types
    doc = ctx.document_type or "unknown"
    if (
        doc in BY_NAME
        and BY_NAME[doc].side == "front"
        and BY_NAME[doc].family != NOTIFICATION_FAMILY
    ):
        v.reject("ID_BACK_MISMATCH")  # a front (or another card's front) in the back slot
        ctx.notes.append(f"the back slot holds a front side ({doc})")
        return v.settle()
    if check_type(v, accepted, "ID_TYPE_NOT_ACCEPTED"):
        check_matches(v, {"address": "ID_ADDRESS_MISMATCH"})
        # The back is judged on its address entry alone, so of the image's problems only
        # glare over what was read keeps it from approval.
        if glare_over_fields(ctx) and not v.rejects:
            v.doubt_quality()
    return v.settle()


def judge_proof_of_address(ctx: DocContext) -> DocContext:
    v = Verdict(ctx)
    accepted = ctx.config.slots["proof_of_address"].accepted_types
    if check_type(v, accepted, "POA_TYPE_NOT_ACCEPTED"):
        today = reference_date(ctx)
        if QUALIFICATION_TITLE not in ctx.text.replace(" ", ""):
            check_statutes(v, today)
        clear = not quality_problems(ctx)
        issued = ctx.fields.get("issue_date")
        if issued is None:
            # Reject only when no issue-date label is printed at all; a label whose date
            # we could not parse is our failure, not the customer's.
            # An empty stamp box (領収日付印) is no date on a text layer, which shows all
            # that is printed; on an image a stamp may be there and unreadable.
            text_layer = any(page.has_text_layer for page in ctx.pages)
            labelled = issue_label_printed(ctx.text, stamps=not text_layer)
            if clear and not labelled:
                v.reject("POA_NO_ISSUE_DATE")
            else:
                v.doubt("issue date not read")
        elif issued.confidence < ctx.config.rules.min_field_confidence:
            v.doubt(f"issue date read with low confidence ({issued.confidence:.2f})")
        else:
            date = dt.date.fromisoformat(issued.value)
            if date > today:
                v.doubt(f"issue date {date} is after submitted_on")
            elif date < add_months(today, -ctx.config.rules.poa_max_age_months):
                v.reject("POA_TOO_OLD")
        issuer = ctx.fields.get("issuer")
        if issuer is None:
            if clear:
                v.reject("POA_NO_ISSUER")
            else:
                v.doubt("issuer not read")
        elif issuer.confidence < ctx.config.rules.min_field_confidence:
            # A guess (the sparse second read) is not evidence an issuer is printed.
            v.doubt(f"issuer read with low confidence ({issuer.confidence:.2f})")
        check_matches(v, {"name": "POA_NAME_MISMATCH", "address": "POA_ADDRESS_MISMATCH"})
        if not clear and not v.rejects:
            v.doubt_quality()
    return v.settle()


JUDGES: dict[str, Callable[[DocContext], DocContext]] = {
    "id_front": judge_id_front,
    "id_back": judge_id_back,
    "proof_of_address": judge_proof_of_address,
}


@stage("rules.slot.v1", requires=("document_type", "fields", "matches"), provides=("status",))
def rules(ctx: DocContext) -> DocContext:
    """Judge the slot by its own rules (contract §2)."""
    return JUDGES[ctx.slot or ""](ctx)
