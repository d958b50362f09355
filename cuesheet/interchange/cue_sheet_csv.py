"""Read the cue-sheet CSV (see ``cuesheet.reports.cue_sheet_csv``) into one ``AddCues`` command.

The whole file is checked before anything changes; a problem is reported with its spreadsheet row
(the header is row 1) and the project is left as it was. Consecutive rows with the same cue columns
are one cue; parties, works and recordings that are the same are entered once, and parties already
in the project (same name, society and IPI) are reused.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from cuesheet.domain.commands import AddCues
from cuesheet.domain.cue import Cue
from cuesheet.domain.durations import parse_duration
from cuesheet.domain.limits import MAX_HOURS, check_text, max_frames
from cuesheet.domain.profiles import Profile, vocabulary
from cuesheet.domain.project import Project
from cuesheet.domain.rights import (
    Interest,
    Party,
    Recording,
    Role,
    Work,
    normalize_code,
    parse_share,
)
from cuesheet.domain.timecode import FrameRate, TimecodeError, parse_timecode
from cuesheet.domain.usage import Origin, UsageCode, attributes_for_usage
from cuesheet.reports.cue_sheet_csv import HEADER, is_neutralised, is_total_row
from cuesheet.reports.cue_sheet_csv import header as profile_header

_CUE_COLUMNS = HEADER[:8] + HEADER[13:]
_PARTY_COLUMNS = HEADER[8:13]


@dataclass
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


class CsvImportError(ValueError):
    def __init__(self, errors: list[RowError], source: str = "") -> None:
        self.errors = errors
        self.source = source
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{errors[0]}{more}")

    def from_file(self, source: object) -> CsvImportError:
        """The same problems, named with the file they are in."""
        return CsvImportError(self.errors, str(source))


# A work as the file names it: title, ISWC and its writers and publishers (party, role, share).
_WorkKey = tuple[str, str, tuple[tuple[str, Role, Decimal], ...]]


@dataclass
class _Builder:
    project: Project
    parties: dict[tuple[str, str, str], Party] = field(default_factory=dict)
    works: dict[_WorkKey, Work] = field(default_factory=dict)
    recordings: dict[tuple[str, ...], Recording] = field(default_factory=dict)
    new_parties: list[Party] = field(default_factory=list)

    def __post_init__(self) -> None:
        for party in self.project.parties.values():
            self.parties.setdefault((party.name, party.society, party.ipi), party)

    def party(self, name: str, society: str, ipi: str) -> Party:
        key = (name, society, ipi)
        if key not in self.parties:
            self.parties[key] = Party(name, society, ipi)
            self.new_parties.append(self.parties[key])
        return self.parties[key]

    def work(self, title: str, iswc: str, interests: list[Interest]) -> Work:
        key = (title, iswc, tuple((i.party_id, i.role, i.share) for i in interests))
        return self.works.setdefault(key, Work(title, iswc, interests))

    def recording(self, values: tuple[str, ...]) -> Recording | None:
        if not any(values):
            return None
        artist, label, isrc, library, catalog = values
        return self.recordings.setdefault(values, Recording(artist, label, isrc, library, catalog))


def read_cue_sheet_csv(
    data: bytes, project: Project, progress: Callable[[float], None] | None = None
) -> AddCues:
    """Parse ``data`` against ``project`` (its rate reads the timecodes); raises CsvImportError.

    Rows are decoded and read one at a time, so memory follows the cues made, not the text;
    ``progress`` is told the fraction of the file read now and then, and 1.0 at the end."""
    records = _records(data, progress)
    header = next(records, None)
    if header is None:
        raise CsvImportError([RowError(1, "the file is empty (expected a header row)")])
    _check_header(header[1])
    builder = _Builder(project)
    errors: list[RowError] = []
    cues: list[Cue] = []
    for first_row, group in _cue_groups(records, errors):
        try:
            cues.append(_cue(first_row, group, builder))
        except ValueError as error:
            errors.append(RowError(error.args[1] if len(error.args) > 1 else first_row, str(error.args[0])))
    if progress is not None:
        progress(1.0)
    if errors:
        raise CsvImportError(errors)
    if not cues:
        raise CsvImportError([RowError(2, "no cues found below the header")])
    used = {r.id for r in builder.recordings.values()}
    return AddCues(
        cues,
        list(builder.works.values()),
        [r for r in builder.recordings.values() if r.id in used],
        builder.new_parties,
        text=f"Import {len(cues)} cues",
    )


_UNREADABLE = re.compile("[\x00\udc80-\udcff]")  # NUL, or a byte that is not UTF-8 (surrogate-escaped)
_PROGRESS_EVERY = 1024  # rows between looks at the position: a report per percent read costs nothing


def _records(data: bytes, progress: Callable[[float], None] | None) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row, cells) for each record; the header is row 1 and a cell with line breaks is
    still one row. Bad bytes and malformed quoting are CsvImportError naming the row."""
    source = io.BytesIO(data)
    text = io.TextIOWrapper(source, encoding="utf-8-sig", errors="surrogateescape", newline="")
    row, reported = 1, 0.0  # the row being read, the fraction last reported

    def lines() -> Iterator[str]:
        for line in text:
            bad = _UNREADABLE.search(line)
            if bad is not None:
                if bad.group() == "\x00":
                    raise CsvImportError(
                        [RowError(row, "the file contains NUL bytes; it is not a CSV text file")]
                    )
                raise CsvImportError(
                    [RowError(row, "the file is not UTF-8 text; save it from the spreadsheet as CSV UTF-8")]
                )
            yield line

    reader = csv.reader(lines(), strict=True)
    try:
        for record in reader:
            yield row, record
            row += 1
            if progress is not None and row % _PROGRESS_EVERY == 0:
                fraction = min(source.tell() / max(len(data), 1), 0.99)  # 1.0 once the cues are made
                if fraction >= reported + 0.01:
                    reported = fraction
                    progress(fraction)
    except csv.Error as error:
        raise CsvImportError([RowError(row, f"malformed CSV ({error})")]) from None


