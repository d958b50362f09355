"""Window benchmarks with the floors of issue #14 (start-up: issue #4). Run: ./dev bench-ui (offscreen Qt)

At 5,000 and 50,000 cues (floors as the issue quotes them, for this 2-core machine):
1. process start to an interactive window (child processes), as a ratio to a bare Qt window at 5k
   (≤ 3×) and in seconds at 50k (≤ 1.5 s);
2. timeline repaint with the waveform, at several zooms (≤ 4 ms at 5k, ≤ 8 ms at 50k);
3. key press I / O / M to the cue in the table and on the timeline (≤ 16 / ≤ 33 ms);
4. filter keystroke to the table repainted, median / slowest of 20 keys incl. one that matches
   nothing and the clear button (≤ 16 / 33 ms at 5k, ≤ 50 / 100 ms at 50k);
5. an edit (rename, trim, tag), with and without an active filter, to the views repainted
   (≤ 16 ms / ≤ 50 ms);
6. no GUI-thread stall over 50 ms after an edit, validation included: the longest gap between
   ticks of a 5 ms event-loop timer for 2 s after each edit.
A measurement runs until each view concerned has painted (its paint event, in the event loop) and
ends at the end of the window's frame that shows them (its UpdateRequest: the views painted and the
window flushed); an edit's commit, made after that frame, is in the "to the event loop's return"
figure printed beside. Each starts from a settled window (the previous edit's validation has finished).
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

results: dict[str, object] = {}
failures: list[str] = []
CUES = 5000  # the start-up measurement's project
SIZES = (5000, 50000)
# size -> floors in ms: repaint, key to cue, filter median, filter slowest, edit, stall
FLOORS = {5000: (4.0, 16.0, 16.0, 33.0, 16.0, 50.0), 50000: (8.0, 33.0, 50.0, 100.0, 50.0, 50.0)}


def report(name: str, value: float, floor: float, unit: str) -> None:
    ok = value <= floor
    print(f"  [{'ok ' if ok else 'MISS'}] {name}: {value:.2f} {unit} (floor <= {floor} {unit})", flush=True)
    results[name] = {"value": round(value, 3), "floor": floor, "unit": unit, "ok": ok}
    if not ok:
        failures.append(name)


def big_project(folder: Path, cues: int = CUES) -> Path:
    """``cues`` cues 34 frames apart (1.4 s each), 3 parties each, linked to a generated film."""
    from cuesheet.domain.cue import Cue
    from cuesheet.domain.project import Production, Project
    from cuesheet.domain.rights import Interest, Party, Role, Work
    from cuesheet.domain.timecode import FrameRate
    from cuesheet.media.probe import probe
    from cuesheet.media.synth import Segment, write_film
    from cuesheet.store.media_link import media_ref
    from cuesheet.store.project_file import ProjectFile

    path = folder / f"{cues} cues.cuesheet"
    film = folder / "film.mp4"
    if not film.exists():
        write_film(film, 30, size=(320, 180), segments=[Segment(1, 29, "beat")])
    rate = FrameRate.parse("23.976")
    project = Project(Production("Benchmark", rate, 86400, running_time=cues * 34 + 7200))
    project.media = media_ref(probe(film), path)
    parties = [Party(f"Writer {i}, Name", "BMI", f"{i:011d}") for i in range(300)]
    project.parties = {p.id: p for p in parties}
    for index in range(cues):
        interests = [
            Interest(parties[(index + k) % 300].id, Role.CA if k < 2 else Role.E, Decimal(50))
            for k in range(3)
        ]
        work = Work(f"Cue title {index}", interests=interests)
        project.works[work.id] = work
        start = 86400 + index * 34
        cue = Cue(start, start + 30, work.id, f"{1 + index // 500}M{index % 500 + 1:02d}")
        project.cues[cue.id] = cue
    ProjectFile.create(path, project).close()
    return path


# Section 1. "Interactive": the window has painted once and the event loop has come round again
# (a 0 ms timer posted from the first paint event has run). The same child, given "bare", shows a
# plain QMainWindow instead: the yardstick started in the same run, on the same busy machine.
STARTUP = """
import sys, time, os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
if sys.argv[1] == "bare":
    window = QMainWindow()
    window.setCentralWidget(QLabel("A bare Qt window"))
    window.resize(1280, 800)
    rows = lambda: 0
else:
    from cuesheet.ui.app import build_window
    window = build_window(Path(sys.argv[1]))
    rows = window.proxy.rowCount
def ready():
    print(time.time() - float(sys.argv[2]), rows(), flush=True)
    window.close()  # releases the project's lock for the next run
    app.quit()
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            app.removeEventFilter(self)
            QTimer.singleShot(0, ready)
        return False
