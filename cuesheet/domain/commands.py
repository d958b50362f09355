"""Edit commands: the only way a project changes.

Each command applies and reverts one user-visible edit on the in-memory ``Project`` and reports what
it touched as a ``Change``. The history runs it, the store persists exactly the touched entities in one
transaction, and the views are told the same ``Change``.

Four generic commands do all the work — ``Put`` and ``Remove`` items of a kind by id, ``Edit`` an
item's fields, and ``Group`` several into one undo step — and ``Planned`` decides its steps when first
applied (what a delete takes with it). Every named edit below (and merge, import, agreements) is built
from them, so "remember the old, put it back" is written once.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from cuesheet.domain.change import (
    CUE,
    KINDS,
    LICENCE,
    PARTY,
    PRODUCTION,
    RECORDING,
    SETTINGS,
    WORK,
    Change,
    Kind,
)
from cuesheet.domain.licences import Licence, Status, StatusChange
from cuesheet.domain.project import MediaRef, Project, ShareConvention
from cuesheet.domain.rights import Interest, Party, Recording
from cuesheet.domain.shares import restate_shares

__all__ = ["KINDS", "Change", "Command", "Edit", "Group", "Planned", "Put", "Remove", "SetMedia", "SetMotifs"]


class Command:
    """One undoable edit. ``text`` is what Undo/Redo menu items show."""

    text = "Edit"

    def apply(self, project: Project) -> Change:
        raise NotImplementedError

    def revert(self, project: Project) -> Change:
        raise NotImplementedError


def unique_by_id(items: Iterable[Any]) -> list[Any]:
    """One entry per id, the last one winning, in first-seen order."""
    return list({item.id: item for item in items}.values())


class Put(Command):
    """Puts items of one kind into the project by id (new, or replacing the item with that id);
    reverting puts back what was there, or nothing."""

    def __init__(self, kind: Kind, items: Iterable[Any], text: str = "") -> None:
        self.kind, self.items = kind, unique_by_id(items)
        self.text = text or f"Add {kind.name}"
        self._old: dict[str, Any] = {}

    def apply(self, project: Project) -> Change:
        collection = self.kind.collection(project)
        self._old = {item.id: collection.get(item.id) for item in self.items}
        for item in self.items:
            collection[item.id] = item
        return Change.of(self.kind, self._old)

    def revert(self, project: Project) -> Change:
        collection = self.kind.collection(project)
        for item_id, old in self._old.items():
            if old is None:
                collection.pop(item_id, None)
            else:
                collection[item_id] = old
        return Change.of(self.kind, self._old)


class Remove(Command):
    """Removes items of one kind by id (ids not in the project are left alone); reverting puts them back."""

    def __init__(self, kind: Kind, ids: Iterable[str], text: str = "") -> None:
        self.kind, self.ids = kind, list(dict.fromkeys(ids))
        self.text = text or f"Delete {kind.name}"
        self._removed: list[Any] = []

    def apply(self, project: Project) -> Change:
        collection = self.kind.collection(project)
        self._removed = [collection.pop(i) for i in self.ids if i in collection]
        return Change.of(self.kind, (item.id for item in self._removed))

    def revert(self, project: Project) -> Change:
        collection = self.kind.collection(project)
        for item in self._removed:
            collection[item.id] = item
        return Change.of(self.kind, (item.id for item in self._removed))


class Edit(Command):
    """Sets named fields of one item (``item_id`` None for the production header and the settings);
    reverting puts the item as it was back.

    The item is replaced by an edited copy, never changed in place: an item in a project is never
    changed once there, so a shallow copy of the project's collections (``Project.snapshot``) is a
    consistent picture that a worker can read while the user goes on editing."""

    def __init__(self, kind: Kind, item_id: str | None, text: str = "", **changes: Any) -> None:
        kind.check(changes)
        if kind.keyed and item_id is None:
            raise ValueError(f"which {kind.name}?")
        self.kind, self.item_id, self.changes = kind, item_id, changes
        self.text = text or f"Change {kind.name} {', '.join(changes)}".strip()
        self._old: Any = None

    def target(self, project: Project) -> Any:
        if not self.kind.keyed:
            return getattr(project, self.kind.attribute)
        assert self.item_id is not None  # __init__ refuses a keyed kind without an id
        return self.kind.collection(project)[self.item_id]

    def apply(self, project: Project) -> Change:
        self._old = self.target(project)
        edited = copy.copy(self._old)
        for name, value in self.changes.items():
            setattr(edited, name, value)
        self._place(project, edited)
        return self._change()

    def revert(self, project: Project) -> Change:
        self._place(project, self._old)
        return self._change()

    def _place(self, project: Project, item: Any) -> None:
        if not self.kind.keyed:
            setattr(project, self.kind.attribute, item)
            return
        assert self.item_id is not None  # __init__ refuses a keyed kind without an id
        self.kind.collection(project)[self.item_id] = item

    def _change(self) -> Change:
        return Change.of(self.kind, [self.item_id] if self.item_id else [])


class Group(Command):
    """Several commands as one undo step; if one fails, those already applied are reverted."""

    def __init__(self, text: str, commands: Sequence[Command]) -> None:
        self.text, self.commands = text, list(commands)

    def apply(self, project: Project) -> Change:
        change, done = Change(), []
        try:
            for command in self.commands:
                change |= command.apply(project)
                done.append(command)
        except BaseException:
            for command in reversed(done):
                command.revert(project)
            raise
        return change

    def revert(self, project: Project) -> Change:
        change = Change()
        for command in reversed(self.commands):
            change |= command.revert(project)
        return change


class Planned(Command):
    """A command whose steps depend on the project as it is when first applied; ``plan`` returns
    them. Redo after undo finds the project as it was, so the same plan applies again."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._plan: Command | None = None

    def plan(self, project: Project) -> Command:
        raise NotImplementedError

    def apply(self, project: Project) -> Change:
        if self._plan is None:
            self._plan = self.plan(project)
        return self._plan.apply(project)

    def revert(self, project: Project) -> Change:
        assert self._plan is not None, "revert before apply"
        return self._plan.revert(project)


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


