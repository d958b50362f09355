"""The CSVs read back by LibreOffice headless, cell by cell, equal what Python's csv module reads.

Columns are imported as text, as the README tells users to (a spreadsheet's automatic detection
drops the leading zeros of IPI numbers and turns 0:12 into a time). Formula cells must stay text.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cuesheet.reports.cue_sheet_csv import cue_sheet_csv
from cuesheet.reports.licensing import licensing_csv
from tests.factories import rich_project
from tests.unit.test_licensing_report import TODAY, project_with_licences


def libreoffice_rows(data: bytes, tmp_path: Path, columns: int) -> list[list[str]]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("skipped: LibreOffice missing (apt-get install libreoffice-calc-nogui)")
    source = tmp_path / "in" / "sheet.csv"
    source.parent.mkdir()
    source.write_bytes(data)
    text_columns = "/".join(f"{n}/2" for n in range(1, columns + 1))  # 2 = text
    infilter = f"CSV:44,34,76,1,{text_columns}"
    outfilter = "csv:Text - txt - csv (StarCalc):44,34,76,1"
    profile = (tmp_path / "profile").as_uri()
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", f"--infilter={infilter}",
         "--convert-to", outfilter, "--outdir", str(tmp_path / "out"), str(source)],
        check=True, capture_output=True, timeout=180, env=env,
    )  # fmt: skip
    converted = (tmp_path / "out" / "sheet.csv").read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(converted, newline="")))


def python_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("which", ["cue sheet", "licensing"])
def test_libreoffice_reads_the_same_cells(which: str, tmp_path: Path) -> None:
    data = (
        cue_sheet_csv(rich_project())
        if which == "cue sheet"
        else licensing_csv(project_with_licences(), TODAY)
    )
    expected = python_rows(data)
    seen = libreoffice_rows(data, tmp_path, len(expected[0]))
    assert seen == expected
    assert any(cell.startswith("'=") for row in seen for cell in row)  # a formula arrived as text