first_paint = FirstPaint()
app.installEventFilter(first_paint)
window.show()
app.exec()
"""
STARTUP_RUNS = 5


def bench_startup(path: Path) -> None:
    """Bare window, empty project, ``path`` (5,000 cues) and the 50,000-cue project when main made
    it in the same folder; the runs take turns, so that a busy moment falls on all alike."""
    from cuesheet.project_service import create_project

    print("1. process start to an interactive window (offscreen), median of 5", flush=True)
    large, empty = path.parent / "50000 cues.cuesheet", path.parent / "no cues.cuesheet"
    if not empty.exists():
        create_project(empty, "Empty", None, None, path.parent / "film.mp4")
    starts: dict[str, tuple[str, int]] = {
        "bare Qt window": ("bare", 0),
        "empty project": (str(empty), 0),
        "5,000 cues": (str(path), CUES),
    }
    if large.exists():
        starts["50,000 cues"] = (str(large), 50000)
    times: dict[str, list[float]] = {name: [] for name in starts}
    for _ in range(STARTUP_RUNS):
        for name, (project, rows) in starts.items():
            started = time.time()
            out = subprocess.run(
                [sys.executable, "-c", STARTUP, project, repr(started)],
                capture_output=True,
                text=True,
                timeout=120,
            )
            seconds, shown = out.stdout.split()
            assert int(shown) == rows, out.stderr
            times[name].append(float(seconds))
    median = {name: statistics.median(samples) for name, samples in times.items()}
    bare = median["bare Qt window"]
    for name, samples in times.items():
        runs = ", ".join(f"{t:.2f}" for t in samples)
        print(f"         {name}: {median[name]:.3f} s = {median[name] / bare:.1f}× bare (runs {runs})")
    report("start to interactive, 5,000 cues / bare Qt window", median["5,000 cues"] / bare, 3.0, "×")
    if "50,000 cues" in median:
        report("start to interactive, 50,000 cues", median["50,000 cues"], 1.5, "s")


Frames = list[tuple[float, frozenset[str]]]


def paint_watch(painted: set[str], frames: Frames, window: Any, **views: Any) -> Any:
    """Notes in ``painted`` the name of each view whose paint event has run, and in ``frames`` the
    time each of ``window``'s frames was done (its views painted and the window flushed: Qt's
    UpdateRequest, handled here and stopped) with the views painted by then."""
    from PySide6.QtCore import QEvent, QObject

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                if id(watched) in names:
                    painted.add(names[id(watched)])
            elif event.type() == QEvent.Type.UpdateRequest and watched is window:
                window.event(event)
                frames.append((time.perf_counter(), frozenset(painted)))
                return True
            return False

    names = {id(view): name for name, view in views.items()}
    watch = Watch()
    for view in (window, *views.values()):
        view.installEventFilter(watch)
    return watch


class Bench:
    """One window on one project; the measurements share it."""

    def __init__(self, path: Path, cues: int) -> None:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from cuesheet.media.waveform import compute_peaks
        from cuesheet.ui.main_window import MainWindow
        from cuesheet.ui.session import Session

        self.app = QApplication.instance() or QApplication([])
        self.cues, self.label = cues, f"{cues:,}"
        self.floors = FLOORS[cues]
        settings = QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat)
        self.window = window = MainWindow(Session(), settings, headless=True)
        window.show()
        started = time.perf_counter()
        assert window.open_project(path)
        print(f"         opened in {time.perf_counter() - started:.2f} s", flush=True)
        film = window.session.media_path
        assert film is not None
        window.timeline.peaks = compute_peaks(film)
        self.painted: set[str] = set()
        self.frames: Frames = []
        self.idle: list[float] = []  # per ``timed``: ms to the event loop's return (the commit after)
        self._watch = paint_watch(self.painted, self.frames, window, table=window.table.viewport(),
                                  timeline=window.timeline)  # fmt: skip
        self.settle(5.0)

    def settle(self, at_least: float = 0.4) -> None:
        """Run the event loop until the window is idle: ``at_least`` seconds (the Problems panel
        waits 250 ms after an edit), then until its validation, if any, has finished."""
        from PySide6.QtTest import QTest

        findings = self.window.findings
        deadline = time.perf_counter() + 120
        QTest.qWait(int(at_least * 1000))
        while getattr(findings, "busy", False) and time.perf_counter() < deadline:
            QTest.qWait(20)

    def timed(self, action: Callable[[], object], views: str = "table timeline", must: bool = True) -> float:
        """Milliseconds from ``action`` until each of ``views`` has painted (its paint event done,
        in the event loop as the window would); a view that must repaint and does not fails the
        benchmark. ``must=False`` (a keystroke that may leave the rows shown as they were): done
        when painted, or when a few passes of the event loop found nothing to paint. The time is
        to the end of the window's frame that shows them; ``idle`` keeps the time to the return of
        that pass of the event loop (what runs after the frame in it: an edit's commit)."""
        from PySide6.QtCore import QCoreApplication

        painted, frames = self.painted, self.frames
        painted.clear()
        frames.clear()
        wanted = set(views.split())
        started = time.perf_counter()
        action()
        passes = 0
        while not wanted <= painted and (must or passes < 5):
            QCoreApplication.processEvents()
            passes += 1
            assert time.perf_counter() - started < 10, f"{wanted - painted} never repainted"
        ended = time.perf_counter()
        self.idle.append((ended - started) * 1000)
        shown = next((at for at, views_painted in frames if wanted <= views_painted), ended)
        return (shown - started) * 1000

    def repaint(self) -> None:
        from PySide6.QtCore import QPoint
        from PySide6.QtGui import QImage, QPainter

        timeline = self.window.timeline
        print(f"2. timeline repaint, {self.label} cues and the waveform (1280 px wide)", flush=True)
        timeline.resize(1280, 160)
        image = QImage(timeline.size(), QImage.Format.Format_ARGB32_Premultiplied)
        worst = 0.0
        for label, frames_per_px in (
            ("whole project", self.cues * 34 / 1270),
            ("1 minute", 1440 / 1270),
            ("2 s", 0.04),
        ):
            timeline.frames_per_px = frames_per_px
            timeline.left_frame = 86400 + 2000 * 34
            samples = []
            for _ in range(30):
                painter = QPainter(image)
                started = time.perf_counter()
                timeline.render(painter, QPoint(0, 0))
                samples.append(time.perf_counter() - started)
                painter.end()
            median = statistics.median(samples) * 1000
            worst = max(worst, median)
            slowest = max(samples) * 1000
            print(f"         {label}: median {median:.2f} ms, slowest {slowest:.2f} ms", flush=True)
        report(f"{self.label}: timeline repaint, worst zoom (median)", worst, self.floors[0], "ms")

    def keys(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        window = self.window
        print(f"3. key press I / O / M to the cue in table and timeline, {self.label} cues", flush=True)
        window.activateWindow()
        QTest.qWaitForWindowActive(window, 2000)
        timings: dict[str, list[float]] = {"I": [], "O": [], "M": []}
        idles: dict[str, list[float]] = {"I": [], "O": [], "M": []}
        for n in range(8):
            # Past the generated cues' film time would be past the film: mark inside the film.
            window.media.seek(20 + n * 60)
            self.settle(0.05)
            timings["I"].append(self.timed(lambda: QTest.keyClick(window, Qt.Key.Key_I), "timeline"))
            idles["I"].append(self.idle[-1])
            window.media.seek(40 + n * 60)
            self.settle(0.05)
            before = window.proxy.rowCount()
            timings["M"].append(self.timed(lambda: QTest.keyClick(window, Qt.Key.Key_M)))
            idles["M"].append(self.idle[-1])
            assert window.proxy.rowCount() == before + 1, window.statusBar().currentMessage()
            self.settle()
            window.media.seek(50 + n * 60)
            self.settle(0.05)
            timings["O"].append(self.timed(lambda: QTest.keyClick(window, Qt.Key.Key_O)))
            idles["O"].append(self.idle[-1])
            assert window.proxy.rowCount() == before + 2, window.statusBar().currentMessage()
            self.settle()
        for key, samples in timings.items():
            name = f"{self.label}: key {key} to cue visible (median)"
            report(name, statistics.median(samples), self.floors[1], "ms")
            idle = statistics.median(idles[key])
            print(f"         slowest {max(samples):.1f} ms; to the loop's return {idle:.1f} ms", flush=True)

    def filter_keys(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        window = self.window
        box = window.filter
        print(f"4. filter keystroke to the table repainted, {self.label} cues (20 keys)", flush=True)
        box.setFocus()
        box.clear()
        self.settle(0.1)
        # 12 keys narrowing, one matching nothing, back out of it, widen, clear, type again.
        keys: list[tuple[Any, str]] = [(Qt.Key.Key_unknown, c) for c in "cue title 12"]
        keys += [(Qt.Key.Key_unknown, "x")]  # matches nothing
        keys += [(Qt.Key.Key_Backspace, "")] * 3
        keys += [(Qt.Key.Key_unknown, "4")]
        keys += [("clear", "")]  # the clear button: every row back
        keys += [(Qt.Key.Key_unknown, "1"), (Qt.Key.Key_unknown, "m")]
        samples, counts = [], []
        for key, text in keys:
            if key == "clear":
                samples.append(self.timed(box.clear, "table", must=False))
            elif text:
                samples.append(self.timed(lambda t=text: QTest.keyClicks(box, t), "table", must=False))
            else:
                samples.append(self.timed(lambda k=key: QTest.keyClick(box, k), "table", must=False))
            counts.append(window.proxy.rowCount())
        assert len(samples) == 20 and 0 in counts and self.cues <= max(counts), counts
        report(f"{self.label}: filter keystroke (median)", statistics.median(samples), self.floors[2], "ms")
        report(f"{self.label}: filter keystroke (slowest)", max(samples), self.floors[3], "ms")
        box.clear()
        self.settle()

    def _edits(self) -> list[tuple[str, Callable[[], object]]]:
        """Rename, trim and tag one cue (the same commands the user's edits run)."""
        from cuesheet.domain.commands import EditCue, EditWork
        from cuesheet.domain.usage import Origin

        window = self.window
        project = window.session.project
        assert project is not None
        cue = project.cues_in_order()[self.cues // 4]  # "Cue title 1250…": the filter below shows it
        window.select_cue(cue.id)
        count, trims = iter(range(1_000_000)), iter(range(1_000_000))

        def rename() -> object:
            return window.editing.run(EditWork(cue.work_id, title=f"Cue title 1 renamed {next(count)}"))

        def trim() -> object:
            return window.editing.run(EditCue(cue.id, end=cue.end + (1 if next(trims) % 2 else -1)))

        def tag() -> object:
            origin = Origin.LIBRARY if cue.origin is Origin.SCORE else Origin.SCORE
            return window.editing.run(EditCue(cue.id, origin=origin))

        return [("rename", rename), ("trim", trim), ("tag", tag)]

    def edits(self) -> None:
        window = self.window
        print(f"5. an edit to the views repainted, {self.label} cues", flush=True)
        for filtered in (False, True):
            window.filter.setText("cue title 1" if filtered else "")
            self.settle()
            samples = []
            for _ in range(4):
                for _name, edit in self._edits():
                    samples.append(self.timed(edit))
                    self.settle()
            label = "with a filter" if filtered else "no filter"
            report(f"{self.label}: edit to views repainted, {label} (median)", statistics.median(samples),
                   self.floors[4], "ms")  # fmt: skip
            print(f"         slowest {max(samples):.1f} ms", flush=True)
        window.filter.clear()
        self.settle()

    def stalls(self) -> None:
        from PySide6.QtCore import QEventLoop, Qt, QTimer

        window = self.window
        print(
            f"6. longest GUI stall in 2 s after an edit (validation included), {self.label} cues", flush=True
        )
        worst = 0.0
        for filtered in (False, True):
            window.filter.setText("cue title 1" if filtered else "")
            self.settle()
            for name, edit in self._edits():
                ticks: list[float] = []
                timer = QTimer(interval=5)
                timer.setTimerType(Qt.TimerType.PreciseTimer)
                timer.timeout.connect(lambda ticks=ticks: ticks.append(time.perf_counter()))
                loop = QEventLoop()
                timer.start()
                QTimer.singleShot(50, edit)
                QTimer.singleShot(2050, loop.quit)
                loop.exec()
                timer.stop()
                gap = max(b - a for a, b in itertools.pairwise(ticks)) * 1000
                print(f"         {name}{' (filter)' if filtered else ''}: {gap:.1f} ms", flush=True)
                worst = max(worst, gap)
                self.settle()
        report(f"{self.label}: longest GUI stall after an edit", worst, self.floors[5], "ms")
        window.filter.clear()

    def close(self) -> None:
        self.window.close()
        self.app.processEvents()


PARTS = ["repaint", "filter_keys", "edits", "keys", "stalls"]


def main() -> int:
    only = {int(size) for size in os.environ.get("BENCH_UI_SIZES", "").split(",") if size}
    # BENCH_UI_PARTS=stalls (or any of these, comma-separated) measures those alone.
    parts = [part for part in os.environ.get("BENCH_UI_PARTS", "").split(",") if part] or PARTS
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        print(f"BENCH_UI_PARTS: no part {', '.join(unknown)} (parts: {', '.join(PARTS)})", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="cuesheet-bench-ui-") as name:  # 75 MB: gone after the run
        return measure(Path(name), only, parts)


def measure(folder: Path, only: set[int], parts: list[str]) -> int:
    os.environ.setdefault("CUESHEET_DATA_DIR", str(folder / "data"))
    paths = {size: big_project(folder, size) for size in SIZES if not only or size in only}
    if CUES in paths:
        bench_startup(paths[CUES])
    for size, path in paths.items():
        print(f"\n== {size:,} cues", flush=True)
        bench = Bench(path, size)
        for part in parts:
            getattr(bench, part)()
        bench.close()
    Path("bench-ui.json").write_text(json.dumps(results, indent=2))
    print(f"\n{len(failures)} floor(s) missed" + (f": {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
