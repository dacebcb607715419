"""The reviewer's HTML report as a browser shows it (issue #7): a fixture submission read
with the real Tesseract, its page opened in headless Chromium.

One verification and one browser session serve every test of the module. A full-page
screenshot is kept in build/test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from support import FIXTURES, REPO, assert_valid_report

from docextract.api import verify_submission, write_report
from docextract.config import PipelineConfig
from docextract.messages import MESSAGES, REASON_TEXT
from docextract.text.numbers import find_mynumbers, is_valid_mynumber

pytestmark = pytest.mark.tesseract

# A My Number card whose back prints the Individual Number, and a health insurance card
# (its 記号・番号 masked) as proof of address; two slots with reasons.
SUBMISSION = "S-2026-000114"
# Its id_back is a copy of this document (fixtures/README.md).
ID_BACK_DOCUMENT = "my_number_card_001_back"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ARTIFACTS = REPO / "build" / "test-artifacts"
SLOTS = ("id_front", "id_back", "selfie", "proof_of_address")
PROFILE_KEYS = ("name", "name_kana", "name_latin", "birth_date", "address")


@dataclass
class Shown:
    """The report as written, and the browser showing its HTML page."""

    report: dict[str, Any]
    profile: dict[str, str]
    driver: webdriver.Chrome

    @property
    def text(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "body").text


def individual_number() -> str:
    """The My Number printed on the id_back. The ground truth JSON holds it masked, so it
    is drawn again from the fixture generator's seeded cast, then checked against the
    ground truth's last four digits."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from fixturegen.corpus import SEED
        from fixturegen.id_cast import build_cast
        from fixturegen.people import PersonFactory
    finally:
        sys.path.remove(str(REPO / "scripts"))
    # The seeds fixturegen/build.py renders the non-licence ID documents with.
    cast = build_cast(PersonFactory(SEED + 1), SEED + 3000)
    [number] = [c.number for c in cast if c.doc_type == "my_number_card" and c.key == "001"]
    truth = json.loads((FIXTURES / "documents" / f"{ID_BACK_DOCUMENT}.json").read_text())
    assert truth["fields"]["document_number"]["value"] == "*" * 8 + number[-4:]
    assert is_valid_mynumber(number)
    return number


def chrome(user_data_dir: Path) -> webdriver.Chrome:
    """Debian's Chromium and chromedriver, so that selenium-manager downloads nothing."""
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not binary.exists():
            pytest.fail(f"{binary} is missing: run `make setup` (installs chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={user_data_dir}",
    ):
        options.add_argument(arg)
    return webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))


def save_full_page(driver: webdriver.Chrome, path: Path) -> None:
    """A screenshot of the whole page: the window grown to the document's height."""
    driver.set_window_size(1280, 800)
    height, chrome_height = driver.execute_script(
        "return [document.documentElement.scrollHeight, window.outerHeight - window.innerHeight]"
    )
    driver.set_window_size(1280, height + chrome_height)
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory, config: PipelineConfig) -> Iterator[Shown]:
    work = tmp_path_factory.mktemp("html-report")
    folder = work / SUBMISSION
    shutil.copytree(FIXTURES / "submissions" / SUBMISSION, folder)
    verification = verify_submission(folder, config=config)
    assert_valid_report(verification.report)
    html_path = write_report(verification, work / "out").with_suffix(".html")
    submission = json.loads((folder / "submission.json").read_text(encoding="utf-8"))
    driver = chrome(work / "chromium-profile")
    try:
        driver.get(html_path.as_uri())
        save_full_page(driver, ARTIFACTS / f"html-report-{SUBMISSION}.png")
        yield Shown(verification.report, submission["profile"], driver)
    finally:
        driver.quit()


def test_the_recommendation_tops_the_page(shown: Shown) -> None:
    header = shown.driver.find_element(By.TAG_NAME, "header").text
    report = shown.report
    assert report["overall"] in header
    assert report["submission_id"] in header and report["submitted_on"] in header
    assert shown.text.startswith(report["overall"])


