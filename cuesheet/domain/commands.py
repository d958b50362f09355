"""Edit commands: the only way a project changes.

Each command applies and reverts one user-visible edit on the in-memory ``Project`` and reports what
it touched as a ``Change``. The history runs it, the store persists exactly the touched entities in one
transaction, and the views are told the same ``Change``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from cuesheet.domain.cue import Cue
from cuesheet.domain.licences import Licence, Status, StatusChange
from cuesheet.domain.project import MediaRef, Project, ShareConvention
from cuesheet.domain.rights import Interest, Party, Recording, Work


@dataclass
class Change:
    """Ids of the entities an edit touched; an id no longer in the project means it was removed."""

    cues: set[str] = field(default_factory=set)
    works: set[str] = field(default_factory=set)
    recordings: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)
    licences: set[str] = field(default_factory=set)
    production: bool = False
    settings: bool = False
    media: bool = False
    motifs: bool = False
    agreements: set[str] = field(default_factory=set)  # composer agreements (domain.agreements)

    def __or__(self, other: Change) -> Change:
        return Change(
            self.cues | other.cues,
            self.works | other.works,
            self.recordings | other.recordings,
            self.parties | other.parties,
            self.licences | other.licences,
            self.production or other.production,
            self.settings or other.settings,
            self.media or other.media,
            self.motifs or other.motifs,
            self.agreements | other.agreements,
        )

    def is_empty(self) -> bool:
        return self == Change()


class Command:
    """One undoable edit. ``text`` is what Undo/Redo menu items show."""

    text = "Edit"

    def apply(self, project: Project) -> Change:
        raise NotImplementedError

    def revert(self, project: Project) -> Change:
        raise NotImplementedError


class AddCues(Command):
    """Adds cues with the works, recordings and parties they bring (marking, import, paste)."""

    def __init__(
        self,
        cues: list[Cue],
        works: Iterable[Work] = (),
        recordings: Iterable[Recording] = (),
        parties: Iterable[Party] = (),
        text: str | None = None,
    ) -> None:
        self.cues, self.works = list(cues), list(works)
        self.recordings, self.parties = list(recordings), list(parties)
        self.text = text or ("Add cue" if len(self.cues) == 1 else f"Add {len(self.cues)} cues")

    def apply(self, project: Project) -> Change:
        for collection, items in self._collections(project):
            for item in items:
                collection[item.id] = item
        return self._change()

    def revert(self, project: Project) -> Change:
        for collection, items in self._collections(project):
            for item in items:
                collection.pop(item.id, None)
        return self._change()

    def _collections(self, project: Project) -> list[tuple[dict[str, Any], list[Any]]]:
        return [
            (project.parties, self.parties),
            (project.recordings, self.recordings),
            (project.works, self.works),
            (project.cues, self.cues),
        ]

    def _change(self) -> Change:
        return Change(
            cues={c.id for c in self.cues},
            works={w.id for w in self.works},
            recordings={r.id for r in self.recordings},
            parties={p.id for p in self.parties},
        )


class DeleteCues(Command):
    """Deletes cues, and the works and recordings that no remaining cue uses."""

    def __init__(self, cue_ids: list[str]) -> None:
        self.cue_ids = list(cue_ids)
        self.text = "Delete cue" if len(self.cue_ids) == 1 else f"Delete {len(self.cue_ids)} cues"
        self._removed: AddCues | None = None

    def apply(self, project: Project) -> Change:
        cues = [project.cues[i] for i in self.cue_ids if i in project.cues]
        gone = {c.id for c in cues}
        remaining = [c for c in project.cues.values() if c.id not in gone]
        used_works = {c.work_id for c in remaining}
        used_recordings = {c.recording_id for c in remaining}
        works = [project.works[c.work_id] for c in cues if c.work_id in project.works]
        recordings = [
            project.recordings[c.recording_id] for c in cues if c.recording_id in project.recordings
        ]
        self._removed = AddCues(
            cues,
            unique_by_id(w for w in works if w.id not in used_works),
            unique_by_id(r for r in recordings if r.id not in used_recordings),
        )
        return self._removed.revert(project)

    def revert(self, project: Project) -> Change:
        assert self._removed is not None, "revert before apply"
        return self._removed.apply(project)


def unique_by_id(items: Any) -> list[Any]:
    return list({item.id: item for item in items}.values())


class _EditFields(Command):
    """Sets named fields on one object; remembers the old values to revert."""

    noun = "item"

    def __init__(self, **changes: Any) -> None:
        self.changes = changes
        self._old: dict[str, Any] = {}
        names = ", ".join(changes)
        self.text = f"Change {self.noun} {names}".strip()

    def target(self, project: Project) -> Any:
        raise NotImplementedError

    def touched(self) -> Change:
        raise NotImplementedError

    def apply(self, project: Project) -> Change:
        obj = self.target(project)
        allowed = {f.name for f in fields(obj)} - {"id"}  # the id is the object's key in the project
        unknown = set(self.changes) - allowed
        if unknown:
            raise ValueError(f"unknown {self.noun} field(s): {', '.join(sorted(unknown))}")
        self._old = {name: copy.copy(getattr(obj, name)) for name in self.changes}
        for name, value in self.changes.items():
            setattr(obj, name, value)
        return self.touched()

    def revert(self, project: Project) -> Change:
        obj = self.target(project)
        for name, value in self._old.items():
            setattr(obj, name, value)
        return self.touched()


class EditCue(_EditFields):
    noun = "cue"

    def __init__(self, cue_id: str, **changes: Any) -> None:
        self.cue_id = cue_id
        super().__init__(**changes)

    def target(self, project: Project) -> Cue:
        return project.cues[self.cue_id]

    def touched(self) -> Change:
        return Change(cues={self.cue_id})


class EditWork(_EditFields):
    noun = "work"

    def __init__(self, work_id: str, **changes: Any) -> None:
        self.work_id = work_id
        super().__init__(**changes)

    def target(self, project: Project) -> Work:
        return project.works[self.work_id]

    def touched(self) -> Change:
        return Change(works={self.work_id})


class EditProduction(_EditFields):
    noun = "production"

    def target(self, project: Project) -> Any:
        return project.production

    def touched(self) -> Change:
        return Change(production=True)


class EditSettings(_EditFields):
    noun = "setting"

    def target(self, project: Project) -> Any:
        return project.settings

    def touched(self) -> Change:
        return Change(settings=True)


class SetMedia(Command):
    text = "Link film"

    def __init__(self, media: MediaRef | None) -> None:
        self.media = media
        self._old: MediaRef | None = None

    def apply(self, project: Project) -> Change:
        self._old, project.media = project.media, self.media
        return Change(media=True)

    def revert(self, project: Project) -> Change:
        project.media = self._old
        return Change(media=True)


class EditParty(_EditFields):
    """Rename a party or change its society or IPI: every work that lists it changes with it."""

    noun = "party"

    def __init__(self, party_id: str, **changes: Any) -> None:
        self.party_id = party_id
        super().__init__(**changes)

    def target(self, project: Project) -> Party:
        return project.parties[self.party_id]

    def touched(self) -> Change:
        return Change(parties={self.party_id})


class SetInterests(Command):
    """Replace a work's writers and publishers (roles, parties, shares) as one edit."""

    text = "Change writers and publishers"

    def __init__(self, work_id: str, interests: list[Interest], new_parties: Iterable[Party] = ()) -> None:
        self.work_id = work_id
        self.interests = [copy.copy(i) for i in interests]
        self.new_parties = list(new_parties)
        self._old: list[Interest] = []

    def apply(self, project: Project) -> Change:
        work = project.works[self.work_id]
        self._old = work.interests
        for party in self.new_parties:
            project.parties[party.id] = party
        work.interests = [copy.copy(i) for i in self.interests]
        return Change(works={self.work_id}, parties={p.id for p in self.new_parties})

    def revert(self, project: Project) -> Change:
        project.works[self.work_id].interests = self._old
        for party in self.new_parties:
            project.parties.pop(party.id, None)
        return Change(works={self.work_id}, parties={p.id for p in self.new_parties})


