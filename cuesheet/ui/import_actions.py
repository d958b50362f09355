"""Bringing music in and getting old states back: cue-sheet CSV import, "Import cues from another
project…" (merge) and restoring a rolling backup.

Reading files and planning run in the thread pool against a snapshot of the project; the edit itself
is applied on the GUI thread through the session, as one undoable step.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from cuesheet.domain.commands import AddCues, Command
from cuesheet.domain.history import Document
from cuesheet.domain.project import Project
from cuesheet.errors import USER_ERRORS
from cuesheet.ui.jobs import Jobs
from cuesheet.ui.session import Session
from cuesheet.ui.view_state import ViewState

if TYPE_CHECKING:  # the services and the merge dialog load when an import runs, not with the window
    from cuesheet.domain.conform import ConformPlan
    from cuesheet.domain.edit import EditTimeline
    from cuesheet.domain.merge import MergePlan
    from cuesheet.domain.timeline_cues import TimelinePlan

PROJECT_FILTER = "Cuesheet projects (*.cuesheet)"
SHEET_FILTER = "Cuesheet projects or JSON sheets (*.cuesheet *.json);;All files (*)"
TIMELINE_FILTER = (
    "Editor's timelines (*.edl *.xml *.fcpxml *.aaf *.otio *.otioz *.txt);;"
    "EDL (*.edl);;FCP 7 XML (*.xml);;FCPXML (*.fcpxml);;AAF (*.aaf);;OpenTimelineIO (*.otio *.otioz);;"
    "Pro Tools session text (*.txt);;All files (*)"
)


class ImportActions(QObject):
    status = Signal(str)
    finished = Signal()  # a job ended (tests wait on it)

    def __init__(
        self,
        parent: QWidget,
        session: Session,
        state: ViewState,
        run: Callable[[Command], bool],
        open_path: Callable[[Path], bool],
    ) -> None:
        super().__init__(parent)
        self.parent_widget, self.session, self.run, self.open_path = parent, session, run, open_path
        self.state = state  # where cues under review are drawn (the timeline outlines them)
        self.jobs = Jobs(self)
        self.jobs.status.connect(self.status)
        self.jobs.finished.connect(self.finished)
        self._start = self.jobs.start
        self.timeline_dialog: QDialog | None = None
        self.conform_dialog: QDialog | None = None
        self.spotting_dialog: QDialog | None = None
        self.listening_progress: QDialog | None = None  # Find music's progress, with Cancel
        self.heard: list[Any] = []  # what the last check by ear found (ui.listening_actions)

    def _choose(self, title: str, filter_: str) -> Path | None:
        """A file to import, asked in the project's folder; None when the user cancels."""
        folder = str(self.session.path.parent) if self.session.path else ""
        name, _ = QFileDialog.getOpenFileName(self.parent_widget, title, folder, filter_)
        return Path(name) if name else None

    def _apply(self, command: Command, message: str) -> None:
        if self.run(command):  # through the editing path: one undo step, errors reported there
            self.status.emit(message)

    # -- CSV -----------------------------------------------------------------------------------

    def import_csv(self, csv_path: Path | None = None) -> None:
        from cuesheet.project_service import csv_import_command

        document = self.session.document
        if document is None or self.session.path is None:
            return
        csv_path = csv_path or self._choose("Import cue sheet CSV", "CSV (*.csv)")
        if csv_path is None:
            return
        source = csv_path

        def apply(command: AddCues) -> None:
            if self._still(document):
                self._apply(command, f"Imported {len(command.cues)} cues from {source.name}")

        self.jobs.start_on(
            document,
            f"Reading {csv_path.name}…",
            lambda snapshot, report: csv_import_command(snapshot, source, progress=report),
            apply,
            reports_progress=True,
        )

    # -- an editor's timeline -----------------------------------------------------------------

    def import_timeline(self, file: Path | None = None) -> None:
        """Read the timeline in the pool, then review it (TimelineImportDialog); Import is one step."""
        from cuesheet.import_service import read_editor_timeline

        document, path = self.session.document, self.session.path
        if document is None or path is None:
            return
        file = file or self._choose("Import editor's timeline", TIMELINE_FILTER)
        if file is None:
            return
        source, rate = file, document.project.production.rate

        def review(timeline: EditTimeline) -> None:
            if self._still(document):
                self.review_timeline(timeline, source.name)

        def failed(message: str) -> None:
            self.status.emit(message)
            QMessageBox.warning(self.parent_widget, "Import editor's timeline", message)

        self._start(f"Reading {file.name}…", lambda: read_editor_timeline(source, rate), review, failed)

    def review_timeline(self, timeline: EditTimeline, file_name: str) -> None:
        from cuesheet.domain.timeline_cues import plan_cues
        from cuesheet.domain.timeline_import import covered, timeline_import_command
        from cuesheet.ui.timeline_import_dialog import TimelineImportDialog

        project = self.session.project
        if project is None:
            return
        dialog = TimelineImportDialog(timeline, file_name, covered(project), self.parent_widget)
        self.timeline_dialog = dialog  # tests reach the open dialog here
        dialog.planned.connect(self._propose)
        self._propose(dialog.plan)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.timeline_dialog = None
        self.state.set_proposals([])
        project = self.session.project  # the project as it is now (edits may have come meanwhile)
        if not accepted or project is None:
            self.status.emit("Import cancelled; nothing changed")
            return
        plan = plan_cues(timeline, dialog.plan.tracks, dialog.join_gap.value(), covered(project))
        if not plan.cues:
            self.status.emit("Nothing to import: every clip is covered by a cue already")
            return
        command = timeline_import_command(project, plan, file_name)
        self._apply(command, f"{command.text}; Undo takes it back")

    # -- conform to a new cut ------------------------------------------------------------------

    def conform(self, old: Path | None = None, new: Path | None = None) -> None:
        """Ask for the cut the cues were spotted on and the new cut, read and plan in the pool, then
        review (ConformDialog); Conform is one undo step."""
        from cuesheet.domain.conform import plan_conform
        from cuesheet.import_service import read_editor_timeline

        document = self.session.document
        if document is None or self.session.path is None:
            return
        if old is None and new is None and self._conform_from_film():
            return
        old = old or self._choose("Conform: the cut the cues were spotted on", TIMELINE_FILTER)
        new = (new or self._choose("Conform: the new cut", TIMELINE_FILTER)) if old else None
        if old is None or new is None:
            return
        old_file, new_file = old, new
        rate = document.project.production.rate

        def read(snapshot: Project) -> tuple[EditTimeline, EditTimeline, ConformPlan]:
            cuts = read_editor_timeline(old_file, rate), read_editor_timeline(new_file, rate)
            return (*cuts, plan_conform(snapshot, *cuts))

        def review(found: tuple[EditTimeline, EditTimeline, ConformPlan]) -> None:
            if self._still(document):
                old_cut, new_cut, plan = found
                self.review_conform(plan, new_file.name, lambda now: plan_conform(now, old_cut, new_cut))

        def failed(message: str) -> None:
            self.status.emit(message)
            QMessageBox.warning(self.parent_widget, "Conform to a new cut", message)

        self.jobs.start_on(document, f"Reading {old.name} and {new.name}…", read, review, failed)

    def _propose(self, plan: TimelinePlan) -> None:
        self.state.set_proposals([(c.start, c.end) for c in plan.cues])

    def _conform_from_film(self) -> bool:
        """Ask how the new cut comes; True when it was handled here (from its film, or cancelled)."""
        box = QMessageBox(QMessageBox.Icon.Question, "Conform to a new cut",
                          "How does the new cut come?", parent=self.parent_widget)  # fmt: skip
        timelines = box.addButton("The editor's timelines…", QMessageBox.ButtonRole.AcceptRole)
        film = box.addButton("The new film alone…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is timelines:
            return False
        if box.clickedButton() is film:
            from cuesheet.ui.listening_actions import conform_by_sound

            conform_by_sound(self)
        return True

    def review_conform(
        self,
        plan: ConformPlan,
        cut_name: str,
        replan: Callable[[Project], ConformPlan],
        film: Path | None = None,
    ) -> None:
        """The conform reviewed (ConformDialog), then applied as one step; ``replan`` plans again
        against the project if it was edited while the dialog was open. ``film``: the new cut's film,
        linked with it (from the sound: the film is the cut), else the one the dialog may choose."""
        from cuesheet.domain.commands import Group, SetMedia
        from cuesheet.domain.conform import conform_command
        from cuesheet.project_service import film_link
        from cuesheet.ui.conform_dialog import ConformDialog

        project, path = self.session.project, self.session.path
        if project is None or path is None:
            return
        titles = {c.id: project.title_of(c) for c in project.cues.values()}
        plan_revision = self.session.document.revision if self.session.document else -1
        dialog = ConformDialog(plan, titles, project.production.rate, cut_name, self.parent_widget)
        if film is not None:
            dialog.film_button.hide()
        self.conform_dialog = dialog  # tests reach the open dialog here
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.conform_dialog = None
        project = self.session.project
        if not accepted or project is None:
            self.status.emit("Conform cancelled; nothing changed")
            return
        if self.session.document is not None and self.session.document.revision != plan_revision:
            plan = replan(project)  # edited while the dialog was open
        command = conform_command(project, plan, cut_name, dialog.add_new.isChecked(), dialog.model.held())
        film = film or dialog.film
        if film is not None:
            try:  # the header only, as File > Locate film does
                link = film_link(path, film, project.media)
            except USER_ERRORS as error:
                QMessageBox.warning(self.parent_widget, "Not a usable film", str(error))
                return
            command = Group(command.text, [command, SetMedia(link)])
        self._apply(command, f"{command.text}; Undo takes it back")

    # -- listening (ui.listening_actions) -----------------------------------------------------

    def find_music(self, folder: Path | None = None) -> None:
        from cuesheet.ui.listening_actions import find_music

        find_music(self, folder)

    def check_by_ear(self) -> None:
        from cuesheet.ui.listening_actions import check_by_ear

        check_by_ear(self)

    # -- merge ---------------------------------------------------------------------------------

    def import_project(self, other: Path | None = None) -> None:
        from cuesheet.domain.merge import plan_merge
        from cuesheet.project_service import read_other

        document, path = self.session.document, self.session.path
        if document is None or path is None:
            return
        other = other or self._choose("Import cues from another project", SHEET_FILTER)
        if other is None:
            return
        source = other

        def review(planned: MergePlan) -> None:
            if self._still(document):
                self.review(planned, source.name)

        def plan(snapshot: Project) -> MergePlan:
            return plan_merge(snapshot, read_other(path, source))

        self.jobs.start_on(document, f"Reading {other.name}…", plan, review)

    def _still(self, document: Document | None) -> bool:
        """The project a job was started for is still the one open (else its result is dropped)."""
        if self.session.document is document:
            return True
        self.status.emit("Import dropped: another project was opened meanwhile")
        return False

    def review(self, plan: MergePlan, source_name: str) -> None:
        project = self.session.project
        if project is None:
            return
        from cuesheet.ui.merge_dialog import MergeDialog

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
        session = self.session
        from cuesheet.project_service import project_backups

        def find() -> list[dict[str, Any]]:
            session.wait_for_backup()  # the one taken when this project was opened
            return project_backups(path)

        self._start("Looking for backups…", find, self._choose_backup)

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
        backup = Path(found[labels.index(choice)]["path"])  # by path: a newer backup may have come since
        suggested = path.with_name(f"{path.stem} restored.cuesheet")
        name, _ = QFileDialog.getSaveFileName(
            self.parent_widget, "Restore the backup as", str(suggested), PROJECT_FILTER
        )
        if not name:
            return
        target = Path(name) if name.endswith(".cuesheet") else Path(name + ".cuesheet")
        from cuesheet.project_service import restore_backup_file

        try:
            restore_backup_file(backup, target)
        except USER_ERRORS as error:
            self.status.emit(str(error))
            return
        self.status.emit(f"Restored to {target}")
        answer = QMessageBox.question(self.parent_widget, "Backup restored", f"Open {target.name} now?")
        if answer == QMessageBox.StandardButton.Yes:
            self.open_path(target)
