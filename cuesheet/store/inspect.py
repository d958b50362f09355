"""Decide whether a file is a project we can open, without changing a byte of it.

The SQLite header is read as plain bytes first (magic, page size, page count, application id,
schema version), so non-SQLite, foreign, newer and truncated files are refused before SQLite touches
them. What passes is then checked through a read-only connection with ``trusted_schema=OFF``.

Plain ``sqlite3`` here, not sqlite-utils' introspection: this runs on every open (``cuesheet info``
must not load sqlite-utils), and its ``table.columns`` reads ``PRAGMA table_info``, which hides the
generated and hidden columns that ``_check_columns`` must see to refuse them.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import struct
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from cuesheet.store.errors import (
    DamagedProjectError,
    InterruptedProjectError,
    NewerProjectError,
    NotAProjectError,
    ProjectError,
)
from cuesheet.store.schema import APPLICATION_ID, SCHEMA_VERSION, TABLES

_MAGIC = b"SQLite format 3\x00"
_READONLY_ROLLBACK = 776  # SQLITE_READONLY_ROLLBACK: a hot journal seen through a read-only connection


@dataclass(frozen=True)
class Header:
    page_size: int
    page_count: int
    user_version: int
    application_id: int


def read_header(path: Path, recovering: bool = False) -> Header:
    """The parts of the 100-byte SQLite header that tell whose file this is."""
    # Only a regular file is opened at all: a FIFO blocks open() for ever, /dev/zero never ends.
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise ProjectError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise NotAProjectError(f"{path}: is a folder, not a Cuesheet project file") from None
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket, or a FIFO with no writer
            raise NotAProjectError(
                f"{path}: is not a regular file (a socket or pipe); not a Cuesheet project"
            ) from None
        raise ProjectError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        facts = os.fstat(descriptor)
        if stat.S_ISDIR(facts.st_mode):
            raise NotAProjectError(f"{path}: is a folder, not a Cuesheet project file")
        if not stat.S_ISREG(facts.st_mode):
            raise NotAProjectError(
                f"{path}: is not a regular file ({_kind(facts.st_mode)}); not a Cuesheet project"
            )
        head = os.read(descriptor, 100)
    except OSError as error:
        raise ProjectError(f"{path}: cannot be read ({error.strerror or error})") from None
    finally:
        os.close(descriptor)
    size = facts.st_size
    if size == 0:
        raise NotAProjectError(f"{path}: is an empty file (0 bytes), not a Cuesheet project")
    if not head.startswith(_MAGIC):
        raise NotAProjectError(f"{path}: is not a Cuesheet project (not an SQLite database)")
    if len(head) < 100:
        raise DamagedProjectError(f"{path}: is truncated ({size} bytes; the file header is incomplete)")
    (page_size,) = struct.unpack(">H", head[16:18])
    page_size = 65536 if page_size == 1 else page_size
    (change_counter, page_count) = struct.unpack(">II", head[24:32])
    (user_version,) = struct.unpack(">i", head[60:64])
    (application_id,) = struct.unpack(">i", head[68:72])
    (version_valid_for,) = struct.unpack(">I", head[92:96])
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedProjectError(f"{path}: is damaged (invalid page size {page_size} in its header)")
    if application_id != APPLICATION_ID:
        raise NotAProjectError(
            f"{path}: is an SQLite database written by another program, not a Cuesheet project"
        )
    if user_version < 0:
        raise DamagedProjectError(f"{path}: is damaged (invalid file format number {user_version})")
    if user_version > SCHEMA_VERSION:
        raise NewerProjectError(
            f"{path}: was written by a newer version of Cuesheet (file format {user_version}; "
            f"this version reads up to {SCHEMA_VERSION}); update Cuesheet to open it"
        )
    # A writer that died mid-transaction leaves the file between two sizes; SQLite rolls it back
    # from the hot journal on open, so the size rules only apply when there is no journal.
    if recovering:
        return Header(page_size, page_count, user_version, application_id)
    if change_counter == version_valid_for and size < page_size * page_count:
        raise DamagedProjectError(
            f"{path}: is truncated ({size} bytes, its header says {page_size * page_count})"
        )
    if size % page_size:
        raise DamagedProjectError(f"{path}: is damaged (its size is not a whole number of pages)")
    return Header(page_size, page_count, user_version, application_id)


def _kind(mode: int) -> str:
    kinds = {
        stat.S_ISFIFO: "a pipe",
        stat.S_ISCHR: "a device",
        stat.S_ISBLK: "a device",
        stat.S_ISSOCK: "a socket",
    }
    return next((name for test, name in kinds.items() if test(mode)), "not a file")


def connect_read_only(path: Path, leave_no_trace: bool = True) -> sqlite3.Connection:
    """A read-only connection. A file left in WAL mode (header bytes 18-19 = 2) would make SQLite
    create ``-wal`` and ``-shm`` files beside it even so: without a ``-wal`` beside it, it is read as
    immutable (nothing else writes it: we write only in rollback-journal mode); with one, its changes
    cannot be read without writing, which is said (unless ``leave_no_trace`` is off: about to write)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if _in_wal_mode(path):
        if not Path(f"{path}-wal").exists():
            uri += "&immutable=1"
        elif leave_no_trace:
            raise ProjectError(
                f"{path}: has changes in a write-ahead log beside it ({path.name}-wal) that a "
                "read-only open cannot take in; open it for writing once to fold them into the file"
            )
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    harden(conn)
    return conn


