"""The cue-sheet CSV: one row per interested party, the cue's columns repeated on each of its rows.

UTF-8 with a BOM (Excel reads it as UTF-8 only then), RFC 4180 quoting and CRLF line ends. A cell that
a spreadsheet could run as a formula or that the importer would not read back as it is — one that
starts with ``=``, ``+``, ``-``, ``@`` or their full-width forms, with a blank or a control character
(spreadsheets skip some before looking for ``=``), with an apostrophe, or ends with a blank — is
written with a leading apostrophe. The importer removes exactly that apostrophe again and takes such a
cell verbatim (others are stripped), so export → import is an identity and export → import → export
is byte-identical. Below the cues, after a blank row, the total music and the total per usage
code (``total_rows``: the sums of the printed durations), which the importer skips.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from cuesheet.domain.decimal_text import format_decimal
from cuesheet.domain.durations import format_seconds
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Recording, Role
from cuesheet.domain.sheet import Sheet

HEADER = (
    "Seq", "Cue #", "Title", "Origin", "Usage", "TC In", "TC Out", "Duration", "Role", "Party",
    "Society", "IPI", "Share %", "Artist", "Label", "ISRC", "ISWC", "Library", "Catalog #",
)  # fmt: skip

FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # and full-width ＝＋－＠
BOM = "\ufeff"


def needs_prefix(cell: str) -> bool:
    """The cell is written with a leading apostrophe (see the module's docstring)."""
    if not cell:
        return False
    if cell[-1].isspace():
        return True
    first = cell[0]
    if first.isalnum():  # most cells: no letter or digit is a formula start, a blank or a control
        return False
    return (
        first in FORMULA_STARTS
        or first == "'"
        or first.isspace()
        or unicodedata.category(first) in ("Cc", "Cf")
    )


def neutralise(cell: str) -> str:
    return "'" + cell if needs_prefix(cell) else cell


def is_neutralised(cell: str) -> bool:
    """The cell carries the export's apostrophe: ``neutralise`` of ``cell[1:]``, taken verbatim."""
    return cell.startswith("'") and needs_prefix(cell[1:])


def unneutralise(cell: str) -> str:
    return cell[1:] if is_neutralised(cell) else cell


def cue_sheet_rows(project: Project, sheet: Sheet | None = None, cell: Cell = str) -> Iterator[list[str]]:
    """The data rows, in sequence order, as plain strings (``cell`` applied to each: the CSV
    neutralises). A cue's cells are made once for its parties' rows, a party's once for the sheet."""
    sheet = sheet or Sheet.of(project)
    works, recordings = project.works, project.recordings
    nobody = [""] * 3
    parties = {i: [cell(p.name), cell(p.society), cell(p.ipi)] for i, p in project.parties.items()}
    roles = {role: cell(role.value) for role in Role}
    share_text = _memo(lambda share: cell(format_decimal(share)))  # 150,000 shares, a few values
    for seq, line in enumerate(sheet.lines, start=1):
        cue = line.cue
        work = works.get(cue.work_id)
        r = recordings.get(cue.recording_id) if cue.recording_id else None
        r = r or _NO_RECORDING
        head = [cell(text) for text in (str(seq), cue.number, line.title, cue.origin.label, line.usage.value,
                                        *sheet.texts(line))]  # fmt: skip
        tail = [cell(text) for text in (r.artist, r.label, r.isrc, work.iswc if work else "", r.library,
                                        r.catalog_number)]  # fmt: skip
        interests = work.interests if work else []
        if not interests:
            yield [*head, "", "", "", "", "", *tail]
        for interest in interests:
            yield [*head, roles[interest.role], *parties.get(interest.party_id, nobody),
                   share_text(interest.share), *tail]  # fmt: skip


Cell = Callable[[str], str]
_NO_RECORDING = Recording()


def _memo(make: Callable[[Decimal], str]) -> Callable[[Decimal], str]:
    """``make``, remembering each value's text (a signalling NaN, which cannot be hashed, is not)."""
    made: dict[Decimal, str] = {}

    def text(value: Decimal) -> str:
        try:
            found = made.get(value)
        except TypeError:
            return make(value)
        if found is None:
            found = made[value] = make(value)
        return found

    return text


TOTAL_TITLE = "Total music"


def total_rows(totals: Sheet) -> list[list[str]]:
    """Below the cues: the total music (the sum of the printed durations), then one row per usage
    code. No Seq and no timecodes, so a spreadsheet's sum of the cue rows is not doubled and the
    importer knows them (``is_total_row``)."""
    blank = [""] * len(HEADER)
    duration, title, usage = HEADER.index("Duration"), HEADER.index("Title"), HEADER.index("Usage")

    def row(label: str, code: str, seconds: int) -> list[str]:
        cells = list(blank)
        cells[title], cells[usage], cells[duration] = label, code, format_seconds(seconds)
        return cells

    count = len(totals)
    rows = [row(f"{TOTAL_TITLE}, {count} cue{'' if count == 1 else 's'}", "", totals.total)]
    rows += [row(f"{TOTAL_TITLE}, {code.description.lower()}", code.value, seconds)
             for code, seconds in totals.by_usage.items()]  # fmt: skip
    return rows


def is_total_row(cells: dict[str, str]) -> bool:
    """A row written by ``total_rows`` (read back by the importer, which skips it)."""
    return (
        not cells["Seq"] and not cells["TC In"] and not cells["TC Out"]
        and cells["Title"].startswith(TOTAL_TITLE + ", ")
    )  # fmt: skip


def write_csv(header: tuple[str, ...], rows: Iterable[list[str]], neutralised: bool = False) -> bytes:
    """Any report as CSV for spreadsheets: UTF-8 with BOM, CRLF, formula-looking cells neutralised
    (``neutralised``: the rows come so already)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows if neutralised else ([neutralise(cell) for cell in row] for row in rows))
    return (BOM + buffer.getvalue()).encode("utf-8")


def cue_sheet_csv(project: Project) -> bytes:
    sheet = Sheet.of(project)
    # A blank row sets the totals apart; the importer skips blank rows.
    totals = [[neutralise(cell) for cell in row] for row in total_rows(sheet)]
    rows = [*cue_sheet_rows(project, sheet, neutralise), [""] * len(HEADER), *totals]
    return write_csv(HEADER, rows, neutralised=True)
