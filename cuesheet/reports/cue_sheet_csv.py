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

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from cuesheet.domain.decimal_text import format_decimal
from cuesheet.domain.profiles import OURS, Vocabulary, sung, usage_totals, vocabulary
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Interest, Recording, Role
from cuesheet.domain.rollup import Rolled, printed_by_usage, printed_lines
from cuesheet.domain.sheet import Line, Sheet
from cuesheet.domain.usage import Origin, UsageCode, Vocals
from cuesheet.reports.header import header_rows

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


Segments = tuple[list[str], ...]  # a row's cells in pieces; a piece may be shared by many rows
Pieces = tuple[list[str], list[list[str]], list[str]]  # a cue: before, per party row, after


def header(words: Vocabulary) -> tuple[str, ...]:
    """The columns under a profile: ours (and the US profile's), or with the CISAC words' "Use",
    a "Vocal" column after it and "Track #" last."""
    if not (words.vocal_column or words.track_column):
        return HEADER
    names = list(HEADER)
    use = names.index("Usage")
    names[use] = "Use"
    if words.vocal_column:
        names.insert(use + 1, "Vocal")
    return (*names, "Track #") if words.track_column else tuple(names)


def cue_sheet_pieces(project: Project, sheet: Sheet | None = None) -> Iterator[Pieces]:
    """Each cue in sequence order as (its cells before the party columns, one party piece per row
    it takes, its cells after them). A party piece is the same list on every row naming that party
    in that role and share, so a writer formats (neutralises, quotes, indexes) a cue's cells once
    for its rows and a party's once for the sheet (150,000 rows at 50,000 cues, 19 cells each)."""
    sheet = sheet or Sheet.of(project)
    works, recordings, parties = project.works, project.recordings, project.parties
    words = vocabulary(project.settings.profile)
    plain = words is OURS
    no_party = [[""] * 5]
    made: dict[InterestKey, list[str]] = {}
    share_text = _memo(format_decimal)  # 150,000 shares, a few values
    lines = printed_lines(project, sheet, project.settings.roll_up)
    for seq, (line, rolled) in enumerate(lines, start=1):
        cue = line.cue
        work = works.get(cue.work_id)
        r = recordings.get(cue.recording_id) if cue.recording_id else None
        r = r or _NO_RECORDING
        if rolled is not None:  # commissioned cues of one ownership, as one line
            head, tail = _rolled(words, seq, rolled)
        elif plain:  # ours: the usual case, kept to its few look-ups
            head = [str(seq), cue.number, line.title, cue.origin.label, line.usage.value, *sheet.texts(line)]
            tail = [r.artist, r.label, r.isrc, work.iswc if work else "", r.library, r.catalog_number]
        else:
            head, tail = _worded(words, seq, line, sheet, r, work.iswc if work else "")
        middles = []
        for interest in work.interests if work else []:
            key = interest_key(interest)
            middle = made.get(key) if key is not None else None
            if middle is None:
                p = parties.get(interest.party_id)
                middle = [interest.role.value, *((p.name, p.society, p.ipi) if p else ("", "", "")),
                          share_text(interest.share)]  # fmt: skip
                if key is not None:
                    made[key] = middle
            middles.append(middle)
        yield head, middles or no_party, tail


def cue_sheet_segments(project: Project, sheet: Sheet | None = None) -> Iterator[Segments]:
    """The data rows, in sequence order, each as (the cue's cells, the party's, the recording's):
    the pieces of ``cue_sheet_pieces``, shared as they are there."""
    for head, middles, tail in cue_sheet_pieces(project, sheet):
        for middle in middles:
            yield head, middle, tail


def cue_sheet_rows(project: Project, sheet: Sheet | None = None, cell: Cell = str) -> Iterator[list[str]]:
    """The data rows, in sequence order, as plain strings (``cell`` applied to each)."""
    for head, middle, tail in cue_sheet_segments(project, sheet):
        yield [cell(text) for text in (*head, *middle, *tail)]


