"""places: the address's municipality and town names, and a municipal head's (the
issuer of 住基カード, 個人番号カード and municipal certificates), checked against Japan
Post's list."""

from __future__ import annotations

from dataclasses import replace

from docextract._context import DocContext
from docextract._pipeline import stage
from docextract.extractors.common import REPAIRED_FACTOR
from docextract.text.gazetteer import correct_address, correct_municipal_head


@stage("places.japanpost.v1", requires=("fields",), provides=("fields",))
def places(ctx: DocContext) -> DocContext:
    """Set right one misread glyph in a listed place name (text/gazetteer.py)."""
    address = ctx.fields.get("address")
    if address is not None:
        corrected = correct_address(address.value)
        if corrected != address.value:
            ctx.notes.append(f"address: place name corrected from Japan Post's list ({corrected})")
            address = ctx.fields["address"] = replace(address, value=corrected)
    issuer = ctx.fields.get("issuer")
    if issuer is not None:
        head = correct_municipal_head(issuer.value, address.value if address else None)
        if head is not None:
            ctx.notes.append(f"issuer: place name corrected from Japan Post's list ({head})")
            # Held as a repair: the list says which place, not that the card says it.
            ctx.fields["issuer"] = replace(
                issuer, value=head, confidence=issuer.confidence * REPAIRED_FACTOR
            )
    return ctx
