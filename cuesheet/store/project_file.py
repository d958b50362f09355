"""The ``.cuesheet`` project file: one SQLite database, one transaction per edit.

Journal mode is the rollback journal (``DELETE``) with ``synchronous=FULL``, deliberately not WAL:
projects are opened from shared drives, and WAL needs shared memory that network filesystems do not
provide; a closed project is also always one self-contained file that can be mailed as it is.
Each ``persist`` is one transaction, committed before the edit is shown, so what a user has seen
applied is on disk.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from cuesheet.domain.commands import Change
from cuesheet.domain.limits import TEXT_MAX
from cuesheet.domain.project import Project
from cuesheet.store import backups, rows
from cuesheet.store.errors import DamagedProjectError, ProjectError
from cuesheet.store.inspect import Header, check_contents, connect_read_only, harden, read_header
from cuesheet.store.lock import ProjectLock
from cuesheet.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, TABLES

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
        self._db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)

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
            return self._load()
        except (sqlite3.DatabaseError, ValueError, KeyError, TypeError, ArithmeticError) as error:
            raise DamagedProjectError(f"{self.path}: contains invalid data ({error})") from None

    def _load(self) -> Project:
        production_rows = list(self._select("production"))
        if len(production_rows) != 1:
            raise DamagedProjectError(f"{self.path}: has no production record")
        media = list(self._select("media"))
        interests: dict[str, list[rows.Row]] = {}
        for row in self._select("interests"):
            interests.setdefault(row["work_id"], []).append(row)
        production = rows.production_from(production_rows[0])
        project = Project(
            production=production,
            settings=rows.settings_from(list(self._select("settings"))),
            media=rows.media_from(media[0], production.rate) if media else None,
            motifs=[r["name"] for r in self._select("motifs", order_by="position")],
        )
        for row in self._select("parties"):
            party = rows.party_from(row)
            project.parties[party.id] = party
        for row in self._select("works"):
            work = rows.work_from(row, interests.get(row["id"], []))
            project.works[work.id] = work
        for row in self._select("recordings"):
            recording = rows.recording_from(row)
            project.recordings[recording.id] = recording
        for row in self._select("cues"):
            cue = rows.cue_from(row, production.rate)
            project.cues[cue.id] = cue
        history: dict[str, list[rows.Row]] = {}
        for row in self._select("licence_history"):
            history.setdefault(row["licence_id"], []).append(row)
        for row in self._select("licences"):
            licence = rows.licence_from(row, history.get(row["id"], []))
            project.licences[licence.id] = licence
        for row in self._select("agreements"):
            agreement = rows.agreement_from(row)
            project.agreements[agreement.id] = agreement
        return project

    def _select(self, table: str, order_by: str = "") -> Iterator[rows.Row]:
        """The columns this version knows, named (never ``SELECT *`` from a received file), read as
        tuples and named in Python."""
        columns = TABLES[table]
        listed = ", ".join(_clipped(table, c) for c in columns)
        order = f' ORDER BY "{order_by}"' if order_by else ""
        cursor = self._conn.execute(f'SELECT {listed} FROM "{table}"{order}')
        return (dict(zip(columns, values, strict=True)) for values in cursor)

    # -- writing -------------------------------------------------------------------------------

    def persist(self, project: Project, change: Change) -> None:
        """Write exactly what ``change`` touched, in one transaction."""
        if self.read_only:
            raise ProjectError(f"{self.path}: is open read-only; save a copy to make changes")
        try:
            with self._db.atomic():
                self._write(project, change)
        except sqlite3.Error as error:
            raise ProjectError(f"{self.path}: could not save the change ({error})") from None

    def _write(self, project: Project, change: Change) -> None:
        db = self._db
        _sync(db.table("parties"), change.parties, project.parties, rows.party_row)
        _sync(db.table("recordings"), change.recordings, project.recordings, rows.recording_row)
        _sync(db.table("works"), change.works, project.works, rows.work_row)
        _sync_children(db.table("interests"), "work_id", change.works, project.works, rows.interest_rows)
        _sync(db.table("cues"), change.cues, project.cues, rows.cue_row)
        _sync(db.table("licences"), change.licences, project.licences, rows.licence_row)
        _sync(db.table("agreements"), change.agreements, project.agreements, rows.agreement_row)
        _sync_children(
            db.table("licence_history"), "licence_id", change.licences, project.licences, rows.history_rows
        )
        if change.production:
            db.table("production").upsert(rows.production_row(project.production), pk="id")
        if change.settings:
            db.table("settings").upsert_all(rows.settings_rows(project.settings), pk="key")
        if change.media:
            db.table("media").delete_where()
            if project.media is not None:
                db.table("media").insert(rows.media_row(project.media))
        if change.motifs:
            db.table("motifs").delete_where()
            db.table("motifs").insert_all({"position": i, "name": n} for i, n in enumerate(project.motifs))


_Item = TypeVar("_Item")


def _sync(
    table: sqlite_utils.db.Table,
    ids: set[str],
    items: Mapping[str, _Item],
    to_row: Callable[[_Item], rows.Row],
) -> None:
    present = [to_row(items[i]) for i in sorted(ids) if i in items]
    for gone in sorted(i for i in ids if i not in items):
        table.delete_where("id = ?", [gone])
    if present:
        table.upsert_all(present, pk="id")


def _sync_children(
    table: sqlite_utils.db.Table,
    key: str,
    ids: set[str],
    items: Mapping[str, _Item],
    to_rows: Callable[[_Item], list[rows.Row]],
) -> None:
    """Rows that belong to a parent (a work's interests, a licence's history): rewritten whole."""
    for parent_id in sorted(ids):
        table.delete_where(f"{key} = ?", [parent_id])
        if parent_id in items:
            table.insert_all(to_rows(items[parent_id]))


def _clipped(table: str, column: str) -> str:
    """The column, with a text or blob cut to its bound by SQLite (a 1 GB title is never read)."""
    limit = rows.TEXT_LIMITS.get((table, column), TEXT_MAX)
    quoted = f'"{column}"'
    return (
        f"CASE WHEN typeof({quoted}) IN ('text', 'blob') THEN substr({quoted}, 1, {limit}) ELSE {quoted} END"
    )


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
