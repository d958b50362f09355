"""Writing a project's changes into its file through sqlite-utils: the rows a change touched,
encoded by ``store.rows``, are upserted (``upsert_all``) or deleted (``delete_where``); a parent's
child rows and the single rows are rewritten (``insert_all``). Column lists are the tables' as
``schema.TABLES`` derives them from the fields' declarations. Many rows at once (an import, a
merge) go as plain SQL instead (``_BULK_ROWS``), and so does a new file (``fill``).

sqlite-utils is imported on the first write, never with this module: it takes ~95 ms cold (it
imports numpy), and whatever only reads a project (``cuesheet info``, ``check``, ``export``, the
window until its first paint) must not pay for it. The window calls ``warm`` in the background.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from cuesheet.domain.change import Change
from cuesheet.domain.project import Project
from cuesheet.store import rows
from cuesheet.store.schema import CHILDREN, ENTITIES, TABLES

if TYPE_CHECKING:
    from sqlite_utils import Database

# Keys per DELETE … IN (…): well under SQLite's bound on a statement's parameters (999 in old builds).
_KEYS_PER_DELETE = 500
# A table's rows beyond this many in one change are written with plain executemany: sqlite-utils
# looks at every value on its way in (jsonify_if_needed), which made applying a 5,000-cue CSV
# import (27,800 rows), on the window's GUI thread, 175 -> 226 ms (bench_store, medians). Below
# it that costs under 2 ms: a rename's commit is 0.9 -> 1.2 ms.
_BULK_ROWS = 1000


def warm() -> None:
    """Load sqlite-utils now, so that the first edit does not wait for it (the window runs this in a
    quiet background job after its first paint)."""
    import sqlite_utils  # noqa: F401


def database(conn: sqlite3.Connection) -> Database:
    """sqlite-utils over ``conn``: no plugins, the connection's pragmas left as ``harden`` set
    them (recursive triggers off), and the schema read once (``_schema_read_once``)."""
    db = _schema_read_once()(conn, recursive_triggers=False, execute_plugins=False)
    # SQLite has had INSERT … ON CONFLICT since 3.24 (2018; we read files with newer features).
    # Unset, the first upsert_all finds out by creating and dropping a scratch table in the
    # project file, inside the user's edit.
    db._supports_on_conflict = True
    return db


@functools.cache
def _schema_read_once() -> type[Database]:
    """sqlite-utils' Database, remembering the names of tables and views and each table's columns:
    it asked SQLite for them 14 times in each one-cue edit (a millisecond of the 3 it takes). A
    project's schema does not change while it is open: migrations run before the first write."""
    import sqlite_utils
    from sqlite_utils.db import Column, Table

    class CachedTable(Table):
        @property
        def columns(self) -> list[Column]:
            db = self.db
            if not isinstance(db, CachedDatabase):  # made by hand, not by CachedDatabase.table
                return super().columns
            known = db._known_columns
            if self.name not in known:
                known[self.name] = super().columns
            return list(known[self.name])

    class CachedDatabase(sqlite_utils.Database):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._known_names: dict[tuple[bool, bool, bool], list[str]] = {}
            self._known_columns: dict[str, list[Column]] = {}

        def table_names(self, fts4: bool = False, fts5: bool = False) -> list[str]:
            return self._remembered(
                (False, fts4, fts5), lambda: super(CachedDatabase, self).table_names(fts4, fts5)
            )

        def view_names(self) -> list[str]:
            return self._remembered((True, False, False), lambda: super(CachedDatabase, self).view_names())

        def table(self, table_name: str, **kwargs: Any) -> Table:
            if table_name in self.view_names():
                raise sqlite_utils.db.NoTable(f"Table {table_name} is actually a view")
            kwargs.setdefault("strict", self.strict)
            return CachedTable(self, table_name, **kwargs)

        def _remembered(self, key: tuple[bool, bool, bool], read: Callable[[], list[str]]) -> list[str]:
            if key not in self._known_names:
                self._known_names[key] = read()
            return list(self._known_names[key])

    return CachedDatabase


