"""The cue sheet as it is printed: one home for every fact the views and reports show about it.

A ``Sheet`` holds the cues in sequence order with their sequence numbers, carved and printed
durations, printed titles and timecodes, and the totals (also per usage code) — decided here once, so
the table, the timeline, the inspector, every report and the CLI cannot disagree (domain guide §2).

Printed durations: each line prints its *carved* duration (an overlapped cue ends where the next one
starts), rounded to whole seconds under the project's rounding; the printed total is the *sum of the
printed lines*, not the frame total rounded once (twenty 1.2 s stings print 0:02 each, and a header
saying 0:25 above a column adding up to 0:40 is what a PRO queries).

A window keeps one ``Sheet`` and ``update``s it with each ``Change``: at 50,000 cues a rebuild costs
~0.13 s, an update touches the changed lines and their neighbours only and says which rows moved, so a
table model can insert, remove and repaint rows instead of resetting. Reports build one with ``of``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter

from cuesheet.domain.cue import Cue
from cuesheet.domain.durations import Rounding, format_seconds, whole_seconds
from cuesheet.domain.project import Project, order_key
from cuesheet.domain.rights import Work
from cuesheet.domain.timecode import FrameRate, format_timecode
from cuesheet.domain.usage import UsageCode

UNTITLED = "(untitled)"  # how a line without a title prints, everywhere
# Always listed, even at 0:00 (the US sheets' legend); any other code joins when a cue uses it.
STANDARD_CODES = (UsageCode.BI, UsageCode.BV, UsageCode.VI, UsageCode.VV, UsageCode.MT, UsageCode.ET)
_LEGEND = {code: rank for rank, code in enumerate(UsageCode)}

OrderKey = tuple[int, int, str, str]


@dataclass(slots=True, eq=False)
class Line:
    """One cue as printed. ``frames`` is the carved duration; ``seconds`` what the sheet prints."""

    cue: Cue
    key: OrderKey  # the cue's place in sequence order when this line was made
    title: str  # the work's title as registered, "" when it has none (``printed_title`` prints it)
    usage: UsageCode
    frames: int
    seconds: int
    _texts: tuple[str, str, str] | None = field(default=None, repr=False)

    @property
    def carved(self) -> bool:
        """The printed duration is shorter than the cue: the next cue starts before this one ends."""
        return self.frames < self.cue.end - self.cue.start

    @property
    def printed_title(self) -> str:
        return self.title or UNTITLED

    @property
    def text(self) -> str:
        """The printed duration, ``M:SS``."""
        return format_seconds(self.seconds)


@dataclass(frozen=True, slots=True)
class Delta:
    """What an ``update`` did to the rows (0-based, in the sheet's order *after* the update, except
    ``removed``, which are rows of the sheet before it, highest first so removing them in order works).
    ``reset``: the sheet was rebuilt, every row may differ."""

    removed: tuple[int, ...] = ()
    inserted: tuple[int, ...] = ()
    changed: tuple[int, ...] = ()
    reset: bool = False

    @property
    def rows_moved(self) -> bool:
        return self.reset or bool(self.removed or self.inserted)


def _title(work: Work | None) -> str:
    return work.title if work else ""


_line_key: Callable[[Line], OrderKey] = attrgetter("key")


class Sheet:
    """The printed sheet of one project; ``revision`` is the ``Document.revision`` it reflects."""

    def __init__(self, project: Project, revision: int = 0, kept: bool = True) -> None:
        """``kept``: a window keeps it in step with edits, so the cues of each work are indexed now,
        not at the first retitle (40 ms at 50,000 cues, a stall); a report's sheet (``of``) skips it."""
        self.project = project
        self._kept = kept
        self.revision = revision
        self.lines: list[Line] = []
        self._keys: list[OrderKey] = []
        self._by_id: dict[str, Line] | None = None  # made when first asked, for a report's sheet
        self._rate: FrameRate = project.production.rate
        self._rounding: Rounding = project.settings.rounding
        self.total = 0  # seconds: the sum of the lines' printed seconds
        self._by_usage: dict[UsageCode, int] = {}
        self.rebuild()

    @classmethod
    def of(cls, project: Project) -> Sheet:
        return cls(project, kept=False)

    # -- reading ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[Line]:
        return iter(self.lines)

    def cues(self) -> list[Cue]:
        """The cues in sequence order (what ``Project.cues_in_order`` returns, without a sort)."""
        return [line.cue for line in self.lines]

    def line(self, cue_id: str) -> Line | None:
        return self._ids().get(cue_id)

    def row_of(self, cue_id: str) -> int | None:
        """The cue's 0-based row (its sequence number minus one), by bisection."""
        line = self._ids().get(cue_id)
        return None if line is None else bisect_left(self._keys, line.key)

    def seq(self, cue_id: str) -> int | None:
        row = self.row_of(cue_id)
        return None if row is None else row + 1

    def next_cue(self, frame: int, direction: int) -> Line | None:
        """The first line starting after ``frame`` (direction 1) or the last starting before it (-1)."""
        row = bisect_left(self._keys, (frame + 1,) if direction > 0 else (frame,))  # a prefix sorts first
        row = row if direction > 0 else row - 1
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def texts(self, line: Line) -> tuple[str, str, str]:
        """(In, Out, duration) as printed; made when first asked (a table asks for visible rows)."""
        if line._texts is None:
            rate = self._rate
            line._texts = (
                format_timecode(line.cue.start, rate),
                format_timecode(line.cue.end, rate),
                line.text,
            )
        return line._texts

    @property
    def by_usage(self) -> dict[UsageCode, int]:
        """Printed seconds per usage code: STANDARD_CODES always, others when used, in legend order."""
        present = {code: s for code, s in self._by_usage.items() if s or code in STANDARD_CODES}
        for code in STANDARD_CODES:
            present.setdefault(code, 0)
        return dict(sorted(present.items(), key=lambda item: _LEGEND[item[0]]))

    @property
    def total_text(self) -> str:
        return format_seconds(self.total)

    @property
    def frames(self) -> int:
        """Total music in frames, overlaps carved out (so it can never exceed the film)."""
        return sum(line.frames for line in self.lines)

    def summary(self) -> str:
        """``0:40 in 20 cues``."""
        count = len(self.lines)
        return f"{self.total_text} in {count} cue{'' if count == 1 else 's'}"

    def usage_text(self, separator: str = " · ") -> str:
        """``BI 0:16 · BV 0:08 · …``."""
        return separator.join(f"{code.value} {format_seconds(s)}" for code, s in self.by_usage.items())

    # -- keeping in step ----------------------------------------------------------------------

    def rebuild(self) -> Delta:
        project = self.project
        self._rate, self._rounding = project.production.rate, project.settings.rounding
        works = project.works
        lines = [Line(cue, order_key(cue), _title(works.get(cue.work_id)), cue.usage, 0, 0)
                 for cue in project.cues.values()]  # fmt: skip
        lines.sort(key=_line_key)  # each key made once (sorting the cues by order_key made it twice)
        self.lines = lines
        self._keys = [line.key for line in lines]
        self._by_id = None
        self._by_work_index: dict[str, set[str]] | None = None
        if self._kept:  # kept in step by ``update``; a report's are made only if asked
            self._ids()
            self._by_work()
        self._recarve(range(len(lines)))
        by_usage: dict[UsageCode, int] = {}
        for line in lines:  # ``_count`` of each line, without a call per line
            by_usage[line.usage] = by_usage.get(line.usage, 0) + line.seconds
        self._by_usage, self.total = by_usage, sum(by_usage.values())
        return Delta(reset=True)

    def update(self, cue_ids: Iterable[str], work_ids: Iterable[str] = (), everything: bool = False) -> Delta:
        """Bring the sheet in step after cues (added, removed or edited) and works (retitled) changed;
        ``everything``: the rate, rounding or the whole project changed."""
        project = self.project
        rate, rounding = project.production.rate, project.settings.rounding
        if everything or rate != self._rate or rounding != self._rounding:
            return self.rebuild()
        cue_ids = set(cue_ids)
        retitled = set(work_ids)
        for work_id in retitled:  # a work's title shows on every cue that uses it
            cue_ids |= self._by_work().get(work_id, set())
        if not cue_ids:
            return Delta()
        if len(cue_ids) > max(64, len(self.lines) // 8):  # many at once (an import): sorting is cheaper
            return self.rebuild()
        by_id = self._ids()
        gone = [line for line in map(by_id.get, cue_ids) if line is not None]
        old_rows = sorted(bisect_left(self._keys, line.key) for line in gone)
        # The line before each removed one carves against a new successor; found again by key later.
        before = {self.lines[row - 1].cue.id: self.lines[row - 1] for row in old_rows if row > 0}
        for row in reversed(old_rows):  # highest first: the rows below stay where they are
            line = self.lines.pop(row)
            del self._keys[row], by_id[line.cue.id]
            self._count(line, -1)
        added: list[Line] = []
        for cue_id in cue_ids:
            cue = project.cues.get(cue_id)
            if cue is None:
                continue
            line = self._make(cue)
            row = bisect_left(self._keys, line.key)
            self._keys.insert(row, line.key)
            self.lines.insert(row, line)
            by_id[cue_id] = line
            self._by_work().setdefault(cue.work_id, set()).add(cue_id)
            added.append(line)
        new_rows = sorted(bisect_left(self._keys, line.key) for line in added)
        neighbours = [line for cue_id, line in before.items() if by_id.get(cue_id) is line]
        neighbour_rows = {bisect_left(self._keys, line.key) for line in neighbours}
        neighbour_rows |= {row - 1 for row in new_rows if row > 0}
        neighbour_rows -= set(new_rows)
        for row in neighbour_rows:
            self._count(self.lines[row], -1)
        self._recarve(sorted(neighbour_rows | set(new_rows)))
        for row in neighbour_rows:
            self._count(self.lines[row], 1)
        for line in added:
            self._count(line, 1)
        if old_rows == new_rows:  # edited in place: no row moved
            return Delta(changed=tuple(sorted(neighbour_rows | set(new_rows))))
        return Delta(tuple(reversed(old_rows)), tuple(new_rows), tuple(sorted(neighbour_rows)))

    # -- inside -------------------------------------------------------------------------------

    def _ids(self) -> dict[str, Line]:
        """The lines by cue id (hashing 50,000 ids for the first time is 40 ms: ``info`` never asks)."""
        if self._by_id is None:
            self._by_id = {line.cue.id: line for line in self.lines}
        return self._by_id

    def _make(self, cue: Cue) -> Line:
        return Line(cue, order_key(cue), _title(self.project.works.get(cue.work_id)), cue.usage, 0, 0)

    def _by_work(self) -> dict[str, set[str]]:
        """The cues of each work, for a retitle: kept as lines come and go. An id may linger under a
        work its cue has left (it is not taken out of the old set); that only refreshes it once more."""
        if self._by_work_index is None:
            self._by_work_index = {}
            for line in self.lines:
                self._by_work_index.setdefault(line.cue.work_id, set()).add(line.cue.id)
        return self._by_work_index

    def _recarve(self, rows: Iterable[int]) -> None:
        lines, last = self.lines, len(self.lines) - 1
        rate, rounding = self._rate, self._rounding
        printed: dict[int, int] = {}  # seconds per carved length: a sheet's lengths repeat
        for row in rows:
            line = lines[row]
            cue = line.cue
            start, end = cue.start, cue.end
            if row < last and lines[row + 1].cue.start < end:
                end = max(start, lines[row + 1].cue.start)
            frames = end - start if end > start else 0
            if frames != line.frames:  # a line is made with 0 frames and 0 seconds, which agree
                line._texts = None  # the printed duration changes with it
                line.frames = frames
                seconds = printed.get(frames)
                if seconds is None:
                    seconds = printed[frames] = whole_seconds(frames, rate, rounding)
                line.seconds = seconds

    def _count(self, line: Line, sign: int) -> None:
        self.total += sign * line.seconds
        self._by_usage[line.usage] = self._by_usage.get(line.usage, 0) + sign * line.seconds
