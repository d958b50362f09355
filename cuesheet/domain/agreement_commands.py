"""Edits of the production's composer agreements, one undo step each (see ``domain.agreements``),
built from the generic commands."""

from __future__ import annotations

from typing import Any

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.change import AGREEMENT, CUE
from cuesheet.domain.commands import Command, Edit, Group, Planned, Put, Remove
from cuesheet.domain.project import Project


class AddAgreement(Put):
    def __init__(self, agreement: ComposerAgreement) -> None:
        super().__init__(AGREEMENT, [agreement], "Add composer agreement")
        self.agreement = agreement


class EditAgreement(Edit):
    def __init__(self, agreement_id: str, **changes: Any) -> None:
        super().__init__(AGREEMENT, agreement_id, **changes)


class DeleteAgreement(Planned):
    """Removes an agreement and, in the same step, the cues' references to it: those cues fall back to
    the production-wide agreement (or show as uncovered), which the report and findings then say.
    Refusing instead would make the user edit every cue first for no gain; undo restores both."""

    def __init__(self, agreement_id: str) -> None:
        super().__init__("Delete composer agreement")
        self.agreement_id = agreement_id

    def plan(self, project: Project) -> Command:
        if self.agreement_id not in project.agreements:
            raise KeyError(self.agreement_id)
        naming = [c.id for c in project.cues.values() if c.agreement_id == self.agreement_id]
        steps: list[Command] = [Edit(CUE, cue_id, agreement_id=None) for cue_id in naming]
        return Group(self.text, [*steps, Remove(AGREEMENT, [self.agreement_id])])


class SetCueAgreement(Edit):
    """Name the agreement that covers a cue (None: the production-wide rule)."""

    def __init__(self, cue_id: str, agreement_id: str | None) -> None:
        text = "Name composer agreement" if agreement_id else "Use the production's agreement"
        super().__init__(CUE, cue_id, text, agreement_id=agreement_id)

    def apply(self, project: Project) -> Any:
        agreement_id = self.changes["agreement_id"]
        if agreement_id is not None and agreement_id not in project.agreements:
            raise ValueError(f"no such composer agreement: {agreement_id}")
        return super().apply(project)
