"""The window first, then the rest (issue #14): nothing slow loads or runs before the window's
first paint, and what was left for after it is correct the moment the user reaches for it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from cuesheet.domain.cue import Cue
from cuesheet.domain.rights import Work
from cuesheet.store.project_file import ProjectFile
from cuesheet.ui import jobs
from cuesheet.ui.main_window import MainWindow
from cuesheet.ui.session import Session
from cuesheet.ui.timeline import Timeline
from tests.factories import empty_project

# The child starts the app as the window benchmark does (build_window, then show) and reports,
# one turn of the event loop after the window's first paint, which heavy modules are loaded.
FIRST_PAINT = """
import sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from cuesheet.ui.app import build_window
window = build_window(Path(sys.argv[1]))
HEAVY = ("numpy", "av", "vlc", "sqlite_utils", "reportlab", "xlsxwriter", "cuesheet.project_service")
def ready():
    print(" ".join(name for name in HEAVY if name in sys.modules) or "none", window.proxy.rowCount())
    window.close()
    app.quit()
class Paint(QObject):
    def eventFilter(self, watched, event):
        if watched is window and event.type() == QEvent.Type.Paint:
            window.removeEventFilter(self)
            QTimer.singleShot(0, ready)
        return False
paint = Paint()
window.installEventFilter(paint)
window.show()
app.exec()
"""


def many_cues(path: Path, count: int) -> Path:
    """``count`` cues "Cue title N", 34 frames apart, no film."""
    project = empty_project()
    start = project.production.start_frame
    for index in range(count):
        work = Work(f"Cue title {index}")
        project.works[work.id] = work
        cue = Cue(
            start + index * 34, start + index * 34 + 30, work.id, f"{1 + index // 500}M{index % 500:02d}"
        )
        project.cues[cue.id] = cue
    ProjectFile.create(path, project).close()
    return path


def test_nothing_slow_is_loaded_before_the_first_paint(project_path: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CUESHEET_DATA_DIR": str(tmp_path / "data")}
    out = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(project_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.stdout.split() == ["none", "0"], out.stderr


def test_background_work_waits_for_the_first_paint(qtbot, project_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(), settings, headless=True)
    qtbot.addWidget(window)
    assert window.open_project(project_path)  # opened before it is shown, as the app does
    assert jobs.waiting() >= 1  # the backup taken at open
    assert not window.findings.busy  # the first check is not even scheduled
    window.show()
    qtbot.waitUntil(lambda: window.first_paint.painted, timeout=5000)
    assert jobs.waiting() == 0
    qtbot.waitUntil(lambda: window.findings.summary.text() != "", timeout=10000)  # checked after it
    window.session.wait_for_backup()
    window.close()


def test_the_timeline_places_its_cues_right_after_its_first_paint(qtbot) -> None:  # type: ignore[no-untyped-def]
    project = empty_project()
    start = project.production.start_frame
    work = Work("Theme")
    project.works[work.id] = work
    cues = [Cue(start + n * 100, start + n * 100 + 50, work.id, f"1M{n}") for n in range(20)]
    project.cues = {cue.id: cue for cue in cues}
    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.resize(800, 160)
    timeline.set_project(project, start, 2000)
    assert timeline._spans is None  # nothing placed yet: that waits for the first picture
    assert [cue.id for cue in timeline.visible_cues()] == [cue.id for cue in cues]  # asked: made at once
    timeline.cues_changed()
    timeline.show()
    qtbot.waitExposed(timeline)
    qtbot.waitUntil(lambda: timeline._spans is not None, timeout=2000)  # without another repaint asked
    image = timeline.grab().toImage()
    x = round(timeline.x_of(cues[3].start + 25))
    assert image.pixelColor(x, timeline.height() // 2).name() == "#4a90d9"  # a score cue's colour


def test_filter_typed_right_after_open_at_5000_cues_finds_the_right_rows(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = many_cues(tmp_path / "many.cuesheet", 5000)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(), settings, headless=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_project(path)
    project = window.session.project
    assert project is not None
    wanted = [
        c.id for c in project.cues_in_order() if "title 12" in project.works[c.work_id].title.casefold()
    ]
    assert len(wanted) == 111  # 12, 120-129, 1200-1299

    def shown() -> list[str]:
        return [window.proxy.cue_at(row).id for row in range(window.proxy.rowCount())]

    # Typed before the event loop has run once: the search texts prepared in the background
    # have not arrived, so the rows must come from texts made on the spot.
    QTest.keyClicks(window.filter, "title 12")
    assert shown() == wanted
    window.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # by title, right away too
    titles = [project.works[project.cues[cue_id].work_id].title for cue_id in shown()]
    assert titles == sorted(
        (project.works[project.cues[c].work_id].title for c in wanted), key=str.casefold, reverse=True
    )
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    qtbot.wait(300)  # the background's texts arrive: the same rows
    window.filter.setText("title 1")
    window.filter.setText("title 12")
    assert shown() == wanted
    window.close()
