"""Pipeline configuration: which stages run for each slot, and every threshold.

A pipeline file (``pipelines/default.toml``) is validated here at the boundary, so a typo
or an out-of-range threshold is a clear ``PipelineConfigError`` before any document is
read. Thresholds live in the file with a comment saying how each was chosen.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from docextract.exceptions import PipelineConfigError

SLOTS = ("id_front", "id_back", "selfie", "proof_of_address")

# The pipelines live in the repository (``pipelines/``) beside ``src/``, where engineers edit
# them; the package is installed editable, so this path holds for every supported install.
DEFAULT_PIPELINE = Path(__file__).resolve().parents[2] / "pipelines" / "default.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Limits(_Strict):
    """Upload limits (contract §1), checked before a file is decoded."""

    max_file_mb: float = Field(50, gt=0, description="largest upload, in MB")
    max_megapixels: float = Field(80, gt=0, description="largest decoded image")
    max_pdf_pages: int = Field(20, ge=1, description="most PDF pages read")


class OcrSettings(_Strict):
    lang: str = Field("jpn+eng", description="Tesseract languages")
    psm: int = Field(11, ge=0, le=13, description="Tesseract page segmentation mode")
    timeout_s: float = Field(90, gt=0, description="Tesseract time limit per page")
    pdf_dpi: int = Field(200, ge=72, le=600, description="rasterization of scanned PDFs")
    min_text_layer_chars: int = Field(
        20, ge=0, description="fewer text-layer characters than this: treat the PDF as scanned"
    )
    orientation: bool = Field(True, description="turn pages read the wrong way up (OSD)")
    upright_min_confident_chars: int = Field(20, ge=0)
    upright_min_mean_conf: float = Field(0.5, ge=0, le=1)
    upright_max_vertical_words: float = Field(0.5, ge=0, le=1)
    osd_min_conf: float = Field(2.0, ge=0)


class PreprocessSettings(_Strict):
    """Thresholds of the preprocess.* stages; a step is switched off by leaving its stage out."""

    card_width_px: int = Field(1400, ge=400, le=4000)
    page_width_px: int = Field(1700, ge=600, le=6000)
    photo_page_width_px: int = Field(2400, ge=600, le=6000)
    slip_width_px: int = Field(1200, ge=300, le=6000)
    min_ink_redness: int = Field(40, ge=0, le=255)
    min_seal_extent_px: int = Field(40, ge=1, le=1000)
    deskew_min_degrees: float = Field(1.75, ge=0, le=10)
    deskew_max_degrees: float = Field(10.0, gt=0, le=20)
    deskew_min_line_strength: float = Field(2.0, ge=1)
    glare_min_level: int = Field(250, ge=0, le=255)
    glare_max_paper_level: float = Field(245.0, ge=0, le=255)
    glare_min_glyphs: float = Field(4.0, ge=0)
    motion_min_px: float = Field(8.0, ge=3)
    motion_max_px: float = Field(30.0, gt=3, le=100)
    motion_min_strength: float = Field(4.0, ge=0)
    motion_max_gradient_ratio: float = Field(0.6, gt=0)
    defocus_max_sharpness: float = Field(30.0, ge=0)
    defocus_min_sigma: float = Field(1.5, ge=0)
    defocus_sigma_gain: float = Field(1.3, gt=0)
    deblur_noise_to_signal: float = Field(0.01, gt=0, le=1)
    denoise_min_sigma: float = Field(0.3, ge=0)
    denoise_strength: float = Field(6.0, gt=0, le=50)


class QualitySettings(_Strict):
    min_sharpness: float = Field(30.0, ge=0)
    max_motion_streak_px: float = Field(0.0, ge=0)
    min_brightness: float = Field(50.0, ge=0, le=255)
    max_glare_fraction: float = Field(0.08, ge=0, le=1)
    min_short_side_px: int = Field(300, ge=0)
    min_mean_word_conf: float = Field(0.55, ge=0, le=1)
    min_document_margin: float = Field(0.005, ge=0, le=0.5)
    max_text_at_edge: int = Field(2, ge=0)
    max_field_glare_share: float = Field(0.08, ge=0, le=1)
    glare_field_max_confidence: float = Field(0.45, ge=0, le=1)


class MatchSettings(_Strict):
    name_threshold: float = Field(0.9, ge=0, le=1)
    latin_name_threshold: float = Field(1.0, ge=0, le=1)
    address_threshold: float = Field(0.9, ge=0, le=1)
    building_threshold: float = Field(0.6, ge=0, le=1)
    other_room_score: float = Field(0.8, ge=0, le=1)


class SelfieSettings(_Strict):
    """The selfie checks (contract §2): faces, the held ID, focus and the face match."""

    detect_max_side_px: int = Field(800, ge=320, le=4000)
    edge_pad_fraction: float = Field(0.2, ge=0, le=1)
    min_face_score: float = Field(0.5, ge=-2, le=5)
    cut_face_min_score: float = Field(-0.4, ge=-2, le=5)
    min_live_face_fraction: float = Field(0.12, gt=0, le=1)
    face_margin_fraction: float = Field(0.1, ge=0, le=1)
    cnn_fallback: bool = True
    cnn_max_side_px: int = Field(640, ge=160, le=4000)
    min_cnn_confidence: float = Field(0.5, ge=-2, le=5)
    id_photo_max_fraction: float = Field(0.6, gt=0, le=1)
    document_min_side_fraction: float = Field(0.08, gt=0, le=1)
    document_max_side_fraction: float = Field(0.7, gt=0, le=1)
    document_aspect_tolerance: float = Field(0.15, ge=0, le=1)
    document_min_side_coverage: float = Field(0.6, gt=0, le=1)
    document_min_brightness: float = Field(100.0, ge=0, le=255)
    document_margin_fraction: float = Field(0.01, ge=0, le=0.5)
    min_face_sharpness: float = Field(9.0, ge=0)
    min_document_sharpness: float = Field(4.0, ge=0)
    min_image_sharpness: float = Field(1.5, ge=0)
    match_max_distance: float = Field(0.5, ge=0, le=2)
    mismatch_min_distance: float = Field(0.6, ge=0, le=2)
    reference_min_score: float = Field(0.5, ge=-2, le=5)
    reference_sure_score: float = Field(1.0, ge=-2, le=5)

    @model_validator(mode="after")
    def _bands_in_order(self) -> SelfieSettings:
        # Between the two distances lies the review band; crossed, a face could be both.
        if self.match_max_distance > self.mismatch_min_distance:
            raise ValueError("match_max_distance must not exceed mismatch_min_distance")
        if self.cut_face_min_score > self.min_face_score:
            raise ValueError("cut_face_min_score must not exceed min_face_score")
        return self


class Statute(_Strict):
    """A statutory end that overrides a later printed date (contract §2)."""

    document_type: str
    rule: Literal["invalid_after", "issued_before_not_accepted"]
    date: dt.date
    reason: str
    source: str


class RulesSettings(_Strict):
    poa_max_age_months: int = Field(6, ge=1, le=24)
    min_field_confidence: float = Field(0.5, ge=0, le=1)
    near_miss_score: float = Field(0.75, ge=0, le=1)
    min_holder_age_years: int = Field(10, ge=0, le=30)
    statutes: tuple[Statute, ...] = ()


class SlotPipeline(_Strict):
    stages: tuple[str, ...]
    accepted_types: tuple[str, ...] = ()


class RecoverSettings(_Strict):
    printed_fields: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="per document type, the fields it prints: one missing asks recover.sparse",
    )
    max_confidence: float = Field(0.45, ge=0, le=1)
    langs: tuple[str, ...] = Field(
        ("jpn+eng",), min_length=1, description="the sparse reads' Tesseract languages, in turn"
    )


class PipelineConfig(_Strict):
    name: str = "default"
    limits: Limits = Limits()
    ocr: OcrSettings = OcrSettings()
    preprocess: PreprocessSettings = PreprocessSettings()
    quality: QualitySettings = QualitySettings()
    match: MatchSettings = MatchSettings()
    rules: RulesSettings = RulesSettings()
    selfie: SelfieSettings = SelfieSettings()
    recover: RecoverSettings = RecoverSettings()
    slots: dict[str, SlotPipeline]

    @model_validator(mode="after")
    def _glare_decides_nothing(self) -> PipelineConfig:
        # A field read under glare is capped to this confidence so that no rule decides
        # on it (stages/quality.py): at or above the decision threshold it would.
        if self.quality.glare_field_max_confidence >= self.rules.min_field_confidence:
            raise ValueError(
                "quality.glare_field_max_confidence must stay below rules.min_field_confidence"
            )
        return self

    @field_validator("slots")
    @classmethod
    def _every_slot(cls, value: dict[str, SlotPipeline]) -> dict[str, SlotPipeline]:
        expected = {*SLOTS, "extract"}
        if set(value) != expected:
            raise ValueError(f"needs exactly the pipelines {sorted(expected)}, got {sorted(value)}")
        return value


def validation_problems(error: ValidationError) -> str:
    """One line naming each invalid key (``match.name_threshold: …``) of a pydantic error."""
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
        for err in error.errors()
    )


def load_pipeline(path: Path | None = None) -> PipelineConfig:
    """Read and validate a pipeline file; the bundled default when ``path`` is None."""
    path = path or DEFAULT_PIPELINE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise PipelineConfigError(f"pipeline file not found: {path}") from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise PipelineConfigError(f"{path}: not valid TOML: {e}") from e
    try:
        return PipelineConfig.model_validate(raw)
    except ValidationError as e:
        raise PipelineConfigError(f"{path}: {validation_problems(e)}") from e
