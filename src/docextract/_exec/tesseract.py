"""Tesseract, through pytesseract: version check, word boxes, orientation.

Every call has a timeout; Tesseract's stderr is turned into log lines; a run that exits
0 but yields nothing parseable is an error, not an empty page.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytesseract
from cv2.typing import MatLike
from packaging.version import Version

from docextract.exceptions import ExternalProgramError, MissingDependencyError

log = logging.getLogger(__name__)

# Tesseract's OpenMP threads compete with the processes docextract reads documents in:
# on two cores one page took 7.9 s with the default threads and 1.9 s with one, with
# the same output. A caller who sets the variable keeps its value.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

MIN_VERSION = Version("4.1")
INSTALL_HINT = (
    "install it with 'make setup' (or: sudo apt-get install tesseract-ocr "
    "tesseract-ocr-jpn tesseract-ocr-eng tesseract-ocr-osd)"
)


@dataclass(frozen=True)
class RawWord:
    text: str
    conf: float
    """0..100 as Tesseract reports it."""
    left: int
    top: int
    width: int
    height: int


@functools.cache
def version() -> Version:
    if shutil.which("tesseract") is None:
        raise MissingDependencyError(f"tesseract is not installed; {INSTALL_HINT}")
    raw = str(pytesseract.get_tesseract_version())
    match = re.match(r"\d+(\.\d+)*", raw)
    if match is None:
        raise MissingDependencyError(f"cannot read the tesseract version from {raw!r}")
    return Version(match.group(0))


@functools.cache
def languages() -> frozenset[str]:
    return frozenset(pytesseract.get_languages(config=""))


def check_installed(lang: str) -> None:
    """Raise MissingDependencyError unless Tesseract and every language in ``lang`` exist."""
    found = version()
    if found < MIN_VERSION:
        raise MissingDependencyError(f"tesseract {found} is too old (need {MIN_VERSION}+)")
    missing = [code for code in lang.split("+") if code not in languages()]
    if missing:
        raise MissingDependencyError(
            f"tesseract language data missing: {', '.join(missing)}; {INSTALL_HINT}"
        )


def _log_stderr(message: str) -> None:
    for line in message.splitlines():
        line = line.strip()
        if line:
            log.warning("tesseract: %s", line)


def image_to_words(
    image: MatLike,
    *,
    lang: str,
    psm: int,
    timeout_s: float,
    char_whitelist: str | None = None,
    model_dir: Path | None = None,
) -> list[RawWord]:
    """Run Tesseract on an image and return its non-empty words with boxes.

    ``char_whitelist`` reads a code (an MRZ line) rather than prose: only those
    characters are output, and the word dictionaries are off (JAPAN.md §6).
    ``model_dir`` reads with the language data in that folder, by its LSTM network
    alone, instead of the system's.
    """
    # preserve_interword_spaces keeps Japanese runs together instead of a space per glyph.
    config = f"--psm {psm} -c preserve_interword_spaces=1"
    if model_dir is None:
        check_installed(lang)
    else:
        version()
        config += f" --tessdata-dir {shlex.quote(str(model_dir))} --oem 1"
    if char_whitelist is not None:
        config += (
            f" -c tessedit_char_whitelist={char_whitelist} -c load_system_dawg=0"
            " -c load_freq_dawg=0"
        )
    try:
        data = pytesseract.image_to_data(
            image,
            lang=lang,
            config=config,
            timeout=timeout_s,
            output_type=pytesseract.Output.DICT,
        )
    except RuntimeError as e:  # pytesseract signals its timeout with a bare RuntimeError
        raise ExternalProgramError(f"tesseract took longer than {timeout_s:.0f} s") from e
    except pytesseract.TesseractError as e:
        _log_stderr(str(e.message))
        raise ExternalProgramError(f"tesseract failed (exit {e.status}): {e.message}") from e
    if not data or "text" not in data:
        raise ExternalProgramError("tesseract exited 0 but wrote no TSV output")
    words = []
    for i, text in enumerate(data["text"]):
        text = str(text).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        words.append(
            RawWord(
                text=text,
                conf=conf,
                left=int(data["left"][i]),
                top=int(data["top"][i]),
                width=int(data["width"][i]),
                height=int(data["height"][i]),
            )
        )
    return words


def detect_rotation(image: MatLike, *, timeout_s: float) -> tuple[int, float]:
    """Clockwise degrees (0/90/180/270) to rotate the image upright, and OSD confidence.

    Returns ``(0, 0.0)`` when OSD has too little text to decide: the caller keeps the
    image as it is rather than guessing.
    """
    check_installed("osd")
    try:
        osd = pytesseract.image_to_osd(
            image, config="--psm 0", timeout=timeout_s, output_type=pytesseract.Output.DICT
        )
    except RuntimeError:
        # Orientation is an optimisation: without an answer the page is read as it is.
        log.warning("tesseract OSD took longer than %.0f s; keeping the orientation", timeout_s)
        return 0, 0.0
    except pytesseract.TesseractError as e:
        # "Too few characters" is OSD's normal answer on sparse or small text.
        log.debug("tesseract OSD gave no answer: %s", e.message)
        return 0, 0.0
    return int(osd.get("rotate", 0)) % 360, float(osd.get("orientation_conf", 0.0))
