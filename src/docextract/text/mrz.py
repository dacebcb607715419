"""The passport machine-readable zone (ICAO 9303 TD3, 2 x 44 characters): find, parse, check.

Every field of line 2 that carries a check digit is validated (document number, birth
date, expiry date, personal number, then the composite), see JAPAN.md §1.3. OCR of the
OCR-B font confuses a few letters and digits (O/0, I/1, B/8 ...); such a confusion is
repaired only where the check digit then validates, and only when exactly one repair
does: a field that two different repairs would make valid is left as read, invalid.
Every repair made is returned, so a caller can show it and weigh it.

Line 1 (type, issuing state, names) has no check digit. Digits in the name field can
only be misread letters and are mapped back, but such a name is unverified until the
visual zone confirms it (the passport extractor does that).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from docextract.text.numbers import mrz_check_digit

__all__ = [
    "LINE_LENGTH",
    "TD3",
    "CheckedField",
    "Repair",
    "birth_date",
    "check_field",
    "expiry_date",
    "find_td3",
    "normalize_line",
    "parse_names",
    "parse_td3",
]

LINE_LENGTH = 44
FILLER = "<"

# The letter/digit pairs OCR-B is misread as (ICAO 9303-3 designs OCR-B so that only
# such look-alikes are close). D and Q for 0 were measured on real specimen photos
# (tests/test_passport.py data): Tesseract eng reads the narrow OCR-B zero that way.
_DIGIT_FOR_LETTER = {
    "O": "0",
    "Q": "0",
    "D": "0",
    "I": "1",
    "L": "1",
    "Z": "2",
    "S": "5",
    "G": "6",
    "B": "8",
}
_LETTER_FOR_DIGIT = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"}
# Readings of the filler "<" by Tesseract: jpn turns runs into こ/そ/ご (JAPAN.md §6); the
# rest are look-alike angle brackets a text layer or NFKC may leave.
_FILLER_LOOKALIKES = str.maketrans(dict.fromkeys("こそごく«‹〈＜", FILLER))
_NOT_MRZ = re.compile(r"[^A-Z0-9<]")

# Document-number shapes by issuing state: A = letter, N = digit. Japan: 2 letters and
# 7 digits (JAPAN.md §1.3). Other states vary, so their numbers are alphanumeric (X).
NUMBER_FORMATS = {"JPN": "AANNNNNNN"}

# Kinds of a position: N digit, A letter, X letter, digit or filler, F taken as read.
_DIGITS6 = "NNNNNN"


@dataclass(frozen=True)
class Repair:
    """One character replaced: where (index in its line), what was read, what it became."""

    line: int
    position: int
    read: str
    repaired: str


@dataclass(frozen=True)
class CheckedField:
    """A line-2 field with its check digit: the value after any repair, and whether it holds.

    ``value`` is the field as read when it does not validate: nothing is repaired then.
    """

    value: str
    check: str
    valid: bool
    repairs: tuple[Repair, ...] = ()
    ambiguous: bool = False
    """Two or more repairs would each have validated: none was made."""


@dataclass(frozen=True)
class TD3:
    """A parsed passport MRZ; dates stay ``YYMMDD`` (see :func:`birth_date`)."""

    document_code: str
    issuing_state: str
    surname: str
    given_names: str
    name_repairs: tuple[Repair, ...]
    """Digits read in the name field and turned into letters: unverified (no check digit)."""
    number: CheckedField
    nationality: str
    birth: CheckedField
    sex: str
    expiry: CheckedField
    personal_number: CheckedField
    composite: CheckedField
    line1: str
    line2: str
    """The lines as parsed, repairs applied (line 2 always 44 characters)."""
    length_repairs: tuple[Repair, ...] = ()
    """A glyph deleted from, or a filler added to, a line 2 read one character off."""

    @property
    def checks(self) -> tuple[CheckedField, ...]:
        return (self.number, self.birth, self.expiry, self.personal_number, self.composite)

    @property
    def valid_checks(self) -> int:
        return sum(f.valid for f in self.checks)

    @property
    def valid(self) -> bool:
        return all(f.valid for f in self.checks)

    @property
    def repairs(self) -> tuple[Repair, ...]:
        checked = tuple(r for f in self.checks for r in f.repairs)
        return self.name_repairs + self.length_repairs + checked

    @property
    def document_number(self) -> str:
        return self.number.value.rstrip(FILLER)

    @property
    def name(self) -> str:
        """``SURNAME GIVEN NAMES`` as the report shows a passport name."""
        return " ".join(part for part in (self.surname, self.given_names) if part)


def normalize_line(text: str) -> str:
    """An OCR'd line as MRZ characters: NFKC, upper case, no spaces, fillers restored."""
    folded = unicodedata.normalize("NFKC", text).translate(_FILLER_LOOKALIKES).upper()
    return re.sub(r"\s", "", folded)


