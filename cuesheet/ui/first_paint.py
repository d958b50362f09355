"""The window first, then the rest: what can wait for the window's first paint waits for it.

Until the window has painted once and the event loop has come round, background jobs are held
(``jobs.hold``), and the views leave for later what the first picture does not need (the timeline
places its cues, the Problems panel checks the sheet). A window that is never painted (hidden, a
test that does not show it) gets its background work half a second after its event loop first runs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from cuesheet.ui import jobs

UNPAINTED_MS = 500


class FirstPaint(QObject):
    done = Signal()  # once: the window has painted and the event loop has come round

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.painted = False
        jobs.hold()
        held = [True]

        def let_go() -> None:  # once, also when the window goes unpainted (a plain function: it may)
            if held:
                held.clear()
                jobs.release()

        self._let_go = let_go
        window.destroyed.connect(let_go)
        window.installEventFilter(self)
        self._fallback = QTimer(self, singleShot=True, interval=UNPAINTED_MS)
        self._fallback.timeout.connect(self.finish)
        QTimer.singleShot(0, self, self._fallback.start)  # counted from the event loop's first turn

    def later(self, callback: Callable[[], object]) -> None:
        """``callback`` after the first paint (at once when it has been)."""
        if self.painted:
            callback()
        else:
            self.done.connect(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The window paints before its children, all in one pass; what they leave for later (the
        # timeline's places: numpy) is posted after this and runs before the jobs start: a worker
        # importing numpy meanwhile held it up for 170-330 ms.
        if watched is self.window and event.type() == QEvent.Type.Paint:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self.finish))
        elif watched is self.window and event.type() == QEvent.Type.Close:
            self.finish()  # closed unpainted: its held jobs (the backup) must not wait for ever
        return False

    def finish(self) -> None:
        if self.painted:
            return
        self.painted = True
        self._fallback.stop()
        self.window.removeEventFilter(self)
        self._let_go()
        self.done.emit()
