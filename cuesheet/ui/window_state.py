"""The window's geometry and splitter positions, kept in QSettings between runs."""

from __future__ import annotations

import math

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget


def restore_layout(settings: QSettings, window: QWidget, splitters: dict[str, QSplitter]) -> None:
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray):  # anything else is a damaged settings file: keep the defaults
        window.restoreGeometry(geometry)
    for name, splitter in splitters.items():
        state = settings.value(f"window/{name}")
        if isinstance(state, QByteArray):
            splitter.restoreState(state)


def integer(settings: QSettings, key: str, default: int, low: int = -(2**62), high: int = 2**62) -> int:
    """A whole-number setting (an ini file gives it back as text), kept within ``low``…``high``;
    ``default`` when absent or not a number (a hand-edited or damaged settings file must not stop
    the window from opening)."""
    value = settings.value(key, default)
    try:
        number = int(value) if isinstance(value, (int, float, str)) and len(str(value)) <= 40 else default
    except (ValueError, OverflowError):
        number = default
    return max(low, min(high, number))


def view(settings: QSettings, key: str) -> tuple[float, float] | None:
    """A timeline view saved as ``frames per pixel,left frame``; None when absent or not two finite
    numbers (a zoom of 0 or NaN would make the timeline draw nothing, or forever)."""
    value = settings.value(key)
    if not isinstance(value, str) or len(value) > 80 or value.count(",") != 1:
        return None
    try:
        frames_per_px, left = (float(v) for v in value.split(","))
    except ValueError:
        return None
    if not (math.isfinite(frames_per_px) and math.isfinite(left)) or not 1e-3 <= frames_per_px <= 1e9:
        return None
    return frames_per_px, left


def save_layout(settings: QSettings, window: QWidget, splitters: dict[str, QSplitter]) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    for name, splitter in splitters.items():
        settings.setValue(f"window/{name}", splitter.saveState())