def _coerce(ch: str, kind: str) -> str | None:
    """``ch`` as the kind of its position demands, or None when no look-alike fits."""
    if ch == FILLER:
        return None if kind in "NA" else ch
    if kind == "N":
        return ch if ch.isdigit() else _DIGIT_FOR_LETTER.get(ch)
    if kind == "A":
        return ch if ch.isalpha() else _LETTER_FOR_DIGIT.get(ch)
    return ch


def _alternatives(ch: str, kind: str) -> tuple[str, ...]:
    """What else ``ch`` may have been printed as, at a position of this kind."""
    if kind != "X":
        return ()  # a digit-only or letter-only position has no look-alike in its kind
    other = _DIGIT_FOR_LETTER.get(ch) or _LETTER_FOR_DIGIT.get(ch)
    return (other,) if other else ()


def _check_holds(data: str, check: str, *, filler_check: bool) -> bool:
    if check == FILLER:
        # ICAO 9303-4: an optional-data field of fillers only may carry "<" as its check.
        return filler_check and set(data) <= {FILLER}
    return check.isdigit() and mrz_check_digit(data) == int(check)


def check_field(
    data: str,
    check: str,
    kinds: str,
    *,
    line: int = 2,
    offset: int = 0,
    check_position: int = 0,
    filler_check: bool = False,
) -> CheckedField:
    """Validate ``data`` against its ``check`` digit, repairing one OCR confusion if needed.

    ``kinds`` gives each character's kind (N digit, A letter, X letter, digit or filler,
    F taken as read).
    A letter where only a digit can stand (or the reverse) must be a look-alike and is
    mapped; then, if the check still fails, each single look-alike swap at an X position
    is tried. The repairs are kept only if the check then holds, and a swap only if no
    other single swap also makes it hold.
    """
    forced: list[Repair] = []
    chars = list(data)
    for i, (ch, kind) in enumerate(zip(data, kinds, strict=True)):
        fixed = _coerce(ch, kind)
        if fixed is None:
            return CheckedField(data, check, valid=False)
        if fixed != ch:
            chars[i] = fixed
            forced.append(Repair(line, offset + i, ch, fixed))
    digit = check if filler_check and check == FILLER else _coerce(check, "N")
    if digit is None:
        return CheckedField(data, check, valid=False)
    if digit != check:
        forced.append(Repair(line, check_position, check, digit))
    coerced = "".join(chars)
    if _check_holds(coerced, digit, filler_check=filler_check):
        return CheckedField(coerced, digit, valid=True, repairs=tuple(forced))
    swaps = [
        (i, alt)
        for i, (ch, kind) in enumerate(zip(coerced, kinds, strict=True))
        for alt in _alternatives(ch, kind)
        if _check_holds(coerced[:i] + alt + coerced[i + 1 :], digit, filler_check=filler_check)
    ]
    if len(swaps) != 1:
        return CheckedField(data, check, valid=False, ambiguous=len(swaps) > 1)
    i, alt = swaps[0]
    repaired = coerced[:i] + alt + coerced[i + 1 :]
    swap = Repair(line, offset + i, coerced[i], alt)
    return CheckedField(repaired, digit, valid=True, repairs=(*forced, swap))


def parse_names(line1: str) -> tuple[str, str, str, str, tuple[Repair, ...]]:
    """Document code, issuing state, surname and given names of line 1, and digit repairs.

    The filler count is unreliable in OCR (JAPAN.md §6: Tesseract drops or adds "<" in
    long runs, and reads some as K/S/E), so names are split on "<<" rather than by
    position, and whatever follows the given names is taken for filler.
    """
    code, state, names = line1[:2], line1[2:5], line1[5:]
    repairs = []
    letters = list(names)
    for i, ch in enumerate(names):
        if ch.isdigit():
            letters[i] = _LETTER_FOR_DIGIT.get(ch, ch)
            repairs.append(Repair(1, 5 + i, ch, letters[i]))
    surname, _, rest = "".join(letters).strip(FILLER).partition(FILLER * 2)
    given = rest.strip(FILLER).split(FILLER * 2)[0]
    return (
        code,
        state,
        surname.replace(FILLER, " ").strip(),
        given.replace(FILLER, " ").strip(),
        tuple(repairs),
    )


def _fit_line2(line2: str) -> str | None:
    """Line 2 at its 44 characters, or None.

    OCR miscounts long filler runs; the optional-data field (28-41) is all fillers on
    Japanese passports, and fillers weigh 0 in every check digit, so such a run is set
    back to its 14 characters without changing what any check digit covers.
    """
    if len(line2) == LINE_LENGTH:
        return line2
    middle = line2[28:-2]
    if len(line2) >= 30 and set(middle) <= {FILLER}:
        return line2[:28] + FILLER * 14 + line2[-2:]
    return None


