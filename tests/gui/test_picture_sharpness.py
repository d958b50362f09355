"""The paused picture keeps its frame scaled once, to the screen's own pixels: on a HiDPI screen
(here Qt's scale factor 2, in a process of its own) it is as sharp as a smooth scaling of the frame
straight onto the screen, not a frame scaled to the window's units and enlarged again."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication
from cuesheet.ui.picture_view import FrameView

app = QApplication([])
frame = QImage(320, 180, QImage.Format.Format_RGB888)
frame.fill(QColor("navy"))
pen = QPainter(frame)
pen.setPen(QColor("white"))
for x in range(0, 320, 7):  # fine detail, which enlarging a small copy would blur
    pen.drawLine(x, 0, 320 - x, 180)
pen.end()
view = FrameView()
view.resize(581, 400)
view.show()
app.processEvents()
view.show_picture(1, frame)
shot = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
ratio = shot.devicePixelRatio()
expected = QImage(shot.size(), QImage.Format.Format_RGB32)
expected.setDevicePixelRatio(ratio)
expected.fill(QColor("black"))
pen = QPainter(expected)
pen.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
pen.drawImage(view.target_rect(), frame)
pen.end()
view.repaint()  # a second paint, from the scaled copy kept
again = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
print(ratio, shot == expected, again == expected)
"""


def test_the_picture_is_scaled_to_the_screens_pixels() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["2.0", "True", "True"], done.stdout
