"""Play a generated film in the real window on an X display with libVLC embedded; print JSON.

Run by tests/gui/test_embedded_vlc.py under xvfb-run (QT_QPA_PLATFORM=xcb). It plays, reads the
frame index painted in the picture from a screenshot of VLC's surface, pauses, and reads it again
from a screenshot of the exact paused picture.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from cuesheet.media.synth import Segment, read_index, write_film
from cuesheet.project_service import create_project
from cuesheet.ui.main_window import MainWindow
from cuesheet.ui.session import Session

WIDTH, HEIGHT = 640, 360


def screen_index(widget: QWidget, app: QApplication) -> int:
    """Grab the widget's area of the screen and read the index from the letterboxed picture."""
    origin = widget.mapToGlobal(widget.rect().topLeft())
    size = widget.size()
    scaled = QRect(0, 0, WIDTH, HEIGHT).size().scaled(size, Qt.AspectRatioMode.KeepAspectRatio)
    left, top = (size.width() - scaled.width()) // 2, (size.height() - scaled.height()) // 2
    shot = app.primaryScreen().grabWindow(
        0, origin.x() + left, origin.y() + top, scaled.width(), scaled.height()
    )
    if len(sys.argv) > 1 and not sys.argv[1].startswith("--"):  # keep whole-screen shots to look at
        app.primaryScreen().grabWindow(0).save(f"{sys.argv[1]}-{widget.__class__.__name__}.png")
    image = shot.toImage().convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return read_index(data[:, : image.width() * 3].reshape(image.height(), image.width(), 3))


def sample_lag(window: MainWindow, app: QApplication, speed: float, seconds: float) -> list[float]:
    """Play from the start at ``speed``; every ~100 ms, the app's clock minus the frame VLC shows
    (positive: the picture is behind the clock), from the moment VLC says it plays."""
    window.media.seek(0)
    window.media.set_speed(speed)
    window.media.toggle()
    deadline = time.monotonic() + 5
    while not window.media.playing and time.monotonic() < deadline:
        QTest.qWait(20)
    lags = []
    started = time.monotonic()
    while time.monotonic() - started < seconds and window.media.playing:
        before = window.media.position()
        shown = screen_index(window.picture.video, app)
        after = window.media.position()
        lags.append((before + after) / 2 - shown)
        QTest.qWait(100)
    window.media.toggle()
    QTest.qWait(300)
    return lags


def window_on(project: Path, folder: Path, width: int, height: int) -> MainWindow:
    """The real window on ``project``, libVLC drawing in it: shown, exposed and active."""
    window = MainWindow(
        Session(), QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat), headless=False
    )
    window.resize(width, height)
    window.show()
    QTest.qWaitForWindowExposed(window, 5000)
    window.open_project(project)
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 3000)
    return window


def play_a_while(window: MainWindow) -> None:
    """Space, as a person presses it; then 1.5 s once libVLC says it plays (at most 5 s more)."""
    QTest.keyClick(window, Qt.Key.Key_Space)
    deadline = time.monotonic() + 5
    while not window.media.playing and time.monotonic() < deadline:
        QTest.qWait(20)
    QTest.qWait(1500)


def pause_and_wait(window: MainWindow) -> int:
    """Space again; the paused playhead, once its exact picture is drawn (at most 5 s)."""
    QTest.keyClick(window, Qt.Key.Key_Space)
    QTest.qWait(100)
    paused = window.media.position()
    deadline = time.monotonic() + 5
    while window.picture.frames.frame != paused and time.monotonic() < deadline:
        QTest.qWait(20)
    QTest.qWait(200)
    return paused


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="cuesheet-xvfb-") as name:  # gone after the run
        return run(Path(name))


def run(folder: Path) -> int:
    film = write_film(folder / "film.mp4", 14, size=(WIDTH, HEIGHT), segments=[Segment(0, 10, "pad")], gop=24)
    project = folder / "embedded.cuesheet"
    create_project(project, "Embedded", None, None, film)
    app = QApplication(sys.argv[:1])
    window = window_on(project, folder, 1200, 800)
    result: dict[str, object] = {"unavailable": window.media.unavailable}
    play_a_while(window)
    result["playing"] = window.media.playing
    result["playing_clock"] = window.media.position()
    result["playing_vlc_index"] = screen_index(window.picture.video, app)
    paused = pause_and_wait(window)
    result["paused_playhead"] = paused
    result["paused_index"] = screen_index(window.picture.frames, app)
    if "--lag" in sys.argv:
        for speed in (1.0, 2.0):
            result[f"lag_{speed:g}x"] = sample_lag(window, app, speed, 6.0 / speed)
    window.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
