"""Society profiles (issue #15 §3): what a sheet filed with a group of societies must carry.

This first part is the production header each profile requires: validation names each field the
chosen profile asks for and the sheet lacks (``MISSING_HEADER_FIELD``). With no profile chosen (the
default, and every project made before profiles), nothing more is required. The profiles' sources,
and where a society's exact template is not public, are in the README (*Society profiles*).
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING

from cuesheet.domain.fields import declared

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
