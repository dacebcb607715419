"""Test helpers: submission folders in tmp dirs, report schema checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SCHEMA = json.loads((Path(__file__).parent / "data" / "report.schema.json").read_text())
FORMAT_CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER

PROFILE = {
    "name": "山田 太郎",
    "name_kana": "ヤマダ タロウ",
    "birth_date": "1987-04-01",
    "address": "東京都千代田区霞が関2-1-2",
}


def assert_valid_report(report: dict[str, Any]) -> None:
    jsonschema.validate(report, SCHEMA, format_checker=FORMAT_CHECKER)


def write_submission(
    folder: Path, uploads: dict[str, Path | bytes] | None = None, **meta: Any
) -> Path:
    """A submission folder: ``uploads`` maps a file name to a source path or raw bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    doc = {
        "submission_id": "S-TEST-1",
        "submitted_on": "2026-11-20",
        "profile": PROFILE,
        "files": {},
    }
    doc.update(meta)
    (folder / "submission.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    for name, content in (uploads or {}).items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            shutil.copyfile(content, target)
    return folder
