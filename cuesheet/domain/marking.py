"""Marking cues while watching: I opens a cue, O closes it, M hands over to the next one.

The reference is ELAN's segmentation mode. Paused, a mark is exactly the frame shown. Playing, the
mark is the playhead minus a reaction delay (people press a key after they hear the change), snapped
to a frame. The Out is exclusive: a cue covers ``start <= f < end``.
"""

from __future__ import annotations

from collections.abc import Callable

from cuesheet.domain.commands import AddCues, Command, EditCue
from cuesheet.domain.cue import Cue
from cuesheet.domain.cue_numbers import CueNumber, Numbering, next_number, reel_of, try_parse
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Work
from cuesheet.domain.timecode import FrameRate, ms_to_frames
from cuesheet.domain.usage import Origin

DEFAULT_REACTION_DELAY_MS = 150
MAX_REACTION_DELAY_MS = 2000  # a longer delay is a mistake, not a reaction


class MarkingError(ValueError):
    """A mark that cannot be made; the message says why (shown in the status bar)."""


def mark_frame(
    playhead: int, playing: bool, rate: FrameRate, delay_ms: int = DEFAULT_REACTION_DELAY_MS
) -> int:
    """The frame a key press marks: exact when paused, minus the reaction delay while playing."""
    return playhead - ms_to_frames(delay_ms, rate) if playing else playhead


class Marker:
    """The open cue (In pressed, Out not yet) for one project window."""

    def __init__(self, project: Project, revision: Callable[[], int] | None = None) -> None:
        """``revision``: the document's change count, so that marking cue after cue does not read
        every cue number again for each (9 ms a key at 50,000 cues)."""
        self.project = project
        self.open_start: int | None = None
        self.origin = Origin.SCORE  # what new cues are tagged until the user tags them otherwise
        self._revision = revision
        self._given: tuple[int, tuple[int, Numbering], CueNumber] | None = None  # see _number

    def mark_in(self, frame: int) -> None:
        """Open a cue at ``frame``; pressed again before Out, it moves the start."""
        self.open_start = frame

    def cancel(self) -> None:
        self.open_start = None

    def mark_out(self, frame: int, selected_cue_id: str | None = None) -> tuple[Command, str]:
        """Close the open cue at ``frame`` (a new cue), or else set the selected cue's Out.
        Returns the command and the id of the cue it creates or changes."""
        if self.open_start is not None:
            command, cue_id = self._new_cue(self.open_start, frame)
            self.open_start = None
            return command, cue_id
        if selected_cue_id is None or selected_cue_id not in self.project.cues:
            raise MarkingError("no open cue and no selected cue: press I first")
        cue = self.project.cues[selected_cue_id]
        if frame <= cue.start:
            raise MarkingError("the Out must be after the cue's In")
        return EditCue(cue.id, end=frame), cue.id

    def hand_over(self, frame: int) -> tuple[Command, str]:
        """Close the open cue at ``frame`` and open the next one on the same frame."""
        if self.open_start is None:
            raise MarkingError("no open cue to hand over from: press I first")
        command, cue_id = self.mark_out(frame)
        self.open_start = frame
        return command, cue_id

    def _new_cue(self, start: int, end: int) -> tuple[Command, str]:
        if end <= start:
            raise MarkingError("the Out must be after the In")
        production = self.project.production
        reel = reel_of(int(production.timecode(start).lstrip("-").split(":")[0]))
        work = Work(title="")
        cue = Cue(start, end, work.id, self._number(reel), self.origin)
        return AddCues([cue], [work], text=f"Mark cue {cue.number}"), cue.id

    def _number(self, reel: int) -> str:
        """The next number of ``reel``. The number this marker gave last is the reel's highest as
        long as the only change since is the cue that took it (the revision one past when it was
        given); after any other change every number is read again."""
        numbering = self.project.settings.numbering
        now = self._revision() if self._revision is not None else None
        given = self._given
        made: CueNumber | None
        if now is not None and given is not None and given[0] == now and given[1] == (reel, numbering):
            made = CueNumber(given[2].reel, given[2].number + 1)
            number = str(made)
        else:
            number = next_number((c.number for c in self.project.cues.values()), reel, numbering)
            made = try_parse(number)  # None past reel 99 (such numbers are not read back as numbers)
        self._given = None if now is None or made is None else (now + 1, (reel, numbering), made)
        return number
