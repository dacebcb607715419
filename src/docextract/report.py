"""report: slot contexts to the report JSON of contract §3, and the reviewer's HTML page.

The My Number never leaves this module unmasked: every field value passes through
``mask_mynumbers``, numbers of types that carry protected numbers are masked whole, and
the HTML blacks out the image regions where a My Number was read. The same holds for
the other numbers the law protects: a 住民票コード, and a health insurance card's
記号・番号 and 保険者番号 (``protected_spans``).
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

import cv2
import numpy as np

from docextract._context import BBox, DocContext, Image, Line, Profile
from docextract.extractors.poa_layout import beside
from docextract.messages import REASON_TEXT, customer_message
from docextract.stages.rules import quality_problems
from docextract.stages.selfie import blur_problems
from docextract.text.numbers import (
    is_valid_dl_number,
    mask_mynumbers,
    mask_number,
    mynumber_spans,
)

SCHEMA_VERSION = 1
# Types whose document number is protected by law (番号法): masked but the last four.
# Documents whose document_number is an Individual Number: masked even when a misread
# digit makes its check digit fail (then no pattern would recognize it as one).
MASKED_NUMBER_TYPES = frozenset(
    {"my_number_card_back", "my_number_notification_card", "individual_number_notice"}
)
# 健康保険法 §194-2 (告知要求制限) bars collecting the insured's 記号・番号 at all, so
# not even a last digit of it is kept.
WHOLLY_MASKED_TYPES = frozenset({"health_insurance_card"})
# Printed labels of protected numbers on any document: the 住民票コード may not be
# collected (住民基本台帳法 §30-42), a 個人番号 with a misread check digit is still one.
_PROTECTED_LABEL = re.compile(r"(?:住民票コード|個人番号)\s*[:：]?\s*")
# On a health insurance card: insurer number, 記号, 番号 and 枝番 (not お客さま番号 etc.).
_INSURANCE_LABEL = re.compile(r"(?:保険者番号|記号|(?<![者険])番号|枝番\)?)\s*[:：]?\s*")
# A number as printed, its groups separated by spaces, hyphens or ・.
_NUMBER_RUN = re.compile(r"[0-9][0-9 \-・]*[0-9]|[0-9]")
# A protected value this short (an 枝番 "01") is masked where printed but not searched
# for inside other fields, where two digits occur by chance.
MIN_SCRUBBED_DIGITS = 4


# A licence number is 12 digits too, and one in ~11 also passes the My Number check
# digit; it is kept only when it passes the licence's own check digit on a licence.
LICENCE_TYPES = frozenset({"drivers_license", "driving_history_certificate"})


def mask_whole(value: str) -> str:
    """Every character masked but the separators, which show the printed shape: ****・**."""
    return re.sub(r"[^\s\-・]", "*", value)


def protected_spans(ctx: DocContext) -> list[tuple[Line, int, int]]:
    """Where protected numbers are printed: My Numbers, and values after the labels of
    the other protected numbers (on the label's line or, for a label ending its line,
    beside it on the row)."""
    labels = [_PROTECTED_LABEL]
    if ctx.document_type in WHOLLY_MASKED_TYPES:
        labels.append(_INSURANCE_LABEL)
    spans = []
    for line in ctx.lines:
        spans += [(line, start, end) for start, end in mynumber_spans(line.text)]
        for label in labels:
            for m in label.finditer(line.text):
                value = _NUMBER_RUN.match(line.text, m.end())
                neighbour = beside(ctx.lines, line) if m.end() == len(line.text) else None
                if value is not None:
                    spans.append((line, *value.span()))
                elif neighbour is not None and (value := _NUMBER_RUN.match(neighbour.text)):
                    spans.append((neighbour, *value.span()))
    return spans


def _scrub(value: str, secrets: set[str]) -> str:
    """``value`` with every digit run that contains a protected number masked whole."""

    def mask(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group(0))
        return mask_whole(m.group(0)) if any(s in digits for s in secrets) else m.group(0)

    return _NUMBER_RUN.sub(mask, value) if secrets else value


def field_to_json(key: str, ctx: DocContext) -> dict[str, Any]:
    out = ctx.fields[key].to_json()
    value = out["value"]
    if key == "document_number" and ctx.document_type in WHOLLY_MASKED_TYPES:
        out["value"] = mask_whole(value)
    elif key == "document_number" and ctx.document_type in MASKED_NUMBER_TYPES:
        out["value"] = mask_number(value)
    elif (
        key == "document_number"
        and ctx.document_type in LICENCE_TYPES
        and is_valid_dl_number(value)
    ):
        return out  # a licence number, even one that also passes the My Number check
    else:
        out["value"] = mask_mynumbers(value)
    secrets = {
        digits
        for line, start, end in protected_spans(ctx)
        if len(digits := re.sub(r"\D", "", line.text[start:end])) >= MIN_SCRUBBED_DIGITS
    }
    out["value"] = _scrub(out["value"], secrets)
    return out


def slot_to_json(ctx: DocContext, lang: str) -> dict[str, Any]:
    status = ctx.status or "review"
    return {
        "status": status,
        "document_type": ctx.document_type or "unknown",
        "fields": {key: field_to_json(key, ctx) for key in sorted(ctx.fields)},
        "matches": {k: {"score": m.score, "verdict": m.verdict} for k, m in ctx.matches.items()},
        "reasons": list(ctx.reasons),
        "message": customer_message(status, ctx.reasons, lang),
        # Optional key (contract: shapes may grow optional keys): why a slot needs a person.
        "notes": list(ctx.notes),
    }


def not_submitted_json(lang: str) -> dict[str, Any]:
    reasons = ["NOT_SUBMITTED"]
    return {
        "status": "not_submitted",
        "document_type": "none",
        "fields": {},
        "matches": {},
        "reasons": reasons,
        "message": customer_message("not_submitted", reasons, lang),
    }


def overall_status(slots: Mapping[str, Mapping[str, Any]]) -> str:
    statuses = [s["status"] for s in slots.values()]
    if all(s == "approve" for s in statuses):
        return "approve"
    if any(s in ("reject", "not_submitted") for s in statuses):
        return "reject"
    return "review"


def masked_boxes(ctx: DocContext, page: int) -> list[BBox]:
    """Boxes on ``page`` of the words of protected numbers, and of a wholly masked field
    (its box also covers a value whose label OCR lost)."""
    boxes: list[BBox] = [
        w.bbox
        for line, start, end in protected_spans(ctx)
        if line.page == page
        for w in line.span_to_words(start, end)
    ]
    number = ctx.fields.get("document_number")
    if ctx.document_type in WHOLLY_MASKED_TYPES and number is not None and number.page == page:
        boxes += [number.bbox] if number.bbox is not None else []
    return boxes


# Box colours (BGR): a field that contradicts the profile stands out from the others.
_FOUND_COLOUR, _MISMATCH_COLOUR = (40, 160, 40), (40, 40, 210)
# Hershey fonts draw ASCII only, which the field keys are.
_LABEL_FONT = cv2.FONT_HERSHEY_SIMPLEX
# Label text scale per pixel of page width: a 1400 px card shrunk to the report's
# ~600 px column keeps its labels ~13 px high, as legible as the table beside it.
_LABEL_SCALE_PER_PX = 1 / 1000


def _overlap(a: BBox, b: BBox) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _label_spot(box: BBox, tag: tuple[int, int], image: Image, taken: list[BBox]) -> BBox:
    """Where a field's label goes: above its box, else below, right or left of it; the
    first of those inside the page that covers no other field or label, so that no label
    hides a value that was read."""
    x, y, w, h = box
    tag_w, tag_h = tag
    spots = [
        (x, y - tag_h, tag_w, tag_h),
        (x, y + h, tag_w, tag_h),
        (x + w + 4, y, tag_w, tag_h),
        (x - tag_w - 4, y, tag_w, tag_h),
    ]
    page_h, page_w = image.shape[:2]
    inside = [s for s in spots if 0 <= s[0] <= page_w - tag_w and 0 <= s[1] <= page_h - tag_h]
    free = [s for s in inside if not any(_overlap(s, t) for t in taken)]
    return (free or inside or [(max(0, min(x, page_w - tag_w)), max(0, y), tag_w, tag_h)])[0]


def _draw_label(
    image: Image, text: str, box: BBox, colour: tuple[int, int, int], taken: list[BBox]
) -> BBox:
    """``text`` on a filled tag beside ``box``, placed clear of ``taken``; the tag's box."""
    scale = image.shape[1] * _LABEL_SCALE_PER_PX
    thickness = max(1, round(2 * scale))
    (text_w, text_h), baseline = cv2.getTextSize(text, _LABEL_FONT, scale, thickness)
    pad = max(2, round(4 * scale))
    tag = _label_spot(box, (text_w + 2 * pad, text_h + baseline + 2 * pad), image, taken)
    left, top, tag_w, tag_h = tag
    cv2.rectangle(image, (left, top), (left + tag_w, top + tag_h), colour, -1)
    cv2.putText(
        image,
        text,
        (left + pad, top + pad + text_h),
        _LABEL_FONT,
        scale,
        (255, 255, 255),
        thickness,
        cv2.LINE_AA,
    )
    return tag


