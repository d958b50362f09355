"""Merging another project's music into this one (the music editor's score cues into the
supervisor's project).

``plan_merge`` compares the two projects without changing either: parties are matched by IPI, else by
name; a cue of theirs is the same cue as one of ours when it has the same id (both files come from one
project), or overlaps ours with the same cue number or the same title. A same cue with the same data is
a duplicate and is skipped; with different data it is a conflict, kept as ours unless the user takes
theirs. ``MergePlan.command()`` turns the reviewed plan into one undoable edit.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Any

from cuesheet.domain.agreements import ComposerAgreement, carried_agreements
from cuesheet.domain.change import AGREEMENT, CUE, LICENCE, PARTY, RECORDING, WORK
from cuesheet.domain.commands import Command, Group, Put, SetMotifs
from cuesheet.domain.cue import Cue
from cuesheet.domain.licences import Licence
from cuesheet.domain.merge_keys import (
    interest_key,
    licence_key,
    name_key,
    recording_values,
    same_recording,
    same_work,
)
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Interest, Party, Recording, Work, new_id


class MergeError(ValueError):
    """The other project cannot be merged into this one (the message says why)."""


_CUE_FIELDS = {  # field: what the summary calls it
    "start": "In",
    "end": "Out",
    "number": "cue number",
    "origin": "origin",
    "perception": "use",
    "vocals": "vocals",
    "theme_role": "theme",
    "usage_override": "usage",
    "scene": "scene",
    "motif": "motif",
    "notes": "notes",
}


@dataclass(slots=True)
class Conflict:
    """The same cue in both projects with different data."""

    mine: Cue
    theirs: Cue  # translated: their data under our ids, ready to replace ``mine``
    differences: list[str]
    take_theirs: bool = False
    work: Work | None = None  # their work under our work's id, when it differs
    recording: Recording | None = None  # likewise for the recording
    their_title: str = ""
    their_id: str = ""  # the cue's id in their project (a re-added cue pairs by place, not by id)

    def changes(self, mine: Project) -> list[tuple[str, str, str]]:
        """(what, ours, theirs) for the differences shown with values (In, Out, number, title); the
        others by name, with empty values."""
        production, ours, theirs = mine.production, self.mine, self.theirs
        values = {
            "In": (production.timecode(ours.start), production.timecode(theirs.start)),
            "Out": (production.timecode(ours.end), production.timecode(theirs.end)),
            "cue number": (ours.number or "—", theirs.number or "—"),
            "title": (mine.title_of(ours), self.their_title),
        }
        return [(d, *values.get(d, ("", ""))) for d in self.differences]


@dataclass
class MergePlan:
    added: list[Cue] = field(default_factory=list)
    duplicates: list[tuple[Cue, Cue]] = field(default_factory=list)  # (theirs, ours)
    conflicts: list[Conflict] = field(default_factory=list)
    licences: list[Licence] = field(default_factory=list)
    licences_already_here: int = 0
    licences_differing: int = 0  # of those already here, how many differ (ours are kept)
    candidate_motifs: list[str] = field(default_factory=list)  # theirs that we lack, in their order
    only_ours: list[Cue] = field(default_factory=list)  # our cues no cue of theirs pairs with
    parties_matched: int = 0
    namesakes: list[tuple[Party, Party]] = field(default_factory=list)  # (theirs, ours): IPIs differ
    # Everything the added cues, licences and taken conflicts may need, by id; ``command`` picks.
    _works: dict[str, Work] = field(default_factory=dict)
    _recordings: dict[str, Recording] = field(default_factory=dict)
    _parties: dict[str, Party] = field(default_factory=dict)
    _agreements: dict[str, ComposerAgreement] = field(default_factory=dict)  # that cover their cues

    def is_empty(self) -> bool:
        taken = any(c.take_theirs for c in self.conflicts)
        return not (self.added or self.licences or taken)

    def summary(self) -> list[str]:
        """What applying will do, one line per kind, for the dialog and the command line."""
        new_parties = self._needed()[2]
        taken = sum(c.take_theirs for c in self.conflicts)
        lines = [
            f"{_n(len(self.added), 'cue')} to add" + _by_origin(self.added),
            f"{_n(len(self.duplicates), 'duplicate cue')} (same cue, same data) skipped",
            f"{_n(len(self.conflicts), 'conflicting cue')} (same cue, different data): "
            f"{taken} take theirs, {len(self.conflicts) - taken} keep yours",
            f"{_n(len(new_parties), 'new party', 'new parties')}, {self.parties_matched} matched to yours",
            f"{_n(len(self.licences), 'licence')} to add, {self.licences_already_here} already here"
            + (f" ({self.licences_differing} differ; yours kept)" if self.licences_differing else ""),
        ]
        if self._agreements:
            lines.append(f"{_n(len(self._agreements), 'composer agreement')} to add")
        if self.only_ours:
            lines.append(f"{_n(len(self.only_ours), 'cue')} of yours not in theirs (kept)")
        if self.motifs():
            lines.append(f"New motifs: {', '.join(self.motifs())}")
        for theirs, ours in self.namesakes:
            lines.append(
                f"Kept apart: {theirs.name} (IPI {theirs.ipi or 'none'}) and yours (IPI {ours.ipi or 'none'})"
            )
        return lines

    def command(self) -> Command:
        works, recordings, parties = self._needed()
        cues = list(self.added)
        for conflict in self.conflicts:
            if conflict.take_theirs:
                cues.append(conflict.theirs)
                works += [conflict.work] if conflict.work else []
                recordings += [conflict.recording] if conflict.recording else []
        count = len(self.added) + sum(c.take_theirs for c in self.conflicts)
        # One entry per id: two taken conflicts may share one of our works (the last one wins).
        named = {c.agreement_id for c in cues}
        return Group(f"Merge {_n(count, 'cue')} from another project", [
            Put(PARTY, parties), Put(RECORDING, recordings), Put(WORK, works),
            Put(AGREEMENT, [a for a in self._agreements.values() if a.id in named]),
            Put(CUE, cues), Put(LICENCE, self.licences), SetMotifs(self.motifs()),
        ])  # fmt: skip

    def motifs(self) -> list[str]:
        """Their motifs we lack that the cues coming in use."""
        used = {c.motif for c in self.added} | {c.theirs.motif for c in self.conflicts if c.take_theirs}
        return [m for m in self.candidate_motifs if m in used]

    def _needed(self) -> tuple[list[Work], list[Recording], list[Party]]:
        """The new works, recordings and parties that the added cues, licences and taken conflicts use."""
        users = list(self.added) + [c.theirs for c in self.conflicts if c.take_theirs]
        licensed_works = {lic.work_id for lic in self.licences}
        licensed_recordings = {lic.recording_id for lic in self.licences}
        work_ids = {c.work_id for c in users} | licensed_works
        recording_ids = {c.recording_id for c in users} | licensed_recordings
        works = [w for w in self._works.values() if w.id in work_ids]
        recordings = [r for r in self._recordings.values() if r.id in recording_ids]
        interested = works + [c.work for c in self.conflicts if c.take_theirs and c.work]
        party_ids = {i.party_id for w in interested for i in w.interests}
        party_ids |= {lic.party_id for lic in self.licences if lic.party_id}
        parties = [p for pid, p in self._parties.items() if pid in party_ids]
        return works, recordings, parties


def plan_merge(mine: Project, theirs: Project) -> MergePlan:
    if mine.production.rate != theirs.production.rate:
        raise MergeError(
            f"the other project runs at {theirs.production.rate} fps and this one at "
            f"{mine.production.rate} fps; cues can only be merged or compared between projects of one rate"
        )
    return _Planner(mine, theirs).plan()


class _Planner:
    def __init__(self, mine: Project, theirs: Project) -> None:
        self.mine, self.theirs = mine, theirs
        self.result = MergePlan()
        self.party_map: dict[str, str] = {}
        self.work_map: dict[str, str] = {}
        self.recording_map: dict[str, str] = {}
        self._by_ipi = {p.ipi: p for p in mine.parties.values() if p.ipi}
        self._by_name: dict[str, list[Party]] = {}
        for party in mine.parties.values():
            self._by_name.setdefault(name_key(party.name), []).append(party)
        self._matched: set[str] = set()  # our cues already paired with one of theirs
        # Our cues by number and by title, so finding a counterpart is not a scan of every cue.
        self._cues_by_key: dict[tuple[str, str], list[Cue]] = {}
        for cue in mine.cues.values():
            if cue.number:
                self._cues_by_key.setdefault(("number", cue.number), []).append(cue)
            title = name_key(mine.title_of(cue))
            if title:
                self._cues_by_key.setdefault(("title", title), []).append(cue)

    def plan(self) -> MergePlan:
        ordered = self.theirs.cues_in_order()
        # Cues that are ours by id pair first, so a cue matched by number or title cannot take them.
        for cue in [c for c in ordered if c.id in self.mine.cues] + [
            c for c in ordered if c.id not in self.mine.cues
        ]:
            self._cue(cue)
        works = set(self.mine.works) | set(self.result._works)
        recordings = set(self.mine.recordings) | set(self.result._recordings)
        ours = {licence_key(lic): lic for lic in self.mine.licences.values()}
        for licence in self.theirs.licences.values():
            self._licence(licence, works, recordings, ours)
        incoming = self.result.added + [c.theirs for c in self.result.conflicts]
        self.result._agreements = carried_agreements(self.theirs, self.mine, incoming)
        self.result.candidate_motifs = [m for m in self.theirs.motifs if m not in self.mine.motifs]
        self.result.only_ours = [c for c in self.mine.cues_in_order() if c.id not in self._matched]
        return self.result

    # Parties, works, recordings: theirs → ours (matched) or a new copy --------------------------

    def party(self, party_id: str) -> str:
        if party_id in self.party_map:
            return self.party_map[party_id]
        theirs = self.theirs.parties[party_id]
        ours = self._match_party(theirs)
        if ours is not None:
            self.result.parties_matched += 1
            target = ours.id
        else:
            target = party_id if party_id not in self.mine.parties else new_id()
            self.result._parties[target] = Party(theirs.name, theirs.society, theirs.ipi, id=target)
        self.party_map[party_id] = target
        return target

    def _match_party(self, theirs: Party) -> Party | None:
        if theirs.ipi and theirs.ipi in self._by_ipi:
            return self._by_ipi[theirs.ipi]
        for ours in self._by_name.get(name_key(theirs.name), []):
            if theirs.ipi and ours.ipi and theirs.ipi != ours.ipi:
                self.result.namesakes.append((theirs, ours))
                continue
            return ours
        return None

    def work(self, work_id: str) -> str:
        if work_id in self.work_map:
            return self.work_map[work_id]
        theirs = self.theirs.works.get(work_id)
        if theirs is None:  # a dangling reference in their file: keep it dangling, as it was
            return work_id
        target = self._match_work(theirs)
        if target is None:
            target = work_id if work_id not in self.mine.works else new_id()
            self.result._works[target] = self.translated_work(theirs, target)
        self.work_map[work_id] = target
        return target

    def _match_work(self, theirs: Work) -> str | None:
        if theirs.id in self.mine.works:
            return theirs.id
        if theirs.iswc:
            for ours in self.mine.works.values():
                if ours.iswc == theirs.iswc:
                    return ours.id
        return None

    def translated_work(self, theirs: Work, target: str) -> Work:
        interests = [Interest(self.party(i.party_id), i.role, i.share) for i in theirs.interests
                     if i.party_id in self.theirs.parties]  # fmt: skip
        return Work(theirs.title, theirs.iswc, interests, id=target)

    def recording(self, recording_id: str | None) -> str | None:
        if recording_id is None or recording_id not in self.theirs.recordings:
            return None
        if recording_id in self.recording_map:
            return self.recording_map[recording_id]
        theirs = self.theirs.recordings[recording_id]
        target = None
        if recording_id in self.mine.recordings:
            target = recording_id
        elif theirs.isrc:
            target = next((r.id for r in self.mine.recordings.values() if r.isrc == theirs.isrc), None)
        if target is None:
            target = new_id() if recording_id in self.mine.recordings else recording_id
            self.result._recordings[target] = replace(theirs, id=target)
        self.recording_map[recording_id] = target
        return target

    # Cues ----------------------------------------------------------------------------------------

    def _cue(self, theirs: Cue) -> None:
        ours = self._counterpart(theirs)
        if ours is None:
            cue = copy.copy(theirs)
            cue.work_id = self.work(theirs.work_id)
            cue.recording_id = self.recording(theirs.recording_id)
            self.result.added.append(cue)
            return
        self._matched.add(ours.id)
        translated = copy.copy(theirs)
        translated.id = ours.id
        differences = [label for name, label in _CUE_FIELDS.items()
                       if getattr(ours, name) != getattr(theirs, name)]  # fmt: skip
        work = self._work_side(theirs, ours, translated, differences)
        recording = self._recording_side(theirs, ours, translated, differences)
        if differences:
            their_title = self.theirs.title_of(theirs)
            self.result.conflicts.append(
                Conflict(ours, translated, differences, False, work, recording, their_title, theirs.id)
            )
        else:
            self.result.duplicates.append((theirs, ours))

    def _counterpart(self, theirs: Cue) -> Cue | None:
        if theirs.id in self.mine.cues and theirs.id not in self._matched:
            return self.mine.cues[theirs.id]
        keys = [("number", theirs.number), ("title", name_key(self.theirs.title_of(theirs)))]
        for key in keys:
            for ours in self._cues_by_key.get(key, []):
                if ours.id not in self._matched and ours.start < theirs.end and theirs.start < ours.end:
                    return ours
        return None

    def _work_side(self, theirs: Cue, ours: Cue, translated: Cue, differences: list[str]) -> Work | None:
        """Points ``translated`` at the right work; returns our work rewritten with their data when it
        is the same piece of music with other details (title spelling, ISWC, writers)."""
        their_work = self.theirs.works.get(theirs.work_id)
        our_work = self.mine.works.get(ours.work_id)
        translated.work_id = ours.work_id
        if their_work is None:
            return None  # a dangling reference in their file: nothing to take
        if our_work is None or not same_work(their_work, our_work):
            # Another piece of music on this cue: taking theirs points the cue at their work (a new
            # copy, or ours that has its ISWC) and leaves our work, which other cues may use, alone.
            differences.append("title" if our_work is None or their_work.title != our_work.title else "music")
            translated.work_id = self.work(their_work.id)
            return None
        self.work_map.setdefault(their_work.id, our_work.id)  # their licences on it are about ours
        rewritten = self.translated_work(their_work, our_work.id)
        if rewritten.title != our_work.title:
            differences.append("title")
        if rewritten.iswc != our_work.iswc:
            differences.append("ISWC")
        same_interests = interest_key(rewritten.interests) == interest_key(our_work.interests)
        if not same_interests:
            differences.append("writers & publishers")
        unchanged = (rewritten.title, rewritten.iswc) == (our_work.title, our_work.iswc) and same_interests
        return None if unchanged else rewritten

    def _recording_side(
        self, theirs: Cue, ours: Cue, translated: Cue, differences: list[str]
    ) -> Recording | None:
        """Like ``_work_side`` for the recording (artist, label, ISRC, library track)."""
        their_rec = self.theirs.recordings.get(theirs.recording_id or "")
        our_rec = self.mine.recordings.get(ours.recording_id or "")
        translated.recording_id = ours.recording_id
        their_values = recording_values(their_rec)
        if their_values == recording_values(our_rec):
            if their_rec is not None and our_rec is not None:
                self.recording_map.setdefault(their_rec.id, our_rec.id)
            return None
        differences.append("recording")
        if their_rec is None or their_rec.is_empty():
            translated.recording_id = None  # taking theirs means no recording details
            return None
        if our_rec is None or not same_recording(their_rec, our_rec):
            translated.recording_id = self.recording(their_rec.id)
            return None
        self.recording_map.setdefault(their_rec.id, our_rec.id)
        return replace(their_rec, id=our_rec.id)

    # Licences ------------------------------------------------------------------------------------

    def _licence(
        self, theirs: Licence, works: set[str], recordings: set[str], ours: dict[tuple[Any, ...], Licence]
    ) -> None:
        work_id = self.work_map.get(theirs.work_id or "", theirs.work_id)
        recording_id = self.recording_map.get(theirs.recording_id or "", theirs.recording_id)
        if (work_id and work_id not in works) or (recording_id and recording_id not in recordings):
            return  # about music not brought over
        party_id = self.party(theirs.party_id) if theirs.party_id in self.theirs.parties else None
        licence = copy.deepcopy(theirs)
        licence.work_id, licence.recording_id, licence.party_id = work_id, recording_id, party_id
        already = self.mine.licences.get(theirs.id) or ours.get(licence_key(licence))
        if already is None:
            self.result.licences.append(licence)
            return
        self.result.licences_already_here += 1
        if replace(licence, id=already.id) != already:
            self.result.licences_differing += 1


def _n(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _by_origin(cues: list[Cue]) -> str:
    counts: dict[str, int] = {}
    for cue in cues:
        counts[cue.origin.value] = counts.get(cue.origin.value, 0) + 1
    return f" ({', '.join(f'{n} {origin}' for origin, n in sorted(counts.items()))})" if counts else ""
