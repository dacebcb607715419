"""recover.sparse.v1: a sparse second read fills printed fields the page read left empty."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from support import FIXTURES

from docextract._context import DocContext, Field, Page
from docextract._exec import tesseract
from docextract._exec.tesseract import RawWord
from docextract.api import extract_file
from docextract.config import PipelineConfig
from docextract.stages.recover import SPARSE_PSM, recover


def licence_context(config: PipelineConfig, fields: dict[str, Field]) -> DocContext:
    ctx = DocContext(source=Path("licence.png"), config=config, slot="id_front")
    ctx.pages = [
        Page(index=0, image=np.full((600, 1000, 3), 255, np.uint8), width=1000, height=600)
    ]
    ctx.document_type = "drivers_license"
    ctx.fields = dict(fields)
    return ctx


def sparse_read(monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> list[int]:
    """Make Tesseract "read" ``lines`` (one word each); returns the psm of every call."""
    calls: list[int] = []

    def fake(
        image: object, *, lang: str, psm: int, timeout_s: float, **kw: object
    ) -> list[RawWord]:
        calls.append(psm)
        return [
            RawWord(text, 95, 50, 60 * (i + 1), 40 * len(text), 40) for i, text in enumerate(lines)
        ]

    monkeypatch.setattr(tesseract, "image_to_words", fake)
    return calls


def test_fills_only_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, config: PipelineConfig
) -> None:
    calls = sparse_read(monkeypatch, ["氏名鈴木一郎", "東京都公安委員会"])
    name = Field("吉田直人", 0.9, 0, (10, 10, 100, 30))
    ctx = recover(licence_context(config, {"name": name}))
    # One read per language: fields the licence prints are still missing after each.
    assert calls == [SPARSE_PSM] * len(config.recover.langs)
    assert ctx.fields["name"] == name  # never replaced by the second read
    assert ctx.fields["issuer"].value == "東京都公安委員会"
    # Found by the sparse read alone: too weak to decide a verdict until a reread agrees.
    assert ctx.fields["issuer"].confidence <= config.recover.max_confidence
    assert config.recover.max_confidence < config.rules.min_field_confidence
    assert any("sparse" in note for note in ctx.notes)


def test_no_second_read_when_every_printed_field_was_read(
    monkeypatch: pytest.MonkeyPatch, config: PipelineConfig
) -> None:
    calls = sparse_read(monkeypatch, [])
    printed = config.recover.printed_fields["drivers_license"]
    recover(licence_context(config, {key: Field("x", 0.9) for key in printed}))
    assert calls == []


@pytest.mark.tesseract
def test_issuer_beside_the_seal_is_recovered() -> None:
    # The page read drops 東京都公安委員会 beside the red seal (measured); sparse text finds it.
    got = extract_file(FIXTURES / "documents" / "drivers_license_001.png")
    assert got["fields"]["issuer"]["value"] == "東京都公安委員会"


def test_a_name_found_by_the_sparse_read_is_tidied_like_the_page_read(
    monkeypatch: pytest.MonkeyPatch, config: PipelineConfig
) -> None:
    # The sparse read goes through the same name tidying as extract.fields.v1: a rule
    # read between family and given name is not kept as part of the name.
    sparse_read(monkeypatch, ["〒100-0013", "東京都千代田区霞が関2-10-9", "吉田_直人 様"])
    ctx = licence_context(config, {})
    ctx.document_type = "utility_bill"
    assert recover(ctx).fields["name"].value == "吉田 直人"


def test_a_field_still_missing_is_looked_for_in_the_next_language(
    monkeypatch: pytest.MonkeyPatch, config: PipelineConfig
) -> None:
    # With English on, unsure kanji come out as Latin debris (measured on
    # social_insurance_receipt_001_scan); the Japanese-only read has the address.
    reads = {
        "jpn+eng": ["〒983-0852", "SRL a Th See RA -8-5", "福田さゆり 様"],
        "jpn": ["〒983-0852", "宮城県仙台市宮城野区榴岡1-8-5", "福田さゆり 様"],
    }
    langs: list[str] = []

    def fake(
        image: object, *, lang: str, psm: int, timeout_s: float, **kw: object
    ) -> list[RawWord]:
        langs.append(lang)
        return [
            RawWord(t, 95, 50, 60 * (i + 1), 40 * len(t), 40) for i, t in enumerate(reads[lang])
        ]

    monkeypatch.setattr(tesseract, "image_to_words", fake)
    ctx = licence_context(
        config, {"issuer": Field("日本年金機構", 0.9), "issue_date": Field("x", 0.9)}
    )
    ctx.document_type = "social_insurance_receipt"
    ctx = recover(ctx)
    assert langs == ["jpn+eng", "jpn"]
    assert ctx.fields["name"].value == "福田さゆり"  # the first read's, kept
    assert ctx.fields["address"].value == "宮城県仙台市宮城野区榴岡1-8-5"
    assert ctx.fields["address"].confidence <= config.recover.max_confidence
    # Nothing missing after the first read: no second.
    langs.clear()
    recover(ctx)
    assert langs == []
