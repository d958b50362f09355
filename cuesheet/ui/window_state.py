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


def save_layout(settings: QSettings, window: QWidget, splitters: dict[str, QSplitter]) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    for name, splitter in splitters.items():
        settings.setValue(f"window/{name}", splitter.saveState())
