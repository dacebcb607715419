"""selfie: the ID selfie checks of contract §2 and the SELFIE_* reasons of §4.

A selfie passes when exactly one live face is wholly inside the frame, an ID document is
visible and wholly inside the frame, face and document are in focus, and the face is the
person on the id_front's ID photo. The ID photo printed on the held card is a face too: it
is told apart by lying inside the card's outline, so it never counts as a second person.

Faces come from dlib (the ``dlib-bin`` wheel) with the models of the
``face_recognition_models`` package, loaded once per process from the installed files: HOG
frontal-face detection, the CNN (MMOD) detector as a fallback when HOG finds no face, five
landmarks to align a face, and the ResNet that maps an aligned face to 128 numbers whose
Euclidean distance is small for the same person. The held card is found from its straight
edges (OpenCV's line segment detector): four sides of an ID-1 or ISO paper shape, or three
sides whose open end runs out of the frame (a card cut off by the edge).

Anything the checks cannot decide goes to review, never approve (a wrong approve is the
worst outcome); a blurred selfie is review with SELFIE_BLURRY, as the contract shows.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import dlib
import numpy as np
from numpy.typing import NDArray

from docextract._context import BBox, DocContext, Image, Point, SelfieFindings
from docextract._packages import package_folder
from docextract._pipeline import stage
from docextract.config import SelfieSettings
from docextract.stages.ingest import ingest
from docextract.stages.preprocess import DOC_ASPECTS

Vec = NDArray[np.float64]

# Line segments shorter than this share of the frame's long side are print, not outlines.
MIN_SEGMENT_FRACTION = 0.03
# Segments within these of each other are one straight edge (LSD splits an edge at every
# crossing line or JPEG block).
SAME_LINE_DEGREES, SAME_LINE_PX = 2.0, 3.0
# A corner is seen when edges cover half of each side's stretch of this share next to it.
CORNER_SHARE = 0.15
# Edge directions are told apart in bins of 7.5°; a side may lie this far off its edges.
DIRECTION_BINS = 24
EDGE_TOLERANCE_PX = 2
# Opposite sides of a card held ~20° off axis differ by a few degrees; its corners are
# right angles up to the perspective.
PARALLEL_DEGREES, PERPENDICULAR_DEGREES = 6.0, 15.0
# The document search runs at this size: LSD's cost grows with the pixels, and the
# smallest card allowed ([selfie] document_min_side_fraction) still has 64 px sides.
DOCUMENT_SEARCH_PX = 800.0
# Sharpness is measured at a fixed size where the photo allows, so that it does not depend
# on how large the face or card appears: a face box at 128 px, a card 320 px wide, the
# whole image (when neither was found) at the document search size.
FACE_SHARPNESS_PX = 128
CARD_SHARPNESS_PX = 320
# Rotations to look for the ID photo on an id_front page (a card photographed sideways).
ROTATIONS = (None, cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE, cv2.ROTATE_180)


# --- models -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Models:
    hog: dlib.fhog_object_detector
    cnn: dlib.cnn_face_detection_model_v1
    landmarks: dlib.shape_predictor
    encoder: dlib.face_recognition_model_v1


def models_dir() -> Path:
    """Where ``face_recognition_models`` keeps its model files."""
    return package_folder("face_recognition_models") / "models"


@functools.cache
def load_models() -> _Models:
    """The dlib models, read once per process (the ResNet alone is 21 MB)."""
    folder = models_dir()
    return _Models(
        hog=dlib.get_frontal_face_detector(),
        cnn=dlib.cnn_face_detection_model_v1(str(folder / "mmod_human_face_detector.dat")),
        landmarks=dlib.shape_predictor(str(folder / "shape_predictor_5_face_landmarks.dat")),
        encoder=dlib.face_recognition_model_v1(
            str(folder / "dlib_face_recognition_resnet_model_v1.dat")
        ),
    )


# --- faces --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FaceHit:
    """A detected face: its box in image pixels (may reach past the frame) and how sure."""

    box: BBox
    score: float
    confident: bool


def _resized(image: Image, max_side: float) -> tuple[Image, float]:
    scale = min(1.0, max_side / max(image.shape[:2]))
    if scale == 1.0:
        return image, 1.0
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), scale


def _rgb_padded(image: Image, max_side: float, pad_fraction: float) -> tuple[Image, float, int]:
    """The image scaled down, as RGB, mirrored out past its edges.

    The mirror lets the detector place a window across the frame's edge: a face cut by
    the edge and its reflection make a whole face-like pattern (a cut chin and mouth
    mirror into a face HOG scores near 0), found with a box reaching outside the image.
    """
    small, scale = _resized(image, max_side)
    pad = round(pad_fraction * min(small.shape[:2]))
    padded = cv2.copyMakeBorder(small, pad, pad, pad, pad, cv2.BORDER_REFLECT)
    return np.ascontiguousarray(cv2.cvtColor(padded, cv2.COLOR_BGR2RGB)), scale, pad


def _box(rect: dlib.rectangle, scale: float, pad: int) -> BBox:
    return (
        round((rect.left() - pad) / scale),
        round((rect.top() - pad) / scale),
        round(rect.width() / scale),
        round(rect.height() / scale),
    )


def hog_faces(image: Image, settings: SelfieSettings) -> list[FaceHit]:
    """HOG detections down to ``cut_face_min_score``; ``confident`` from ``min_face_score``."""
    rgb, scale, pad = _rgb_padded(image, settings.detect_max_side_px, settings.edge_pad_fraction)
    # Upsampling once finds faces down to ~40 px: the ID photo on a held card.
    rects, scores, _ = load_models().hog.run(rgb, 1, settings.cut_face_min_score)
    return [
        FaceHit(_box(r, scale, pad), float(s), float(s) >= settings.min_face_score)
        for r, s in zip(rects, scores, strict=True)
    ]


def cnn_faces(image: Image, settings: SelfieSettings) -> list[FaceHit]:
    """The CNN detector: slower, but finds turned and partly hidden faces HOG misses."""
    rgb, scale, pad = _rgb_padded(image, settings.cnn_max_side_px, settings.edge_pad_fraction)
    hits = load_models().cnn(rgb, 0)
    return [
        FaceHit(_box(h.rect, scale, pad), float(h.confidence), True)
        for h in hits
        if h.confidence >= settings.min_cnn_confidence
    ]


def _centre(box: BBox) -> Point:
    return (box[0] + box[2] / 2, box[1] + box[3] / 2)


def _inside_frame(box: BBox, shape: tuple[int, ...], margin_fraction: float) -> bool:
    """The box, grown by ``margin_fraction`` of its width on every side, fits the image."""
    height, width = shape[:2]
    m = margin_fraction * box[2]
    x, y, w, h = box
    return x - m >= 0 and y - m >= 0 and x + w + m <= width and y + h + m <= height


def _on_document(box: BBox, document: tuple[Point, ...] | None, settings: SelfieSettings) -> bool:
    """The face is the held ID's photo: its centre on the card and far smaller than it."""
    if document is None:
        return False
    outline = np.array(document, dtype=np.float32)
    if cv2.pointPolygonTest(outline, _centre(box), False) < 0:
        return False
    short_side = min(cv2.minAreaRect(outline)[1])
    return box[2] <= settings.id_photo_max_fraction * short_side


