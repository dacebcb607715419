"""Tests for docextract.text.dates."""

from __future__ import annotations

import datetime
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docextract.text.dates import (
    DateMatch,
    Numerals,
    add_months,
    era_of,
    find_dates,
    format_dual_expiry,
    format_english,
    format_wareki,
    format_wareki_short,
    parse_date,
)

D = datetime.date

# Every input of JAPAN.md §2.1 (dateparser and japanera tables) with the correct date.
JAPAN_MD_2_1 = [
    ("令和5年6月1日", D(2023, 6, 1)),
    ("平成元年1月8日", D(1989, 1, 8)),
    ("昭和63年12月31日生", D(1988, 12, 31)),
    ("2024年3月15日", D(2024, 3, 15)),
    ("R5.6.1", D(2023, 6, 1)),
    ("H31.4.30", D(2019, 4, 30)),
    ("令和５年６月１日", D(2023, 6, 1)),
    ("令和元年5月1日", D(2019, 5, 1)),
    ("2024年3月15日まで有効", D(2024, 3, 15)),
    ("令和7年8月10日まで有効", D(2025, 8, 10)),
    ("平成31年4月30日", D(2019, 4, 30)),
    ("1990年1月1日生", D(1990, 1, 1)),
    ("平成元年1月7日", None),
    ("昭和64年1月7日", D(1989, 1, 7)),
    ("H31.5.1", D(2019, 5, 1)),
    ("平成三十一年四月三十日", D(2019, 4, 30)),
    ("平成36年4月2日", D(2024, 4, 2)),
    ("令和 5年 6月 1日", D(2023, 6, 1)),
]


@pytest.mark.parametrize(("text", "expected"), JAPAN_MD_2_1)
def test_japan_md_examples(text: str, expected: datetime.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昭和61年 5月 1日生", D(1986, 5, 1)),
        ("S63.12.31", D(1988, 12, 31)),
        ("R05/06/01", D(2023, 6, 1)),
        ("2024/03/15", D(2024, 3, 15)),
        ("2024-03-15", D(2024, 3, 15)),
        ("2024.3.15", D(2024, 3, 15)),
        ("15 JUN 2000", D(2000, 6, 15)),
        ("15 JUN/JUIN 2000", D(2000, 6, 15)),
        ("01 jan 1990", D(1990, 1, 1)),
        ("２０２４年３月１５日", D(2024, 3, 15)),
        ("二〇二四年三月十五日", D(2024, 3, 15)),
        ("㋿5年6月1日", D(2023, 6, 1)),
        ("㍻31年4月30日", D(2019, 4, 30)),
        ("㍼64年1月7日", D(1989, 1, 7)),
        ("㍽15年12月24日", D(1926, 12, 24)),
        ("㍾45年7月29日", D(1912, 7, 29)),
        ("交付 令和03年06月01日 12345", D(2021, 6, 1)),
        ("昭和元年12月25日", D(1926, 12, 25)),
    ],
)
def test_supported_forms(text: str, expected: datetime.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昭和64年1月7日", D(1989, 1, 7)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("大正15年12月24日", D(1926, 12, 24)),
        ("昭和元年12月25日", D(1926, 12, 25)),
    ],
)
def test_era_boundaries(text: str, expected: datetime.date) -> None:
    assert parse_date(text) == expected
    assert parse_date(text, allow_era_overflow=False) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("平成36年4月2日まで有効", D(2024, 4, 2)),
        ("昭和65年1月1日", D(1990, 1, 1)),
        ("大正15年12月25日", D(1926, 12, 25)),
        ("明治45年7月30日", D(1912, 7, 30)),
    ],
)
def test_era_overflow_allowed_by_default_only(text: str, expected: datetime.date) -> None:
    assert parse_date(text) == expected
    assert parse_date(text, allow_era_overflow=False) is None


@pytest.mark.parametrize(
    "text",
    [
        "平成元年1月7日",
        "令和元年4月30日",
        "昭和元年12月24日",
        "2024年13月1日",
        "2024/02/30",
        "2023年2月29日",
        "R5.13.1",
        "令和0年5月1日",
        "1234/12/12",
        "5年6月1日",
        "Il.lO.lO",
        "HOTEL lO.ll.l",
        "",
    ],
)
def test_rejects(text: str) -> None:
    assert find_dates(text) == []


def test_dual_expiry_yields_one_western_date() -> None:
    text = "2029年(令和11年)06月10日まで有効"
    assert find_dates(text) == [DateMatch(D(2029, 6, 10), 0, 18, "2029年(令和11年)06月10日")]
    # Full-width brackets and OCR spacing are the same date, still only once.
    assert [m.value for m in find_dates("2029年（令和11年） 06月 10日まで有効")] == [D(2029, 6, 10)]


