"""The selfie checks (contract §2, SELFIE_* reasons of §4) on real face photos.

The photos are the test faces in shared/data/faces (obama*, biden, two_people); the
fixture selfies compose them with a held ID. The id_front a selfie is matched against is
given as the context the API hands over (slot_context), with the status the fixture
expects, so that no OCR runs here.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from support import FIXTURES, REPO

from docextract._context import DocContext, Image, Page, SelfieFindings
from docextract._pipeline import build_pipeline
from docextract.config import PipelineConfig
from docextract.stages import selfie

# shared/ sits beside the work tree (here and in CI's clone); the absolute path is the
# workplace default, as for the fixture generator.
FACES = next(
    (p for p in (REPO.parent / "shared/data/faces", Path("/work/shared/data/faces")) if p.is_dir()),
    None,
)
needs_faces = pytest.mark.skipif(FACES is None, reason="shared/data/faces not found")
SUBMISSIONS = FIXTURES / "submissions"


def photo(name: str) -> Image:
    assert FACES is not None
    image = cv2.imread(str(FACES / name))
    assert image is not None
    return image


def sorted_faces(name: str, config: PipelineConfig) -> selfie.SortedFaces:
    image = photo(name)
    return selfie.sort_faces(selfie.hog_faces(image, config.selfie), image, None, config.selfie)


@needs_faces
def test_one_face_two_faces_and_a_face_past_the_edge(config: PipelineConfig) -> None:
    one = sorted_faces("obama.jpg", config)
    assert len(one.live) == 1 and not one.cut
    two = sorted_faces("two_people.jpg", config)
    assert len(two.live) == 2 and not two.cut
    partial = sorted_faces("obama_partial_face.jpg", config)
    assert not partial.live and len(partial.cut) == 1
    assert partial.cut[0][0] < 0  # its box reaches past the left edge


def embedding(name: str, config: PipelineConfig) -> np.ndarray:
    image = photo(name)
    hits = [h for h in selfie.hog_faces(image, config.selfie) if h.confident]
    box = max((h.box for h in hits), key=lambda b: b[2])
    return selfie.face_embedding(np.ascontiguousarray(image[:, :, ::-1]), box)


@needs_faces
def test_same_person_is_close_and_another_person_far(config: PipelineConfig) -> None:
    obama, obama2, biden = (embedding(n, config) for n in ("obama.jpg", "obama2.jpg", "biden.jpg"))
    assert np.linalg.norm(obama - obama2) <= config.selfie.match_max_distance
    assert np.linalg.norm(obama - biden) >= config.selfie.mismatch_min_distance
    assert np.linalg.norm(obama2 - biden) >= config.selfie.mismatch_min_distance


def run_selfie(
    config: PipelineConfig, source: Path, front: Path, front_status: str | None
) -> DocContext:
    """The selfie slot's pipeline, the id_front handed over as the API does."""
    id_front = DocContext(source=front, config=config, slot="id_front", pages=[Page(0)])
    id_front.status = front_status
    ctx = DocContext(source=source, config=config, slot="selfie", id_front=id_front)
    return build_pipeline(config.slots["selfie"].stages)(ctx)


# One submission per selfie case of the fixtures (ok, ok on the second photo, no face,
# face cut at the side and at the top, card cut, no card, blurred, two people, the ID
# photo of someone else on a licence and on a passport, and an ID front without photo).
CASES = (101, 102, 104, 105, 106, 108, 109, 110, 112, 113, 116, 126)


@needs_faces
@pytest.mark.parametrize("number", CASES)
def test_fixture_selfie_verdict(config: PipelineConfig, number: int) -> None:
    folder = SUBMISSIONS / f"S-2026-000{number}"
    expected = json.loads((folder / "expected.json").read_text())["slots"]
    front = next(folder.glob("id_front.*"))
    ctx = run_selfie(config, folder / "selfie.jpg", front, expected["id_front"]["status"])
    assert (ctx.status, ctx.reasons) == (
        expected["selfie"]["status"],
        expected["selfie"]["reasons"],
    ), ctx.notes


@needs_faces
def test_an_approved_id_front_without_a_face_is_never_approved_on_trust(
    config: PipelineConfig,
) -> None:
    # S-2026-000126 holds a health insurance card (no photo): fine while that front is
    # refused, but a front the engine approved must show the face to compare with.
    folder = SUBMISSIONS / "S-2026-000126"
    ctx = run_selfie(config, folder / "selfie.jpg", next(folder.glob("id_front.*")), "approve")
    assert ctx.status == "review"


@needs_faces
def test_noise_does_not_pass_for_focus(config: PipelineConfig, tmp_path: Path) -> None:
    folder = SUBMISSIONS / "S-2026-000109"
    image = cv2.imread(str(folder / "selfie.jpg")).astype(np.float64)
    noisy = image + np.random.default_rng(0).normal(0, 10, image.shape)
    path = tmp_path / "noisy.jpg"
    cv2.imwrite(str(path), np.clip(noisy, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 40])
    ctx = run_selfie(config, path, next(folder.glob("id_front.*")), "approve")
    assert (ctx.status, ctx.reasons) == ("review", ["SELFIE_BLURRY"])


def judged(
    config: PipelineConfig, quality: dict[str, float] | None = None, **findings: object
) -> DocContext:
    """The verdict on findings as the stages would leave them: one sharp face, a card."""
    ctx = DocContext(source=Path("selfie.jpg"), config=config, slot="selfie")
    ctx.selfie = SelfieFindings(
        live_faces=[(100, 100, 200, 200)],
        document=((400.0, 500.0), (700.0, 480.0), (710.0, 670.0), (410.0, 690.0)),
        match_distance=0.3,
        match_checked=True,
    )
    for key, value in findings.items():
        setattr(ctx.selfie, key, value)
    ctx.quality = quality or {"face_sharpness": 30.0, "document_sharpness": 15.0}
    return selfie.judge(ctx)


@pytest.mark.parametrize(
    ("distance", "status", "reasons"),
    [(0.3, "approve", []), (0.55, "review", []), (0.8, "reject", ["SELFIE_FACE_MISMATCH"])],
)
def test_face_distance_bands(
    config: PipelineConfig, distance: float, status: str, reasons: list[str]
) -> None:
    ctx = judged(config, match_distance=distance)
    assert (ctx.status, ctx.reasons) == (status, reasons)


def test_a_face_not_compared_is_never_approved(config: PipelineConfig) -> None:
    assert judged(config, match_distance=None, match_checked=False).status == "review"


def test_doubts_and_blur_keep_a_selfie_from_approval(config: PipelineConfig) -> None:
    assert judged(config, doubts=["a small face off the card"]).status == "review"
    blurred = judged(config, {"face_sharpness": 2.0, "document_sharpness": 15.0})
    assert (blurred.status, blurred.reasons) == ("review", ["SELFIE_BLURRY"])
    # Blur outranks a reject: out of focus, a missing card may just not have been seen.
    unseen = judged(config, {"image_sharpness": 0.2}, live_faces=[], document=None)
    assert (unseen.status, unseen.reasons) == ("review", ["SELFIE_BLURRY"])