def test_each_slot_shows_its_status_and_document_type(shown: Shown) -> None:
    for slot in SLOTS:
        data = shown.report["slots"][slot]
        heading = shown.driver.find_element(By.CSS_SELECTOR, f"#{slot} h2").text
        assert heading.split() == [slot, data["status"], data["document_type"]]


def test_extracted_values_sit_beside_the_registered_ones(shown: Shown) -> None:
    compared = 0
    for slot in SLOTS:
        data = shown.report["slots"][slot]
        for row in shown.driver.find_elements(By.CSS_SELECTOR, f"#{slot} tr"):
            cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
            if not cells:
                continue  # the header row
            key, extracted, registered, score, verdict, _ = cells
            if key in data["fields"]:
                assert extracted == data["fields"][key]["value"].strip()
            if key in PROFILE_KEYS and key in shown.profile:
                assert registered == shown.profile[key].strip()
                compared += 1
            match = data["matches"].get(key)
            assert verdict == (match["verdict"] if match else "")
            assert score == (f"{match['score']:.2f}" if match else "")
    assert compared >= 4  # names and birth dates of the ID sides and the bill at least


def test_reasons_are_explained_and_the_customer_told_in_both_languages(shown: Shown) -> None:
    reasons = [(slot, code) for slot in SLOTS for code in shown.report["slots"][slot]["reasons"]]
    assert reasons, "the fixture should have a reason to show"
    for slot, code in reasons:
        section = shown.driver.find_element(By.ID, slot).text
        assert code in section and REASON_TEXT[code] in section
        assert MESSAGES[code]["ja"] in section and MESSAGES[code]["en"] in section


def test_no_individual_number_is_shown(shown: Shown) -> None:
    number = individual_number()
    # The number was read: the back's field shows its last four digits only.
    assert "*" * 8 + number[-4:] in shown.driver.find_element(By.ID, "id_back").text
    source = shown.driver.page_source
    grouped = " ".join(number[k : k + 4] for k in (0, 4, 8))
    for text in (shown.text, source):
        compact = re.sub(r"\s", "", text)
        assert number not in compact and grouped not in text
    # Number-agnostic, as tests/test_privacy.py: no valid 12-digit run in anything a
    # person reads (the inlined images' base64 left out: it is not text).
    readable = re.sub(r"data:image/[^'\"]*", "", source) + shown.text
    assert find_mynumbers(readable) == [] and find_mynumbers(re.sub(r"\s", "", readable)) == []


def test_every_image_loads_and_nothing_comes_from_the_network(shown: Shown) -> None:
    images = shown.driver.execute_script(
        "return [...document.images].map(i => [i.alt, i.complete && i.naturalWidth > 0])"
    )
    assert {alt for alt, _ in images} == {f"{slot} page 1" for slot in SLOTS}
    assert all(loaded for _, loaded in images), images
    remote = shown.driver.execute_script(
        "return [...document.querySelectorAll('[src],[href]')]"
        ".map(e => e.getAttribute('src') || e.getAttribute('href'))"
        ".filter(u => /^\\s*(https?:)?\\/\\//i.test(u))"
    )
    assert remote == []
    fetched = shown.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert [url for url in fetched if not url.startswith("data:")] == []


def test_japanese_is_drawn_in_the_declared_cjk_fonts(shown: Shown) -> None:
    driver = shown.driver
    assert driver.execute_script("return document.documentElement.lang") == "ja"
    assert driver.execute_script("return document.characterSet") == "UTF-8"
    family = driver.execute_script("return getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Noto Sans CJK JP", IPAGothic, IPAPGothic'), family
    assert driver.execute_script("return document.fonts.check('16px \"Noto Sans CJK JP\"')")
    # Not tofu: kanji in the body's font draw differently from unassigned code points,
    # which every font draws as the same empty box.
    differs = driver.execute_script(
        """
        const font = '32px ' + getComputedStyle(document.body).fontFamily;
        const draw = (text) => {
          const canvas = document.createElement('canvas');
          canvas.width = 200; canvas.height = 50;
          const g = canvas.getContext('2d');
          g.font = font; g.fillText(text, 0, 40);
          return g.getImageData(0, 0, 200, 50).data.join();
        };
        return draw('本人確認') !== draw('\\u0378\\u0378\\u0378\\u0378');
        """
    )
    assert differs
