"""Who has it open: the sibling lock, stale locks, crashes, and the CLI's writers and readers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from cuesheet.reports.cue_sheet_csv import cue_sheet_csv
from cuesheet.store.errors import ProjectError
from cuesheet.store.lock import LockedError, LockOwner, ProjectLock, is_stale, lock_path
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


# -- two openers at once, and lock files that are not what a lock should be ------------------------


def _contender(folder: Path, trials: int, break_stale: bool, barrier: Any, results: Any) -> None:
    for trial in range(trials):
        project = folder / f"t{trial}.cuesheet"
        barrier.wait(timeout=60)
        lock = None
        try:
            lock = ProjectLock.acquire(project, break_stale=break_stale)
            outcome = "won"
        except LockedError as error:
            outcome = "stale" if error.stale else "live"
        except ProjectError as error:
            outcome = str(error)
        results.put((trial, outcome))
        barrier.wait(timeout=60)  # both have decided before the winner lets go
        if lock is not None:
            lock.release()


def _race(folder: Path, trials: int, break_stale: bool) -> list[list[str]]:
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(target=_contender, args=(folder, trials, break_stale, barrier, results))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    outcomes: list[list[str]] = [[] for _ in range(trials)]
    for _ in range(2 * trials):
        trial, outcome = results.get(timeout=120)
        outcomes[trial].append(outcome)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    return outcomes


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_two_writers_starting_together_one_wins_the_other_is_told_it_is_live(tmp_path: Path) -> None:
    outcomes = _race(tmp_path, 100, break_stale=False)
    false_stale = sum("stale" in pair for pair in outcomes)
    assert false_stale == 0
    odd = [pair for pair in outcomes if sorted(pair) != ["live", "won"]]
    assert not odd, odd[:5]


def test_two_breakers_of_one_stale_lock_never_both_win(tmp_path: Path) -> None:
    dead = _dead_pid()
    since = dt.datetime.now(dt.UTC).isoformat()
    for trial in range(100):
        stale = LockOwner("gone", socket.gethostname(), dead, since)
        lock_path(tmp_path / f"t{trial}.cuesheet").write_text(json.dumps(dataclasses.asdict(stale)))
    outcomes = _race(tmp_path, 100, break_stale=True)
    doubles = sum(pair == ["won", "won"] for pair in outcomes)
    assert doubles == 0 and all(sorted(pair) == ["live", "won"] for pair in outcomes)


def test_an_empty_or_unreadable_lock_is_live_while_young_then_stale(project_path: Path) -> None:
    lock = lock_path(project_path)
    for content in (b"", b"{not json", b"\xff\xfe" * 10):
        lock.write_bytes(content)
        with pytest.raises(LockedError) as young:
            ProjectLock.acquire(project_path, break_stale=True)
        assert not young.value.stale and "1970" not in str(young.value)
        old = time.time() - 3600
        os.utime(lock, (old, old))
        with pytest.raises(LockedError) as aged:
            ProjectLock.acquire(project_path)
        assert aged.value.stale
        ProjectLock.acquire(project_path, break_stale=True).release()
        assert not lock.exists()


def test_a_huge_sparse_lock_is_not_read_whole(project_path: Path) -> None:
    with lock_path(project_path).open("wb") as handle:
        handle.truncate(256 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(LockedError):
            ProjectLock.acquire(project_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024


def test_a_full_disk_leaves_no_lock_behind(project_path: Path) -> None:
    """RLIMIT_FSIZE=0 makes every write fail as a full disk does (EFBIG instead of ENOSPC)."""
    code = (
        "import resource, signal, sys\n"
        "from cuesheet.store.lock import ProjectLock\nfrom cuesheet.store.errors import ProjectError\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\nresource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))\n"
        f"try:\n    ProjectLock.acquire(__import__('pathlib').Path({str(project_path)!r}))\n"
        "except ProjectError as error:\n    print(error)\n    sys.exit(3)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr[-2000:]
    assert "cannot be locked for writing" in result.stdout
    assert sorted(p.name for p in project_path.parent.iterdir()) == [project_path.name]
    ProjectLock.acquire(project_path).release()  # the next writer is not blocked


def test_a_dangling_symlink_lock_can_be_broken(project_path: Path, tmp_path: Path) -> None:
    lock = lock_path(project_path)
    lock.symlink_to(tmp_path / "gone")
    with pytest.raises(LockedError) as young:
        ProjectLock.acquire(project_path, break_stale=True)
    assert not young.value.stale
    old = time.time() - 3600
    os.utime(lock, (old, old), follow_symlinks=False)
    with pytest.raises(LockedError, match="stale lock"):
        ProjectLock.acquire(project_path)
    held = ProjectLock.acquire(project_path, break_stale=True)
    assert not lock.is_symlink() and json.loads(lock.read_text())["pid"] == os.getpid()
    held.release()


def test_a_lock_that_is_a_folder_gives_a_one_line_message(project_path: Path) -> None:
    lock_path(project_path).mkdir()
    for break_stale in (False, True):
        with pytest.raises(ProjectError) as caught:
            ProjectLock.acquire(project_path, break_stale=break_stale)
        message = str(caught.value)
        assert "is a folder" in message and "Errno" not in message and "\n" not in message
    assert lock_path(project_path).is_dir()  # left for the user to look at
