"""Extractors: lines of OCR text to fields, one function per document type.

Each module registers its functions with ``@extractor("<document_type>")``; a type with
an extractor is read and judged automatically, any other type goes to review.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from docextract._context import Field, Line

Extractor = Callable[[Sequence[Line]], dict[str, Field]]
EXTRACTORS: dict[str, Extractor] = {}


def extractor(document_type: str) -> Callable[[Extractor], Extractor]:
    def register(func: Extractor) -> Extractor:
        EXTRACTORS[document_type] = func
        return func

    return register


# Last, so each module finds ``extractor`` defined when it registers its types.
from docextract.extractors import bills, cards, licence, passport, poa_types  # noqa: E402, F401
