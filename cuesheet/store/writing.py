"""Writing a project's changes into its file through sqlite-utils: the rows a change touched,
encoded by ``store.rows``, are upserted (``upsert_all``) or deleted (``delete_where``); a parent's
child rows and the single rows are rewritten (``insert_all``). Column lists are the tables' as
``schema.TABLES`` derives them from the fields' declarations, and rows go in as lists under them
(sqlite-utils' list mode: no dict per row).

sqlite-utils is imported on the first write, never with this module: it takes ~95 ms cold (it
imports numpy), and whatever only reads a project (``cuesheet info``, ``check``, ``export``, the
window until its first paint) must not pay for it. The window calls ``warm`` in the background.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from cuesheet.domain.change import Change
from cuesheet.domain.project import Project
from cuesheet.store import rows
from cuesheet.store.schema import CHILDREN, ENTITIES, TABLES

if TYPE_CHECKING:
    from sqlite_utils import Database

# Keys per DELETE … IN (…): well under SQLite's bound on a statement's parameters (999 in old builds).
_KEYS_PER_DELETE = 500


def warm() -> None:
    """Load sqlite-utils now, so that the first edit does not wait for it (the window runs this in a
    quiet background job after its first paint)."""
    import sqlite_utils  # noqa: F401


def database(conn: sqlite3.Connection) -> Database:
    """sqlite-utils over ``conn``: no plugins, and the connection's pragmas left as ``harden`` set
    them (recursive triggers off)."""
    import sqlite_utils

    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    # SQLite has had INSERT … ON CONFLICT since 3.24 (2018; we read files with newer features).
    # Unset, the first upsert_all finds out by creating and dropping a scratch table in the
    # project file, inside the user's edit.
    db._supports_on_conflict = True
    return db


def write(db: Database, project: Project, change: Change) -> None:
    """Write exactly what ``change`` touched (the caller holds the transaction)."""
    for table in ENTITIES:  # foreign keys are checked at the commit (deferred)
        ids: set[str] = getattr(change, table)
        items: dict[str, Any] = getattr(project, table)
        _sync(db, table, ids, items)
    _sync_children(
        db, "interests", change.works, {i: w.interests for i, w in _items(project.works, change.works)}
    )
    _sync_children(
        db, "licence_history", change.licences,
        {i: lic.history for i, lic in _items(project.licences, change.licences)},
    )  # fmt: skip
    if change.production:
        production = [[1, *rows.encode(project.production)]]
        db.table("production").upsert_all(_listed("production", production), pk="id")
    if change.settings:
        db.table("settings").upsert_all(_listed("settings", rows.settings_rows(project.settings)), pk="key")
    if change.media:
        db.table("media").delete_where()
        if project.media is not None:
            db.table("media").insert_all(_listed("media", [[1, *rows.encode(project.media)]]))
    if change.motifs:
        db.table("motifs").delete_where()
        db.table("motifs").insert_all(_listed("motifs", list(enumerate(project.motifs))))


_Item = TypeVar("_Item")


def _items(items: Mapping[str, _Item], ids: set[str]) -> Iterator[tuple[str, _Item]]:
    return ((i, items[i]) for i in ids if i in items)


def _listed(table: str, values: Sequence[Sequence[Any]]) -> list[Sequence[Any]]:
    """Rows in sqlite-utils' list mode: the table's columns first, then the rows' values."""
    return [TABLES[table], *values]


def _sync(db: Database, table: str, ids: set[str], items: Mapping[str, Any]) -> None:
    """Rows of entities the change touched: written when present, deleted when gone."""
    _delete(db, table, "id", [i for i in sorted(ids) if i not in items])
    present = [[i, *rows.encode(items[i])] for i in sorted(ids) if i in items]
    if present:
        db.table(table).upsert_all(_listed(table, present), pk="id")


def _sync_children(db: Database, table: str, ids: set[str], lists: Mapping[str, list[Any]]) -> None:
    """Rows that belong to a parent (a work's interests, a licence's history): rewritten whole."""
    if not ids:
        return
    parent = CHILDREN[table][1]
    _delete(db, table, parent, sorted(ids))
    written = [[i, n, *rows.encode(child)] for i in sorted(lists) for n, child in enumerate(lists[i])]
    if written:
        db.table(table).insert_all(_listed(table, written))


def _delete(db: Database, table: str, column: str, keys: list[str]) -> None:
    """The rows whose ``column`` is one of ``keys``, a statement per few hundred keys."""
    for at in range(0, len(keys), _KEYS_PER_DELETE):
        some = keys[at : at + _KEYS_PER_DELETE]
        db.table(table).delete_where(f'"{column}" IN ({", ".join("?" * len(some))})', some)
