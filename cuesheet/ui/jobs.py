"""Work off the GUI thread, the one way the window does it: exports, imports, the backup taken at
open, probing the film, starting libVLC, the waveform and decoding pictures are all jobs here.

A job has a label (shown in the status bar unless quiet), may report progress and intermediate
results, may be cancelled, and ends with a result or a one-line error; everything it hands back is
delivered on the GUI thread. A user error ends it with its message; an unexpected one too (never
silence, never a status bar stuck on "Exporting…"). After ``cancel()`` nothing more is delivered.

The jobs share one pool of their own, larger than the machine's core count: a long one (the
waveform of a feature film, the picture decoder that lives as long as the film is open) must not
hold up a short one (libVLC starting so that Play works).

Until a window has first been painted, new jobs wait (``hold``/``release``): a worker running Python
meanwhile takes the GIL from the thread that builds and paints the window (the backup and the
table's search texts cost 70–90 ms of a 50,000-cue start). Waiting for a held job releases them.
"""

from __future__ import annotations

import atexit
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from cuesheet.errors import USER_ERRORS

if TYPE_CHECKING:
    from cuesheet.domain.history import Document

_POOL_THREADS = 8
GIL_SWITCH_S = 0.001
_QUIT_WAIT_MS = 10_000  # a job still running then (a stuck read) is left to the process's end
_pool: QThreadPool | None = None
_holds = 0  # windows not yet painted
_held: list[Job] = []  # started meanwhile, in order
_live: set[Job] = set()  # in the pool, not yet returned
_ending = False  # Python is ending: nothing more starts


def _the_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        # The GUI thread takes the GIL back from a worker running Python (validation, imports)
        # only at the switch interval: at the default 5 ms, the waits of one repaint at 50,000 cues
        # added up to 53-58 ms stalls in two of five bench-ui runs (over its 50 ms floor); at 1 ms
        # the worst of three runs was 38 ms. The workers' own numpy work releases the GIL anyway.
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_S))
        _pool = QThreadPool()
        _pool.setMaxThreadCount(max(_POOL_THREADS, QThreadPool.globalInstance().maxThreadCount()))
    return _pool


@atexit.register
def _drain() -> None:
    """Python is ending: nothing more starts (a held job counts as ended), running jobs are asked
    to stop and waited for: Python torn down under a worker still running Python crashes."""
    global _ending
    _ending = True
    for job in _held:
        job._ended.set()
    _held.clear()
    for job in list(_live):
        job.cancel()
    if _pool is not None:
        _pool.waitForDone(_QUIT_WAIT_MS)


def hold() -> None:
    """Jobs started from now on wait until every ``hold`` has had its ``release``."""
    global _holds
    _holds += 1


def release() -> None:
    global _holds
    _holds = max(0, _holds - 1)
    if not _holds:
        _start_held()


def waiting() -> int:
    """How many jobs are held (a window not yet painted)."""
    return len(_held)


def _submit(job: Job) -> None:
    if _ending:
        job._ended.set()
    elif _holds:
        _held.append(job)
    else:
        _live.add(job)
        _the_pool().start(job)


def _start_held() -> None:
    """Every held job to the pool, in the order started (also when a hold is still on: waited for)."""
    while _held and not _ending:
        job = _held.pop(0)
        _live.add(job)
        _the_pool().start(job)


class Task:
    """What the work is handed, on its worker thread."""

    def __init__(self, job: Job) -> None:
        self._job = job
        self._percent = -1

    @property
    def cancelled(self) -> bool:
        return self._job.cancelled

    def report(self, fraction: float) -> None:
        """Progress, 0…1; one status message per percent, however often the work reports."""
        percent = int(fraction * 100)
        if percent != self._percent:
            self._percent = percent
            self._job.signals.progress.emit(percent)

    def partial(self, value: object) -> None:
        """An intermediate result, handed to the job's ``partial`` callback on the GUI thread."""
        self._job.signals.partial.emit(value)


class Job(QRunnable):
    """The handle ``Jobs.run`` returns: ``cancel()``, ``wait()`` (from any thread), ``label``."""

    class Signals(QObject):
        done = Signal(object)
        failed = Signal(str)
        progress = Signal(int)  # percent
        partial = Signal(object)

    def __init__(self, label: str, work: Callable[[Task], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the Python handle outlives the pool's run (wait, cancel)
        self.label, self.work = label, work
        self.signals = self.Signals()  # made on the GUI thread: what it emits is queued there
        self._cancelled = threading.Event()
        self._ended = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Ask the work to stop (it may look at ``task.cancelled``); deliver nothing more."""
        self._cancelled.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work has returned (not its delivery); False on timeout."""
        if self in _held:  # waited for before the window was painted: nothing waits any longer
            _start_held()
        return self._ended.wait(timeout)

    def run(self) -> None:
        try:
            result = self.work(Task(self))
        except USER_ERRORS as error:
            self.signals.failed.emit(_one_line(str(error)))
        except Exception as error:  # a bug must still end the job with a message
            self.signals.failed.emit(_one_line(f"unexpected error: {type(error).__name__}: {error}"))
        else:
            self.signals.done.emit(result)
        finally:
            _live.discard(self)
            self._ended.set()


def _one_line(message: str) -> str:
    return " ".join(message.split("\n")).strip() or "failed"


class Jobs(QObject):
    status = Signal(str)  # what to show: the job's label, its progress, its error
    finished = Signal()  # a job ended, either way (tests wait on it)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: set[Job] = set()  # kept alive until their results are delivered

    def run(
        self,
        label: str,
        work: Callable[[Task], Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None] | None = None,
        partial: Callable[[Any], None] | None = None,
        quiet: bool = False,
    ) -> Job:
        """Run ``work(task)`` in the pool; ``done(result)`` or ``failed(message)`` follow on the GUI
        thread (without ``failed`` the message goes to ``status``). ``quiet``: the label and the
        progress are not shown (background work the user did not ask for)."""
        job = Job(label, work)
        self._running.add(job)
        queued = Qt.ConnectionType.QueuedConnection

        def end(deliver: Callable[[], None]) -> None:
            self._running.discard(job)
            if not job.cancelled:
                deliver()
            self.finished.emit()

        def fail(message: str) -> None:
            if failed is not None:
                failed(message)
            else:
                self.status.emit(message)

        job.signals.done.connect(lambda result: end(lambda: done(result)), queued)
        job.signals.failed.connect(lambda message: end(lambda: fail(message)), queued)
        if partial is not None:
            job.signals.partial.connect(lambda value: None if job.cancelled else partial(value), queued)
        if not quiet:
            job.signals.progress.connect(
                lambda percent: None if job.cancelled else self.status.emit(f"{label} {percent} %"), queued
            )
            self.status.emit(label)
        _submit(job)
        return job

    def start(
        self,
        label: str,
        work: Callable[..., Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None] | None = None,
        reports_progress: bool = False,
    ) -> Job:
        """Run ``work()`` in the pool; with ``reports_progress`` it is given a ``report(fraction)``
        callable and the status shows the label with the percent done."""
        if reports_progress:
            return self.run(label, lambda task: work(task.report), done, failed)
        return self.run(label, lambda task: work(), done, failed)

    def start_on(
        self,
        document: Document,
        label: str,
        work: Callable[..., Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None] | None = None,
        reports_progress: bool = False,
    ) -> Job:
        """``start`` of ``work(snapshot)`` (``work(snapshot, report)`` with ``reports_progress``) on
        a snapshot of ``document``'s project (``Project.snapshot``). ``done`` hears the result only
        while the project is as it was snapshotted: one the user edited meanwhile is snapshotted
        and worked on again, in the pool (a plan or a frozen sheet of 50,000 cues made again on
        the GUI thread stalled the window for seconds)."""
        revision, snapshot = document.revision, document.project.snapshot()

        def finished(result: Any) -> None:
            if document.revision != revision:
                self.start_on(document, label, work, done, failed, reports_progress)
            else:
                done(result)

        if reports_progress:
            return self.start(label, lambda report: work(snapshot, report), finished, failed, True)
        return self.start(label, lambda: work(snapshot), finished, failed)

    def cancel_all(self) -> None:
        for job in list(self._running):
            job.cancel()
