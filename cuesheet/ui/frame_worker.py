"""Decoding exact frames off the GUI thread.

The GUI asks for frame N at a size; the worker (in its own QThread, owning the ``FrameSource``)
decodes it and sends back a QImage. Requests are coalesced: while the user scrubs, only the newest
request is decoded, so the picture keeps up instead of replaying every intermediate frame.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from cuesheet.media.frames import FrameSource
from cuesheet.media.probe import MediaError


class _Worker(QObject):
    picture_ready = Signal(int, QImage)
    failed = Signal(str)

    def __init__(self, path: Path, latest: list[int], lock: threading.Lock) -> None:
        super().__init__()
        self._path = path
        self._source: FrameSource | None = None
        self._latest, self._lock = latest, lock

    @Slot(int, int, int)
    def render(self, frame: int, width: int, height: int) -> None:
        with self._lock:
            if frame != self._latest[0]:
                return  # superseded by a newer request
        try:
            if self._source is None:
                self._source = FrameSource(self._path)
            frame = max(0, min(frame, self._source.frame_count - 1))
            width, height = self._fit(width, height)
            rgb = self._source.rgb(frame, width, height)
        except MediaError as error:
            self.failed.emit(str(error))
            return
        rgb = np.ascontiguousarray(rgb)  # scaled frames can carry row padding
        h, w, _ = rgb.shape
        image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        self.picture_ready.emit(frame, image)

    def _fit(self, box_width: int, box_height: int) -> tuple[int, int]:
        """The largest even size with the film's shape that fits the box (never larger than the film)."""
        assert self._source is not None
        width, height = self._source.size
        scale = min(box_width / width, box_height / height, 1.0)
        return max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)

    @Slot()
    def close(self) -> None:
        if self._source is not None:
            self._source.close()
            self._source = None


class FrameRenderer(QObject):
    """GUI-side handle: ``request(frame, w, h)``; ``picture_ready(frame, image)`` comes back."""

    picture_ready = Signal(int, QImage)
    failed = Signal(str)
    _render = Signal(int, int, int)
    _close = Signal()

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._latest = [-1]
        self._lock = threading.Lock()
        self._thread = QThread()
        self._thread.setObjectName("frame-decoder")
        self._worker = _Worker(path, self._latest, self._lock)
        self._worker.moveToThread(self._thread)
        self._render.connect(self._worker.render)
        self._close.connect(self._worker.close)
        self._worker.picture_ready.connect(self.picture_ready)
        self._worker.failed.connect(self.failed)
        self._thread.start()

    def request(self, frame: int, width: int, height: int) -> None:
        with self._lock:
            self._latest[0] = frame
        self._render.emit(frame, max(16, width), max(16, height))

    def shutdown(self) -> None:
        self._close.emit()
        self._thread.quit()
        self._thread.wait(5000)
