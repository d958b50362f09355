"""An editor's timeline as every reader delivers it: the sequence's rate and start, and its tracks
with their clips, in record frames. One plain structure for EDL, FCP 7 XML, FCPXML, AAF, OTIO and Pro
Tools text, so that planning cues from clips and conforming to a new cut know nothing of formats.

Record frames are timecode frame numbers at the sequence rate (01:00:00:00 at 24 fps is 86,400), the
same numbering as the project's frames; a clip's out is exclusive. Source frames are at the sequence
rate too, or None where the format does not give them (a WAV without timecode in an EDL).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from cuesheet.domain.timecode import FrameRate


class TrackKind(Enum):
    AUDIO = "audio"
    VIDEO = "video"


@dataclass(frozen=True, slots=True)
class EditClip:
    record_in: int
    record_out: int  # exclusive
    name: str = ""  # the clip's name in the timeline
    source: str = ""  # the source file's name (no folder), "" when the format gives none
    source_in: int | None = None
    source_out: int | None = None
    reel: str = ""  # the tape or clip reel (EDL), for tracing picture through a new cut
    enabled: bool = True

    @property
    def key(self) -> str:
        """What identifies the recording: the source file's name, else the clip's name."""
        return self.source or self.name


@dataclass(slots=True)
class EditTrack:
    label: str  # "A1", "A2", … (or "V1", …) in the file's own order
    kind: TrackKind = TrackKind.AUDIO
    name: str = ""  # the track's name where the format has one
    muted: bool = False  # muted, inactive or disabled: nothing on it is heard
    clips: list[EditClip] = field(default_factory=list)


@dataclass(slots=True)
class EditTimeline:
    format: str  # "CMX 3600 EDL", "FCP 7 XML", …
    title: str
    rate: FrameRate
    start_frame: int  # the sequence's start timecode as a frame number
    tracks: list[EditTrack] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was read but not used, for the user

    @property
    def audio(self) -> list[EditTrack]:
        return [t for t in self.tracks if t.kind is TrackKind.AUDIO]

    @property
    def video(self) -> list[EditTrack]:
        return [t for t in self.tracks if t.kind is TrackKind.VIDEO]

    def track(self, label: str, kind: TrackKind = TrackKind.AUDIO) -> EditTrack:
        """The track labelled ``label``, made (in order of first appearance) if new."""
        for existing in self.tracks:
            if existing.label == label and existing.kind is kind:
                return existing
        made = EditTrack(label, kind)
        self.tracks.append(made)
        return made


class TimelineError(ValueError):
    """A timeline that cannot be read; the message is one line (``line N: reason`` or an element path)."""
