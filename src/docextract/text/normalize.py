"""Comparison keys for names and addresses, and kanji-numeral parsing.

OCR output and the customer's profile spell the same name or address in many
ways (old kanji, full-width digits, 一丁目3番地 vs 1-3, 霞ヶ関 vs 霞が関). The
functions here reduce both sides to a key so that equal keys mean "same".
"""

from __future__ import annotations

import re
import unicodedata

from ja_itaiji import Itaiji

__all__ = [
    "PREFECTURES",
    "fold_kanji_variants",
    "fold_text",
    "kanji_numeral_to_int",
    "name_keys",
    "normalize_address",
    "normalize_name",
    "split_address",
    "strip_prefecture",
]

_KANJI_DIGITS: dict[str, int] = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_KANJI_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}


def kanji_numeral_to_int(s: str) -> int | None:
    """Parse a kanji numeral (二十四 → 24, 百二 → 102, 一〇一 → 101); None if malformed."""
    if not s:
        return None
    if not any(ch in _KANJI_UNITS for ch in s):
        # Positional form (二〇二四, 一〇一): each kanji is one decimal digit.
        value = 0
        for ch in s:
            if ch not in _KANJI_DIGITS:
                return None
            value = value * 10 + _KANJI_DIGITS[ch]
        return value
    total = 0
    pending: int | None = None
    last_unit = 10_000  # units must strictly decrease: 千 > 百 > 十
    for ch in s:
        if ch in _KANJI_DIGITS:
            if pending is not None:
                return None  # two digits in a row inside a unit form (二二十)
            pending = _KANJI_DIGITS[ch]
        elif ch in _KANJI_UNITS:
            unit = _KANJI_UNITS[ch]
            if unit >= last_unit:
                return None
            # A bare unit means one of it: 十 = 10, 百二 = 102.
            total += (1 if pending is None else pending) * unit
            pending = None
            last_unit = unit
        else:
            return None
    return total + (pending or 0)


_WHITESPACE = re.compile(r"\s+")