def _check_header(header: list[str]) -> None:
    found = [cell.strip() for cell in header]
    if tuple(found) == HEADER:
        return
    if tuple(found) == profile_header(vocabulary(Profile.CISAC)):
        why = (
            "this sheet is in a society profile's words and columns (CISAC or UK), written for the "
            "society; import the sheet exported without a profile or with the US profile"
        )
        raise CsvImportError([RowError(1, why)])
    for index, expected in enumerate(HEADER):
        if index >= len(found) or found[index] != expected:
            got = repr(found[index]) if index < len(found) else "nothing"
            raise CsvImportError(
                [
                    RowError(
                        1,
                        f"wrong header: column {index + 1} should be {expected!r}, found {got}; "
                        f"expected: {','.join(HEADER)}",
                    )
                ]
            )
    raise CsvImportError([RowError(1, f"wrong header: {len(found) - len(HEADER)} extra column(s)")])


def _cue_groups(
    records: Iterator[tuple[int, list[str]]], errors: list[RowError]
) -> Iterator[tuple[int, list[tuple[int, dict[str, str]]]]]:
    """Yield (first row number, [(row number, cells)]) per cue."""
    group: list[tuple[int, dict[str, str]]] = []
    for row_number, record in records:
        if not any(cell.strip() for cell in record):
            continue  # spreadsheets leave blank lines at the end
        if len(record) != len(HEADER):
            errors.append(RowError(row_number, f"has {len(record)} columns, expected {len(HEADER)}"))
            continue
        try:
            cells = _cells(record)
        except ValueError as error:
            errors.append(RowError(row_number, str(error)))
            continue
        if is_total_row(cells):
            continue  # the export's totals, recomputed on the next export
        if group and _same_cue(group[-1][1], cells):
            group.append((row_number, cells))
            continue
        if group:
            yield group[0][0], group
        group = [(row_number, cells)]
    if group:
        yield group[0][0], group


def _cells(record: list[str]) -> dict[str, str]:
    """The row's cells by column: one the export neutralised is taken verbatim without its
    apostrophe, others stripped; each at most ``limits.TEXT_MAX`` characters (BoundsError naming
    the column)."""
    return {
        name: check_text(value[1:] if is_neutralised(value) else value.strip(), name)
        for name, value in zip(HEADER, record, strict=True)
    }


def _same_cue(a: dict[str, str], b: dict[str, str]) -> bool:
    return all(a[name] == b[name] for name in _CUE_COLUMNS) and a["Seq"] != ""


def _cue(row: int, group: list[tuple[int, dict[str, str]]], builder: _Builder) -> Cue:
    cells = group[0][1]
    rate = builder.project.production.rate
    start = _timecode(cells["TC In"], "TC In", rate, row)
    end = _timecode(cells["TC Out"], "TC Out", rate, row)
    if end <= start:
        raise ValueError(f"TC Out {cells['TC Out']} is not after TC In {cells['TC In']}", row)
    if cells["Duration"]:
        try:
            parse_duration(cells["Duration"])
        except ValueError as error:
            raise ValueError(str(error), row) from None
    try:
        origin = Origin.from_label(cells["Origin"])
    except ValueError as error:
        raise ValueError(str(error), row) from None
    usage = _usage(cells["Usage"], row)
    interests = [_interest(number, party_cells, builder) for number, party_cells in group]
    work = builder.work(cells["Title"], normalize_code(cells["ISWC"]), [i for i in interests if i])
    recording = builder.recording(
        (cells["Artist"], cells["Label"], normalize_code(cells["ISRC"]), cells["Library"], cells["Catalog #"])
    )
    cue = Cue(start, end, work.id, number=cells["Cue #"], origin=origin)
    if usage is not None:
        cue.perception, cue.vocals, cue.theme_role = attributes_for_usage(usage)
    cue.recording_id = recording.id if recording else None
    return cue


def _timecode(text: str, column: str, rate: FrameRate, row: int) -> int:
    if not text:
        raise ValueError(f"{column} is empty", row)
    try:
        frame = parse_timecode(text, rate)
    except TimecodeError as error:
        raise ValueError(f"{column}: {error}", row) from None
    if abs(frame) > max_frames(rate.rate):  # nothing later (store, timeline) meets a runaway position
        raise ValueError(f"{column} {text} is past the limit of {MAX_HOURS:,} hours", row)
    return frame


def _usage(text: str, row: int) -> UsageCode | None:
    if not text:
        return None
    try:
        return UsageCode.parse(text)
    except ValueError as error:
        raise ValueError(str(error), row) from None


def _interest(row: int, cells: dict[str, str], builder: _Builder) -> Interest | None:
    if not any(cells[name] for name in _PARTY_COLUMNS):
        return None
    if not cells["Party"]:
        raise ValueError("Party is empty but the row has a role, society, IPI or share", row)
    try:
        role = Role.parse(cells["Role"]) if cells["Role"] else None
        share = parse_share(cells["Share %"]) if cells["Share %"] else None
    except ValueError as error:
        raise ValueError(str(error), row) from None
    if role is None:
        raise ValueError(f"Role is empty for {cells['Party']!r}", row)
    if share is None:
        raise ValueError(f"Share % is empty for {cells['Party']!r}", row)
    party = builder.party(cells["Party"], cells["Society"].upper(), normalize_code(cells["IPI"]))
    return Interest(party.id, role, share)
