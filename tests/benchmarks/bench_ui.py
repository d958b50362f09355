"""Window benchmarks with the floors of issue #4. Run: ./dev bench-ui   (offscreen Qt)

1. a 5,000-cue project opens to an interactive window, measured from process start (a child process);
2. timeline repaint with 5,000 cues and the waveform, at several zooms;
3. key press I/O → the cue in the table and on the timeline.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

results: dict[str, object] = {}
failures: list[str] = []
CUES = 5000


def report(name: str, value: float, floor: float, unit: str) -> None:
    ok = value <= floor
    print(f"  [{'ok ' if ok else 'MISS'}] {name}: {value:.2f} {unit} (floor <= {floor} {unit})", flush=True)
    results[name] = {"value": round(value, 3), "floor": floor, "unit": unit, "ok": ok}
    if not ok:
        failures.append(name)


def big_project(folder: Path) -> Path:
    """5,000 cues over a 2-hour film, 3 parties each, linked to a generated film."""
    from cuesheet.domain.cue import Cue
    from cuesheet.domain.project import Production, Project
    from cuesheet.domain.rights import Interest, Party, Role, Work
    from cuesheet.domain.timecode import FrameRate
    from cuesheet.media.probe import probe
    from cuesheet.media.synth import Segment, write_film
    from cuesheet.store.media_link import media_ref
    from cuesheet.store.project_file import ProjectFile

    path = folder / "five thousand.cuesheet"
    film = write_film(folder / "film.mp4", 30, size=(320, 180), segments=[Segment(1, 29, "beat")])
    rate = FrameRate.parse("23.976")
    project = Project(Production("Benchmark", rate, 86400, running_time=24 * 7200))
    project.media = media_ref(probe(film), path)
    parties = [Party(f"Writer {i}, Name", "BMI", f"{i:011d}") for i in range(300)]
    project.parties = {p.id: p for p in parties}
    for index in range(CUES):
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


def bench_window(path: Path) -> None:
    from PySide6.QtCore import QCoreApplication, QPoint, QSettings, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from cuesheet.media.waveform import compute_peaks
    from cuesheet.ui.main_window import MainWindow
    from cuesheet.ui.session import Session

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(Session(), settings, headless=True)
    window.show()
    window.open_project(path)
    timeline = window.timeline
    film = window.session.media_path
    assert film is not None
    timeline.peaks = compute_peaks(film)
    print("2. timeline repaint, 5,000 cues and the waveform (1280 px wide)", flush=True)
    timeline.resize(1280, 160)
    image = QImage(timeline.size(), QImage.Format.Format_ARGB32_Premultiplied)
    worst = 0.0
    for label, frames_per_px in (
        ("whole project", CUES * 34 / 1270),
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
        print(f"         {label}: median {median:.2f} ms, slowest {max(samples) * 1000:.2f} ms", flush=True)
    report("timeline repaint, worst zoom (median)", worst, 8.0, "ms")

    print("3. key press I/O to the cue in the table and on the timeline", flush=True)
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 2000)
    latencies = []
    for n in range(10):
        window.media.seek(20 + n * 40)
        QTest.keyClick(window, Qt.Key.Key_I)
        window.media.seek(40 + n * 40)
        before = window.proxy.rowCount()
        started = time.perf_counter()
        QTest.keyClick(window, Qt.Key.Key_O)
        QCoreApplication.processEvents()
        image2 = QImage(timeline.size(), QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image2)
        timeline.render(painter, QPoint(0, 0))
        painter.end()
        latencies.append(time.perf_counter() - started)
        assert window.proxy.rowCount() == before + 1, window.statusBar().currentMessage()
    report("key press O to cue visible (median)", statistics.median(latencies) * 1000, 50.0, "ms")
    print(f"         slowest {max(latencies) * 1000:.1f} ms", flush=True)
    window.close()
    app.processEvents()


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="cuesheet-bench-ui-"))
    os.environ.setdefault("CUESHEET_DATA_DIR", str(folder / "data"))
    path = big_project(folder)
    bench_startup(path)
    bench_window(path)
    Path("bench-ui.json").write_text(json.dumps(results, indent=2))
    print(f"\n{len(failures)} floor(s) missed" + (f": {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