def write(db: Database, project: Project, change: Change) -> None:
    """Write exactly what ``change`` touched (the caller holds the transaction; foreign keys are
    checked at its commit)."""
    for table, column, keys in _deletions(project, change):
        if column:
            for at in range(0, len(keys), _KEYS_PER_DELETE):
                some = keys[at : at + _KEYS_PER_DELETE]
                db.table(table).delete_where(f'"{column}" IN ({", ".join("?" * len(some))})', some)
        else:
            db.table(table).delete_where()
    for table, key, values in _rows(project, change):
        _put(db, table, values, key)


def fill(conn: sqlite3.Connection, project: Project) -> None:
    """Every row of ``project`` into a new file's empty tables, as plain SQL (the caller holds the
    transaction): through sqlite-utils, ``cuesheet new`` took 0.12 -> 0.19 s (its import) and a
    new file of 50,000 cues 3.8 -> 4.6 s (bench_store, medians)."""
    for table, key, values in _rows(project, Change.everything(project)):
        _put_plainly(conn, table, values, key)


Rows = list[Sequence[Any]]


def _deletions(project: Project, change: Change) -> Iterator[tuple[str, str, list[str]]]:
    """(table, column, keys): the rows to delete whose ``column`` is one of ``keys`` (no column:
    all of them). Entities gone from the project; the child rows of a touched parent and the film
    and motifs, rewritten whole."""
    for table in ENTITIES:
        items: dict[str, Any] = getattr(project, table)
        yield table, "id", [i for i in sorted(getattr(change, table)) if i not in items]
    yield "interests", CHILDREN["interests"][1], sorted(change.works)
    yield "licence_history", CHILDREN["licence_history"][1], sorted(change.licences)
    if change.media:
        yield "media", "", []
    if change.motifs:
        yield "motifs", "", []


def _rows(project: Project, change: Change) -> Iterator[tuple[str, str, Rows]]:
    """(table, key, rows): the rows to write, upserted by ``key`` (no key: inserted), each the
    values of all the table's columns."""
    for table in ENTITIES:
        ids: set[str] = getattr(change, table)
        items: dict[str, Any] = getattr(project, table)
        yield table, "id", [[i, *rows.encode(items[i])] for i in sorted(ids) if i in items]
    yield "interests", "", _children(project.works, change.works, "interests")
    yield "licence_history", "", _children(project.licences, change.licences, "history")
    if change.production:
        yield "production", "id", [[1, *rows.encode(project.production)]]
    if change.settings:
        yield "settings", "key", list(rows.settings_rows(project.settings))
    if change.media and project.media is not None:
        yield "media", "", [[1, *rows.encode(project.media)]]
    if change.motifs:
        yield "motifs", "", list(enumerate(project.motifs))


def _children(parents: Mapping[str, Any], ids: set[str], attribute: str) -> Rows:
    """The lists (``attribute``) of the parents named as child rows: each the parent's id, the
    position in its list and the child's declared columns."""
    touched = [(i, getattr(parents[i], attribute)) for i in sorted(ids) if i in parents]
    return [[i, n, *rows.encode(child)] for i, children in touched for n, child in enumerate(children)]


def _put(db: Database, table: str, values: Sequence[Sequence[Any]], key: str = "") -> None:
    """Rows of all of ``table``'s columns: inserted, or upserted by ``key`` when one is named."""
    if not values:
        return
    if len(values) > _BULK_ROWS:
        _put_plainly(db.conn, table, values, key)
    elif key:  # sqlite-utils' list mode: the columns first, then the rows' values (no dict per row)
        db.table(table).upsert_all([TABLES[table], *values], pk=key)
    else:
        db.table(table).insert_all([TABLES[table], *values])


def _put_plainly(conn: sqlite3.Connection, table: str, values: Sequence[Sequence[Any]], key: str) -> None:
    """``_put`` as plain SQL, for many rows (``_BULK_ROWS``) and new files (``fill``); a test holds
    it to the rows sqlite-utils writes."""
    if not values:
        return
    columns = TABLES[table]
    listed = ", ".join(f'"{c}"' for c in columns)
    sql = f'INSERT INTO "{table}" ({listed}) VALUES ({", ".join("?" * len(columns))})'
    if key:
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != key)
        sql += f' ON CONFLICT ("{key}") DO UPDATE SET {updates}'
    conn.executemany(sql, values)
