"""The composition root: builds the services and the window, and runs the event loop."""

from __future__ import annotations

import os
import sys
from pathlib import Path


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


def build_window(project: Path | None = None):  # type: ignore[no-untyped-def]
    from cuesheet.ui.main_window import MainWindow
    from cuesheet.ui.session import Session

    session = Session()
    window = MainWindow(session)
    if project is not None:
        window.open_project(project)
    return window


def run(project: Path | None = None) -> int:
    _check_display()
    _choose_platform()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Cuesheet")
    app.setOrganizationName("Cuesheet")
    window = build_window(project)
    window.show()
    return app.exec()
