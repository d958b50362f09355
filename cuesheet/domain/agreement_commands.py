"""Edits of the production's composer agreements, one undo step each (see ``domain.agreements``)."""

from __future__ import annotations

from typing import Any

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.commands import Change, Command, _EditFields
from cuesheet.domain.project import Project


class AddAgreement(Command):
    text = "Add composer agreement"

    def __init__(self, agreement: ComposerAgreement) -> None:
        self.agreement = agreement

    def apply(self, project: Project) -> Change:
        project.agreements[self.agreement.id] = self.agreement
        return Change(agreements={self.agreement.id})

    def revert(self, project: Project) -> Change:
        project.agreements.pop(self.agreement.id, None)
        return Change(agreements={self.agreement.id})


class EditAgreement(_EditFields):
    noun = "composer agreement"

    def __init__(self, agreement_id: str, **changes: Any) -> None:
        self.agreement_id = agreement_id
        super().__init__(**changes)

    def target(self, project: Project) -> ComposerAgreement:
        return project.agreements[self.agreement_id]

    def touched(self) -> Change:
        return Change(agreements={self.agreement_id})


class DeleteAgreement(Command):
    """Removes an agreement and, in the same step, the cues' references to it: those cues fall back to
    the production-wide agreement (or show as uncovered), which the report and findings then say.
    Refusing instead would make the user edit every cue first for no gain; undo restores both."""

    text = "Delete composer agreement"

    def __init__(self, agreement_id: str) -> None:
        self.agreement_id = agreement_id
        self._removed: ComposerAgreement | None = None
        self._cues: list[str] = []

    def apply(self, project: Project) -> Change:
        self._removed = project.agreements.pop(self.agreement_id)
        self._cues = [c.id for c in project.cues.values() if c.agreement_id == self.agreement_id]
        for cue_id in self._cues:
            project.cues[cue_id].agreement_id = None
        return Change(cues=set(self._cues), agreements={self.agreement_id})

    def revert(self, project: Project) -> Change:
        assert self._removed is not None, "revert before apply"
        project.agreements[self.agreement_id] = self._removed
        for cue_id in self._cues:
            project.cues[cue_id].agreement_id = self.agreement_id
        return Change(cues=set(self._cues), agreements={self.agreement_id})


class SetCueAgreement(Command):
    """Name the agreement that covers a cue (None: the production-wide rule)."""

    def __init__(self, cue_id: str, agreement_id: str | None) -> None:
        self.cue_id, self.agreement_id = cue_id, agreement_id
        self.text = "Name composer agreement" if agreement_id else "Use the production's agreement"
        self._old: str | None = None

    def apply(self, project: Project) -> Change:
        if self.agreement_id is not None and self.agreement_id not in project.agreements:
            raise ValueError(f"no such composer agreement: {self.agreement_id}")
        cue = project.cues[self.cue_id]
        self._old, cue.agreement_id = cue.agreement_id, self.agreement_id
        return Change(cues={self.cue_id})

    def revert(self, project: Project) -> Change:
        project.cues[self.cue_id].agreement_id = self._old
        return Change(cues={self.cue_id})
