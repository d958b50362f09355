"""Rows written in shared pieces (issue #14) come out as the cell-by-cell writers wrote them: the CSV
as ``csv.writer`` writes neutralised cells, the workbook's XML as for whole rows."""

from __future__ import annotations

import csv
import io
import random

from cuesheet.reports.cue_sheet_csv import (
    HEADER,
    csv_cells,
    cue_sheet_rows,
    cue_sheet_segments,
    neutralise,
    write_csv,
)
from cuesheet.reports.workbook import sheet_xml
from tests.factories import rich_project

AWKWARD = ["", " ", "a", "=1+2", "+", "-5", "@x", "'", "＝", "_x0041_", "_", "a,b", 'say "hi"',
           "line\nbreak", "cr\rhere", "\t", "\x01ctl", "\u200bzero width", "trail ", " lead", "ok text",
           "1M01", "01:00:00:00", "(untitled)", "Шостакович", "坂本", "#hash", "50", "33.33", "a_b",
           "x,", ",y", "é"]  # fmt: skip


def test_csv_is_what_csv_writer_writes() -> None:
    rng = random.Random(14)
    rows = [[cell] for cell in AWKWARD] + [list(AWKWARD)]
    for _ in range(3000):
        rows.append(["".join(rng.choices(AWKWARD, k=rng.randint(0, 3))) for _ in range(rng.randint(1, 8))])
    header = ("Seq", "=formula header", "Title, with comma")  # a header is quoted, never neutralised
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    assert write_csv(header, rows) == ("\ufeff" + buffer.getvalue()).encode("utf-8")
    for row in [r for r in rows[len(AWKWARD) :] if r != [""]]:  # a piece is joined as in a row
        assert csv_cells(row) == write_csv((), [row]).decode("utf-8")[3:-2], row


def test_segments_are_the_rows() -> None:
    project = rich_project()
    joined = [[*head, *middle, *tail] for head, middle, tail in cue_sheet_segments(project)]
    assert joined == list(cue_sheet_rows(project))
    assert all(len(row) == len(HEADER) for row in joined)


def test_a_workbook_of_pieces_is_the_workbook_of_rows() -> None:
    project = rich_project()
    numbers = {0: 3, 12: 4}
    header = (0, (list(HEADER),), 1, {})
    pieces = [(row, segments, 2, numbers) for row, segments in enumerate(cue_sheet_segments(project), 1)]
    whole = [(row, ([c for piece in segments for c in piece],), 2, numbers) for row, segments, _, _ in pieces]
    assert len({id(piece) for _, segments, _, _ in pieces for piece in segments}) < 3 * len(pieces)  # shared
    assert sheet_xml([header, *pieces], len(HEADER)) == sheet_xml([header, *whole], len(HEADER))
