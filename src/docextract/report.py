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
from typing import Any

import cv2
import numpy as np

from docextract._context import BBox, DocContext, Image, Line
from docextract.extractors.poa_layout import beside
from docextract.messages import customer_message
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


def page_to_debug_image(ctx: DocContext, page: int) -> Image | None:
    """The OCR-ready page with read fields boxed in green and protected numbers blacked out."""
    pages = [p for p in ctx.pages if p.index == page and p.image is not None]
    if not pages or pages[0].image is None:
        return None
    image = pages[0].image.copy()
    for field in ctx.fields.values():
        if field.bbox is not None and field.page == page:
            x, y, w, h = field.bbox
            cv2.rectangle(image, (x, y), (x + w, y + h), (40, 160, 40), 3)
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


_CSS = """body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.approve{color:#1a7f37}
.reject{color:#c62828}.review{color:#b26a00}.not_submitted{color:#c62828}img{max-width:100%}"""


def report_to_html(report: Mapping[str, Any], contexts: Mapping[str, DocContext]) -> str:
    """A self-contained page a reviewer opens instead of a blank form."""
    esc = html.escape
    out = [
        f"<!doctype html><meta charset='utf-8'><title>{esc(report['submission_id'])}</title>",
        f"<style>{_CSS}</style>",
        f"<h1>{esc(report['submission_id'])} — <span class='{report['overall']}'>"
        f"{esc(report['overall'])}</span></h1><p>submitted on {esc(report['submitted_on'])}</p>",
    ]
    for slot, data in report["slots"].items():
        out.append(
            f"<h2>{esc(slot)}: <span class='{data['status']}'>{esc(data['status'])}</span>"
            f" ({esc(data['document_type'])})</h2>"
        )
        if data["reasons"]:
            out.append("<p>reasons: " + ", ".join(esc(r) for r in data["reasons"]) + "</p>")
        for note in data.get("notes", []):
            out.append(f"<p><i>{esc(note)}</i></p>")
        out.append("<table><tr><th>field</th><th>read</th><th>confidence</th><th>match</th></tr>")
        for key, field in data["fields"].items():
            m = data["matches"].get(key, {})
            verdict = f"{m.get('verdict', '')} {m.get('score', '')}" if m else ""
            out.append(
                f"<tr><td>{esc(key)}</td><td>{esc(field['value'])}</td>"
                f"<td>{field.get('confidence', '')}</td><td>{esc(verdict)}</td></tr>"
            )
        out.append("</table>")
        if data["message"]:
            out.append(f"<p>customer message: {esc(data['message'])}</p>")
        ctx = contexts.get(slot)
        if ctx is not None:
            for page in ctx.pages:
                image = page_to_debug_image(ctx, page.index)
                if image is not None:
                    out.append(
                        f"<p><img alt='{esc(slot)} page {page.index}' "
                        f"src='{_image_to_data_uri(image)}'></p>"
                    )
    return "\n".join(out)
