"""Where the playhead goes: to a typed position, a cue or one of its edges, the next or previous cue,
round a looped cue. Everything here is in project frames (the start timecode included); the film is
addressed in media frames, and this is the one place that converts (the project's start frame is
the film's first frame).
"""

from __future__ import annotations

from collections.abc import Callable

from cuesheet.domain.position_entry import parse_position
from cuesheet.domain.timecode import TimecodeError
from cuesheet.ui.media_session import MediaSession
from cuesheet.ui.session import Session
from cuesheet.ui.view_state import ViewState


class Navigation:
    def __init__(self, session: Session, state: ViewState, media: MediaSession) -> None:
        self.session, self.state, self.media = session, state, media
        self.loop: tuple[int, int] | None = None  # (in, out) project frames while looping a cue
        media.position_changed.connect(self._on_media_position)

    # -- the media boundary ------------------------------------------------------------------

    def offset(self) -> int:
        project = self.session.project
        return project.production.start_frame if project else 0

    def position(self) -> int:
        return self.media.position() + self.offset()

    def seek(self, frame: int) -> None:
        self.media.seek(frame - self.offset())

    def playhead(self) -> tuple[int, bool]:
        return self.position(), self.media.playing

    def to_media(self, frame: int) -> int:
        return frame - self.offset()

    def _on_media_position(self, media_frame: int) -> None:
        frame = media_frame + self.offset()
        if self.loop is not None and self.media.playing and frame >= self.loop[1]:
            self.seek(self.loop[0])
            return
        self.state.set_playhead(frame)

    # -- moves -------------------------------------------------------------------------------

    def step_seconds(self, seconds: int) -> None:
        project = self.session.project
        self.media.step(seconds * (project.production.rate.nominal if project else 24))

    def typed(self, text: str) -> str | None:
        """Go to a typed timecode, frame count or +/- offset; the reason when it cannot be read."""
        project = self.session.project
        if project is None:
            return None
        try:
            frame = parse_position(text, project.production.rate, self.position())
        except TimecodeError as error:
            return str(error)
        self.seek(frame)
        return None

    def go_to_cue(self, cue_id: str) -> None:
        project = self.session.project
        if project is not None and cue_id in project.cues:
            self.state.select(cue_id)
            self.seek(project.cues[cue_id].start)

    def go_to_edge(self, edge: str) -> None:
        project = self.session.project
        cue = project.cues.get(self.state.selected or "") if project else None
        if cue is not None:
            self.seek(cue.start if edge == "start" else cue.end)

    def neighbour(self, direction: int) -> str | None:
        """Select and go to the next (1) or previous (-1) cue from the playhead; its id, if any."""
        sheet = self.session.sheet
        line = sheet.next_cue(self.position(), direction) if sheet is not None else None
        if line is None:
            return None
        cue = line.cue
        self.state.select(cue.id)
        self.seek(cue.start)
        return cue.id

    def toggle_loop(self, toggle_play: Callable[[], None]) -> None:
        """Play the selected cue round and round; again (or with nothing selected) stops."""
        project = self.session.project
        cue = project.cues.get(self.state.selected or "") if project else None
        if self.loop is not None or cue is None:
            self.loop = None
            if self.media.playing:
                toggle_play()
            return
        self.loop = (cue.start, cue.end)
        self.seek(cue.start)
        if not self.media.playing:
            toggle_play()
