"""The preprocess.* stages one by one, and the geometry that carries glare and the
--keep-temp images of each stage through them (no Tesseract needed)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image as PILImage
from support import FIXTURES

from docextract._context import DocContext, Page
from docextract._pipeline import build_pipeline, registered_stages
from docextract.config import PipelineConfig
from docextract.debug import page_to_stage_images
from docextract.exceptions import PipelineConfigError
from docextract.geometry import (
    map_points,
    moved,
    quarter_turn_matrix,
    resize_matrix,
    with_stage_image,
)
from docextract.stages.preprocess import (
    MotionBlur,
    deblurred,
    denoised,
    gradient_ratio,
    gray_to_defocus,
    gray_to_edge_contrast,
    gray_to_noise_sigma,
    image_to_blur,
    image_to_document_quad,
    image_to_glare,
    image_to_motion_blur,
    image_to_quality,
    image_to_skew,
    image_to_text_at_edge,
    motion_kernel,
    rectified_to_ocr_ready,
    rotate_upright,
)

DOCS = FIXTURES / "documents"
PREPROCESS = (
    "preprocess.quality.v1",
    "preprocess.document.v1",
    "preprocess.glare.v1",
    "preprocess.deskew.v1",
    "preprocess.scale.v1",
    "preprocess.denoise.v1",
    "preprocess.deblur.v1",
    "preprocess.red_ink.v1",
    "preprocess.flatten.v1",
)


def read(name: str) -> np.ndarray:
    image = cv2.imread(str(DOCS / name))
    assert image is not None, name
    return image


def run(config: PipelineConfig, source: Path, stages: tuple[str, ...], tmp: Path) -> DocContext:
    """The stages on ``source``, keeping stage images (work_dir set, nothing written)."""
    ctx = DocContext(source=source, config=config, work_dir=tmp)
    return build_pipeline(("ingest.v1", *stages))(ctx)


def rotated(name: str, degrees: float, tmp: Path) -> Path:
    """A fixture turned counter-clockwise on white, as a crooked scan of it."""
    path = tmp / f"{Path(name).stem}_rot{degrees:+.0f}.png"
    image = PILImage.open(DOCS / name).convert("RGB")
    turned = image.rotate(degrees, PILImage.Resampling.BICUBIC, expand=True, fillcolor="white")
    turned.save(path)
    return path


# --- geometry ---------------------------------------------------------------------------


@pytest.mark.parametrize("clockwise", [90, 180, 270])
def test_a_quarter_turn_matrix_says_where_cv2_rotate_puts_a_pixel(clockwise: int) -> None:
    image = np.zeros((30, 50), np.uint8)
    image[7, 41] = 255
    turned = rotate_upright(image, clockwise)
    ((x, y),) = map_points(quarter_turn_matrix(clockwise, 50, 30), [(41.0, 7.0)])
    assert turned[round(y), round(x)] == 255


def test_a_resize_matrix_says_where_cv2_resize_puts_a_pixel_centre() -> None:
    image = np.zeros((40, 40), np.float32)
    image[10:12, 30:32] = 1.0  # a 2 px square: its centre is at (30.5, 10.5)
    bigger = cv2.resize(image, None, fx=2.5, fy=2.5, interpolation=cv2.INTER_LINEAR)
    ys, xs = np.nonzero(bigger > 0.5)
    ((x, y),) = map_points(resize_matrix(2.5, 2.5), [(30.5, 10.5)])
    assert abs(xs.mean() - x) < 0.5 and abs(ys.mean() - y) < 0.5


def test_moving_a_page_carries_its_glare_and_stage_images(config: PipelineConfig) -> None:
    image = np.zeros((100, 200, 3), np.uint8)
    ctx = DocContext(source=Path("x"), config=config, work_dir=Path("unused"))
    page = Page(index=0, image=image, glare=(((10.0, 20.0), (30.0, 20.0), (30.0, 40.0)),))
    page = with_stage_image(page, ctx, "test.stage.v1", image)
    turn = quarter_turn_matrix(90, 200, 100)
    turned = moved(page, rotate_upright(image, 90), turn)
    assert turned.glare[0][0] == pytest.approx((79.0, 10.0))
    assert np.allclose(turned.trail[0].to_page, turn)
    assert turned.trail_target and turned.trail_target != page.trail_target


def test_no_stage_image_is_kept_without_keep_temp(config: PipelineConfig) -> None:
    ctx = DocContext(source=DOCS / "drivers_license_001_photo.jpg", config=config)
    ctx = build_pipeline(("ingest.v1", *PREPROCESS))(ctx)
    assert ctx.pages[0].trail == () and ctx.pages[0].trail_target == ""


# --- the stages ---------------------------------------------------------------------------


def test_the_document_stage_rectifies_a_photographed_card(
    config: PipelineConfig, tmp_path: Path
) -> None:
    ctx = run(config, DOCS / "drivers_license_001_photo.jpg", ("preprocess.document.v1",), tmp_path)
    (page,) = ctx.pages
    assert page.image is not None and page.document is not None and page.is_card
    height, width = page.image.shape[:2]
    assert width > height  # a card is laid landscape
    (kept,) = page.trail
    assert kept.stage == "preprocess.document.v1" and kept.outline == page.document.quad
    # The kept image is the upload; its matrix takes the outline to the page's corners.
    corners = map_points(kept.to_page, page.document.quad)
    expected = {(0, 0), (width - 1, 0), (width - 1, height - 1), (0, height - 1)}
    assert {(round(x), round(y)) for x, y in corners} == expected


def test_the_document_stage_leaves_a_flat_page_alone(
    config: PipelineConfig, tmp_path: Path
) -> None:
    upload = read("utility_bill_001_scan.jpg")
    ctx = run(config, DOCS / "utility_bill_001_scan.jpg", ("preprocess.document.v1",), tmp_path)
    assert ctx.pages[0].document is None and np.array_equal(ctx.pages[0].image, upload)


def test_a_box_printed_on_a_page_is_no_outline() -> None:
    # The cut-out card of a 資格確認書 has a card's shape, but paper on both sides of it.
    page = np.full((1754, 1241, 3), 250, np.uint8)
    cv2.rectangle(page, (120, 170), (1118, 802), (60, 60, 60), 3)
    assert image_to_document_quad(page) is None
    # The same page on a desk is found, by its own edge.
    desk = np.full((2000, 1500, 3), 70, np.uint8)
    desk[120:1874, 130:1371] = page
    quad = image_to_document_quad(desk)
    assert quad is not None
    assert gray_to_edge_contrast(cv2.cvtColor(desk, cv2.COLOR_BGR2GRAY), quad) > 150
    assert np.allclose(quad.min(axis=0), (130, 120), atol=8)


def test_a_receipt_on_a_grained_desk_is_found_and_scaled_as_a_slip(
    config: PipelineConfig, tmp_path: Path
) -> None:
    # The desk's grain breaks Canny's outline of the receipt: its bright region is found.
    ctx = run(config, DOCS / "shop_receipt_001_photo.jpg", PREPROCESS, tmp_path)
    page = ctx.pages[0]
    assert page.document is not None and not page.is_card and page.image is not None
    assert page.image.shape[1] == config.preprocess.slip_width_px


def test_quality_measures_the_document_and_where_it_meets_the_frame() -> None:
    blurred, sharp = (
        image_to_quality(read("drivers_license_005_blur.jpg")),
        image_to_quality(read("drivers_license_005_jpeg60.jpg")),
    )
    assert blurred["sharpness"] < 30 < sharp["sharpness"]
    assert sharp["short_side_px"] < min(read("drivers_license_005_jpeg60.jpg").shape[:2])
    assert sharp["document_margin"] > 0.05 and "text_at_edge" not in sharp
    # A card cropped through its text: no outline, and glyphs cut by the frame's edge.
    card = read("drivers_license_001.png")
    assert image_to_quality(card)["text_at_edge"] == 0
    assert image_to_quality(card[: int(card.shape[0] * 0.85)])["text_at_edge"] > 10


def test_a_page_on_a_desk_is_no_text_cut_by_the_frame() -> None:
    # The grain of the desk around the receipt is glyph-sized ink, but not on paper.
    assert image_to_text_at_edge(read("shop_receipt_001_photo.jpg")) == 0


def test_glare_is_found_where_the_paper_is_burnt_out(config: PipelineConfig) -> None:
    settings = config.preprocess
    glare_card = read("drivers_license_001_glare.jpg")
    found = image_to_glare(glare_card, settings)
    assert len(found) == 1
    area = cv2.contourArea(np.asarray(found[0], dtype=np.float32))
    assert 0.01 < area / (glare_card.shape[0] * glare_card.shape[1]) < 0.1
    # White paper already near 255 (a clean render, a bright page photo) shows no glare.
    assert image_to_glare(read("drivers_license_001.png"), settings) == ()
    assert image_to_glare(read("utility_bill_001_photo.jpg"), settings) == ()


@pytest.mark.parametrize(
    ("name", "degrees"),
    [
        ("individual_number_notice_001.png", -4.0),
        ("individual_number_notice_001.png", 2.5),
        ("residence_card_001.png", -3.0),  # a card scanned alone: no outline on white
        ("utility_bill_001_rot90.png", 3.0),  # lying on its side: the lines run down
    ],
)
def test_deskew_straightens_a_crooked_page(
    config: PipelineConfig, tmp_path: Path, name: str, degrees: float
) -> None:
    source = rotated(name, degrees, tmp_path)
    skew = image_to_skew(read_path(source), 10.0)
    assert skew is not None and skew.degrees == pytest.approx(degrees, abs=0.3)
    ctx = run(config, source, ("preprocess.document.v1", "preprocess.deskew.v1"), tmp_path)
    page = ctx.pages[0]
    assert page.image is not None
    after = image_to_skew(page.image, 10.0)
    assert after is not None and abs(after.degrees) < 0.3
    assert "straightened" in page.trail[-1].caption


def read_path(path: Path) -> np.ndarray:
    image = cv2.imread(str(path))
    assert image is not None
    return image


def test_deskew_leaves_an_upright_page_and_a_rectified_one(
    config: PipelineConfig, tmp_path: Path
) -> None:
    stages = ("preprocess.document.v1", "preprocess.deskew.v1")
    upright = run(config, DOCS / "individual_number_notice_001.png", stages, tmp_path)
    assert np.array_equal(upright.pages[0].image, read("individual_number_notice_001.png"))
    assert upright.pages[0].trail[-1].caption.endswith(": left")
    photo = run(config, DOCS / "utility_bill_001_photo.jpg", stages, tmp_path)
    assert photo.pages[0].trail[-1].caption == "rectified: no skew"


def test_deskew_needs_text_lines() -> None:
    blank = np.full((800, 600, 3), 235, np.uint8)
    assert image_to_skew(blank, 10.0) is None


def prepared_again(config: PipelineConfig, name: str, tmp: Path) -> tuple[DocContext, Page]:
    """The fixture preprocessed, after checking that OCR, turning it, would prepare its
    unscaled page again exactly as preprocessing did (``Page.steps``)."""
    ctx = run(config, DOCS / name, PREPROCESS, tmp)
    page = ctx.pages[0]
    assert page.unscaled is not None and page.image is not None
    again = rectified_to_ocr_ready(page.unscaled, config.preprocess, False, page.steps)
    assert np.array_equal(again, page.image)
    return ctx, page


def test_ocr_can_prepare_a_turned_page_again_exactly_as_preprocessing_did(
    config: PipelineConfig, tmp_path: Path
) -> None:
    _, page = prepared_again(config, "utility_bill_001_scan.jpg", tmp_path)
    assert page.steps == ("preprocess.red_ink.v1", "preprocess.flatten.v1")


def test_a_photographed_page_is_scaled_wider_than_a_scan(
    config: PipelineConfig, tmp_path: Path
) -> None:
    # The photo's small print needs the pixels; a scan or a PDF raster does not.
    photo = run(config, DOCS / "tax_receipt_001_photo.jpg", PREPROCESS, tmp_path).pages[0]
    assert photo.document is not None and photo.image is not None
    assert photo.image.shape[1] == config.preprocess.photo_page_width_px
    scan = run(config, DOCS / "utility_bill_001_scan.jpg", PREPROCESS, tmp_path).pages[0]
    assert scan.document is None and scan.image is not None
    assert scan.image.shape[1] == config.preprocess.page_width_px


def test_a_card_keeps_no_unscaled_copy(config: PipelineConfig, tmp_path: Path) -> None:
    ctx = run(config, DOCS / "residence_card_001_photo.jpg", PREPROCESS, tmp_path)
    page = ctx.pages[0]
    assert page.is_card and page.unscaled is None
    assert page.image is not None and page.image.shape[1] == config.preprocess.card_width_px


def test_every_stage_keeps_one_image_mapped_onto_the_page(
    config: PipelineConfig, tmp_path: Path
) -> None:
    ctx = run(config, DOCS / "my_number_card_001_back_photo.jpg", PREPROCESS, tmp_path)
    page = ctx.pages[0]
    assert page.image is not None and page.document is not None
    assert [s.stage for s in page.trail] == list(PREPROCESS)
    height, width = page.image.shape[:2]
    page_corners = [(0, 0), (width - 1, 0), (width - 1, height - 1), (0, height - 1)]
    for kept in page.trail:
        h, w = kept.image.shape[:2]
        # The upload's outline, or a later image's corners, land on the page's corners.
        if kept.stage in ("preprocess.quality.v1", "preprocess.document.v1"):
            corners = page.document.quad
        else:
            corners = ((0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1))
        mapped = map_points(kept.to_page, corners)
        assert np.allclose(mapped, page_corners, atol=1.0), kept.stage


def test_switched_off_steps_are_stages_left_out(config: PipelineConfig, tmp_path: Path) -> None:
    without_flatten = tuple(s for s in PREPROCESS if s != "preprocess.flatten.v1")
    ctx = run(config, DOCS / "utility_bill_001_scan.jpg", without_flatten, tmp_path)
    assert ctx.pages[0].steps == ("preprocess.red_ink.v1",)


# --- the pipeline contract -----------------------------------------------------------


def test_each_preprocess_stage_can_be_left_out_of_the_default_chains(
    config: PipelineConfig,
) -> None:
    for slot in ("id_front", "id_back", "proof_of_address", "extract"):
        stages = config.slots[slot].stages
        for name in (s for s in stages if s.startswith("preprocess.")):
            left = [s for s in stages if s != name]
            if name == "preprocess.glare.v1":  # its gate goes with it
                left.remove("quality.glare.v1")
            assert build_pipeline(left).stages


def test_the_glare_gate_needs_the_glare_stage(config: PipelineConfig) -> None:
    stages = [s for s in config.slots["extract"].stages if s != "preprocess.glare.v1"]
    with pytest.raises(PipelineConfigError, match=r"quality\.glare\.v1 requires \['glare'\]"):
        build_pipeline(stages)


def test_the_stages_are_registered_under_versioned_names() -> None:
    assert set(PREPROCESS) <= set(registered_stages())


def test_a_page_changed_behind_the_trails_back_is_detected(
    config: PipelineConfig, tmp_path: Path
) -> None:
    ctx = run(config, DOCS / "drivers_license_001_photo.jpg", PREPROCESS, tmp_path)
    page = ctx.pages[0]
    assert page.image is not None and len(page_to_stage_images(page, [])) == len(PREPROCESS)
    flipped = replace(page, image=cv2.flip(page.image, 1))  # not moved(): mapping unknown
    assert page_to_stage_images(flipped, []) == []


# --- deblur ---------------------------------------------------------------------------


def streaked(image: np.ndarray, length: float, degrees: float) -> np.ndarray:
    """``image`` as a hand that moved ``length`` px along ``degrees`` would take it."""
    kernel = motion_kernel(MotionBlur(length, degrees, 0.0))
    return cv2.filter2D(image, -1, kernel, borderType=cv2.BORDER_REFLECT)


def card(name: str, config: PipelineConfig) -> np.ndarray:
    """A clean render at the width OCR reads cards at, as the deblur stage gets it."""
    image = read(name)
    scale = config.preprocess.card_width_px / image.shape[1]
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


@pytest.mark.parametrize(("length", "degrees"), [(10.0, 0.0), (12.0, 72.0), (11.0, 148.0)])
def test_a_streak_is_measured_from_the_cepstrum(
    config: PipelineConfig, length: float, degrees: float
) -> None:
    shaken = streaked(card("drivers_license_002.png", config), length, degrees)
    gray = cv2.cvtColor(shaken, cv2.COLOR_BGR2GRAY)
    found = image_to_motion_blur(gray, config.preprocess.motion_max_px)
    assert found.length_px == pytest.approx(length, abs=1.0)
    off = abs(found.degrees - degrees) % 180
    assert min(off, 180 - off) <= 6
    assert found.strength >= config.preprocess.motion_min_strength


def test_undoing_a_streak_brings_its_edges_back(config: PipelineConfig) -> None:
    sharp = card("residence_card_001.png", config)
    shaken = streaked(sharp, 11.0, 120.0)
    blur = image_to_blur(shaken, config.preprocess)
    assert blur is not None and blur.streak_px == pytest.approx(11.0, abs=1.0)
    undone = deblurred(shaken, config.preprocess)

    def along(image: np.ndarray) -> float:
        return gradient_ratio(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), 120.0)

    # Edges along the streak: 0.98 of those across it on the render, 0.29 shaken.
    assert along(shaken) < 0.35 and along(undone) > 0.5


@pytest.mark.parametrize(
    "name",
    [
        "drivers_license_001.png",
        "my_number_card_001_back.png",  # digits at a fixed pitch dip the cepstrum too
        "utility_bill_001_scan.jpg",
        "residence_card_002_photo.jpg",
        "drivers_license_001_noise.jpg",
    ],
)
def test_sharp_pages_and_photos_are_left_as_they_are(config: PipelineConfig, name: str) -> None:
    image = read(name)
    assert image_to_blur(image, config.preprocess) is None
    assert deblurred(image, config.preprocess) is image


def test_defocus_is_undone_only_below_the_blur_gate(config: PipelineConfig) -> None:
    sharp = card("drivers_license_001.png", config)
    widths = [gray_to_defocus(cv2.cvtColor(sharp, cv2.COLOR_BGR2GRAY))]
    for sigma in (1.5, 2.5, 3.5):
        soft = cv2.GaussianBlur(sharp, (0, 0), sigma)
        widths.append(gray_to_defocus(cv2.cvtColor(soft, cv2.COLOR_BGR2GRAY)))
    assert widths == sorted(widths) and widths[0] < 1.0 < widths[-1]
    soft = cv2.GaussianBlur(sharp, (0, 0), 2.8)
    blur = image_to_blur(soft, config.preprocess)
    assert blur is not None and blur.caption.startswith("defocus") and blur.streak_px == 0
    # A gate set below the page's sharpness: the same page is not touched.
    lenient = config.preprocess.model_copy(update={"defocus_max_sharpness": 1.0})
    assert image_to_blur(soft, lenient) is None


def test_a_shaken_page_is_undone_again_when_ocr_turns_it(
    config: PipelineConfig, tmp_path: Path
) -> None:
    ctx, page = prepared_again(config, "utility_bill_001_blur.jpg", tmp_path)
    assert page.steps == ("preprocess.deblur.v1", "preprocess.red_ink.v1", "preprocess.flatten.v1")
    assert page.trail[PREPROCESS.index("preprocess.deblur.v1")].caption.startswith("motion streak")
    assert ctx.quality["motion_streak_px"] >= config.preprocess.motion_min_px


# --- denoise --------------------------------------------------------------------------


def noised(image: np.ndarray, sigma: float, seed: int = 0) -> np.ndarray:
    """``image`` with white Gaussian noise of deviation ``sigma`` grey levels."""
    noise = np.random.default_rng(seed).normal(0, sigma, image.shape)
    return np.clip(image.astype(np.float64) + noise, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("sigma", [1.0, 3.0, 6.0])
def test_the_noise_estimate_finds_the_deviation_of_noise_added_to_a_card(
    config: PipelineConfig, sigma: float
) -> None:
    gray = cv2.cvtColor(card("drivers_license_001.png", config), cv2.COLOR_BGR2GRAY)
    assert gray_to_noise_sigma(gray) < 0.1
    # On a page darkened to half, the same noise counts twice: flatten.v1 brightens it so.
    for exposure in (1.0, 0.5):
        page = (gray * exposure).astype(np.uint8)
        paper = float(np.percentile(page, 90))
        expected = sigma * 255 / paper
        assert gray_to_noise_sigma(noised(page, sigma)) == pytest.approx(expected, rel=0.15)


def test_a_page_too_small_for_a_block_measures_no_noise() -> None:
    assert gray_to_noise_sigma(np.full((8, 200), 200, np.uint8)) == 0.0


@pytest.mark.parametrize(
    ("name", "noisy"),
    [
        ("drivers_license_001.png", False),
        ("utility_bill_001_scan.jpg", False),
        ("residence_card_002_photo.jpg", False),  # a phone photo's milder grain
        ("drivers_license_001_noise.jpg", True),
        ("utility_bill_001_noise.jpg", True),
    ],
)
def test_only_a_low_light_photo_is_denoised(
    config: PipelineConfig, tmp_path: Path, name: str, noisy: bool
) -> None:
    before = PREPROCESS[: PREPROCESS.index("preprocess.denoise.v1")]
    image = run(config, DOCS / name, before, tmp_path).pages[0].image
    assert image is not None
    assert (denoised(image, config.preprocess) is not image) == noisy


def test_a_denoised_page_is_denoised_again_when_ocr_turns_it(
    config: PipelineConfig, tmp_path: Path
) -> None:
    ctx, page = prepared_again(config, "utility_bill_001_noise.jpg", tmp_path)
    assert "preprocess.denoise.v1" in page.steps
    assert ctx.quality["noise_sigma"] >= config.preprocess.denoise_min_sigma
