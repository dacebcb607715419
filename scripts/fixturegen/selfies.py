"""ID selfies composed from the real test faces (shared/data/faces, see its README.txt).

Each case breaks at most one selfie rule of the contract (§2, §4). In a good selfie
the licence is held at the lower right of the *image*, clear of the face: the
applicant's right hand as a front camera shows it (mirrored preview, as saved by
most phones). The card is pasted as it is given: to let the face match, give a
front whose portrait is the selfie's person (``card_with_portrait``).

Face boxes are looked up in ``FACES`` (measured once with OpenCV's Haar cascade,
``haarcascade_frontalface_default``, scale 1.1, 6 neighbours, on opencv 4.14)
rather than detected at build time: OpenCV 5 ships no Haar cascade, and the
fixtures' bytes must not depend on the OpenCV installed.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

Box = tuple[int, int, int, int]
"""x0, y0, x1, y1 in pixels; a face box may reach past the photo's edge."""
Status = Literal["approve", "reject", "review"]
FloatImage = NDArray[np.float64]

PORTRAIT_BOX: Box = (748, 188, 1000, 512)
"""The photo on the licence front (licence.py ``_front_layout``), card pixels."""
SELFIE_QUALITY = 78
MAX_SIDE = 1280


@dataclass(frozen=True)
class _PhotoFacts:
    faces: tuple[Box, ...]
    frame: Box
    """The selfie framing inside the photo: the rest is press-photo surroundings."""


FACES: dict[str, _PhotoFacts] = {
    # Haar: (340, 93, 300, 300), and a false hit on the desk at (798, 881): framed out.
    "obama.jpg": _PhotoFacts(((340, 93, 640, 393),), (0, 0, 910, 880)),
    # Haar: (130, 231, 363, 363). A bystander's face at the right edge is framed out.
    "obama2.jpg": _PhotoFacts(((130, 231, 493, 594),), (0, 40, 576, 1080)),
    "obama_small.jpg": _PhotoFacts(((89, 39, 233, 183),), (0, 0, 320, 240)),
    # Haar: (428, 210, 317, 317).
    "biden.jpg": _PhotoFacts(((428, 210, 745, 527),), (0, 0, 970, 1280)),
    # Not found by Haar (the left half is cut off); box estimated by eye. Haar's false
    # hit at (379, 882) is framed out.
    "obama_partial_face.jpg": _PhotoFacts(((-80, 40, 215, 420),), (0, 0, 491, 880)),
    # Haar: (236, 28, 177, 177) and (786, 65, 170, 170).
    "two_people.jpg": _PhotoFacts(((236, 28, 413, 205), (786, 65, 956, 235)), (0, 0, 1126, 661)),
}


@dataclass(frozen=True)
class FacePhoto:
    name: str
    image: Image.Image
    faces: tuple[Box, ...]
    frame: Box


@dataclass(frozen=True)
class SelfieCase:
    """One selfie fixture and the verdict the contract expects for its slot."""

    suffix: str
    image: Image.Image
    expected_status: Status
    expected_reasons: tuple[str, ...]
    purpose: str
    quality: int = SELFIE_QUALITY
    """JPEG quality to save with (≤ 200 KB at ≤ 1280 px)."""


def load_face(faces_dir: Path, name: str) -> FacePhoto:
    """A photo from ``faces_dir`` with its face boxes (``FACES``, else a guess)."""
    with Image.open(faces_dir / name) as img:
        image = img.convert("RGB")
    facts = FACES.get(name)
    if facts is None:
        return FacePhoto(name, image, (centred_face_box(image),), (0, 0, *image.size))
    return FacePhoto(name, image, facts.faces, facts.frame)


