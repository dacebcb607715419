"""The acceptance rules of contract §2 on hand-made contexts (no OCR involved)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docextract._context import DocContext, Field, Profile
from docextract.api import reconcile_id_sides
from docextract.config import PipelineConfig
from docextract.stages.match import addresses_to_score, match, names_to_score
from docextract.stages.rules import rules

PROFILE = Profile(
    name="山田 太郎",
    birth_date=dt.date(1987, 4, 1),
    address="東京都千代田区霞が関2-1-2",
    name_kana="ヤマダ タロウ",
)
SUBMITTED = dt.date(2026, 11, 20)


def f(value: str, conf: float = 0.95) -> Field:
    return Field(value=value, confidence=conf, page=0)


GOOD_LICENCE = {
    "name": f("山田 太郎"),
    "birth_date": f("1987-04-01"),
    "address": f("東京都千代田区霞が関二丁目1番2号"),
    "issue_date": f("2021-05-10"),
    "expiry_date": f("2027-05-01"),
    "issuer": f("東京都公安委員会"),
    "document_number": f("301234567890"),
}
GOOD_BILL = {
    "name": f("山田 太郎"),
    "address": f("東京都千代田区霞が関2丁目1-2"),
    "issue_date": f("2026-10-15"),
    "issuer": f("関東電力株式会社"),
}


def judge(
    config: PipelineConfig, slot: str, doc_type: str, fields: dict[str, Field], **kwargs: object
) -> DocContext:
    ctx = DocContext(
        source=Path("x.png"),
        config=config,
        slot=slot,
        submitted_on=SUBMITTED,
        profile=PROFILE,
        document_type=doc_type,
        fields=dict(fields),
    )
    for key, value in kwargs.items():
        setattr(ctx, key, value)
    return rules(match(ctx))


def test_clean_licence_is_approved(config: PipelineConfig) -> None:
    ctx = judge(config, "id_front", "drivers_license", GOOD_LICENCE)
    assert (ctx.status, ctx.reasons) == ("approve", [])
    assert {k: m.verdict for k, m in ctx.matches.items()} == {
        "name": "match",
        "birth_date": "match",
        "address": "match",
    }


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"expiry_date": f("2026-11-19")}, "ID_EXPIRED"),
        ({"name": f("佐藤 花子")}, "ID_NAME_MISMATCH"),
        ({"birth_date": f("1987-04-02")}, "ID_BIRTH_DATE_MISMATCH"),
        ({"address": f("東京都千代田区霞が関二丁目1番3号")}, "ID_ADDRESS_MISMATCH"),
    ],
)
def test_licence_rejects(config: PipelineConfig, change: dict[str, Field], reason: str) -> None:
    ctx = judge(config, "id_front", "drivers_license", GOOD_LICENCE | change)
    assert (ctx.status, ctx.reasons) == ("reject", [reason])


@pytest.mark.parametrize(
    ("slot", "doc_type", "fields"),
    [
        ("id_front", "drivers_license", GOOD_LICENCE | {"name": f("佐藤 花子")}),
        ("id_front", "drivers_license", GOOD_LICENCE | {"birth_date": f("2026-05-10")}),
        ("proof_of_address", "utility_bill", GOOD_BILL | {"address": f("大阪府大阪市北区梅田1-1")}),
    ],
)
@pytest.mark.parametrize(
    "quality", [{"sharpness": 8.0}, {"brightness": 20.0}, {"mean_word_conf": 0.2}]
)
def test_a_mismatch_read_from_a_poor_image_is_low_quality_not_reject(
    config: PipelineConfig,
    slot: str,
    doc_type: str,
    fields: dict[str, Field],
    quality: dict[str, float],
) -> None:
    sharp = judge(config, slot, doc_type, fields)
    assert sharp.status == "reject"
    poor = judge(config, slot, doc_type, fields, quality=quality)
    assert (poor.status, poor.reasons) == ("review", ["LOW_QUALITY"])


def test_expiry_on_the_submission_day_is_still_valid(config: PipelineConfig) -> None:
    ctx = judge(
        config, "id_front", "drivers_license", GOOD_LICENCE | {"expiry_date": f("2026-11-20")}
    )
    assert ctx.status == "approve"


@pytest.mark.parametrize("missing", ["name", "birth_date", "address", "expiry_date"])
def test_a_field_not_read_means_review_never_approve(config: PipelineConfig, missing: str) -> None:
    fields = {k: v for k, v in GOOD_LICENCE.items() if k != missing}
    assert judge(config, "id_front", "drivers_license", fields).status == "review"


def test_weakly_read_mismatch_is_review_not_reject(config: PipelineConfig) -> None:
    ctx = judge(
        config, "id_front", "drivers_license", GOOD_LICENCE | {"name": f("山田 大郎", conf=0.3)}
    )
    assert ctx.status == "review"


def test_a_confident_near_miss_is_review_and_another_name_is_reject(
    config: PipelineConfig,
) -> None:
    one_glyph = judge(
        config, "id_front", "drivers_license", GOOD_LICENCE | {"name": f("山田 大郎")}
    )
    assert (one_glyph.status, one_glyph.reasons) == ("review", [])
    other = judge(config, "id_front", "drivers_license", GOOD_LICENCE | {"name": f("佐藤 花子")})
    assert (other.status, other.reasons) == ("reject", ["ID_NAME_MISMATCH"])


@pytest.mark.parametrize("read", ["太郎", "山田", "ヤマダ"])
def test_a_name_read_as_part_of_the_registered_one_is_review(
    config: PipelineConfig, read: str
) -> None:
    # OCR drops a rare kanji outright (藤井 直樹 read as 直樹): a person looks.
    ctx = judge(config, "proof_of_address", "utility_bill", GOOD_BILL | {"name": f(read)})
    assert (ctx.status, ctx.reasons) == ("review", [])
    # One glyph alone, or another name holding a part, is not part of the name.
    for other in ("太", "佐藤 太郎花"):
        ctx = judge(config, "proof_of_address", "utility_bill", GOOD_BILL | {"name": f(other)})
        assert (ctx.status, ctx.reasons) == ("reject", ["POA_NAME_MISMATCH"])


def test_an_issuer_only_guessed_is_review_not_approve(config: PipelineConfig) -> None:
    ctx = judge(
        config, "proof_of_address", "utility_bill", GOOD_BILL | {"issuer": f("関東電力", 0.45)}
    )
    assert (ctx.status, ctx.reasons) == ("review", [])


def test_statutory_end_overrides_printed_expiry(config: PipelineConfig) -> None:
    # Every 住基カード ended on 2025-12-28, whatever the card prints (contract §2).
    ctx = DocContext(
        source=Path("x.png"),
        config=config,
        slot="id_front",
        submitted_on=SUBMITTED,
        profile=PROFILE,
        document_type="basic_resident_register_card",
    )
    from docextract.stages.rules import Verdict, check_statutes

    verdict = Verdict(ctx)
    check_statutes(verdict, SUBMITTED)
    assert verdict.rejects == ["ID_EXPIRED"]


def test_notification_card_and_non_ids_are_rejected(config: PipelineConfig) -> None:
    assert judge(config, "id_front", "my_number_notification_card", {}).reasons == [
        "ID_NOTIFICATION_CARD"
    ]
    assert judge(config, "id_front", "utility_bill", {}).reasons == ["ID_TYPE_NOT_ACCEPTED"]
    assert judge(config, "proof_of_address", "shop_receipt", {}).reasons == [
        "POA_TYPE_NOT_ACCEPTED"
    ]


def test_recognized_but_unread_types_go_to_review(
    config: PipelineConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docextract.extractors import EXTRACTORS

    # An accepted type without an extractor (as every type is until one is written).
    monkeypatch.delitem(EXTRACTORS, "residence_card", raising=False)
    monkeypatch.delitem(EXTRACTORS, "resident_record_copy", raising=False)
    assert judge(config, "id_front", "residence_card", {}).status == "review"
    assert judge(config, "proof_of_address", "resident_record_copy", {}).status == "review"


def test_clean_bill_is_approved(config: PipelineConfig) -> None:
    ctx = judge(config, "proof_of_address", "utility_bill", GOOD_BILL)
    assert (ctx.status, ctx.reasons) == ("approve", [])


@pytest.mark.parametrize(
    ("issued", "status"),
    [("2026-05-20", "approve"), ("2026-05-19", "reject"), ("2026-11-21", "review")],
)
def test_six_month_window(config: PipelineConfig, issued: str, status: str) -> None:
    ctx = judge(config, "proof_of_address", "utility_bill", GOOD_BILL | {"issue_date": f(issued)})
    assert ctx.status == status
    if status == "reject":
        assert ctx.reasons == ["POA_TOO_OLD"]


def test_bill_without_issue_date_or_issuer(config: PipelineConfig) -> None:
    no_date = {k: v for k, v in GOOD_BILL.items() if k != "issue_date"}
    assert judge(config, "proof_of_address", "utility_bill", no_date).reasons == [
        "POA_NO_ISSUE_DATE"
    ]
    no_issuer = {k: v for k, v in GOOD_BILL.items() if k != "issuer"}
    assert judge(config, "proof_of_address", "utility_bill", no_issuer).reasons == ["POA_NO_ISSUER"]


def test_back_address_supersedes_front(config: PipelineConfig) -> None:
    old_front = GOOD_LICENCE | {"address": f("大阪府大阪市北区梅田1-1-1")}
    assert judge(config, "id_front", "drivers_license", old_front).status == "reject"
    ctx = judge(
        config,
        "id_front",
        "drivers_license",
        old_front,
        superseding_address=f("東京都千代田区霞が関2-1-2"),
    )
    assert ctx.status == "approve"


def test_back_of_another_family_is_back_mismatch(config: PipelineConfig) -> None:
    front = judge(config, "id_front", "drivers_license", GOOD_LICENCE)
    back = judge(config, "id_back", "residence_card_back", {})
    reconcile_id_sides(front, back)
    assert (back.status, back.reasons) == ("reject", ["ID_BACK_MISMATCH"])
    front_in_back_slot = judge(config, "id_back", "drivers_license", GOOD_LICENCE)
    assert front_in_back_slot.reasons == ["ID_BACK_MISMATCH"]


def test_a_back_that_reads_like_another_family_takes_the_fronts(config: PipelineConfig) -> None:
    # A 運転経歴証明書's 備考 back prints what a licence back prints.
    front = judge(config, "id_front", "drivers_license", GOOD_LICENCE)
    front.document_type = "driving_history_certificate"
    back = judge(config, "id_back", "drivers_license_back", {})
    reconcile_id_sides(front, back)
    assert (back.status, back.document_type) == ("approve", "driving_history_certificate_back")


def test_block_numbers_are_never_fuzzy(config: PipelineConfig) -> None:
    settings = config.match
    same = addresses_to_score("東京都千代田区霞ヶ関二丁目1番2号", "千代田区霞が関2-1-2", settings)
    assert same >= settings.address_threshold
    other = addresses_to_score(
        "東京都千代田区霞が関二丁目1番12号", "東京都千代田区霞が関2-1-2", settings
    )
    assert other < settings.address_threshold
    room = addresses_to_score(
        "東京都千代田区霞が関2-1-2 霞ビル301", "東京都千代田区霞が関2-1-2 霞ビル302", settings
    )
    assert room < settings.address_threshold
    # Same block, another room: never a match, and a person looks (803 is read as 8603).
    moved = judge(
        config,
        "id_back",
        "drivers_license_back",
        {"address": f("東京都千代田区霞が関二丁目1番2号 霞ビル8603")},
        profile=Profile("山田 太郎", dt.date(1987, 4, 1), "東京都千代田区霞が関2-1-2 霞ビル803"),
    )
    assert (moved.status, moved.reasons) == ("review", [])


def test_name_variants_match_and_different_names_do_not() -> None:
    assert names_to_score("髙橋 一郎", Profile("高橋 一郎", dt.date(1990, 1, 1), "x"))[0] == 1.0
    # The profile's kana ヤマダ タロウ is also compared as passport Hepburn.
    assert names_to_score("YAMADA TARO", PROFILE) == (1.0, True)
    assert names_to_score("YAMADA JIRO", PROFILE)[0] < 0.9
    latin = Profile("山田 太郎", dt.date(1990, 1, 1), "x", name_latin="YAMADA TARO")
    assert names_to_score("Taro Yamada", latin) == (1.0, True)
    assert names_to_score("山田 次郎", PROFILE)[0] < 0.9
