"""Who has it open: the sibling lock, stale locks, crashes, and the CLI's writers and readers."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cuesheet.reports.cue_sheet_csv import cue_sheet_csv
from cuesheet.store.lock import LockedError, LockOwner, is_stale, lock_path
from cuesheet.store.project_file import ProjectFile
from tests.factories import rich_project
from tests.unit.test_cli import assert_one_line_error, run


def test_a_second_writer_is_told_who_has_it(project_path: Path) -> None:
    first, _ = ProjectFile.open(project_path)
    assert lock_path(project_path).exists()
    owner = json.loads(lock_path(project_path).read_text())
    assert owner["pid"] == os.getpid() and owner["user"] and owner["host"]
    with pytest.raises(LockedError, match="open for writing by") as caught:
        ProjectFile.open(project_path)
    assert not caught.value.stale
    reader, _ = ProjectFile.open(project_path, read_only=True)  # reading needs no lock
    reader.close()
    first.close()
    assert not lock_path(project_path).exists()
    ProjectFile.open(project_path)[0].close()


def test_a_crashed_writer_leaves_a_stale_lock_that_can_be_broken(project_path: Path) -> None:
    code = (
        "import time\nfrom cuesheet.store.project_file import ProjectFile\n"
        f"ProjectFile.open({str(project_path)!r})\ntime.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 30
    while not lock_path(project_path).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    with pytest.raises(LockedError) as live:
        ProjectFile.open(project_path)
    assert not live.value.stale
    child.send_signal(signal.SIGKILL)
    child.wait()
    with pytest.raises(LockedError, match="stale lock") as stale:
        ProjectFile.open(project_path)  # not broken without being asked
    assert stale.value.stale
    ProjectFile.open(project_path, break_stale_lock=True)[0].close()
    assert not lock_path(project_path).exists()


def test_locks_from_other_hosts_go_stale_with_age() -> None:
    now = dt.datetime.now(dt.UTC)
    fresh = LockOwner("ana", "other-host", 1, (now - dt.timedelta(hours=1)).isoformat())
    old = LockOwner("ana", "other-host", 1, (now - dt.timedelta(days=2)).isoformat())
    assert not is_stale(fresh) and is_stale(old)
    assert is_stale(fresh, max_age=dt.timedelta(minutes=30))


def test_cli_writers_refuse_a_locked_project_readers_work(project_path: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "in.csv"
    sheet.write_bytes(cue_sheet_csv(rich_project()))
    holder, _ = ProjectFile.open(project_path)
    try:
        before = project_path.read_bytes()
        assert_one_line_error(run("import", project_path, sheet), "open for writing by")
        assert project_path.read_bytes() == before
        assert run("info", project_path).returncode == 0
        assert run("export", project_path, "--format", "csv", "-o", tmp_path / "out.csv").returncode == 0
        assert run("check", project_path).returncode in (0, 1)
    finally:
        holder.close()
    assert run("import", project_path, sheet).returncode == 0