def centred_face_box(photo: Image.Image) -> Box:
    """Where the face of a head-and-shoulders portrait usually is: a third of the
    width, centred, its middle a fifth of the way down."""
    w, h = photo.size
    side = round(w / 3)
    cx, cy = w // 2, max(round(0.22 * h), side // 2)
    return (cx - side // 2, cy - side // 2, cx + side // 2, cy + side // 2)


def _rng(seed: int, name: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def _u8(a: NDArray[Any]) -> Image.Image:
    return Image.fromarray(np.clip(np.rint(a), 0, 255).astype(np.uint8))


def card_with_portrait(
    card_front: Image.Image,
    face: Image.Image,
    box: Box = PORTRAIT_BOX,
    *,
    face_box: Box | None = None,
) -> Image.Image:
    """``card_front`` with a crop of ``face`` as its ID photo in ``box``.

    The crop is 1.9 face widths wide at the box's aspect ratio, the face's middle
    45 % of the way down (moved inside the photo where it would leave it). Without
    ``face_box`` the face is assumed where ``centred_face_box`` puts it.
    """
    fx0, fy0, fx1, fy1 = face_box if face_box is not None else centred_face_box(face)
    bw, bh = box[2] - box[0], box[3] - box[1]
    cw = min(1.9 * (fx1 - fx0), face.width, face.height * bw / bh)
    ch = cw * bh / bw
    x0 = min(max((fx0 + fx1) / 2 - cw / 2, 0.0), face.width - cw)
    y0 = min(max((fy0 + fy1) / 2 - 0.45 * ch, 0.0), face.height - ch)
    crop = face.convert("RGB").resize(
        (bw, bh), Image.Resampling.LANCZOS, box=(x0, y0, x0 + cw, y0 + ch)
    )
    out = card_front.convert("RGB").copy()
    out.paste(crop, box[:2])
    return out


@dataclass(frozen=True)
class _Hold:
    """Where the card goes: its centre and width in frame pixels, tilt in degrees."""

    cx: float
    cy: float
    width: float
    angle: float


def _jitter_box(photo: FacePhoto, rng: np.random.Generator) -> Box:
    """The photo's framing cropped to 92–100 %, the first face kept in with a margin."""
    fx0, fy0, fx1, fy1 = photo.frame
    s = float(rng.uniform(0.92, 1.0))
    w, h = (fx1 - fx0) * s, (fy1 - fy0) * s
    face = photo.faces[0]
    lo_x, hi_x = max(fx0, face[2] + 0.04 * w - w), min(fx1 - w, face[0] - 0.04 * w)
    lo_y, hi_y = max(fy0, face[3] + 0.04 * h - h), min(fy1 - h, face[1] - 0.04 * h)
    x0 = float(rng.uniform(lo_x, hi_x)) if hi_x > lo_x else fx0 + (fx1 - fx0 - w) / 2
    y0 = float(rng.uniform(lo_y, hi_y)) if hi_y > lo_y else fy0 + (fy1 - fy0 - h) / 2
    return round(x0), round(y0), round(x0 + w), round(y0 + h)


def _crop(photo: FacePhoto, box: Box) -> tuple[FloatImage, tuple[Box, ...]]:
    """The frame cut from the photo, and the faces' boxes in frame pixels."""
    frame = np.asarray(photo.image.crop(box), dtype=np.float64)
    faces = tuple((a - box[0], b - box[1], c - box[0], d - box[1]) for a, b, c, d in photo.faces)
    return frame, faces


def _quad(card: tuple[int, int], hold: _Hold, rng: np.random.Generator) -> NDArray[np.float32]:
    w, h = card
    scale = hold.width / w
    corners = np.array([[-w, -h], [w, -h], [w, h], [-w, h]], dtype=np.float64) * scale / 2
    t = np.deg2rad(hold.angle)
    corners = corners @ np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]]).T
    corners += rng.uniform(-0.03, 0.03, (4, 2)) * hold.width  # the card is not square-on
    quad: NDArray[np.float32] = (corners + np.array([hold.cx, hold.cy])).astype(np.float32)
    return quad


def _hold_card(
    frame: FloatImage,
    card: Image.Image,
    mask: Image.Image,
    hold: _Hold,
    rng: np.random.Generator,
) -> FloatImage:
    """The card pasted in the frame as held up to the camera, casting a soft shadow."""
    h, w = frame.shape[:2]
    # Shrink first (Lanczos) so the warp only has a small resampling to do.
    pre = max(1.0, card.width / (1.3 * hold.width))
    size = (round(card.width / pre), round(card.height / pre))
    small = np.asarray(card.convert("RGB").resize(size, Image.Resampling.LANCZOS), np.float64)
    small_mask = np.asarray(mask.resize(size, Image.Resampling.LANCZOS), np.float64) / 255
    src = np.array([[0, 0], [size[0], 0], [size[0], size[1]], [0, size[1]]], dtype=np.float32)
    dst = _quad(card.size, hold, rng)
    hom = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(small, hom, (w, h), flags=cv2.INTER_CUBIC)
    alpha = cv2.warpPerspective(small_mask, hom, (w, h), flags=cv2.INTER_LINEAR)
    # Indoor light on a hand-held card: a little dimmer and warmer than the print,
    # falling off across the card.
    tint = np.array([0.96, 0.92, 0.86]) * float(rng.uniform(0.86, 0.96))
    xs = np.arange(w, dtype=np.float64)[None, :]
    ramp = 1 - 0.08 * (xs - dst[:, 0].min()) / max(float(np.ptp(dst[:, 0])), 1.0)
    warped = cv2.GaussianBlur(warped * tint * ramp[:, :, None], (0, 0), 0.6)
    # The shadow falls down and right; shifted, not rolled, so that a card past the
    # frame's edge casts nothing onto the opposite edge.
    blurred = cv2.GaussianBlur(alpha, (0, 0), hold.width / 40)
    dy, dx = max(round(hold.width * 0.03), 1), max(round(hold.width * 0.02), 1)
    shadow = np.zeros_like(blurred)
    shadow[dy:, dx:] = blurred[:-dy, :-dx]
    out = frame * (1 - 0.35 * shadow[:, :, None])
    out = out * (1 - alpha[:, :, None]) + warped * alpha[:, :, None]
    return np.asarray(out, dtype=np.float64)


