"""Tests for docextract.text.normalize."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docextract.text.normalize import (
    PREFECTURES,
    fold_kanji_variants,
    fold_text,
    kanji_numeral_to_int,
    name_keys,
    normalize_address,
    normalize_name,
    split_address,
    strip_prefecture,
)

# --- fold_text -------------------------------------------------------------------


def test_fold_text() -> None:
    assert fold_text("\u3000山田\u3000 太郎 \n") == "山田 太郎"
    assert fold_text("ＡＢＣ　１２３") == "ABC 123"
    assert fold_text("") == ""


# --- kanji numerals ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二十四", 24),
        ("百二", 102),
        ("一〇一", 101),
        ("十", 10),
        ("三十一", 31),
        ("千九百八十九", 1989),
        ("二〇二四", 2024),
        ("〇", 0),
        ("零", 0),
        ("千", 1000),
    ],
)
def test_kanji_numeral_to_int(text: str, value: int) -> None:
    assert kanji_numeral_to_int(text) == value


@pytest.mark.parametrize("text", ["", "十十", "百千", "二二十", "一a", "万"])
def test_kanji_numeral_rejects(text: str) -> None:
    assert kanji_numeral_to_int(text) is None


def _to_kanji(n: int) -> str:
    digits = "〇一二三四五六七八九"
    out = ""
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, unit_value)
        if q:
            out += ("" if q == 1 else digits[q]) + unit
    return out + (digits[n] if n else "")


@given(st.integers(min_value=1, max_value=9999))
def test_kanji_numeral_round_trip(n: int) -> None:
    assert kanji_numeral_to_int(_to_kanji(n)) == n
    assert kanji_numeral_to_int("".join("〇一二三四五六七八九"[int(c)] for c in str(n))) == n


# --- names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("髙橋 一郎", "高橋一郎"),
        ("山﨑", "山崎"),
        ("渡邊", "渡辺"),
        ("渡邉", "渡辺"),
        ("齋藤", "斎藤"),
        ("齊藤", "斎藤"),
        ("𠮷田", "吉田"),
        ("濱田　澤子", "浜田 沢子"),
        ("德永", "徳永"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ・タロウ"),
        ("yamada, taro", "YAMADA TARO"),
    ],
)
def test_normalize_name_equal(a: str, b: str) -> None:
    assert normalize_name(a) == normalize_name(b)


@pytest.mark.parametrize(
    ("a", "b"), [("斉藤", "斎藤"), ("龍", "竜"), ("埼玉", "崎玉"), ("やまだ", "ヤマダ")]
)
def test_distinct_characters_are_not_folded(a: str, b: str) -> None:
    assert normalize_name(a) != normalize_name(b)


def test_fold_kanji_variants_manual_list() -> None:
    assert fold_kanji_variants("髙﨑邉邊齋齊濱澤廣櫻德國惠嶋冨眞槇靜藏檜曾榮𠮷") == (
        "高崎辺辺斎斎浜沢広桜徳国恵島富真槙静蔵桧曽栄吉"
    )
    assert fold_kanji_variants("斉藤 龍 舘 庄司") == "斉藤 龍 舘 庄司"


def test_normalize_name_drops_maiden_name() -> None:
    assert normalize_name("山田 花子（佐藤）") == "山田花子"


def test_name_keys_maiden_name_alias() -> None:
    keys = name_keys("山田 花子（佐藤）")
    assert {"山田花子", "佐藤", "佐藤花子"} <= keys
    assert {"山田花子", "佐藤花子"} <= name_keys("山田(佐藤)花子")
    assert name_keys("佐藤 花子") & name_keys("山田 花子（佐藤）")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("YAMADA TARO", "Taro Yamada"),
        ("YAMADA<<TARO", "taro yamada"),
        ("OHNO", "ONO"),
        ("KOHNO TARO", "Taro Kouno"),
        ("KATOH", "KATO"),
        ("NAMBA", "NANBA"),
        ("HOMMA", "HONMA"),
        ("OHASHI", "OHHASHI"),
        ("SHOICHI", "SHOUICHI"),
        ("髙橋 一郎", "高橋一郎"),
    ],
)
def test_name_keys_match(a: str, b: str) -> None:
    assert name_keys(a) & name_keys(b)


@pytest.mark.parametrize(
    ("a", "b"), [("YAMADA TARO", "YAMADA JIRO"), ("ONO", "ANO"), ("山田", "山口")]
)
def test_name_keys_mismatch(a: str, b: str) -> None:
    assert not name_keys(a) & name_keys(b)


# --- addresses ---------------------------------------------------------------------

KASUMIGASEKI = [
    "東京都千代田区霞が関二丁目1番2号",
    "東京都千代田区霞ヶ関2-1-2",
    "東京都千代田区霞が関２－１－２",
    "東京都千代田区霞が関2丁目1-2",
    "東京都千代田区霞ケ関二丁目一番二号",
    "〒100-0013 東京都 千代田区 霞が関 2‐1‐2",
    "東京都千代田区霞が関2ー1ー2",
    "東京都千代田区霞が関2一1一2",
    "東京都千代田区霞が関2の1の2",
    "東京都千代田区霞が関2−1−2",
    "東京都千代田区霞が関ニ丁目1番ニ号",  # OCR: katakana ニ for the numeral 二
]


@pytest.mark.parametrize("address", KASUMIGASEKI)
def test_address_variants_share_a_key(address: str) -> None:
    assert normalize_address(address) == "東京都千代田区霞が関2-1-2"


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("北海道札幌市西区二十四軒二条二丁目", "北海道札幌市西区二十四軒二条2丁目"),
        ("愛知県一宮市本町4丁目", "愛知県一宮市本町4丁目"),
        ("三重県四日市市諏訪町1番5号", "三重県四日市市諏訪町1-5"),
        ("東京都八王子市元本郷町三丁目24番1号", "東京都八王子市元本郷町3-24-1"),
        ("東京都千代田区九段南一丁目2番1号", "東京都千代田区九段南1-2-1"),
        ("東京都千代田区一番町5番地", "東京都千代田区一番町5"),
        ("東京都千代田区二番町十一番地三", "東京都千代田区二番町11-3"),
        ("東京都港区麻布十番一丁目2番3号", "東京都港区麻布十番1-2-3"),
        ("東京都港区麻布十番1-2-3", "東京都港区麻布十番1-2-3"),
        ("長野県上田市大字上田5番地の3", "長野県上田市大字上田5-3"),
        ("長野県上田市大字上田5番地", "長野県上田市大字上田5"),
        ("横浜市中区日本大通1", "横浜市中区日本大通1"),
        ("虻田郡ニセコ町字本通1番地", "虻田郡ニセコ町字本通1"),
        ("千代田区霞が関1-3-1 霞が関ビル101号室", "千代田区霞が関1-3-1霞が関ビル-101"),
        ("港区芝公園4-2-8 101号室", "港区芝公園4-2-8-101"),
        ("港区芝公園4丁目2番8号 東京タワー", "港区芝公園4-2-8東京タワー"),
        ("千代田区丸の内1-9-1 サピアタワー", "千代田区丸の内1-9-1サピアタワー"),
        ("東京都千代田区霞が関1-2-3 abcマンション", "東京都千代田区霞が関1-2-3ABCマンション"),
    ],
)
def test_normalize_address_examples(address: str, key: str) -> None:
    assert normalize_address(address) == key


@pytest.mark.parametrize(
    "town", ["二十四軒", "一宮市", "四日市市", "八王子市", "九段南", "一番町", "三軒茶屋"]
)
def test_town_names_keep_their_kanji_numerals(town: str) -> None:
    assert normalize_address(town) == town


@pytest.mark.parametrize(
    ("key", "parts"),
    [
        ("千代田区霞が関1-3-1霞が関ビル-101", ("千代田区霞が関1-3-1", "霞が関ビル-101")),
        ("港区芝公園4-2-8-101", ("港区芝公園4-2-8", "101")),
        ("港区1-2-3第2ビル4-5F", ("港区1-2-3", "第2ビル4-5F")),
        ("上田市大字上田5番地ABCセンター", ("上田市大字上田5番地", "ABCセンター")),
        ("上田市大字上田", ("上田市大字上田", "")),
    ],
)
def test_split_address(key: str, parts: tuple[str, str]) -> None:
    assert split_address(key) == parts


def test_split_address_of_normalized_building() -> None:
    key = normalize_address("〒100-0013 東京都千代田区霞が関一丁目３番地１号　霞ヶ関ビル１０１号室")
    assert split_address(key) == ("東京都千代田区霞が関1-3-1", "霞が関ビル-101")
    key = normalize_address("上田市大字上田5番地 ABCセンター")
    assert split_address(key) == ("上田市大字上田5番地", "ABCセンター")


def test_prefectures() -> None:
    assert len(PREFECTURES) == len(set(PREFECTURES)) == 47
    assert strip_prefecture("東京都千代田区霞が関2-1-2") == "千代田区霞が関2-1-2"
    assert strip_prefecture("神奈川県横浜市中区日本大通1") == "横浜市中区日本大通1"
    assert strip_prefecture("京都府京都市") == "京都市"
    assert strip_prefecture("横浜市中区日本大通1") == "横浜市中区日本大通1"
    # OCR misread the prefecture's last glyph; a city of the same name is not one.
    assert strip_prefecture("神奈川上川崎市中原区") == "川崎市中原区"
    assert strip_prefecture("岡山市北区1-2") == "岡山市北区1-2"
    assert strip_prefecture("京都市中京区") == "京都市中京区"
    # A licence for a 政令指定都市 omits the prefecture.
    assert strip_prefecture(normalize_address("神奈川県横浜市中区日本大通１")) == normalize_address(
        "横浜市中区日本大通1"
    )


# Generated addresses: one town and block number, rendered every way a document,
# a user or Tesseract writes it. All renderings must share a key, and every key
# must be a fixed point.

TOWNS = [
    ("東京都", "千代田区", "霞が関", "霞ヶ関"),
    ("北海道", "札幌市西区", "二十四軒二条", "二十四軒二条"),
    ("愛知県", "一宮市", "本町", "本町"),
    ("東京都", "港区", "麻布十番", "麻布十番"),
    ("東京都", "千代田区", "一番町", "一番町"),
    ("三重県", "四日市市", "諏訪町", "諏訪町"),
    ("東京都", "八王子市", "元本郷町", "元本郷町"),
]
KANJI = "〇一二三四五六七八九"


def _kanji_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else KANJI[tens] + "十")) + (
        KANJI[ones] if ones else ""
    )


def _render_number(n: int, style: str) -> str:
    if style == "kanji":
        return _kanji_number(n)
    if style == "fullwidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(n)


@st.composite
def rendered_addresses(draw: st.DrawFn) -> tuple[tuple[str, ...], str]:
    pref, city, town, town_variant = draw(st.sampled_from(TOWNS))
    chome, ban, go = (draw(st.integers(min_value=1, max_value=39)) for _ in range(3))
    chome_style = draw(st.sampled_from(["arabic", "kanji", "fullwidth"]))
    ban_style = draw(st.sampled_from(["arabic", "fullwidth"]))
    c = _render_number(chome, chome_style)
    b = _render_number(ban, ban_style)
    g = _render_number(go, ban_style)
    form = draw(st.integers(min_value=0, max_value=5))
    if form == 0:
        block = f"{c}丁目{b}番{g}号"
    elif form == 1:
        block = f"{c}丁目{b}-{g}"
    elif form == 2:
        block = f"{c}丁目{b}番地{g}号"
    else:
        dash = draw(st.sampled_from(["-", "－", "‐", "−", "ー", "一", "の", "―"]))
        c = _render_number(chome, "arabic" if chome_style == "kanji" else chome_style)
        block = f"{c}{dash}{b}{dash}{g}"
    space = draw(st.sampled_from(["", " ", "\u3000"]))
    prefix = draw(st.sampled_from(["", pref, "〒100-0013 " + pref]))
    written_town = draw(st.sampled_from([town, town_variant]))
    text = f"{prefix}{space}{city}{space}{written_town}{space}{block}"
    return (pref if prefix else "", city, town, str(chome), str(ban), str(go)), text


@given(rendered_addresses())
def test_generated_addresses_converge(case: tuple[tuple[str, ...], str]) -> None:
    (pref, city, town, chome, ban, go), text = case
    expected_town = town.replace("ヶ", "が")
    assert normalize_address(text) == f"{pref}{city}{expected_town}{chome}-{ban}-{go}"


@given(
    rendered_addresses(),
    st.sampled_from(["", " ABCマンション101号室", " 第2ビル4F", "　サンシャイン６０", " 505号室"]),
)
def test_address_idempotent(case: tuple[tuple[str, ...], str], building: str) -> None:
    key = normalize_address(case[1] + building)
    assert normalize_address(key) == key


ADDRESS_ALPHABET = (
    "0123456789０１２３一二三十百〇丁目番地号室のノヶケが-－ー一 \u3000〒町区市霞関ABCビル#"
)


@given(st.text(alphabet=ADDRESS_ALPHABET, max_size=30))
def test_address_idempotent_on_arbitrary_text(text: str) -> None:
    key = normalize_address(text)
    assert normalize_address(key) == key