@dataclass
class SortedFaces:
    """Faces by kind (boxes), and why the sorting could not decide."""

    live: list[BBox] = field(default_factory=list)
    cut: list[BBox] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)


def sort_faces(
    hits: list[FaceHit], image: Image, document: tuple[Point, ...] | None, settings: SelfieSettings
) -> SortedFaces:
    """Split the hits into live faces and faces cut by the frame, largest first."""
    out = SortedFaces()
    min_width = settings.min_live_face_fraction * min(image.shape[:2])
    small: list[BBox] = []
    weak_cut: list[FaceHit] = []
    weak_in: list[FaceHit] = []
    height, width = image.shape[:2]
    for hit in sorted(hits, key=lambda h: -h.box[2]):
        cx, cy = _centre(hit.box)
        if not (0 <= cx < width and 0 <= cy < height):
            continue  # the mirror image of a face inside the frame, not a face
        if _on_document(hit.box, document, settings):
            continue  # the ID photo printed on the held card, not a second person
        in_frame = _inside_frame(hit.box, image.shape, settings.face_margin_fraction)
        if hit.box[2] < min_width:
            # Too small for a face held at arm's length: the card's photo where the card
            # was not found, or a bystander far behind. Either way a person must look.
            if hit.confident:
                small.append(hit.box)
        elif hit.confident:
            (out.live if in_frame else out.cut).append(hit.box)
        else:
            (weak_in if in_frame else weak_cut).append(hit)
    if not out.live and not out.cut:
        # Weak hits count only where no real face was found: beside a real face they are
        # its forehead or collar. A weak hit past the edge is what is left of a face cut
        # by the frame (HOG scores a half face low); the best one only, as evidence of a
        # cut face, not a count of faces.
        out.cut = [h.box for h in sorted(weak_cut, key=lambda h: -h.score)[:1]]
        if weak_in and not weak_cut:
            out.doubts.append("a face-like shape was found, but not clearly a face")
    if small:
        out.doubts.append(
            f"{len(small)} small face(s) off the held ID: a bystander, or the ID's photo"
        )
    return out