def page_to_debug_image(ctx: DocContext, page: int) -> Image | None:
    """The OCR-ready page with read fields boxed and labelled with their keys (red where
    they contradict the profile), and protected numbers blacked out."""
    pages = [p for p in ctx.pages if p.index == page and p.image is not None]
    if not pages or pages[0].image is None:
        return None
    image = pages[0].image.copy()
    found = [
        (key, field.bbox)
        for key, field in ctx.fields.items()
        if field.bbox is not None and field.page == page
    ]
    taken = [box for _, box in found]
    for key, (x, y, w, h) in found:
        match = ctx.matches.get(key)
        mismatch = match is not None and match.verdict == "mismatch"
        colour = _MISMATCH_COLOUR if mismatch else _FOUND_COLOUR
        cv2.rectangle(image, (x, y), (x + w, y + h), colour, 3)
        taken.append(_draw_label(image, key, (x, y, w, h), colour, taken))
    # Last, so that no box or label drawn above can leave a digit of them showing.
    for x, y, w, h in masked_boxes(ctx, page):
        cv2.rectangle(image, (x - 4, y - 4), (x + w + 4, y + h + 4), (0, 0, 0), -1)
    return image


def _image_to_data_uri(image: Image, max_width: int = 900) -> str:
    scale = min(1.0, max_width / image.shape[1])
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(np.asarray(buf).tobytes()).decode()


