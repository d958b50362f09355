"""The cue-sheet CSV: exact header, spreadsheet-safe cells, byte-identical round trip, refusals."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from cuesheet.domain.commands import AddCues
from cuesheet.domain.history import Document
from cuesheet.domain.project import Project
from cuesheet.interchange.cue_sheet_csv import CsvImportError, read_cue_sheet_csv
from cuesheet.reports.cue_sheet_csv import HEADER, cue_sheet_csv
from tests.factories import empty_project, rich_project

EXACT_HEADER = (
    "Seq,Cue #,Title,Origin,Usage,TC In,TC Out,Duration,Role,Party,Society,IPI,Share %,"
    "Artist,Label,ISRC,ISWC,Library,Catalog #"
)


def _rows(data: bytes) -> list[dict[str, str]]:
    """Read the file as a spreadsheet would: UTF-8 with BOM, RFC 4180."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_header_encoding_and_line_ends() -> None:
    data = cue_sheet_csv(rich_project())
    assert data.startswith(b"\xef\xbb\xbf" + EXACT_HEADER.encode() + b"\r\n")
    assert ",".join(HEADER) == EXACT_HEADER
    assert data.endswith(b"\r\n")


def test_one_row_per_party_with_cue_columns_repeated() -> None:
    rows = _rows(cue_sheet_csv(rich_project()))
    by_seq: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        if row["Seq"]:  # not the blank row and the totals below the cues
            by_seq.setdefault(row["Seq"], []).append(row)
    assert [len(group) for group in by_seq.values()] == [2, 3, 1, 1]
    second = by_seq["2"]
    assert {r["Title"] for r in second} == {"'=SUM(A1:A2)"}  # neutralised formula
    assert [r["Party"] for r in second] == ["Шостакович, Дмитрий", "坂本 龍一", '"Quoted" Music, Inc.']
    assert [r["Share %"] for r in second] == ["33.33", "66.67", "100"]
    assert second[0]["Origin"] == "Licensed" and second[0]["Usage"] == "VV"
    assert second[0]["Artist"] == "'@artist" and second[0]["ISWC"] == "T0702401012"
    third = by_seq["3"][0]
    assert third["Party"] == "" and third["Role"] == "" and third["Title"] == 'Line one\nline two, "quoted"'
    assert third["Library"] == "Atlas" and third["Catalog #"] == "'+APM-1"
    assert by_seq["4"][0]["Title"] == "'-Minus"
    first = by_seq["1"][0]
    assert (first["TC In"], first["TC Out"], first["Duration"]) == ("01:00:01:00", "01:00:05:12", "0:05")


def test_overlapping_cue_reports_its_carved_duration() -> None:
    rows = _rows(cue_sheet_csv(rich_project()))
    second = next(r for r in rows if r["Seq"] == "2")
    # 01:00:06:00–01:00:09:00 overlapped from 01:00:08:00 by the next cue: 2 s reported.
    assert second["Duration"] == "0:02"


def test_no_cell_can_start_a_formula() -> None:
    for row in _rows(cue_sheet_csv(rich_project())):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.mark.parametrize("rate", ["23.976", "25", "29.97df", "59.94df"])
def test_export_import_export_is_byte_identical(rate: str) -> None:
    first = cue_sheet_csv(rich_project(rate))
    target = empty_project(rate)
    Document(target).execute(read_cue_sheet_csv(first, target))
    assert cue_sheet_csv(target) == first


def test_import_shares_works_and_parties() -> None:
    target = empty_project()
    command = read_cue_sheet_csv(cue_sheet_csv(rich_project()), target)
    assert isinstance(command, AddCues)
    assert len(command.cues) == 4
    assert len(command.parties) == 4  # the publisher on two works is one party
    Document(target).execute(command)
    again = read_cue_sheet_csv(cue_sheet_csv(rich_project()), target)
    assert again.parties == []  # parties already in the project are reused