def _worded(words: Vocabulary, seq: int, line: Line, sheet: Sheet, r: Recording, iswc: str) -> tuple[
        list[str], list[str]]:  # fmt: skip
    """A cue's cells before and after the parties, in a profile's words and columns."""
    cue = line.cue
    tc_in, tc_out, _ = sheet.texts(line)
    vocal = ["Vocal" if sung(line.usage, cue.vocals is Vocals.VOCAL) else "Instrumental"]
    head = [str(seq), cue.number, line.title, words.origins[cue.origin], words.usages[line.usage],
            *(vocal if words.vocal_column else []), tc_in, tc_out, words.duration(line.seconds)]  # fmt: skip
    tail = [r.artist, r.label, r.isrc, iswc, r.library, r.catalog_number]
    return head, [*tail, r.track_number] if words.track_column else tail


def _rolled(words: Vocabulary, seq: int, rolled: Rolled) -> tuple[list[str], list[str]]:
    """A rolled-up line's cells: no timecodes, the sum of its durations, no recording."""
    vocal = ["Vocal" if rolled.vocal else "Instrumental"] if words.vocal_column else []
    head = [str(seq), rolled.numbers, rolled.title, words.origins[Origin.SCORE], words.usages[rolled.usage],
            *vocal, "", "", words.duration(rolled.seconds)]  # fmt: skip
    return head, [""] * (7 if words.track_column else 6)


InterestKey = tuple[str, Role, Decimal]


def interest_key(interest: Interest) -> InterestKey | None:
    """What a party's line on the sheet depends on: its party, role and share; None when it cannot
    be a key (a signalling NaN share cannot be hashed; its line is made each time)."""
    key = (interest.party_id, interest.role, interest.share)
    try:
        hash(key)
    except TypeError:
        return None
    return key


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


def total_rows(totals: Sheet, words: Vocabulary = OURS, by_usage: dict[UsageCode, int] | None = None) -> list[
        list[str]]:  # fmt: skip
    """Below the cues: the total music (the sum of the printed durations), then one row per usage
    code (per usage word under a profile). No Seq and no timecodes, so a spreadsheet's sum of the
    cue rows is not doubled and the importer knows them (``is_total_row``)."""
    names = header(words)
    blank = [""] * len(names)
    usage = names.index("Usage") if "Usage" in names else names.index("Use")
    duration, title = names.index("Duration"), names.index("Title")

    def row(label: str, code: str, seconds: int) -> list[str]:
        cells = list(blank)
        cells[title], cells[usage], cells[duration] = label, code, words.duration(seconds)
        return cells

    count = len(totals)
    rows = [row(f"{TOTAL_TITLE}, {count} cue{'' if count == 1 else 's'}", "", totals.total)]
    by_usage = totals.by_usage if by_usage is None else by_usage  # as printed, when rolled up
    if words is OURS:
        rows += [row(f"{TOTAL_TITLE}, {code.description.lower()}", code.value, seconds)
                 for code, seconds in by_usage.items()]  # fmt: skip
    else:
        rows += [row(f"{TOTAL_TITLE}, {word.lower()}", word, seconds)
                 for word, seconds in usage_totals(by_usage, words)]  # fmt: skip
    return rows


def production_rows(
    project: Project, sheet: Sheet, names: tuple[str, ...], today: dt.date
) -> list[list[str]]:
    """Below the totals: the production's header as the PDF prints it, one ``Label: value`` per
    row in the Title column (issue #15 §1: every export carries it; row 1 stays the columns' names,
    which machines read)."""
    title, blank = names.index("Title"), [""] * len(names)
    rows = []
    for label, value in header_rows(project, sheet, today):
        cells = list(blank)
        cells[title] = f"{label}: {' '.join(value.split())}"
        rows.append(cells)
    return rows


