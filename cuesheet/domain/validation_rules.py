"""The rules ``validation`` runs over a sheet, each answered once per thing it is about.

A rule about a work (writers, shares, ISWC), a party (society, IPI) or a recording (ISRC) gives the
same answer for every cue that uses it, so ``Rules`` keeps that answer, as problems that do not yet
name a cue, and ``validation.validate`` names them for each cue. At 50,000 cues the 150,000
interests are a few hundred parties, and checking each once is what keeps ``cuesheet check`` fast.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cached_property

from cuesheet.domain.agreements import ComposerAgreement, covering_agreement, default_agreements
from cuesheet.domain.clearance import Clearance, LicenceIndex, clearance, licence_index
from cuesheet.domain.cue import Cue
from cuesheet.domain.decimal_text import format_decimal
from cuesheet.domain.durations import format_duration
from cuesheet.domain.profiles import missing_for_origin
from cuesheet.domain.project import Project, ShareConvention
from cuesheet.domain.rights import Interest, Party, Recording, Role, Work
from cuesheet.domain.usage import Origin

ERROR, WARNING = "error", "warning"
SHARE_TOLERANCE = Decimal("0.01")
_ISWC = re.compile(r"T\d{10}")
_ISRC = re.compile(r"[A-Z]{2}[A-Z0-9]{3}\d{7}")
_CLEARED_BY_LICENCE = (Origin.LICENSED, Origin.LIBRARY)
# Role.is_publisher as a tuple: ``in`` compares identities, with no call per interest.
_PUBLISHERS = tuple(role for role in Role if role.is_publisher)

Problem = tuple[str, str, str, str]  # severity, code, message, fix: a finding that names no cue yet


def iswc_check_digit(nine_digits: str) -> int:
    """ISWC check digit: 1 + Σ i·dᵢ over the nine digits, complemented modulo 10 (T-034.524.680-1)."""
    total = 1 + sum(position * int(digit) for position, digit in enumerate(nine_digits, start=1))
    return (10 - total % 10) % 10


class Rules:
    """The rules for the cues of one project, as it is while they run."""

    def __init__(self, project: Project) -> None:
        self.project = project
        production = project.production
        self._rate, self._rounding = production.rate, project.settings.rounding
        self._running = production.running_time
        self._first = production.start_frame
        self._last = self._first + self._running
        self._per_side = project.settings.share_convention is ShareConvention.PER_SIDE
        self._works: dict[tuple[str, bool], list[Problem]] = {}
        self._parties: dict[str, list[Problem]] = {}
        self._isrcs: dict[str, list[Problem]] = {}
        self._iswcs: dict[str, list[Problem]] = {}
        self._cleared: dict[tuple[Origin, str, str | None], Clearance] = {}  # a song used again
        self._profile = project.settings.profile
        self._asks: dict[tuple[Origin, str | None, str], list[Problem]] = {}

    def of(self, cue: Cue, following: Cue | None) -> list[Problem]:
        """What is wrong with ``cue``, in the order the sheet lists it; ``following``: the next cue
        in sheet order (an overlap is with it)."""
        project = self.project
        problems = self._timing(cue, following)
        work = project.works.get(cue.work_id)
        if work is None or not work.title.strip():
            problems.append(
                (ERROR, "NO_TITLE", "the cue has no title", "enter the work's title as registered")
            )
        if work is not None:
            problems += self._work(work, cue.origin is Origin.PUBLIC_DOMAIN)
        recording = project.recordings.get(cue.recording_id) if cue.recording_id else None
        if recording is not None and recording.isrc:
            problems += self._isrc(recording.isrc)
        origin = cue.origin
        if origin in _CLEARED_BY_LICENCE:
            key = (origin, cue.work_id, cue.recording_id)  # all a licensed cue's clearance depends on
            state = self._cleared.get(key)
            if state is None:
                state = self._cleared[key] = clearance(project, cue, self._licences)
            if not state.cleared:
                problems.append((WARNING, "NOT_CLEARED", f"not cleared: needs {', '.join(state.missing)}",
                                 "request and record the licences before delivery"))  # fmt: skip
        if origin is Origin.LIBRARY and (
            recording is None or not recording.library or not recording.catalog_number
        ):
            problems.append((ERROR, "NO_LIBRARY_DATA", "library cue without library and catalogue number",
                             "enter the library and the track's catalogue number"))  # fmt: skip
        if origin is Origin.SCORE:
            problems += self._agreement(cue)
        if self._profile is not None:
            problems += self._asked(origin, cue.recording_id, recording, cue.work_id, work)
        if cue.conform_note:
            check = "check its In and Out against the new cut, then clear its Conform note"
            problems.append((WARNING, "CONFORM_CHECK", f"conform: {cue.conform_note}", check))
        return problems

    # -- per cue --------------------------------------------------------------------------------

    def _asked(
        self,
        origin: Origin,
        recording_id: str | None,
        recording: Recording | None,
        work_id: str,
        work: Work | None,
    ) -> list[Problem]:
        """What the chosen profile asks of a cue of this origin, once per recording and work."""
        key = (origin, recording_id, work_id)
        found = self._asks.get(key)
        if found is None:
            assert self._profile is not None  # asked only with one
            missing = missing_for_origin(self._profile, origin, recording, work)
            found = self._asks[key] = [] if not missing else [(
                WARNING, "MISSING_CUE_FIELD",
                f"the {self._profile.label} profile asks a {origin.label.lower()} cue for its "
                + ", ".join(missing),
                "enter them in the inspector",
            )]  # fmt: skip
        return found

    def _timing(self, cue: Cue, following: Cue | None) -> list[Problem]:
        start, end = cue.start, cue.end
        if end <= start:
            return [(ERROR, "IN_NOT_BEFORE_OUT", "the Out is not after the In", "set the Out after the In")]
        problems: list[Problem] = []
        if self._running and (start < self._first or end > self._last):
            problems.append((ERROR, "OUTSIDE_FILM", f"the cue runs outside the film ({self._film})",
                             "trim it to the picture"))  # fmt: skip
        if end - start < self._rate.nominal:
            lasts = f"the cue lasts {end - start} frames, under one second"
            problems.append(
                (WARNING, "UNDER_ONE_SECOND", lasts, "check it is a real use; PROs print it as 0:01")
            )
        if following is not None and following.start < end:
            carved = format_duration(max(0, following.start - start), self._rate, self._rounding)
            problems.append((
                WARNING, "OVERLAP",
                f"overlaps {following.number or 'the next cue'} by {end - following.start} frames; "
                f"reported as {carved}, carved out at {self.project.production.timecode(following.start)}",
                "keep it if both are heard; else trim the outgoing cue",
            ))  # fmt: skip
        return problems

    @cached_property
    def _film(self) -> str:
        timecode = self.project.production.timecode
        return f"{timecode(self._first)}–{timecode(self._last)}"

    def _agreement(self, cue: Cue) -> list[Problem]:
        """Score is uncleared only when no composer agreement covers it; several production-wide
        agreements cover a cue that names none by the earliest, which is worth a look."""
        project, defaults = self.project, self._defaults
        covering = covering_agreement(project, cue, defaults)
        if covering is None and not clearance(project, cue, self._licences).cleared:
            return [(WARNING, "NO_AGREEMENT", "not cleared: no composer agreement covers this score cue",
                     "add the production's composer agreement, or name one on the cue")]  # fmt: skip
        if covering is not None and len(defaults) > 1 and cue.agreement_id not in project.agreements:
            return [(WARNING, "AGREEMENT_AMBIGUOUS",
                     f"{len(defaults)} composer agreements cover all score; counted under {covering.label}",
                     "name the agreement that covers this cue")]  # fmt: skip
        return []

    @cached_property
    def _licences(self) -> LicenceIndex:
        return licence_index(self.project)

    @cached_property
    def _defaults(self) -> list[ComposerAgreement]:
        return default_agreements(self.project)

    # -- once per work, party and recording ---------------------------------------------------

    def _work(self, work: Work, public_domain: bool) -> list[Problem]:
        key = (work.id, public_domain)
        found = self._works.get(key)
        if found is None:
            found = self._works[key] = self._work_problems(work, public_domain)
        return found

    def _work_problems(self, work: Work, public_domain: bool) -> list[Problem]:
        problems: list[Problem] = []
        interests = work.interests
        writers = [i for i in interests if i.role not in _PUBLISHERS]
        publishers = [i for i in interests if i.role in _PUBLISHERS]
        if not writers and not public_domain:
            problems.append(
                (ERROR, "NO_WRITER", "no writer (composer or author) is listed", "add the writers and shares")
            )
        if writers or publishers:
            problems += self._shares(writers, publishers)
        if publishers and all(i.role is Role.AM for i in publishers):
            only = "only an administrator is listed on the publisher side"
            owner = "list the original publisher (E); the administrator is not the owner"
            problems.append((WARNING, "ADMINISTRATOR_ONLY", only, owner))
        if work.iswc:
            problems += self._iswc(work.iswc)
        parties, checked = self.project.parties, self._parties
        for interest in interests:
            party = parties.get(interest.party_id)
            if party is not None:
                found = checked.get(party.id)
                if found is None:
                    found = checked[party.id] = _party_problems(party)
                if found:
                    problems += found
        return problems

    def _shares(self, writers: list[Interest], publishers: list[Interest]) -> list[Problem]:
        if not self._per_side:
            combined = _total(writers) + _total(publishers)
            if abs(combined - 100) <= SHARE_TOLERANCE:
                return []
            return [(ERROR, "SHARE_TOTAL", f"shares total {format_decimal(combined)} %, not 100 %",
                     "whole work: writers and publishers together total 100 %")]  # fmt: skip
        problems: list[Problem] = []
        for side, interests in (("writer", writers), ("publisher", publishers)):
            if interests and abs(_total(interests) - 100) > SHARE_TOLERANCE:
                shown = format_decimal(_total(interests))
                problems.append((ERROR, "SHARE_TOTAL", f"{side} shares total {shown} %, not 100 %",
                                 "per side: writers total 100 % and publishers total 100 %"))  # fmt: skip
        return problems

    def _iswc(self, iswc: str) -> list[Problem]:
        found = self._iswcs.get(iswc)
        if found is None:
            found = self._iswcs[iswc] = []
            if not _ISWC.fullmatch(iswc):
                found.append((ERROR, "BAD_ISWC", f"ISWC {iswc!r} is malformed", "T followed by 10 digits"))
            elif iswc_check_digit(iswc[1:10]) != int(iswc[10]):
                found.append((WARNING, "ISWC_CHECK_DIGIT", f"ISWC {iswc} fails its check digit",
                              "copy it again from the PRO's work record"))  # fmt: skip
        return found

    def _isrc(self, isrc: str) -> list[Problem]:
        found = self._isrcs.get(isrc)
        if found is None:
            found = self._isrcs[isrc] = []
            if not _ISRC.fullmatch(isrc):
                found.append(
                    (ERROR, "BAD_ISRC", f"ISRC {isrc!r} is malformed", "12 characters: CC-XXX-YY-NNNNN")
                )
        return found


def _party_problems(party: Party) -> list[Problem]:
    problems: list[Problem] = []
    if not party.society.strip():
        problems.append((ERROR, "NO_SOCIETY", f"{party.name} has no society", "enter the society, or NONE"))
    if party.ipi and (not party.ipi.isdigit() or len(party.ipi) > 11):
        problems.append(
            (ERROR, "BAD_IPI", f"{party.name}: IPI {party.ipi!r} is malformed", "up to 11 digits")
        )
    return problems


def _total(interests: list[Interest]) -> Decimal:
    return sum([i.share for i in interests], Decimal(0))
