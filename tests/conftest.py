"""Shared fixtures: the default pipeline, and schema-checked verification."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import assert_valid_report

from docextract.api import Verification, verify_submission
from docextract.config import PipelineConfig, load_pipeline


@pytest.fixture(scope="session")
def config() -> PipelineConfig:
    return load_pipeline()


@pytest.fixture
def verify(config: PipelineConfig) -> Callable[..., Verification]:
    """verify_submission, with every report it produces checked against the schema."""

    def run(folder: Path, **kwargs: Any) -> Verification:
        kwargs.setdefault("config", config)
        result = verify_submission(folder, **kwargs)
        assert_valid_report(result.report)
        return result

    return run
