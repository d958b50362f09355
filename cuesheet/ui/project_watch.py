"""A read-only window follows the file: when the writer (another window, process or machine)
commits, the project is read again so a colleague's edits appear.

The file and its folder are both watched: each commit rewrites the file and creates and removes its
journal beside it, and a file replaced by a rename (a restored backup) is only seen in the folder.
Events come in bursts during a commit; one read follows the last of them (debounced). A read that
fails (the writer is mid-commit) is tried again a little later.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

from cuesheet.ui.session import Session

DEBOUNCE_MS = 150
RETRY_MS = 500
RETRIES = 20  # ~10 s of a busy writer before giving up until the next change


def signature(path: Path) -> tuple[int, ...]:
    """What changes when a commit lands: the file's and its journal's / WAL's size and time."""
    values: list[int] = []
    for candidate in (path, Path(f"{path}-journal"), Path(f"{path}-wal")):
        try:
            info = os.stat(candidate)
        except OSError:
            values += [-1, -1, -1]
            continue
        values += [info.st_size, info.st_mtime_ns, info.st_ino]
    return tuple(values)


class ProjectWatch(QObject):
    def __init__(self, session: Session, parent: QObject) -> None:
        super().__init__(parent)  # the window: the watch ends with it
        self.session = session
        self._watcher: QFileSystemWatcher | None = None  # made for the first read-only project
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self._read_again)
        self._seen: tuple[int, ...] = ()
        self._retries = 0
        session.project_changed.connect(self._arm)

    @property
    def watcher(self) -> QFileSystemWatcher:
        # Made when first needed: in a window being built it costs ~20 ms, and a writer needs none.
        if self._watcher is None:
            self._watcher = QFileSystemWatcher(self)
            self._watcher.fileChanged.connect(self._changed)
            self._watcher.directoryChanged.connect(self._changed)
        return self._watcher

    def _arm(self) -> None:
        if self._watcher is not None:
            for paths in (self._watcher.files(), self._watcher.directories()):
                if paths:
                    self._watcher.removePaths(paths)
        self.timer.stop()
        path = self.session.path
        if path is None or not self.session.read_only:
            return  # a writer is the only one changing its file
        self._seen = signature(path)
        self.watcher.addPaths([str(path), str(Path(path).resolve().parent)])

    def _changed(self, _path: str) -> None:
        self._retries = 0
        self.timer.start(DEBOUNCE_MS)

    def _read_again(self) -> None:
        path = self.session.path
        if path is None or not self.session.read_only:
            return
        if str(path) not in self.watcher.files() and Path(path).exists():
            self.watcher.addPath(str(path))  # replaced by a rename: watch the new file
        now = signature(path)
        if now == self._seen:
            return  # the folder changed for another file
        if self.session.reload() is None:
            self._seen = now
        elif self._retries < RETRIES:
            self._retries += 1
            self.timer.start(RETRY_MS)
