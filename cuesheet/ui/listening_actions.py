"""Cue ▸ Find music in the film…: the recordings of a folder listened for in the film's sound in
the pool (with progress), then reviewed (ui.spotting_dialog); Add makes the ticked ones cues in one
undo step. Functions of ``ImportActions``, kept apart to keep that module small."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog

if TYPE_CHECKING:
    from cuesheet.domain.conform import Shot
    from cuesheet.domain.spotting_cues import Proposal
    from cuesheet.domain.validation import Finding
    from cuesheet.ui.import_actions import ImportActions

TITLE = "Find music in the film"


def find_music(actions: ImportActions, folder: Path | None = None) -> None:
    from cuesheet.listen_service import listen, listening_cache

    session = actions.session
    film = _linked_film(actions, TITLE, "Link the film first: listening needs its sound.")
    document, project_path = session.document, session.path
    if document is None or project_path is None or film is None:
        return
    if folder is None:
        name = QFileDialog.getExistingDirectory(
            actions.parent_widget, f"{TITLE}: the folder of recordings", str(project_path.parent)
        )
        if not name:
            return
        folder = Path(name)
    snapshot, source = document.project.snapshot(), folder

    progress = QProgressDialog(
        f"Listening for the recordings in {folder.name}…", "Cancel", 0, 100, actions.parent_widget
    )
    progress.setWindowTitle(TITLE)
    progress.setMinimumDuration(0)  # the window stays usable: the dialog only shows and stops
    actions.listening_progress = progress  # tests press its Cancel here

    outlined: list[tuple[int, int]] = []  # what this search outlined: cleared only if still shown

    def outline(spans: list[tuple[int, int]]) -> None:
        state = actions.state
        if actions.session.document is document and state.proposals in ([], outlined):
            state.set_proposals(spans)  # never over another review's outlines or another project
            outlined[:] = spans

    def partial(heard: list[Proposal]) -> None:
        """The findings so far, whenever the search makes one: outlined on the timeline and counted
        in the dialog, so a long search shows what it has heard (the review lists the last word)."""
        outline([(p.start, p.end) for p in heard])
        titles = sorted({p.title or Path(p.file).stem for p in heard})
        shown = ", ".join(titles[:3]) + (f" and {len(titles) - 3} more" if len(titles) > 3 else "")
        progress.setLabelText(
            f"Listening for the recordings in {folder.name}…\n{len(heard)} heard so far: {shown}"
        )

    def close() -> None:
        progress.canceled.disconnect(cancel)  # closing the dialog says "canceled": it was not
        progress.close()
        outline([])

    def review(found: tuple[list[Proposal], int]) -> None:
        close()
        if actions._still(document):
            review_found(actions, *found)

    def failed(message: str) -> None:
        close()
        _warn(actions, TITLE)(message)

    job = actions.jobs.run(
        f"Listening for the recordings in {folder.name}…",
        lambda task: listen(
            snapshot,
            film,
            [source],
            progress=task.report,
            cache=listening_cache(),
            cancelled=lambda: task.cancelled,
            heard=task.partial,
        ),
        review,
        failed,
        partial,
    )
    job.signals.progress.connect(progress.setValue, Qt.ConnectionType.QueuedConnection)

    def cancel() -> None:
        job.cancel()  # the worker stops at its next recording or candidate; nothing is delivered
        outline([])
        actions.status.emit("Listening cancelled; nothing changed")

    progress.canceled.connect(cancel)
    progress.show()


def review_found(actions: ImportActions, proposals: list[Proposal], listened: int) -> None:
    from cuesheet.domain.spotting_cues import spotting_command
    from cuesheet.ui.spotting_dialog import SpottingDialog

    project, state = actions.session.project, actions.state
    if project is None:
        return
    if not proposals:
        heard = f"None of the {listened} recording(s) was heard in the film."
        QMessageBox.information(actions.parent_widget, TITLE, heard)
        return
    dialog = SpottingDialog(proposals, listened, project.production.rate, actions.parent_widget)
    actions.spotting_dialog = dialog  # tests reach the open dialog here
    dialog.chosen_changed.connect(lambda chosen: state.set_proposals([(p.start, p.end) for p in chosen]))
    state.set_proposals([(p.start, p.end) for p in proposals])
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    actions.spotting_dialog = None
    state.set_proposals([])
    project = actions.session.project
    chosen = dialog.model.chosen()
    if not accepted or project is None or not chosen:
        actions.status.emit("Nothing added")
        return
    command = spotting_command(project, chosen, dialog.chosen_origin())
    actions._apply(command, f"{command.text}; Undo takes them back")


def check_by_ear(actions: ImportActions) -> None:
    """Cue ▸ Check cues against the film's sound: in the pool, then the cues found out of place,
    listed; a double click selects the cue."""
    from cuesheet.listen_service import check_by_ear as checked

    path, document = actions.session.path, actions.session.document
    if path is None or document is None:
        return
    # A snapshot, as every job takes: the file may not hold the last edit yet (it is committed
    # after the frame that shows it), and a cue moved just before was checked where it had been.
    snapshot = document.project.snapshot()
    label = "Listening to the film for the cues' recordings…"
    actions._start(
        label, lambda: checked(path, snapshot), lambda found: _show_heard(actions, found), _warn(actions, EAR)
    )


EAR = "Check cues against the film's sound"


def _show_heard(actions: ImportActions, findings: list[Finding]) -> None:
    from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout

    parent, state = actions.parent_widget, actions.state
    actions.heard = findings  # tests read what was shown here
    if not findings:
        QMessageBox.information(parent, EAR, "Every cue whose recording file is here is heard where it is.")
        return
    dialog = QDialog(parent)
    dialog.setWindowTitle(EAR)
    listing = QListWidget(dialog)
    for finding in findings:
        item = QListWidgetItem(f"{finding.cue or '#' + str(finding.seq)} — {finding.message}; {finding.fix}")
        item.setData(Qt.ItemDataRole.UserRole, finding.cue_id)
        listing.addItem(item)
    listing.itemDoubleClicked.connect(lambda item: state.select(item.data(Qt.ItemDataRole.UserRole)))
    QVBoxLayout(dialog).addWidget(listing)
    dialog.resize(640, 320)
    dialog.show()


def conform_by_sound(actions: ImportActions, new_film: Path | None = None) -> None:
    """Cue ▸ Conform to a new cut… ▸ The new film alone: the two films' sound matched in the pool,
    then the same review as from timelines; Conform moves the cues and relinks the film, one step."""
    from cuesheet.listen_service import sound_shots
    from cuesheet.ui.file_actions import FILM_FILTER

    document = actions.session.document
    old_film = _linked_film(actions, CONFORM, "The project's own film is needed: link it first")
    if document is None or old_film is None:
        return
    new_film = new_film or actions._choose("Conform: the new cut's film", FILM_FILTER)
    if new_film is None:
        return
    film, snapshot = new_film, document.project.snapshot()

    def review(shots: tuple[list[Shot], list[Shot]]) -> None:
        if actions._still(document):
            review_by_sound(actions, shots, film)

    label = f"Matching the sound of {film.name} with the project's film…"
    actions._start(label, lambda: sound_shots(snapshot, old_film, film), review, _warn(actions, CONFORM))


CONFORM = "Conform to a new cut"


def review_by_sound(actions: ImportActions, shots: tuple[list[Shot], list[Shot]], film: Path) -> None:
    from cuesheet.listen_service import plan_by_sound

    project = actions.session.project
    if project is not None:
        replan = lambda now: plan_by_sound(now, shots)  # noqa: E731 (the edited project's plan)
        actions.review_conform(plan_by_sound(project, shots), film.name, replan, film)


def _linked_film(actions: ImportActions, title: str, missing: str) -> Path | None:
    """The open project's film, or None (with ``missing`` said when a project is open without one)."""
    session = actions.session
    if session.document is None or session.path is None:
        return None
    if session.media_path is None:
        QMessageBox.information(actions.parent_widget, title, missing)
    return session.media_path


def _warn(actions: ImportActions, title: str) -> Callable[[str], None]:
    """A job's failure: on the status bar and in a warning titled ``title``."""

    def failed(message: str) -> None:
        actions.status.emit(message)
        QMessageBox.warning(actions.parent_widget, title, message)

    return failed