@stage("selfie.faces.v1", requires=("pages", "selfie_document"), provides=("selfie_faces",))
def faces(ctx: DocContext) -> DocContext:
    """Find the faces: live ones, ones cut by the frame, and the held ID's own photo."""
    image = _selfie_image(ctx)
    if image is None:
        return ctx
    settings, findings = ctx.config.selfie, _findings(ctx)
    hits = hog_faces(image, settings)
    found = sort_faces(hits, image, findings.document, settings)
    if settings.cnn_fallback and not found.live and not found.cut:
        found = sort_faces(hits + cnn_faces(image, settings), image, findings.document, settings)
    findings.live_faces, findings.cut_faces = found.live, found.cut
    findings.doubts.extend(found.doubts)
    if found.live or found.cut:
        ctx.quality["face_sharpness"] = face_sharpness(image, (found.live or found.cut)[0])
    return ctx


def edge_energy(gray: Image) -> tuple[float, float, float]:
    """Variance of the Laplacian after a 1 px Gaussian, and the smoothed image's variance
    and mean.

    The light smoothing keeps sensor noise and JPEG blocks (pixel-scale detail) from
    reading as focus: on a blurred selfie with noise added, the plain Laplacian rose from
    29 to 110, above sharp faces at half size. Divided by the variance (contrast) or the
    squared mean (exposure), it no longer falls when the light does.
    """
    smooth = cv2.GaussianBlur(gray.astype(np.float64), (0, 0), 1.0)
    energy = float(cv2.Laplacian(smooth, cv2.CV_64F).var())
    return energy, float(smooth.var()), float(smooth.mean())


def contrast_focus(gray: Image) -> float:
    """Edge energy per unit of contrast (x1000): for faces, whatever their skin tone."""
    energy, variance, _ = edge_energy(gray)
    return 1000 * energy / max(variance, 1.0)


def exposure_focus(gray: Image) -> float:
    """Edge energy per squared mean grey (x10000): for a card's light stock and print,
    where a plain background would make the contrast ratio grow with noise."""
    energy, _, mean = edge_energy(gray)
    return 10000 * energy / max(mean * mean, 1.0)


def face_sharpness(image: Image, box: BBox) -> float:
    """Focus over the face (the part in the frame), shrunk to at most 128 px wide."""
    height, width = image.shape[:2]
    x0, y0 = max(box[0], 0), max(box[1], 0)
    x1, y1 = min(box[0] + box[2], width), min(box[1] + box[3], height)
    gray = cv2.cvtColor(image[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)
    # Only ever shrunk: enlarging a small face would smooth it and read as blur.
    scale = min(1.0, FACE_SHARPNESS_PX / max(x1 - x0, 1))
    return contrast_focus(cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))


