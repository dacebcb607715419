"""extract: lines of text to fields, with the extractor registered for the document type."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from docextract._context import DocContext, Field, Line
from docextract._pipeline import stage
from docextract.extractors import EXTRACTORS, Extractor
from docextract.extractors.common import tidy_name


def lines_to_fields(func: Extractor, lines: Sequence[Line]) -> dict[str, Field]:
    """The fields ``func`` reads from ``lines``, the name tidied the same way whichever
    extractor, and whichever OCR read (the page read, recover's sparse read), found it."""
    fields = func(lines)
    name = fields.get("name")
    if name is not None and (tidy := tidy_name(name.value)) != name.value:
        if tidy:
            fields["name"] = replace(name, value=tidy)
        else:
            del fields["name"]  # debris only: not read, rather than a wrong name
    return fields


@stage("extract.fields.v1", requires=("lines", "document_type"), provides=("fields",))
def extract(ctx: DocContext) -> DocContext:
    """Read the fields of the classified document type (none when no extractor exists)."""
    func = EXTRACTORS.get(ctx.document_type or "")
    ctx.fields = lines_to_fields(func, ctx.lines) if func else {}
    return ctx
