"""extract: lines of text to fields, with the extractor registered for the document type."""

from __future__ import annotations

from dataclasses import replace

from docextract._context import DocContext
from docextract._pipeline import stage
from docextract.extractors import EXTRACTORS
from docextract.extractors.common import tidy_name


@stage("extract.fields.v1", requires=("lines", "document_type"), provides=("fields",))
def extract(ctx: DocContext) -> DocContext:
    """Read the fields of the classified document type (none when no extractor exists)."""
    func = EXTRACTORS.get(ctx.document_type or "")
    ctx.fields = func(ctx.lines) if func else {}
    # Names are tidied the same way whichever extractor read them.
    name = ctx.fields.get("name")
    if name is not None and (tidy := tidy_name(name.value)) != name.value:
        if tidy:
            ctx.fields["name"] = replace(name, value=tidy)
        else:
            del ctx.fields["name"]  # debris only: not read, rather than a wrong name
    return ctx
