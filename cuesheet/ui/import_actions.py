"""Bringing music in and getting old states back: cue-sheet CSV import, "Import cues from another
project…" (merge) and restoring a rolling backup.

Reading files and planning run in the thread pool against a snapshot of the project; the edit itself
is applied on the GUI thread through the session, as one undoable step.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from cuesheet.domain.commands import Command
from cuesheet.domain.merge import MergePlan, plan_merge
from cuesheet.errors import USER_ERRORS
from cuesheet.project_service import csv_import_command, project_backups, read_other, restore_backup
from cuesheet.ui.merge_dialog import MergeDialog
from cuesheet.ui.session import Session

PROJECT_FILTER = "Cuesheet projects (*.cuesheet)"


class _Job(QRunnable):
    """Runs ``work`` in the pool; reports its result or the user-facing error."""

    class Signals(QObject):
        done = Signal(object)
        failed = Signal(str)

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = self.Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except USER_ERRORS as error:
            self.signals.failed.emit(str(error))
            return
        self.signals.done.emit(result)


class ImportActions(QObject):
    status = Signal(str)
    finished = Signal()  # a job ended (tests wait on it)

    def __init__(self, parent: QWidget, session: Session, open_path: Callable[[Path], bool]) -> None:
        super().__init__(parent)
        self.parent_widget, self.session, self.open_path = parent, session, open_path
        self._jobs: set[_Job] = set()

    def _start(self, label: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        job = _Job(work)
        self._jobs.add(job)

        def finish(result: Any = None, error: str | None = None) -> None:
            self._jobs.discard(job)
            if error is None:
                done(result)
            else:
                self.status.emit(error)
            self.finished.emit()

        job.signals.done.connect(lambda result: finish(result))
        job.signals.failed.connect(lambda message: finish(error=message))
        self.status.emit(label)
        QThreadPool.globalInstance().start(job)

    def _apply(self, command: Command, message: str) -> None:
        try:
            self.session.execute(command)
        except USER_ERRORS as error:
            self.status.emit(f"Not imported: {error}")
            return
        self.status.emit(message)

    # -- CSV -----------------------------------------------------------------------------------

    def import_csv(self, csv_path: Path | None = None) -> None:
        project = self.session.project
        if project is None or self.session.path is None:
            return
        if csv_path is None:
            name, _ = QFileDialog.getOpenFileName(
                self.parent_widget, "Import cue sheet CSV", str(self.session.path.parent), "CSV (*.csv)"
            )
            if not name:
                return
            csv_path = Path(name)
        snapshot = copy.deepcopy(project)
        self._start(
            f"Reading {csv_path.name}…",
            lambda: csv_import_command(snapshot, csv_path),
            lambda command: self._apply(command, f"Imported {len(command.cues)} cues from {csv_path.name}"),
        )

    # -- merge ---------------------------------------------------------------------------------

    def import_project(self, other: Path | None = None) -> None:
        project, path = self.session.project, self.session.path
        if project is None or path is None:
            return
        if other is None:
            name, _ = QFileDialog.getOpenFileName(
                self.parent_widget, "Import cues from another project", str(path.parent), PROJECT_FILTER
            )
            if not name:
                return
            other = Path(name)
        snapshot = copy.deepcopy(project)
        source = other

        def plan() -> MergePlan:
            return plan_merge(snapshot, read_other(path, source))

        self._start(f"Reading {other.name}…", plan, lambda result: self.review(result, source.name))

    def review(self, plan: MergePlan, source_name: str) -> None:
        project = self.session.project
        if project is None:
            return
        dialog = MergeDialog(plan, project, source_name, self.parent_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted or plan.is_empty():
            self.status.emit("Import cancelled; nothing changed")
            return
        command = plan.command()
        self._apply(command, f"{command.text} ({source_name}); Undo takes it back")

    # -- backups -------------------------------------------------------------------------------

    def restore_backup(self) -> None:
        path = self.session.path
        if path is None:
            return
        self._start("Looking for backups…", lambda: project_backups(path), self._choose_backup)

    def _choose_backup(self, found: list[dict[str, Any]]) -> None:
        path = self.session.path
        if path is None:
            return
        if not found:
            QMessageBox.information(
                self.parent_widget,
                "No backups",
                "No backups of this project yet. One is kept each time it is opened for writing.",
            )
            return
        labels = [
            f"{b['number']}. {b['taken']} — {'unreadable' if b['cues'] is None else str(b['cues']) + ' cues'}"
            for b in found
        ]
        choice, ok = QInputDialog.getItem(
            self.parent_widget, "Restore a backup", "Backups, newest first:", labels, 0, False
        )
        if not ok:
            return
        number = labels.index(choice) + 1
        suggested = path.with_name(f"{path.stem} restored.cuesheet")
        name, _ = QFileDialog.getSaveFileName(
            self.parent_widget, "Restore the backup as", str(suggested), PROJECT_FILTER
        )
        if not name:
            return
        target = Path(name) if name.endswith(".cuesheet") else Path(name + ".cuesheet")
        try:
            restore_backup(path, number, target)
        except USER_ERRORS as error:
            self.status.emit(str(error))
            return
        self.status.emit(f"Restored to {target}")
        answer = QMessageBox.question(self.parent_widget, "Backup restored", f"Open {target.name} now?")
        if answer == QMessageBox.StandardButton.Yes:
            self.open_path(target)