def is_total_row(cells: dict[str, str]) -> bool:
    """A row written by ``total_rows`` or ``production_rows`` (read back by the importer, which
    skips it): no Seq, no timecodes, and a total's title or nothing but the Title cell."""
    if cells["Seq"] or cells["TC In"] or cells["TC Out"]:
        return False
    title = cells["Title"]
    return title.startswith(TOTAL_TITLE + ", ") or (
        ": " in title and not any(value for name, value in cells.items() if name != "Title")
    )


def write_csv(header: tuple[str, ...], rows: Iterable[list[str]]) -> bytes:
    """Any report as CSV for spreadsheets: UTF-8 with BOM, CRLF, formula-looking cells neutralised."""
    return _csv(header, ((row,) for row in rows))


def cue_sheet_csv(project: Project) -> bytes:
    """In the columns and words of the project's society profile (``header``)."""
    sheet = Sheet.of(project)
    words = vocabulary(project.settings.profile)
    names = header(words)
    lines = [_header(names)]
    written: dict[int, tuple[list[str], str]] = {}  # by id: the piece is kept alive beside its text
    for head, middles, tail in cue_sheet_pieces(project, sheet):
        before, after = csv_cells(head), csv_cells(tail)
        for middle in middles:
            found = written.get(id(middle))
            if found is None:
                found = written[id(middle)] = (middle, csv_cells(middle))
            lines.append(f"{before},{found[1]},{after}")
    # A blank row sets the totals apart; the importer skips blank rows.
    totals = total_rows(sheet, words, printed_by_usage(project, sheet))
    about = production_rows(project, sheet, names, dt.date.today())
    lines += [csv_cells(row) for row in [[""] * len(names), *totals, [""] * len(names), *about]]
    return _file(lines)


def _csv(header: tuple[str, ...], rows: Iterable[Segments]) -> bytes:
    """The header, then the rows' neutralised cells, as ``csv.writer`` writes them (RFC 4180
    quoting, CRLF); a piece shared by several rows is written once."""
    written: dict[int, tuple[list[str], str]] = {}  # by id: the piece is kept alive beside its text
    lines = [_header(header)]
    for segments in rows:
        texts = []
        for piece in segments:
            found = written.get(id(piece))
            if found is None:
                found = written[id(piece)] = (piece, csv_cells(piece))
            texts.append(found[1])
        line = ",".join(texts)
        if not line and sum(map(len, segments)) == 1:
            line = '""'  # csv.writer's one empty cell (an empty line would be no cell)
        lines.append(line)
    return _file(lines)


def _header(names: tuple[str, ...]) -> str:
    return ",".join(_quoted(name) for name in names)  # quoted where needed, never neutralised


def _file(lines: list[str]) -> bytes:
    """UTF-8 with a BOM, CRLF after every line (the text is encoded without the BOM: an ASCII text
    is then copied, not widened to two bytes a character and narrowed again)."""
    return BOM.encode("utf-8") + "\r\n".join([*lines, ""]).encode("utf-8")


# A cell that starts with neither letter nor digit (may need the apostrophe), or ends with a blank.
_ODD_START, _BLANK_END = re.compile(r",[^\w,]"), re.compile(r"\s,")


def csv_cells(cells: list[str]) -> str:
    """``cells`` neutralised and joined as ``csv.writer`` joins them (without the line end). Most
    pieces (no comma, quote or line end in a cell, none that may need the apostrophe) are written
    as they are after a look at the whole line; the others cell by cell."""
    joined = ",".join(cells)
    if (
        joined.count(",") == len(cells) - 1
        and '"' not in joined
        and "\r" not in joined
        and "\n" not in joined
    ):
        probe = f",{joined},"
        if ",_" not in probe and not _ODD_START.search(probe) and not _BLANK_END.search(probe):
            return joined
    return ",".join(_quoted(neutralise(cell)) for cell in cells)


def _quoted(cell: str) -> str:
    """QUOTE_MINIMAL of the excel dialect: quoted when it holds the delimiter, the quote or a line end."""
    if "," in cell or '"' in cell or "\r" in cell or "\n" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell
