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

import numpy as np
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
        # Other prefectures, for the identity cards beyond the licence (idcards.py).
        Place("北海道", "札幌市中央区", "北一条西", "060-0001", designated=True),
        Place("宮城県", "仙台市青葉区", "一番町", "980-0811", designated=True),
        Place("宮城県", "仙台市宮城野区", "榴岡", "983-0852", designated=True),
        Place("京都府", "京都市伏見区", "深草西浦町", "612-0029", designated=True),
        Place("広島県", "広島市中区", "紙屋町", "730-0031", designated=True),
        Place("福岡県", "福岡市中央区", "天神", "810-0001", designated=True),
        Place("福岡県", "福岡市博多区", "博多駅前", "812-0011", designated=True),
        Place("沖縄県", "那覇市", "久茂地", "900-0015"),
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
    nationality: str = ""
    """国籍・地域 as a residence card prints it (ベトナム, 米国, 韓国); empty for Japanese."""
    kanji_name: str = ""
    """正字 kanji printed beside a foreign resident's Latin name, e.g. ``李 秀珍``."""

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


# Korean names in kanji with their usual passport romanisation, for 特別永住者 holders:
# faker's ko_KR only writes hangul, and the certificate prints kanji (JAPAN.md §1.6).
_KOREAN_FAMILY = (("金", "KIM"), ("李", "LEE"), ("朴", "PARK"), ("崔", "CHOI"), ("鄭", "JEONG"))
_KOREAN_GIVEN_MALE = (("英哲", "YOUNGCHUL"), ("成浩", "SUNGHO"), ("在勳", "JAEHOON"))
_KOREAN_GIVEN_FEMALE = (("秀珍", "SOOJIN"), ("美英", "MIYOUNG"), ("惠淑", "HYESOOK"))

# Latin-name locales for foreign residents and the 国籍・地域 a residence card prints.
FOREIGN_LOCALES: dict[str, str] = {"vi_VN": "ベトナム", "en_US": "米国", "zh_CN": "中国"}


def _ascii_upper(text: str) -> str:
    """Passport spelling of a faker name: diacritics dropped (Nguyễn → NGUYEN), upper case."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


class ForeignFactory:
    """Seeded foreign residents with Latin names, kept apart from :class:`PersonFactory`.

    Each locale has its own faker seeded from ``seed``, so adding a foreign resident never
    shifts the ``ja_JP`` draws that name the licence holders.
    """

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._fakers: dict[str, Faker] = {}
        self._rng = np.random.default_rng(seed)

    def _faker(self, locale: str) -> Faker:
        if locale not in self._fakers:
            fake = Faker(locale)
            fake.seed_instance(self.seed + sum(map(ord, locale)))
            self._fakers[locale] = fake
        return self._fakers[locale]

    def person(self, locale: str, birth: dt.date, *, female: bool) -> Person:
        """A resident named as the passport would print it (family name first, Latin)."""
        fake = self._faker(locale)
        if locale == "vi_VN":
            family = _ascii_upper(fake.last_name())
            first = fake.first_name_female() if female else fake.first_name_male()
            given = f"{_ascii_upper(fake.middle_name())} {_ascii_upper(first)}"
        elif locale == "zh_CN":
            family = fake.last_romanized_name().upper()
            given = fake.first_romanized_name().upper()
        else:
            family = fake.last_name().upper()
            given = (fake.first_name_female() if female else fake.first_name_male()).upper()
        return Person(
            family, given, "", "", family, given, birth, nationality=FOREIGN_LOCALES[locale]
        )

    def korean(self, birth: dt.date, *, female: bool, latin: bool) -> Person:
        """A 特別永住者 with a kanji name; ``latin`` prints the romanised name as the main one."""
        fam_k, fam_l = _KOREAN_FAMILY[int(self._rng.integers(len(_KOREAN_FAMILY)))]
        givens = _KOREAN_GIVEN_FEMALE if female else _KOREAN_GIVEN_MALE
        giv_k, giv_l = givens[int(self._rng.integers(len(givens)))]
        if latin:
            return Person(
                fam_l, giv_l, "", "", fam_l, giv_l, birth, "韓国", kanji_name=f"{fam_k} {giv_k}"
            )
        return Person(fam_k, giv_k, "", "", fam_l, giv_l, birth, "韓国")
