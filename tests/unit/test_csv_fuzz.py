"""The CSV import against a hostile corpus: every case either imports whole or is refused with one
line naming a row, within a hang-sized limit, and a refused import leaves the project file as it was.

The corpus holds each class found in the field, with neighbours: positions past the limit in both
timecode columns and at several sizes, over-long cells in every column, shares that are not plain
decimals, awkward leading characters, broken encodings and quoting at several rows, odd line ends,
and seeded random mutations of a good sheet."""

from __future__ import annotations

import csv
import hashlib
import io
import random
import time
from pathlib import Path

import pytest

from cuesheet import project_service
from cuesheet.domain.limits import DECIMAL_PLACES, TEXT_MAX, max_frames
from cuesheet.domain.project import Project
from cuesheet.errors import USER_ERRORS
from cuesheet.reports.cue_sheet_csv import HEADER, cue_sheet_csv
from cuesheet.store.project_file import ProjectFile
from tests.factories import empty_project
from tests.unit.test_cue_sheet_csv import EXACT_HEADER, GOOD_ROW, HUGE_TIMECODES, _sheet, awkward_project

HANG = 5  # seconds


def _file(*rows: str) -> bytes:
    return ("\ufeff" + EXACT_HEADER + "\r\n" + "".join(rows)).encode("utf-8")


def _with(column: str, value: str) -> str:
    cells = next(csv.reader([GOOD_ROW]))
    cells[HEADER.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def corpus() -> list[tuple[str, bytes]]:
    cases: list[tuple[str, bytes]] = []
    for column in ("TC In", "TC Out"):
        for timecode in [*HUGE_TIMECODES, "2" * 19 + ":00:00:00", "-" + "9" * 30 + ":00:00:00"]:
            cases.append((f"{column}={timecode[:24]}", _file(GOOD_ROW, _with(column, timecode))))
    for column in HEADER:
        for size in (TEXT_MAX + 1, 20_000, 131_073):
            cases.append((f"{column} x{size}", _file(_with(column, "7" * size), GOOD_ROW)))
    for share in ["1e999999", "1E5", "NaN", "-Infinity", "sNaN", "100.00001", "1" * 400, "0x1F", "٣", "1_0"]:
        cases.append((f"share {share[:12]}", _file(GOOD_ROW, _with("Share %", share))))
    good = _file(GOOD_ROW, GOOD_ROW.replace("1,1M01", "2,1M02").replace("01:00:", "01:01:"))
    for offset in (3, len(good) // 2, len(good) - 3):
        cases.append((f"NUL at {offset}", good[:offset] + b"\x00" + good[offset:]))
        cases.append((f"bad UTF-8 at {offset}", good[:offset] + b"\xff\xfe" + good[offset:]))
    cases += [
        ("unterminated quote", _file(GOOD_ROW, '2,"open\r\n')),
        ("1000 columns", _file(GOOD_ROW, "," * 999 + "\r\n")),
        ("CR line ends", good.replace(b"\r\n", b"\r")),
        ("LF line ends", good.replace(b"\r\n", b"\n")),
        ("blank rows", _file(GOOD_ROW, "\r\n" * 50, ",,,,\r\n")),
        ("header only", _file()),
        ("awkward cells", cue_sheet_csv(awkward_project())),
        ("10,000 cues", _sheet(10_000)),
    ]
    rng = random.Random(11)
    for index in range(60):
        data = bytearray(good)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.choice(b"\x00\xff,\"\r\n:;'=-9 a")
        cases.append((f"mutation {index}", bytes(data)))
    return cases


CORPUS = corpus()


def _within_bounds(project: Project) -> None:
    """What an accepted import may bring in: positions within the limit, texts within the cap,
    shares 0–100 with at most DECIMAL_PLACES decimals."""
    limit = max_frames(project.production.rate.rate)
    for cue in project.cues.values():
        assert -limit <= cue.start < cue.end <= limit
        assert len(cue.number) <= TEXT_MAX
    texts = [w.title for w in project.works.values()] + [p.name for p in project.parties.values()]
    texts += [value for r in project.recordings.values() for value in r.values()]
    assert all(len(text) <= TEXT_MAX for text in texts)
    for work in project.works.values():
        for interest in work.interests:
            assert 0 <= interest.share <= 100 and -interest.share.as_tuple().exponent <= DECIMAL_PLACES


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("fuzz") / "p.cuesheet"
    ProjectFile.create(path, empty_project("24")).close()
    return path.read_bytes()


@pytest.mark.parametrize(("name", "data"), CORPUS, ids=[name for name, _ in CORPUS])
def test_hostile_csv_imports_whole_or_is_refused_with_a_row(
    name: str, data: bytes, pristine: bytes, tmp_path: Path
) -> None:
    project, source = tmp_path / "p.cuesheet", tmp_path / "in.csv"
    project.write_bytes(pristine)
    source.write_bytes(data)
    started = time.monotonic()
    try:
        count = project_service.import_csv(project, source)
    except USER_ERRORS as error:
        message = str(error)
        assert "\n" not in message and f"{source}: row " in message, message
        assert hashlib.sha256(project.read_bytes()).digest() == hashlib.sha256(pristine).digest()
    else:
        imported = project_service.read_project(project)
        assert count == len(imported.cues) > 0
        _within_bounds(imported)
    assert time.monotonic() - started < HANG, name
