"""Invented people and the many ways one address gets written.

Places are real municipality/town names with their real postal codes (public
geography, needed so address normalisers and postal lookups behave as in
production); block numbers and everything personal are random.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Literal

from faker import Faker


@dataclass(frozen=True)
class Place:
    pref: str
    city: str
    town: str
    postal: str
    designated: bool = False
    """政令指定都市: licences print the address without the prefecture (JAPAN.md §1.1)."""
    town_alias: str = ""
    """An accepted alternative spelling (霞が関 / 霞ヶ関) used in profiles."""


PLACES: dict[str, Place] = {
    p.town + "@" + p.city: p
    for p in (
        Place("東京都", "千代田区", "霞が関", "100-0013", town_alias="霞ヶ関"),
        Place("東京都", "世田谷区", "太子堂", "154-0004"),
        Place("大阪府", "大阪市北区", "梅田", "530-0001", designated=True),
        Place("大阪府", "大阪市中央区", "本町", "541-0053", designated=True),
        Place("神奈川県", "川崎市中原区", "小杉町", "211-0063", designated=True),
        Place("愛知県", "名古屋市中区", "栄", "460-0008", designated=True),
        Place("愛知県", "名古屋市中区", "丸の内", "460-0002", designated=True),
        Place("埼玉県", "さいたま市浦和区", "高砂", "330-0063", designated=True),
        Place("千葉県", "船橋市", "本町", "273-0005"),
        Place("千葉県", "市川市", "八幡", "272-0021"),
        Place("千葉県", "千葉市中央区", "富士見", "260-0015", designated=True),
    )
}


def place(town: str, city: str) -> Place:
    return PLACES[town + "@" + city]


_KANJI_DIGITS = "〇一二三四五六七八九"
_FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")

Block = Literal["kanji_chome", "arabic_chome", "hyphen"]


@dataclass(frozen=True)
class Address:
    place: Place
    chome: int
    ban: int
    go: int
    building: str = ""

    def render(
        self,
        block: Block = "kanji_chome",
        *,
        pref: bool = True,
        fullwidth: bool = False,
        alias: bool = False,
        building_sep: str = "\u3000",
    ) -> str:
        """Write the address the way a given document or applicant would.

        ``kanji_chome`` is the official 霞が関二丁目1番2号, ``arabic_chome`` the
        common 2丁目1番2号, ``hyphen`` the user-input 2-1-2; ``fullwidth`` turns
        digits and hyphens full-width as many forms and printers do.
        """
        p = self.place
        town = p.town_alias if alias and p.town_alias else p.town
        if block == "kanji_chome":
            tail = f"{_KANJI_DIGITS[self.chome]}丁目{self.ban}番{self.go}号"
        elif block == "arabic_chome":
            tail = f"{self.chome}丁目{self.ban}番{self.go}号"
        else:
            tail = f"{self.chome}-{self.ban}-{self.go}"
        if fullwidth:
            tail = tail.translate(_FULLWIDTH)
        head = (p.pref if pref else "") + p.city + town
        building = building_sep + (
            self.building.translate(_FULLWIDTH) if fullwidth else self.building
        )
        return head + tail + (building if self.building else "")

    def on_licence(self, *, fullwidth: bool = True) -> str:
        """The printed licence form: prefecture dropped for 政令指定都市."""
        return self.render("kanji_chome", pref=not self.place.designated, fullwidth=fullwidth)


def fold(text: str) -> str:
    """Ground-truth form of printed text: NFKC plus whitespace folding (CONTRACT §3)."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True)
class Person:
    family: str
    given: str
    family_kana: str
    given_kana: str
    family_latin: str
    given_latin: str
    birth: dt.date

    @property
    def name(self) -> str:
        """Printed form: family and given name separated by an ideographic space."""
        return f"{self.family}\u3000{self.given}"

    @property
    def kana(self) -> str:
        return f"{self.family_kana} {self.given_kana}"

    @property
    def latin(self) -> str:
        return f"{self.family_latin.upper()} {self.given_latin.upper()}"


class PersonFactory:
    """Seeded faker ``ja_JP``: the same seed always yields the same people."""

    def __init__(self, seed: int) -> None:
        self.fake = Faker("ja_JP")
        self.fake.seed_instance(seed)

    def person(
        self,
        birth: dt.date,
        *,
        female: bool,
        family_contains: str = "",
    ) -> Person:
        family = self.fake.last_name_pair()
        # Bounded search so a missing kanji fails loudly instead of looping forever.
        for _ in range(5000):
            if family_contains in family[0]:
                break
            family = self.fake.last_name_pair()
        else:
            raise ValueError(f"faker has no family name containing {family_contains!r}")
        given = self.fake.first_name_female_pair() if female else self.fake.first_name_male_pair()
        return Person(family[0], given[0], family[1], given[1], family[2], given[2], birth)

    def other_person(self, like: Person, *, female: bool) -> Person:
        """A different invented name sharing ``like``'s birth date (name-mismatch cases)."""
        for _ in range(100):
            other = self.person(like.birth, female=female)
            if other.family != like.family and other.given != like.given:
                return other
        raise ValueError("faker keeps returning the same name")
