"""Play films shaped as delivered in the real window on an X display, libVLC embedded; print JSON.

Run by tests/gui/test_embedded_vlc.py under xvfb-run (QT_QPA_PLATFORM=xcb). For a phone film stored
on its side, an anamorphic NTSC film and an interlaced film whose two fields carry different
pictures, it plays, grabs VLC's surface from the screen and the paused picture, and reports the
picture's box (width, height) and the frame number read from it: read only if upright and whole.
"""

from __future__ import annotations

import json
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from xvfb_playback_check import pause_and_wait, play_a_while, window_on  # this script's folder

from cuesheet.media.synth import read_index
from cuesheet.media.synth_delivery import Delivery, write_delivery
from cuesheet.project_service import create_project

CASES = {
    "rotated": Delivery(stored=(640, 360), rotation=-90),
    "anamorphic": Delivery(stored=(720, 480), sample_aspect=Fraction(40, 33)),
    "interlaced": Delivery(stored=(720, 576), fields="tff"),
}


def grab(widget: QWidget, app: QApplication) -> dict[str, object]:
    """The picture inside ``widget`` on the screen: its box and the index read from it."""
    origin = widget.mapToGlobal(widget.rect().topLeft())
    shot = app.primaryScreen().grabWindow(0, origin.x(), origin.y(), widget.width(), widget.height())
    image = shot.toImage().convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    rgb = data[:, : image.width() * 3].reshape(image.height(), image.width(), 3)
    rows, columns = np.nonzero(rgb.max(axis=2) > 24)  # the film is never black; the letterbox is
    if not len(rows):
        return {"box": None, "index": None}
    picture = rgb[rows.min() : rows.max() + 1, columns.min() : columns.max() + 1]
    comb = float(np.abs(picture[0:-1:2].astype(int) - picture[1::2]).mean())
    return {"box": [picture.shape[1], picture.shape[0]], "index": read_index(picture), "comb": comb}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="cuesheet-shapes-") as name:  # gone after the run
        return run(Path(name))


def run(folder: Path) -> int:
    app = QApplication(sys.argv[:1])
    results: dict[str, object] = {}
    for name, delivery in CASES.items():
        film = write_delivery(folder / f"{name}.mp4", delivery, 250)
        project = folder / f"{name}.cuesheet"
        create_project(project, name, None, None, film)
        window = window_on(project, folder, 1200, 900)
        play_a_while(window)
        result: dict[str, object] = {"shown": list(delivery.shown), "playing": window.media.playing}
        result["vlc"] = grab(window.picture.video, app)
        paused = pause_and_wait(window)
        result["paused"] = {**grab(window.picture.frames, app), "playhead": paused}
        results[name] = result
        window.close()
        QTest.qWait(200)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