# --- the held document --------------------------------------------------------------------


def _angle_between(a: float, b: float) -> float:
    d = abs(a - b) % math.pi
    return min(d, math.pi - d)


class _Edge:
    """A straight line through segments LSD found, as a candidate side of a card."""

    def __init__(self, theta: float, through: Point) -> None:
        self.theta = theta
        """Direction in [0, π)."""
        self.through = through
        """A point on the line (the middle of its longest segment)."""
        self.ux, self.uy = math.cos(theta), math.sin(theta)
        self.nx, self.ny = -self.uy, self.ux
        self.rho = self.nx * through[0] + self.ny * through[1]
        """Signed distance of the line from the origin, along its normal."""
        self.seen = 0.0
        """Total length of the segments on the line."""

    def offset(self, p: Point) -> float:
        return self.nx * p[0] + self.ny * p[1] - self.rho

    def at(self, p: Point, step: float) -> Point:
        return (p[0] + self.ux * step, p[1] + self.uy * step)


class _EdgeMap:
    """Where LSD saw edges, one map per direction, to measure how much of a side is edge.

    A side collects only edges running its way (its direction bin and the two beside it,
    ±11°): a line of text ending on a card's side is not that side. Drawn lines are grown
    by ``EDGE_TOLERANCE_PX`` since a candidate side lies a pixel or two off its segments.
    """

    def __init__(self, shape: tuple[int, ...], segments: NDArray[np.float64]) -> None:
        height, width = shape[:2]
        drawn = [np.zeros((height, width), np.uint8) for _ in range(DIRECTION_BINS)]
        for x1, y1, x2, y2 in segments:
            theta = math.atan2(y2 - y1, x2 - x1) % math.pi
            cv2.line(drawn[self._bin(theta)], (round(x1), round(y1)), (round(x2), round(y2)), 255)
        grow = np.ones((2 * EDGE_TOLERANCE_PX + 1,) * 2, np.uint8)
        self.maps = [
            cv2.dilate(drawn[b - 1] | drawn[b] | drawn[(b + 1) % DIRECTION_BINS], grow)
            for b in range(DIRECTION_BINS)
        ]

    @staticmethod
    def _bin(theta: float) -> int:
        return int(theta / math.pi * DIRECTION_BINS) % DIRECTION_BINS

    def coverage(self, p: Point, q: Point) -> float:
        """Share of the stretch from ``p`` to ``q`` that lies on a seen edge."""
        length = _distance(p, q)
        if length < 1:
            return 0.0
        edges = self.maps[self._bin(math.atan2(q[1] - p[1], q[0] - p[0]) % math.pi)]
        n = max(int(length / 2), 2)
        xs = np.rint(np.linspace(p[0], q[0], n)).astype(np.intp)
        ys = np.rint(np.linspace(p[1], q[1], n)).astype(np.intp)
        height, width = edges.shape
        inside = (xs >= 0) & (xs < width) & (ys >= 0) & (ys < height)
        return float(np.count_nonzero(edges[ys[inside], xs[inside]])) / n


def _edges(gray: Image, min_length: float) -> tuple[list[_Edge], _EdgeMap]:
    """Candidate lines (segments of at least ``min_length`` merged), and the edge map."""
    found = cv2.createLineSegmentDetector().detect(gray)[0]
    segments = np.zeros((0, 4)) if found is None else found.reshape(-1, 4).astype(np.float64)
    lengths = np.hypot(segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1])
    edges: list[_Edge] = []
    for index in np.argsort(-lengths):
        if lengths[index] < min_length:
            break
        x1, y1, x2, y2 = (float(v) for v in segments[index])
        theta = math.atan2(y2 - y1, x2 - x1) % math.pi
        mid = ((x1 + x2) / 2, (y1 + y2) / 2)
        for edge in edges:
            if (
                _angle_between(edge.theta, theta) < math.radians(SAME_LINE_DEGREES)
                and abs(edge.offset(mid)) < SAME_LINE_PX
            ):
                break
        else:
            edge = _Edge(theta, mid)
            edges.append(edge)
        edge.seen += float(lengths[index])
    return edges, _EdgeMap(gray.shape, segments)


