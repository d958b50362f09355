"""The window loads the store's writer (sqlite-utils) in the background after its first paint, and
only for a project it may write (ui/session.py, store/writing.py). In a child process: this one has
long loaded sqlite-utils."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cuesheet.store.project_file import ProjectFile
from tests.factories import rich_project

CHILD = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from cuesheet.ui.main_window import MainWindow
from cuesheet.ui.session import Session
window = MainWindow(Session(), QSettings(sys.argv[2], QSettings.Format.IniFormat), headless=True)
project = Path(sys.argv[1])
assert window.open_project(project) if sys.argv[3] == "write" else window.session.open(project, True) is None
seen = {}
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "paint" not in seen:
            seen["paint"] = "sqlite_utils" in sys.modules
        return False
first_paint = FirstPaint()
app.installEventFilter(first_paint)
def turn_until(done, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not done():
        app.processEvents()
        time.sleep(0.01)
window.show()
turn_until(lambda: "paint" in seen, 30)  # 30 s: a hang, not a speed limit
# A writable project: until the writer is loaded; a read-only one: a while, to see it is not.
turn_until(lambda: "sqlite_utils" in sys.modules, 30 if sys.argv[3] == "write" else 1)
print(seen.get("paint"), "sqlite_utils" in sys.modules)
window.close()
"""


@pytest.mark.parametrize(("mode", "expected"), [("write", "False True"), ("read", "False False")])
def test_the_writer_is_loaded_after_the_first_paint_for_a_writable_project(
    tmp_path: Path, mode: str, expected: str
) -> None:
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, rich_project()).close()
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(tmp_path / "s.ini"), mode],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-2:] == expected.split(), done.stderr[-2000:]