def _place(
    frame: FloatImage,
    face: Box | None,
    card: tuple[int, int],
    rng: np.random.Generator,
    *,
    width_of_face: tuple[float, float] = (1.1, 1.3),
    side: Literal["right", "centre"] = "right",
) -> _Hold:
    """A hold that keeps the card inside the frame and below the face, lower right.

    Where the frame is too short for that the card is made smaller, never moved
    over the face.
    """
    h, w = frame.shape[:2]
    face_w = (face[2] - face[0]) if face is not None else w / 3
    width = min(face_w * float(rng.uniform(*width_of_face)), 0.62 * w)
    angle = float(rng.uniform(-11, -4))
    t = np.deg2rad(abs(angle))
    margin = 0.03 * min(w, h)
    face_bottom = (face[3] if face is not None else 0) + 0.09 * h
    aspect = card[1] / card[0]
    while True:
        # Half-extent of the tilted card plus the perspective jitter (±3 % a corner).
        half_w = (width * np.cos(t) + width * aspect * np.sin(t)) / 2 + 0.05 * width
        half_h = (width * np.sin(t) + width * aspect * np.cos(t)) / 2 + 0.05 * width
        if face_bottom + 2 * half_h <= h - margin or width < 0.2 * w:
            break
        width *= 0.9
    if side == "right":
        cx = w - margin - half_w - float(rng.uniform(0, 0.04)) * w
    else:
        cx = w / 2 + float(rng.uniform(-0.08, 0.08)) * w
    top, bottom = face_bottom + half_h, h - margin - half_h
    cy = float(rng.uniform(top, bottom)) if bottom > top else bottom
    return _Hold(cx, cy, width, angle)


def _jpeg_ready(a: NDArray[Any]) -> Image.Image:
    img = _u8(a)
    if max(img.size) > MAX_SIDE:
        scale = MAX_SIDE / max(img.size)
        size = (round(img.width * scale), round(img.height * scale))
        img = img.resize(size, Image.Resampling.LANCZOS)
    return img


def _case(
    suffix: str, a: NDArray[Any], status: Status, reasons: tuple[str, ...], purpose: str
) -> SelfieCase:
    return SelfieCase(suffix, _jpeg_ready(a), status, reasons, purpose)


def _ok(
    photo: FacePhoto,
    card: Image.Image,
    mask: Image.Image,
    rng: np.random.Generator,
) -> FloatImage:
    frame, faces = _crop(photo, _jitter_box(photo, rng))
    hold = _place(frame, faces[0], card.size, rng)
    return _hold_card(frame, card, mask, hold, rng)


def held_card_selfie(
    photo: FacePhoto, card_front: Image.Image, card_mask: Image.Image, seed: int
) -> Image.Image:
    """``photo``'s person holding ``card_front`` at the image's lower right, both sharp."""
    return _jpeg_ready(_ok(photo, card_front, card_mask, _rng(seed, f"held:{photo.name}")))


