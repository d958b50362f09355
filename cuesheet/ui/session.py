"""The open project as the UI sees it: file, document, and Qt signals for what changed."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal

from cuesheet.domain.commands import Change, Command
from cuesheet.domain.history import Document, Reason
from cuesheet.domain.project import Project
from cuesheet.domain.sheet import Delta, Sheet
from cuesheet.errors import USER_ERRORS
from cuesheet.store import backups, writing
from cuesheet.store.errors import ProjectError
from cuesheet.store.lock import LockedError
from cuesheet.store.media_link import locate_media
from cuesheet.store.project_file import ProjectFile, copy_consistent
from cuesheet.ui.jobs import Job, Jobs


class Session(QObject):
    project_changed = Signal()  # another project (or none) is open
    edited = Signal(object, str)  # (Change, "do" | "undo" | "redo" | "taken back")
    reloaded = Signal(object)  # a read-only project read again from its file: the Change to show
    not_saved = Signal(str)  # an edit shown could not be committed and was taken back: why

    def __init__(self) -> None:
        super().__init__()
        self.path: Path | None = None
        self.file: ProjectFile | None = None
        self.document: Document | None = None
        self.media_path: Path | None = None
        self._jobs = Jobs(self)
        self._backup: Job | None = None
        # The printed sheet, kept in step with each change before the views hear of it; every view
        # reads it (domain.sheet). ``delta``: the rows the last change moved, for the table.
        self.sheet: Sheet | None = None
        self.delta = Delta(reset=True)

    @property
    def read_only(self) -> bool:
        return bool(self.file and self.file.read_only)

    @property
    def project(self) -> Project | None:
        return self.document.project if self.document else None

    def open(self, path: Path, read_only: bool = False, break_stale_lock: bool = False) -> str | None:
        """Open ``path``; returns a message for the user when it cannot be opened (nothing changes).
        A LockedError is raised instead, so the window can offer read-only or breaking a stale lock."""
        if self.path is not None and Path(path).resolve() == Path(self.path).resolve():
            return None  # already open here (Open recent on it): our own lock must not stop us
        # A file or folder we may not write (a colleague's share, a mounted card) opens read-only.
        read_only = read_only or not (os.access(path, os.W_OK) and os.access(Path(path).parent, os.W_OK))
        try:
            file, project = ProjectFile.open(path, read_only=read_only, break_stale_lock=break_stale_lock)
        except LockedError:
            raise
        except USER_ERRORS as error:
            return str(error)
        self.close()
        if not file.read_only:
            # The project as it was when opened, copied in the background through its own read-only
            # connection (a 5,000-cue project takes ~80 ms; opening should not wait for it).
            self._backup = self._jobs.run(
                "Backing up", lambda task: _take_backup(path), lambda _: None, lambda _: None, quiet=True
            )
            # The first edit needs sqlite-utils (~45 ms to import): loaded in the background once the
            # window has painted (eventFilter), so that neither the first paint nor that edit waits.
            if (app := QCoreApplication.instance()) is not None:
                app.installEventFilter(self)
        self.path, self.file = path, file
        # Each edit is committed once the views have painted it (``_announce``, ``flush``).
        self.document = Document(project, file, commit_later=True)
        self.document.subscribe(self._announce)
        self.sheet, self.delta = Sheet(project), Delta(reset=True)
        self.media_path = locate_media(project.media, path)
        self.project_changed.emit()
        return None

    def reload(self) -> str | None:
        """Read a read-only project again from its file (another window or machine writes it);
        returns a message when it cannot be read just now (the project shown stays as it was)."""
        if self.file is None or self.path is None or self.document is None or not self.file.read_only:
            return None
        try:
            project = self.file.load()
        except USER_ERRORS as error:
            return str(error)
        old_media = self.document.project.media
        self.document = Document(project, self.file)  # a fresh history: nothing here was undoable
        self.document.subscribe(self._announce)
        self.sheet, self.delta = Sheet(project), Delta(reset=True)
        self.media_path = locate_media(project.media, self.path)
        # Every kind, agreements included (a hand-listed Change here once left them out).
        self.reloaded.emit(Change.everything(project, media=project.media != old_media))
        return None

    def execute(self, command: Command) -> Change:
        assert self.document is not None, "no project open"
        return self.document.execute(command)

    def wait_for_backup(self, timeout: float = 30.0) -> None:
        if self._backup is not None:
            self._backup.wait(timeout)

    def flush(self) -> str | None:
        """Commit the edit last shown, if it is not yet; when that fails, the edit has been taken
        back (the views heard it) and the reason is returned and announced by ``not_saved``."""
        if self.document is None or not self.document.pending:
            return None
        try:
            self.document.flush()
        except USER_ERRORS as error:
            self.not_saved.emit(f"Not saved: {error}")
            return str(error)
        return None

    def save_copy(self, target: Path) -> None:
        """A copy of the project as the window shows it (the last edit committed first)."""
        if self.file is None:
            return
        error = self.flush()
        if error is not None:
            raise ProjectError(error)
        self.file.save_copy(target)

    def close(self) -> str | None:
        """Closed, the last edit committed first: why that failed (it was taken back), or None."""
        error = self.flush()
        if self.file is not None:
            self.file.close()
        self.path = self.file = self.document = self.media_path = self.sheet = None
        return error

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Installed on the application by ``open``, until the window's first paint."""
        if event.type() == QEvent.Type.Paint and (app := QCoreApplication.instance()) is not None:
            app.removeEventFilter(self)
            QTimer.singleShot(0, self._warm_writer)  # once that paint is on the screen
        return False

    def _warm_writer(self) -> None:
        self._jobs.run("Loading the writer", lambda task: writing.warm(), lambda _: None, quiet=True)

    def event(self, event: QEvent) -> bool:
        if event.type() == _FLUSH:
            self.flush()
            return True
        return super().event(event)

    def _announce(self, change: Change, reason: Reason) -> None:
        if self.sheet is not None and self.document is not None:
            # A new rate or rounding rebuilds it; a small edit touches its lines and neighbours only.
            self.delta = self.sheet.update(change.cues, change.works)
            self.sheet.revision = self.document.revision
        if change.media and self.document is not None and self.path is not None:
            self.media_path = locate_media(self.document.project.media, self.path)
        self.edited.emit(change, reason.value)
        if self.document is not None and self.document.pending:
            # Posted at low priority after the repaint requests the views made as they heard the
            # edit (Qt posts those at low priority too): the edit is painted, then committed.
            QCoreApplication.postEvent(self, QEvent(_FLUSH), Qt.EventPriority.LowEventPriority.value)


_FLUSH = QEvent.Type(QEvent.registerEventType())  # the commit of the edit last announced


def _take_backup(path: Path) -> None:
    # A backup that cannot be written (OSError is among USER_ERRORS) must not stop the user from working.
    with suppress(*USER_ERRORS):
        backups.take(path, lambda target: copy_consistent(path, target))