class AddLicence(Command):
    """Add one licence, or several as one edit (e.g. every side a cue still needs)."""

    def __init__(self, licence: Licence | list[Licence]) -> None:
        self.licences = licence if isinstance(licence, list) else [licence]
        first = self.licences[0].side.label.lower() if self.licences else ""
        self.text = (
            f"Add {first} licence" if len(self.licences) == 1 else f"Add {len(self.licences)} licences"
        )

    @property
    def licence(self) -> Licence:
        return self.licences[0]

    def apply(self, project: Project) -> Change:
        for licence in self.licences:
            project.licences[licence.id] = licence
        return Change(licences={lic.id for lic in self.licences})

    def revert(self, project: Project) -> Change:
        for licence in self.licences:
            project.licences.pop(licence.id, None)
        return Change(licences={lic.id for lic in self.licences})


class DeleteLicence(Command):
    text = "Delete licence"

    def __init__(self, licence_id: str) -> None:
        self.licence_id = licence_id
        self._removed: Licence | None = None

    def apply(self, project: Project) -> Change:
        self._removed = project.licences.pop(self.licence_id)
        return Change(licences={self.licence_id})

    def revert(self, project: Project) -> Change:
        assert self._removed is not None
        project.licences[self.licence_id] = self._removed
        return Change(licences={self.licence_id})