def _in_wal_mode(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(20)
    except OSError:
        return False
    return head.startswith(_MAGIC) and head[18:20] == b"\x02\x02"


def harden(conn: sqlite3.Connection) -> None:
    """Settings for files that came from somewhere else: never run SQL planted in the schema."""
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA recursive_triggers=OFF")


def check_contents(
    conn: sqlite3.Connection, path: Path, user_version: int, tables: Collection[str] | None = None
) -> None:
    """Integrity and shape: the tables this version expects, and nothing that runs code.
    ``tables``: only these tables are read, so only their pages are checked (``cuesheet info`` at
    50,000 cues: 66 ms for the whole file's check, 19 for the cues'); None: the whole file."""
    try:
        objects = conn.execute("SELECT type, name, tbl_name FROM sqlite_schema").fetchall()
        if tables is None:
            _integrity(conn, path, "PRAGMA quick_check(5)")
        else:  # names of ours, each a table the file has (an older format may lack one)
            present = {name for kind, name, _ in objects if kind == "table"}
            for table in sorted(present.intersection(tables)):
                _integrity(conn, path, f'PRAGMA quick_check("{table}")')
    except (sqlite3.DatabaseError, ValueError) as error:  # ValueError: text that is not UTF-8
        if getattr(error, "sqlite_errorcode", None) == _READONLY_ROLLBACK:
            raise InterruptedProjectError(path) from None  # a hot journal this reader cannot roll back
        raise DamagedProjectError(f"{path}: is damaged ({brief(error)})") from None
    planted = [f"{kind} {name}" for kind, name, _ in objects if kind in ("trigger", "view")]
    if planted:
        raise NotAProjectError(
            f"{path}: contains objects Cuesheet never writes ({', '.join(planted[:3])}); refusing to open it"
        )
    if user_version == SCHEMA_VERSION:
        try:
            _check_columns(conn, path)
        except (sqlite3.DatabaseError, ValueError) as error:  # e.g. a column name that is not UTF-8
            raise DamagedProjectError(f"{path}: is damaged ({brief(error)})") from None


def _integrity(conn: sqlite3.Connection, path: Path, pragma: str) -> None:
    problems = [row[0] for row in conn.execute(pragma).fetchmany(5)]
    if problems != ["ok"]:
        lines = [ln for row in problems for ln in str(row).splitlines() if not ln.startswith("***")]
        first = lines[0] if lines else "integrity check failed"
        raise DamagedProjectError(f"{path}: is damaged ({first})")


def brief(error: Exception | str) -> str:
    """An error (or any text from a file) as one short line: it may quote what the file holds."""
    text = " ".join(str(error).split())
    return text if len(text) <= 120 else text[:117] + "…"


def _check_columns(conn: sqlite3.Connection, path: Path) -> None:
    # table_xinfo, not table_info: generated and hidden columns are invisible to table_info, and a
    # generated column runs its expression (zeroblob(400000000)…) on every read of its row.
    for table, columns in TABLES.items():
        found = conn.execute(f'PRAGMA table_xinfo("{table}")').fetchall()
        for row in found:
            if row[6] in (2, 3):
                raise NotAProjectError(
                    f"{path}: table {table!r} has a generated column ({brief(str(row[1]))}), "
                    "which Cuesheet never writes; refusing to open it"
                )
            if row[6]:
                raise NotAProjectError(
                    f"{path}: table {table!r} has hidden columns, which Cuesheet never writes; "
                    "refusing to open it"
                )
        if tuple(row[1] for row in found) != columns:
            what = "is missing" if not found else "has unexpected columns"
            raise DamagedProjectError(f"{path}: is not a valid Cuesheet project (table {table!r} {what})")
