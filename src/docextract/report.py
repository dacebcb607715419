"""report: slot contexts to the report JSON of contract §3, and the reviewer's HTML page.

The My Number never leaves this module unmasked: every field value passes through
``mask_mynumbers``, numbers of types that carry protected numbers are masked whole, and
the HTML blacks out the image regions where a My Number was read.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping
from typing import Any

import cv2
import numpy as np

from docextract._context import BBox, DocContext, Image
from docextract.messages import customer_message
from docextract.text.numbers import (
    is_valid_dl_number,
    mask_mynumbers,
    mask_number,
    mynumber_spans,
)

SCHEMA_VERSION = 1
# Types whose document number is protected by law (番号法; 健康保険法 §194-2): masked whole.
MASKED_NUMBER_TYPES = frozenset(
    {"my_number_card_back", "my_number_notification_card", "health_insurance_card"}
)


# A licence number is 12 digits too, and one in ~11 also passes the My Number check
# digit; it is kept only when it passes the licence's own check digit on a licence.
LICENCE_TYPES = frozenset({"drivers_license", "driving_history_certificate"})


def field_to_json(key: str, ctx: DocContext) -> dict[str, Any]:
    out = ctx.fields[key].to_json()
    value = out["value"]
    if key == "document_number" and ctx.document_type in MASKED_NUMBER_TYPES:
        out["value"] = mask_number(value)
    elif not (
        key == "document_number"
        and ctx.document_type in LICENCE_TYPES
        and is_valid_dl_number(value)
    ):
        out["value"] = mask_mynumbers(value)
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


def mynumber_boxes(ctx: DocContext, page: int) -> list[BBox]:
    """Boxes of the words that make up a My Number on ``page``."""
    boxes: list[BBox] = []
    for line in ctx.lines:
        if line.page != page:
            continue
        for start, end in mynumber_spans(line.text):
            boxes.extend(w.bbox for w in line.span_to_words(start, end))
    return boxes


def page_to_debug_image(ctx: DocContext, page: int) -> Image | None:
    """The OCR-ready page with read fields boxed in green and My Numbers blacked out."""
    pages = [p for p in ctx.pages if p.index == page and p.image is not None]
    if not pages or pages[0].image is None:
        return None
    image = pages[0].image.copy()
    for field in ctx.fields.values():
        if field.bbox is not None and field.page == page:
            x, y, w, h = field.bbox
            cv2.rectangle(image, (x, y), (x + w, y + h), (40, 160, 40), 3)
    for x, y, w, h in mynumber_boxes(ctx, page):
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