def compose_selfies(
    card_front: Image.Image, card_mask: Image.Image, seed: int, *, faces_dir: Path
) -> list[SelfieCase]:
    """One selfie per rule, each breaking that rule only (the ``ok`` ones none).

    Different seeds (or cards) give different framings, card sizes, tilts and
    positions, so calling this for two cards gives two instances of every case.
    """
    obama, obama2 = load_face(faces_dir, "obama.jpg"), load_face(faces_dir, "obama2.jpg")
    card, mask = card_front.convert("RGB"), card_mask.convert("L")
    out: list[SelfieCase] = []

    for suffix, photo in (("ok", obama), ("ok_2", obama2)):
        a = _ok(photo, card, mask, _rng(seed, suffix))
        out.append(
            _case(suffix, a, "approve", (), f"{photo.name}: one face, licence held lower right")
        )

    rng = _rng(seed, "no_face")
    torso = (obama, (0, 430, 790, 1137)) if rng.random() < 0.5 else (obama2, (0, 640, 576, 1200))
    frame, _ = _crop(*torso)
    hold = _place(frame, None, card.size, rng, width_of_face=(1.3, 1.5), side="centre")
    a = _hold_card(frame, card, mask, hold, rng)
    out.append(
        _case(
            "no_face",
            a,
            "reject",
            ("SELFIE_NO_FACE",),
            f"{torso[0].name} below the chin: licence held up, no face in the frame",
        )
    )

    rng = _rng(seed, "face_cut_off")
    partial = load_face(faces_dir, "obama_partial_face.jpg")
    frame, faces = _crop(partial, partial.frame)
    hold = _place(frame, faces[0], card.size, rng, width_of_face=(0.95, 1.05))
    a = _hold_card(frame, card, mask, hold, rng)
    out.append(
        _case(
            "face_cut_off",
            a,
            "reject",
            ("SELFIE_FACE_CUT_OFF",),
            "obama_partial_face.jpg: half the face past the left edge, licence in frame",
        )
    )

    rng = _rng(seed, "face_cut_off_2")
    photo = obama if rng.random() < 0.5 else obama2
    _, fy0, _, fy1 = photo.faces[0]
    cut_y = round(fy0 + float(rng.uniform(0.42, 0.55)) * (fy1 - fy0))
    frame, faces = _crop(photo, (photo.frame[0], cut_y, photo.frame[2], photo.frame[3]))
    hold = _place(frame, faces[0], card.size, rng)
    a = _hold_card(frame, card, mask, hold, rng)
    out.append(
        _case(
            "face_cut_off_2",
            a,
            "reject",
            ("SELFIE_FACE_CUT_OFF",),
            f"{photo.name} framed too low: the top half of the face above the frame",
        )
    )

    rng = _rng(seed, "card_cut_off")
    photo = obama if rng.random() < 0.5 else obama2
    frame, faces = _crop(photo, _jitter_box(photo, rng))
    hold = _place(frame, faces[0], card.size, rng)
    out_frac = float(rng.uniform(0.25, 0.4))
    h, w = frame.shape[:2]
    if rng.random() < 0.5:
        hold = _Hold(w + (out_frac - 0.5) * hold.width, hold.cy, hold.width, hold.angle)
        edge = "right"
    else:
        card_h = hold.width * card.height / card.width
        hold = _Hold(hold.cx, h + (out_frac - 0.5) * card_h, hold.width, hold.angle)
        edge = "bottom"
    a = _hold_card(frame, card, mask, hold, rng)
    out.append(
        _case(
            "card_cut_off",
            a,
            "reject",
            ("SELFIE_DOCUMENT_CUT_OFF",),
            f"{photo.name}: about {out_frac:.0%} of the licence past the {edge} edge",
        )
    )

    rng = _rng(seed, "no_card")
    photo = obama if rng.random() < 0.5 else obama2
    frame, _ = _crop(photo, _jitter_box(photo, rng))
    out.append(
        _case("no_card", frame, "reject", ("SELFIE_NO_DOCUMENT",), f"{photo.name}: the face alone")
    )

    rng = _rng(seed, "blurry")
    photo = obama if rng.random() < 0.5 else obama2
    a = _ok(photo, card, mask, rng)
    sigma = float(rng.uniform(4.5, 6.5)) * a.shape[1] / 900
    out.append(
        _case(
            "blurry",
            cv2.GaussianBlur(a, (0, 0), sigma),
            "review",
            ("SELFIE_BLURRY",),
            f"{photo.name} with the licence, whole frame out of focus (σ {sigma:.1f} px)",
        )
    )

    rng = _rng(seed, "two_people")
    two = load_face(faces_dir, "two_people.jpg")
    frame, faces = _crop(two, _jitter_box(two, rng))
    lowest = max(faces, key=lambda f: f[3])
    hold = _place(frame, lowest, card.size, rng, side="centre")
    a = _hold_card(frame, card, mask, hold, rng)
    out.append(
        _case(
            "two_people",
            a,
            "reject",
            ("SELFIE_MULTIPLE_FACES",),
            "two_people.jpg: two live faces, licence held between them",
        )
    )
    return out


def face_mismatch_cases(
    card_front: Image.Image, card_mask: Image.Image, seed: int, *, faces_dir: Path
) -> list[tuple[Image.Image, SelfieCase]]:
    """(ID front, selfie) pairs whose faces differ: obama's licence held by biden, and
    biden's licence held by obama. Submit the returned front as the ID too."""
    obama, biden = load_face(faces_dir, "obama.jpg"), load_face(faces_dir, "biden.jpg")
    out: list[tuple[Image.Image, SelfieCase]] = []
    for suffix, on_card, live in (
        ("face_mismatch", obama, biden),
        ("face_mismatch_2", biden, obama),
    ):
        front = card_with_portrait(card_front, on_card.image, face_box=on_card.faces[0])
        a = _ok(live, front, card_mask.convert("L"), _rng(seed, suffix))
        case = _case(
            suffix,
            a,
            "reject",
            ("SELFIE_FACE_MISMATCH",),
            f"{live.name} holding a licence whose photo is {on_card.name}",
        )
        out.append((front, case))
    return out
