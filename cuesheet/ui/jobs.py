"""Work off the GUI thread: a job runs in the thread pool and its result comes back on the GUI thread.

A user error ends the job with its one-line message; an unexpected one too (never silence, never a
status bar stuck on "Exporting…").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from cuesheet.errors import USER_ERRORS


class _Job(QRunnable):
    class Signals(QObject):
        done = Signal(object)
        failed = Signal(str)

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = self.Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except USER_ERRORS as error:
            self.signals.failed.emit(str(error))
            return
        except Exception as error:  # a bug must still end the job with a message
            self.signals.failed.emit(f"unexpected error: {type(error).__name__}: {error}")
            return
        self.signals.done.emit(result)


class Jobs(QObject):
    status = Signal(str)  # what to show: the job's label, then its error (the caller reports success)
    finished = Signal()  # a job ended, either way (tests wait on it)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: set[_Job] = set()  # the Python objects must outlive the pool's run

    def start(self, label: str, work: Callable[[], Any], done: Callable[[Any], None],
              failed: Callable[[str], None] | None = None) -> None:  # fmt: skip
        job = _Job(work)
        self._running.add(job)

        def finish(result: Any = None, error: str | None = None) -> None:
            self._running.discard(job)
            if error is None:
                done(result)
            elif failed is not None:
                failed(error)
            else:
                self.status.emit(error)
            self.finished.emit()

        job.signals.done.connect(lambda result: finish(result))
        job.signals.failed.connect(lambda message: finish(error=message))
        self.status.emit(label)
        QThreadPool.globalInstance().start(job)
