"""Inputs the command line reads that are not ordinary files: devices, pipes, sockets, oversized or
growing files. Each is refused with one line before anything is opened for writing, within seconds."""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cuesheet import project_service
from cuesheet.domain import limits
from cuesheet.reports.cue_sheet_csv import cue_sheet_csv
from cuesheet.store import files
from cuesheet.store.errors import ProjectError
from cuesheet.store.project_file import ProjectFile
from tests.factories import empty_project, rich_project

HANG = 10  # seconds: a hang-sized limit, never a performance floor


def _limited() -> None:
    # A runaway read must end in MemoryError quickly rather than eat the machine.
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CUESHEET_DEBUG": ""}
    return subprocess.run(
        [sys.executable, "-m", "cuesheet", *map(str, args)],
        capture_output=True, text=True, timeout=HANG + 20, env=env, preexec_fn=_limited,
    )  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, empty_project()).close()
    return path


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    return fifo


def _socket(tmp_path: Path) -> Path:
    path = tmp_path / "sock.csv"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))  # left bound: the test only needs the file system entry
    return path


def _symlink_to_fifo(tmp_path: Path) -> Path:
    link = tmp_path / "link.csv"
    link.symlink_to(_fifo(tmp_path))
    return link


@pytest.mark.parametrize(
    "make",
    [lambda _: Path("/dev/zero"), lambda _: Path("/dev/null"), _fifo, _socket, _symlink_to_fifo],
    ids=["dev-zero", "dev-null", "fifo", "socket", "symlink-to-fifo"],
)
def test_import_refuses_what_is_not_a_regular_file(make, project: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = make(tmp_path)
    before = project.read_bytes()
    started = time.monotonic()
    result = cli("import", project, source)
    assert time.monotonic() - started < HANG
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{source}: is not a regular file" in lines[0], result.stderr
    assert project.read_bytes() == before


def test_oversized_csv_is_refused_before_reading(project: Path, tmp_path: Path) -> None:
    sparse = tmp_path / "huge.csv"
    with sparse.open("wb") as handle:
        handle.truncate(limits.CSV_MAX_BYTES + 1)  # sparse: no disk used, nothing to read quickly
    result = cli("import", project, sparse)
    assert result.returncode == 2
    assert f"the largest CSV that can be imported is {limits.CSV_MAX_BYTES:,} bytes" in result.stderr


@pytest.mark.parametrize("extra", [-1, 0, 1])
def test_csv_size_limit_at_its_edge(extra: int, project: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = cue_sheet_csv(rich_project())
    monkeypatch.setattr(limits, "CSV_MAX_BYTES", len(data) - extra)
    source = tmp_path / "sheet.csv"
    source.write_bytes(data)
    if extra > 0:
        with pytest.raises(ProjectError, match="the largest CSV that can be imported"):
            project_service.import_csv(project, source)
    else:
        assert project_service.import_csv(project, source) == 4


def test_whole_csv_is_read_before_the_lock_is_taken(project: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "sheet.csv"
    source.write_bytes(cue_sheet_csv(rich_project()))
    events: list[str] = []
    real_open, real_read = ProjectFile.open, project_service._read

    def spy_open(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not kwargs.get("read_only", True):
            events.append("lock")
        return real_open(*args, **kwargs)

    def spy_read(*args, **kwargs):  # type: ignore[no-untyped-def]
        events.append("read")
        return real_read(*args, **kwargs)

    monkeypatch.setattr(ProjectFile, "open", spy_open)
    monkeypatch.setattr(project_service, "_read", spy_read)
    assert project_service.import_csv(project, source) == 4
    assert events == ["read", "lock"]


def test_a_refused_source_leaves_no_lock(project: Path, tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="is not a regular file"):
        project_service.import_csv(project, _fifo(tmp_path))
    assert project_service.import_csv(project, _write(tmp_path)) == 4  # nobody holds the lock


def _write(tmp_path: Path) -> Path:
    source = tmp_path / "good.csv"
    source.write_bytes(cue_sheet_csv(rich_project()))
    return source


@pytest.mark.parametrize("command", ["probe", "still"])
def test_films_that_are_pipes_are_refused(command: str, tmp_path: Path) -> None:
    fifo = _fifo(tmp_path)
    extra = ["--at", "01:00:00:00", "-o", str(tmp_path / "x.png")] if command == "still" else []
    result = cli(command, fifo, *extra)
    assert result.returncode == 2
    assert "is not a regular file" in result.stderr


def _denied(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise PermissionError(13, "Permission denied", "/ro/out.csv")


@pytest.mark.parametrize("where", ["is_dir", "write_bytes", "replace"])
@pytest.mark.parametrize("fmt", ["csv", "pdf", "xlsx", "licensing-csv"])
def test_export_into_a_read_only_folder_is_one_line(
    where: str, fmt: str, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A folder the user may not write to or even look into (EACCES from stat, from the temporary
    file or from the rename; root cannot be refused, so the refusal is simulated)."""
    from cuesheet.reports.formats import FORMATS

    if fmt not in FORMATS:
        pytest.skip(f"no {fmt} format")
    target = tmp_path / "ro" / f"out.{fmt}"
    target.parent.mkdir()
    monkeypatch.setattr(os, "replace", _denied) if where == "replace" else monkeypatch.setattr(
        Path, where, _denied
    )
    if where == "is_dir":  # a folder without search permission refuses the clean-up's unlink too
        monkeypatch.setattr(Path, "unlink", _denied)
    with pytest.raises(ProjectError) as caught:
        files.write_atomically(target, project_service.render(rich_project(), fmt))
    assert str(caught.value) == f"{target}: cannot be written (Permission denied)"
    monkeypatch.undo()
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
@pytest.mark.parametrize("mode", [0o555, 0o000])
def test_export_into_a_read_only_folder_from_the_command_line(mode: int, tmp_path: Path) -> None:
    project = tmp_path / "p.cuesheet"
    ProjectFile.create(project, rich_project()).close()
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(mode)
    try:
        for fmt in ("csv", "pdf", "xlsx"):
            result = cli("export", project, "--format", fmt, "-o", folder / f"out.{fmt}")
            assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
            assert f"{folder / f'out.{fmt}'}: cannot be written (Permission denied)" in result.stderr
    finally:
        folder.chmod(0o755)


def test_an_os_error_reaching_the_command_line_names_its_file() -> None:
    from cuesheet.cli import _message

    assert _message(PermissionError(13, "Permission denied", "/x/y.csv")) == "/x/y.csv: Permission denied"
    assert _message(OSError(30, "Read-only file system")) == "Read-only file system"


def test_an_export_to_a_device_writes_into_it_and_never_replaces_it(project: Path) -> None:
    """``-o /dev/null`` once renamed a regular file over /dev/null (as root), for every program."""
    import stat

    result = cli("export", project, "--format", "pdf", "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_an_export_to_a_pipe_nobody_reads_is_refused_at_once(project: Path, tmp_path: Path) -> None:
    """Opening a pipe for writing waits for a reader: with none, the export would hang for good."""
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = cli("export", project, "--format", "csv", "-o", fifo)
    assert time.monotonic() - started < HANG
    assert_one = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(assert_one) == 1 and "is a pipe nobody reads" in assert_one[0]
