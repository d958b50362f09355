"""Composer agreements: what clears commissioned score (domain guide §5).

Score is written for the production under the composer's agreement, not licensed per track, so an
agreement is a production-level record shown once in the licensing report. Which agreement covers a
score cue:

1. the one the cue names (``Cue.agreement_id``), when it exists;
2. else a production-wide agreement (``covers_all``). With several (a replacement composer, a second
   contract), the earliest dated one covers — a deterministic choice that keeps the cue cleared —
   and validation warns so the user names the right one on the cue.

An agreement with ``covers_all`` off covers only the cues that name it (an additional composer's
few cues). A score cue is uncleared only when no agreement covers it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from cuesheet.domain.fields import FLAG, meta
from cuesheet.domain.limits import NOTE_MAX, check_text
from cuesheet.domain.rights import new_id
from cuesheet.domain.usage import Origin

if TYPE_CHECKING:
    from cuesheet.domain.cue import Cue
    from cuesheet.domain.project import Project


@dataclass(slots=True)
class ComposerAgreement:
    # The contracting name as on the agreement ("Marlow, Ada", or her loan-out company): a text,
    # not a Party, because the party is often not the writer registered with a society.
    composer: str = field(metadata=meta("Composer"))
    reference: str = field(default="", metadata=meta("Reference"))  # contract number
    date: str = field(default="", metadata=meta("Date"))  # ISO date it was signed
    # Every score cue that names no other agreement.
    covers_all: bool = field(default=True, metadata=meta("Covers all score", FLAG))
    notes: str = field(default="", metadata=meta("Notes", bound=NOTE_MAX))
    id: str = field(default_factory=new_id)

    @property
    def label(self) -> str:
        """How a choice list names it: composer, reference and date."""
        return " · ".join(part for part in (self.composer, self.reference, self.date) if part) or "(unnamed)"


def check_fields(composer: str, reference: str = "", date: str = "", notes: str = "") -> None:
    """What every way in (dialog, command line) accepts; ValueError says what is wrong."""
    if not composer.strip():
        raise ValueError("enter the composer (or the company) the agreement is with")
    for what, text in (("composer", composer), ("reference", reference), ("date", date)):
        check_text(text, what)
    check_text(notes, "notes", NOTE_MAX)
    if date:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise ValueError(f"date {date!r} is not a date (write it as 2026-01-31)") from None


def default_agreements(project: Project) -> list[ComposerAgreement]:
    """The production-wide agreements, the one that covers by default first (earliest date; undated
    last; then by reference and id so the order never depends on the file)."""
    found = [a for a in project.agreements.values() if a.covers_all]
    return sorted(found, key=lambda a: (not a.date, a.date, a.reference, a.id))


def covering_agreement(
    project: Project, cue: Cue, defaults: list[ComposerAgreement] | None = None
) -> ComposerAgreement | None:
    """The agreement that covers this cue, or None (not score, or nothing covers it).
    ``defaults`` saves recomputing ``default_agreements`` for callers that ask about every cue."""
    if cue.origin is not Origin.SCORE:
        return None
    named = project.agreements.get(cue.agreement_id) if cue.agreement_id else None
    if named is not None:
        return named
    defaults = default_agreements(project) if defaults is None else defaults
    return defaults[0] if defaults else None


@dataclass
class Coverage:
    by_agreement: dict[str, list[Cue]]  # every agreement, with the score cues it covers in order
    uncovered: list[Cue]  # score cues no agreement covers


def coverage(project: Project, ordered: list[Cue] | None = None) -> Coverage:
    ordered = project.cues_in_order() if ordered is None else ordered
    defaults = default_agreements(project)
    found = Coverage({a.id: [] for a in project.agreements.values()}, [])
    for cue in ordered:
        if cue.origin is not Origin.SCORE:
            continue
        agreement = covering_agreement(project, cue, defaults)
        if agreement is None:
            found.uncovered.append(cue)
        else:
            found.by_agreement[agreement.id].append(cue)
    return found


def carried_agreements(theirs: Project, mine: Project, cues: list[Cue]) -> dict[str, ComposerAgreement]:
    """The agreements ``cues`` (of theirs, being merged into ``mine``) need to stay covered as they
    were. Each cue then names its agreement, and a production-wide one of theirs comes as covering
    only the cues that name it, so merging never changes what covers our own cues. Agreements
    ``mine`` already has (same id) are not copied. The cues are the merge's copies: changed here."""
    carried: dict[str, ComposerAgreement] = {}
    defaults = default_agreements(theirs)
    for cue in cues:
        agreement = covering_agreement(theirs, cue, defaults)
        if agreement is None or agreement.id in mine.agreements:
            continue
        if agreement.id not in carried:
            carried[agreement.id] = replace(agreement, covers_all=False)
        cue.agreement_id = agreement.id
    return carried