def fold_text(s: str) -> str:
    """NFKC, every whitespace run (incl. U+3000) as one ASCII space, stripped.

    This is the shape of every ``value`` in a report.
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", s)).strip()


# --- kanji variants -------------------------------------------------------

# Name kanji whose ja-itaiji family holds the variants seen on IDs (髙, 﨑, 德…).
_FAMILY_TARGETS = (
    "高崎辺斎浜沢広桜徳国恵島富真槙静蔵桧曽栄吉関滝塚条来円亀寿恒礼黒鉄豊"
    "万実与児峰岡芦渕穂柳弥隆薫尭遥将荘継絵経学瀬野角桑"
)
# Variants that must be listed by hand: ja-itaiji misses 𠮷/吉 and 齊/斎, and the
# family filter below drops JIS X 0208 characters, which covers most 旧字体.
# Deliberately absent: 斉 (its own surname form, not a spelling of 斎), 龍 (its
# own name kanji, not 竜), 舘 and 埼 (distinct characters despite the family).
_MANUAL_VARIANTS = {
    "𠮷": "吉",
    "濱": "浜",
    "濵": "浜",
    "澤": "沢",
    "廣": "広",
    "櫻": "桜",
    "德": "徳",
    "國": "国",
    "惠": "恵",
    "髙": "高",
    "﨑": "崎",
    "嵜": "崎",
    "嶋": "島",
    "嶌": "島",
    "冨": "富",
    "眞": "真",
    "邉": "辺",
    "邊": "辺",
    "齋": "斎",
    "齊": "斎",
    "槇": "槙",
    "靜": "静",
    "藏": "蔵",
    "檜": "桧",
    "曾": "曽",
    "榮": "栄",
    "關": "関",
    "瀧": "滝",
    "條": "条",
    "來": "来",
    "圓": "円",
    "龜": "亀",
    "壽": "寿",
    "恆": "恒",
    "禮": "礼",
    "黑": "黒",
    "鐵": "鉄",
    "豐": "豊",
    "萬": "万",
    "實": "実",
    "與": "与",
    "兒": "児",
    "峯": "峰",
    "崗": "岡",
    "蘆": "芦",
    "淵": "渕",
    "穗": "穂",
    "栁": "柳",
    "彌": "弥",
    "薰": "薫",
    "堯": "尭",
    "遙": "遥",
    "將": "将",
    "莊": "荘",
    "繼": "継",
    "繪": "絵",
    "經": "経",
    "學": "学",
    "瀨": "瀬",
}


def _in_jis_x_0208(ch: str) -> bool:
    try:
        return len(ch.encode("euc_jp")) == 2
    except UnicodeEncodeError:
        return False


def _build_variant_map() -> dict[str, str]:
    """Variant → common form, from ja-itaiji families plus the manual list.

    ja-itaiji families are broad: 崎's holds 埼, 荘's holds 庄, 豊's holds 禮.
    Every character of JIS X 0208 is an everyday character in its own right,
    so family members are only taken from outside it (髙, 﨑, 德, 濵 and the
    extension-block forms); JIS X 0208 variants come from the manual list.
    """
    fold: dict[str, str] = {}
    for target in _FAMILY_TARGETS:
        for member in Itaiji.get_family(target):
            if member != target and not _in_jis_x_0208(member):
                fold.setdefault(member, target)
    fold.update(_MANUAL_VARIANTS)
    return fold


_VARIANT_TABLE = str.maketrans(_build_variant_map())


def fold_kanji_variants(s: str) -> str:
    """Replace old/variant kanji by their common form (髙→高, 﨑→崎, 邊→辺).

    Apply to both sides of a comparison: OCR emits 高 for a printed 髙, while
    profiles may store either.
    """
    return s.translate(_VARIANT_TABLE)


# --- names -----------------------------------------------------------------

# Brackets hold the 旧姓 on licences (「山田 花子（佐藤）」); NFKC has already
# turned full-width （）［］ into ASCII.
_BRACKETED = re.compile(r"[(\[【〔]([^)\]】〕]*)[)\]】〕]")
# "<" is the MRZ filler between name parts (YAMADA<<TARO).
_NAME_NOISE = re.compile(r"[\s・·,、<]+")
_LATIN_NAME = re.compile(r"[A-Z][A-Z\s,.'<-]*")
_LATIN_SPLIT = re.compile(r"[\s,<]+")
# Passport Hepburn drops long vowels and optionally writes them as OH; ん is M
# before B/M/P (JAPAN.md §4). Collapsing these on both sides makes OHNO == ONO,
# KOUNO == KONO and HOMMA == HONMA. The H of OH is only dropped when no vowel
# follows, so OHASHI (大橋) keeps its HA.
_LONG_O = re.compile(r"O(?:O|U|H(?![AEIOUY]))+")
_LONG_U = re.compile(r"UU+")
_M_BEFORE_LABIAL = re.compile(r"M(?=[BMP])")


def _name_key(s: str) -> str:
    return _NAME_NOISE.sub("", fold_kanji_variants(s)).upper()


def normalize_name(s: str) -> str:
    """Comparison key of a printed name: NFKC, variants folded, no spaces, dots or
    commas, Latin upper-cased, any bracketed part (旧姓) removed. Kana stay kana."""
    return _name_key(_BRACKETED.sub("", unicodedata.normalize("NFKC", s)))


def _hepburn_loose(key: str) -> str:
    return _M_BEFORE_LABIAL.sub("N", _LONG_U.sub("U", _LONG_O.sub("O", key)))


def name_keys(s: str) -> set[str]:
    """Every key under which the printed name ``s`` may match a profile name.

    Two names match when their key sets intersect. The set holds the main key,
    the bracketed maiden name as an alias (alone and with the given name), and
    for Latin names both orders (YAMADA TARO / TARO YAMADA) in exact and
    loose passport-Hepburn form.
    """
    text = unicodedata.normalize("NFKC", s)
    main = _BRACKETED.sub(" ", text).strip()
    keys = {_name_key(main)}
    tokens = main.split()
    for m in _BRACKETED.finditer(text):
        alias = m.group(1)
        keys.add(_name_key(alias))
        after = text[m.end() :].strip()
        if after:
            # 「山田(佐藤)花子」: the bracket replaces the surname before it.
            keys.add(_name_key(alias + after))
        elif len(tokens) > 1 and len(alias.split()) == 1:
            # 「山田 花子(佐藤)」: only the surname is bracketed.
            keys.add(_name_key(alias + "".join(tokens[1:])))
    upper = main.upper()
    if _LATIN_NAME.fullmatch(upper):
        parts = [p for p in _LATIN_SPLIT.split(upper) if p]
        for order in (parts, parts[::-1]):
            key = _name_key("".join(order))
            keys |= {key, _hepburn_loose(key)}
    keys.discard("")
    return keys


# --- addresses -------------------------------------------------------------

PREFECTURES: tuple[str, ...] = (
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
)

_KN = "[〇一二三四五六七八九十百千]"
_CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ffff々〆]"
# NFKC leaves these dashes alone (JAPAN.md §3.1). ー is not here: it is a
# long-vowel mark in building names (センター) and only a dash between digits.
_DASHES = re.compile("[‐‑‒–—―−─━⁃]")
_SPACE_BETWEEN_DIGITS = re.compile(r"(?<=[0-9])\s+(?=[0-9])")
_POSTAL_CODE = re.compile(r"^〒[0-9]{3}-?[0-9]{4}")
# Kanji numerals are converted only where they are block numbers; town names
# such as 二十四軒, 一宮市, 四日市市, 八王子市, 九段南 keep theirs. A 番 that is
# followed by 町 or by a full block address (一丁目… / 1-2-3) ends a town name:
# 一番町, 麻布十番.
_KANJI_BEFORE_UNIT = re.compile(
    rf"{_KN}+(?=丁目|号|番(?!町|(?:{_KN}+|[0-9]+)丁目|[0-9]+-[0-9]+-[0-9]))"
)
_KANJI_AFTER_BLOCK = re.compile(rf"(?<=[0-9])(丁目|番地の?|番の?|-)({_KN}+)(?!{_KN}|{_CJK})")
# Tesseract reads the kanji 二 as the katakana ニ; beside a block unit it can only be two.
_NI_AS_NUMERAL = re.compile(
    rf"ニ(?=丁目|番|号|{_KN})|(?:(?<=丁目)|(?<=番)|(?<={_KN}))ニ(?=号|番|$)"
)
# Tesseract reads the dash as 一 or ー; people write 1の3の1.
_DIGIT_JOINER = re.compile(r"(?<=[0-9])[一ーの](?=[0-9])")
_UNIT_BEFORE_NUMBER = re.compile(r"(?<=[0-9])(?:丁目|番地の?|番の?)-?(?=[0-9])")
# A room number keeps a hyphen in front so it stays apart from the building name
# (ABCマンション101号室 → ABCマンション-101) and from the block (1-2-3 101号室).
_ROOM_AFTER_TEXT = re.compile(r"(?<![0-9-])([0-9]+)号室")
_ROOM = re.compile(r"(?<=[0-9])号室")
_GOU = re.compile(r"(?<=[0-9])号")
# A final 番地 carries no information (5番地 == 5); one followed by a building name
# is kept, as 番地, so that split_address can still find where the block ends.
_TRAILING_BANCHI = re.compile(r"(?<=[0-9])番地?$")
_BANCHI_BEFORE_TEXT = re.compile(r"(?<=[0-9])番(?!地|町)")
# 霞ヶ関 / 霞ケ関 / 霞が関 (and OCR's 霞カ関) name the same town, as do 三ノ輪 / 三の輪.
_GA_BETWEEN_KANJI = re.compile(rf"(?<={_CJK})[ヶケヵカ](?={_CJK})")
_NO_BETWEEN_KANJI = re.compile(rf"(?<={_CJK})ノ(?={_CJK})")


def _kanji_to_digits(m: re.Match[str]) -> str:
    value = kanji_numeral_to_int(m.group(0))
    return m.group(0) if value is None else str(value)


def _kanji_after_block(m: re.Match[str]) -> str:
    value = kanji_numeral_to_int(m.group(2))
    return m.group(0) if value is None else m.group(1) + str(value)


def _normalize_address_once(s: str) -> str:
    key = unicodedata.normalize("NFKC", s)
    key = _SPACE_BETWEEN_DIGITS.sub("-", key)  # "1-2-3 101号室": keep 3 and 101 apart
    key = _WHITESPACE.sub("", key)
    key = _DASHES.sub("-", key)
    key = _POSTAL_CODE.sub("", key)
    key = fold_kanji_variants(key).upper()
    key = _NI_AS_NUMERAL.sub("二", key)
    key = _DIGIT_JOINER.sub("-", key)
    key = _KANJI_BEFORE_UNIT.sub(_kanji_to_digits, key)
    key = _KANJI_AFTER_BLOCK.sub(_kanji_after_block, key)
    key = _ROOM_AFTER_TEXT.sub(r"-\1", key)
    key = _ROOM.sub("", key)
    key = _GOU.sub("", key)
    key = _UNIT_BEFORE_NUMBER.sub("-", key)
    key = _TRAILING_BANCHI.sub("", key)
    key = _BANCHI_BEFORE_TEXT.sub("番地", key)
    key = _GA_BETWEEN_KANJI.sub("が", key)
    return _NO_BETWEEN_KANJI.sub("の", key)


def normalize_address(s: str) -> str:
    """Comparison key of an address; idempotent.

    Removes spacing and a leading 〒 postal code, unifies dashes, converts
    block numbers (一丁目3番地1号, 1丁目3-1, 1の3の1, 1一3一1) to ``1-3-1``, folds
    ヶ/ケ/ヵ/カ between kanji to が and old kanji to new. Building and room stay
    (``ABCマンション101号室`` → ``ABCマンション-101``).
    """
    # One pass can expose a new pattern in malformed input (0号番百 → 0番地百),
    # so repeat to a fixed point. No rewrite re-creates what another consumes
    # (spacing, unit kanji, kanji numerals), so this ends; real addresses are
    # stable after the second pass.
    key = _normalize_address_once(s)
    while (again := _normalize_address_once(key)) != key:
        key = again
    return key


# The block number is the first N-N(-N) run: building names often carry numbers
# of their own (第2ビル, 4-5F), and a fourth component is a room number.
_BLOCK_RUN = re.compile(r"[0-9]+(?:-[0-9]+){1,2}")
_BANCHI = re.compile(r"[0-9]+番地")


def split_address(key: str) -> tuple[str, str]:
    """Split a :func:`normalize_address` key into (locality + block, building/room).

    The cut is after the first ``N-N(-N)`` block run, else after ``N番地``; with
    neither, everything is locality. The remainder loses its leading hyphen.
    """
    m = _BLOCK_RUN.search(key) or _BANCHI.search(key)
    if m is None:
        return key, ""
    return key[: m.end()], key[m.end() :].lstrip("-")


def strip_prefecture(key: str) -> str:
    """``key`` without a leading prefecture (licences omit it for 政令指定都市).

    A prefecture whose last glyph OCR misread (神奈川上 for 神奈川県) still counts, unless
    the glyph read is a municipality's (岡山市 is a city, not a misread 岡山県).
    """
    for pref in PREFECTURES:
        if key.startswith(pref):
            return key[len(pref) :]
    for pref in PREFECTURES:
        head = key[: len(pref)]
        if head[:-1] == pref[:-1] and len(head) == len(pref) and head[-1] not in "市区町村郡":
            return key[len(pref) :]
    return key
