"""The production header a society or broadcaster asks for (issue #15 §1): stored (format 5, an
older file upgraded), checked (ISAN, EIDR, year, dates, e-mail), and printed on the PDF and as the
workbook's "Production" sheet."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cuesheet.domain.header_checks import eidr_problem, isan_problem, mod37_36
from cuesheet.domain.project import Project
from cuesheet.domain.validation import WARNING, validate
from cuesheet.reports.cue_sheet_pdf import cue_sheet_pdf
from cuesheet.reports.cue_sheet_xlsx import cue_sheet_xlsx
from cuesheet.store.backups import list_backups, note_of
from cuesheet.store.project_file import ProjectFile
from cuesheet.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from tests.factories import rich_project
from tests.unit.test_cue_sheet_pdf import pdf_text

HEADER = {
    "series": "Harbour Stories", "distributor": "Northsea Broadcasting", "country": "GB",
    "year": "2026", "prepared_company": "Quayside Music Services", "prepared_email": "cues@quayside.example",
    "prepared_phone": "+44 20 7946 0000", "prepared_date": "2026-11-30",
    "isan": "ISAN 0000-0000-D07A-0090-Q-0000-0000-X", "eidr": "10.5240/7791-8534-2C23-9030-8610-5",
    "production_type": "TV series episode",
}  # fmt: skip


def headed() -> Project:
    project = rich_project()
    project.production = replace(project.production, **HEADER)
    return project


def test_the_header_is_stored_and_read_back(tmp_path: Path) -> None:
    project = headed()
    ProjectFile.create(tmp_path / "p.cuesheet", project).close()
    sheet, loaded = ProjectFile.open(tmp_path / "p.cuesheet", read_only=True)
    sheet.close()
    assert loaded.production == project.production


def test_a_format_four_file_is_upgraded_with_an_empty_header(tmp_path: Path, _private_data_dir: Path) -> None:
    path = tmp_path / "old.cuesheet"
    conn = sqlite3.connect(path)
    for version in range(4):
        conn.executescript(MIGRATIONS[version])
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute("PRAGMA user_version=4")
    conn.execute(
        "INSERT INTO production (id, title, rate, production_type) VALUES (1, 'Old', '24/1', 'Feature')"
    )
    conn.commit()
    conn.close()
    sheet, project = ProjectFile.open(path)
    sheet.close()
    production = project.production
    assert (production.title, production.production_type) == ("Old", "Feature")  # its own word kept
    assert all(getattr(production, name) == "" for name in HEADER if name != "production_type")
    assert [note_of(b) for b in list_backups(path)] == ["before upgrade from format 4"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    conn.close()


def test_isan_and_eidr_check_characters_are_the_registries() -> None:
    # The registries' published examples, then each with one digit mistyped.
    assert mod37_36("00000000D07A0090") == "Q" and mod37_36("00000000D07A009000000000") == "X"
    assert isan_problem("ISAN 0000-0000-D07A-0090-Q-0000-0000-X") is None
    assert isan_problem("0000-0000-d07a-0090-q") is None  # root only, lower case
    assert isan_problem("  ISAN 0000-0000-D07A-0090-Q ") is None
    assert "check character Q" in (isan_problem("0000-0000-D07A-0091-Q") or "")
    assert "version part" in (isan_problem("0000-0000-D07A-0090-Q-0000-0001-X") or "")
    assert "16 hexadecimal" in (isan_problem("ISAN 1234") or "")
    assert eidr_problem("10.5240/7791-8534-2C23-9030-8610-5") is None
    assert "check character 5" in (eidr_problem("10.5240/7791-8534-2C23-9030-8611-5") or "")
    assert "not an EIDR" in (eidr_problem("7791-8534-2C23-9030-8610-5") or "")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("isan", "0000-0000-D07A-0091-Q", "BAD_ISAN"), ("eidr", "10.5240/7791-8534", "BAD_EIDR"),
     ("year", "26", "BAD_YEAR"), ("year", "3026", "BAD_YEAR"), ("year", "٢٠٢٦", "BAD_YEAR"),
     ("first_release", "30/11/2026", "BAD_DATE"), ("first_release", "2026-W01-1", "BAD_DATE"),
     ("prepared_date", "2026-02-30", "BAD_DATE"), ("prepared_email", "cues at quayside", "BAD_EMAIL")],
)  # fmt: skip
def test_a_header_field_a_society_would_refuse_is_a_warning(field: str, value: str, code: str) -> None:
    project = headed()
    assert not [f for f in validate(project) if f.code.startswith("BAD_")]
    project.production = replace(project.production, **{field: value})
    found = [f for f in validate(project) if f.code.startswith("BAD_")]
    assert [(f.severity, f.code) for f in found] == [(WARNING, code)]


def test_the_pdf_prints_the_whole_header(tmp_path: Path) -> None:
    text = " ".join(pdf_text(cue_sheet_pdf(headed(), dt.date(2026, 12, 1)), tmp_path).split())
    for expected in ("Series: Harbour Stories", "Distributor: Northsea Broadcasting", "Country: GB",
                     "Year: 2026", "Type: TV series episode", "ISAN: ISAN 0000-0000-D07A-0090-Q-0000-0000-X",
                     "EIDR: 10.5240/7791-8534-2C23-9030-8610-5",
                     "Contact: cues@quayside.example, +44 20 7946 0000"):  # fmt: skip
        assert expected in text
    # The production's own date of preparation, not the export's day.
    assert "Quayside Music Services, 2026-11-30" in text and "2026-12-01" not in text


def test_the_workbook_has_the_header_as_its_production_sheet() -> None:
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    data = cue_sheet_xlsx(headed(), dt.date(2026, 12, 1))
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = [
            s.get("name")
            for s in ElementTree.fromstring(book.read("xl/workbook.xml")).iter(f"{{{ns['m']}}}sheet")
        ]
        strings = ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", ns)
        shared = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")) for si in strings]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet2.xml"))
    rows = [[shared[int(c.findtext("m:v", "0", ns))] for c in row.findall("m:c", ns)]
            for row in sheet.iter(f"{{{ns['m']}}}row")]  # fmt: skip
    assert names == ["Music cue sheet", "Production"]
    assert rows[0] == ["Title", "Test Film"] and ["Distributor", "Northsea Broadcasting"] in rows
    assert ["Prepared", "Quayside Music Services, 2026-11-30"] in rows
    assert ["EIDR", "10.5240/7791-8534-2C23-9030-8610-5"] in rows


def test_each_cue_line_of_the_pdf_carries_its_recording_as_the_csv_does(tmp_path: Path) -> None:
    """A licensed song's artist, label and ISRC, a library track's library, catalogue and track
    number, under the cue's title (the CSV has them as columns)."""
    project = rich_project()
    library = next(r for r in project.recordings.values() if r.library)
    project.recordings[library.id] = replace(library, track_number="7")
    text = " ".join(pdf_text(cue_sheet_pdf(project), tmp_path).split())
    assert "Recording: @artist; Label, Ltd; ISRC USRC17607839" in text
    assert "Library: Atlas; Cat. +APM-1; Track 7" in text