def _cross(a: _Edge, b: _Edge) -> Point:
    det = a.nx * b.ny - a.ny * b.nx
    return ((a.rho * b.ny - a.ny * b.rho) / det, (a.nx * b.rho - a.rho * b.nx) / det)


def _distance(p: Point, q: Point) -> float:
    return math.hypot(q[0] - p[0], q[1] - p[1])


@dataclass(frozen=True)
class _Outline:
    corners: tuple[Point, ...]
    cut_off: bool

    @property
    def area(self) -> float:
        return float(cv2.contourArea(np.array(self.corners, dtype=np.float32)))


def _is_document_aspect(long: float, short: float, tolerance: float) -> bool:
    ratio = max(long, short) / max(min(long, short), 1.0)
    return any(abs(ratio / a - 1) <= tolerance for a in DOC_ASPECTS)


def _run_to_border(edge: _Edge, p: Point, sign: float, width: int, height: int) -> float:
    """How far from ``p`` (inside the frame) along the edge, one way, the frame ends."""
    steps = []
    for d, start, limit in ((edge.ux * sign, p[0], width - 1), (edge.uy * sign, p[1], height - 1)):
        if abs(d) > 1e-9:
            steps += [s for s in ((0 - start) / d, (limit - start) / d) if s > 0]
    return min(steps, default=0.0)


def document_outlines(gray: Image, settings: SelfieSettings) -> list[_Outline]:
    """Card-shaped outlines in ``gray``: whole quadrilaterals and cut-off three-sided ones.

    Two parallel edges a card's side apart, joined by perpendicular edges: two of them
    with the sides between in document proportions make a whole card; one, with both
    parallel edges running on into the frame's border, makes a card cut off by the edge.
    """
    height, width = gray.shape[:2]
    long_side = max(height, width)
    edges, seen = _edges(gray, MIN_SEGMENT_FRACTION * long_side)
    min_sep = settings.document_min_side_fraction * long_side
    max_sep = settings.document_max_side_fraction * long_side
    min_cov, tolerance = settings.document_min_side_coverage, settings.document_aspect_tolerance
    # An edge with less seen length than this cannot cover even the shortest side.
    edges = [e for e in edges if e.seen >= min_cov * min_sep]
    square = [
        [
            c
            for c in edges
            if abs(_angle_between(c.theta, e.theta) - math.pi / 2)
            <= math.radians(PERPENDICULAR_DEGREES)
        ]
        for e in edges
    ]
    outlines = []
    for i, j in itertools.combinations(range(len(edges)), 2):
        a, b = edges[i], edges[j]
        if _angle_between(a.theta, b.theta) > math.radians(PARALLEL_DEGREES):
            continue
        if not min_sep <= abs(a.offset(b.through)) <= max_sep:
            continue
        ends = []
        for c in square[i]:
            pa, pb = _cross(a, c), _cross(b, c)
            if min_sep <= _distance(pa, pb) <= max_sep and seen.coverage(pa, pb) >= min_cov:
                ends.append((pa, pb))
        outlines += _whole_cards(seen, ends, min_sep, min_cov, tolerance)
        outlines += _cut_cards(seen, a, b, ends, min_cov, tolerance)
    return outlines


def _whole_cards(
    seen: _EdgeMap,
    ends: list[tuple[Point, Point]],
    min_sep: float,
    min_cov: float,
    tolerance: float,
) -> list[_Outline]:
    """Pairs of ``ends`` (across two parallel edges) that close a document shape."""
    out = []
    for (pa1, pb1), (pa2, pb2) in itertools.combinations(ends, 2):
        len_a, len_b = _distance(pa1, pa2), _distance(pb1, pb2)
        if min(len_a, len_b) < min_sep:
            continue
        if seen.coverage(pa1, pa2) < min_cov or seen.coverage(pb1, pb2) < min_cov:
            continue
        across = (_distance(pa1, pb1) + _distance(pa2, pb2)) / 2
        if not _is_document_aspect((len_a + len_b) / 2, across, tolerance):
            continue
        corners = (pa1, pa2, pb2, pb1)
        # A finger may hide one corner; an outline that overshoots the card along a
        # lapel or a table edge has two corners where no edges meet.
        held = [
            _corner_seen(seen, corners[k - 1], corners[k], corners[(k + 1) % 4]) for k in range(4)
        ]
        if sum(held) >= 3:
            out.append(_Outline(corners, cut_off=False))
    return out


