"""The .xlsx cue sheet: the CSV's cells, typed so that a spreadsheet opened by double-click keeps
IPI zeros, durations and formula-looking titles exactly as printed."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cuesheet.domain.sheet import Sheet
from cuesheet.reports.cue_sheet_csv import HEADER, cue_sheet_rows, total_rows
from cuesheet.reports.cue_sheet_xlsx import cue_sheet_xlsx
from cuesheet.reports.licensing import CSV_HEADER, licensing_rows, licensing_xlsx
from tests.factories import rich_project
from tests.unit.test_cli import run
from tests.unit.test_licensing_report import TODAY, project_with_licences

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _column(reference: str) -> int:
    letters = "".join(ch for ch in reference if ch.isalpha())
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - ord("A") + 1
    return index - 1


def _cells(data: bytes) -> list[dict[int, tuple[str, str]]]:
    """(type, text) of every cell that has a value, by column, row by row, from the workbook's XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
            for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", NS)
        ]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.find("m:sheetData", NS).findall("m:row", NS):
        cells = {}
        for cell in row.findall("m:c", NS):
            assert cell.find("m:f", NS) is None, "a formula was written"
            kind, value = cell.get("t", "n"), cell.find("m:v", NS)
            if value is not None:  # a blank (formatted, empty) cell has no value
                text = shared[int(value.text or 0)] if kind == "s" else (value.text or "")
                cells[_column(cell.get("r", ""))] = (kind, text)
        rows.append(cells)
    return rows


def test_codes_stay_text_and_only_seq_and_share_are_numbers() -> None:
    project = rich_project()
    rows = _cells(cue_sheet_xlsx(project))
    assert [rows[0][i][1] for i in range(len(HEADER))] == list(HEADER)
    totals = total_rows(Sheet.of(project))  # in bold below a blank row, which has no cells
    expected = [*cue_sheet_rows(project), *totals]
    assert len(rows) == len(expected) + 1
    numeric = {HEADER.index("Seq"), HEADER.index("Share %")}
    for cells, want in zip(rows[1:], expected, strict=True):
        assert cells == {i: ("n" if i in numeric else "s", c) for i, c in enumerate(want) if c}
    texts = {text for cells in rows[1:] for _, text in cells.values()}
    assert {"00012345678", "=SUM(A1:A2)", "0:05"} <= texts  # IPI zeros, a formula as text, a duration


def test_the_licensing_workbook_has_numbers_for_fees_and_text_for_the_rest() -> None:
    project = project_with_licences()
    rows = _cells(licensing_xlsx(project, TODAY))
    expected = list(licensing_rows(project, TODAY))
    numeric = {
        CSV_HEADER.index(n) for n in ("Uses", "Share %", "Quoted", "Approved", "Paid", "Effective fee")
    }
    assert len(rows) == len(expected) + 1
    assert any(row[CSV_HEADER.index("Effective fee")] for row in expected)  # fees are there to check
    for cells, want in zip(rows[1:], expected, strict=True):
        assert set(cells) == {i for i, c in enumerate(want) if c}
        for i, cell in enumerate(want):
            if cell and i in numeric:
                assert cells[i][0] == "n" and float(cells[i][1]) == float(cell)
            elif cell:
                assert cells[i] == ("s", cell)


@pytest.mark.parametrize("which", ["cue sheet", "licensing"])
def test_a_spreadsheet_opening_it_sees_the_printed_values(which: str, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("skipped: LibreOffice missing (apt-get install libreoffice-calc-nogui)")
    if which == "cue sheet":
        project = rich_project()
        blank, totals = [""] * len(HEADER), total_rows(Sheet.of(project))
        data, expected = cue_sheet_xlsx(project), [list(HEADER), *cue_sheet_rows(project), blank, *totals]
    else:
        project = project_with_licences()
        data, expected = licensing_xlsx(project, TODAY), [list(CSV_HEADER), *licensing_rows(project, TODAY)]
    source = tmp_path / "in" / "sheet.xlsx"
    source.parent.mkdir()
    source.write_bytes(data)
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path / "out"), str(source)],
        check=True, capture_output=True, timeout=180, env=env,
    )  # fmt: skip
    seen = list(csv.reader(io.StringIO((tmp_path / "out" / "sheet.csv").read_text("utf-8-sig"), newline="")))
    assert seen == expected  # opened as is: 0:12, IPI zeros, fees with cents, =formulas as text


def test_export_xlsx_from_the_command_line(tmp_path: Path) -> None:
    from cuesheet.store.project_file import ProjectFile

    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, rich_project()).close()
    result = run("export", path, "--format", "xlsx", "-o", tmp_path / "sheet.xlsx")
    assert result.returncode == 0, result.stderr
    project = rich_project()
    assert len(_cells((tmp_path / "sheet.xlsx").read_bytes())) == 1 + len(
        [*cue_sheet_rows(project), *total_rows(Sheet.of(project))]
    )
