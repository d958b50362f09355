"""Test session set-up: headless Qt, a private data folder, generated media."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Before any Qt import: offscreen unless a test run asks for a real display (xvfb-marked tests).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_runtime = tempfile.mkdtemp(prefix="cuesheet-xdg-")
atexit.register(shutil.rmtree, _runtime, True)  # each run's own, gone with it
os.chmod(_runtime, 0o700)
os.environ.setdefault("XDG_RUNTIME_DIR", _runtime)

import pytest  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's user data (demo, backups) goes to a temporary folder, never the real one."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("CUESHEET_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def short_film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3-second 23.976 clip starting at 01:00:00:00, with music from 0.5 s to 2.5 s."""
    from cuesheet.media.synth import Segment, write_film

    path = tmp_path_factory.mktemp("media") / "short film.mp4"
    return write_film(path, 3, size=(192, 108), segments=[Segment(0.5, 2.5, "pad")])