def _corner_seen(seen: _EdgeMap, before: Point, corner: Point, after: Point) -> bool:
    """Edges run into ``corner`` from both sides (over the nearest ``CORNER_SHARE``)."""
    return all(
        seen.coverage(
            corner,
            (
                corner[0] + CORNER_SHARE * (other[0] - corner[0]),
                corner[1] + CORNER_SHARE * (other[1] - corner[1]),
            ),
        )
        >= 0.5
        for other in (before, after)
    )


def _cut_cards(
    seen: _EdgeMap,
    a: _Edge,
    b: _Edge,
    ends: list[tuple[Point, Point]],
    min_cov: float,
    tolerance: float,
) -> list[_Outline]:
    """One end between ``a`` and ``b``, both running on into the frame's border."""
    height, width = seen.maps[0].shape
    out = []
    for pa, pb in ends:
        if not all(0 <= p[0] < width and 0 <= p[1] < height for p in (pa, pb)):
            continue
        sep = _distance(pa, pb)
        for sign in (1.0, -1.0):
            run_a = _run_to_border(a, pa, sign, width, height)
            run_b = _run_to_border(b, pb, sign, width, height)
            # The sides must run on for a good part of the card (not a corner of
            # something else) and reach the border still seen as edge.
            if min(run_a, run_b) < 0.3 * sep:
                continue
            qa, qb = a.at(pa, sign * run_a), b.at(pb, sign * run_b)
            if seen.coverage(pa, qa) < min_cov or seen.coverage(pb, qb) < min_cov:
                continue
            if not (_corner_seen(seen, qa, pa, pb) and _corner_seen(seen, pa, pb, qb)):
                continue
            # A whole card would have ended within its longest proportion of this side.
            if max(run_a, run_b) < sep * max(DOC_ASPECTS) * (1 + tolerance):
                out.append(_Outline((pa, qa, qb, pb), cut_off=True))
    return out


def _region_brightness(gray: Image, corners: tuple[Point, ...]) -> float:
    """The grey level three quarters of the outline's inside are lighter than."""
    mask = np.zeros(gray.shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, np.array(corners, dtype=np.int32), 255)
    values = gray[mask > 0]
    return float(np.percentile(values, 25)) if values.size else 0.0


def find_document(image: Image, settings: SelfieSettings) -> _Outline | None:
    """The held ID's outline in image pixels: the largest whole card, else a cut-off one.

    Accepted identity documents are printed on light stock; an outline whose inside is
    dark (a suit's lapels, a window frame) is not one.
    """
    small, scale = _resized(image, DOCUMENT_SEARCH_PX)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    light = [
        o
        for o in document_outlines(gray, settings)
        if _region_brightness(gray, o.corners) >= settings.document_min_brightness
    ]
    for cut_off in (False, True):
        candidates = [o for o in light if o.cut_off == cut_off]
        if candidates:
            best = max(candidates, key=lambda o: o.area)
            return _Outline(tuple((x / scale, y / scale) for x, y in best.corners), cut_off)
    return None


def document_sharpness(image: Image, corners: tuple[Point, ...]) -> float:
    """Focus over the card, rectified to ID-1 proportions at most 320 px wide."""
    quad = np.array(corners, dtype=np.float32)
    # Put the long side along x whichever corner the outline starts from.
    if np.linalg.norm(quad[1] - quad[0]) < np.linalg.norm(quad[3] - quad[0]):
        quad = np.roll(quad, -1, axis=0)
    w = min(CARD_SHARPNESS_PX, round(float(np.linalg.norm(quad[1] - quad[0]))))
    h = round(w * 54.0 / 85.6)
    target = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    card = cv2.warpPerspective(image, cv2.getPerspectiveTransform(quad, target), (w, h))
    return exposure_focus(cv2.cvtColor(card, cv2.COLOR_BGR2GRAY))


