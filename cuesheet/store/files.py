"""Regular files read and written safely: whatever a path names (a device, a pipe, a folder, a
file growing while read) is refused or handled before it can hang or replace anything.
Shared by the services, the command line and the window; no project-file logic here."""

from __future__ import annotations

import errno
import os
import stat
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

from cuesheet.domain import limits
from cuesheet.store.errors import ProjectError


def read_regular(path: Path, limit: int | None = None, what: str = "CSV") -> bytes:
    """A regular file's whole content, at most ``limit`` bytes (``limits.CSV_MAX_BYTES``); ``what``
    the file is called in messages.

    Devices, pipes and sockets are refused before they are read (``/dev/zero`` never ends, a pipe
    may never be written); the file is opened non-blocking and checked again once open, so one
    swapped in after the first check cannot hang the read either."""
    limit = limits.CSV_MAX_BYTES if limit is None else limit
    _check_regular(_stat(path), path, limit, what)
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    )
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise ProjectError(f"{path}: cannot be read ({error.strerror or error})") from None
    with os.fdopen(descriptor, "rb") as handle:
        _check_regular(os.fstat(descriptor), path, limit, what)
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise ProjectError(f"{path}: cannot be read ({error.strerror or error})") from None
    if len(data) > limit:  # it grew while being read
        raise ProjectError(f"{path}: the largest {what} that can be imported is {limit:,} bytes")
    return data


MaybePath = TypeVar("MaybePath", Path, None)


def refuse_special_file(path: MaybePath) -> MaybePath:
    """``path`` unless it is a device, pipe or socket (``/dev/zero`` never ends; a pipe with no
    writer blocks forever), refused before anything opens it. Missing files and folders are left
    to the reader, which names them."""
    try:
        mode = os.stat(path).st_mode if path is not None else stat.S_IFREG
    except OSError:
        return path
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise ProjectError(f"{path}: is not a regular file (a device, pipe or socket)")
    return path


def _stat(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise ProjectError(f"{path}: no such file") from None
    except OSError as error:
        raise ProjectError(f"{path}: cannot be read ({error.strerror or error})") from None


def _write_into(path: Path, data: bytes) -> None:
    """Into a device or pipe: opened without waiting (a pipe nobody reads would hang the export for
    good: ENXIO, said in one line), then written waiting as a pipe's reader takes the bytes."""
    try:
        descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise ProjectError(f"{path}: is a pipe nobody reads; start its reader first") from None
        raise
    os.set_blocking(descriptor, True)
    with os.fdopen(descriptor, "wb") as device:
        device.write(data)


def _check_regular(info: os.stat_result, path: Path, limit: int, what: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ProjectError(f"{path}: is a folder, not a {what} file")
    if not stat.S_ISREG(info.st_mode):
        raise ProjectError(
            f"{path}: is not a regular file (a device, pipe or socket); save it as a file first"
        )
    if info.st_size > limit:
        raise ProjectError(
            f"{path}: is {info.st_size:,} bytes; the largest {what} that can be imported is {limit:,} bytes"
        )


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a failed export never leaves half a file. A device
    or pipe (``-o /dev/null``, a named pipe) is written into, never replaced: renaming over it would
    put a regular file where /dev/null was, for every program on the machine."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if path.is_dir():  # inside the try: a folder one may not look into raises EACCES here
            raise ProjectError(f"{path}: is a folder; give a file name")
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            mode = stat.S_IFREG
        if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
            _write_into(path, data)
            return
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:
        with suppress(OSError):  # in a folder one may not write to, even the clean-up is refused
            temporary.unlink(missing_ok=True)
        raise ProjectError(f"{path}: cannot be written ({error.strerror or error})") from None
