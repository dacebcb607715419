"""Check digits (My Number, driver's licence, MRZ) and My Number masking.

The My Number (個人番号) must not be stored (JAPAN.md §1.7), so everything that
can leave the engine goes through :func:`mask_mynumbers` first.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "dl_check_digit",
    "find_mynumbers",
    "is_valid_dl_number",
    "is_valid_mynumber",
    "mask_mynumbers",
    "mask_number",
    "mrz_check_digit",
    "mynumber_check_digit",
    "mynumber_spans",
]

_MYNUMBER_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_DL_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_MRZ_WEIGHTS = (7, 3, 1)

# Characters people and OCR put between digit groups; NFKC already turns the
# full-width forms into ASCII, the rest it leaves alone.
_SEPARATORS = " \t\u3000-‐‑‒–—―−－ー"
_SEPARATOR_RE = re.compile(f"[{re.escape(_SEPARATORS)}]")

# A 12-digit run, bare or printed in 4-4-4 groups ("1234 5678 9012"), that is not
# part of a longer digit run. Digit groups continuing after a separator are not
# excluded: over-masking a longer number is harmless, missing a My Number is not.
_DIGIT = "[0-9０-９]"
_GAP = f"[{re.escape(_SEPARATORS)}]{{1,2}}"
_TWELVE_DIGITS = re.compile(
    rf"(?<!{_DIGIT})"
    rf"(?:{_DIGIT}{{12}}|{_DIGIT}{{4}}{_GAP}{_DIGIT}{{4}}{_GAP}{_DIGIT}{{4}})"
    rf"(?!{_DIGIT})"
)
_MYNUMBER_LABEL = re.compile(r"個人番号|マイナンバー|individual\s*number", re.IGNORECASE)
# How far (in characters) a label may be from the number it labels: the card back
# puts the label just before the number, OCR may add a line break or a stray word.
_LABEL_WINDOW = 24


def _digits_only(s: str) -> str:
    """NFKC ``s`` and remove group separators; the rest is left for the caller to check."""
    return _SEPARATOR_RE.sub("", unicodedata.normalize("NFKC", s))


def _require_digits(s: str, length: int) -> None:
    if len(s) != length or not (s.isascii() and s.isdigit()):
        raise ValueError(f"expected {length} ASCII digits, got {s!r}")


def mynumber_check_digit(payload11: str) -> int:
    """Check digit of an 11-digit My Number payload (番号法施行令, JAPAN.md §1.7)."""
    _require_digits(payload11, 11)
    total = sum(int(ch) * w for ch, w in zip(payload11, _MYNUMBER_WEIGHTS, strict=True))
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid_mynumber(s: str) -> bool:
    """True if ``s`` is a 12-digit My Number with a correct check digit.

    Spaces, hyphens and full-width digits are accepted ("1234 5678 9012").
    """
    digits = _digits_only(s)
    if len(digits) != 12 or not (digits.isascii() and digits.isdigit()):
        return False
    return mynumber_check_digit(digits[:11]) == int(digits[11])


def _twelve_digit_runs(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TWELVE_DIGITS.finditer(text)]


def find_mynumbers(text: str) -> list[tuple[int, int]]:
    """Spans in ``text`` of 12-digit runs (bare or 4-4-4) whose check digit validates."""
    return [(a, b) for a, b in _twelve_digit_runs(text) if is_valid_mynumber(text[a:b])]


def _near_label(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - _LABEL_WINDOW) : start]
    after = text[end : end + _LABEL_WINDOW]
    return bool(_MYNUMBER_LABEL.search(before) or _MYNUMBER_LABEL.search(after))


def mask_number(s: str) -> str:
    """Mask all digits but the last four, dropping spacing: ``********9012``.

    Non-digit characters other than separators are kept in place. A number of
    four digits or fewer is masked entirely, since keeping "the last four" would
    reveal all of it.
    """
    compact = _digits_only(s)
    digit_count = sum(ch.isdigit() for ch in compact)
    keep_from = digit_count - 4 if digit_count > 4 else digit_count
    out: list[str] = []
    seen = 0
    for ch in compact:
        if ch.isdigit():
            out.append(ch if seen >= keep_from else "*")
            seen += 1
        else:
            out.append(ch)
    return "".join(out)


def mynumber_spans(text: str, *, context_labels: bool = True) -> list[tuple[int, int]]:
    """Spans of the My Numbers in ``text``: 12-digit runs that validate, or (with
    ``context_labels``) any 12-digit run near a 個人番号 / マイナンバー / Individual
    Number label: a misread My Number fails its check digit but is still one."""
    return [
        (start, end)
        for start, end in _twelve_digit_runs(text)
        if is_valid_mynumber(text[start:end]) or (context_labels and _near_label(text, start, end))
    ]


def mask_mynumbers(text: str, *, context_labels: bool = True) -> str:
    """``text`` with every My Number (:func:`mynumber_spans`) masked by :func:`mask_number`."""
    pieces: list[str] = []
    last = 0
    for start, end in mynumber_spans(text, context_labels=context_labels):
        pieces += [text[last:start], mask_number(text[start:end])]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def dl_check_digit(first10: str) -> int:
    """Check digit (11th digit) of a driver's-licence number (JAPAN.md §1.1).

    ``C = (11 - S mod 11) mod 10`` with weights 5,4,3,2,7,6,5,4,3,2. The outer
    ``mod 10`` folds remainder 0 (11) to 1 and remainder 1 (10) to 0, so the digit
    1 stands for two remainders. The formula is unofficial but consistent across
    independent sources (4598033587 → 2).
    """
    _require_digits(first10, 10)
    total = sum(int(ch) * w for ch, w in zip(first10, _DL_WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def is_valid_dl_number(s: str) -> bool:
    """True if ``s`` is a 12-digit licence number whose 11th digit is its check digit."""
    digits = _digits_only(s)
    if len(digits) != 12 or not (digits.isascii() and digits.isdigit()):
        return False
    return dl_check_digit(digits[:10]) == int(digits[10])


def _mrz_value(ch: str) -> int:
    if ch == "<":
        return 0
    if "0" <= ch <= "9":
        return ord(ch) - ord("0")
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    raise ValueError(f"not an MRZ character: {ch!r}")


def mrz_check_digit(s: str) -> int:
    """ICAO 9303 check digit: weights 7,3,1 repeating, ``<`` = 0, A-Z = 10..35, mod 10."""
    return sum(_mrz_value(ch) * _MRZ_WEIGHTS[i % 3] for i, ch in enumerate(s)) % 10