class SetMotifs(Command):
    """Adds motifs to the project's list (those it has already are left alone)."""

    text = "Add motifs"

    def __init__(self, motifs: Iterable[str]) -> None:
        self.motifs = list(dict.fromkeys(motifs))
        self._added: list[str] = []

    def apply(self, project: Project) -> Change:
        self._added = [m for m in self.motifs if m not in project.motifs]
        project.motifs.extend(self._added)
        return Change(motifs=bool(self._added))

    def revert(self, project: Project) -> Change:
        project.motifs[:] = [m for m in project.motifs if m not in self._added]
        return Change(motifs=bool(self._added))


# The named edits the UI and the CLI use, built from the generic ones (kept as names: they say what
# the user did, and their texts are what Undo shows).


class EditCue(Edit):
    def __init__(self, cue_id: str, **changes: Any) -> None:
        super().__init__(CUE, cue_id, **changes)


class EditWork(Edit):
    """Sets fields of one work (its title shows on every cue that uses it)."""

    def __init__(self, work_id: str, **changes: Any) -> None:
        super().__init__(WORK, work_id, **changes)


class EditParty(Edit):
    """Rename a party or change its society or IPI: every work that lists it changes with it."""

    def __init__(self, party_id: str, **changes: Any) -> None:
        super().__init__(PARTY, party_id, **changes)


class EditProduction(Edit):
    def __init__(self, **changes: Any) -> None:
        super().__init__(PRODUCTION, None, **changes)


class EditSettings(Edit):
    def __init__(self, **changes: Any) -> None:
        super().__init__(SETTINGS, None, **changes)


class EditLicence(Edit):
    def __init__(self, licence_id: str, **changes: Any) -> None:
        if "status" in changes or "history" in changes:
            raise ValueError("use SetLicenceStatus: a status change is kept in the licence's history")
        super().__init__(LICENCE, licence_id, **changes)


class AddCues(Group):
    """Adds cues with the works, recordings and parties they bring (marking, import, paste)."""

    def __init__(
        self,
        cues: Iterable[Any],
        works: Iterable[Any] = (),
        recordings: Iterable[Any] = (),
        parties: Iterable[Any] = (),
        text: str | None = None,
    ) -> None:
        self.cues, self.works = list(cues), list(works)
        self.recordings, self.parties = list(recordings), list(parties)
        steps = [Put(PARTY, self.parties), Put(RECORDING, self.recordings), Put(WORK, self.works),
                 Put(CUE, self.cues)]  # fmt: skip
        count = len(self.cues)
        super().__init__(text or ("Add cue" if count == 1 else f"Add {count} cues"), steps)