def _bad(text: str) -> bytes:
    return ("\ufeff" + EXACT_HEADER + "\r\n" + text).encode("utf-8")


GOOD_ROW = '1,1M01,Theme,Score,BI,01:00:00:00,01:00:10:00,0:10,C,"Doe, Jane",BMI,00012345678,100,,,,,,\r\n'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Cue,Title\r\n1,x\r\n", "row 1: wrong header: column 1 should be 'Seq', found 'Cue'"),
        (
            _bad(GOOD_ROW.replace("01:00:10:00", "00:59:00:00")),
            "row 2: TC Out 00:59:00:00 is not after TC In",
        ),
        (_bad(GOOD_ROW.replace("Score", "Soundtrack")), "row 2: unknown origin 'Soundtrack'"),
        (_bad(GOOD_ROW.replace(",100,", ",half,")), "row 2: share 'half' is not a number"),
        (_bad(GOOD_ROW.replace("01:00:00:00", "01:00:00:30")), "row 2: TC In: frames must be below 24"),
        (_bad(GOOD_ROW.replace("BI", "XX")), "row 2: unknown usage code 'XX'"),
        (_bad(GOOD_ROW.replace(",C,", ",Q,")), "row 2: unknown role 'Q'"),
        (_bad(GOOD_ROW + GOOD_ROW.replace(",100,", ",,")), "row 3: Share % is empty"),
        (_bad("1,1M01,Theme\r\n"), "row 2: has 3 columns, expected 19"),
        (_bad('1,"unterminated\r\n'), "malformed CSV"),
        (_bad(GOOD_ROW).replace(b"Theme", b"Th\xe9me"), "row 2: the file is not UTF-8 text"),
        (_bad(""), "no cues found"),
        (b"", "the file is empty"),
    ],
)
def test_malformed_csv_is_refused_with_row_and_reason(data: bytes, message: str) -> None:
    target = empty_project("24")
    before = (dict(target.cues), dict(target.works), dict(target.parties))
    with pytest.raises(CsvImportError) as caught:
        read_cue_sheet_csv(data, target)
    assert message in str(caught.value)
    assert (target.cues, target.works, target.parties) == before


def test_all_problems_are_collected() -> None:
    bad = GOOD_ROW.replace("Score", "Nope")
    with pytest.raises(CsvImportError) as caught:
        read_cue_sheet_csv(_bad(bad + bad.replace("1,1M01", "2,1M02")), empty_project("24"))
    assert len(caught.value.errors) == 2
    assert "(and 1 more problems)" in str(caught.value)


def test_hand_made_sheet_without_seq_or_usage() -> None:
    rows = ",1M01,Theme,score,,01:00:00:00,01:00:10:00,,,,,,,,,,,,\r\n"
    command = read_cue_sheet_csv(_bad(rows), empty_project("24"))
    assert command.cues[0].usage.value == "BI"


def _sheet(cues: int, title: str = "Theme", parties: int = 1) -> bytes:
    """A generated sheet: ``cues`` one-second cues, ``parties`` rows each, one shared party."""
    lines = [EXACT_HEADER]
    for n in range(cues):
        start, end = 3600 + 2 * n, 3601 + 2 * n
        tc_in = f"{start // 3600:02d}:{start // 60 % 60:02d}:{start % 60:02d}:00"
        tc_out = f"{end // 3600:02d}:{end // 60 % 60:02d}:{end % 60:02d}:00"
        row = f'{n + 1},1M{n},"{title}",Score,BI,{tc_in},{tc_out},0:01,C,"Doe, Jane",BMI,00012345678,100'
        lines += [row + ",,,,,," for _ in range(parties)]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def test_progress_is_reported_while_reading() -> None:
    data = _sheet(20_000)
    seen: list[float] = []
    command = read_cue_sheet_csv(data, empty_project("24"), progress=seen.append)
    assert len(command.cues) == 20_000
    assert len(seen) >= 5, seen  # reported along the way, not only at the end
    assert seen == sorted(seen) and 0 <= seen[0] < 0.5 and seen[-1] == 1.0


