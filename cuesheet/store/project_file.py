"""The ``.cuesheet`` project file: one SQLite database, one transaction per edit.

Journal mode is the rollback journal (``DELETE``) with ``synchronous=FULL``, deliberately not WAL:
projects are opened from shared drives, and WAL needs shared memory that network filesystems do not
provide; a closed project is also always one self-contained file that can be mailed as it is.
Each ``persist`` is one transaction, committed before the edit is shown, so what a user has seen
applied is on disk.
"""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from cuesheet.domain.commands import Change
from cuesheet.domain.licences import Licence, StatusChange
from cuesheet.domain.project import MediaRef, Production, Project
from cuesheet.domain.rights import Interest, Work
from cuesheet.store import backups, rows
from cuesheet.store.errors import DamagedProjectError, ProjectError
from cuesheet.store.inspect import Header, check_contents, connect_read_only, harden, read_header
from cuesheet.store.lock import ProjectLock
from cuesheet.store.schema import (
    APPLICATION_ID,
    CHILDREN,
    ENTITIES,
    MIGRATIONS,
    SCHEMA_VERSION,
    TABLES,
    stored_columns,
    text_bound,
)

SUFFIX = ".cuesheet"


class ProjectFile:
    """An open project file. Use ``create`` or ``open``; ``persist`` is the only writer."""

    def __init__(
        self, path: Path, conn: sqlite3.Connection, read_only: bool, lock: ProjectLock | None = None
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._lock = lock
        self._conn = conn

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, project: Project) -> ProjectFile:
        """Write a new project file; refuses to replace an existing file."""
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path}: already exists; choose another name or open it")
        if not path.parent.is_dir():
            raise ProjectError(f"{path.parent}: no such folder")
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            conn = _connect(temporary)
            _migrate(conn, 0)
            sheet = cls(temporary, conn, read_only=False)
            sheet.persist(project, _everything(project))
            conn.close()
            os.replace(temporary, path)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise ProjectError(f"{path}: cannot be written ({error.strerror or error})") from None
        return cls.open(path)[0]

    @classmethod
    def open(
        cls, path: Path, read_only: bool = False, break_stale_lock: bool = False
    ) -> tuple[ProjectFile, Project]:
        """Open and load a project, or raise a ProjectError that says what is wrong with the file.
        Opening for writing takes the project's lock (LockedError names who holds it)."""
        path = Path(path)
        if read_only and _hot_journal(path):
            read_header(path, recovering=True)  # only our own files are rolled back
            _recover(path)
        hot_journal = _hot_journal(path)
        header = read_header(path, recovering=hot_journal)
        if not hot_journal:
            # Check through a read-only connection, so a refused file is never touched.
            _checked(path, header.user_version, lambda p: connect_read_only(p, leave_no_trace=read_only))
        lock = None if read_only else ProjectLock.acquire(path, break_stale=break_stale_lock)
        try:
            return cls._open_checked(path, header, hot_journal, read_only, lock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    @classmethod
    def _open_checked(
        cls, path: Path, header: Header, hot_journal: bool, read_only: bool, lock: ProjectLock | None
    ) -> tuple[ProjectFile, Project]:
        older = header.user_version < SCHEMA_VERSION
        if older and not read_only:
            # Kept with the rolling backups (so it can be restored) and never pruned.
            backups.take(path, lambda target: shutil.copy2(path, target),
                         note=f"before upgrade from format {header.user_version}")  # fmt: skip
        if read_only and older:
            # A colleague's older file is read as it would be upgraded, in memory: the file itself
            # is never written by a reader.
            conn = _in_memory_copy(path)
        else:
            conn = connect_read_only(path) if read_only else _connect(path)
        try:
            if hot_journal:
                check_contents(conn, path, header.user_version)
            try:
                _migrate(conn, header.user_version)
            except sqlite3.Error as error:
                raise DamagedProjectError(f"{path}: cannot be upgraded ({error})") from None
            sheet = cls(path, conn, read_only, lock)
            return sheet, sheet.load()
        except BaseException:
            conn.close()
            raise

    def close(self) -> None:
        self._conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def save_copy(self, target: Path) -> None:
        """A consistent copy of the project as it is now (SQLite's online backup), written beside
        the target and renamed into place."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise ProjectError(f"{target}: is the open project itself; choose another name")
        _backup_into(self._conn, target)

    # -- reading -------------------------------------------------------------------------------

    def load(self) -> Project:
        try:
            with _no_collection():
                return self._load()
        except (sqlite3.DatabaseError, ValueError, KeyError, TypeError, ArithmeticError) as error:
            raise DamagedProjectError(f"{self.path}: contains invalid data ({error})") from None

    def _load(self) -> Project:
        production_rows = self._select("production", stored_columns(Production))
        if len(production_rows) != 1:
            raise DamagedProjectError(f"{self.path}: has no production record")
        row = production_rows[0]
        at = stored_columns(Production).index("rate")
        reader = rows.Reader(rows.rate_from(row[at], row[at + 1]))  # positions are bounded at it
        media = self._select("media", stored_columns(MediaRef))
        project = Project(
            production=Production(*reader.values(Production, row)),
            settings=rows.settings_from(self._select("settings", ("key", "value"))),
            media=MediaRef(*reader.values(MediaRef, media[0])) if media else None,
            motifs=[rows.text_of(name) for (name,) in self._select("motifs", ("name",), "position")],
        )
        interests = self._children("interests")
        history = self._children("licence_history")
        for table, cls in ENTITIES.items():
            items: dict[str, Any] = getattr(project, table)
            for row in self._select(table, (*stored_columns(cls), "id")):
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

    def _children(self, table: str) -> dict[Any, list[rows.Values]]:
        """A child table's rows by parent id, in position order (SQLite's order of the stored
        values, the key's index: a position that is no number still has its place)."""
        cls, parent = CHILDREN[table]
        found: dict[Any, list[rows.Values]] = {}
        for row in self._select(table, (parent, "position", *stored_columns(cls)), f"{parent}, position"):
            found.setdefault(row[0], []).append(row)
        return found

    def _select(self, table: str, columns: tuple[str, ...], order_by: str = "") -> list[rows.Values]:
        """The named columns (never ``SELECT *`` from a received file), texts cut to their bound by
        SQLite, as plain tuples (sqlite-utils' row dicts cost half the time of opening)."""
        listed = ", ".join(_clipped(table, c) for c in columns)
        order = f" ORDER BY {order_by}" if order_by else ""
        return self._conn.execute(f'SELECT {listed} FROM "{table}"{order}').fetchall()

    # -- writing -------------------------------------------------------------------------------

    def persist(self, project: Project, change: Change) -> None:
        """Write exactly what ``change`` touched, in one transaction."""
        if self.read_only:
            raise ProjectError(f"{self.path}: is open read-only; save a copy to make changes")
        conn = self._conn
        try:
            conn.execute("BEGIN")
            try:
                self._write(project, change)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise ProjectError(f"{self.path}: could not save the change ({error})") from None

    def _write(self, project: Project, change: Change) -> None:
        conn = self._conn
        for table, cls in ENTITIES.items():  # parties and recordings before the cues naming them
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


def _everything(project: Project) -> Change:
    return Change(
        cues=set(project.cues),
        works=set(project.works),
        recordings=set(project.recordings),
        parties=set(project.parties),
        licences=set(project.licences),
        agreements=set(project.agreements),
        production=True,
        settings=True,
        media=True,
        motifs=True,
    )


def copy_consistent(source: Path, target: Path) -> None:
    """A consistent copy of a project file through a connection of its own (read only), so that it
    can be made in another thread while the project is open for writing."""
    try:
        conn = connect_read_only(Path(source))
    except sqlite3.Error as error:
        raise ProjectError(f"{source}: cannot be read ({error})") from None
    try:
        _backup_into(conn, Path(target))
    finally:
        conn.close()


def _backup_into(conn: sqlite3.Connection, target: Path) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        copy = sqlite3.connect(temporary)
        with copy:
            conn.backup(copy)
        copy.close()
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as error:
        temporary.unlink(missing_ok=True)
        raise ProjectError(f"{target}: cannot be written ({error})") from None


def _in_memory_copy(path: Path) -> sqlite3.Connection:
    source = connect_read_only(path)
    try:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        source.backup(conn)
    except sqlite3.Error as error:
        raise DamagedProjectError(f"{path}: cannot be read ({error})") from None
    finally:
        source.close()
    harden(conn)
    return conn


def _connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=5)
        harden(conn)
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.Error as error:
        raise ProjectError(f"{path}: cannot be opened for writing ({error})") from None
    return conn


