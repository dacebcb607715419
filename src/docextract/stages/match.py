"""match: compare what was read with the registered profile.

Both sides go through the same normalization (text.normalize) before rapidfuzz scores
them. Numbers are never fuzzy: an address whose block numbers differ (2-1-2 vs 2-1-3) is
a different address however similar the strings, and a birth date matches exactly or not.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from docextract._context import DocContext, Field, Match, Profile
from docextract._pipeline import stage
from docextract.config import MatchSettings
from docextract.text.normalize import name_keys, normalize_address, split_address, strip_prefecture
from docextract.text.romaji import kana_to_hepburn

# Which profile fields each slot compares (contract §2); passports print no address.
SLOT_FIELDS = {
    "id_front": ("name", "birth_date", "address"),
    "id_back": ("address",),
    "proof_of_address": ("name", "address"),
}
NO_ADDRESS_TYPES = frozenset({"passport"})

_NUMBERS = re.compile(r"\d+")


def names_to_score(read: str, profile: Profile) -> tuple[float, bool]:
    """Best similarity between any key of the printed name and any key of the profile's,
    and whether that best pair is written in Latin letters (judged more strictly)."""
    registered = set()
    # The kana also as passport Hepburn: a passport prints SATO HANAKO for サトウ ハナコ.
    hepburn = kana_to_hepburn(profile.name_kana) if profile.name_kana else None
    for name in (profile.name, profile.name_kana, profile.name_latin, hepburn):
        if name:
            registered |= name_keys(name)
    pairs = [
        (fuzz.ratio(a, b) / 100.0, a.isascii() and b.isascii())
        for a in name_keys(read)
        for b in registered
    ]
    return max(pairs, default=(0.0, False))


def name_is_part_of_profile(read: str, profile: Profile) -> bool:
    """Is the read name the registered one with whole glyphs lost (直樹 of 藤井 直樹)?

    Tesseract drops rare kanji outright (藤, 翼, 崔 on the fixture bills) rather than
    misreading them. A name read as a run of two or more glyphs inside the registered name
    is that far more often than another person, who would have a name of their own.
    """
    registered = name_keys(profile.name) | (
        name_keys(profile.name_kana) if profile.name_kana else set()
    )
    return any(
        len(part) >= 2 and part != whole and part in whole
        for part in name_keys(read)
        for whole in registered
    )


def addresses_to_score(read: str, registered: str, settings: MatchSettings) -> float:
    """Similarity of two addresses: fuzzy on place names, exact on block numbers."""
    a, b = normalize_address(read), normalize_address(registered)
    # Licences omit the prefecture of designated cities; compare without it when either does.
    if strip_prefecture(a) == a or strip_prefecture(b) == b:
        a, b = strip_prefecture(a), strip_prefecture(b)
    core_a, building_a = split_address(a)
    core_b, building_b = split_address(b)
    if _NUMBERS.findall(core_a) != _NUMBERS.findall(core_b):
        return min(fuzz.ratio(core_a, core_b) / 100.0, 0.5)
    score = fuzz.ratio(core_a, core_b) / 100.0
    if building_a and building_b:
        # Both name a building: a different room number (the last number) or building is
        # never a match. Other digits in a building name are often OCR noise on its
        # katakana. The place and block numbers agree, though: scored other_room_score.
        rooms_a, rooms_b = _NUMBERS.findall(building_a), _NUMBERS.findall(building_b)
        building = fuzz.ratio(building_a, building_b) / 100.0
        if rooms_a[-1:] != rooms_b[-1:] or building < settings.building_threshold:
            return min(score, settings.other_room_score)
    return score


def field_to_match(
    key: str, field: Field | None, profile: Profile, settings: MatchSettings
) -> Match:
    if field is None:
        return Match(score=0.0, verdict="missing")
    if key == "name":
        score, latin = names_to_score(field.value, profile)
        threshold = settings.latin_name_threshold if latin else settings.name_threshold
    elif key == "birth_date":
        score, threshold = float(field.value == profile.birth_date.isoformat()), 1.0
    else:
        score = addresses_to_score(field.value, profile.address, settings)
        threshold = settings.address_threshold
    return Match(score=round(score, 3), verdict="match" if score >= threshold else "mismatch")


@stage("match.profile.v1", requires=("fields", "profile"), provides=("matches",))
def match(ctx: DocContext) -> DocContext:
    if ctx.profile is None:
        return ctx
    keys = SLOT_FIELDS.get(ctx.slot or "", ())
    for key in keys:
        if key == "address" and ctx.document_type in NO_ADDRESS_TYPES:
            continue
        field = ctx.fields.get(key)
        if key == "address" and ctx.superseding_address is not None:
            # A dated address change on the card's back replaces the front's address.
            field = ctx.superseding_address
            ctx.notes.append("address judged on the back's change entry, not the front")
        if key == "address" and ctx.slot == "id_back" and field is None:
            continue  # a back without an address entry has nothing to compare
        ctx.matches[key] = field_to_match(key, field, ctx.profile, ctx.config.match)
    return ctx
