"""Where Cuesheet keeps per-user files (demo media, waveform caches, backups)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs


def user_data_dir() -> Path:
    """``CUESHEET_DATA_DIR`` when set (tests, portable installs), else the platform's data folder."""
    override = os.environ.get("CUESHEET_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir("Cuesheet", "Cuesheet"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def resource(name: str) -> Path | None:
    """A file from ``resources/``: beside the package in a checkout, inside the bundle when packaged."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    path = base / "resources" / name
    return path if path.exists() else None
