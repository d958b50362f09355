"""A cue: one use of a piece of music in the film, from ``start`` (inclusive) to ``end`` (exclusive)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    start: int  # absolute frame (the project's start timecode is in these numbers)
    end: int  # exclusive: the cue covers start <= f < end
    work_id: str
    number: str = ""  # spotting number, e.g. 1M01
    origin: Origin = Origin.SCORE
    perception: Perception = Perception.BACKGROUND
    vocals: Vocals = Vocals.INSTRUMENTAL
    theme_role: ThemeRole = ThemeRole.NONE
    usage_override: UsageCode | None = None
    recording_id: str | None = None
    scene: str = ""  # scene description (licence requests ask for it)
    motif: str = ""  # the recurring theme a score cue belongs to, from the project's list
    notes: str = ""  # internal; never printed on the PRO sheet
    agreement_id: str | None = None  # score: the composer agreement it names (see domain.agreements)
    id: str = field(default_factory=new_id)

    @property
    def duration(self) -> int:
        return self.end - self.start

    @property
    def usage(self) -> UsageCode:
        if self.usage_override is not None:
            return self.usage_override
        return derive_usage(self.perception, self.vocals, self.theme_role)
