"""Is a cue cleared? Every licence side its origin needs must be licensed or paid (domain guide §5);
score is cleared by a composer agreement (``domain.agreements``)."""

from __future__ import annotations

from dataclasses import dataclass

from cuesheet.domain.agreements import covering_agreement
from cuesheet.domain.cue import Cue
from cuesheet.domain.licences import Licence, Side, sides_needed
from cuesheet.domain.project import Project
from cuesheet.domain.usage import Origin


@dataclass(frozen=True)
class Clearance:
    cleared: bool
    missing: tuple[str, ...]  # what is still needed, in words

    @property
    def label(self) -> str:
        return "cleared" if self.cleared else "not cleared"


LicenceIndex = dict[tuple[str, str], list[Licence]]


def licence_index(project: Project) -> LicenceIndex:
    """The project's licences by ("work", id) and ("recording", id): for callers that ask about every
    cue (validation, the licensing report), so each question is a look-up, not a scan."""
    index: LicenceIndex = {}
    for licence in project.licences.values():
        if licence.work_id:
            index.setdefault(("work", licence.work_id), []).append(licence)
        if licence.recording_id:
            index.setdefault(("recording", licence.recording_id), []).append(licence)
    return index


def licences_of(project: Project, cue: Cue, index: LicenceIndex | None = None) -> list[Licence]:
    """The licences that cover this cue: on its work (sync, agreement) or its recording (master, all-in)."""
    index = licence_index(project) if index is None else index
    found = list(index.get(("work", cue.work_id), []))
    if cue.recording_id:
        seen = {lic.id for lic in found}  # a licence on both the work and the recording counts once
        found += [lic for lic in index.get(("recording", cue.recording_id), []) if lic.id not in seen]
    return found


def clearance(project: Project, cue: Cue, index: LicenceIndex | None = None) -> Clearance:
    if cue.origin is Origin.SCORE and covering_agreement(project, cue) is not None:
        return Clearance(True, ())
    licences = licences_of(project, cue, index)
    if cue.origin is Origin.SCORE:
        # A composer-agreement licence on the work (entered before agreements were production
        # records) still clears it.
        agreed = any(lic.side is Side.COMPOSER_AGREEMENT and lic.status.cleared for lic in licences)
        return Clearance(agreed, () if agreed else ("composer agreement",))
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


def missing_licences(project: Project, cue: Cue) -> list[Licence]:
    """New, empty licences for every side this cue needs and has none of (one sync per publisher)."""
    if covering_agreement(project, cue) is not None:
        return []  # score covered by the production's agreement needs no licence of its own
    present = licences_of(project, cue)
    work = project.works.get(cue.work_id)
    new: list[Licence] = []
    for side in sides_needed(cue.origin.value):
        if side is Side.SYNC:
            covered = {lic.party_id for lic in present if lic.side is Side.SYNC}
            publishers = [i for i in work.interests if i.role.is_publisher] if work else []
            for interest in publishers:
                if interest.party_id not in covered:
                    party = project.parties.get(interest.party_id)
                    licensor = party.name if party else ""
                    licence = Licence(
                        side, work_id=cue.work_id, party_id=interest.party_id, licensor=licensor
                    )
                    licence.share = interest.share
                    new.append(licence)
            if not publishers and not covered:
                new.append(Licence(side, work_id=cue.work_id))
        elif not any(lic.side is side for lic in present):
            # Master and all-in are about the recording; without one entered, about the work.
            on_recording = side is not Side.COMPOSER_AGREEMENT and cue.recording_id is not None
            new.append(
                Licence(side, work_id=None if on_recording else cue.work_id,
                        recording_id=cue.recording_id if on_recording else None)
            )  # fmt: skip
    return new