class DeleteCues(Planned):
    """Deletes cues, and the works and recordings that no remaining cue uses."""

    def __init__(self, cue_ids: Iterable[str]) -> None:
        self.cue_ids = list(cue_ids)
        count = len(self.cue_ids)
        super().__init__("Delete cue" if count == 1 else f"Delete {count} cues")

    def plan(self, project: Project) -> Command:
        gone = [project.cues[i] for i in self.cue_ids if i in project.cues]
        gone_ids = {c.id for c in gone}
        remaining = [c for c in project.cues.values() if c.id not in gone_ids]
        used_works = {c.work_id for c in remaining}
        used_recordings = {c.recording_id for c in remaining}
        works = {c.work_id for c in gone} - used_works
        recordings = {c.recording_id for c in gone if c.recording_id is not None} - used_recordings
        steps = [Remove(CUE, gone_ids), Remove(WORK, works), Remove(RECORDING, recordings)]
        return Group(self.text, steps)


class SetInterests(Group):
    """Replace a work's writers and publishers (roles, parties, shares) as one edit."""

    def __init__(
        self, work_id: str, interests: Iterable[Interest], new_parties: Iterable[Party] = ()
    ) -> None:
        copies = [copy.copy(i) for i in interests]
        steps = [Put(PARTY, new_parties), Edit(WORK, work_id, interests=copies)]
        super().__init__("Change writers and publishers", steps)


class AddLicence(Put):
    """Add one licence, or several as one edit (e.g. every side a cue still needs)."""

    def __init__(self, licence: Licence | list[Licence]) -> None:
        licences = licence if isinstance(licence, list) else [licence]
        first = licences[0].side.label.lower() if licences else ""
        count = len(licences)
        super().__init__(LICENCE, licences, f"Add {first} licence" if count == 1 else f"Add {count} licences")

    @property
    def licence(self) -> Licence:
        licence: Licence = self.items[0]
        return licence


class DeleteLicence(Remove):
    def __init__(self, licence_id: str) -> None:
        super().__init__(LICENCE, [licence_id], "Delete licence")


class SetLicenceStatus(Planned):
    """Move a licence to a new status, recording the date and a note in its history."""

    def __init__(self, licence_id: str, status: Status, date: str, note: str = "") -> None:
        super().__init__(f"Licence {status.label.lower()}")
        self.licence_id, self.status, self.date, self.note = licence_id, status, date, note

    def plan(self, project: Project) -> Command:
        history = [
            *project.licences[self.licence_id].history,
            StatusChange(self.date, self.status, self.note),
        ]
        return Edit(LICENCE, self.licence_id, self.text, status=self.status, history=history)


class EditRecording(Planned):
    """Set the recording side of a cue (artist, label, ISRC, library, catalogue and track number);
    a cue without a recording gets one, linked in the same edit."""

    def __init__(self, cue_id: str, **changes: Any) -> None:
        RECORDING.check(changes)  # now, not when applied
        super().__init__("Change " + ", ".join(name.replace("_", " ") for name in changes))
        self.cue_id, self.changes = cue_id, changes

    def plan(self, project: Project) -> Command:
        cue = project.cues[self.cue_id]
        if cue.recording_id is not None and cue.recording_id in project.recordings:
            return Edit(RECORDING, cue.recording_id, self.text, **self.changes)
        created = Recording(**self.changes)
        return Group(self.text, [Put(RECORDING, [created]), Edit(CUE, cue.id, recording_id=created.id)])


class ChangeShareConvention(Planned):
    """Switch per side ↔ whole work and restate every work's shares in the new convention
    (``domain.shares.restate_shares``)."""

    def __init__(self, convention: ShareConvention) -> None:
        super().__init__("Change share convention")
        self.convention = convention

    def plan(self, project: Project) -> Command:
        if project.settings.share_convention is self.convention:
            return Group(self.text, [])
        steps: list[Command] = [
            Edit(WORK, work.id, interests=restate_shares(work.interests, self.convention))
            for work in project.works.values()
        ]
        steps.append(Edit(SETTINGS, None, share_convention=self.convention))
        return Group(self.text, steps)
