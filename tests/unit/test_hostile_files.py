"""Hostile and damaged project files: every one gives a clear error or a safe open within 5 s, never a
crash or a hang; planted SQL never runs; a refused file is left byte-identical."""

from __future__ import annotations

import hashlib
import os
import random
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cuesheet import project_service
from cuesheet.domain.commands import EditProduction
from cuesheet.domain.history import Document
from cuesheet.domain.limits import FEE_MAX, NOTE_MAX, PATH_MAX, TEXT_MAX, max_frames
from cuesheet.domain.project import Project
from cuesheet.store.errors import ProjectError
from cuesheet.store.lock import ProjectLock
from cuesheet.store.project_file import ProjectFile
from cuesheet.store.schema import SCHEMA_VERSION, TABLES
from tests.factories import rich_project


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("good") / "good.cuesheet"
    ProjectFile.create(path, rich_project()).close()
    return path.read_bytes()


def attempt(path: Path) -> str:
    """Open like the app does; returns 'opened' or the error, and checks the promises."""
    before = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    started = time.monotonic()
    try:
        sheet, _ = ProjectFile.open(path, read_only=True)
        sheet.close()
        outcome = "opened"
    except ProjectError as error:
        message = str(error)
        assert message and "\n" not in message and "Traceback" not in message
        outcome = message
        if before is not None:
            assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "a refused file was changed"
    assert time.monotonic() - started < 5
    return outcome


def test_random_byte_flips(good: bytes, tmp_path: Path) -> None:
    rng = random.Random(2026)
    outcomes = {"opened": 0, "refused": 0}
    for index in range(150):
        data = bytearray(good)
        for _ in range(rng.randint(1, 40)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"flip{index}.cuesheet"
        path.write_bytes(bytes(data))
        outcomes["opened" if attempt(path) == "opened" else "refused"] += 1
    assert outcomes["refused"] > 0  # the corpus does reach the error paths


def test_truncation_at_many_offsets(good: bytes, tmp_path: Path) -> None:
    for offset in sorted({0, 1, 15, 16, 99, 100, 101, 511, 512, 4095, 4096, 4097, *range(0, len(good), 997)}):
        path = tmp_path / f"cut{offset}.cuesheet"
        path.write_bytes(good[:offset])
        assert attempt(path) != "opened" or offset >= len(good)


def _planted(good: bytes, path: Path, *statements: str) -> Path:
    path.write_bytes(good)
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        ((f"PRAGMA user_version={SCHEMA_VERSION + 5}",), "newer version"),
        (("PRAGMA application_id=1234",), "another program"),
        (("CREATE VIEW sneaky AS SELECT 1",), "view sneaky"),
        (("CREATE TRIGGER wipe AFTER INSERT ON cues BEGIN DELETE FROM parties; END",), "trigger wipe"),
        (("ALTER TABLE works ADD COLUMN extra TEXT",), "unexpected columns"),
        (("DROP TABLE motifs",), "table 'motifs' is missing"),
    ],
)
def test_planted_and_foreign_schemas_are_refused(good: bytes, tmp_path: Path, statements, message) -> None:  # type: ignore[no-untyped-def]
    path = _planted(good, tmp_path / "planted.cuesheet", *statements)
    assert message in attempt(path)


def test_text_that_is_not_utf8_is_refused_in_one_line(good: bytes, tmp_path: Path) -> None:
    """SQLite's decoding error quotes the stored text, newline and all: the refusal stays one line
    (found by the byte-flip fuzz, whose flips land differently as the file's layout changes)."""
    # The title "Line one", a newline, "line", the byte 0xff, "two".
    flipped = "UPDATE works SET title = CAST(X'4c696e65206f6e650a6c696e65ff74776f' AS TEXT)"
    outcome = attempt(_planted(good, tmp_path / "utf8.cuesheet", flipped))
    assert "contains invalid data" in outcome and "\n" not in outcome


def test_oversized_and_odd_text_opens_safely(good: bytes, tmp_path: Path) -> None:
    huge = "x" * 10_000_000
    nul = "UPDATE works SET title = 'a' || char(0) || 'b'"
    path = _planted(good, tmp_path / "odd.cuesheet", f"UPDATE production SET title = '{huge}'", nul)
    assert attempt(path) == "opened"
    sheet, project = ProjectFile.open(path, read_only=True)
    assert project.production.title == "x" * TEXT_MAX  # clipped to the documented bound
    sheet.close()


