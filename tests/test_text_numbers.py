"""Tests for docextract.text.numbers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docextract.text.numbers import (
    dl_check_digit,
    find_mynumbers,
    is_valid_dl_number,
    is_valid_mynumber,
    mask_mynumbers,
    mask_number,
    mrz_check_digit,
    mynumber_check_digit,
)

PAYLOAD11 = st.text(alphabet="0123456789", min_size=11, max_size=11)
MYNUMBER_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _mynumber(payload: str) -> str:
    return payload + str(mynumber_check_digit(payload))


# --- My Number ---------------------------------------------------------------


@pytest.mark.parametrize("number", ["621498320257", "123456789018"])
def test_known_valid_mynumbers(number: str) -> None:
    assert is_valid_mynumber(number)
    assert mynumber_check_digit(number[:11]) == int(number[11])


@pytest.mark.parametrize(
    "number",
    ["6214 9832 0257", "6214-9832-0257", "１２３４５６７８９０１８", "1234　5678　9018"],
)
def test_mynumber_accepts_spacing_and_full_width(number: str) -> None:
    assert is_valid_mynumber(number)


@pytest.mark.parametrize(
    "number", ["621498320258", "12345678901", "1234567890180", "62149832025a", ""]
)
def test_invalid_mynumbers(number: str) -> None:
    assert not is_valid_mynumber(number)


def test_mynumber_check_digit_rejects_bad_payload() -> None:
    with pytest.raises(ValueError):
        mynumber_check_digit("1234567890")
    with pytest.raises(ValueError):
        mynumber_check_digit("１２３４５６７８９０１")


@given(PAYLOAD11)
def test_generated_mynumber_validates(payload: str) -> None:
    assert is_valid_mynumber(_mynumber(payload))


@given(PAYLOAD11, st.integers(min_value=0, max_value=11), st.integers(min_value=1, max_value=9))
def test_single_digit_change_invalidates(payload: str, position: int, delta: int) -> None:
    number = _mynumber(payload)
    changed_digit = str((int(number[position]) + delta) % 10)
    changed = number[:position] + changed_digit + number[position + 1 :]
    if position == 11:
        assert not is_valid_mynumber(changed)
        return

    # The law maps remainders 0 and 1 both to check digit 0, so a change that
    # moves the remainder between 0 and 1 (e.g. 000000000000 → 200000000000)
    # cannot be detected; every other single-digit change is.
    def remainder(n: str) -> int:
        return sum(int(c) * w for c, w in zip(n[:11], MYNUMBER_WEIGHTS, strict=True)) % 11

    undetectable = remainder(number) <= 1 and remainder(changed) <= 1
    assert is_valid_mynumber(changed) == undetectable


def test_find_mynumbers_spans() -> None:
    text = "個人番号 6214 9832 0257 / 123456789018 / 123456789012 / 61234567890180"
    spans = find_mynumbers(text)
    assert [text[a:b] for a, b in spans] == ["6214 9832 0257", "123456789018"]


def test_mask_mynumbers_removes_spacing_and_keeps_last_four() -> None:
    assert mask_mynumbers("番号 6214 9832 0257 氏名") == "番号 ********0257 氏名"
    assert mask_mynumbers("１２３４５６７８９０１８") == "********9018"


def test_mask_mynumbers_context_labels() -> None:
    misread = "個人番号 1234 5678 9012"  # fails its check digit
    assert not is_valid_mynumber("123456789012")
    assert mask_mynumbers(misread) == "個人番号 ********9012"
    assert mask_mynumbers(misread, context_labels=False) == misread
    assert mask_mynumbers("Individual Number\n123456789012") == "Individual Number\n********9012"
    assert mask_mynumbers("マイナンバー:123456789012") == "マイナンバー:********9012"
    unlabeled = "注文番号 123456789012 のお知らせ"
    assert mask_mynumbers(unlabeled) == unlabeled


def test_mask_number() -> None:
    assert mask_number("1234 5678 9012") == "********9012"
    assert mask_number("12345678") == "****5678"
    assert mask_number("１２３-４５６７") == "***4567"
    assert mask_number("1234") == "****"


NUMBER_FORMATS = st.sampled_from(["{a}{b}{c}", "{a} {b} {c}", "{a}-{b}-{c}", "{a}　{b}　{c}"])
FILLER = st.text(alphabet="個人番号マイナンバー氏名 住所\nABCabc:・", max_size=12)


@given(st.lists(st.tuples(PAYLOAD11, NUMBER_FORMATS, FILLER), min_size=1, max_size=4), FILLER)
def test_masking_never_leaves_twelve_digits(parts: list[tuple[str, str, str]], tail: str) -> None:
    pieces: list[str] = []
    numbers: list[str] = []
    for payload, fmt, filler in parts:
        number = _mynumber(payload)
        numbers.append(number)
        pieces += [filler, " ", fmt.format(a=number[:4], b=number[4:8], c=number[8:]), " "]
    masked = mask_mynumbers("".join([*pieces, tail]))
    assert re.search(r"[0-9]{5}", masked) is None
    for number in numbers:
        assert "********" + number[8:] in masked


# --- driver's licence ----------------------------------------------------------


def test_dl_worked_example() -> None:
    # JAPAN.md §1.1: 4598033587 → sum 174, 174 mod 11 = 9, 11 − 9 = 2.
    assert dl_check_digit("4598033587") == 2
    assert is_valid_dl_number("459803358720")
    assert is_valid_dl_number("4598 0335 8721")
    assert not is_valid_dl_number("459803358730")
    assert not is_valid_dl_number("45980335872")


def _dl_sum(first10: str) -> int:
    return sum(int(c) * w for c, w in zip(first10, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True))


@pytest.mark.parametrize(("remainder", "digit"), [(0, 1), (1, 0), (10, 1), (9, 2), (2, 9)])
def test_dl_remainder_mapping(remainder: int, digit: int) -> None:
    # JAPAN.md §1.1: remainder 0 → 1, 1 → 0, 10 → 1 (the digit 1 is used twice).
    first10 = next(f"{n:010d}" for n in range(10_000) if _dl_sum(f"{n:010d}") % 11 == remainder)
    assert dl_check_digit(first10) == digit


def test_dl_check_digit_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        dl_check_digit("459803358")


# --- MRZ -------------------------------------------------------------------------

MRZ_SAMPLES = [
    "TT15442512JPN9905050F3012257<<<<<<<<<<<<<<06",
    "XS12345673JPN7902206F1603202<<<<<<<<<<<<<<02",
    "TR12345672JPN0001018M2501017<<<<<<<<<<<<<<08",
]


@pytest.mark.parametrize("line", MRZ_SAMPLES)
def test_mrz_samples(line: str) -> None:
    assert len(line) == 44
    assert mrz_check_digit(line[0:9]) == int(line[9])
    assert mrz_check_digit(line[13:19]) == int(line[19])
    assert mrz_check_digit(line[21:27]) == int(line[27])
    assert mrz_check_digit(line[28:42]) == int(line[42])
    assert mrz_check_digit(line[0:10] + line[13:20] + line[21:43]) == int(line[43])


def test_mrz_rejects_other_characters() -> None:
    with pytest.raises(ValueError):
        mrz_check_digit("ab1")