class EditLicence(_EditFields):
    noun = "licence"

    def __init__(self, licence_id: str, **changes: Any) -> None:
        self.licence_id = licence_id
        if "status" in changes or "history" in changes:
            raise ValueError("use SetLicenceStatus: a status change is kept in the licence's history")
        super().__init__(**changes)

    def target(self, project: Project) -> Licence:
        return project.licences[self.licence_id]

    def touched(self) -> Change:
        return Change(licences={self.licence_id})


class SetLicenceStatus(Command):
    """Move a licence to a new status, recording the date and a note in its history."""

    def __init__(self, licence_id: str, status: Status, date: str, note: str = "") -> None:
        self.licence_id, self.status, self.date, self.note = licence_id, status, date, note
        self.text = f"Licence {status.label.lower()}"
        self._old: Status | None = None

    def apply(self, project: Project) -> Change:
        licence = project.licences[self.licence_id]
        self._old = licence.status
        licence.status = self.status
        licence.history.append(StatusChange(self.date, self.status, self.note))
        return Change(licences={self.licence_id})

    def revert(self, project: Project) -> Change:
        licence = project.licences[self.licence_id]
        assert self._old is not None
        licence.status = self._old
        licence.history.pop()
        return Change(licences={self.licence_id})


class EditRecording(Command):
    """Set the recording side of a cue (artist, label, ISRC, library, catalogue and track number);
    a cue without a recording gets one, linked in the same edit."""

    def __init__(self, cue_id: str, **changes: Any) -> None:
        unknown = set(changes) - {f.name for f in fields(Recording)} | ({"id"} & set(changes))
        if unknown:
            raise ValueError(f"unknown recording field(s): {', '.join(sorted(unknown))}")
        self.cue_id, self.changes = cue_id, changes
        self.text = "Change " + ", ".join(name.replace("_", " ") for name in changes)
        self._created: Recording | None = None
        self._old: dict[str, Any] = {}

    def apply(self, project: Project) -> Change:
        cue = project.cues[self.cue_id]
        recording = project.recordings.get(cue.recording_id) if cue.recording_id else None
        if recording is None:
            recording = self._created = self._created or Recording()
            project.recordings[recording.id] = recording
            cue.recording_id = recording.id
        self._old = {name: getattr(recording, name) for name in self.changes}
        for name, value in self.changes.items():
            setattr(recording, name, value)
        return Change(cues={cue.id}, recordings={recording.id})

    def revert(self, project: Project) -> Change:
        cue = project.cues[self.cue_id]
        recording = project.recordings[cue.recording_id] if cue.recording_id else None
        assert recording is not None
        for name, value in self._old.items():
            setattr(recording, name, value)
        if self._created is not None:
            project.recordings.pop(self._created.id, None)
            cue.recording_id = None
        return Change(cues={cue.id}, recordings={recording.id})


class ChangeShareConvention(Command):
    """Switch per side ↔ whole work and restate every work's shares in the new convention.

    Per side → whole work halves both sides when a work has writers and publishers (the usual
    50/50 split); whole work → per side scales each side to 100 %. Shares are kept to 0.01, the
    last party of a side taking the rounding remainder, so totals stay exact."""

    text = "Change share convention"

    def __init__(self, convention: ShareConvention) -> None:
        self.convention = convention
        self._old_convention: ShareConvention | None = None
        self._old: dict[str, list[Interest]] = {}

    def apply(self, project: Project) -> Change:
        self._old_convention = project.settings.share_convention
        if self._old_convention is self.convention:
            return Change()
        self._old = {w.id: [copy.copy(i) for i in w.interests] for w in project.works.values()}
        for work in project.works.values():
            work.interests = restate_shares(work.interests, self.convention)
        project.settings.share_convention = self.convention
        return Change(works=set(self._old), settings=True)

    def revert(self, project: Project) -> Change:
        assert self._old_convention is not None
        project.settings.share_convention = self._old_convention
        for work_id, interests in self._old.items():
            project.works[work_id].interests = interests
        return Change(works=set(self._old), settings=True)


def restate_shares(interests: list[Interest], convention: ShareConvention) -> list[Interest]:
    result = [copy.copy(i) for i in interests]
    sides = [[i for i in result if not i.role.is_publisher], [i for i in result if i.role.is_publisher]]
    for side in sides:
        if not side:
            continue
        if convention is ShareConvention.WHOLE_WORK:
            target = Decimal(50) if all(sides) else None  # one side alone already totals the whole work
            if target is None:
                continue
            _scale(side, target)
        else:
            _scale(side, Decimal(100))
    return result


def _scale(side: list[Interest], target: Decimal) -> None:
    total = sum((i.share for i in side), Decimal(0))
    if total <= 0:
        return
    cent = Decimal("0.01")
    for interest in side:
        interest.share = (interest.share * target / total).quantize(cent)
    side[-1].share += target - sum((i.share for i in side), Decimal(0))
