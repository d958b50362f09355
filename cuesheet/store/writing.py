"""Writing a project's changes into its file: the touched rows, encoded by ``store.rows``, as plain
upserts and deletes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar

from cuesheet.domain.change import Change
from cuesheet.domain.project import MediaRef, Production, Project
from cuesheet.store import rows
from cuesheet.store.schema import CHILDREN, ENTITIES, TABLES, stored_columns


def write(conn: sqlite3.Connection, project: Project, change: Change) -> None:
    """Write exactly what ``change`` touched (the caller holds the transaction)."""
    for table, cls in ENTITIES.items():  # foreign keys are checked at the commit (deferred)
        ids: set[str] = getattr(change, table)
        items: dict[str, Any] = getattr(project, table)
        _sync(conn, table, cls, ids, items)
    _sync_children(
        conn, "interests", change.works, {i: w.interests for i, w in _items(project.works, change.works)}
    )
    _sync_children(
        conn, "licence_history", change.licences,
        {i: lic.history for i, lic in _items(project.licences, change.licences)},
    )  # fmt: skip
    if change.production:
        _upsert(
            conn,
            "production",
            ("id", *stored_columns(Production)),
            [[1, *rows.encode(project.production)]],
        )
    if change.settings:
        _upsert(conn, "settings", ("key", "value"), rows.settings_rows(project.settings))
    if change.media:
        conn.execute('DELETE FROM "media"')
        if project.media is not None:
            _insert(conn, "media", ("id", *stored_columns(MediaRef)), [[1, *rows.encode(project.media)]])
    if change.motifs:
        conn.execute('DELETE FROM "motifs"')
        _insert(conn, "motifs", ("position", "name"), list(enumerate(project.motifs)))


_Item = TypeVar("_Item")


def _items(items: Mapping[str, _Item], ids: set[str]) -> Iterator[tuple[str, _Item]]:
    return ((i, items[i]) for i in ids if i in items)


def _sync(conn: sqlite3.Connection, table: str, cls: type, ids: set[str], items: Mapping[str, Any]) -> None:
    """Rows of entities the change touched: written when present, deleted when gone."""
    gone = [(i,) for i in sorted(ids) if i not in items]
    if gone:
        conn.executemany(f'DELETE FROM "{table}" WHERE id = ?', gone)
    present = [[*rows.encode(items[i]), i] for i in sorted(ids) if i in items]
    if present:
        _upsert(conn, table, (*stored_columns(cls), "id"), present)


def _sync_children(
    conn: sqlite3.Connection, table: str, ids: set[str], lists: Mapping[str, list[Any]]
) -> None:
    """Rows that belong to a parent (a work's interests, a licence's history): rewritten whole."""
    cls, parent = CHILDREN[table]
    if not ids:
        return
    conn.executemany(f'DELETE FROM "{table}" WHERE "{parent}" = ?', [(i,) for i in sorted(ids)])
    written = [[i, n, *rows.encode(child)] for i in sorted(lists) for n, child in enumerate(lists[i])]
    if written:
        _insert(conn, table, (parent, "position", *stored_columns(cls)), written)


def _insert(
    conn: sqlite3.Connection, table: str, columns: tuple[str, ...], values: Sequence[Sequence[Any]]
) -> None:
    listed = ", ".join(f'"{c}"' for c in columns)
    conn.executemany(f'INSERT INTO "{table}" ({listed}) VALUES ({", ".join("?" * len(columns))})', values)


def _upsert(
    conn: sqlite3.Connection, table: str, columns: tuple[str, ...], values: Sequence[Sequence[Any]]
) -> None:
    """Insert or update by the table's key (its first column: id or key, in TABLES' order)."""
    key = TABLES[table][0]
    listed = ", ".join(f'"{c}"' for c in columns)
    update = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != key)
    conn.executemany(
        f'INSERT INTO "{table}" ({listed}) VALUES ({", ".join("?" * len(columns))}) '
        f'ON CONFLICT ("{key}") DO UPDATE SET {update}',
        values,
    )
