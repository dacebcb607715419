"""Who holds the identity cards beyond the licence, and what their cards say.

Dates are placed by hand around the reference date 2026-11-20 so every validity
outcome is certain (a year or more from the boundary where it matters); names,
birthdays, block numbers and card numbers come from seeded generators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from docextract.text.dates import add_months
from docextract.text.numbers import mynumber_check_digit
from docextract.text.romaji import kana_to_hepburn

from .corpus import SUBMITTED_ON
from .licence import licence_number
from .mrz import Td3, td3
from .people import Address, ForeignFactory, Person, PersonFactory, Place, place

RBB_STATUTE_END = dt.date(2025, 12, 28)
"""No 住基カード is valid after this day, whatever it prints (CONTRACT §2)."""
DHC_CUTOFF = dt.date(2012, 4, 1)
"""Driving-history certificates issued before this are not identity documents."""

_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


@dataclass(frozen=True)
class Entry:
    """A later address written on the back (備考, 追記欄, 住居地記載欄) with its stamp."""

    date: dt.date
    address: Address
    stamp: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    """One identity (or notification) document: what is printed and what it proves."""

    key: str
    doc_type: str
    person: Person
    female: bool
    seed: int
    address: Address | None = None
    issue: dt.date | None = None
    expiry: dt.date | None = None
    number: str = ""
    issuer: str = ""
    entries: tuple[Entry, ...] = ()
    details: dict[str, str] = field(default_factory=dict)
    """Type-specific printed items (在留資格, 本籍, 取消年月日…)."""
    mrz: Td3 | None = None

    @property
    def current_address(self) -> Address | None:
        """The latest back entry supersedes the front address (JAPAN.md §1.1, §1.5)."""
        return self.entries[-1].address if self.entries else self.address

    @property
    def valid(self) -> bool:
        """Accepted as identity on SUBMITTED_ON: printed expiry and statutes (CONTRACT §2)."""
        if self.doc_type in ("my_number_notification_card", "individual_number_notice"):
            return False
        if self.doc_type == "basic_resident_register_card":
            return False  # every 住基カード ended on RBB_STATUTE_END at the latest
        if self.doc_type == "driving_history_certificate":
            return self.issue is not None and self.issue >= DHC_CUTOFF
        return self.expiry is not None and self.expiry >= SUBMITTED_ON


def _day(rng: np.random.Generator, year: int, months: tuple[int, int]) -> dt.date:
    # Day ≤ 28: birthdays and "+N years" stay well defined in every month.
    return dt.date(year, int(rng.integers(months[0], months[1] + 1)), int(rng.integers(1, 29)))


def _birth(rng: np.random.Generator, years: tuple[int, int], months: tuple[int, int]) -> dt.date:
    return _day(rng, int(rng.integers(years[0], years[1] + 1)), months)


def _address(rng: np.random.Generator, p: Place, building: str = "") -> Address:
    # 丁目 1–2 exist in every fixture town; 番 and 号 are invented.
    return Address(
        p, int(rng.integers(1, 3)), int(rng.integers(1, 21)), int(rng.integers(1, 21)), building
    )


def _digits(rng: np.random.Generator, n: int) -> str:
    return "".join(str(int(d)) for d in rng.integers(0, 10, n))


def _letters(rng: np.random.Generator, n: int) -> str:
    return "".join(_LETTERS[int(i)] for i in rng.integers(0, len(_LETTERS), n))


def mynumber(rng: np.random.Generator) -> str:
    """11 random digits (first non-zero) plus the mod-11 check digit (JAPAN.md §1.7)."""
    payload = str(int(rng.integers(1, 10))) + _digits(rng, 10)
    return payload + str(mynumber_check_digit(payload))


def nth_birthday_after(birth: dt.date, issue: dt.date, n: int) -> dt.date:
    """The ``n``-th birthday strictly after ``issue`` (My Number / SPR validity)."""
    first = birth.replace(year=issue.year)
    if first <= issue:
        first = first.replace(year=issue.year + 1)
    return first.replace(year=first.year + n - 1)


def _driving_history(people: PersonFactory, seed: int) -> tuple[Card, Card]:
    rng = np.random.default_rng(seed)
    # 001: 仙台, cancelled and issued in 令和元年 (元年 printed), later moved: valid.
    birth = _birth(rng, (1946, 1952), (1, 12))
    person = people.person(birth, female=True)
    cancel = _day(rng, 2019, (6, 10))
    issue = cancel + dt.timedelta(days=int(rng.integers(7, 21)))
    first = _day(rng, birth.year + int(rng.integers(19, 24)), (1, 12))
    valid = Card(
        "001",
        "driving_history_certificate",
        person,
        True,
        seed,
        address=_address(rng, place("一番町", "仙台市青葉区")),
        issue=issue,
        number=licence_number("22", first.year, int(rng.integers(0, 10**6))),
        issuer="宮城県公安委員会",
        entries=(
            Entry(
                _day(rng, 2023, (3, 9)),
                _address(rng, place("榴岡", "仙台市宮城野区")),
                ("仙台東", "警察署"),
            ),
        ),
        details={
            "cancelled": cancel.isoformat(),
            "first_licensed": first.isoformat(),
            "categories": "普通",
            "inquiry": f"{int(rng.integers(0, 10**5)):05d}",
        },
    )
    # 002: 広島, issued 平成23年 (before 2012-04-01): not an identity document.
    birth = _birth(rng, (1937, 1943), (1, 12))
    person = people.person(birth, female=False)
    cancel = _day(rng, 2011, (3, 9))
    issue = cancel + dt.timedelta(days=int(rng.integers(7, 21)))
    first = _day(rng, birth.year + int(rng.integers(18, 22)), (1, 12))
    old = Card(
        "002",
        "driving_history_certificate",
        person,
        False,
        seed + 1,
        address=_address(rng, place("紙屋町", "広島市中区")),
        issue=issue,
        number=licence_number("73", first.year, int(rng.integers(0, 10**6))),
        issuer="広島県公安委員会",
        details={
            "cancelled": cancel.isoformat(),
            "first_licensed": first.isoformat(),
            "categories": "普通 普自二",
            "inquiry": f"{int(rng.integers(0, 10**5)):05d}",
        },
    )
    return valid, old


_DOMICILES = ("TOKYO", "HOKKAIDO", "OSAKA", "FUKUOKA", "MIYAGI", "OKINAWA", "KANAGAWA")


def _passport(
    key: str,
    person: Person,
    female: bool,
    issue: dt.date,
    years: int,
    rng: np.random.Generator,
    seed: int,
) -> Card:
    # 10-year passports start with T, 5-year ones with M (JAPAN.md §1.3).
    number = ("T" if years == 10 else "M") + _letters(rng, 1) + _digits(rng, 7)
    expiry = issue.replace(year=issue.year + years)
    surname, given = kana_to_hepburn(person.family_kana), kana_to_hepburn(person.given_kana)
    latin = Person(
        person.family, person.given, person.family_kana, person.given_kana, surname, given,
        person.birth,
    )  # fmt: skip
    sex = "F" if female else "M"
    return Card(
        key,
        "passport",
        latin,
        female,
        seed,
        issue=issue,
        expiry=expiry,
        number=number,
        issuer="MINISTRY OF FOREIGN AFFAIRS",
        details={
            "sex": sex,
            "domicile": _DOMICILES[int(rng.integers(len(_DOMICILES)))],
        },
        mrz=td3(surname, given, number, person.birth, sex, expiry),
    )


def _passports(people: PersonFactory, seed: int) -> tuple[Card, Card]:
    rng = np.random.default_rng(seed)
    birth = _birth(rng, (1984, 1994), (1, 12))
    valid = _passport(
        "001", people.person(birth, female=True), True, _day(rng, 2022, (3, 9)), 10, rng, seed
    )
    birth = _birth(rng, (1970, 1980), (1, 12))
    expired = _passport(
        "002", people.person(birth, female=False), False, _day(rng, 2021, (3, 6)), 5, rng, seed + 1
    )
    return valid, expired


def _resident_register(people: PersonFactory, seed: int) -> tuple[Card, Card]:
    rng = np.random.default_rng(seed)
    # 001: 京都, issued 平成25年, printed 平成35年 expiry (= 2023), moved in 平成30年.
    birth = _birth(rng, (1955, 1965), (1, 12))
    person = people.person(birth, female=True)
    issue = _day(rng, 2013, (2, 11))
    old = Card(
        "001",
        "basic_resident_register_card",
        person,
        True,
        seed,
        address=_address(rng, place("深草西浦町", "京都市伏見区")),
        issue=issue,
        expiry=issue.replace(year=issue.year + 10),
        issuer="京都市長",
        entries=(
            Entry(
                _day(rng, 2018, (4, 10)),
                _address(rng, place("深草西浦町", "京都市伏見区")),
                ("伏見", "区長"),
            ),
        ),
    )
    # 002: 福岡, printed expiry 平成39年 (= 2027), still ahead of the reference date:
    # only the 2025-12-28 statute makes it invalid.
    birth = _birth(rng, (1975, 1985), (1, 12))
    person = people.person(birth, female=False)
    issue = _day(rng, 2015, (9, 12))
    statute = Card(
        "002",
        "basic_resident_register_card",
        person,
        False,
        seed + 1,
        address=_address(rng, place("天神", "福岡市中央区")),
        issue=issue,
        expiry=issue.replace(year=2027),
        issuer="福岡市長",
    )
    return old, statute


def _residence_number(rng: np.random.Generator) -> str:
    return _letters(rng, 2) + _digits(rng, 8) + _letters(rng, 2)


def _residence_cards(foreign: ForeignFactory, seed: int) -> tuple[Card, Card]:
    rng = np.random.default_rng(seed)
    # 001: Vietnamese engineer in 福岡, 5-year stay to 2028, moved within 福岡市 in 2025.
    birth = _birth(rng, (1994, 1999), (1, 12))
    issue = _day(rng, 2023, (3, 9))
    valid = Card(
        "001",
        "residence_card",
        foreign.person("vi_VN", birth, female=False),
        False,
        seed,
        address=_address(rng, place("天神", "福岡市中央区")),
        issue=issue,
        expiry=issue.replace(year=issue.year + 5),
        number=_residence_number(rng),
        issuer="法務大臣",
        entries=(
            Entry(
                _day(rng, 2025, (4, 10)),
                _address(rng, place("博多駅前", "福岡市博多区"), "グランメゾン博多305"),
                ("博多", "区長"),
            ),
        ),
        details={
            "status": "技術・人文知識・国際業務",
            "work": "在留資格に基づく就労活動のみ可",
            "period": "5年",
            "permission": "在留期間更新許可（福岡出入国在留管理局長）",
        },
    )
    # 002: American student in 札幌, 2 years 3 months from mid-2024: expired in 2026-09.
    birth = _birth(rng, (2001, 2004), (1, 12))
    issue = _day(rng, 2024, (6, 6))
    expired = Card(
        "002",
        "residence_card",
        foreign.person("en_US", birth, female=True),
        True,
        seed + 1,
        address=_address(rng, place("北一条西", "札幌市中央区")),
        issue=issue,
        expiry=add_months(issue, 27),
        number=_residence_number(rng),
        issuer="法務大臣",
        details={
            "status": "留学",
            "work": "就労不可",
            "period": "2年3月",
            "permission": "在留期間更新許可（札幌出入国在留管理局長）",
            "extra_activity": "許可：原則週28時間以内・風俗営業等の従事を除く",
        },
    )
    return valid, expired


def _special_permanent(foreign: ForeignFactory, seed: int) -> tuple[Card, Card]:
    rng = np.random.default_rng(seed)
    # 001: kanji-only name, 大阪, renewed 2024 (valid to the 7th birthday), moved in 2025.
    birth = _birth(rng, (1960, 1975), (1, 12))
    issue = _day(rng, 2024, (2, 10))
    valid = Card(
        "001",
        "special_permanent_resident_certificate",
        foreign.korean(birth, female=False, latin=False),
        False,
        seed,
        address=_address(rng, place("梅田", "大阪市北区")),
        issue=issue,
        expiry=nth_birthday_after(birth, issue, 7),
        number=_residence_number(rng),
        issuer="法務大臣",
        entries=(
            Entry(
                _day(rng, 2025, (5, 11)),
                _address(rng, place("本町", "大阪市中央区")),
                ("中央", "区長"),
            ),
        ),
    )
    # 002: Latin name with kanji, 東京, issued 2019, 7th birthday (Feb–Sep 2026) passed.
    birth = _birth(rng, (1950, 1965), (2, 9))
    issue = _day(rng, 2019, (birth.month + 1, 12))
    expired = Card(
        "002",
        "special_permanent_resident_certificate",
        foreign.korean(birth, female=True, latin=True),
        True,
        seed + 1,
        address=_address(rng, place("太子堂", "世田谷区")),
        issue=issue,
        expiry=nth_birthday_after(birth, issue, 7),
        number=_residence_number(rng),
        issuer="法務大臣",
    )
    return valid, expired


def _my_number_cards(people: PersonFactory, seed: int) -> tuple[Card, Card]:
    rng = np.random.default_rng(seed)
    # 001: born in 平成元年, 札幌, issued 2023: dual-calendar expiry in 2033.
    birth = _birth(rng, (1989, 1989), (2, 12))
    issue = _day(rng, 2023, (1, 12))
    valid = Card(
        "001",
        "my_number_card",
        people.person(birth, female=True),
        True,
        seed,
        address=_address(rng, place("北一条西", "札幌市中央区"), "北一条西レジデンス1102"),
        issue=issue,
        expiry=nth_birthday_after(birth, issue, 10),
        number=mynumber(rng),
        issuer="札幌市長",
        details={"security_code": _digits(rng, 4), "expiry_style": "dual"},
    )
    # 002: 那覇, issued early 2016, 10th birthday after issue in mid-2025: expired.
    birth = _birth(rng, (1976, 1982), (4, 8))
    issue = _day(rng, 2016, (1, 3))
    expired = Card(
        "002",
        "my_number_card",
        people.person(birth, female=False),
        False,
        seed + 1,
        address=_address(rng, place("久茂地", "那覇市")),
        issue=issue,
        expiry=nth_birthday_after(birth, issue, 10),
        number=mynumber(rng),
        issuer="那覇市長",
        details={"security_code": _digits(rng, 4), "expiry_style": "western"},
    )
    return valid, expired


def _notifications(people: PersonFactory, seed: int) -> tuple[Card, Card]:
    rng = np.random.default_rng(seed)
    birth = _birth(rng, (1968, 1980), (1, 12))
    card = Card(
        "001",
        "my_number_notification_card",
        people.person(birth, female=True),
        True,
        seed,
        address=_address(rng, place("八幡", "市川市")),
        issue=_day(rng, 2015, (10, 11)),
        number=mynumber(rng),
        issuer="市川市長",
    )
    birth = _birth(rng, (1990, 1998), (1, 12))
    notice = Card(
        "001",
        "individual_number_notice",
        people.person(birth, female=False),
        False,
        seed + 1,
        issue=_day(rng, 2021, (4, 10)),
        number=mynumber(rng),
        issuer="広島市長",
    )
    return card, notice


def build_cast(people: PersonFactory, seed: int) -> list[Card]:
    """Every card, in a fixed order: ``people`` is drawn from ten times, always the same way."""
    foreign = ForeignFactory(seed + 50)
    return [
        *_driving_history(people, seed + 100),
        *_passports(people, seed + 200),
        *_resident_register(people, seed + 300),
        *_residence_cards(foreign, seed + 400),
        *_special_permanent(foreign, seed + 500),
        *_my_number_cards(people, seed + 600),
        *_notifications(people, seed + 700),
    ]
