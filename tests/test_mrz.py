"""The passport MRZ (text/mrz.py) and the passport extractor on hand-made lines: no OCR."""

from __future__ import annotations

import datetime as dt

import pytest

from docextract._context import BBox, Line, Word
from docextract.extractors.common import FAILED_CHECK_FACTOR
from docextract.extractors.passport import CHECKED_CONFIDENCE, passport_fields
from docextract.text import mrz

SAITO_1 = "P<JPNSAITO<<HANAKO<<<<<<<<<<<<<<<<<<<<<<<<<<"
SAITO_2 = "TS48880607JPN8611079F3206168<<<<<<<<<<<<<<08"
# ICAO 9303 specimen (also tests_data/passport-td3 in /work/shared/data/mrz).
ERIKSSON_1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
ERIKSSON_2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


@pytest.mark.parametrize(
    "line2",
    [
        # Public samples verified in JAPAN.md §1.3.
        "TT15442512JPN9905050F3012257<<<<<<<<<<<<<<06",
        "XS12345673JPN7902206F1603202<<<<<<<<<<<<<<02",
        "TR12345672JPN0001018M2501017<<<<<<<<<<<<<<08",
        SAITO_2,
    ],
)
def test_published_samples_validate(line2: str) -> None:
    parsed = mrz.parse_td3(SAITO_1, line2)
    assert parsed is not None
    assert parsed.valid and parsed.valid_checks == 5
    assert parsed.repairs == ()


def test_parse_fields() -> None:
    parsed = mrz.parse_td3(SAITO_1, SAITO_2)
    assert parsed is not None
    assert (parsed.document_code, parsed.issuing_state, parsed.nationality) == ("P<", "JPN", "JPN")
    assert parsed.name == "SAITO HANAKO"
    assert parsed.document_number == "TS4888060"
    assert (parsed.birth.value, parsed.expiry.value, parsed.sex) == ("861107", "320616", "F")


