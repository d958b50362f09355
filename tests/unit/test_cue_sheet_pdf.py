"""The PDF cue sheet, checked as a reader would: rendered pages are not blank, every fact is in the text."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from cuesheet.domain.cue import Cue
from cuesheet.domain.rights import Interest, Role, Work
from cuesheet.domain.timecode import format_timecode
from cuesheet.reports.cue_sheet_pdf import cue_sheet_pdf
from tests.factories import rich_project
from tests.unit.test_validation import clean_project


def pdf_text(data: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("skipped: pdftotext missing (apt-get install poppler-utils)")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def page_images(data: bytes, tmp_path: Path) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("skipped: pdftoppm missing (apt-get install poppler-utils)")
    path = tmp_path / "pages.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(path), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page*.pgm"))


def ink(image: Path) -> float:
    """Share of pixels that are not white in a binary PGM from pdftoppm."""
    data = image.read_bytes()
    header_end = 0
    for _ in range(3):  # P5, size, max value
        header_end = data.index(b"\n", header_end) + 1
    pixels = data[header_end:]
    return sum(1 for value in pixels if value < 200) / len(pixels)


def test_every_fact_is_on_the_page(tmp_path: Path) -> None:
    project = rich_project()
    text = pdf_text(cue_sheet_pdf(project), tmp_path)
    rate = project.production.rate
    for cue in project.cues.values():
        assert format_timecode(cue.start, rate) in text and format_timecode(cue.end, rate) in text
        assert cue.number in text
    for work in project.works.values():
        assert work.title.splitlines()[0] in text
    for party in project.parties.values():
        assert party.name in text and party.society in text
    for share in ("33.33 %", "66.67 %", "100 %"):
        assert share in text
    assert "Шостакович, Дмитрий" in text and "坂本 龍一" in text  # Cyrillic and CJK print
    assert "DRAFT — 1 validation error" in text  # rich_project has a work with no writer
    assert "Page 1 of 1" in text and "BI background instrumental" in text


def test_a_clean_sheet_is_not_a_draft(tmp_path: Path) -> None:
    project, _, _ = clean_project()
    assert "DRAFT" not in pdf_text(cue_sheet_pdf(project), tmp_path)


def test_long_sheets_repeat_the_header_and_number_pages(tmp_path: Path) -> None:
    project, writer, publisher = clean_project()
    start = project.production.start_frame
    for index in range(120):
        shares = [Interest(writer.id, Role.C, Decimal(100)), Interest(publisher.id, Role.E, Decimal(100))]
        work = Work(f"Cue title {index}", interests=shares)
        project.works[work.id] = work
        cue = Cue(start + 2000 + index * 100, start + 2000 + index * 100 + 90, work.id, f"2M{index:02d}")
        project.cues[cue.id] = cue
    data = cue_sheet_pdf(project)
    text = pdf_text(data, tmp_path)
    pages = text.count("\f") + (0 if text.endswith("\f") else 1)
    assert pages >= 3
    assert f"Page {pages} of {pages}" in text
    assert text.count("Title / interested parties") == pages  # the header row on every page
    images = page_images(data, tmp_path)
    assert len(images) == pages and all(ink(image) > 0.01 for image in images)