def test_a_million_rows_is_refused_or_opened_in_time(good: bytes, tmp_path: Path) -> None:
    path = tmp_path / "million.cuesheet"
    path.write_bytes(good)
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO motifs (position, name) VALUES (?, ?)", ((n + 100, f"m{n}") for n in range(1_000_000))
    )
    conn.commit()
    conn.close()
    assert attempt(path) == "opened"


def test_zero_bytes_and_a_folder(tmp_path: Path) -> None:
    (tmp_path / "zero.cuesheet").write_bytes(b"")
    assert "empty file" in attempt(tmp_path / "zero.cuesheet")
    (tmp_path / "x.cuesheet").mkdir()
    assert "is a folder" in attempt(tmp_path / "x.cuesheet")


def test_planted_triggers_never_fire_on_our_writes(good: bytes, tmp_path: Path) -> None:
    """Even if a trigger slipped past the check (it does not), trusted_schema=OFF keeps it inert for
    SQL functions; here we show our writes through the app leave other tables alone."""
    path = tmp_path / "clean.cuesheet"
    path.write_bytes(good)
    sheet, project = ProjectFile.open(path)
    Document(project, sheet).execute(EditProduction(title="Renamed"))
    sheet.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM parties").fetchone()[0] == len(rich_project().parties)
    conn.close()


# -- columns that compute on every read (generated) or that table_info does not show (hidden) ------


def _with_stored_generated(table: str, expression: str) -> list[str]:
    """ALTER TABLE cannot add a STORED column: rebuild ``table`` with one (the received file's way)."""
    columns = ", ".join(f'"{c}"' for c in TABLES[table])
    return [
        f"CREATE TABLE rebuilt ({columns}, g AS ({expression}) STORED)",
        f'INSERT INTO rebuilt ({columns}) SELECT {columns} FROM "{table}"',
        f'DROP TABLE "{table}"',
        f'ALTER TABLE rebuilt RENAME TO "{table}"',
    ]


@pytest.mark.parametrize("table", sorted(TABLES))
def test_a_generated_column_in_any_table_is_refused(good: bytes, tmp_path: Path, table: str) -> None:
    size = 400_000_000 if table == "cues" else 1_000  # the reported case, and cheaper neighbours
    planted = f'ALTER TABLE "{table}" ADD COLUMN g AS (zeroblob({size}))'
    path = _planted(good, tmp_path / "gen.cuesheet", planted)
    assert f"table {table!r} has a generated column" in attempt(path)


@pytest.mark.parametrize("table", ["cues", "motifs", "licences"])
def test_a_stored_generated_column_is_refused(good: bytes, tmp_path: Path, table: str) -> None:
    path = _planted(good, tmp_path / "stored.cuesheet", *_with_stored_generated(table, "zeroblob(1000)"))
    assert f"table {table!r} has a generated column" in attempt(path)


def test_a_table_with_hidden_columns_is_refused(good: bytes, tmp_path: Path) -> None:
    """A virtual table shows its declared columns to table_info and hides the rest."""
    path = _planted(
        good, tmp_path / "hidden.cuesheet", "DROP TABLE motifs",
        "CREATE VIRTUAL TABLE motifs USING fts5(position, name)",
    )  # fmt: skip
    assert "table 'motifs' has hidden columns" in attempt(path)


# -- stored values outside the bounds: refused when they cannot mean anything, else clamped ---------


def _opened(path: Path) -> Project:
    assert attempt(path) == "opened"
    sheet, project = ProjectFile.open(path, read_only=True)
    sheet.close()
    return project


@pytest.mark.parametrize(
    "rate",
    [
        "1e50000000",
        "1/1000000",
        "1/0",
        "0",
        "0/1",
        "-24/1",
        "24",
        "abc",
        "",
        "9" * 400 + "/1",
        "24000/1001e9",
    ],
)
def test_unusable_stored_rates_are_refused(good: bytes, tmp_path: Path, rate: str) -> None:
    path = _planted(good, tmp_path / "rate.cuesheet", f"UPDATE production SET rate = '{rate}'")
    assert "frame rate" in attempt(path)


@pytest.mark.parametrize("rate", ["1e50000000", "1/1000000", "1/0", "garbage"])
def test_an_unusable_film_rate_is_forgotten_not_fatal(good: bytes, tmp_path: Path, rate: str) -> None:
    path = _planted(
        good, tmp_path / "media-rate.cuesheet",
        f"INSERT INTO media (id, path, size, rate) VALUES (1, '/nowhere/film.mov', 10, '{rate}')",
    )  # fmt: skip
    media = _opened(path).media
    assert media is not None and media.rate is None


