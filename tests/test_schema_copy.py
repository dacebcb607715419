"""The schema the tests validate against is the contract's own."""

from __future__ import annotations

import json

import pytest
from support import REPO, SCHEMA

SHARED = REPO.parent / "shared" / "spec" / "report.schema.json"


@pytest.mark.skipif(not SHARED.exists(), reason="shared/spec is not beside this checkout")
def test_vendored_schema_matches_contract() -> None:
    assert json.loads(SHARED.read_text()) == SCHEMA


def test_schema_lists_every_reason_code_we_emit() -> None:
    from docextract.messages import MESSAGES

    slot_schema = SCHEMA["properties"]["slots"]["properties"]["id_front"]
    codes = set(slot_schema["properties"]["reasons"]["items"]["enum"])
    assert set(MESSAGES) == codes
