"""Where Cuesheet keeps per-user files (demo media, waveform caches, backups)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def user_data_dir() -> Path:
    """``CUESHEET_DATA_DIR`` when set (tests, portable installs), else the platform's data folder."""
    override = os.environ.get("CUESHEET_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir("Cuesheet", "Cuesheet"))
    path.mkdir(parents=True, exist_ok=True)
    return path
