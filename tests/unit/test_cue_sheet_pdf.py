"""The PDF cue sheet, checked as a reader would: rendered pages are not blank, every fact is in the text."""

from __future__ import annotations

import gc
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest

from cuesheet.domain.cue import Cue
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Interest, Role, Work
from cuesheet.domain.timecode import format_timecode
from cuesheet.reports.cue_sheet_pdf import cue_sheet_pdf
from cuesheet.reports.fonts import BOLD, register, text_width, wrap
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


@contextmanager
def hang_limit(seconds: int) -> Iterator[None]:
    """Fails the test instead of hanging it (a limit no healthy run comes near)."""

    def expired(*_: object) -> None:
        raise AssertionError(f"still running after {seconds} s: hangs")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def titled(title: str, party: str = "Doe, Jane") -> Project:
    project, writer, _ = clean_project()
    writer.name = party
    next(iter(project.works.values())).title = title
    project.production.title = title
    return project


def seconds_to_wrap(word: str) -> float:
    register()
    gc.collect()
    gc.disable()  # a collection of the test session's heap would land in one measurement only
    try:
        started = time.perf_counter()
        wrap(word, BOLD, 8.5, 350)
        return time.perf_counter() - started
    finally:
        gc.enable()


# Latin, then CJK (drawn with the fallback font), with no space to break at.
LONG = "Ab" * 4 + "坂本"


def test_long_words_break_in_linear_time() -> None:
    with hang_limit(60):
        seconds_to_wrap(LONG * 50)  # warm: fonts registered, widths cached
        # The best of several runs: the machine may be busy with other work (linear: ~8x).
        small = min(seconds_to_wrap(LONG * 200) for _ in range(7))  # 2,000 characters
        large = min(seconds_to_wrap(LONG * 1600) for _ in range(4))  # 16,000
    assert large / small < 16, f"{small:.4f} s → {large:.4f} s for 8x the characters"


def test_a_twenty_thousand_character_title_prints_inside_its_column(tmp_path: Path) -> None:
    word = (LONG * 2000)[:20_000]
    with hang_limit(30):
        data = cue_sheet_pdf(titled(word, party=word))
    text = pdf_text(data, tmp_path)
    pages = text.count("\f")
    assert f"Page {pages} of {pages}" in text and pages > 1
    printed = "".join(text.split())
    assert printed.count(word[:300]) >= 2  # the title, in the cue's block and the header
    for line in text.splitlines():  # no line runs off the page (a landscape page is ~130 columns)
        assert len(line) < 220, line[:80]


def test_every_piece_of_a_broken_word_fits_its_width() -> None:
    register()
    for width in (20.0, 120.0, 350.0):
        lines = wrap("x " + LONG * 300 + " tail end", BOLD, 8.5, width)
        assert "".join(lines).replace(" ", "") == ("x" + LONG * 300 + "tailend")
        assert all(text_width(line, BOLD, 8.5) <= width for line in lines if len(line) > 1)