def _hot_journal(path: Path) -> bool:
    journal = Path(f"{path}-journal")
    return journal.is_file() and journal.stat().st_size > 0


def _recover(path: Path) -> None:
    """A writer died mid-save: a reader that may write rolls its journal back, under the project's
    lock (a live writer's journal is its own business). One that may not read-opens as before and is
    told the project was interrupted (InterruptedProjectError)."""
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return
    try:
        lock = ProjectLock.acquire(path)
    except ProjectError:
        return
    try:
        conn = _connect(path)  # SQLite rolls back a hot journal on the first read
        try:
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        finally:
            conn.close()
    except (ProjectError, sqlite3.Error):
        pass  # the read-only open that follows reports what is wrong
    finally:
        lock.release()


def _checked(path: Path, user_version: int, connect: Callable[[Path], sqlite3.Connection]) -> None:
    try:
        conn = connect(path)
    except sqlite3.Error as error:
        raise DamagedProjectError(f"{path}: cannot be read ({error})") from None
    try:
        check_contents(conn, path, user_version)
    finally:
        conn.close()


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    """Run the forward migrations from ``version`` to the current one, all in one transaction."""
    if version == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        while version < SCHEMA_VERSION:
            for statement in MIGRATIONS[version].split(";\n"):
                if statement.strip():
                    conn.execute(statement)
            version += 1
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
