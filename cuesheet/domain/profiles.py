"""Society profiles (issue #15 §3): what a sheet filed with a group of societies must carry.

So far, what each profile requires: the production header (``MISSING_HEADER_FIELD`` for each field
the chosen profile asks for and the sheet lacks) and, for the UK profile, each cue's fields by its
music's origin (``MISSING_CUE_FIELD``). With no profile chosen (the default, and every project made
before profiles), nothing more is required. The profiles' sources,
and where a society's exact template is not public, are in the README (*Society profiles*).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cuesheet.domain.choice import Choice
from cuesheet.domain.durations import format_seconds
from cuesheet.domain.fields import declared
from cuesheet.domain.rights import Recording, Work
from cuesheet.domain.usage import Origin, UsageCode

if TYPE_CHECKING:  # the project's settings hold a Profile: project imports this module
    from cuesheet.domain.project import Production
    from cuesheet.domain.sheet import Sheet


class Profile(Choice):
    US = "us"  # ASCAP, BMI, SESAC
    CISAC = "cisac"  # the CISAC Common Cue Sheet (SOCAN, APRA AMCOS, PRS and others)
    UK = "uk"  # a UK broadcaster (PRS / BBC style)

    @property
    def label(self) -> str:
        return _LABELS[self]


class RollUp(Choice):
    """Whether commissioned cues of one ownership print as one line (``domain.rollup``)."""

    NONE = "none"
    COMMISSIONED = "commissioned"


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


# -- how each profile prints the sheet ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The words, codes, duration format and extra columns a profile's sheet prints. ``None`` (no
    profile) and US print ``OURS``, our codes (the US societies' own): the writers' fast path is
    for ``words is OURS``; CISAC and UK print the CISAC Common Cue Sheet's usage and origin words,
    each cue's vocal use in a column of its own (the usage word no longer says it) and the library
    track number."""

    origins: dict[Origin, str]
    usages: dict[UsageCode, str]
    long_durations: bool  # HH:MM:SS, else M:SS
    vocal_column: bool
    track_column: bool

    def duration(self, seconds: int) -> str:
        if not self.long_durations:
            return format_seconds(seconds)
        minutes, second = divmod(seconds, 60)
        hours, minute = divmod(minutes, 60)
        return f"{hours:02d}:{minute:02d}:{second:02d}"

    def legend(self) -> list[tuple[str, str]]:
        """(word, what it means) for each usage word, in legend order, once each: ``BI background
        instrumental``, ``Background = music not seen performed``."""
        seen: dict[str, str] = {}
        for code, word in self.usages.items():
            meaning = code.description.lower() if word == code.value else f"= {_MEANINGS.get(word, word)}"
            seen.setdefault(word, meaning)
        return list(seen.items())

    def summary(self, totals: Sheet, by_usage: dict[UsageCode, int] | None = None) -> tuple[str, str]:
        """The sheet's total (``0:53 in 5 cues``) and its seconds per usage word, as printed
        (``by_usage``: as the printed lines carry them, when some are rolled up)."""
        count = len(totals)
        total = f"{self.duration(totals.total)} in {count} cue{'' if count == 1 else 's'}"
        per_word = usage_totals(totals.by_usage if by_usage is None else by_usage, self)
        return total, " · ".join(f"{word} {self.duration(seconds)}" for word, seconds in per_word)


_OUR_ORIGINS = {origin: origin.label for origin in Origin}
_CCS_ORIGINS = {Origin.SCORE: "Commissioned", Origin.LICENSED: "Commercial", Origin.LIBRARY: "Library",
                Origin.PUBLIC_DOMAIN: "Public Domain"}  # fmt: skip
_CCS_USAGES = {UsageCode.BI: "Background", UsageCode.BV: "Background", UsageCode.VI: "Featured",
               UsageCode.VV: "Featured", UsageCode.MT: "Theme", UsageCode.ET: "Theme",
               UsageCode.LOGO: "Logo"}  # fmt: skip
_MEANINGS = {
    "Background": "music not seen performed",
    "Featured": "performed on screen or heard by the characters",
    "Theme": "opening or closing theme",
    "Logo": "audio logo",
}
_OUR_USAGES = {code: code.value for code in UsageCode}  # the US codes
OURS = Vocabulary(_OUR_ORIGINS, _OUR_USAGES, False, False, False)
_VOCABULARIES = {
    Profile.US: OURS,
    Profile.CISAC: Vocabulary(_CCS_ORIGINS, _CCS_USAGES, True, True, True),
    Profile.UK: Vocabulary(_CCS_ORIGINS, _CCS_USAGES, False, True, True),
}


def vocabulary(profile: Profile | None) -> Vocabulary:
    return OURS if profile is None else _VOCABULARIES[profile]


def usage_totals(by_usage: dict[UsageCode, int], words: Vocabulary) -> list[tuple[str, int]]:
    """Printed seconds per usage word (codes sharing a word added up), in the legend's order."""
    totals: dict[str, int] = {}
    for code, seconds in by_usage.items():
        word = words.usages[code]
        totals[word] = totals.get(word, 0) + seconds
    return list(totals.items())


def sung(code: UsageCode, vocals_attribute: bool) -> bool:
    """Whether a cue is vocal as printed: a code that says so (BV, VV; BI, VI) outranks the cue's
    vocals attribute, which decides for the others (theme, logo)."""
    return _SUNG.get(code, vocals_attribute)


_SUNG = {UsageCode.BV: True, UsageCode.VV: True, UsageCode.BI: False, UsageCode.VI: False}
