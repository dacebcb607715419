"""Writing files reproducibly and keeping the manifest the README is made from."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

JPEG_PHOTO_QUALITY = 60
JPEG_SCAN_QUALITY = 85


@dataclass(frozen=True)
class Entry:
    path: str
    doc_type: str
    variant: str
    purpose: str


def dump_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def save_image(img: Image.Image, path: Path, quality: int | None = None) -> None:
    """PNG (lossless, clean renders) or JPEG (photos); no timestamps or EXIF either way."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".png":
        img.save(path, "PNG", optimize=True)
    else:
        img.convert("RGB" if img.mode != "L" else "L").save(
            path, "JPEG", quality=quality or JPEG_SCAN_QUALITY
        )


@dataclass
class Writer:
    """Writes each document with its ground truth beside it and records it."""

    root: Path
    entries: list[Entry] = field(default_factory=list)

    def _record(self, path: Path, truth: dict[str, Any], variant: str, purpose: str) -> None:
        if variant != "clean":
            truth = {
                "document_type": truth["document_type"],
                "variant": variant,
                "fields": truth["fields"],
            }
        path.with_suffix(".json").write_text(dump_json(truth), encoding="utf-8")
        rel = path.relative_to(self.root).as_posix()
        self.entries.append(Entry(rel, truth["document_type"], variant, purpose))

    def image(
        self,
        rel: str,
        img: Image.Image,
        truth: dict[str, Any],
        purpose: str,
        variant: str = "clean",
        quality: int | None = None,
    ) -> Path:
        path = self.root / rel
        save_image(img, path, quality)
        self._record(path, truth, variant, purpose)
        return path

    def pdf(
        self,
        rel: str,
        write: Callable[[Path], None],
        truth: dict[str, Any],
        purpose: str,
        variant: str = "clean",
    ) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path)
        self._record(path, truth, variant, purpose)
        return path

    def other(self, rel: str, doc_type: str, purpose: str) -> None:
        """A file without ground truth of its own (submission files)."""
        self.entries.append(Entry(rel, doc_type, "", purpose))