@stage("selfie.document.v1", requires=("pages",), provides=("selfie_document", "quality"))
def document(ctx: DocContext) -> DocContext:
    """Find the held ID: its outline, whether the frame cuts it, and its sharpness."""
    image = _selfie_image(ctx)
    if image is None:
        return ctx
    ctx.document_type = "selfie"
    small, _ = _resized(image, DOCUMENT_SEARCH_PX)
    ctx.quality["image_sharpness"] = contrast_focus(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY))
    settings, findings = ctx.config.selfie, _findings(ctx)
    outline = find_document(image, settings)
    if outline is None:
        return ctx
    findings.document = outline.corners
    margin = settings.document_margin_fraction * min(image.shape[:2])
    height, width = image.shape[:2]
    findings.document_cut_off = outline.cut_off or not all(
        margin <= x <= width - margin and margin <= y <= height - margin
        for x, y in findings.document
    )
    if not outline.cut_off:
        ctx.quality["document_sharpness"] = document_sharpness(image, outline.corners)
    return ctx


# --- the face match -----------------------------------------------------------------------


def face_embedding(rgb: Image, box: BBox) -> Vec:
    """The 128-d descriptor of the face in ``box`` (aligned on its five landmarks)."""
    m = load_models()
    rect = dlib.rectangle(box[0], box[1], box[0] + box[2], box[1] + box[3])
    shape = m.landmarks(rgb, rect)
    return np.array(m.encoder.compute_face_descriptor(rgb, shape), dtype=np.float64)


