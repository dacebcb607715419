"""Red ink (seals) dropped before OCR on cards, and only seals: not colour noise, not paper."""

from __future__ import annotations

import cv2
import numpy as np

from docextract.stages.preprocess import image_to_gray_without_red_ink, is_id1_shaped

PAPER = (235, 240, 245)  # BGR, a light card stock
RED = (60, 60, 210)
BLACK = (30, 30, 30)


def card_with_seal() -> np.ndarray:
    image = np.full((880, 1400, 3), PAPER, np.uint8)
    cv2.putText(image, "KYOTO", (600, 420), cv2.FONT_HERSHEY_SIMPLEX, 3, BLACK, 8)
    cv2.circle(image, (1000, 400), 60, RED, 6)  # the seal's ring, over nothing
    cv2.putText(image, "X", (975, 425), cv2.FONT_HERSHEY_SIMPLEX, 1.5, RED, 4)  # its glyph
    return image


def test_a_seal_becomes_paper_and_black_text_stays() -> None:
    image = card_with_seal()
    gray = image_to_gray_without_red_ink(image, min_redness=40, min_extent_px=40)
    ring = gray[340:460, 940:1060]
    assert ring.min() > 200  # ring and the glyph inside it are gone
    text = gray[330:430, 600:900]
    assert text.min() < 60  # the black text is untouched


def test_red_specks_of_colour_noise_are_left() -> None:
    image = np.full((880, 1400, 3), PAPER, np.uint8)
    rng = np.random.default_rng(7)
    for x, y in rng.integers(50, 800, size=(300, 2)):
        cv2.rectangle(image, (int(x), int(y)), (int(x) + 3, int(y) + 3), RED, -1)
    gray = image_to_gray_without_red_ink(image, min_redness=40, min_extent_px=40)
    assert np.array_equal(gray, cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))


def test_only_card_shaped_pages_lose_red_ink() -> None:
    assert is_id1_shaped(np.zeros((648, 1027, 3), np.uint8))
    assert is_id1_shaped(np.zeros((1027, 648, 3), np.uint8))
    assert not is_id1_shaped(np.zeros((2339, 1654, 3), np.uint8))  # A4: receipt stamps
