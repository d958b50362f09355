"""Keyboard edits of cues: mark In/Out/hand-over, trim to playhead, nudge, tag, delete, undo/redo.

Each is one command through the session (one transaction, one undo step). Errors that are the
user's (Out before In, nothing selected) come back as a status message, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from cuesheet.domain.commands import Command, DeleteCues, EditCue
from cuesheet.domain.cue import Cue
from cuesheet.domain.marking import DEFAULT_REACTION_DELAY_MS, Marker, MarkingError, mark_frame
from cuesheet.domain.usage import Origin
from cuesheet.errors import USER_ERRORS
from cuesheet.ui.session import Session
from cuesheet.ui.view_state import ViewState

Playhead = Callable[[], tuple[int, bool]]  # (project frame, playing?)
READ_ONLY = "This project is open read-only here: nothing can be changed. File ▸ Save a copy as… to edit."


class CueEditing(QObject):
    """Sets the view state's selection and open In as it edits; the views follow the state."""

    status = Signal(str)

    def __init__(self, session: Session, state: ViewState, playhead: Playhead) -> None:
        super().__init__()
        self.session, self.state = session, state
        self.playhead = playhead
        self.reaction_delay_ms = DEFAULT_REACTION_DELAY_MS
        self.marker: Marker | None = None
        self._last_edge: tuple[str, str] | None = None  # (cue id, "start" | "end") for Alt+arrows
        session.project_changed.connect(self._reset)
        session.not_saved.connect(self.status)  # an edit shown, then refused by the disk: taken back

    @property
    def selected(self) -> str | None:
        return self.state.selected

    def _revision(self) -> int:
        return self.session.document.revision if self.session.document is not None else -1

    def _reset(self) -> None:
        project = self.session.project
        self.marker = Marker(project, self._revision) if project else None
        self._last_edge = None
        self.state.reset()

    def follow(self) -> None:
        """The project was read again from its file (read-only): mark against the new one."""
        project = self.session.project
        self.marker = Marker(project, self._revision) if project else None
        if project is None or self.selected not in project.cues:
            self.state.select(None)
        self.state.set_open_in(None)
        self._last_edge = None

    def writable(self) -> bool:
        """False, with the reason in the status bar, when edits cannot be made (read-only): an
        editing key then changes nothing on screen either (no open In drawn, no drag)."""
        if self.session.read_only:
            self.status.emit(READ_ONLY)
            return False
        return self.session.project is not None

    def _mark_frame(self) -> int:
        frame, playing = self.playhead()
        project = self.session.project
        assert project is not None
        return mark_frame(frame, playing, project.production.rate, self.reaction_delay_ms)

    def run(self, command: Command, select: str | None = None) -> bool:
        if not self.writable():
            return False
        try:
            self.session.execute(command)
        except USER_ERRORS as error:
            self.status.emit(f"Not saved: {error}")
            return False
        if select is not None:
            self.state.select(select)
        return True

    # -- marking -----------------------------------------------------------------------------

    def mark_in(self) -> None:
        project = self.session.project
        if self.marker is None or not self.writable() or project is None:
            return
        frame = self._mark_frame()
        self.marker.mark_in(frame)
        self.state.set_open_in(frame)
        self.status.emit(f"In at {project.production.timecode(frame)}")

    def mark_out(self) -> None:
        self._close(hand_over=False)

    def hand_over(self) -> None:
        self._close(hand_over=True)

    def _close(self, hand_over: bool) -> None:
        if self.marker is None or not self.writable():
            return
        frame = self._mark_frame()
        try:
            if hand_over:
                command, cue_id = self.marker.hand_over(frame)
            else:
                command, cue_id = self.marker.mark_out(frame, self.selected)
        except MarkingError as error:
            message = str(error)
            self.status.emit(message[:1].upper() + message[1:])
            return
        self.state.set_open_in(self.marker.open_start)
        if self.run(command, select=cue_id):
            self._last_edge = (cue_id, "end")
            self.status.emit(command.text)

    def cancel_open(self) -> None:
        if self.marker is not None and self.marker.open_start is not None:
            self.marker.cancel()
            self.state.set_open_in(None)

    # -- the selected cue --------------------------------------------------------------------

    def _selected_cue(self) -> Cue | None:
        project = self.session.project
        if project is None or self.selected not in project.cues:
            self.status.emit("Select a cue first")
            return None
        return project.cues[self.selected]

    def trim(self, edge: str) -> None:
        if not self.writable():
            return
        cue = self._selected_cue()
        if cue is None:
            return
        frame = self._mark_frame()
        start, end = (frame, cue.end) if edge == "start" else (cue.start, frame)
        if end <= start:
            self.status.emit("The Out must be after the In")
            return
        command = EditCue(cue.id, start=start, end=end)
        command.text = "Set cue In" if edge == "start" else "Set cue Out"
        if self.run(command):
            self._last_edge = (cue.id, edge)

    def nudge(self, frames: int) -> None:
        """Alt+Left/Right: move the edge just marked (or the selected cue's Out) by a frame."""
        project = self.session.project
        if project is None or not self.writable():
            return
        cue_id, edge = self._last_edge or (self.selected or "", "end")
        cue = project.cues.get(cue_id)
        if cue is None:
            self.status.emit("Select a cue first")
            return
        start, end = cue.start, cue.end
        if edge == "start":
            start += frames
        else:
            end += frames
        if end <= start:
            return
        command = EditCue(cue.id, start=start, end=end)
        command.text = "Nudge cue edge"
        self.run(command)

    def tag(self, origin: Origin) -> None:
        if not self.writable():
            return
        cue = self._selected_cue()
        if cue is not None and cue.origin is not origin:
            command = EditCue(cue.id, origin=origin)
            command.text = f"Tag {cue.number or 'cue'} {origin.label}"
            self.run(command)
        if self.marker is not None:
            self.marker.origin = origin

    def delete(self) -> None:
        if not self.writable():
            return
        cue = self._selected_cue()
        if cue is not None and self.run(DeleteCues([cue.id])):
            self.state.select(None)

    def undo(self) -> None:
        self._history(redo=False)

    def redo(self) -> None:
        self._history(redo=True)

    def _history(self, redo: bool) -> None:
        document = self.session.document
        if document is None or not self.writable():
            return
        text = document.redo_text if redo else document.undo_text
        try:
            change = document.redo() if redo else document.undo()
        except USER_ERRORS as error:
            self.status.emit(f"Not saved: {error}")
            return
        if change is not None:
            self.status.emit(f"{'Redo' if redo else 'Undo'}: {text}")
