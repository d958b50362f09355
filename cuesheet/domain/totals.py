"""The printed durations and totals of a cue sheet, decided in one place (domain guide §2).

Each line prints its carved duration (an overlapped cue ends where the next one starts), rounded to
whole seconds under the project's rounding. The printed total is the *sum of the printed lines*, not
the frame total rounded once: with rounding up, twenty 1.2 s stings print 0:02 each, and a header
saying 0:25 above a column adding up to 0:40 is what a PRO queries. Every report and the window take
their durations and totals from ``printed_totals`` so that they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from cuesheet.domain.cue import Cue
from cuesheet.domain.durations import format_seconds, whole_seconds
from cuesheet.domain.project import Project
from cuesheet.domain.usage import UsageCode

# Always listed, even at 0:00 (the US sheets' legend); any other code joins when a cue uses it.
STANDARD_CODES = (UsageCode.BI, UsageCode.BV, UsageCode.VI, UsageCode.VV, UsageCode.MT, UsageCode.ET)


@dataclass(frozen=True, slots=True)
class Line:
    """One cue as printed: its sequence number, carved frames and printed whole seconds."""

    seq: int
    cue: Cue
    frames: int
    seconds: int

    @property
    def text(self) -> str:
        return format_seconds(self.seconds)


@dataclass(frozen=True, slots=True)
class Totals:
    lines: tuple[Line, ...]  # in sequence order
    total: int  # seconds: the sum of the lines' printed seconds
    by_usage: dict[UsageCode, int]  # seconds per code: STANDARD_CODES, then others present

    @property
    def total_text(self) -> str:
        return format_seconds(self.total)

    def summary(self) -> str:
        """``0:40 in 20 cues``."""
        count = len(self.lines)
        return f"{self.total_text} in {count} cue{'' if count == 1 else 's'}"

    def usage_text(self, separator: str = " · ") -> str:
        """``BI 0:16 · BV 0:08 · …``."""
        return separator.join(f"{code.value} {format_seconds(s)}" for code, s in self.by_usage.items())


def printed_totals(project: Project, ordered: list[Cue] | None = None) -> Totals:
    """The printed line durations and totals of ``project`` (``ordered``: its cues_in_order(),
    when the caller has it, to save a sort)."""
    ordered = project.cues_in_order() if ordered is None else ordered
    carved = project.carved_durations(ordered)
    rate, rounding = project.production.rate, project.settings.rounding
    lines = []
    by_usage = dict.fromkeys(STANDARD_CODES, 0)
    for seq, cue in enumerate(ordered, start=1):
        seconds = whole_seconds(carved[cue.id], rate, rounding)
        lines.append(Line(seq, cue, carved[cue.id], seconds))
        by_usage[cue.usage] = by_usage.get(cue.usage, 0) + seconds
    ranked = {code: by_usage[code] for code in UsageCode if code in by_usage}  # legend order
    return Totals(tuple(lines), sum(line.seconds for line in lines), ranked)
