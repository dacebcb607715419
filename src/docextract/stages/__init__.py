"""The stages: importing this package registers every one of them."""

from docextract.stages import (  # noqa: F401
    classify,
    extract,
    ingest,
    match,
    mrz,
    ocr,
    places,
    preprocess,
    quality,
    recover,
    reread,
    rules,
    selfie,
)
