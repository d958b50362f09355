"""File menu work: new project from a film, open recent, save a copy, export, locate a moved film.

Dialogs live here so the main window stays an arrangement of parts. Exports run in the thread
pool; their result comes back as a status message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox, QWidget

from cuesheet.domain.commands import Command, SetMedia
from cuesheet.domain.limits import PATH_MAX
from cuesheet.errors import USER_ERRORS
from cuesheet.store.lock import LockedError
from cuesheet.ui.jobs import Jobs
from cuesheet.ui.session import Session

if TYPE_CHECKING:  # the services load when a file action runs, not with the window
    from cuesheet.media.probe import MediaInfo

FILM_FILTER = "Films (*.mov *.mp4 *.m4v *.mxf *.avi *.mkv);;All files (*)"
RECENT_LIMIT = 10


class FileActions(QObject):
    status = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        session: Session,
        settings: QSettings,
        run: Callable[[Command], bool],
        open_path: Callable[[Path], bool],
    ):
        super().__init__(parent)
        self.parent_widget, self.session, self.settings = parent, session, settings
        self.run, self.open_path = run, open_path
        self.jobs = Jobs(self)
        self.jobs.status.connect(self.status)
        self.recent_menu = QMenu("Open &recent", parent)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    # -- recent ------------------------------------------------------------------------------

    def recent(self) -> list[str]:
        value = self.settings.value("recent") or []
        entries = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        return [e for e in entries if isinstance(e, str) and 0 < len(e) <= PATH_MAX][:RECENT_LIMIT]

    def remember(self, path: Path) -> None:
        entries = [p for p in self.recent() if p != str(path)]
        self.settings.setValue("recent", [str(path), *entries][:RECENT_LIMIT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for entry in self.recent():
            action = self.recent_menu.addAction(entry)
            action.setEnabled(Path(entry).exists())
            action.triggered.connect(lambda _=False, p=entry: self.open_path(Path(p)))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)

    # -- new, copy, export ---------------------------------------------------------------------

    def choose_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.parent_widget, "Open project", "", "Cuesheet projects (*.cuesheet)"
        )
        if name:
            self.open_path(Path(name))

    def new_from_film(self, film: Path | None = None) -> None:
        if film is None:
            name, _ = QFileDialog.getOpenFileName(
                self.parent_widget, "New project from film", "", FILM_FILTER
            )
            if not name:
                return
            film = Path(name)
        title, ok = QInputDialog.getText(
            self.parent_widget, "New project", "Production title:", text=film.stem
        )
        if not ok or not title.strip():
            return
        suggested = str(film.with_suffix(".cuesheet"))
        name, _ = QFileDialog.getSaveFileName(self.parent_widget, "Save project as", suggested, "*.cuesheet")
        if not name:
            return
        target = Path(name) if name.endswith(".cuesheet") else Path(name + ".cuesheet")
        from cuesheet.project_service import create_project

        try:
            create_project(target, title.strip(), None, None, film)
        except USER_ERRORS as error:
            QMessageBox.warning(self.parent_widget, "Cannot create the project", str(error))
            return
        self.open_path(target)

    def save_copy(self) -> None:
        if self.session.file is None or self.session.path is None:
            return
        suggested = str(self.session.path.with_name(self.session.path.stem + " copy.cuesheet"))
        name, _ = QFileDialog.getSaveFileName(self.parent_widget, "Save a copy as", suggested, "*.cuesheet")
        if name:
            try:
                self.session.save_copy(Path(name))
            except USER_ERRORS as error:
                self.status.emit(str(error))
                return
            self.status.emit(f"Saved a copy as {name}")

    def export_csv(self, target: Path | None = None) -> None:
        self.export("csv", target)

    def export_pdf(self, target: Path | None = None) -> None:
        self.export("pdf", target)

    def export(self, fmt: str, target: Path | None = None) -> None:
        project = self.session.project
        if project is None or self.session.path is None:
            return
        if target is None:
            extension = fmt.rsplit("-", 1)[-1]
            stem = self.session.path.stem + (" licensing" if fmt.startswith("licensing") else "")
            suggested = str(self.session.path.with_name(f"{stem}.{extension}"))
            what = "licensing report" if fmt.startswith("licensing") else "cue sheet"
            title = f"Export {what} {extension.upper()}"
            name, _ = QFileDialog.getSaveFileName(self.parent_widget, title, suggested, f"*.{extension}")
            if not name:
                return
            target = Path(name)
        from cuesheet.project_service import render
        from cuesheet.store.files import write_atomically

        # A snapshot, so the worker never reads a project the user is editing.
        snapshot, written = project.snapshot(), target
        self.jobs.start(
            f"Exporting {target.name}…",
            lambda: write_atomically(written, render(snapshot, fmt)),
            lambda _: self.status.emit(f"Exported {written}"),
            lambda error: self.status.emit(f"Export failed: {error}"),
        )

    def open_locked(self, path: Path, locked: LockedError) -> str | None:
        """Someone has it open: offer read-only, or breaking a lock whose owner is gone.
        Returns a message when opening failed; None when it opened or the user cancelled."""
        box = QMessageBox(self.parent_widget)
        box.setWindowTitle("Project in use")
        box.setText(str(locked))
        read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
        breaking = (
            box.addButton("Break the lock", QMessageBox.ButtonRole.DestructiveRole) if locked.stale else None
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is read_only:
            return self.session.open(path, read_only=True)
        if breaking is not None and box.clickedButton() is breaking:
            return self.session.open(path, break_stale_lock=True)
        return None

    # -- relink --------------------------------------------------------------------------------

    def locate_film(self, film: Path | None = None) -> bool:
        """Point the project at a moved film, after checking that it is the same cut."""
        project, path = self.session.project, self.session.path
        if project is None or path is None:
            return False
        if film is None:
            name, _ = QFileDialog.getOpenFileName(self.parent_widget, "Locate film", "", FILM_FILTER)
            if not name:
                return False
            film = Path(name)
        from cuesheet.media.probe import probe
        from cuesheet.store.media_link import media_ref

        try:
            info = probe(film)
        except USER_ERRORS as error:
            QMessageBox.warning(self.parent_widget, "Not a usable film", str(error))
            return False
        differences = self.differences(info)
        if differences and not self._confirm(differences):
            return False
        return self.run(SetMedia(media_ref(info, path)))

    def differences(self, info: MediaInfo) -> list[str]:
        stored = self.session.project.media if self.session.project else None
        if stored is None:
            return []
        found = []
        if stored.duration_frames and stored.duration_frames != info.duration_frames:
            found.append(
                f"length {info.duration_frames} frames, the project's film had {stored.duration_frames}"
            )
        if stored.rate is not None and stored.rate != info.rate:
            found.append(f"rate {info.rate} fps, the project's film ran at {stored.rate} fps")
        if stored.size and stored.size != info.size:
            found.append(f"size {info.size:,} bytes, the project's film had {stored.size:,}")
        return found

    def _confirm(self, differences: list[str]) -> bool:
        text = "This may be a different cut:\n- " + "\n- ".join(differences) + "\n\nLink it anyway?"
        answer = QMessageBox.question(self.parent_widget, "A different film?", text)
        return answer == QMessageBox.StandardButton.Yes