def test_dual_expiry_prefers_western_year() -> None:
    # The era year disagrees (OCR error); the Western year is authoritative.
    assert parse_date("2029年(令和12年)06月10日まで有効") == D(2029, 6, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("平成3O年l月5日", D(2018, 1, 5)),
        ("2O24/O3/15", D(2024, 3, 15)),
        ("令和I年5月|日", D(2019, 5, 1)),
        ("H3l.4.3O", D(2019, 4, 30)),
    ],
)
def test_ocr_digit_confusions(text: str, expected: datetime.date) -> None:
    assert parse_date(text) == expected


def test_several_dates_in_order_with_offsets() -> None:
    text = "生年月日 昭和61年 5月 1日生 交付 R5.6.1 有効 2029/06/10"
    matches = find_dates(text)
    assert [m.value for m in matches] == [D(1986, 5, 1), D(2023, 6, 1), D(2029, 6, 10)]
    for m in matches:
        assert text[m.start : m.end] == m.raw


def test_offsets_refer_to_the_input_when_nfkc_changes_length() -> None:
    text = "生年月日：㍻３１年４月３０日　交付"
    (m,) = find_dates(text)
    assert m.value == D(2019, 4, 30)
    assert m.raw == "㍻３１年４月３０日"
    assert text[m.start : m.end] == m.raw


def test_digit_run_boundaries() -> None:
    assert find_dates("12024/03/15") == []
    assert find_dates("2024/03/155") == []
    assert find_dates("NOS5.6.1") == []


def test_format_examples() -> None:
    assert format_wareki(D(2023, 6, 1)) == "令和5年6月1日"
    assert format_wareki(D(2019, 5, 1)) == "令和元年5月1日"
    assert format_wareki(D(2019, 5, 1), gannen=False) == "令和1年5月1日"
    assert format_wareki(D(2023, 6, 1), pad=True) == "令和05年06月01日"
    assert format_wareki(D(1986, 5, 1), sep=" ") == "昭和61年 5月 1日"
    assert format_wareki(D(2019, 4, 30), numerals="kanji") == "平成三十一年四月三十日"
    assert format_wareki(D(2023, 6, 1), numerals="fullwidth") == "令和５年６月１日"
    assert format_wareki_short(D(2023, 6, 1)) == "R5.6.1"
    assert format_wareki_short(D(2023, 6, 1), pad=True, sep="/") == "R05/06/01"
    assert format_dual_expiry(D(2029, 6, 10)) == "2029年(令和11年)06月10日まで有効"
    assert format_english(D(2000, 6, 15)) == "15 JUN 2000"
    assert format_english(D(2000, 1, 5)) == "05 JAN 2000"


def test_era_of() -> None:
    assert era_of(D(1989, 1, 7)) == ("昭和", "S", 64)
    assert era_of(D(1989, 1, 8)) == ("平成", "H", 1)
    with pytest.raises(ValueError):
        era_of(D(1868, 1, 1))


ID_DATES = st.dates(min_value=D(1927, 1, 1), max_value=D(2040, 12, 31))


@given(
    d=ID_DATES,
    gannen=st.booleans(),
    pad=st.booleans(),
    sep=st.sampled_from(["", " ", "\u3000", "  "]),
    numerals=st.sampled_from(get_args(Numerals)),
    suffix=st.sampled_from(["", "生", "まで有効"]),
)
def test_wareki_round_trip(
    d: datetime.date, gannen: bool, pad: bool, sep: str, numerals: Numerals, suffix: str
) -> None:
    text = format_wareki(d, gannen=gannen, pad=pad, sep=sep, numerals=numerals)
    matches = find_dates(text + suffix)
    assert [m.value for m in matches] == [d]
    assert matches[0].raw == text


@given(d=ID_DATES, pad=st.booleans(), sep=st.sampled_from([".", "/", "-"]))
def test_wareki_short_round_trip(d: datetime.date, pad: bool, sep: str) -> None:
    assert parse_date(format_wareki_short(d, pad=pad, sep=sep)) == d


@given(d=ID_DATES)
def test_dual_expiry_round_trip(d: datetime.date) -> None:
    assert [m.value for m in find_dates(format_dual_expiry(d))] == [d]


@given(d=ID_DATES)
def test_english_round_trip(d: datetime.date) -> None:
    assert [m.value for m in find_dates("DATE OF EXPIRY " + format_english(d))] == [d]


def test_add_months_examples() -> None:
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2024, 8, 31), -6) == D(2024, 2, 29)
    assert add_months(D(2024, 3, 15), 6) == D(2024, 9, 15)
    assert add_months(D(2024, 11, 30), 3) == D(2025, 2, 28)
    assert add_months(D(2024, 5, 5), 0) == D(2024, 5, 5)


@given(d=ID_DATES, months=st.integers(min_value=-240, max_value=240))
def test_add_months_properties(d: datetime.date, months: int) -> None:
    shifted = add_months(d, months)
    assert (shifted.year * 12 + shifted.month) - (d.year * 12 + d.month) == months
    assert shifted.day <= d.day
    if shifted.day < d.day:  # only clamped to the end of a shorter month
        assert (shifted + datetime.timedelta(days=1)).month != shifted.month
