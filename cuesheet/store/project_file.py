"""The ``.cuesheet`` project file: one SQLite database, one transaction per edit.

Journal mode is the rollback journal (``DELETE``) with ``synchronous=FULL``, deliberately not WAL:
projects are opened from shared drives, and WAL needs shared memory that network filesystems do not
provide; a closed project is also always one self-contained file that can be mailed as it is.
Each ``persist`` is one transaction. A window writes an edit's rows before it shows the edit and
commits once it has painted it (``write``, then ``commit``: ``domain.history``), so a key does not
wait on the disk's syncs; a commit that fails takes the edit back off the screen.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Collection
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from cuesheet.domain.change import Change
from cuesheet.domain.project import Project
from cuesheet.store import backups, loading, writing
from cuesheet.store.errors import DamagedProjectError, ProjectError
from cuesheet.store.inspect import Header, brief, check_contents, connect_read_only, harden, read_header
from cuesheet.store.loading import Parts
from cuesheet.store.lock import ProjectLock
from cuesheet.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    from sqlite_utils import Database

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
        self._db: Database | None = None  # sqlite-utils, made on the first write (store.writing)

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
            sheet._in_transaction(lambda: writing.fill(conn, project))
            conn.close()
            os.replace(temporary, path)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise ProjectError(f"{path}: cannot be written ({error.strerror or error})") from None
        return cls.open(path)[0]

    @classmethod
    def open(
        cls, path: Path, read_only: bool = False, break_stale_lock: bool = False, parts: Parts = None
    ) -> tuple[ProjectFile, Project]:
        """Open and load a project, or raise a ProjectError that says what is wrong with the file.
        Opening for writing takes the project's lock (LockedError names who holds it).

        ``parts``: read only these collections of the project ("cues", "works", … as named on
        ``Project``; a work comes with its interests, a licence with its history), the others left
        empty — for a reader that needs no more (``cuesheet info`` reads the cues of 50,000 in a
        fifth of the time of all of it). The production, settings, film and motifs are always read."""
        path = Path(path)
        if parts is not None and not read_only:
            raise ValueError("a project opened for writing is read whole")
        if read_only and _hot_journal(path):
            read_header(path, recovering=True)  # only our own files are rolled back
            _recover(path)
        hot_journal = _hot_journal(path)
        header = read_header(path, recovering=hot_journal)
        if not hot_journal:
            # Check through a read-only connection, so a refused file is never touched.
            connect = partial(connect_read_only, leave_no_trace=read_only)
            _checked(path, header.user_version, connect, loading.tables_read(parts))
        lock = None if read_only else ProjectLock.acquire(path, break_stale=break_stale_lock)
        try:
            return cls._open_checked(path, header, hot_journal, read_only, lock, parts)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    @classmethod
    def _open_checked(
        cls,
        path: Path,
        header: Header,
        hot_journal: bool,
        read_only: bool,
        lock: ProjectLock | None,
        parts: Parts,
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
                raise DamagedProjectError(f"{path}: cannot be upgraded ({brief(error)})") from None
            sheet = cls(path, conn, read_only, lock)
            return sheet, sheet.load(parts)
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
        the target and renamed into place. Pages, not rows: 50,000 cues are copied in ~70 ms, where
        writing their rows afresh (as ``create`` does) takes ~4 s."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise ProjectError(f"{target}: is the open project itself; choose another name")
        self._refuse_open_write()  # SQLite's backup would wait on our own write for ever
        _backup_into(self._conn, target)

    # -- reading -------------------------------------------------------------------------------

    def load(self, parts: Parts = None) -> Project:
        try:
            return loading.load(self._conn, self.path, parts)
        except (sqlite3.DatabaseError, ValueError, KeyError, TypeError, ArithmeticError) as error:
            raise DamagedProjectError(f"{self.path}: contains invalid data ({brief(error)})") from None

    # -- writing -------------------------------------------------------------------------------

    def persist(self, project: Project, change: Change) -> None:
        """Write exactly what ``change`` touched, in one transaction."""
        self.write(project, change)
        self.commit()

    def write(self, project: Project, change: Change) -> None:
        """Write what ``change`` touched in a transaction left open for ``commit`` (raises with
        nothing written); the one before must have been committed (``Document.flush``)."""
        if self.read_only:
            raise ProjectError(f"{self.path}: is open read-only; save a copy to make changes")
        self._refuse_open_write()  # committing it here would hide its failure from its writer
        self._in_transaction(lambda: self._write(project, change), commit=False)

    def commit(self) -> None:
        """End the transaction ``write`` left open, if any; raises with none of it written."""
        if self._conn.in_transaction:
            self._in_transaction(lambda: None, begin=False)

    def _refuse_open_write(self) -> None:
        if self._conn.in_transaction:
            raise ProjectError(f"{self.path}: an edit is still being saved; commit it first")

    def _in_transaction(self, work: Callable[[], None], begin: bool = True, commit: bool = True) -> None:
        conn = self._conn
        try:
            if begin:
                conn.execute("BEGIN")
            try:
                work()
                if commit:
                    conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise ProjectError(f"{self.path}: could not save the change ({brief(error)})") from None

    def _write(self, project: Project, change: Change) -> None:
        if self._db is None:
            self._db = writing.database(self._conn)
        writing.write(self._db, project, change)


def copy_consistent(source: Path, target: Path) -> None:
    """A consistent copy of a project file through a connection of its own (read only), so that it
    can be made in another thread while the project is open for writing."""
    try:
        conn = connect_read_only(Path(source))
    except sqlite3.Error as error:
        raise ProjectError(f"{source}: cannot be read ({brief(error)})") from None
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
        raise ProjectError(f"{target}: cannot be written ({brief(error)})") from None


def _in_memory_copy(path: Path) -> sqlite3.Connection:
    source = connect_read_only(path)
    try:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        source.backup(conn)
    except sqlite3.Error as error:
        raise DamagedProjectError(f"{path}: cannot be read ({brief(error)})") from None
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
        raise ProjectError(f"{path}: cannot be opened for writing ({brief(error)})") from None
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


def _checked(
    path: Path,
    user_version: int,
    connect: Callable[[Path], sqlite3.Connection],
    tables: Collection[str] | None = None,
) -> None:
    try:
        conn = connect(path)
    except sqlite3.Error as error:
        raise DamagedProjectError(f"{path}: cannot be read ({brief(error)})") from None
    try:
        check_contents(conn, path, user_version, tables)
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
