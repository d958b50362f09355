"""The window's geometry and splitter positions, kept in QSettings between runs."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSplitter, QWidget


def restore_layout(settings: QSettings, window: QWidget, splitters: dict[str, QSplitter]) -> None:
    geometry = settings.value("window/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    for name, splitter in splitters.items():
        state = settings.value(f"window/{name}")
        if state is not None:
            splitter.restoreState(state)


def integer(settings: QSettings, key: str, default: int) -> int:
    """A whole-number setting (an ini file gives it back as text), ``default`` when absent."""
    value = settings.value(key, default)
    return int(value) if isinstance(value, (int, float, str)) else default


def save_layout(settings: QSettings, window: QWidget, splitters: dict[str, QSplitter]) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    for name, splitter in splitters.items():
        settings.setValue(f"window/{name}", splitter.saveState())
