"""Reading a project file into a ``Project``: the tables' rows as plain tuples, decoded by the
codecs of ``store.rows`` (a received file's values are bounded there)."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cuesheet.domain.licences import Licence, StatusChange
from cuesheet.domain.project import MediaRef, Production, Project
from cuesheet.domain.rights import Interest, Work
from cuesheet.store import rows
from cuesheet.store.errors import DamagedProjectError
from cuesheet.store.schema import CHILDREN, ENTITIES, TABLES, stored_columns, text_bound

Parts = Collection[str] | None  # collections of a Project to read; None: all of it
_ALWAYS = ("production", "settings", "media", "motifs")
_CHILD_OF = {"interests": "works", "licence_history": "licences"}  # read with their parents


def tables_read(parts: Parts) -> tuple[str, ...] | None:
    """The tables a load of ``parts`` reads (None: all of them), for the integrity check."""
    if parts is None:
        return None
    entities = [table for table in ENTITIES if table in parts]
    return (*_ALWAYS, *entities, *(child for child, parent in _CHILD_OF.items() if parent in entities))


def load(conn: sqlite3.Connection, path: Path, parts: Parts = None) -> Project:
    """The project in the file; ``parts``: see ``ProjectFile.open``."""
    with _no_collection():
        return _load(conn, path, parts)


def _load(conn: sqlite3.Connection, path: Path, parts: Parts) -> Project:
    production_rows = _select(conn, "production", stored_columns(Production))
    if len(production_rows) != 1:
        raise DamagedProjectError(f"{path}: has no production record")
    row = production_rows[0]
    at = stored_columns(Production).index("rate")
    reader = rows.Reader(rows.rate_from(row[at], row[at + 1]))  # positions are bounded at it
    media = _select(conn, "media", stored_columns(MediaRef))
    project = Project(
        production=Production(*reader.values(Production, row)),
        settings=rows.settings_from(_select(conn, "settings", ("key", "value"))),
        media=MediaRef(*reader.values(MediaRef, media[0])) if media else None,
        motifs=[rows.text_of(name) for (name,) in _select(conn, "motifs", ("name",), "position")],
    )
    wanted = [(table, cls) for table, cls in ENTITIES.items() if parts is None or table in parts]
    reads = tables_read(parts)
    interests = _children(conn, "interests") if (reads is None or "interests" in reads) else {}
    history = _children(conn, "licence_history") if (reads is None or "licence_history" in reads) else {}
    for table, cls in wanted:
        items: dict[str, Any] = getattr(project, table)
        for row in _select(conn, table, (*stored_columns(cls), "id")):
            item: Any
            if cls is Work:
                item = reader.entity(
                    Work, row, interests=reader.children(Interest, interests.get(row[-1], []))
                )
            elif cls is Licence:
                item = reader.entity(
                    Licence, row, history=reader.children(StatusChange, history.get(row[-1], []))
                )
            else:
                item = reader.entity(cls, row)
            items[item.id] = item
    return project


def _children(conn: sqlite3.Connection, table: str) -> dict[Any, list[rows.Values]]:
    """A child table's rows by parent id, in position order (SQLite's order of the stored
    values, the key's index: a position that is no number still has its place)."""
    cls, parent = CHILDREN[table]
    found: dict[Any, list[rows.Values]] = {}
    for row in _select(conn, table, (parent, "position", *stored_columns(cls)), f"{parent}, position"):
        found.setdefault(row[0], []).append(row)
    return found


def _select(
    conn: sqlite3.Connection, table: str, columns: tuple[str, ...], order_by: str = ""
) -> list[rows.Values]:
    """The named columns (never ``SELECT *`` from a received file) as plain tuples (sqlite-utils'
    row dicts cost half the time of opening), no value longer than its bound: read as stored when
    every row is within the bounds of its table's columns (SQLite refuses a longer row under the
    length limit set here), else each value cut by SQLite (a 1 GB title is never read)."""
    order = f" ORDER BY {order_by}" if order_by else ""
    plain = ", ".join(f'"{c}"' for c in columns)
    previous = conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, _row_bound(table))
    try:
        return conn.execute(f'SELECT {plain} FROM "{table}"{order}').fetchall()
    except sqlite3.DataError:  # SQLITE_TOOBIG: a row over the bound; cutting costs a fifth more
        pass
    finally:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, previous)
    listed = ", ".join(_clipped(table, c) for c in columns)
    return conn.execute(f'SELECT {listed} FROM "{table}"{order}').fetchall()


def _row_bound(table: str) -> int:
    """The most bytes a row of ``table`` within its bounds takes (SQLite's limit covers the whole
    row): 4 bytes a character at most in UTF-8, 9 for a number, and the record's header."""
    columns = TABLES.get(table, ())
    return 64 + sum(9 + 4 * text_bound(table, column) for column in columns)


@contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic garbage collector held off while a project is read: the ~300,000 objects of a
    50,000-cue project form no cycles, and the collections they trigger were half the load."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _clipped(table: str, column: str) -> str:
    """The column, with a text or blob cut to its bound by SQLite (a 1 GB title is never read).
    Its length in bytes is read first (a text's bytes are never fewer than its characters, and
    counting characters would stop at a NUL): only an over-long value is copied by substr."""
    limit = text_bound(table, column)
    quoted = f'"{column}"'
    over = f"length(CAST({quoted} AS BLOB)) > {limit}"
    return f"CASE WHEN {over} THEN substr({quoted}, 1, {limit}) ELSE {quoted} END"
