"""The project aggregate: production header, settings, the film reference and the music in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.cue import Cue
from cuesheet.domain.cue_numbers import Numbering
from cuesheet.domain.durations import Rounding
from cuesheet.domain.licences import Licence
from cuesheet.domain.rights import Party, Recording, Work
from cuesheet.domain.timecode import FrameRate, format_timecode, parse_timecode


def order_key(cue: Cue) -> tuple[int, int, str, str]:
    """Sequence order: by In, then Out, then number; the id makes it total (a sheet kept in step by
    bisection needs every cue to have one place)."""
    return (cue.start, cue.end, cue.number, cue.id)


class ShareConvention(Enum):
    PER_SIDE = "per_side"  # writers total 100 % and publishers total 100 % (US sheets)
    WHOLE_WORK = "whole_work"  # writers + publishers total 100 % (PRS / CISAC)


@dataclass(slots=True)
class Production:
    title: str
    rate: FrameRate = field(default_factory=lambda: FrameRate.parse("24"))
    start_frame: int = 0  # the frame number of the picture's first frame (e.g. 01:00:00:00)
    aka: str = ""
    episode_title: str = ""
    episode_number: str = ""
    production_number: str = ""
    production_type: str = "Feature"
    company: str = ""
    running_time: int = 0  # frames; 0 = not known yet
    first_release: str = ""  # ISO date
    version: str = "Original"
    prepared_by: str = ""

    def timecode(self, frame: int) -> str:
        return format_timecode(frame, self.rate)

    def frame(self, timecode: str) -> int:
        return parse_timecode(timecode, self.rate)


@dataclass(slots=True)
class Settings:
    rounding: Rounding = Rounding.UP
    numbering: Numbering = Numbering.PER_REEL
    share_convention: ShareConvention = ShareConvention.PER_SIDE


@dataclass(slots=True)
class MediaRef:
    """What a later relink needs to find the film again and recognise it."""

    path: str  # absolute, as last seen
    relative_path: str = ""  # from the project file's folder
    size: int = 0
    duration_frames: int = 0
    rate: FrameRate | None = None
    start_frame: int = 0


@dataclass(slots=True)
class Project:
    production: Production
    settings: Settings = field(default_factory=Settings)
    media: MediaRef | None = None
    cues: dict[str, Cue] = field(default_factory=dict)
    works: dict[str, Work] = field(default_factory=dict)
    recordings: dict[str, Recording] = field(default_factory=dict)
    parties: dict[str, Party] = field(default_factory=dict)
    motifs: list[str] = field(default_factory=list)  # "Main Theme", "Love Theme"…
    licences: dict[str, Licence] = field(default_factory=dict)
    agreements: dict[str, ComposerAgreement] = field(default_factory=dict)

    def cues_in_order(self) -> list[Cue]:
        return sorted(self.cues.values(), key=order_key)

    def title_of(self, cue: Cue) -> str:
        work = self.works.get(cue.work_id)
        return work.title if work else ""