@pytest.mark.parametrize("value", ["1e999999", "NaN", "Infinity", "-5", "150", "1" * 100, "0.123456", "x"])
def test_shares_and_fees_that_are_not_bounded_numbers_do_not_load_as_numbers(
    good: bytes, tmp_path: Path, value: str
) -> None:
    licence = (
        "INSERT INTO licences (id, side, share, quoted_fee, paid_fee, status) "
        f"VALUES ('L1', 'sync', '{value}', '{value}', '12.5', 'quoted')"
    )
    path = _planted(good, tmp_path / "share.cuesheet", f"UPDATE interests SET share = '{value}'", licence)
    project = _opened(path)
    shares = [i.share for w in project.works.values() for i in w.interests]
    assert shares and all(s == 0 for s in shares)
    loaded = project.licences["L1"]
    assert loaded.share == 0 and loaded.paid_fee == Decimal("12.5")
    assert loaded.quoted_fee == (Decimal(150) if value == "150" else None)  # a fee may exceed 100


def test_huge_fee_is_not_a_number_but_the_largest_is(good: bytes, tmp_path: Path) -> None:
    path = _planted(
        good, tmp_path / "fee.cuesheet",
        "INSERT INTO licences (id, side, quoted_fee, approved_fee, status) "
        f"VALUES ('L1', 'sync', '{FEE_MAX}', '{FEE_MAX + 1}', 'quoted')",
    )  # fmt: skip
    loaded = _opened(path).licences["L1"]
    assert loaded.quoted_fee == FEE_MAX and loaded.approved_fee is None


HUGE = [2**63 - 1, -(2**63), "1e308", "-1e308", "'9' || printf('%.5000c', '9')"]
INTEGER_COLUMNS = [
    (table, column)
    for table, column in [
        ("production", "start_frame"), ("production", "running_time"), ("media", "size"),
        ("media", "duration_frames"), ("media", "start_frame"), ("interests", "position"),
        ("cues", "start"), ("cues", "end"), ("motifs", "position"), ("licence_history", "position"),
        ("licences", "mfn"),
    ]
]  # fmt: skip


@pytest.mark.parametrize(("table", "column"), INTEGER_COLUMNS)
@pytest.mark.parametrize("value", HUGE)
def test_huge_integers_in_every_integer_column_open_clamped(
    good: bytes, tmp_path: Path, table: str, column: str, value: object
) -> None:
    setup = [
        "INSERT INTO media (id, path, size) VALUES (1, '/nowhere/film.mov', 10)",
        "INSERT INTO licences (id, side, status) VALUES ('L1', 'sync', 'quoted')",
        "INSERT INTO licence_history (licence_id, position, date, status) VALUES ('L1', 0, '2026', 'quoted')",
    ]
    sql = f'UPDATE "{table}" SET "{column}" = {value}' + (
        " WHERE position = 0" if table in ("motifs", "interests") else ""
    )
    project = _opened(_planted(good, tmp_path / "huge.cuesheet", *setup, sql))
    bound = max_frames(project.production.rate.rate)
    production = project.production
    assert -bound <= production.start_frame <= bound and 0 <= production.running_time <= bound
    assert all(-bound <= c.start <= bound and -bound <= c.end <= bound for c in project.cues.values())
    assert project.media is not None and abs(project.media.duration_frames) <= bound


def test_a_cue_a_million_hours_out_is_clamped_to_the_bound(good: bytes, tmp_path: Path) -> None:
    """TC Out 1000000:00:00:00, the case that crashed the window: the project opens to be repaired."""
    path = _planted(good, tmp_path / "far.cuesheet", f'UPDATE cues SET "end" = {1_000_000 * 3600 * 24}')
    project = _opened(path)
    bound = max_frames(project.production.rate.rate)
    assert {c.end for c in project.cues.values()} == {bound}


def _first(items: dict) -> Any:  # type: ignore[type-arg]
    return next(iter(items.values()))


@pytest.mark.parametrize(
    ("statement", "limit", "read"),
    [
        ("UPDATE production SET title = printf('%.10000000c', 'x')", TEXT_MAX, lambda p: p.production.title),
        ("UPDATE cues SET notes = printf('%.1000000c', 'n')", NOTE_MAX, lambda p: _first(p.cues).notes),
        # A little over: the row is within SQLite's length limit, so the reader cuts it, not SQLite.
        ("UPDATE cues SET scene = printf('%.600c', 's')", TEXT_MAX, lambda p: _first(p.cues).scene),
        ("UPDATE parties SET name = printf('%.1000000c', 'p')", TEXT_MAX, lambda p: _first(p.parties).name),
        ("UPDATE motifs SET name = printf('%.1000000c', 'm')", TEXT_MAX, lambda p: p.motifs[0]),
        ("INSERT INTO media (id, path) VALUES (1, printf('%.9999c', 'd'))", PATH_MAX, lambda p: p.media.path),
    ],
)  # fmt: skip
def test_over_long_stored_texts_are_clipped(
    good: bytes, tmp_path: Path, statement: str, limit: int, read
) -> None:  # type: ignore[no-untyped-def]
    setup = ["INSERT OR IGNORE INTO motifs (position, name) VALUES (0, 'theme')"]
    project = _opened(_planted(good, tmp_path / "long.cuesheet", *setup, statement))
    assert len(read(project)) == limit


