"""Kana to passport Hepburn, and passports matched by the profile's kana alone."""

from __future__ import annotations

import datetime as dt

import pytest

from docextract._context import Field, Profile
from docextract.config import PipelineConfig
from docextract.stages.match import field_to_match, names_to_score
from docextract.text.romaji import kana_to_hepburn


@pytest.mark.parametrize(
    ("kana", "latin"),
    [
        ("サトウ タロウ", "SATO TARO"),  # long vowels are not written
        ("オオノ ユウコ", "ONO YUKO"),
        ("なんば じゅんいち", "NAMBA JUNICHI"),  # hiragana; ん before B is M
        ("ホンマ ケイコ", "HOMMA KEIKO"),  # EI is kept
        ("ハッタ キョウコ", "HATTA KYOKO"),  # っ doubles the consonant
        ("ハッチ", "HATCHI"),  # and is T before CH
        ("シンイチ", "SHINICHI"),
        ("ジョウジ", "JOJI"),
        ("ｻﾄｳ", "SATO"),  # half-width kana
    ],
)
def test_kana_to_hepburn(kana: str, latin: str) -> None:
    assert kana_to_hepburn(kana) == latin


def test_passport_name_matches_a_profile_that_gives_only_kana() -> None:
    profile = Profile(
        name="斎藤 花子",
        birth_date=dt.date(1986, 11, 7),
        address="東京都世田谷区太子堂1-4-9",
        name_kana="サイトウ ハナコ",
    )
    assert names_to_score("SAITO HANAKO", profile) == (1.0, True)


def test_a_latin_name_one_letter_off_is_another_name(config: PipelineConfig) -> None:
    profile = Profile(name="SAITO HANAKO", birth_date=dt.date(1986, 11, 7), address="x")
    read = Field(value="SATO HANAKO", confidence=0.95, page=0, bbox=None)
    assert field_to_match("name", read, profile, config.match).verdict == "mismatch"
    kanji = Field(value="斎藤 花子", confidence=0.95, page=0, bbox=None)
    assert (
        field_to_match(
            "name", kanji, Profile("斉藤 花子", profile.birth_date, "x"), config.match
        ).verdict
        == "mismatch"
    )
