"""Quality gates: a field read under glare decides nothing and makes the slot LOW_QUALITY
review; a document cut off by the frame is a quality problem (no OCR involved)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docextract._context import DocContext, Field, Page, Polygon, Profile
from docextract.config import PipelineConfig
from docextract.stages.match import match
from docextract.stages.quality import glare_over_fields, glare_share, neighbourhood
from docextract.stages.rules import quality_problems, rules

PROFILE = Profile(
    name="山田 太郎", birth_date=dt.date(1987, 4, 1), address="東京都千代田区霞が関2-1-2"
)
# A burnt-out patch over the left half of the box (100, 50, 200, 40).
GLARE: Polygon = ((90.0, 40.0), (200.0, 40.0), (200.0, 100.0), (90.0, 100.0))


def licence(name: Field) -> dict[str, Field]:
    return {
        "name": name,
        "birth_date": Field("1987-04-01", 0.95, 0, (100, 120, 200, 40)),
        "address": Field("東京都千代田区霞が関二丁目1番2号", 0.95, 0, (100, 200, 500, 40)),
        "issue_date": Field("2021-05-10", 0.95, 0),
        "expiry_date": Field("2027-05-01", 0.95, 0),
        "issuer": Field("東京都公安委員会", 0.95, 0),
        "document_number": Field("301234567890", 0.95, 0),
    }


def judged(config: PipelineConfig, slot: str, fields: dict[str, Field], glare: bool) -> DocContext:
    ctx = DocContext(
        source=Path("x.png"),
        config=config,
        slot=slot,
        submitted_on=dt.date(2026, 11, 20),
        profile=PROFILE,
        document_type="drivers_license" if slot == "id_front" else "drivers_license_back",
        fields=fields,
        pages=[Page(index=0, glare=(GLARE,) if glare else ())],
    )
    return rules(match(glare_over_fields(ctx)))


def test_the_share_of_a_box_under_glare() -> None:
    assert glare_share((100, 50, 200, 40), [GLARE]) == pytest.approx(0.5, abs=0.01)
    assert glare_share((300, 50, 100, 40), [GLARE]) == 0.0
    assert glare_share((100, 50, 200, 40), []) == 0.0
    # The rest of a value cut short by glare would lie beside what was read.
    assert neighbourhood((220, 50, 100, 40)) == (160, 30, 220, 80)
    assert glare_share(neighbourhood((220, 50, 100, 40)), [GLARE]) > 0.1


def test_a_printed_field_not_read_on_a_page_with_glare_is_low_quality(
    config: PipelineConfig,
) -> None:
    fields = licence(Field("山田 太郎", 0.95, 0, (400, 50, 200, 40)))
    del fields["expiry_date"]
    assert judged(config, "id_front", dict(fields), glare=False).reasons == []
    ctx = judged(config, "id_front", dict(fields), glare=True)
    assert (ctx.status, ctx.reasons) == ("review", ["LOW_QUALITY"])
    assert any("expiry_date (not read)" in note for note in ctx.notes)


def test_a_name_misread_under_glare_is_low_quality_not_a_mismatch(config: PipelineConfig) -> None:
    misread = Field("山囗 太", 0.92, 0, (100, 50, 200, 40))
    assert judged(config, "id_front", licence(misread), glare=False).reasons == ["ID_NAME_MISMATCH"]
    ctx = judged(config, "id_front", licence(misread), glare=True)
    assert (ctx.status, ctx.reasons) == ("review", ["LOW_QUALITY"])
    assert ctx.fields["name"].confidence == config.quality.glare_field_max_confidence
    assert ctx.quality["fields_under_glare"] == 1
    # Grown by 1.5 heights sideways and half a height up and down, the box is 26 % glare.
    assert any("glare over name (26%)" in note for note in ctx.notes)


def test_glare_never_makes_an_approval(config: PipelineConfig) -> None:
    right = Field("山田 太郎", 0.95, 0, (100, 50, 200, 40))
    assert judged(config, "id_front", licence(right), glare=False).status == "approve"
    assert judged(config, "id_front", licence(right), glare=True).reasons == ["LOW_QUALITY"]


def test_glare_beside_the_fields_changes_nothing(config: PipelineConfig) -> None:
    right = Field("山田 太郎", 0.95, 0, (400, 50, 200, 40))
    ctx = judged(config, "id_front", licence(right), glare=True)
    assert ctx.status == "approve" and ctx.quality["fields_under_glare"] == 0
    assert "fields_under_glare" not in judged(config, "id_front", licence(right), False).quality


def test_glare_over_a_backs_address_entry_is_low_quality(config: PipelineConfig) -> None:
    moved_to = {"address": Field("大阪府大阪市北区梅田1-1-1", 0.95, 0, (100, 50, 200, 40))}
    assert judged(config, "id_back", dict(moved_to), glare=False).reasons == ["ID_ADDRESS_MISMATCH"]
    assert judged(config, "id_back", dict(moved_to), glare=True).reasons == ["LOW_QUALITY"]


@pytest.mark.parametrize(
    ("measures", "problem"),
    [
        ({"document_margin": 0.0}, "document cut off"),
        ({"text_at_edge": 12.0}, "text runs out of the frame (12 glyphs cut)"),
        ({"fields_under_glare": 2.0}, "glare over 2 field(s)"),
    ],
)
def test_cut_off_and_glare_are_quality_problems(
    config: PipelineConfig, measures: dict[str, float], problem: str
) -> None:
    ctx = DocContext(source=Path("x.png"), config=config, quality=measures)
    assert any(problem in p for p in quality_problems(ctx))


def test_a_document_inside_the_frame_is_no_problem(config: PipelineConfig) -> None:
    ctx = DocContext(
        source=Path("x.png"),
        config=config,
        quality={"document_margin": 0.06, "text_at_edge": 0.0, "fields_under_glare": 0.0},
    )
    assert quality_problems(ctx) == []
