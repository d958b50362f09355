"""Fixtures the unit tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuesheet.store.project_file import ProjectFile
from tests.factories import rich_project


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A project file written from ``rich_project()``: every origin, shared parties, awkward text."""
    path = tmp_path / "film.cuesheet"
    ProjectFile.create(path, rich_project()).close()
    return path
