"""What the customer is told, per reason code, in Japanese and English; what a reviewer
reads about each code."""

from __future__ import annotations

from collections.abc import Sequence

MESSAGES: dict[str, dict[str, str]] = {
    "NOT_SUBMITTED": {
        "ja": "書類が提出されていません。書類の画像をアップロードしてください。",
        "en": "This document was not submitted. Please upload an image of it.",
    },
    "UNREADABLE": {
        "ja": "ファイルを開けませんでした。JPEG・PNG・PDF形式の画像をもう一度アップロードしてください。",
        "en": "We could not open the file. Please upload it again as a JPEG, PNG or PDF.",
    },
    "LOW_QUALITY": {
        "ja": "画像が不鮮明なため読み取れませんでした。明るい場所で、ピントを合わせ、反射がないように撮影し直してください。",
        "en": "The image is too blurry, dark or reflective to read. Please retake it in good light, in focus and without glare.",
    },
    "ID_TYPE_NOT_ACCEPTED": {
        "ja": "この書類は本人確認書類として受け付けていません。運転免許証・マイナンバーカード・パスポート・在留カードなどをご提出ください。",
        "en": "This document is not accepted as ID. Please submit a driver's license, My Number card, passport, residence card or similar.",
    },
    "ID_NOTIFICATION_CARD": {
        "ja": "通知カード・個人番号通知書は本人確認書類として使用できません。マイナンバーカードなど顔写真付きの本人確認書類をご提出ください。",
        "en": "The My Number notification card cannot be used as ID. Please submit a photo ID such as the My Number card.",
    },
    "ID_EXPIRED": {
        "ja": "本人確認書類の有効期限が切れています。有効期限内の書類をご提出ください。",
        "en": "The ID has expired. Please submit a valid ID.",
    },
    "ID_NAME_MISMATCH": {
        "ja": "本人確認書類の氏名がご登録の氏名と一致しません。ご登録内容をご確認ください。",
        "en": "The name on the ID does not match your registered name. Please check your registration.",
    },
    "ID_BIRTH_DATE_MISMATCH": {
        "ja": "本人確認書類の生年月日がご登録の生年月日と一致しません。ご登録内容をご確認ください。",
        "en": "The birth date on the ID does not match your registered birth date. Please check your registration.",
    },
    "ID_ADDRESS_MISMATCH": {
        "ja": "本人確認書類の住所がご登録の住所と一致しません。住所変更がある場合は裏面もご提出ください。",
        "en": "The address on the ID does not match your registered address. If it changed, please also submit the back side.",
    },
    "ID_BACK_MISMATCH": {
        "ja": "裏面の画像が表面と異なる書類のものです。同じ書類の裏面をご提出ください。",
        "en": "The back side is from a different document than the front. Please submit the back of the same document.",
    },
    "SELFIE_NO_FACE": {
        "ja": "顔が写っていません。お顔と本人確認書類が写るように撮影してください。",
        "en": "No face is visible. Please take a photo showing your face and your ID.",
    },
    "SELFIE_MULTIPLE_FACES": {
        "ja": "複数の人物が写っています。ご本人おひとりで撮影してください。",
        "en": "More than one person is in the photo. Please take it alone.",
    },
    "SELFIE_FACE_CUT_OFF": {
        "ja": "お顔の一部が画像からはみ出しています。お顔全体が写るように撮影してください。",
        "en": "Your face is cut off. Please make sure your whole face is in the picture.",
    },
    "SELFIE_NO_DOCUMENT": {
        "ja": "本人確認書類が写っていません。書類を右手で持って撮影してください。",
        "en": "No ID is visible. Please hold your ID in your right hand in the photo.",
    },
    "SELFIE_DOCUMENT_CUT_OFF": {
        "ja": "本人確認書類の一部が画像からはみ出しています。書類全体が写るように撮影してください。",
        "en": "Your ID is cut off. Please make sure the whole document is in the picture.",
    },
    "SELFIE_BLURRY": {
        "ja": "画像がぼやけています。お顔と書類にピントを合わせて撮影し直してください。",
        "en": "The photo is blurry. Please retake it with your face and ID in focus.",
    },
    "SELFIE_FACE_MISMATCH": {
        "ja": "お顔が本人確認書類の写真と一致しません。ご本人が撮影してください。",
        "en": "Your face does not match the photo on the ID. The photo must be of the ID holder.",
    },
    "POA_TYPE_NOT_ACCEPTED": {
        "ja": "この書類は住所確認書類として受け付けていません。公共料金の領収書・住民票の写しなどをご提出ください。",
        "en": "This document is not accepted as proof of address. Please submit a utility bill, a copy of your resident record or similar.",
    },
    "POA_NAME_MISMATCH": {
        "ja": "住所確認書類の宛名がご登録の氏名と一致しません。ご本人宛ての書類をご提出ください。",
        "en": "The name on the proof of address does not match your registered name. Please submit a document addressed to you.",
    },
    "POA_ADDRESS_MISMATCH": {
        "ja": "住所確認書類の住所がご登録の住所と一致しません。現住所が記載された書類をご提出ください。",
        "en": "The address on the proof of address does not match your registered address. Please submit a document showing your current address.",
    },
    "POA_NO_ISSUE_DATE": {
        "ja": "住所確認書類に発行日・領収日の記載がありません。日付が記載された書類をご提出ください。",
        "en": "The proof of address shows no issue or receipt date. Please submit a dated document.",
    },
    "POA_TOO_OLD": {
        "ja": "住所確認書類の発行日から6か月以上が経過しています。6か月以内に発行された書類をご提出ください。",
        "en": "The proof of address is more than six months old. Please submit one issued within the last six months.",
    },
    "POA_NO_ISSUER": {
        "ja": "住所確認書類に発行者の記載がありません。発行元が記載された書類をご提出ください。",
        "en": "The proof of address does not show who issued it. Please submit a document showing its issuer.",
    },
}

