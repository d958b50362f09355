"""Recordings found in the film's sound (issue #13), as cues: one command for the findings accepted.

A finding names a recording by its file; the cue gets a work named from the file's tags (one per
recording, or the work an earlier spotted cue of the same file has), a recording with its artist
and ISRC when the tags give them, the film range found, and the file's path (``recording_file``), so
that the sheet can later be checked by ear. Origin Licensed unless the user chooses otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from cuesheet.domain.commands import AddCues
from cuesheet.domain.cue import Cue
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Recording, Work
from cuesheet.domain.timeline_import import CueNumbering
from cuesheet.domain.usage import Origin


@dataclass(frozen=True, slots=True)
class Proposal:
    start: int  # project frames
    end: int  # exclusive
    file: str  # the recording's path
    title: str
    artist: str = ""
    isrc: str = ""
    confidence: float = 0.0  # 0-1
    offset_s: float = 0.0  # where in the recording the film's range starts


def spotting_command(
    project: Project, proposals: list[Proposal], origin: Origin = Origin.LICENSED
) -> AddCues:
    """The cues ``proposals`` make, with their works and recordings (one undo step)."""
    earlier = {c.recording_file: c for c in project.cues.values() if c.recording_file}
    works: dict[str, Work] = {}
    recordings: dict[str, Recording] = {}
    numbers = CueNumbering(project)
    cues = []
    for proposal in sorted(proposals, key=lambda p: (p.start, p.end)):
        before = earlier.get(proposal.file)
        work_id, recording_id = (before.work_id, before.recording_id) if before else (None, None)
        if work_id is None or work_id not in project.works:
            work = works.get(proposal.file) or works.setdefault(proposal.file, Work(title=proposal.title))
            work_id = work.id
        if recording_id is None and (proposal.artist or proposal.isrc):
            made = recordings.get(proposal.file) or recordings.setdefault(
                proposal.file, Recording(artist=proposal.artist, isrc=proposal.isrc)
            )
            recording_id = made.id
        cues.append(
            Cue(
                proposal.start,
                proposal.end,
                work_id,
                numbers.next(proposal.start),
                origin,
                recording_id=recording_id,
                recording_file=proposal.file,
            )
        )
    count = len(cues)
    text = f"Add {count} cue{'' if count == 1 else 's'} found by listening"
    return AddCues(cues, list(works.values()), list(recordings.values()), text=text)
