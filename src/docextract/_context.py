"""The typed document context that flows from stage to stage.

One ``DocContext`` per uploaded file. Stages read what they declared in ``requires`` and
fill what they declared in ``provides`` (see ``_pipeline``). Everything here is plain data
(numpy arrays, dataclasses, paths) so a context pickles, which is what lets a batch fan
documents out to worker processes later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from cv2.typing import MatLike
from numpy.typing import NDArray

from docextract.config import PipelineConfig

BBox = tuple[int, int, int, int]


def union_boxes(boxes: Sequence[BBox]) -> BBox:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return (x0, y0, x1 - x0, y1 - y0)


def same_row(a: BBox, b: BBox) -> bool:
    """Vertical overlap of at least half the smaller box height."""
    top, bottom = max(a[1], b[1]), min(a[1] + a[3], b[1] + b[3])
    return bottom - top >= 0.5 * min(a[3], b[3])


"""``(x, y, width, height)`` in pixels of the page image."""

Image = MatLike
"""An OpenCV image (BGR, uint8)."""


@dataclass(frozen=True)
class Profile:
    """What the applicant registered (contract §1)."""

    name: str
    birth_date: dt.date
    address: str
    name_kana: str | None = None
    name_latin: str | None = None
    postal_code: str | None = None


Point = tuple[float, float]
"""``(x, y)`` in pixels of the page image."""

Polygon = tuple[Point, ...]

Matrix = NDArray[np.float64]
"""A 3x3 homography from one image's pixel coordinates to another's (``geometry``)."""


@dataclass(frozen=True)
class DocumentOutline:
    """Where preprocessing found the document in the frame it was photographed in."""

    quad: tuple[Point, Point, Point, Point]
    """Corners (top-left, top-right, bottom-right, bottom-left) in pixels of the upload."""
    frame: tuple[int, int]
    """Width and height of the upload."""
    is_card: bool
    """An ID-1 card (laid landscape, never turned a quarter by OCR), else ISO paper."""


@dataclass(frozen=True)
class StageImage:
    """What one stage made of a page, kept for ``--keep-temp`` (api.write_debug_images)."""

    stage: str
    image: Image
    to_page: Matrix
    """From this image's pixels to the page image's (``Page.image``): boxes found on the
    page (protected numbers) are mapped back with its inverse to black them out here too."""
    caption: str = ""
    outline: Polygon = ()
    """Drawn over the image (the document quad found on the upload)."""
    regions: tuple[Polygon, ...] = ()
    """Shaded over the image (the glare found), in this image's pixels."""


@dataclass
class Page:
    """One page: an image to OCR, or a PDF text layer already read."""

    index: int
    image: Image | None = None
    """BGR image, after preprocessing when that stage ran."""
    has_text_layer: bool = False
    width: int = 0
    height: int = 0
    unscaled: Image | None = None
    """The rectified page before scaling, kept by preprocessing until OCR has decided which
    way is up: a page turned a quarter is scaled again from it, not resampled twice."""
    steps: tuple[str, ...] = ()
    """The pixel stages run on the page since ``unscaled`` was kept, in order: OCR runs
    them again on a page it turned a quarter (``preprocess.rectified_to_ocr_ready``)."""
    document: DocumentOutline | None = None
    """The card or page outline found on the upload; None: the image is the document."""
    glare: tuple[Polygon, ...] = ()
    """Burnt-out glare, in pixels of ``image``: what was under it may be misread."""
    trail: tuple[StageImage, ...] = ()
    """Each preprocessing stage's image of the page, only when ``--keep-temp`` asked."""
    trail_target: str = ""
    """Digest of the page image the trail's matrices map into: a stage that changed the
    image without saying how leaves it stale, and the trail is then not written."""

    @property
    def is_card(self) -> bool:
        return self.document is not None and self.document.is_card


@dataclass(frozen=True)
class Word:
    """A word as the OCR engine (or the PDF text layer) gave it."""

    page: int
    text: str
    conf: float
    """0..1; 1.0 for text-layer words."""
    bbox: BBox


@dataclass(frozen=True)
class Line:
    """A line of text with its words, in reading order."""

    page: int
    text: str
    """Words joined: no spaces between CJK characters, one space elsewhere."""
    words: tuple[Word, ...]
    spans: tuple[tuple[int, int], ...]
    """Where each word's (NFKC) text sits in ``text``: maps a substring back to boxes."""
    bbox: BBox
    conf: float

    def span_to_words(self, start: int, end: int) -> tuple[Word, ...]:
        """The words that overlap ``text[start:end]``."""
        return tuple(
            w for w, (a, b) in zip(self.words, self.spans, strict=True) if a < end and b > start
        )


@dataclass(frozen=True)
class Field:
    """A value read from the document, shaped as in the report."""

    value: str
    confidence: float
    page: int | None = None
    bbox: BBox | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "confidence": round(max(0.0, min(1.0, self.confidence)), 3),
            "page": self.page if self.page is not None else 0,
            "bbox": list(self.bbox) if self.bbox is not None else None,
        }


@dataclass(frozen=True)
class Match:
    """How one field compares with the profile."""

    score: float
    verdict: str
    """``match`` | ``mismatch`` | ``missing``."""


@dataclass
class SelfieFindings:
    """What the selfie stages saw, in pixels of the selfie image (contract §2, selfie)."""

    document: tuple[Point, ...] | None = None
    """Outline of the held ID: its four corners, or the visible part when it is cut off."""
    document_cut_off: bool = False
    live_faces: list[BBox] = field(default_factory=list)
    """Faces of people in front of the camera, wholly in the frame; the ID photo excluded."""
    cut_faces: list[BBox] = field(default_factory=list)
    """Faces reaching past the frame's margin (boxes may extend outside the image)."""
    match_distance: float | None = None
    """Embedding distance between the live face and the id_front's ID photo."""
    match_checked: bool = False
    """The match stage ran: ``match_distance`` is set, or a doubt or note says why not."""
    doubts: list[str] = field(default_factory=list)
    """Why a check could not be decided: the slot goes to review, never approve."""


@dataclass
class DocContext:
    """Everything known about one uploaded file, passed from stage to stage."""

    source: Path
    config: PipelineConfig
    slot: str | None = None
    submitted_on: dt.date | None = None
    profile: Profile | None = None
    work_dir: Path | None = None
    """Where stages keep inspectable intermediates (``--keep-temp``); None: keep nothing."""

    superseding_address: Field | None = None
    """For id_front: the address entry read from the card's back, which replaces the front's."""
    id_front: DocContext | None = None
    """For the selfie: the submission's id_front, whose ID photo the live face must match."""
    selfie: SelfieFindings | None = None
    """For the selfie: what its stages found (faces, the held ID, the face distance)."""

    kind: str | None = None
    """Sniffed file kind: ``pdf`` or ``image``."""
    pages: list[Page] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    quality: dict[str, float] = field(default_factory=dict)
    document_type: str | None = None
    type_scores: dict[str, float] = field(default_factory=dict)
    fields: dict[str, Field] = field(default_factory=dict)
    matches: dict[str, Match] = field(default_factory=dict)
    status: str | None = None
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Reviewer-facing remarks (why a slot is ``review``), never shown to customers."""
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