def parse_td3(line1: str, line2: str) -> TD3 | None:
    """Parse both lines (as OCR gave them); None when they are not a TD3 passport MRZ."""
    line1, line2 = normalize_line(line1), normalize_line(line2)
    parsed = _parse(line1, line2)
    if (parsed is None or not parsed.valid) and abs(len(line2) - LINE_LENGTH) == 1:
        return _parse_off_by_one(line1, line2) or parsed
    return parsed


def _parse_off_by_one(line1: str, line2: str) -> TD3 | None:
    """Line 2 one glyph too long (a glyph read twice, a speck read as one) or one filler
    short: the single deletion or filler insertion after which every check holds with
    no other repair, if exactly one line does."""
    variants: dict[str, Repair] = {}
    for i in range(len(line2) + 1):
        if len(line2) > LINE_LENGTH and i < len(line2):
            text, repair = line2[:i] + line2[i + 1 :], Repair(2, i, line2[i], "")
        elif len(line2) < LINE_LENGTH:
            text, repair = line2[:i] + FILLER + line2[i:], Repair(2, i, "", FILLER)
        else:
            continue
        variants.setdefault(text, repair)  # in a run, the first glyph stands for all
    valid = [
        (parsed, repair)
        for text, repair in variants.items()
        if (parsed := _parse(line1, text)) is not None
        and parsed.valid
        and not any(f.repairs for f in parsed.checks)
    ]
    if len({_checked_values(parsed) for parsed, _ in valid}) != 1:
        return None  # none, or deletions that read different checked values: ambiguous
    # Variants that differ only in the nationality (covered by no check digit, e.g.
    # "J" read as "I3"): the one nearest the issuing state of line 1, letters preferred.
    parsed, repair = min(valid, key=lambda v: _nationality_distance(v[0]))
    return replace(parsed, length_repairs=(repair,))


def _checked_values(parsed: TD3) -> tuple[str, ...]:
    return tuple(f.value for f in parsed.checks)


def _nationality_distance(parsed: TD3) -> tuple[int, int]:
    a, b = parsed.nationality, parsed.issuing_state
    mismatches = sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))
    return mismatches, sum(not ch.isalpha() for ch in a)


def _parse(line1: str, line2: str) -> TD3 | None:
    fitted = _fit_line2(line2)
    if not line1.startswith("P") or len(line1) < 10 or fitted is None:
        return None
    if _NOT_MRZ.search(line1 + fitted):
        return None
    code, state, surname, given, name_repairs = parse_names(line1)
    kinds = NUMBER_FORMATS.get(state) or NUMBER_FORMATS.get(fitted[10:13]) or "X" * 9
    number = check_field(fitted[0:9], fitted[9], kinds, offset=0, check_position=9)
    birth = check_field(fitted[13:19], fitted[19], _DIGITS6, offset=13, check_position=19)
    expiry = check_field(fitted[21:27], fitted[27], _DIGITS6, offset=21, check_position=27)
    personal = check_field(
        fitted[28:42], fitted[42], "X" * 14, offset=28, check_position=42, filler_check=True
    )
    repaired = (
        number.value
        + number.check
        + fitted[10:13]
        + birth.value
        + birth.check
        + fitted[20]
        + expiry.value
        + expiry.check
        + personal.value
        + personal.check
    )
    composite_data = repaired[0:10] + repaired[13:20] + repaired[21:43]
    composite = check_field(
        composite_data, fitted[43], "F" * len(composite_data), check_position=43
    )
    return TD3(
        document_code=code,
        issuing_state=state,
        surname=surname,
        given_names=given,
        name_repairs=name_repairs,
        number=number,
        nationality=fitted[10:13],
        birth=birth,
        sex=fitted[20],
        expiry=expiry,
        personal_number=personal,
        composite=composite,
        line1=line1,
        line2=repaired + composite.check,
    )


def find_td3(texts: Sequence[str]) -> tuple[int, TD3] | None:
    """The consecutive pair of lines that parses as the MRZ with the most valid checks.

    Returns the index of line 1 in ``texts`` and the parse.
    """
    best: tuple[int, TD3] | None = None
    for i in range(len(texts) - 1):
        parsed = parse_td3(texts[i], texts[i + 1])
        if parsed is not None and (best is None or parsed.valid_checks > best[1].valid_checks):
            best = (i, parsed)
    return best


def _yymmdd(value: str, century: int) -> dt.date | None:
    if not (len(value) == 6 and value.isdigit()):
        return None
    try:
        return dt.date(century + int(value[:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        return None


def birth_date(value: str, today: dt.date) -> dt.date | None:
    """A ``YYMMDD`` birth date: the latest century that does not put it after ``today``."""
    recent = _yymmdd(value, 2000)
    if recent is not None and recent <= today:
        return recent
    return _yymmdd(value, 1900)


def expiry_date(value: str) -> dt.date | None:
    """A ``YYMMDD`` expiry date: passports run at most 10 years, so always 20YY here."""
    return _yymmdd(value, 2000)
