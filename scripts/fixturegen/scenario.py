"""The fixed cast: which invented people, licences and bills the fixtures contain.

Dates are chosen by hand around the reference date 2026-11-20 (the submissions'
``submitted_on``) so that validity outcomes are certain; everything else (names,
birthdays, block numbers, licence serials) is drawn from seeded generators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .bill import AddressStyle, Bill, DateStyle, Kind
from .corpus import SEED
from .draw import RGB
from .licence import PREF_CODES, BackEntry, Band, CardFonts, Licence, licence_expiry, licence_number
from .people import Address, Person, PersonFactory, Place, place


@dataclass(frozen=True)
class Move:
    """An address change recorded on the licence back."""

    date: dt.date
    place: Place
    stamp: tuple[str, ...]
    building: str = ""


@dataclass(frozen=True)
class LicencePlan:
    key: str
    place: Place
    female: bool
    birth_years: tuple[int, int]
    birth_months: tuple[int, int]
    band: Band
    term: int
    issue_year: int
    conditions: tuple[str, ...]
    categories: tuple[str, ...]
    fonts: CardFonts
    palette: tuple[RGB, RGB]
    heisei_expiry: bool = False
    moves: tuple[Move, ...] = ()
    family_contains: str = ""
    building: str = ""


PLANS: tuple[LicencePlan, ...] = (
    # Tokyo, gold 優良, dual expiry in 2028: the plain valid case.
    LicencePlan(
        "001",
        place("霞が関", "千代田区"),
        False,
        (1978, 1990),
        (3, 10),
        "gold",
        5,
        2023,
        ("眼鏡等",),
        ("普通",),
        CardFonts("ipam", "ipag", "ipag", 14, False, " "),
        ((240, 244, 232), (206, 222, 200)),
    ),
    # Osaka (designated city: no prefecture printed), blue, moved within 大阪市 later.
    LicencePlan(
        "002",
        place("梅田", "大阪市北区"),
        True,
        (1982, 1994),
        (1, 12),
        "blue",
        5,
        2022,
        ("眼鏡等", "中型車は中型車(8t)に限る"),
        ("中型", "普通"),
        CardFonts("noto_serif", "noto_sans", "noto_sans", 6, True, ""),
        ((236, 242, 246), (200, 214, 228)),
        moves=(
            Move(
                dt.date(2025, 3, 14),
                place("本町", "大阪市中央区"),
                ("東", "警察署"),
                "本町グランドタワー1205",
            ),
        ),
    ),
    # Kawasaki, green 新規 (3-year), family name printed 高 (profile writes 髙).
    LicencePlan(
        "003",
        place("小杉町", "川崎市中原区"),
        False,
        (1999, 2004),
        (1, 12),
        "green",
        3,
        2025,
        ("普通車はAT車に限る",),
        ("普通",),
        CardFonts("ipamp", "noto_sans", "noto_sans_bold", 0, False, ""),
        ((244, 240, 230), (224, 212, 192)),
        family_contains="高",
    ),
    # Nagoya, issued 平成26: wareki-only 平成31年 expiry, long expired.
    LicencePlan(
        "004",
        place("栄", "名古屋市中区"),
        True,
        (1962, 1972),
        (4, 9),
        "gold",
        5,
        2014,
        ("眼鏡等",),
        ("普通", "普自二"),
        CardFonts("ipam", "ipag", "ipam", 10, True, ""),
        ((238, 244, 238), (204, 224, 206)),
        heisei_expiry=True,
        moves=(Move(dt.date(2017, 8, 1), place("丸の内", "名古屋市中区"), ("中", "警察署")),),
    ),
    # Saitama, blue 3-year, dual expiry in 2026 before the reference date: expired.
    LicencePlan(
        "005",
        place("高砂", "さいたま市浦和区"),
        False,
        (1985, 1996),
        (2, 8),
        "blue",
        3,
        2023,
        ("眼鏡等", "準中型車は準中型車(5t)に限る"),
        ("準中型", "普通"),
        CardFonts("noto_serif", "ipag", "noto_sans", 4, False, " "),
        ((242, 238, 244), (218, 206, 226)),
    ),
    # Chiba, gold, two later moves on the back: the latest one is current.
    LicencePlan(
        "006",
        place("本町", "船橋市"),
        True,
        (1970, 1984),
        (1, 12),
        "gold",
        5,
        2024,
        (),
        ("大型", "中型", "普通", "大特"),
        CardFonts("ipam", "noto_sans", "noto_sans", 8, True, ""),
        ((246, 244, 234), (226, 220, 196)),
        moves=(
            Move(dt.date(2025, 2, 3), place("八幡", "市川市"), ("市川", "警察署")),
            Move(
                dt.date(2026, 6, 22),
                place("富士見", "千葉市中央区"),
                ("千葉中央", "警察署"),
                "富士見レジデンス803",
            ),
        ),
    ),
)


def _day(rng: np.random.Generator, year: int, months: tuple[int, int]) -> dt.date:
    # Day ≤ 28 keeps "birthday + 1 month" and "this year's birthday" well defined.
    return dt.date(year, int(rng.integers(months[0], months[1] + 1)), int(rng.integers(1, 29)))


def _address(rng: np.random.Generator, p: Place, building: str = "") -> Address:
    return Address(
        p, int(rng.integers(1, 3)), int(rng.integers(1, 21)), int(rng.integers(1, 21)), building
    )


def build_licence(plan: LicencePlan, people: PersonFactory, seed: int) -> Licence:
    rng = np.random.default_rng(seed)
    birth = _day(
        rng, int(rng.integers(plan.birth_years[0], plan.birth_years[1] + 1)), plan.birth_months
    )
    person: Person = people.person(birth, female=plan.female, family_contains=plan.family_contains)
    if plan.band == "green":
        issue = _day(rng, plan.issue_year, (6, 8))
        first = issue
    else:
        # Renewals happen within a month either side of the birthday.
        issue = birth.replace(year=plan.issue_year) + dt.timedelta(days=int(rng.integers(-30, 31)))
        first = _day(rng, birth.year + int(rng.integers(18, 23)), (1, 12))
    expiry = licence_expiry(birth, issue, plan.band, plan.term)
    number = licence_number(PREF_CODES[plan.place.pref], first.year, int(rng.integers(0, 10**6)))
    inquiry = f"{int(rng.integers(0, 10**5)):05d}"
    entries = tuple(
        BackEntry(m.date, _address(rng, m.place, m.building), m.stamp) for m in plan.moves
    )
    return Licence(
        key=plan.key,
        person=person,
        address=_address(rng, plan.place, plan.building),
        band=plan.band,
        issue=issue,
        expiry=expiry,
        heisei_expiry=plan.heisei_expiry,
        first_licensed=first,
        number=number,
        inquiry=inquiry,
        conditions=plan.conditions,
        categories=plan.categories,
        fonts=plan.fonts,
        palette=plan.palette,
        back_entries=entries,
        seed=seed,
    )


def build_licences(people: PersonFactory) -> dict[str, Licence]:
    return {p.key: build_licence(p, people, SEED + 100 * i) for i, p in enumerate(PLANS)}


@dataclass(frozen=True)
class BillPlan:
    key: str
    licence: str
    """Whose bill: the holder of this licence, at their current address."""
    kind: Kind
    title: str
    issuer: str
    issuer_lines: tuple[str, ...]
    address_style: AddressStyle
    period: tuple[dt.date, dt.date]
    issue_label: str
    issue_date: dt.date | None
    date_style: DateStyle


_KANTO_DENRYOKU = (
    "関東電力株式会社",
    (
        "〒105-0023 東京都港区芝浦一丁目9番9号",
        "カスタマーセンター 0120-000-123",
        "登録番号 T7010001000123",
    ),
)

BILL_PLANS: tuple[BillPlan, ...] = (
    BillPlan(
        "001",
        "001",
        "electric",
        "電気料金領収証",
        *_KANTO_DENRYOKU,
        AddressStyle("hyphen"),
        (dt.date(2026, 9, 10), dt.date(2026, 10, 8)),
        "発行日",
        dt.date(2026, 10, 15),
        "western",
    ),
    BillPlan(
        "002",
        "002",
        "gas",
        "ガス料金 領収書",
        "みなと瓦斯株式会社",
        ("〒552-0007 大阪府大阪市港区弁天二丁目4番1号", "お客さまセンター 0120-000-456"),
        AddressStyle("kanji_chome"),
        (dt.date(2026, 9, 12), dt.date(2026, 10, 10)),
        "領収日",
        dt.date(2026, 10, 20),
        "wareki",
    ),
    BillPlan(
        "003",
        "003",
        "water",
        "水道料金・下水道使用料 領収書",
        "川崎市上下水道局",
        ("〒210-0000 神奈川県川崎市川崎区宮前町3番地", "お客さまセンター 044-000-0789"),
        AddressStyle("arabic_chome", postal=False),
        (dt.date(2026, 8, 1), dt.date(2026, 9, 30)),
        "発行日",
        dt.date(2026, 10, 5),
        "wareki",
    ),
    # Same customer as 001, seven months earlier: older than the six-month window.
    BillPlan(
        "004",
        "001",
        "electric",
        "電気料金領収証",
        *_KANTO_DENRYOKU,
        AddressStyle("hyphen", fullwidth=True),
        (dt.date(2026, 3, 10), dt.date(2026, 4, 8)),
        "発行日",
        dt.date(2026, 4, 14),
        "western",
    ),
    # A usage notice that prints no issue date at all (only the usage period).
    BillPlan(
        "005",
        "006",
        "gas",
        "ガス料金のお知らせ",
        "房総ガス株式会社",
        ("〒260-0000 千葉県千葉市中央区中央港一丁目5番5号", "お客さま窓口 0120-000-789"),
        AddressStyle("hyphen"),
        (dt.date(2026, 9, 20), dt.date(2026, 10, 19)),
        "",
        None,
        "wareki",
    ),
    BillPlan(
        "006",
        "005",
        "water",
        "水道料金 領収書",
        "さいたま市水道局",
        ("〒330-0000 埼玉県さいたま市浦和区北浦和六丁目1番1号", "料金センター 048-000-0321"),
        AddressStyle("kanji_chome"),
        (dt.date(2026, 8, 15), dt.date(2026, 10, 14)),
        "発行日",
        dt.date(2026, 11, 2),
        "wareki",
    ),
)


def _items(kind: Kind, rng: np.random.Generator) -> tuple[tuple[tuple[str, int], ...], str]:
    """Plausible tariff lines for the kind of bill, and the printed usage."""
    if kind == "electric":
        kwh = int(rng.integers(180, 420))
        tier2 = max(kwh - 120, 0)
        return (
            (
                ("基本料金（30A）", 935),
                ("電力量料金 1段料金（120kWh）", round(120 * 29.80)),
                (f"電力量料金 2段料金（{tier2}kWh）", round(tier2 * 36.40)),
                ("燃料費調整額", round(kwh * float(rng.uniform(-2.5, -0.5)))),
                ("再エネ発電賦課金", round(kwh * 3.98)),
            ),
            f"{kwh}kWh",
        )
    m3 = int(rng.integers(12, 45))
    if kind == "gas":
        return ((("基本料金", 1056), (f"従量料金（{m3}m³）", round(m3 * 145.31))), f"{m3}m³")
    return (
        (
            ("水道料金 基本料金", 1738),
            (f"水道料金 従量料金（{m3}m³）", round(m3 * 154)),
            ("下水道使用料", 1100 + round(m3 * 121)),
        ),
        f"{m3}m³（2か月分）",
    )


def build_bills(licences: dict[str, Licence]) -> dict[str, Bill]:
    bills: dict[str, Bill] = {}
    for i, plan in enumerate(BILL_PLANS):
        rng = np.random.default_rng(SEED + 7000 + i)
        lic = licences[plan.licence]
        # One account per person and issuer: a number seeded by both, not by the bill.
        acct = np.random.default_rng(SEED + int(plan.licence) * 31 + len(plan.issuer))
        number = "-".join(f"{int(acct.integers(0, 10**n)):0{n}d}" for n in (4, 3, 3))
        items, usage = _items(plan.kind, rng)
        bills[plan.key] = Bill(
            key=plan.key,
            kind=plan.kind,
            title=plan.title,
            issuer=plan.issuer,
            issuer_lines=plan.issuer_lines,
            person=lic.person,
            address=lic.current_address,
            address_style=plan.address_style,
            customer_number=number,
            period=plan.period,
            issue_label=plan.issue_label,
            issue_date=plan.issue_date,
            date_style=plan.date_style,
            items=items,
            usage=usage,
        )
    return bills
