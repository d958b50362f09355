"""Decoding exact frames off the GUI thread.

The GUI asks for frame N at a size; a decoder job decodes it and sends back a QImage. The job runs
as long as the film is open, on one pool thread, because the ``FrameSource`` (a PyAV container
and its decoder state) must stay on the thread that made it; it is started, stopped and delivers
its pictures through ``Jobs`` like any other work. Requests are coalesced: while the user scrubs,
only the newest request is decoded, so the picture keeps up instead of replaying every frame.
"""

from __future__ import annotations

import threading
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from cuesheet.media.probe import MediaError
from cuesheet.ui.jobs import Jobs, Task

if TYPE_CHECKING:
    from cuesheet.media.frames import FrameSource

_IDLE_CHECK_S = 1.0  # a cancelled decoder notices within this even if nobody wakes it


class FrameRenderer(QObject):
    """GUI-side handle: ``request(frame, w, h)``; ``picture_ready(frame, image)`` comes back."""

    picture_ready = Signal(int, QImage)
    failed = Signal(str)

    def __init__(self, path: Path, jobs: Jobs, rate: Fraction | None = None) -> None:
        """``rate``: the project's, at which a variable-rate film's frames are moments."""
        super().__init__()
        self._path, self._rate = path, rate
        self._wanted: tuple[int, int, int] | None = None  # the newest request not yet decoded
        self._wake = threading.Condition()
        self._job = jobs.run(
            "Decoding pictures", self._decode, lambda _: None, self.failed.emit, self._deliver, quiet=True
        )

    def request(self, frame: int, width: int, height: int) -> None:
        with self._wake:
            self._wanted = (frame, max(16, width), max(16, height))
            self._wake.notify()

    def shutdown(self) -> None:
        self._job.cancel()
        with self._wake:
            self._wake.notify()
        self._job.wait(5.0)

    def _deliver(self, result: tuple[int, QImage] | str) -> None:
        if isinstance(result, str):
            self.failed.emit(result)
        else:
            self.picture_ready.emit(*result)

    # -- on the decoder's thread ---------------------------------------------------------------

    def _next(self, task: Task) -> tuple[int, int, int] | None:
        with self._wake:
            while self._wanted is None and not task.cancelled:
                self._wake.wait(_IDLE_CHECK_S)
            wanted, self._wanted = self._wanted, None
        return None if task.cancelled else wanted

    def _decode(self, task: Task) -> None:
        from cuesheet.media.frames import FrameSource  # PyAV and numpy load here, not at start-up

        source: FrameSource | None = None
        try:
            while (wanted := self._next(task)) is not None:
                try:
                    if source is None:
                        source = FrameSource(self._path, rate=self._rate)
                    task.partial(_picture(source, *wanted))
                except MediaError as error:
                    task.partial(str(error))
        finally:
            if source is not None:
                source.close()


def _picture(source: FrameSource, frame: int, box_width: int, box_height: int) -> tuple[int, QImage]:
    """Frame ``frame`` at the largest even size with the film's shape that fits the box (never
    larger than the film)."""
    frame = max(0, min(frame, source.frame_count - 1))
    width, height = source.size  # as shown: the display aspect, upright
    scale = min(box_width / width, box_height / height, 1.0)
    width, height = max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)
    rgb = source.rgb(frame, width, height)
    h, w, _ = rgb.shape
    return frame, QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