# What each code means to a reviewer (contract §4), shown beside the code in the HTML
# report: the customer messages above say what to do next, not what was found.
REASON_TEXT: dict[str, str] = {
    "NOT_SUBMITTED": "no file for the slot",
    "UNREADABLE": "not an image or PDF that can be opened, or empty or corrupt",
    "LOW_QUALITY": "too blurry, too dark, too small or glare over the fields to read reliably",
    "ID_TYPE_NOT_ACCEPTED": "not one of the accepted ID types",
    "ID_NOTIFICATION_CARD": "a My Number notification card (通知カード), never an ID",
    "ID_EXPIRED": "expired on the submission date (printed expiry or statutory end)",
    "ID_NAME_MISMATCH": "name differs from the profile",
    "ID_BIRTH_DATE_MISMATCH": "birth date differs from the profile",
    "ID_ADDRESS_MISMATCH": "current address on the ID differs from the profile",
    "ID_BACK_MISMATCH": "back side of a different document type than the front",
    "SELFIE_NO_FACE": "no face found",
    "SELFIE_MULTIPLE_FACES": "more than one live face (the ID photo aside)",
    "SELFIE_FACE_CUT_OFF": "the face does not fit in the image",
    "SELFIE_NO_DOCUMENT": "no ID document visible",
    "SELFIE_DOCUMENT_CUT_OFF": "the document (or the arm holding it) protrudes from the image",
    "SELFIE_BLURRY": "the document or face is out of focus",
    "SELFIE_FACE_MISMATCH": "the face does not match the ID photo",
    "POA_TYPE_NOT_ACCEPTED": "not an accepted proof-of-address type",
    "POA_NAME_MISMATCH": "name differs from the profile",
    "POA_ADDRESS_MISMATCH": "address differs from the current address",
    "POA_NO_ISSUE_DATE": "no issue date printed",
    "POA_TOO_OLD": "issued more than six months before the submission date (or past its statutory end)",
    "POA_NO_ISSUER": "no issuer printed",
}

REVIEW_MESSAGE = {
    "ja": "提出書類を担当者が確認しています。結果のご連絡までしばらくお待ちください。",
    "en": "Our staff are checking this document. We will contact you with the result.",
}


def customer_message(status: str, reasons: Sequence[str], lang: str) -> str:
    """The text sent to the customer for one slot; empty when nothing is asked of them."""
    if status == "approve":
        return ""
    if status == "review":
        return REVIEW_MESSAGE[lang]
    return "\n".join(MESSAGES[code][lang] for code in reasons if code in MESSAGES)
