"""Is a cue cleared? Every licence side its origin needs must be licensed or paid (domain guide §5)."""

from __future__ import annotations

from dataclasses import dataclass

from cuesheet.domain.cue import Cue
from cuesheet.domain.licences import Licence, Side, sides_needed
from cuesheet.domain.project import Project


@dataclass(frozen=True)
class Clearance:
    cleared: bool
    missing: tuple[str, ...]  # what is still needed, in words

    @property
    def label(self) -> str:
        return "cleared" if self.cleared else "not cleared"


def licences_of(project: Project, cue: Cue) -> list[Licence]:
    """The licences that cover this cue: on its work (sync, agreement) or its recording (master, all-in)."""
    return [
        licence for licence in project.licences.values()
        if (licence.work_id and licence.work_id == cue.work_id)
        or (licence.recording_id and licence.recording_id == cue.recording_id)
    ]  # fmt: skip


def clearance(project: Project, cue: Cue) -> Clearance:
    licences = licences_of(project, cue)
    missing: list[str] = []
    for side in sides_needed(cue.origin.value):
        done = [lic for lic in licences if lic.side is side and lic.status.cleared]
        if side is Side.SYNC:
            missing += _sync_missing(project, cue, done)
        elif not done:
            missing.append(f"{side.label.lower()} licence")
    return Clearance(not missing, tuple(missing))


def _sync_missing(project: Project, cue: Cue, done: list[Licence]) -> list[str]:
    """Each publisher on the work needs its own sync licence; self-published works need one."""
    work = project.works.get(cue.work_id)
    publishers = [i.party_id for i in work.interests if i.role.is_publisher] if work else []
    if not publishers:
        return [] if done else ["sync licence"]
    covered = {lic.party_id for lic in done}
    names = [project.parties[p].name if p in project.parties else "a publisher" for p in publishers]
    return [
        f"sync licence from {name}"
        for party, name in zip(publishers, names, strict=True)
        if party not in covered
    ]
