"""The printed total is the sum of the printed lines, on every report (issue #11).

Twenty 1.2 s stings print 0:02 each under the default rounding (up): the column adds up to 0:40,
while the frames add up to 24.2 s. Each report is read back as a reader would read it and its
column added up by hand."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

from cuesheet.domain.cue import Cue
from cuesheet.domain.durations import Rounding, parse_duration
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Work
from cuesheet.domain.sheet import STANDARD_CODES, Sheet
from cuesheet.domain.usage import UsageCode
from cuesheet.reports.cue_sheet_csv import cue_sheet_csv
from cuesheet.reports.cue_sheet_pdf import cue_sheet_pdf
from cuesheet.reports.cue_sheet_xlsx import cue_sheet_xlsx
from tests.factories import empty_project
from tests.unit.test_cue_sheet_pdf import pdf_text
from tests.unit.test_cue_sheet_xlsx import _cells

CODES = (*STANDARD_CODES, UsageCode.LOGO)
TC = r"\d{2}:\d{2}:\d{2}[:;]\d{2}"


def stings(count: int = 20) -> Project:
    """``count`` cues of 29 frames (1.2 s at 24 fps), 2 s apart, cycling through every usage code;
    the last one is overlapped for 3 s by an extra 5 s cue, to be carved."""
    project = empty_project("24")
    start = project.production.start_frame + 48
    for index in range(count):
        work = Work(f"Sting {index + 1}")
        project.works[work.id] = work
        cue = Cue(start + index * 48, start + index * 48 + 29, work.id, f"1M{index + 1:02d}")
        cue.usage_override = CODES[index % len(CODES)]
        project.cues[cue.id] = cue
    work = Work("Overlapped")
    project.works[work.id] = work
    last = start + count * 48
    overlapped = Cue(last, last + 5 * 24, work.id, "2M01")
    incoming = Cue(last + 2 * 24, last + 3 * 24 + 5, work.id, "2M02")
    project.cues.update({overlapped.id: overlapped, incoming.id: incoming})
    return project


def expected(count: int = 20) -> tuple[int, dict[str, int]]:
    """Worked out by hand: each sting 2 s; 2M01 carved to 2 s; 2M02 1.2 s → 2 s; both BI."""
    by_code = Counter({code.value: 0 for code in STANDARD_CODES})
    for index in range(count):
        by_code[CODES[index % len(CODES)].value] += 2
    by_code["BI"] += 4
    return 2 * count + 4, dict(by_code)


def test_the_total_is_the_sum_of_the_printed_lines() -> None:
    project = stings()
    totals = Sheet.of(project)
    total, by_code = expected()
    assert [line.text for line in totals.lines] == ["0:02"] * 22
    assert totals.total == total == 44 and totals.total_text == "0:44"
    assert {code.value: s for code, s in totals.by_usage.items()} == by_code
    assert totals.summary() == "0:44 in 22 cues"
    assert sum(line.frames for line in totals.lines) == 20 * 29 + 48 + 29  # frames: 0:28, not 0:44
    project.settings.rounding = Rounding.DOWN  # 1.2 s prints 0:01: the total follows the lines
    assert Sheet.of(project).total == 23  # 2M01 carved to exactly 0:02


def test_the_pdf_column_adds_up_to_its_header(tmp_path: Path) -> None:
    text = pdf_text(cue_sheet_pdf(stings()), tmp_path)
    column = re.findall(rf"{TC}\s+{TC}\s+(\d+:\d\d)\s*$", text, re.MULTILINE)
    assert len(column) == 22
    total, by_code = expected()
    assert sum(parse_duration(d) for d in column) == total
    assert "Total music: 0:44 in 22 cues" in text
    for code, seconds in by_code.items():  # header and the table's foot
        assert len(re.findall(rf"\b{code}\s+{seconds // 60}:{seconds % 60:02d}\b", text)) >= 1, code


def _check_rows(rows: list[dict[str, str]]) -> None:
    cues = {r["Seq"]: r["Duration"] for r in rows if r["Seq"]}
    totals = [r for r in rows if not r["Seq"] and r["Duration"]]
    total, by_code = expected()
    assert len(cues) == 22 and sum(parse_duration(d) for d in cues.values()) == total
    assert [(r["Title"], r["Duration"]) for r in totals[:1]] == [("Total music, 22 cues", "0:44")]
    assert {r["Usage"]: parse_duration(r["Duration"]) for r in totals[1:]} == by_code


def test_the_csv_column_adds_up_to_its_total_row() -> None:
    data = cue_sheet_csv(stings())
    _check_rows(list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))))


def test_the_workbook_column_adds_up_to_its_total_row() -> None:
    rows = _cells(cue_sheet_xlsx(stings()))
    header = [rows[0][i][1] for i in sorted(rows[0])]
    assert all(kind == "s" for row in rows[1:] for i, (kind, _) in row.items() if header[i] == "Duration")
    _check_rows([{name: row.get(i, ("", ""))[1] for i, name in enumerate(header)} for row in rows[1:]])
