"""What one window shows of its project: the selected cue, the open In (a cue being marked), the
playhead in project frames, the cue filter and the cues an import under review proposes. One object,
observed by the table, the timeline, the inspector and the panels, so no view keeps its own copy to
be kept in step by hand.

Frames here are project frames (the start timecode included); the media session converts at its
boundary. Setting a value that does not change it announces nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ViewState(QObject):
    selection_changed = Signal(object)  # the selected cue's id, or None
    open_in_changed = Signal(object)  # the open In's project frame, or None
    playhead_changed = Signal(object)  # project frame (a Python int: frames can pass 2^31)
    filter_changed = Signal(str)
    proposals_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.selected: str | None = None
        self.open_in: int | None = None
        self.playhead = 0
        self.filter = ""
        # Cues proposed but not made (an import under review): (start, end) project frames, drawn
        # as outlines on the timeline until the proposal is taken or dropped.
        self.proposals: list[tuple[int, int]] = []

    def select(self, cue_id: str | None) -> None:
        if cue_id != self.selected:
            self.selected = cue_id
            self.selection_changed.emit(cue_id)

    def set_open_in(self, frame: int | None) -> None:
        if frame != self.open_in:
            self.open_in = frame
            self.open_in_changed.emit(frame)

    def set_playhead(self, frame: int) -> None:
        if frame != self.playhead:
            self.playhead = frame
            self.playhead_changed.emit(frame)

    def set_filter(self, text: str) -> None:
        if text != self.filter:
            self.filter = text
            self.filter_changed.emit(text)

    def set_proposals(self, spans: list[tuple[int, int]]) -> None:
        if spans != self.proposals:
            self.proposals = spans
            self.proposals_changed.emit()

    def reset(self) -> None:
        """Another project (or none) is open: nothing selected, no open In, the playhead at 0."""
        self.select(None)
        self.set_open_in(None)
        self.set_playhead(0)
        self.set_proposals([])