def id_photo_embedding(image: Image, settings: SelfieSettings) -> Vec | None:
    """The descriptor of the ID photo on an ID page, upright or turned; None if none.

    The best-scoring face over the four orientations (upright first, and no further once
    a face scores as only the photo does): the page's own photo scores well above the
    false hits that card printing gives (fixtures: photos 1.3-2.3, false hits 0.06-0.26,
    some of them on a card lying sideways).
    """
    best: tuple[float, Image, BBox] | None = None
    for rotation in ROTATIONS:
        turned = image if rotation is None else cv2.rotate(image, rotation)
        small, _ = _resized(turned, settings.detect_max_side_px)
        rgb = np.ascontiguousarray(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
        rects, scores, _ = load_models().hog.run(rgb, 1, settings.reference_min_score)
        for rect, score in zip(rects, scores, strict=True):
            if best is None or score > best[0]:
                box = (rect.left(), rect.top(), rect.width(), rect.height())
                best = (float(score), rgb, box)
        if best is not None and best[0] >= settings.reference_sure_score:
            break  # the photo itself, this way up: the other turns cannot beat it
    return None if best is None else face_embedding(best[1], best[2])


def reference_embedding(ctx: DocContext) -> Vec | None:
    """The id_front's ID photo, read from its original pixels (its pages were preprocessed)."""
    front = ctx.id_front
    if front is None or not front.pages:
        return None
    original = ingest(DocContext(source=front.source, config=ctx.config))
    for page in original.pages:
        if page.image is not None:
            found = id_photo_embedding(page.image, ctx.config.selfie)
            if found is not None:
                return found
    return None


@stage("selfie.match.v1", requires=("selfie_faces",), provides=("selfie_match",))
def match(ctx: DocContext) -> DocContext:
    """Distance between the live face and the id_front's ID photo."""
    image = _selfie_image(ctx)
    findings = _findings(ctx)
    if image is None or len(findings.live_faces) != 1:
        return ctx  # nothing to compare, or the face rules already fail the selfie
    findings.match_checked = True
    reference = reference_embedding(ctx)
    if reference is None:
        front = ctx.id_front
        if front is not None and front.status == "approve":
            findings.doubts.append("no face found on the approved ID front: compare by eye")
        else:
            # The ID front is not approved (no photo, unreadable, refused, missing), so
            # the submission cannot be approved on this selfie; its own rules still apply.
            ctx.notes.append("face not compared: no ID photo found on the ID front")
        return ctx
    rgb = np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
    live = face_embedding(rgb, findings.live_faces[0])
    findings.match_distance = float(np.linalg.norm(live - reference))
    ctx.notes.append(f"face distance to the ID photo: {findings.match_distance:.2f}")
    return ctx


# --- the verdict --------------------------------------------------------------------------


def blur_problems(ctx: DocContext) -> list[str]:
    """The face or the card (or, with neither found, the whole image) out of focus."""
    q, settings = ctx.quality, ctx.config.selfie
    limits = (
        ("face_sharpness", settings.min_face_sharpness, "face"),
        ("document_sharpness", settings.min_document_sharpness, "ID document"),
    )
    measured = [(q[k], lim, what) for k, lim, what in limits if k in q]
    if not measured and "image_sharpness" in q:
        measured = [(q["image_sharpness"], settings.min_image_sharpness, "image")]
    return [
        f"{what} out of focus (sharpness {value:.1f} < {limit:.1f})"
        for value, limit, what in measured
        if value < limit
    ]


def judge(ctx: DocContext) -> DocContext:
    """Contract §2 for the selfie: reject on clear faults, review when unsure or blurred."""
    findings, settings = _findings(ctx), ctx.config.selfie
    rejects: list[str] = []
    faces_seen = len(findings.live_faces) + len(findings.cut_faces)
    if faces_seen >= 2:
        rejects.append("SELFIE_MULTIPLE_FACES")
    if findings.cut_faces and not findings.live_faces:
        rejects.append("SELFIE_FACE_CUT_OFF")
    if faces_seen == 0 and not findings.doubts:
        rejects.append("SELFIE_NO_FACE")
    if findings.document is None:
        rejects.append("SELFIE_NO_DOCUMENT")
    elif findings.document_cut_off:
        rejects.append("SELFIE_DOCUMENT_CUT_OFF")
    distance = findings.match_distance
    doubts = list(findings.doubts)
    if distance is not None:
        if distance >= settings.mismatch_min_distance:
            rejects.append("SELFIE_FACE_MISMATCH")
        elif distance > settings.match_max_distance:
            doubts.append(f"face resembles the ID photo only loosely ({distance:.2f})")
    elif not findings.match_checked and not rejects:
        doubts.append("face not compared with the ID photo")
    blurred = blur_problems(ctx)
    if blurred:
        # Out of focus, no finding can be trusted: a face or card may be there unseen.
        ctx.status, ctx.reasons = "review", ["SELFIE_BLURRY"]
        ctx.notes.extend(blurred + [f"also seen: {r}" for r in rejects])
    elif rejects:
        ctx.status, ctx.reasons = "reject", rejects
    elif doubts:
        ctx.status, ctx.reasons = "review", []
    else:
        ctx.status, ctx.reasons = "approve", []
    ctx.notes.extend(doubts)
    return ctx


@stage(
    "rules.selfie.v1",
    requires=("selfie_faces", "selfie_document", "quality"),
    provides=("status",),
)
def rules(ctx: DocContext) -> DocContext:
    """Judge the selfie (contract §2, reasons of §4)."""
    if _selfie_image(ctx) is None:
        ctx.status, ctx.reasons = "review", []
        ctx.notes.append("the selfie file holds no photo (a PDF of text?): look at it by eye")
        return ctx
    return judge(ctx)


# --- helpers ------------------------------------------------------------------------------


def _selfie_image(ctx: DocContext) -> Image | None:
    """The photo: the first page with an image."""
    return next((p.image for p in ctx.pages if p.image is not None), None)


def _findings(ctx: DocContext) -> SelfieFindings:
    if ctx.selfie is None:
        ctx.selfie = SelfieFindings()
    return ctx.selfie