@pytest.mark.parametrize("cues", [500, 2_000])
def test_memory_follows_the_cues_not_the_text(cues: int) -> None:
    """Long identical cells: the text is large, the cues it makes are few objects. Reading must not
    hold the decoded text or every row at once (measured with tracemalloc, as a ratio)."""
    import tracemalloc

    data = _sheet(cues, title="x" * 400, parties=8)
    tracemalloc.start()
    try:
        command = read_cue_sheet_csv(data, empty_project("24"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(command.cues) == cues and len(command.works) == 1
    assert peak < len(data) / 2, (peak, len(data))  # was 7.7 times the file before streaming


def _refused(data: bytes, rate: str = "24") -> str:
    target = empty_project(rate)
    with pytest.raises(CsvImportError) as caught:
        read_cue_sheet_csv(data, target)
    assert target.cues == {} and "\n" not in str(caught.value)
    return str(caught.value)


HUGE_TIMECODES = [
    "106751991167301:00:00:00",  # past 2**63 frames
    "1000000:00:00:00",  # the timecode that crashed the window
    "9" * 4000 + ":00:00:00",  # more digits than int() converts by default
    "1000:00:00:01",  # one frame past limits.MAX_HOURS
    "-1000:00:00:01",
]


@pytest.mark.parametrize("column", ["TC In", "TC Out"])
@pytest.mark.parametrize("timecode", HUGE_TIMECODES)
def test_positions_beyond_the_limit_are_refused_with_the_row(column: str, timecode: str) -> None:
    row = GOOD_ROW.replace("01:00:00:00" if column == "TC In" else "01:00:10:00", timecode)
    message = _refused(_bad(GOOD_ROW + row))
    assert message.startswith(f"row 3: {column} ") and "limit" in message, message


@pytest.mark.parametrize("rate", ["23.976", "29.97df", "60"])
def test_positions_at_the_limit_are_taken(rate: str) -> None:
    from cuesheet.domain.limits import max_frames
    from cuesheet.domain.timecode import FrameRate, format_timecode

    fr = FrameRate.parse(rate)
    last = format_timecode(max_frames(fr.rate), fr)
    row = GOOD_ROW.replace("01:00:10:00", last).replace(",0:10,", ",,")
    command = read_cue_sheet_csv(_bad(row), empty_project(rate))
    assert command.cues[0].end == max_frames(fr.rate)
    past = format_timecode(max_frames(fr.rate) + 1, fr)
    assert "row 2: TC Out" in _refused(_bad(row.replace(last, past)), rate)


TEXT_COLUMNS = ["Cue #", "Title", "Party", "Society", "IPI", "Artist", "Label", "ISRC", "ISWC",
                "Library", "Catalog #", "Origin", "Usage", "Role", "Duration", "Share %", "Seq"]  # fmt: skip


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_every_cell_is_capped_with_the_row_and_column(column: str) -> None:
    from cuesheet.domain.limits import TEXT_MAX

    cells = next(csv.reader([GOOD_ROW]))
    cells[HEADER.index(column)] = "A" * (TEXT_MAX + 1)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    message = _refused(_bad(GOOD_ROW + buffer.getvalue()))
    assert message.startswith(f"row 3: {column} is {TEXT_MAX + 1:,} characters long"), message


def test_text_at_the_cap_is_taken() -> None:
    from cuesheet.domain.limits import TEXT_MAX

    long = "T" * TEXT_MAX
    command = read_cue_sheet_csv(
        _bad(GOOD_ROW.replace("Theme", long).replace("Doe, Jane", long)), empty_project("24")
    )
    assert command.works[0].title == long and command.parties[0].name == long


@pytest.mark.parametrize(
    "share", ["1e999999", "1E5", "NaN", "Infinity", "-1", "100.0001", "33.33333", "1" * 41, "0x10", "½"]
)
def test_shares_are_bounded_decimals(share: str) -> None:
    assert "row 2: share" in _refused(_bad(GOOD_ROW.replace(",100,", f",{share},")))


@pytest.mark.parametrize(
    ("share", "value"), [("33.3333", "33.3333"), ("50 %", "50"), ("12,5", "12.5"), ("0", "0")]
)
def test_plain_shares_are_taken(share: str, value: str) -> None:
    from decimal import Decimal

    command = read_cue_sheet_csv(_bad(GOOD_ROW.replace(",100,", f',"{share}",')), empty_project("24"))
    assert command.works[0].interests[0].share == Decimal(value)


LEADS = ["=", "+", "-", "@", "\t", "\r", "\n", "\r\n", " ", "  ", "\xa0", "\u3000", "\u2003",
         "＝", "＋", "－", "＠", "'", "'=", "''", "' ", "\x01", "\x1b", "\x7f", "\x85", "\x9b",
         "\u200b", "\ufeff", "\u202e"]  # fmt: skip
TAILS = ["", "=1+1", "SUM(A1:A2)", " x", "'=x", "x ", "\n"]


def awkward_cells() -> list[str]:
    """Every leading character class that a spreadsheet or the importer could take for something
    else, followed by formulas, spaces and apostrophes; plus plain cells with a trailing space."""
    return sorted({lead + tail for lead in LEADS for tail in TAILS} | {"plain ", "a\tb", "x'"})


def awkward_project() -> Project:
    from cuesheet.domain.cue import Cue
    from cuesheet.domain.rights import Interest, Party, Recording, Role, Work

    project = empty_project("24")
    start = project.production.start_frame
    for n, text in enumerate(awkward_cells()):
        party = Party(text, "BMI", "")
        work = Work(text, "", [Interest(party.id, Role.C, Decimal(100))])
        recording = Recording(artist=text, label=text, library=text, catalog_number=text)
        project.parties[party.id] = party
        project.works[work.id] = work
        project.recordings[recording.id] = recording
        cue = Cue(start + 48 * n, start + 48 * n + 24, work.id, number=text, recording_id=recording.id)
        project.cues[cue.id] = cue
    return project


def test_awkward_cells_survive_export_and_import_exactly() -> None:
    source = awkward_project()
    first = cue_sheet_csv(source)
    target = empty_project("24")
    Document(target).execute(read_cue_sheet_csv(first, target))
    works, parties = target.works, target.parties
    seen = {(c.number, works[c.work_id].title, target.recordings[c.recording_id].artist,
             parties[works[c.work_id].interests[0].party_id].name) for c in target.cues.values()}  # fmt: skip
    assert seen == {(text, text, text, text) for text in awkward_cells()}
    assert cue_sheet_csv(target) == first


SKIPPED = "".join(chr(c) for c in range(33)) + "\x7f\x85\x9b\xa0\u3000\u2003\u200b\ufeff\u202e"


def test_no_awkward_cell_can_start_a_formula() -> None:
    formula = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
    for row in _rows(cue_sheet_csv(awkward_project())):
        for value in row.values():
            # A spreadsheet may skip leading blanks and controls before it looks for a formula.
            bare = value.lstrip(SKIPPED)
            assert value.startswith("'") or not bare.startswith(formula), repr(value)


@pytest.mark.parametrize(
    ("cell", "title"),
    [("'hello", "'hello"), ("'", "'"), ("it's", "it's"), ("''hello", "'hello"), ("'=SUM(A1)", "=SUM(A1)")],
)
def test_a_hand_made_apostrophe_survives_unless_it_is_the_exports(cell: str, title: str) -> None:
    """The export writes ' before a cell that starts with ' (``''hello`` is the title ``'hello``)."""
    command = read_cue_sheet_csv(_bad(GOOD_ROW.replace("Theme", cell)), empty_project("24"))
    assert command.works[0].title == title
