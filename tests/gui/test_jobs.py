"""The one job runner: results, errors, progress, partial results and cancelling, on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

from cuesheet.media.probe import MediaError
from cuesheet.ui.jobs import Jobs, Task, hold, release, waiting


def test_a_result_arrives_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = Jobs()
    worker: list[threading.Thread] = []
    got: list[tuple[object, threading.Thread]] = []

    def work(task: Task) -> int:
        worker.append(threading.current_thread())
        return 42

    with qtbot.waitSignal(jobs.finished, timeout=5000):
        jobs.run("Adding", work, lambda result: got.append((result, threading.current_thread())))
    assert got == [(42, threading.main_thread())] and worker[0] is not threading.main_thread()


def test_errors_end_the_job_with_one_line(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = Jobs()
    failures: list[str] = []
    statuses: list[str] = []
    jobs.status.connect(statuses.append)

    def user_error(task: Task) -> None:
        raise MediaError("film.mov: not a playable film")

    def bug(task: Task) -> None:
        raise KeyError("line one\nline two")

    with qtbot.waitSignal(jobs.finished, timeout=5000):
        jobs.run("Reading", user_error, lambda _: None, failures.append)
    with qtbot.waitSignal(jobs.finished, timeout=5000):
        jobs.run("Checking", bug, lambda _: None)  # no failed callback: the status says it
    assert failures == ["film.mov: not a playable film"]
    assert statuses[0] == "Reading" and statuses[-1].startswith("unexpected error: KeyError")
    assert "\n" not in statuses[-1]


def test_progress_and_partial_results_then_the_result(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = Jobs()
    statuses: list[str] = []
    partials: list[object] = []
    jobs.status.connect(statuses.append)

    def work(task: Task) -> str:
        for step in range(4):
            task.report(step / 4)
            task.report(step / 4)  # the same percent again: one message
            task.partial(step)
        return "done"

    results: list[str] = []
    with qtbot.waitSignal(jobs.finished, timeout=5000):
        jobs.run("Counting", work, results.append, partial=partials.append)
    assert statuses == ["Counting", "Counting 0 %", "Counting 25 %", "Counting 50 %", "Counting 75 %"]
    assert partials == [0, 1, 2, 3] and results == ["done"]


def test_a_cancelled_job_stops_and_delivers_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = Jobs()
    started, delivered = threading.Event(), list[object]()

    def work(task: Task) -> str:
        started.set()
        while not task.cancelled:
            task.partial("still going")
            threading.Event().wait(0.005)
        return "finished anyway"

    job = jobs.run("Waiting", work, delivered.append, delivered.append, delivered.append, quiet=True)
    assert started.wait(5)
    job.cancel()
    assert job.wait(5)
    qtbot.wait(100)  # what the work sent, partial results and its return, is queued: not delivered
    assert delivered == [] and job.cancelled


def test_start_keeps_its_api(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = Jobs()
    results: list[object] = []
    with qtbot.waitSignal(jobs.finished, timeout=5000):
        jobs.start("Plain", lambda: 1, results.append)
    with qtbot.waitSignal(jobs.finished, timeout=5000):
        jobs.start("With progress", lambda report: report(0.5) or 2, results.append, reports_progress=True)
    assert results == [1, 2]


def test_held_jobs_start_in_order_when_released(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = Jobs()
    ran: list[int] = []
    got: list[int] = []

    def work(n: int) -> Callable[[Task], int]:
        def run(task: Task) -> int:
            ran.append(n)
            return n

        return run

    hold()
    try:
        for n in range(3):
            jobs.run("", work(n), got.append, quiet=True)
        qtbot.wait(100)
        assert ran == [] and waiting() == 3  # a window not yet painted: nothing runs
    finally:
        release()
    assert waiting() == 0
    qtbot.waitUntil(lambda: len(got) == 3, timeout=5000)
    assert sorted(ran) == [0, 1, 2] and sorted(got) == [0, 1, 2]


def test_waiting_for_a_held_job_starts_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    hold()
    try:
        job = Jobs().run("", lambda task: 7, lambda _: None, quiet=True)
        assert waiting() == 1
        assert job.wait(5.0)  # a wait never waits for a paint that may not come
    finally:
        release()


def test_the_gui_thread_gets_the_gil_back_from_a_worker_within_a_millisecond(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Python hands the GIL from a worker running Python to the GUI thread at its switch interval:
    at the default 5 ms, a repaint's waits at 50,000 cues added up over the 50 ms stall floor
    (bench-ui), so the job pool sets 1 ms when it is made, and never raises a shorter one."""
    import sys

    from cuesheet.ui.jobs import GIL_SWITCH_S

    jobs = Jobs()
    with qtbot.waitSignal(jobs.finished, timeout=5000):
        jobs.run("Working", lambda task: None, lambda result: None)
    assert sys.getswitchinterval() <= GIL_SWITCH_S <= 0.001