# -- the project is not a regular file: refused before anything opens it ---------------------------


def _refused_within_5_s(call: Callable[[], object]) -> str:
    """``call`` in a thread, so that a hang (a FIFO blocks open() for ever) fails instead of hanging."""
    outcome: list[str] = []

    def run() -> None:
        try:
            call()
            outcome.append("opened")
        except ProjectError as error:
            outcome.append(str(error))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "hung"
    assert outcome and "\n" not in outcome[0]
    return outcome[0]


def test_non_regular_files_are_refused_before_opening(good: bytes, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.cuesheet"
    os.mkfifo(fifo)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.cuesheet"))
    (tmp_path / "to-fifo.cuesheet").symlink_to(fifo)
    (tmp_path / "to-zero.cuesheet").symlink_to("/dev/zero")
    real = tmp_path / "real.cuesheet"
    real.write_bytes(good)
    try:
        for name in ["fifo", "sock", "to-fifo", "to-zero"]:
            path = tmp_path / f"{name}.cuesheet"
            for call in (
                lambda p=path: ProjectFile.open(p, read_only=True)[0].close(),
                lambda p=path: project_service.summary(p),
                lambda p=path: project_service.read_other(real, p),
                lambda p=path: project_service.compare(real, p),
            ):
                assert "is not a regular file" in _refused_within_5_s(call)
        zero = Path("/dev/zero")
        assert "is not a regular file" in _refused_within_5_s(lambda: project_service.summary(zero))
    finally:
        server.close()


@pytest.mark.parametrize(
    ("path", "relative", "size"),
    [("/proc/self/environ", "", 0), ("/proc/self/environ", "", 1), ("/dev/zero", "", 0),
     ("/etc/passwd", "../../../../etc/passwd", 3), ("/x/" + "n" * 300 + ".mov", "", 10),
     ("/" + "d/" * 3000 + "f.mov", "f.mov", 10)],
)  # fmt: skip
def test_a_planted_film_path_is_not_found(
    good: bytes, tmp_path: Path, path: str, relative: str, size: int
) -> None:
    project = tmp_path / "a" / "b" / "c" / "media.cuesheet"
    project.parent.mkdir(parents=True)
    insert = "INSERT INTO media (id, path, relative_path, size) VALUES (1, ?, ?, ?)"
    project.write_bytes(good)
    conn = sqlite3.connect(project)
    conn.execute(insert, (path, relative, size))
    conn.commit()
    conn.close()
    assert attempt(project) == "opened"
    assert project_service.summary(project)["media"]["found"] is False


def test_interrupted_and_wal_files_are_refused_untouched_when_they_cannot_be_recovered(
    good: bytes, tmp_path: Path
) -> None:
    """The crash and WAL cases in the corpus: one line, within 5 s, every file beside left as it was."""
    wal = tmp_path / "wal.cuesheet"
    wal.write_bytes(good)
    code = (
        "import os, signal, sqlite3\n"
        f"conn = sqlite3.connect({str(wal)!r}, isolation_level=None)\n"
        "conn.execute('PRAGMA journal_mode=WAL')\nconn.execute('PRAGMA wal_autocheckpoint=0')\n"
        "conn.execute(\"UPDATE production SET title = 'logged'\")\nos.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", code], timeout=60)
    hot = tmp_path / "hot.cuesheet"
    hot.write_bytes(good)
    code = (
        "import os, signal, sqlite3\n"
        f"conn = sqlite3.connect({str(hot)!r}, isolation_level=None)\n"
        "conn.execute('PRAGMA cache_size=1')\nconn.execute('BEGIN IMMEDIATE')\n"
        "conn.execute(\"UPDATE cues SET notes = printf('%.3000c', 'x')\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", code], timeout=60)
    holder = ProjectLock.acquire(hot)  # a writer has it: this reader may not roll the journal back
    try:
        beside = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
        assert "write-ahead log" in attempt(wal)
        assert "interrupted while being written" in attempt(hot)
        assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == beside
    finally:
        holder.release()