# The font stack names the Japanese faces scripts/setup_system.sh installs: left to
# itself a browser may draw kanji with a Chinese face (same code points, other glyph
# shapes) or, with no CJK face at all, as empty boxes.
_CSS = """
body{margin:0;background:#f6f8fa;color:#1f2328;line-height:1.5;
 font-family:"Noto Sans CJK JP","IPAGothic","IPAPGothic",sans-serif}
.approve{--status:#1a7f37}.review{--status:#9a6700}.reject,.not_submitted{--status:#cf222e}
header{background:var(--status);color:#fff;padding:1em 2em}
.recommendation{font-size:3em;font-weight:bold;line-height:1.1}
header .meta{font-size:1.1em}
nav a{display:inline-block;margin:.5em .5em 0 0;padding:.1em .6em;border-radius:1em;
 background:#fff;color:var(--status);text-decoration:none;font-weight:bold}
main{padding:1em 2em}
section{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:0 0 1.2em;
 padding:.5em 1.2em 1em}
h2 .badge{background:var(--status);color:#fff;border-radius:4px;padding:0 .4em}
h2 .doctype{color:#59636e;font-weight:normal}
h3{font-size:1em;margin:.8em 0 .2em;color:#59636e}
.columns{display:flex;flex-wrap:wrap;gap:1.5em}
.facts,.pages{flex:1 1 420px;min-width:0}
ul{margin:0;padding-left:1.2em}
.reasons code{font-weight:bold;color:#cf222e}
.message dt{font-size:.85em;color:#59636e}.message dd{margin:0 0 .4em;white-space:pre-line}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border-bottom:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.number{text-align:right;font-variant-numeric:tabular-nums}
.verdict-match{color:#1a7f37}.verdict-mismatch{color:#cf222e;font-weight:bold}
.verdict-missing{color:#9a6700}tr.mismatch{background:#ffebe9}
figure{margin:0 0 .8em}img{max-width:100%;height:auto;border:1px solid #d0d7de}
figcaption{font-size:.85em;color:#59636e}
"""


class FieldRow(NamedTuple):
    """One row of a slot's field table, every cell already text ("" where none)."""

    key: str
    extracted: str
    registered: str
    score: str
    verdict: str
    confidence: str


def _esc(value: object) -> str:
    return html.escape(str(value))


def registered_value(key: str, profile: Profile | None) -> str:
    """What the applicant registered for a field key; "" for keys a profile does not hold."""
    if profile is None:
        return ""
    registered = {
        "name": profile.name,
        "name_kana": profile.name_kana,
        "name_latin": profile.name_latin,
        "birth_date": profile.birth_date.isoformat(),
        "address": profile.address,
    }
    return registered.get(key) or ""


def fields_to_rows(slot: Mapping[str, Any], profile: Profile | None) -> list[FieldRow]:
    """The fields read, then the matched keys that were not read (verdict ``missing``)."""
    fields, matches = slot["fields"], slot["matches"]
    keys = [*fields, *(key for key in matches if key not in fields)]
    rows = []
    for key in keys:
        field, match = fields.get(key), matches.get(key)
        rows.append(
            FieldRow(
                key=key,
                extracted=field["value"] if field else "",
                registered=registered_value(key, profile),
                score=f"{match['score']:.2f}" if match else "",
                verdict=match["verdict"] if match else "",
                confidence=f"{field['confidence']:.2f}" if field else "",
            )
        )
    return rows


