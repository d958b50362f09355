"""Rolling up commissioned cues (issue #15 §3): a UK broadcaster accepts the specially commissioned
cues of one ownership as one line under the production's title, their durations added up.

An export option (the project's setting, or ``cuesheet export --roll-up``): the score cues whose
works have exactly the same writers and publishers, in the same roles and shares, print as one line
where the first of them stands — the production's title and how many cues it holds, no timecodes,
the sum of their printed durations, the usage that most of that music has — and every other cue
prints as it is. The printed total does not change: a rolled line is the sum of its lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from cuesheet.domain.profiles import RollUp, sung
from cuesheet.domain.project import Project
from cuesheet.domain.sheet import Line, Sheet
from cuesheet.domain.usage import Origin, UsageCode, Vocals

__all__ = ["RollUp", "Rolled", "printed_by_usage", "printed_lines"]


@dataclass(slots=True)
class Rolled:
    """Cues printed as one line."""

    title: str
    lines: list[Line] = field(default_factory=list)

    @property
    def seconds(self) -> int:
        return sum(line.seconds for line in self.lines)

    @property
    def usage(self) -> UsageCode:
        by_code: dict[UsageCode, int] = {}
        for line in self.lines:
            by_code[line.usage] = by_code.get(line.usage, 0) + line.seconds
        return max(by_code, key=lambda code: (by_code[code], -list(UsageCode).index(code)))

    @property
    def vocal(self) -> bool:
        """Most of its music is sung (as each line prints it)."""
        sung_seconds = sum(
            line.seconds for line in self.lines if sung(line.usage, line.cue.vocals is Vocals.VOCAL)
        )
        return 2 * sung_seconds > self.seconds

    @property
    def numbers(self) -> str:
        """``1M01+``: the first cue's number and more (the title says how many), "" for none."""
        first = next((line.cue.number for line in self.lines if line.cue.number), "")
        return f"{first}+" if first else ""


def printed_lines(project: Project, sheet: Sheet, roll_up: RollUp) -> Iterator[tuple[Line, Rolled | None]]:
    """Each printed line in order: a cue's own (``None``), or the first cue of a rolled group with
    its group (the group's other cues are not yielded)."""
    if roll_up is RollUp.NONE:
        for line in sheet.lines:
            yield line, None
        return
    groups = _groups(project, sheet)
    for line in sheet.lines:
        group = groups.get(id(line))
        if group is None:
            yield line, None
        elif group.lines[0] is line:
            yield line, group


def printed_by_usage(project: Project, sheet: Sheet) -> dict[UsageCode, int]:
    """Printed seconds per usage code as the printed lines carry them (a rolled line counts under
    its one usage), so the per-usage totals add up the printed column; without roll-up, the sheet's."""
    if project.settings.roll_up is RollUp.NONE:
        return sheet.by_usage
    by_code = dict.fromkeys(sheet.by_usage, 0)
    for line, rolled in printed_lines(project, sheet, project.settings.roll_up):
        code, seconds = (line.usage, line.seconds) if rolled is None else (rolled.usage, rolled.seconds)
        by_code[code] = by_code.get(code, 0) + seconds
    return by_code


def _groups(project: Project, sheet: Sheet) -> dict[int, Rolled]:
    """The rolled groups of two cues or more, by the ``id`` of each of their lines."""
    by_owners: dict[tuple[tuple[str, str, str], ...], list[Line]] = {}
    for line in sheet.lines:
        cue = line.cue
        work = project.works.get(cue.work_id) if cue.origin is Origin.SCORE else None
        if work is None or not work.interests:
            continue
        owners = tuple(sorted((i.party_id, i.role.value, format(i.share, "f")) for i in work.interests))
        by_owners.setdefault(owners, []).append(line)
    found: dict[int, Rolled] = {}
    for lines in by_owners.values():
        if len(lines) < 2:
            continue
        group = Rolled(f"{project.production.title} (commissioned music, {len(lines)} cues)", lines)
        for line in lines:
            found[id(line)] = group
    return found
