"""My Numbers never leave the report unmasked (contract §2, §3)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np

from docextract._context import DocContext, Field, Line, Match, Page, Profile, Word
from docextract.config import PipelineConfig
from docextract.messages import MESSAGES, REASON_TEXT
from docextract.report import page_to_debug_image, report_to_html, slot_to_json
from docextract.text.numbers import is_valid_dl_number, is_valid_mynumber

MY_NUMBER = "621498320257"  # a valid check digit (JAPAN.md §1.7), not anyone's number


def test_my_number_is_masked_in_fields_and_html(config: PipelineConfig) -> None:
    assert is_valid_mynumber(MY_NUMBER)
    word = Word(page=0, text=MY_NUMBER, conf=0.9, bbox=(10, 10, 120, 20))
    line = Line(
        page=0, text=MY_NUMBER, words=(word,), spans=((0, 12),), bbox=(10, 10, 120, 20), conf=0.9
    )
    image = np.full((60, 200, 3), 255, np.uint8)
    ctx = DocContext(
        source=Path("x.png"),
        config=config,
        slot="id_back",
        document_type="my_number_card_back",
        status="approve",
        pages=[Page(index=0, image=image, width=200, height=60)],
        lines=[line],
        fields={
            "document_number": Field(MY_NUMBER, 0.9, 0, word.bbox),
            "name": Field(
                f"山田 太郎 {MY_NUMBER[:4]} {MY_NUMBER[4:8]} {MY_NUMBER[8:]}", 0.9, 0, None
            ),
        },
    )
    slot = slot_to_json(ctx, "ja")
    assert slot["fields"]["document_number"]["value"] == "********0257"
    assert "6214" not in slot["fields"]["name"]["value"]
    page = page_to_debug_image(ctx, 0)
    assert page is not None and (page[10:30, 10:130] == 0).all()  # blacked out
    report = {
        "submission_id": "S-1",
        "submitted_on": "2026-11-20",
        "overall": "review",
        "slots": {"id_back": slot},
    }
    assert MY_NUMBER not in report_to_html(report, {"id_back": ctx})


def test_a_licence_number_that_also_passes_the_my_number_check_is_kept(
    config: PipelineConfig,
) -> None:
    number = "621012249750"  # licence 002 of the fixtures: both check digits hold
    assert is_valid_mynumber(number) and is_valid_dl_number(number)
    word = Word(page=0, text=f"第{number}号", conf=0.9, bbox=(10, 10, 160, 20))
    line = Line(page=0, text=word.text, words=(word,), spans=((0, 14),), bbox=word.bbox, conf=0.9)
    ctx = DocContext(
        source=Path("x.png"),
        config=config,
        slot="id_front",
        document_type="drivers_license",
        lines=[line],
        fields={"document_number": Field(number, 0.9, 0, word.bbox)},
    )
    assert slot_to_json(ctx, "ja")["fields"]["document_number"]["value"] == number
    ctx.document_type = "my_number_card_back"  # the same digits as an Individual Number
    assert slot_to_json(ctx, "ja")["fields"]["document_number"]["value"] == "********9750"


def test_every_reason_code_is_explained_to_reviewers() -> None:
    assert set(REASON_TEXT) == set(MESSAGES)


def test_html_report_stands_alone_and_sets_read_beside_registered(
    config: PipelineConfig,
) -> None:
    ctx = DocContext(
        source=Path("x.png"),
        config=config,
        slot="id_front",
        profile=Profile("山田 太郎", dt.date(1987, 4, 1), "東京都千代田区霞が関2-1-2"),
        document_type="drivers_license",
        status="reject",
        reasons=["ID_NAME_MISMATCH"],
        pages=[Page(index=0, image=np.full((60, 200, 3), 255, np.uint8), width=200, height=60)],
        fields={"name": Field("山田 大郎", 0.9, 0, (10, 30, 120, 20))},
        matches={"name": Match(0.75, "mismatch")},
    )
    report = {
        "submission_id": "S-1",
        "submitted_on": "2026-11-20",
        "overall": "reject",
        "slots": {"id_front": slot_to_json(ctx, "ja")},
    }
    page = report_to_html(report, {"id_front": ctx})
    assert page.startswith("<!doctype html>\n<html lang='ja'>\n<head><meta charset='utf-8'>")
    assert 'font-family:"Noto Sans CJK JP","IPAGothic","IPAPGothic",sans-serif' in page
    assert "<td>name</td><td>山田 大郎</td><td>山田 太郎</td>" in page
    assert MESSAGES["ID_NAME_MISMATCH"]["ja"] in page
    assert MESSAGES["ID_NAME_MISMATCH"]["en"] in page
    assert REASON_TEXT["ID_NAME_MISMATCH"] in page
    assert "src='data:image/jpeg;base64," in page
    assert not re.search(r"(?:src|href)=['\"]?(?:https?:)?//", page)
