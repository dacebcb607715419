"""places: the address's municipality and town names checked against Japan Post's list."""

from __future__ import annotations

from dataclasses import replace

from docextract._context import DocContext
from docextract._pipeline import stage
from docextract.text.gazetteer import correct_address


@stage("places.japanpost.v1", requires=("fields",), provides=("fields",))
def places(ctx: DocContext) -> DocContext:
    """Set right one misread glyph in a listed place name (text/gazetteer.py)."""
    field = ctx.fields.get("address")
    if field is None:
        return ctx
    corrected = correct_address(field.value)
    if corrected != field.value:
        ctx.notes.append(f"address: place name corrected from Japan Post's list ({corrected})")
        ctx.fields["address"] = replace(field, value=corrected)
    return ctx
