"""A real main window on a generated film, offscreen, with headless libVLC when it is there."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from cuesheet.project_service import create_project
from cuesheet.ui.main_window import MainWindow
from cuesheet.ui.session import Session


@pytest.fixture(scope="session")
def film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cuesheet.media.synth import Segment, write_film

    path = tmp_path_factory.mktemp("gui-media") / "cut v3.mp4"
    return write_film(path, 8, size=(320, 180), segments=[Segment(1, 7, "pad")], gop=24)


@pytest.fixture
def project_path(tmp_path: Path, film: Path) -> Path:
    path = tmp_path / "Spotting.cuesheet"
    create_project(path, "Spotting session", None, None, film)
    return path


@pytest.fixture
def open_window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Builds windows on a project; each gets its own settings file."""
    windows: list[MainWindow] = []

    def build(path: Path) -> MainWindow:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Session(), settings, headless=True)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        assert window.open_project(path)
        qtbot.waitUntil(lambda: window.picture.frames.image is not None, timeout=5000)
        windows.append(window)
        return window

    yield build
    for window in windows:
        window.close()


def image_index(image: QImage) -> int:
    from cuesheet.media.synth import read_index

    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(rgb.constBits(), np.uint8).reshape(rgb.height(), rgb.bytesPerLine())
    return read_index(data[:, : rgb.width() * 3].reshape(rgb.height(), rgb.width(), 3))
