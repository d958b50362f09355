"""Hostile and damaged project files: every one gives a clear error or a safe open within 5 s, never a
crash or a hang; planted SQL never runs; a refused file is left byte-identical."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import time
from pathlib import Path

import pytest

from cuesheet.domain.commands import EditProduction
from cuesheet.domain.history import Document
from cuesheet.store.errors import ProjectError
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


def test_oversized_and_odd_text_opens_safely(good: bytes, tmp_path: Path) -> None:
    huge = "x" * 10_000_000
    nul = "UPDATE works SET title = 'a' || char(0) || 'b'"
    path = _planted(good, tmp_path / "odd.cuesheet", f"UPDATE production SET title = '{huge}'", nul)
    assert attempt(path) == "opened"
    sheet, project = ProjectFile.open(path, read_only=True)
    assert len(project.production.title) == 10_000_000
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
