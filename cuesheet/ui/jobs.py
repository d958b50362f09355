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
        progress = Signal(int)  # percent; queued to the GUI thread

    def __init__(self, work: Callable[..., Any], reports_progress: bool = False) -> None:
        super().__init__()
        self.work, self.reports_progress = work, reports_progress
        self.signals = self.Signals()
        self._percent = -1

    def _report(self, fraction: float) -> None:
        percent = int(fraction * 100)
        if percent != self._percent:  # one signal per percent, however often the work reports
            self._percent = percent
            self.signals.progress.emit(percent)

    def run(self) -> None:
        try:
            result = self.work(self._report) if self.reports_progress else self.work()
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

    def start(
        self,
        label: str,
        work: Callable[..., Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None] | None = None,
        reports_progress: bool = False,
    ) -> None:
        """Run ``work`` in the pool; with ``reports_progress`` it is given a ``report(fraction)``
        callable and the status shows the label with the percent done."""
        job = _Job(work, reports_progress)
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
        job.signals.progress.connect(lambda percent: self.status.emit(f"{label} {percent} %"))
        self.status.emit(label)
        QThreadPool.globalInstance().start(job)
