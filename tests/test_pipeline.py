"""The stage runner's contract: chains are checked before running, stages return contexts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from support import FIXTURES

from docextract._context import DocContext, Field, Line, Page, Word
from docextract._exec import tesseract
from docextract._exec.tesseract import RawWord
from docextract._pipeline import build_pipeline, stage
from docextract.api import extract_file
from docextract.config import PipelineConfig, load_pipeline
from docextract.exceptions import PipelineConfigError, StageContractError
from docextract.stages.reread import (
    DISPUTED_CONFIDENCE,
    LATIN_FULL_NAME,
    break_date_tie,
    implausible_birth_date,
    name_with_debris,
    one_glyph_apart,
    reconcile,
    reread,
)


def test_unknown_stage_is_named() -> None:
    with pytest.raises(PipelineConfigError, match=r"unknown stage 'ocr\.magic\.v9'"):
        build_pipeline(["ingest.v1", "ocr.magic.v9"])


def test_a_requirement_no_earlier_stage_provides_is_refused() -> None:
    with pytest.raises(PipelineConfigError, match="requires"):
        build_pipeline(["ocr.tesseract.v1"])  # needs pages: ingest must come first


def test_a_stage_that_returns_something_else_breaks_the_contract(config: PipelineConfig) -> None:
    @stage("test.broken.v1", requires=("source",))
    def broken(ctx: DocContext) -> DocContext:
        return None  # type: ignore[return-value]

    with pytest.raises(StageContractError, match=r"test\.broken\.v1 returned NoneType"):
        build_pipeline(["test.broken.v1"])(DocContext(source=Path("x"), config=config))


def test_every_configured_chain_is_valid(config: PipelineConfig) -> None:
    for slot in config.slots.values():
        assert build_pipeline(slot.stages).stages


def test_invalid_pipeline_file_names_the_key(tmp_path: Path) -> None:
    text = (
        Path("pipelines/default.toml")
        .read_text()
        .replace("name_threshold = 0.9", "name_threshold = 1.5")
    )
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    with pytest.raises(PipelineConfigError, match=r"match\.name_threshold"):
        load_pipeline(bad)


def test_two_reads_that_disagree_drop_below_the_decision_threshold() -> None:
    field = Field("2026-10-26", 0.9, 0, (0, 0, 10, 10))
    agreed, note = reconcile("issue_date", field, "発行日令和8年10月26日")
    assert agreed.confidence >= 0.9 and note is None
    disputed, note = reconcile("issue_date", field, "発行日令和8年1月26日")
    assert disputed.confidence == DISPUTED_CONFIDENCE and note
    # A licence number whose check digit fails is replaced by a second read that passes.
    number = Field("300759009400", 0.9, 0, None)
    fixed, _ = reconcile("document_number", number, "第 300759009410 号")
    assert fixed.value == "300759009410"


@pytest.mark.parametrize(
    ("first", "second", "value", "agreed"),
    [
        ("高橋篤司", "を高橋篤司", "高橋篤司", True),  # the crop's margin took in a glyph
        ("吉田 直人", "氏名 吉田 直人", "吉田 直人", True),  # and the label beside it
        ("FH Se", "田中 学", "田中 学", False),  # a kanji name first read as Latin
        ("高橋篤司", "高橋篤", "高橋篤司", False),  # one read lost a glyph: disputed
        ("小林", "小林 知実", "小林 知実", False),  # the page read cut the name short
    ],
)
def test_a_name_read_twice(first: str, second: str, value: str, agreed: bool) -> None:
    field = Field(first, 0.8, 0, (0, 0, 10, 10))
    got, note = reconcile("name", field, second)
    assert got.value == value
    assert (got.confidence >= 0.9) == agreed
    if not agreed and value == first:
        assert got.confidence == DISPUTED_CONFIDENCE and note


def test_a_third_read_breaks_a_tie_between_two_dates() -> None:
    page_read = Field("2024-06-28", 0.9, 0, (0, 0, 10, 10))
    crop = "2024年06月12日"
    # The third read sides with the crop: its date stands, still too unsure to decide on.
    got = break_date_tie("issue_date", page_read, crop, "交付 2024年06月12日")
    assert got is not None
    assert got[0].value == "2024-06-12" and got[0].confidence == DISPUTED_CONFIDENCE
    # It sides with the page read: that read keeps its own confidence.
    got = break_date_tie("issue_date", page_read, crop, "2024年06月28日")
    assert got is not None and got[0] == page_read
    # The crop's reads dropping a digit twice (11月 as 1月) are one mistake: it stands.
    november = Field("2026-11-05", 0.9, 0, (0, 0, 10, 10))
    assert break_date_tie("issue_date", november, "2026年1月5日", "2026年1月5日") is None
    # It sides with neither (or reads no date): the dispute stands.
    assert break_date_tie("issue_date", page_read, crop, "2024年06月18日") is None
    assert break_date_tie("issue_date", page_read, crop, "2024年19月28日") is None


@pytest.mark.parametrize("second", ["", "様"])
def test_a_crop_that_reads_no_name_is_no_evidence(second: str) -> None:
    # Tesseract at times returns nothing for a clean crop: neither agreement nor dispute.
    field = Field("高橋篤司", 0.8, 0, (0, 0, 10, 10))
    assert reconcile("name", field, second) == (field, None)


def _address_reread(
    monkeypatch: pytest.MonkeyPatch, config: PipelineConfig, first: Field, crop_read: str
) -> tuple[DocContext, list[str]]:
    """reread.fields.v1 over a page holding only ``first`` as the address; the crop
    "reads" ``crop_read``. Returns the context and the languages Tesseract was asked."""
    langs: list[str] = []

    def fake(image: object, *, lang: str, psm: int, timeout_s: float) -> list[RawWord]:
        langs.append(lang)
        return [RawWord(crop_read, 90, 0, 0, 10, 10)]

    monkeypatch.setattr(tesseract, "image_to_words", fake)
    ctx = DocContext(source=Path("bill.png"), config=config, slot="proof_of_address")
    ctx.pages = [
        Page(index=0, image=np.full((600, 1000, 3), 255, np.uint8), width=1000, height=600)
    ]
    ctx.document_type = "credit_card_statement"
    ctx.fields = {"address": first}
    return reread(ctx), langs


@pytest.mark.parametrize(
    ("first", "crop_read", "value"),
    [
        # Measured on credit_card_statement_002: kanji read as Latin, a numeral dropped.
        (
            "宮城県仙台市宮城野区 Fahd PUT A625",
            "〒983-0852宮城県仙台市宮城野区榴岡四丁目6番2号",
            "宮城県仙台市宮城野区榴岡四丁目6番2号",
        ),
        (
            "宮城県仙台市宮城野区 榴岡四丁目6番号",
            "宮城県仙台市宮城野区航岡四丁目6番2号",
            "宮城県仙台市宮城野区榴岡四丁目6番2号",
        ),  # and a place name set right
        # A crop read no better is not taken: no prefecture, Latin, a block unnumbered.
        (
            "宮城県仙台市宮城野区 榴岡四丁目6番号",
            "欄財上坦賠市博多区1丁目",
            "宮城県仙台市宮城野区 榴岡四丁目6番号",
        ),
        ("宮城県仙台市宮城野区 Fahd", "宮城県仙台市宮城野区 Fahd PUT", "宮城県仙台市宮城野区 Fahd"),
        (
            "宮城県仙台市宮城野区 榴岡四丁目6番号",
            "宮城県仙台市宮城野区榴岡丁目6番2号",
            "宮城県仙台市宮城野区 榴岡四丁目6番号",
        ),
    ],
)
def test_an_unsure_address_is_read_again_in_japanese(
    monkeypatch: pytest.MonkeyPatch, config: PipelineConfig, first: str, crop_read: str, value: str
) -> None:
    unsure = Field(first, 0.36, 0, (100, 100, 400, 80))
    ctx, langs = _address_reread(monkeypatch, config, unsure, crop_read)
    assert langs == ["jpn"]
    assert ctx.fields["address"].value == value
    assert ctx.fields["address"].confidence == unsure.confidence  # for the reviewer only


@pytest.mark.parametrize(
    "kept",
    [
        Field("宮城県仙台市宮城野区 Fahd PUT A625", 0.9, 0, (100, 100, 400, 80)),  # sure
        # Unsure but well formed: the crop read of bank_statement_001_image's address
        # (博多駅前3きー2一1) was worse than the page read's.
        Field("福岡県福岡市博多区 博多駅前3ー2一1", 0.44, 0, (100, 100, 400, 80)),
    ],
)
def test_an_address_sure_or_well_formed_is_not_read_again(
    monkeypatch: pytest.MonkeyPatch, config: PipelineConfig, kept: Field
) -> None:
    ctx, langs = _address_reread(monkeypatch, config, kept, "福岡県福岡市博多区博多駅前3きー2一1")
    assert langs == []
    assert ctx.fields["address"] == kept


@pytest.mark.parametrize(
    ("value", "full"),
    [
        ("NGUYEN VAN A", True),
        ("PARK, SOOJIN", True),
        ("O'BRIEN MARY-ANNE", True),
        ("BA", False),  # 吉田 直人 read in English, twice alike
        ("ERK #", False),
        ("NAME eM te", False),  # a label and guilloche
        ("PARK", False),  # half a name: the reread may not raise it
    ],
)
def test_only_a_full_latin_name_counts_as_one(value: str, full: bool) -> None:
    assert (LATIN_FULL_NAME.fullmatch(value) is not None) == full


@pytest.mark.parametrize(
    ("fields", "plausible"),
    [
        ({"birth_date": "1961-05-10", "expiry_date": "2026-05-10"}, True),
        # The expiry line read as the birth date (special_permanent_resident_certificate_002
        # blurred): no other date read to compare with, but a holder of six months.
        ({"birth_date": "2026-05-10"}, False),
        ({"birth_date": "2019-10-15", "issue_date": "2019-10-15"}, False),
        ({"birth_date": "1990-01-01", "expiry_date": "1989-12-31"}, False),
        ({"birth_date": "2016-11-19"}, True),  # ten years old the day before
        ({"birth_date": "2016-11-21"}, False),
    ],
)
def test_a_birth_date_not_before_the_cards_dates_or_of_a_child_is_doubted(
    config: PipelineConfig, fields: dict[str, str], plausible: bool
) -> None:
    ctx = DocContext(source=Path("card.png"), config=config, submitted_on=dt.date(2026, 11, 20))
    ctx.fields = {k: Field(v, 0.95, 0, (0, 0, 10, 10)) for k, v in fields.items()}
    assert (implausible_birth_date(ctx, ctx.fields["birth_date"]) is None) == plausible


@pytest.mark.parametrize(
    ("first", "second", "apart"),
    [
        ("佐々木 異", "佐々木翼", (4, "翼")),  # where in the name as the page spaced it
        ("儲成浩", "崔 成浩", (0, "崔")),
        ("吉田 直人", "貫田 一 宿大", None),  # a garbled read settles nothing
        ("佐々木 翼", "佐々木 翼", None),
        ("髙橋 篤司", "高橋 篤司", None),  # a variant glyph is the same name
        ("中村涼平", "異中村涼平", None),  # a glyph more is no one-glyph misread
        ("山本 里佳", "山本 里ゃ", None),  # nor a kana for a kanji
    ],
)
def test_the_fuller_model_decides_one_glyph_only(
    first: str, second: str, apart: tuple[int, str] | None
) -> None:
    assert one_glyph_apart(first, second) == apart


@pytest.mark.tesseract
@pytest.mark.parametrize(
    ("document", "name"),
    [
        # The page read and the first crop read (fast jpn) give 佐々木 異 or 糞 for 翼 on
        # every variant of this licence.
        ("drivers_license_005.png", "佐々木 翼"),
        # The page read pete直樹: the crop over the debris reads 朋井 直樹, the fuller 藤井.
        ("individual_number_notice_001.png", "藤井 直樹"),
        # A name whose family part the first crop read adds in its own box stays whole.
        ("my_number_card_002.png", "中村 涼平"),
    ],
)
def test_a_name_the_fast_model_misreads_is_set_right_by_the_fuller_one(
    document: str, name: str
) -> None:
    fields = extract_file(FIXTURES / "documents" / document)["fields"]
    assert fields["name"]["value"] == name


def _line(*words: tuple[str, int]) -> Line:
    """One line of words 49 px high, each (text, left), 59 px wide a glyph."""
    boxed = tuple(Word(0, text, 0.9, (left, 772, 59 * len(text), 49)) for text, left in words)
    spans, at = [], 0
    for w in boxed:
        spans.append((at, at + len(w.text)))
        at += len(w.text)
    text = "".join(w.text for w in boxed)
    x0 = boxed[0].bbox[0]
    x1 = boxed[-1].bbox[0] + boxed[-1].bbox[2]
    return Line(0, text, boxed, tuple(spans), (x0, 772, x1 - x0, 49), 0.9)


@pytest.mark.parametrize(
    ("words", "left"),
    [
        ((("pete", 400), ("直樹", 731)), 400),  # 藤井 read as Latin, a name's gap before
        ((("%", 600), ("直樹", 731)), 600),
        ((("ke", 200), ("pete", 400), ("直樹", 731)), 400),  # the nearest word only
        ((("pete", 100), ("直樹", 731)), 731),  # too far off to be the name's
        ((("直樹", 731),), 731),
    ],
)
def test_a_name_crop_takes_in_latin_debris_just_before_it(
    words: tuple[tuple[str, int], ...], left: int
) -> None:
    field = Field("直樹", 0.95, 0, (731, 772, 118, 49))
    widened = name_with_debris([_line(*words)], field)
    assert widened.bbox is not None
    assert (widened.bbox[0], widened.bbox[0] + widened.bbox[2]) == (left, 849)


def test_a_full_names_crop_is_not_widened_over_a_misread_label() -> None:
    # ne 高橋 篤司: the debris is the 氏名 label's, and the crop would read 名高橋篤司.
    field = Field("高橋篤司", 0.95, 0, (731, 772, 236, 49))
    assert name_with_debris([_line(("ne", 600), ("高橋篤司", 731))], field) == field
