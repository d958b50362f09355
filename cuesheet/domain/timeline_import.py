"""A timeline plan (domain.timeline_cues) as one command: the cues it proposes, each with its work.

One work per source: every cue of one song shares its work (and so its writers and publishers), and a
song the project already has from an earlier import keeps the work it had. Cues are numbered in the
order they play, after the numbers the project already uses (per reel or continuous, as set).
"""

from __future__ import annotations

from collections.abc import Iterator

from cuesheet.domain.commands import AddCues
from cuesheet.domain.cue import Cue
from cuesheet.domain.cue_numbers import CueNumber, Numbering, next_number, reel_of
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Work
from cuesheet.domain.timeline_cues import PlannedCue, TimelinePlan


def source_key(cue: Cue) -> str:
    """What joined the clips of an imported cue (see EditClip.key); "" for a cue not imported."""
    return cue.source_file or cue.source_clip


def covered(project: Project) -> Iterator[tuple[str, int, int]]:
    """(source, start, end) of the project's imported cues, for plan_cues to report, not double."""
    for cue in project.cues.values():
        key = source_key(cue)
        if key:
            yield key, cue.start, cue.end


def timeline_import_command(project: Project, plan: TimelinePlan, file_name: str) -> AddCues:
    """The edit that adds ``plan``'s cues to ``project`` (one undo step)."""
    works_by_source = {source_key(c): c.work_id for c in project.cues.values() if source_key(c)}
    new_works: dict[str, Work] = {}
    numbers = CueNumbering(project)
    cues = []
    for planned in plan.cues:
        work_id = works_by_source.get(planned.source)
        if work_id is None or work_id not in project.works:
            work = new_works.get(planned.source)
            if work is None:
                work = new_works[planned.source] = Work(title=planned.title)
            work_id = work.id
        cues.append(_cue(planned, work_id, numbers.next(planned.start)))
    count = len(cues)
    text = f"Import {count} cue{'' if count == 1 else 's'} from {file_name}"
    return AddCues(cues, list(new_works.values()), text=text)


def _cue(planned: PlannedCue, work_id: str, number: str) -> Cue:
    return Cue(
        planned.start,
        planned.end,
        work_id,
        number,
        planned.origin,
        source_file=planned.file,
        source_clip=planned.clip,
        source_tracks=" ".join(planned.tracks),
    )


class CueNumbering:
    """The next cue number of each reel, found once (next_number reads every existing number)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.numbering = project.settings.numbering
        self.existing = [c.number for c in project.cues.values()]
        self.next_of: dict[int, CueNumber] = {}

    def next(self, start: int) -> str:
        reel = 0
        if self.numbering is Numbering.PER_REEL:
            reel = reel_of(int(self.project.production.timecode(start).lstrip("-").split(":")[0]))
        found = self.next_of.get(reel)
        if found is None:
            found = CueNumber.parse(next_number(self.existing, reel, self.numbering))
        self.next_of[reel] = CueNumber(found.reel, found.number + 1)
        return str(found)
