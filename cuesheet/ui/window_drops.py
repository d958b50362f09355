"""What a file dropped on the main window does: a project opens; on an open project a timeline or a
cue-sheet CSV is imported (with its review); any other file is taken as a film and starts a project."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QDragEnterEvent, QDropEvent

if TYPE_CHECKING:
    from cuesheet.ui.main_window import MainWindow


def drag_enter(event: QDragEnterEvent) -> None:
    if event.mimeData().hasUrls():
        event.acceptProposedAction()


def drop(window: MainWindow, event: QDropEvent) -> None:
    urls = event.mimeData().urls()
    if not urls:
        return
    path = Path(urls[0].toLocalFile())  # one file at a time: the first
    if path.suffix == ".cuesheet":
        window.open_project(path)
    elif (
        (path.is_file() or path.suffix == ".fcpxmld") and window.session.document and _imported(window, path)
    ):
        return
    elif path.is_file():
        window.files.new_from_film(path)


def _imported(window: MainWindow, path: Path) -> bool:
    from cuesheet.import_service import is_cue_sheet_csv, is_timeline

    if is_cue_sheet_csv(path):
        window.imports.import_csv(path)
    elif is_timeline(path):
        window.imports.import_timeline(path)
    else:
        return False
    return True
