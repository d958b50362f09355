"""The composition root: builds the services and the window, and runs the event loop."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from cuesheet.paths import resource

if TYPE_CHECKING:  # Qt and the window are imported when first used: the command line starts without them
    from PySide6.QtWidgets import QApplication

    from cuesheet.ui.main_window import MainWindow

_IMPORTED = time.monotonic()


def _choose_platform() -> None:
    # libVLC 3 cannot draw into a Wayland surface; use XWayland as other Qt players do.
    if sys.platform.startswith("linux") and os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "xcb")


class NoDisplayError(RuntimeError):
    """There is no screen to show a window on."""


def _check_display() -> None:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise NoDisplayError(
            "no display to open the window on (DISPLAY is not set); run it in a desktop session, "
            "or under a virtual one: xvfb-run -a cuesheet …"
        )


def build_window(project: Path | None = None) -> MainWindow:
    from cuesheet.ui import heap

    # Modules, widgets and the project are all kept: a collection meanwhile would find nothing.
    with heap.paused():
        from cuesheet.ui.main_window import MainWindow
        from cuesheet.ui.session import Session

        session = Session()
        window = MainWindow(session)
        if project is not None:
            window.open_project(project)
    return window


DESKTOP_ID = "io.github.cuesheet.Cuesheet"  # the .desktop file's name, for docks and task bars


def _application() -> QApplication:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not isinstance(app, QApplication):
        raise RuntimeError("a QCoreApplication without widgets is already running")
    app.setApplicationName("Cuesheet")
    app.setOrganizationName("Cuesheet")
    app.setDesktopFileName(DESKTOP_ID)
    icon = resource("icons/cuesheet.svg")
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run(project: Path | None = None) -> int:
    _check_display()
    _choose_platform()
    app = _application()
    window = build_window(project)
    window.show()
    return app.exec()


def screenshot(project: Path, output: Path, timeout: float = 20.0) -> tuple[float, int]:
    """Open the window on ``project`` read-only (no lock, no backup, no dialogs), wait until it is
    drawn and the film's picture is there when the film is found, save it as PNG. Returns seconds
    from process start to the shown window, and how many font families Qt found (0 means every
    label is drawn as boxes)."""
    from PySide6.QtGui import QFontDatabase

    from cuesheet.store.errors import ProjectError
    from cuesheet.ui.main_window import MainWindow
    from cuesheet.ui.session import Session

    _check_display()
    _choose_platform()
    app = _application()
    session = Session()
    window = MainWindow(session)
    try:
        error = session.open(project, read_only=True)
        if error:
            raise ProjectError(error)
        window.show()
        deadline = time.monotonic() + timeout
        while not window.isVisible() or not window.windowHandle().isExposed():
            app.processEvents()
            if time.monotonic() > deadline:
                raise NoDisplayError("the window was not shown within the time allowed")
            time.sleep(0.005)
        shown = seconds_since_process_start()
        while session.media_path is not None and window.picture.frames.image is None:
            app.processEvents()
            if time.monotonic() > deadline:
                break  # save what is there: a window without its picture still tells something
            time.sleep(0.01)
        for _ in range(20):
            app.processEvents()
            time.sleep(0.01)
        if not window.grab().save(str(output), "PNG"):
            raise ProjectError(f"{output}: cannot be written")
        return shown, len(QFontDatabase.families())
    finally:
        window.close()
        session.close()


def seconds_since_process_start() -> float:
    """Wall time since this process started (Linux: from /proc; elsewhere since Python started)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - started)
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _IMPORTED


def qt_versions() -> dict[str, str]:
    from PySide6 import __version__ as binding
    from PySide6.QtCore import qVersion

    return {"qt": qVersion(), "pyside6": binding}
