"""Readers that need part of a project read only that part, and print what a whole read prints."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest

from cuesheet import project_service
from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.reports.formats import READS, render
from cuesheet.store.errors import DamagedProjectError
from cuesheet.store.project_file import ProjectFile
from tests.factories import rich_project


@pytest.fixture()
def path(tmp_path: Path) -> Path:
    project = rich_project()
    agreement = ComposerAgreement("Marlow, Ada", "CA-1", "2025-01-10")
    project.agreements[agreement.id] = agreement
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, project).close()
    return path


def test_only_the_parts_asked_for_are_read(path: Path) -> None:
    whole = project_service.read_project(path)
    part = project_service.read_project(path, ("cues", "agreements"))
    assert part.cues == whole.cues and part.agreements == whole.agreements
    assert not part.works and not part.parties and not part.recordings
    assert part.production == whole.production and part.settings == whole.settings


@pytest.mark.parametrize("fmt", sorted(READS))
def test_an_export_reading_part_of_the_project_prints_what_a_whole_read_prints(path: Path, fmt: str) -> None:
    whole = render(project_service.read_project(path), fmt)
    exported = project_service.export(path, fmt)
    assert _parts(exported) == _parts(whole) if fmt == "xlsx" else exported == whole


def _parts(book: bytes) -> dict[str, bytes]:
    """A workbook's parts but the one with its creation time."""
    with zipfile.ZipFile(io.BytesIO(book)) as parts:
        return {name: parts.read(name) for name in parts.namelist() if name != "docProps/core.xml"}


def test_info_reads_what_it_prints(path: Path) -> None:
    facts = project_service.summary(path)
    assert facts["cues"] == 4 and [a["cues"] for a in facts["agreements"]] == [["1M01"]]


def test_a_project_opened_for_writing_is_read_whole(path: Path) -> None:
    with pytest.raises(ValueError, match="read whole"):
        ProjectFile.open(path, parts=("cues",))


def _scribble(path: Path, table: str) -> None:
    """Every seventh byte of ``table``'s first page changed (a small table is that one page)."""
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", (table,)).fetchone()
    (size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    for offset in range((root - 1) * size, root * size, 7):
        data[offset] ^= 0x55
    path.write_bytes(bytes(data))


def test_a_part_read_checks_the_pages_it_reads(path: Path) -> None:
    """Damage in the cues is refused by a read of the cues; damage in the licences alone leaves
    what ``info`` reads intact (it answers), and is refused by a read of the whole project."""
    cues_damaged = path.with_name("cues.cuesheet")
    cues_damaged.write_bytes(path.read_bytes())
    _scribble(cues_damaged, "cues")
    with pytest.raises(DamagedProjectError, match="damaged"):
        ProjectFile.open(cues_damaged, read_only=True, parts=project_service.SUMMARY_READS)
    _scribble(path, "licences")
    assert project_service.summary(path)["cues"] == 4
    with pytest.raises(DamagedProjectError, match="damaged"):
        ProjectFile.open(path, read_only=True)
