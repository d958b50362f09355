"""Awkward cells in the exported cue-sheet CSV as LibreOffice reads them with formulas evaluated and
columns detected automatically (the way a double-click opens a CSV): no cell runs as a formula, every
cell reads as the text Python's csv module reads."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cuesheet.reports.cue_sheet_csv import cue_sheet_csv
from tests.unit.test_cue_sheet_csv import awkward_project

# 44 comma, 34 quote, 76 UTF-8, from line 1, standard column types, en-US, quoted not forced to text,
# special numbers detected, …, token 13: evaluate formulas.
EVALUATING = "CSV:44,34,76,1,,1033,false,true,false,false,false,-1,true"


def spreadsheet_rows(data: bytes, tmp_path: Path) -> list[list[str]]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("skipped: LibreOffice missing (apt-get install libreoffice-calc-nogui)")
    source = tmp_path / "in" / "sheet.csv"
    source.parent.mkdir()
    source.write_bytes(data)
    outfilter = "csv:Text - txt - csv (StarCalc):44,34,76,1"
    env = {**os.environ, "HOME": str(tmp_path)}
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    subprocess.run(
        [soffice, profile, "--headless", f"--infilter={EVALUATING}", "--convert-to", outfilter,
         "--outdir", str(tmp_path / "out"), str(source)],
        check=True, capture_output=True, timeout=180, env=env,
    )  # fmt: skip
    converted = (tmp_path / "out" / "sheet.csv").read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(converted, newline="")))


def test_awkward_cells_stay_text_in_a_spreadsheet(tmp_path: Path) -> None:
    data = cue_sheet_csv(awkward_project())
    expected = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    seen = spreadsheet_rows(data, tmp_path)
    text_columns = [2, 9, 13, 14, 17, 18]  # Title, Party, Artist, Label, Library, Catalog #
    assert len(seen) == len(expected)
    for got, want in zip(seen[1:], expected[1:], strict=True):
        for column in text_columns:
            # A spreadsheet keeps line breaks as LF inside a cell.
            assert got[column] == want[column].replace("\r\n", "\n").replace("\r", "\n"), (got, want)
