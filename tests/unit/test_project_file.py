"""The project file: round trip, one transaction per edit, and files it must refuse untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cuesheet import project_service
from cuesheet.domain.commands import EditCue, EditProduction
from cuesheet.domain.history import Document
from cuesheet.store.backups import list_backups
from cuesheet.store.errors import DamagedProjectError, NewerProjectError, NotAProjectError, ProjectError
from cuesheet.store.lock import ProjectLock, lock_path
from cuesheet.store.project_file import ProjectFile
from cuesheet.store.schema import APPLICATION_ID, SCHEMA_VERSION
from tests.factories import rich_project


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    original = rich_project("29.97df")
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, original).close()
    sheet, loaded = ProjectFile.open(path)
    sheet.close()
    assert loaded == original


def test_file_is_marked_as_ours(project_path: Path) -> None:
    conn = sqlite3.connect(project_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_create_refuses_to_overwrite(project_path: Path) -> None:
    before = _digest(project_path)
    with pytest.raises(ProjectError, match="already exists"):
        ProjectFile.create(project_path, rich_project())
    assert _digest(project_path) == before


def test_each_edit_is_on_disk_when_it_returns(project_path: Path) -> None:
    sheet, project = ProjectFile.open(project_path)
    document = Document(project, sheet)
    cue = project.cues_in_order()[0]
    document.execute(EditCue(cue.id, end=cue.end + 5, notes="checked"))
    document.execute(EditProduction(title="Renamed"))
    # Another connection (another process would be the same) sees it without any save or close.
    other, seen = ProjectFile.open(project_path, read_only=True)
    assert seen.cues[cue.id].end == cue.end + 5 and seen.cues[cue.id].notes == "checked"
    assert seen.production.title == "Renamed"
    other.close()
    document.undo()
    other, seen = ProjectFile.open(project_path, read_only=True)
    assert seen.production.title == "Test Film"
    other.close()
    sheet.close()


def test_a_failed_transaction_writes_nothing(project_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet, project = ProjectFile.open(project_path)
    document = Document(project, sheet)
    cue = project.cues_in_order()[0]
    real_write = ProjectFile._write

    def half_then_fail(self, project, change):  # type: ignore[no-untyped-def]
        real_write(self, project, change)  # every row written…
        raise sqlite3.OperationalError("disk I/O error")  # …then the commit never happens

    monkeypatch.setattr(ProjectFile, "_write", half_then_fail)
    with pytest.raises(ProjectError, match="could not save the change"):
        document.execute(EditCue(cue.id, number="9M99"))
    assert project.cues[cue.id].number == "1M01"
    sheet.close()
    _, reloaded = ProjectFile.open(project_path, read_only=True)
    assert reloaded.cues[cue.id].number == "1M01"


def test_read_only_open_refuses_writes(project_path: Path) -> None:
    sheet, project = ProjectFile.open(project_path, read_only=True)
    with pytest.raises(ProjectError, match="read-only"):
        Document(project, sheet).execute(EditProduction(title="x"))
    sheet.close()


def test_connection_does_not_trust_the_schema(project_path: Path) -> None:
    sheet, _ = ProjectFile.open(project_path)
    assert sheet._conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    sheet.close()


# -- files that must be refused with a clear message, and left byte-identical ------------------


def _text_file(path: Path) -> None:
    path.write_text("Seq,Cue #\n1,1M01\n")


def _zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    ProjectFile.create(path, rich_project()).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()


def _truncated(path: Path) -> None:
    ProjectFile.create(path, rich_project()).close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _truncated_header(path: Path) -> None:
    ProjectFile.create(path, rich_project()).close()
    path.write_bytes(path.read_bytes()[:60])


def _corrupt(path: Path) -> None:
    ProjectFile.create(path, rich_project()).close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page, len(data), 7):  # scribble over every page after the first
        data[offset] = (data[offset] + 0x55) & 0xFF
    path.write_bytes(bytes(data))


def _planted_trigger(path: Path) -> None:
    ProjectFile.create(path, rich_project()).close()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TRIGGER evil AFTER UPDATE ON cues BEGIN DELETE FROM parties; END")
    conn.commit()
    conn.close()


def _wrong_columns(path: Path) -> None:
    ProjectFile.create(path, rich_project()).close()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE cues RENAME COLUMN notes TO remarks")
    conn.commit()
    conn.close()


def _bad_value(path: Path) -> None:
    ProjectFile.create(path, rich_project()).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE cues SET origin = 'stolen'")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (_text_file, NotAProjectError, "not an SQLite database"),
        (_zero_bytes, NotAProjectError, "empty file"),
        (_foreign_sqlite, NotAProjectError, "written by another program"),
        (_newer, NewerProjectError, "newer version of Cuesheet"),
        (_truncated, DamagedProjectError, "truncated"),
        (_truncated_header, DamagedProjectError, "truncated"),
        (_corrupt, DamagedProjectError, "damaged"),
        (_planted_trigger, NotAProjectError, "trigger evil"),
        (_wrong_columns, DamagedProjectError, "table 'cues' has unexpected columns"),
        (_bad_value, DamagedProjectError, "invalid data"),
    ],
)
def test_bad_files_are_refused_untouched(tmp_path: Path, make, error, message) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "received.cuesheet"
    make(path)
    before = _digest(path)
    with pytest.raises(error, match=message) as caught:
        ProjectFile.open(path)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["received.cuesheet"]  # no journal left


def test_folder_and_missing_file(tmp_path: Path) -> None:
    folder = tmp_path / "x.cuesheet"
    folder.mkdir()
    with pytest.raises(NotAProjectError, match="is a folder"):
        ProjectFile.open(folder)
    with pytest.raises(ProjectError, match="no such file"):
        ProjectFile.open(tmp_path / "missing.cuesheet")


def test_old_file_is_backed_up_then_upgraded(tmp_path: Path, _private_data_dir: Path) -> None:
    # A version-0 file of ours: application id set, schema not yet created.
    path = tmp_path / "old.cuesheet"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute("CREATE TABLE scratch (x)")
    conn.commit()
    conn.close()
    original = path.read_bytes()
    with pytest.raises(DamagedProjectError, match="no production record"):
        ProjectFile.open(path)  # upgraded, but holds no production: reported, not crashed
    backups = list_backups(path)  # with the rolling backups, where restore finds it
    assert len(backups) == 1 and backups[0].read_bytes() == original


def test_save_copy_is_a_complete_project(project_path: Path, tmp_path: Path) -> None:
    sheet, project = ProjectFile.open(project_path)
    Document(project, sheet).execute(EditProduction(title="Copied"))
    copy = tmp_path / "copy.cuesheet"
    sheet.save_copy(copy)
    with pytest.raises(ProjectError, match="open project itself"):
        sheet.save_copy(project_path)
    sheet.close()
    other, loaded = ProjectFile.open(copy)
    other.close()
    assert loaded.production.title == "Copied" and len(loaded.cues) == 4


def _wal_file(path: Path) -> None:
    """A project someone switched to WAL with another SQLite tool (header bytes 18-19 become 2)."""
    ProjectFile.create(path, rich_project()).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    conn.close()
    assert path.read_bytes()[18:20] == b"\x02\x02"


def test_a_project_in_wal_mode_is_put_back_to_the_rollback_journal(tmp_path: Path) -> None:
    """Shared drives: WAL needs shared memory that SMB/NFS do not provide between machines, so every
    project is written with the rollback journal, whatever mode the received file was left in."""
    path = tmp_path / "wal.cuesheet"
    _wal_file(path)
    reader, loaded = ProjectFile.open(path, read_only=True)
    assert len(loaded.cues) == 4
    reader.close()
    sheet, project = ProjectFile.open(path)
    assert path.read_bytes()[18:20] == b"\x01\x01"
    Document(project, sheet).execute(EditCue(next(iter(project.cues)), notes="edited"))
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(("-wal", "-shm", "-journal"))]
    sheet.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


# -- after a crash: a hot journal beside an intact project ------------------------------------------


def _hot_journal(path: Path) -> None:
    """A writer killed mid-transaction (a small cache forces pages out before the commit)."""
    code = (
        "import os, signal, sqlite3\n"
        f"conn = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "conn.execute('PRAGMA cache_size=1')\nconn.execute('BEGIN IMMEDIATE')\n"
        "conn.execute(\"UPDATE production SET title = 'half-written'\")\n"
        "conn.execute(\"UPDATE cues SET notes = printf('%.3000c', 'x')\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", code], timeout=60)
    journal = Path(f"{path}-journal")
    assert journal.is_file() and journal.stat().st_size > 0


def test_a_reader_that_may_write_recovers_an_interrupted_project(project_path: Path) -> None:
    _hot_journal(project_path)
    for read in (
        lambda: ProjectFile.open(project_path, read_only=True)[0].close(),
        lambda: project_service.summary(project_path),
        lambda: project_service.compare(project_path, project_path),
    ):
        read()
        assert not Path(f"{project_path}-journal").exists()
        _hot_journal(project_path)
    assert project_service.read_project(project_path).production.title == "Test Film"  # rolled back
    assert not lock_path(project_path).exists()
    conn = sqlite3.connect(project_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_reader_that_may_not_write_says_the_project_was_interrupted(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hot_journal(project_path)
    holder = ProjectLock.acquire(project_path)  # someone holds the lock: the reader may not recover
    try:
        before = _digest(project_path)
        for read in (
            lambda: ProjectFile.open(project_path, read_only=True),
            lambda: project_service.summary(project_path),
            lambda: project_service.read_other(project_path.with_name("x.cuesheet"), project_path),
        ):
            with pytest.raises(ProjectError) as caught:
                read()
            message = str(caught.value)
            assert "interrupted while being written" in message and "open it for writing" in message
            assert "damaged" not in message and "readonly" not in message and "\n" not in message
        assert _digest(project_path) == before
    finally:
        holder.release()
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)  # a read-only folder or file
    with pytest.raises(ProjectError, match="interrupted while being written"):
        ProjectFile.open(project_path, read_only=True)
    monkeypatch.undo()
    ProjectFile.open(project_path)[0].close()  # opening for writing once recovers it
    assert not Path(f"{project_path}-journal").exists()


def test_read_only_commands_leave_a_wal_mode_file_and_its_folder_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "wal.cuesheet"
    _wal_file(path)
    before = _digest(path)
    other = tmp_path / "other.cuesheet"
    ProjectFile.create(other, rich_project()).close()
    listing = sorted(p.name for p in tmp_path.iterdir())
    ProjectFile.open(path, read_only=True)[0].close()
    project_service.summary(path)
    project_service.compare(other, path)
    project_service.read_other(other, path)
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no -wal, no -shm
    assert _digest(path) == before
    planted = tmp_path / "planted.cuesheet"  # refused, and also left as it was
    _wal_file(planted)
    conn = sqlite3.connect(planted)
    conn.execute("CREATE VIEW v AS SELECT 1")
    conn.close()
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(NotAProjectError, match="view v"):
        ProjectFile.open(planted, read_only=True)
    with pytest.raises(NotAProjectError, match="view v"):
        ProjectFile.open(planted)
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_a_wal_file_with_its_log_beside_it_is_named_not_misread(tmp_path: Path) -> None:
    """Changes still in the -wal file: a read-only open cannot fold them in without writing, so it
    says so; opening for writing folds them in."""
    path = tmp_path / "wal.cuesheet"
    _wal_file(path)
    code = (
        "import os, signal, sqlite3\n"
        f"conn = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "conn.execute('PRAGMA wal_autocheckpoint=0')\n"
        "conn.execute(\"UPDATE production SET title = 'In the log'\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", code], timeout=60)
    assert Path(f"{path}-wal").stat().st_size > 0
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(ProjectError, match="write-ahead log") as caught:
        ProjectFile.open(path, read_only=True)
    assert "\n" not in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == listing
    sheet, project = ProjectFile.open(path)
    sheet.close()
    assert project.production.title == "In the log"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wal.cuesheet"]