def rows_to_html(rows: list[FieldRow]) -> str:
    if not rows:
        return ""
    head = (
        "<tr><th>field</th><th>extracted</th><th>registered</th><th>score</th>"
        "<th>verdict</th><th>confidence</th></tr>"
    )
    body = "".join(
        f"<tr class='{_esc(r.verdict)}'><td>{_esc(r.key)}</td><td>{_esc(r.extracted)}</td>"
        f"<td>{_esc(r.registered)}</td><td class='number'>{r.score}</td>"
        f"<td class='verdict-{_esc(r.verdict)}'>{_esc(r.verdict)}</td>"
        f"<td class='number'>{r.confidence}</td></tr>"
        for r in rows
    )
    return f"<h3>fields</h3><table>{head}{body}</table>"


def reasons_to_html(reasons: list[str]) -> str:
    items = "".join(
        f"<li><code>{_esc(code)}</code> {_esc(REASON_TEXT.get(code, ''))}</li>" for code in reasons
    )
    return f"<h3>reasons</h3><ul class='reasons'>{items}</ul>" if reasons else ""


def messages_to_html(status: str, reasons: list[str]) -> str:
    """The customer message in both languages: the report JSON holds only the one sent."""
    texts = [(lang, customer_message(status, reasons, lang)) for lang in ("ja", "en")]
    items = "".join(
        f"<dt>customer message ({lang})</dt><dd lang='{lang}'>{_esc(text)}</dd>"
        for lang, text in texts
        if text
    )
    return f"<dl class='message'>{items}</dl>" if items else ""


def quality_warnings(ctx: DocContext) -> list[str]:
    """The image measures past their configured limits, as the rules stages judge them."""
    return quality_problems(ctx) + blur_problems(ctx)


def notes_to_html(notes: list[str], ctx: DocContext | None) -> str:
    """Reviewer notes, then quality warnings the notes do not already state."""
    warnings = quality_warnings(ctx) if ctx is not None else []
    items = [*notes, *(w for w in warnings if not any(w in note for note in notes))]
    lines = "".join(f"<li>{_esc(item)}</li>" for item in items)
    return f"<h3>notes</h3><ul class='notes'>{lines}</ul>" if items else ""


def pages_to_html(slot: str, ctx: DocContext | None) -> str:
    """Each page image, fields boxed and protected numbers blacked out, inlined."""
    if ctx is None:
        return ""
    figures = "".join(
        f"<figure><img alt='{_esc(slot)} page {page.index + 1}' "
        f"src='{_image_to_data_uri(image)}'>"
        f"<figcaption>{_esc(slot)} page {page.index + 1}</figcaption></figure>"
        for page in ctx.pages
        if (image := page_to_debug_image(ctx, page.index)) is not None
    )
    return f"<div class='pages'>{figures}</div>" if figures else ""


def slot_to_html(
    slot: str, data: Mapping[str, Any], ctx: DocContext | None, profile: Profile | None
) -> str:
    status = data["status"]
    facts = (
        reasons_to_html(data["reasons"])
        + messages_to_html(status, data["reasons"])
        + notes_to_html(data.get("notes", []), ctx)
        + rows_to_html(fields_to_rows(data, profile))
    )
    return (
        f"<section id='{_esc(slot)}' class='{_esc(status)}'><h2>{_esc(slot)} "
        f"<span class='badge'>{_esc(status)}</span> "
        f"<span class='doctype'>{_esc(data['document_type'])}</span></h2>"
        f"<div class='columns'><div class='facts'>{facts}</div>{pages_to_html(slot, ctx)}</div>"
        "</section>"
    )


def overall_to_html(report: Mapping[str, Any]) -> str:
    """The recommendation banner, with each slot's status linking to its section."""
    links = "".join(
        f"<a class='{_esc(data['status'])}' href='#{_esc(slot)}'>"
        f"{_esc(slot)}: {_esc(data['status'])}</a>"
        for slot, data in report["slots"].items()
    )
    return (
        f"<header class='{_esc(report['overall'])}'>"
        f"<div class='recommendation'>{_esc(report['overall'])}</div>"
        f"<div class='meta'>submission {_esc(report['submission_id'])} · submitted on "
        f"{_esc(report['submitted_on'])}</div><nav>{links}</nav></header>"
    )


def report_to_html(report: Mapping[str, Any], contexts: Mapping[str, DocContext]) -> str:
    """A self-contained page a reviewer reads in a minute: the recommendation on top,
    then per slot why, what was read against what was registered, and the document.
    Nothing is fetched from the network: styles inline, images as data URIs."""
    # Every slot of a submission carries the same profile.
    profile = next((c.profile for c in contexts.values() if c.profile is not None), None)
    slots = "".join(
        slot_to_html(slot, data, contexts.get(slot), profile)
        for slot, data in report["slots"].items()
    )
    title = f"{report['submission_id']}: {report['overall']}"
    return (
        "<!doctype html>\n<html lang='ja'>\n<head><meta charset='utf-8'>"
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head>\n"
        f"<body>{overall_to_html(report)}<main>{slots}</main></body>\n</html>\n"
    )