def test_personal_number_and_given_names() -> None:
    parsed = mrz.parse_td3(ERIKSSON_1, ERIKSSON_2)
    assert parsed is not None and parsed.valid
    assert (parsed.surname, parsed.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert parsed.personal_number.value == "ZE184226B<<<<<"
    assert parsed.document_number == "L898902C3"


@pytest.mark.parametrize(
    ("position", "wrong", "check"),
    [(9, "8", "number"), (19, "8", "birth"), (27, "8", "expiry"), (42, "7", "personal_number")],
)
def test_each_check_digit_is_checked(position: int, wrong: str, check: str) -> None:
    line2 = ERIKSSON_2[:position] + wrong + ERIKSSON_2[position + 1 :]
    parsed = mrz.parse_td3(ERIKSSON_1, line2)
    assert parsed is not None and not parsed.valid
    assert not getattr(parsed, check).valid
    assert not parsed.composite.valid  # it covers every check digit too


def test_composite_check() -> None:
    parsed = mrz.parse_td3(SAITO_1, SAITO_2[:-1] + "9")
    assert parsed is not None
    assert not parsed.composite.valid
    assert parsed.number.valid and parsed.birth.valid and parsed.expiry.valid


def test_birth_century_and_expiry() -> None:
    today = dt.date(2026, 11, 20)
    assert mrz.birth_date("861107", today) == dt.date(1986, 11, 7)
    assert mrz.birth_date("000101", today) == dt.date(2000, 1, 1)
    assert mrz.birth_date("301225", today) == dt.date(1930, 12, 25)
    assert mrz.birth_date("861307", today) is None
    assert mrz.expiry_date("320616") == dt.date(2032, 6, 16)


def test_letters_in_a_date_are_repaired_when_the_check_then_holds() -> None:
    field = mrz.check_field("86II07", "9", "NNNNNN", offset=13, check_position=19)
    assert field.valid and field.value == "861107"
    assert [(r.position, r.read, r.repaired) for r in field.repairs] == [
        (15, "I", "1"),
        (16, "I", "1"),
    ]


def test_no_repair_when_the_check_still_fails() -> None:
    field = mrz.check_field("86II08", "9", "NNNNNN")
    assert not field.valid
    assert field.value == "86II08"  # as read: nothing repaired without a check that holds
    assert field.repairs == ()


def test_check_digit_read_as_a_letter() -> None:
    field = mrz.check_field("861107", "g".upper(), "NNNNNN", check_position=19)
    assert not field.valid  # G reads as 6, and 6 is not the check of 861107
    field = mrz.check_field("861107", "Q", "NNNNNN", check_position=19)
    assert not field.valid
    field = mrz.check_field("740812", "Z", "NNNNNN", check_position=19)
    assert field.valid and field.check == "2"
    assert field.repairs == (mrz.Repair(2, 19, "Z", "2"),)


def test_one_swap_in_an_alphanumeric_number() -> None:
    field = mrz.check_field("L8989O2C3", "6", "X" * 9)
    assert field.valid and field.value == "L898902C3"
    assert field.repairs == (mrz.Repair(2, 5, "O", "0"),)


def test_a_repair_that_validates_two_ways_is_refused() -> None:
    # With check digit 7 two different single swaps of L898902C3 would each validate.
    field = mrz.check_field("L898902C3", "7", "X" * 9)
    assert field.ambiguous and not field.valid
    assert field.value == "L898902C3" and field.repairs == ()


def test_japanese_number_shape_is_positional() -> None:
    # 2 letters + 7 digits (JAPAN.md §1.3): a 5 among the letters is an S, an O among
    # the digits a 0, and the check digit confirms both.
    line2 = "T54888O6O7JPN8611079F3206168<<<<<<<<<<<<<<08"
    parsed = mrz.parse_td3(SAITO_1, line2)
    assert parsed is not None and parsed.valid
    assert parsed.document_number == "TS4888060"
    assert {(r.position, r.read, r.repaired) for r in parsed.repairs} == {
        (1, "5", "S"),
        (6, "O", "0"),
        (8, "O", "0"),
    }


def test_miscounted_filler_run_in_line_2() -> None:
    for line2 in (SAITO_2[:30] + SAITO_2[31:], SAITO_2[:30] + "<" + SAITO_2[30:]):
        parsed = mrz.parse_td3(SAITO_1, line2)
        assert parsed is not None and parsed.valid
        assert parsed.line2 == SAITO_2


def test_line_2_one_glyph_off() -> None:
    # A speck read as Q between the two last check digits (the glare variant), a 0 read
    # twice in a run of zeros: one deletion makes every check hold.
    for line2, position in (
        (SAITO_2[:43] + "Q" + SAITO_2[43:], 43),
        (SAITO_2[:6] + "0" + SAITO_2[6:], 6),
    ):
        parsed = mrz.parse_td3(SAITO_1, line2)
        assert parsed is not None and parsed.valid
        assert parsed.line2 == SAITO_2
        assert [r.position for r in parsed.length_repairs] == [position]


def test_nationality_read_one_glyph_long() -> None:
    # "J" read as "I3" (measured on a fixture passport): deleting either glyph validates,
    # and the two differ only in the nationality, which no check digit covers.
    parsed = mrz.parse_td3(SAITO_1, SAITO_2[:10] + "I3PN" + SAITO_2[13:])
    assert parsed is not None and parsed.valid
    assert parsed.nationality == "IPN"  # nearest to the issuing state, not "3PN"
    assert parsed.number.value == "TS4888060"


def test_line_2_one_glyph_off_without_a_unique_fix_is_not_valid() -> None:
    # A dropped digit: no filler insertion makes the checks hold.
    parsed = mrz.parse_td3(SAITO_1, SAITO_2[:2] + SAITO_2[3:])
    assert parsed is None or not parsed.valid
    # A filler dropped after the personal number: putting it back validates, but so does
    # a filler inside the number (ZE18<4226B), so neither is chosen.
    assert mrz.parse_td3(ERIKSSON_1, ERIKSSON_2[:38] + ERIKSSON_2[39:]) is None


def test_names_split_on_double_filler_whatever_the_filler_count() -> None:
    parsed = mrz.parse_td3("P<JPNSAITO<<HANAKO<<<<<<<<<<<<KK<<<", SAITO_2)
    assert parsed is not None and parsed.name == "SAITO HANAKO"


def test_digits_in_a_name_become_letters_and_are_reported() -> None:
    parsed = mrz.parse_td3("P<JPNSA1TO<<HANAK0<<<<<<<<<<<<<<<<<<<<<<<<<<", SAITO_2)
    assert parsed is not None and parsed.name == "SAITO HANAKO"
    assert parsed.name_repairs == (mrz.Repair(1, 7, "1", "I"), mrz.Repair(1, 17, "0", "O"))


def test_jpn_filler_misreads_are_normalised() -> None:
    assert mrz.normalize_line("P<JPNSAITO<<HANAKO<こ<そご") == "P<JPNSAITO<<HANAKO<<<<<"
    assert mrz.normalize_line("ts4888 0607") == "TS48880607"


@pytest.mark.parametrize(
    ("line1", "line2"),
    [
        ("IDJPNSAITO<<HANAKO", SAITO_2),  # not a passport
        (SAITO_1, "TS48880607JPN8611079F32"),  # line 2 cut short
        (SAITO_1, "発行年月日/Date of issue"),
    ],
)
def test_not_a_td3(line1: str, line2: str) -> None:
    assert mrz.parse_td3(line1, line2) is None


def test_find_td3_among_lines() -> None:
    texts = ["MINISTRY OF FOREIGN AFFAIRS", "16 JUN 2032", SAITO_1, SAITO_2]
    found = mrz.find_td3(texts)
    assert found is not None and found[0] == 2 and found[1].valid
    assert mrz.find_td3(texts[:2]) is None


# --- the passport extractor, on lines as the OCR and mrz stages give them -------------------


def _line(text: str, bbox: BBox, conf: float = 0.9) -> Line:
    return Line(0, text, (Word(0, text, conf, bbox),), ((0, len(text)),), bbox, conf)


def _page(line1: str = SAITO_1, line2: str = SAITO_2, **overrides: str) -> list[Line]:
    """The fixture layout (passport_001): labels over values, MRZ at the bottom."""
    values = {
        "number": "TS4888060",
        "surname": "SAITO",
        "given": "HANAKO",
        "birth": "07 NOV 1986",
        "issue": "16 JUN 2022",
        "expiry": "16 JUN 2032",
        "authority": "MINISTRY OF FOREIGN AFFAIRS",
        **overrides,
    }
    return [
        _line("旅券番号/Passport No.", (897, 116, 144, 15)),
        _line(values["number"], (897, 147, 206, 25)),
        _line("姓/Surname", (449, 192, 80, 15)),
        _line(values["surname"], (450, 223, 115, 25)),
        _line("名/Given name", (449, 269, 99, 13)),
        _line(values["given"], (451, 299, 160, 25)),
        _line("生年月日/Date of birth", (852, 339, 147, 28)),
        _line(values["birth"], (852, 374, 190, 24)),
        _line("発行官庁/Authority", (853, 491, 125, 28)),
        _line("発行年月日/Date of issue", (450, 497, 162, 14)),
        _line(values["authority"], (853, 520, 407, 37)),
        _line(values["issue"], (450, 527, 186, 23)),
        _line("有効期間満了日/Date of expiry", (449, 568, 200, 26)),
        _line(values["expiry"], (450, 603, 186, 24)),
        _line(line1, (78, 802, 1247, 44)),
        _line(line2, (75, 893, 1245, 33)),
    ]


EXPECTED = {
    "name": "SAITO HANAKO",
    "name_latin": "SAITO HANAKO",
    "document_number": "TS4888060",
    "birth_date": "1986-11-07",
    "issue_date": "2022-06-16",
    "expiry_date": "2032-06-16",
    "issuer": "MINISTRY OF FOREIGN AFFAIRS",
}


def test_extractor_reads_every_field_and_trusts_checked_ones() -> None:
    fields = passport_fields(_page())
    assert {k: f.value for k, f in fields.items()} == EXPECTED
    for key in ("name", "document_number", "birth_date", "expiry_date"):
        assert fields[key].confidence == CHECKED_CONFIDENCE
    # An agreeing value is boxed where the visual zone prints it.
    assert fields["birth_date"].bbox == (852, 374, 190, 24)


def test_unlabelled_visual_zone_is_matched_through_the_mrz() -> None:
    lines = [ln for ln in _page() if "/" not in ln.text]
    fields = passport_fields(lines)
    assert {k: f.value for k, f in fields.items()} == EXPECTED
    assert fields["name"].confidence == CHECKED_CONFIDENCE


def test_failed_check_digit_lowers_confidence_not_the_value() -> None:
    line2 = SAITO_2[:19] + "8" + SAITO_2[20:]  # birth check digit misread
    fields = passport_fields(_page(line2=line2))
    assert fields["birth_date"].value == "1986-11-07"
    assert fields["birth_date"].confidence == pytest.approx(0.9 * FAILED_CHECK_FACTOR)
    # The composite covers every check digit, so nothing else is trusted either.
    assert fields["document_number"].confidence < 0.5


def test_visual_zone_disagreeing_lowers_confidence() -> None:
    fields = passport_fields(_page(expiry="16 JUN 2027", surname="SATO"))
    assert fields["expiry_date"].value == "2032-06-16"
    assert fields["expiry_date"].confidence < 0.5
    assert fields["name"].value == "SAITO HANAKO"
    assert fields["name"].confidence < 0.5
    assert fields["birth_date"].confidence == CHECKED_CONFIDENCE


def test_name_without_visual_confirmation_is_not_trusted() -> None:
    lines = [ln for ln in _page() if ln.text not in ("SAITO", "HANAKO")]
    assert passport_fields(lines)["name"].confidence < 0.5


def test_misread_authority_is_the_ministry() -> None:
    fields = passport_fields(_page(authority="MINISTRY OF FOREIGN AFFAlRS"))
    assert fields["issuer"].value == "MINISTRY OF FOREIGN AFFAIRS"
    assert fields["issuer"].confidence < 0.9


@pytest.mark.parametrize(
    "authority",
    ["EMBASSY OF JAPAN IN THE UNITED STATES OF AMERICA", "CONSULATE-GENERAL OF JAPAN IN NEW YORK"],
)
def test_other_authorities_are_kept_as_printed(authority: str) -> None:
    fields = passport_fields(_page(authority=authority))
    assert fields["issuer"].value == authority


def test_stray_marks_inside_the_ministry_name() -> None:
    fields = passport_fields(_page(authority="HTT MINISTRY (Me OF FOREIGN AFFAIRS"))
    assert fields["issuer"].value == "MINISTRY OF FOREIGN AFFAIRS"


def test_without_mrz_the_visual_zone_is_read() -> None:
    lines = _page()[:-2]
    fields = passport_fields(lines)
    assert {k: f.value for k, f in fields.items()} == EXPECTED
