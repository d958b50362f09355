"""The project aggregate: production header, settings, the film reference and the music in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.choice import Choice
from cuesheet.domain.cue import Cue
from cuesheet.domain.cue_numbers import Numbering
from cuesheet.domain.durations import Rounding
from cuesheet.domain.fields import CHOICE, FILM_RATE, FRAMES, INDEX, INT, LENGTH, RATE, meta
from cuesheet.domain.filing import Filing
from cuesheet.domain.licences import Licence
from cuesheet.domain.limits import PATH_MAX
from cuesheet.domain.profiles import Profile, RollUp
from cuesheet.domain.rights import Party, Recording, Work
from cuesheet.domain.timecode import FrameRate, format_timecode, parse_timecode

# Sequence order: by In, then Out, then number; the id makes it total (a sheet kept in step by
# bisection needs every cue to have one place). An attrgetter: a sort of 50,000 cues calls it in C.
order_key: Callable[[Cue], tuple[int, int, str, str]] = attrgetter("start", "end", "number", "id")


class ShareConvention(Choice):
    PER_SIDE = "per_side"  # writers total 100 % and publishers total 100 % (US sheets)
    WHOLE_WORK = "whole_work"  # writers + publishers total 100 % (PRS / CISAC)


# What a society or broadcaster asks a production to be (issue #15 §1); the type is kept as text so
# that a file's own word survives, and these are offered.
PRODUCTION_TYPES = (
    "Feature film", "TV series episode", "TV special", "Documentary", "Short", "Trailer / promo",
    "Commercial", "Video game", "Web series",
)  # fmt: skip


@dataclass(slots=True)
class Production:
    title: str = field(metadata=meta("Title"))
    rate: FrameRate = field(default_factory=lambda: FrameRate.parse("24"), metadata=meta("Frame rate", RATE))
    # The frame number of the picture's first frame (e.g. 01:00:00:00).
    start_frame: int = field(default=0, metadata=meta("Picture starts", FRAMES))
    aka: str = field(default="", metadata=meta("Also known as"))
    episode_title: str = field(default="", metadata=meta("Episode title"))
    episode_number: str = field(default="", metadata=meta("Episode no."))
    production_number: str = field(default="", metadata=meta("Production no."))
    production_type: str = field(
        default="Feature film", metadata=meta("Type")
    )  # PRODUCTION_TYPES, or the user's
    company: str = field(default="", metadata=meta("Company"))
    running_time: int = field(default=0, metadata=meta("Running time", LENGTH))  # 0 = not known yet
    first_release: str = field(default="", metadata=meta("First release"))  # ISO date
    version: str = field(default="Original", metadata=meta("Version"))
    prepared_by: str = field(default="", metadata=meta("Prepared by"))
    # Version 5 (issue #15): the rest of what a society or broadcaster asks of the header.
    series: str = field(default="", metadata=meta("Series"))
    distributor: str = field(default="", metadata=meta("Distributor / broadcaster"))
    country: str = field(default="", metadata=meta("Country of origin"))
    year: str = field(default="", metadata=meta("Year of production"))
    prepared_company: str = field(default="", metadata=meta("Preparer's company"))
    prepared_email: str = field(default="", metadata=meta("Preparer's e-mail"))
    prepared_phone: str = field(default="", metadata=meta("Preparer's phone"))
    prepared_date: str = field(default="", metadata=meta("Prepared on"))  # ISO date; "" = the export's day
    isan: str = field(default="", metadata=meta("ISAN"))
    eidr: str = field(default="", metadata=meta("EIDR"))

    def timecode(self, frame: int) -> str:
        return format_timecode(frame, self.rate)

    def frame(self, timecode: str) -> int:
        return parse_timecode(timecode, self.rate)


@dataclass(slots=True)
class Settings:
    # Stored as key/value rows, the key being the field's name.
    rounding: Rounding = field(default=Rounding.UP, metadata=meta("Rounding", CHOICE))
    numbering: Numbering = field(default=Numbering.PER_REEL, metadata=meta("Cue numbering", CHOICE))
    share_convention: ShareConvention = field(
        default=ShareConvention.PER_SIDE, metadata=meta("Share convention", CHOICE)
    )
    # The societies the sheet is filed with (issue #15 §3); None: no profile's requirements.
    profile: Profile | None = field(default=None, metadata=meta("Society profile", CHOICE))
    # An export option a UK broadcaster accepts: commissioned cues of one ownership as one line.
    roll_up: RollUp = field(default=RollUp.NONE, metadata=meta("Roll-up", CHOICE))


@dataclass(slots=True)
class MediaRef:
    """What a later relink needs to find the film again and recognise it."""

    path: str = field(metadata=meta("Film", bound=PATH_MAX))  # absolute, as last seen
    # From the project file's folder.
    relative_path: str = field(default="", metadata=meta("Relative path", bound=PATH_MAX))
    size: int = field(default=0, metadata=meta("Size", INT))
    duration_frames: int = field(default=0, metadata=meta("Length", LENGTH))
    rate: FrameRate | None = field(default=None, metadata=meta("Frame rate", FILM_RATE))
    start_frame: int = field(default=0, metadata=meta("Starts", FRAMES))
    # The sound stream the project listens to (waveform, playback, spotting), by its index in the
    # file as probe gives it (None: the first, as before streams were chosen), and its title, by
    # which a relinked cut's streams, perhaps numbered otherwise, are matched (store.media_link).
    audio_stream: int | None = field(default=None, metadata=meta("Sound stream", INDEX))
    audio_title: str = field(default="", metadata=meta("Sound stream title"))


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
    filings: dict[str, Filing] = field(default_factory=dict)  # the sheet as filed, each time

    def snapshot(self) -> Project:
        """The project as it is now, for a worker to read while the user goes on editing: its
        collections copied, the items in them shared (an edit replaces an item, never changes it:
        ``commands.Edit``). A few milliseconds at 50,000 cues, where a deep copy took seconds."""
        values = {name: getattr(self, name) for name in self.__slots__}
        return Project(**{name: _copied(value) for name, value in values.items()})

    def cues_in_order(self) -> list[Cue]:
        return sorted(self.cues.values(), key=order_key)

    def title_of(self, cue: Cue) -> str:
        work = self.works.get(cue.work_id)
        return work.title if work else ""


def _copied(value: Any) -> Any:
    """A collection copied (its items shared), anything else as it is."""
    if isinstance(value, dict):
        return dict(value)
    return list(value) if isinstance(value, list) else value
