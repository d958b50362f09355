"""The kinds of things a project holds, and ``Change``: what one edit touched, by kind.

``KINDS`` is the one table of entity kinds: the generic commands (``domain.commands``) find a kind's
collection through it, ``Change`` has one field per kind, and the store writes the touched rows of
each kind. A test keeps the table, ``Change`` and ``Project`` in step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.cue import Cue
from cuesheet.domain.filing import Filing
from cuesheet.domain.licences import Licence
from cuesheet.domain.project import Production, Project, Settings
from cuesheet.domain.rights import Party, Recording, Work


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of thing in a project. ``attribute`` names both the ``Project`` attribute (a dict by
    id when ``keyed``, else one object such as the production header) and the ``Change`` field."""

    name: str  # what the user reads: "cue", "work", …
    attribute: str
    type: type
    keyed: bool = True

    def collection(self, project: Project) -> dict[str, Any]:
        collection: dict[str, Any] = getattr(project, self.attribute)
        return collection

    def field_names(self) -> set[str]:
        """The fields an edit may set (the id is the item's key, never edited)."""
        return {f.name for f in fields(self.type)} - {"id"}

    def check(self, names: Iterable[str]) -> None:
        unknown = set(names) - self.field_names()
        if unknown:
            raise ValueError(f"unknown {self.name} field(s): {', '.join(sorted(unknown))}")


CUE = Kind("cue", "cues", Cue)
WORK = Kind("work", "works", Work)
RECORDING = Kind("recording", "recordings", Recording)
PARTY = Kind("party", "parties", Party)
LICENCE = Kind("licence", "licences", Licence)
AGREEMENT = Kind("composer agreement", "agreements", ComposerAgreement)
FILING = Kind("filing", "filings", Filing)
PRODUCTION = Kind("production", "production", Production, keyed=False)
SETTINGS = Kind("setting", "settings", Settings, keyed=False)
# In the order a put must go so that what a cue refers to is there first (a remove goes in reverse).
KINDS = (PARTY, RECORDING, WORK, AGREEMENT, CUE, LICENCE, FILING, PRODUCTION, SETTINGS)


@dataclass
class Change:
    """Ids of the entities an edit touched, per kind; an id no longer in the project means it was
    removed. ``media`` and ``motifs``: the film link and the motif list changed."""

    cues: set[str] = field(default_factory=set)
    works: set[str] = field(default_factory=set)
    recordings: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)
    licences: set[str] = field(default_factory=set)
    production: bool = False
    settings: bool = False
    media: bool = False
    motifs: bool = False
    agreements: set[str] = field(default_factory=set)
    filings: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, kind: Kind, ids: Iterable[str] = ()) -> Change:
        change = cls()
        setattr(change, kind.attribute, set(ids) if kind.keyed else True)
        return change

    def ids(self, kind: Kind) -> set[str]:
        ids: set[str] = getattr(self, kind.attribute) if kind.keyed else set()
        return ids

    def __or__(self, other: Change) -> Change:
        merged = {f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(self)}
        return Change(**merged)

    def is_empty(self) -> bool:
        return self == Change()

    def concerns(self, cue: Cue) -> bool:
        """Whether what is shown of ``cue`` (its fields, its work and the work's parties, its
        recording, its licences, the lists its choices come from) may have changed. Cues and works
        of others do not: marking a new cue leaves the selected one as it was."""
        if cue.id in self.cues or cue.work_id in self.works:
            return True
        return bool(self.recordings or self.parties or self.licences or self.agreements) or any(
            (self.production, self.settings, self.media, self.motifs)
        )

    @classmethod
    def everything(cls, project: Project, media: bool = True) -> Change:
        """Every entity of ``project`` (a project read again from its file)."""
        change = cls(media=media, motifs=True)
        for kind in KINDS:
            change |= cls.of(kind, kind.collection(project) if kind.keyed else ())
        return change
