"""Society profiles (issue #15 §3): what a sheet filed with a group of societies must carry.

So far, what each profile requires: the production header (``MISSING_HEADER_FIELD`` for each field
the chosen profile asks for and the sheet lacks) and, for the UK profile, each cue's fields by its
music's origin (``MISSING_CUE_FIELD``). With no profile chosen (the default, and every project made
before profiles), nothing more is required. The profiles' sources,
and where a society's exact template is not public, are in the README (*Society profiles*).
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING

from cuesheet.domain.fields import declared
from cuesheet.domain.rights import Recording, Work
from cuesheet.domain.usage import Origin

if TYPE_CHECKING:  # the project's settings hold a Profile: project imports this module
    from cuesheet.domain.project import Production


class Profile(Enum):
    US = "us"  # ASCAP, BMI, SESAC
    CISAC = "cisac"  # the CISAC Common Cue Sheet (SOCAN, APRA AMCOS, PRS and others)
    UK = "uk"  # a UK broadcaster (PRS / BBC style)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Profile.US: "US (ASCAP, BMI, SESAC)",
    Profile.CISAC: "CISAC Common Cue Sheet",
    Profile.UK: "UK broadcaster (PRS / BBC)",
}
_EPISODIC = ("TV series episode", "Web series")  # types whose sheet names the episode

# The header fields each profile requires (Production's field names); an episode's title and number
# too when the production is episodic.
REQUIRED: dict[Profile, tuple[str, ...]] = {
    Profile.US: ("title", "production_type", "company", "running_time", "first_release", "prepared_by"),
    Profile.CISAC: ("title", "production_type", "company", "country", "year", "running_time", "prepared_by"),
    Profile.UK: ("title", "production_type", "company", "distributor", "production_number", "running_time",
                 "first_release", "prepared_by"),
}  # fmt: skip


def missing_header(production: Production, profile: Profile) -> Iterator[str]:
    """The labels of the header fields ``profile`` requires and ``production`` leaves empty."""
    required = REQUIRED[profile]
    if production.production_type.strip() in _EPISODIC:
        required = (*required, "episode_title", "episode_number")
    labels = {d.name: d.label for d in declared(type(production))}
    for name in required:
        value = getattr(production, name)
        if (not value.strip()) if isinstance(value, str) else not value:
            yield labels[name]


# What a UK broadcaster asks of each cue by its music's origin (issue #15 §3): a commercial
# recording's artist, label, catalogue number and ISRC; a library track's library, catalogue and
# track number; commissioned music's composer and publisher. The other profiles ask for what every
# sheet needs (validation's own rules).
def missing_for_origin(
    profile: Profile, origin: Origin, recording: Recording | None, work: Work | None
) -> list[str]:
    """What ``profile`` asks of a cue of ``origin`` that it lacks (labels, in the sheet's order)."""
    if profile is not Profile.UK:
        return []
    fields: tuple[str, ...]
    if origin is Origin.LICENSED:
        fields = ("artist", "label", "catalog_number", "isrc")
    elif origin is Origin.LIBRARY:
        fields = ("library", "catalog_number", "track_number")
    elif origin is Origin.SCORE:
        interests = work.interests if work is not None else []
        missing = [] if any(not i.role.is_publisher for i in interests) else ["composer"]
        return missing + ([] if any(i.role.is_publisher for i in interests) else ["publisher"])
    else:
        return []
    return [
        _RECORDING_LABELS[name]
        for name in fields
        if recording is None or not getattr(recording, name).strip()
    ]


_RECORDING_LABELS = {d.name: d.label for d in declared(Recording)}
