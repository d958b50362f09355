"""A cue: one use of a piece of music in the film, from ``start`` (inclusive) to ``end`` (exclusive)."""

from __future__ import annotations

from dataclasses import dataclass, field

from cuesheet.domain.fields import CHOICE, FRAMES, REF, meta
from cuesheet.domain.limits import NOTE_MAX, PATH_MAX
from cuesheet.domain.rights import new_id
from cuesheet.domain.usage import (
    Origin,
    Perception,
    ThemeRole,
    UsageCode,
    Vocals,
    derive_usage,
)


@dataclass(slots=True)
class Cue:
    # Each field's label, store column and codec are declared here once (domain.fields).
    start: int = field(metadata=meta("In", FRAMES))  # absolute frame (the start timecode is in these)
    end: int = field(metadata=meta("Out", FRAMES))  # exclusive: the cue covers start <= f < end
    work_id: str = field(metadata=meta("Work", REF))
    number: str = field(default="", metadata=meta("Cue #"))  # spotting number, e.g. 1M01
    origin: Origin = field(default=Origin.SCORE, metadata=meta("Origin", CHOICE))
    perception: Perception = field(default=Perception.BACKGROUND, metadata=meta("Heard as", CHOICE))
    vocals: Vocals = field(default=Vocals.INSTRUMENTAL, metadata=meta("Vocals", CHOICE))
    theme_role: ThemeRole = field(default=ThemeRole.NONE, metadata=meta("Theme role", CHOICE))
    usage_override: UsageCode | None = field(default=None, metadata=meta("Usage", CHOICE))
    recording_id: str | None = field(default=None, metadata=meta("Recording", REF))
    scene: str = field(default="", metadata=meta("Scene"))  # scene description (licence requests ask)
    motif: str = field(default="", metadata=meta("Theme / motif"))  # a recurring theme, from the list
    notes: str = field(default="", metadata=meta("Notes", bound=NOTE_MAX))  # internal; never printed
    # Score: the composer agreement it names (see domain.agreements).
    agreement_id: str | None = field(default=None, metadata=meta("Composer agreement", REF))
    # Imported from an editor's timeline: where the cue came from (its clips' file, the first clip's
    # name, the track labels), so a second import does not double it and the inspector can say.
    source_file: str = field(default="", metadata=meta("Source file"))
    source_clip: str = field(default="", metadata=meta("Source clip"))
    source_tracks: str = field(default="", metadata=meta("Source tracks"))
    # What a conform to a new cut flagged (trimmed, split, removed): validation reports it until cleared.
    conform_note: str = field(default="", metadata=meta("Conform"))
    # The recording's file on this machine, when the cue was found by listening or the user located
    # it: what the sheet can be checked against by ear (issue #13).
    recording_file: str = field(default="", metadata=meta("Recording file", bound=PATH_MAX))
    id: str = field(default_factory=new_id)

    @property
    def duration(self) -> int:
        return self.end - self.start

    @property
    def usage(self) -> UsageCode:
        if self.usage_override is not None:
            return self.usage_override
        return derive_usage(self.perception, self.vocals, self.theme_role)
