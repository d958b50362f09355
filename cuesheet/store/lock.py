"""Who has a project open for writing: a sibling lock file, in the LibreOffice manner.

``.~lock.NAME#`` next to the project names the user, host, process and time. It works across
machines on a shared drive (SQLite's own locks do not say who, and are unreliable on network
filesystems). A lock is stale when its process is gone on this host, or when it is older than
``max_age`` on another host; a stale lock is broken only when the caller says so (after the user
confirmed).

Races: the owner is written to a temporary file that is then hard-linked into place (``link`` fails
when the name exists), so a lock is never visible empty and two openers cannot both win. A lock that
is empty or unreadable anyway (another program, a filesystem without hard links) counts as live for
``LOCK_GRACE_SECONDS`` after its last change. Breaking renames the stale lock aside and removes it only
if it is the very lock judged stale, so two breakers cannot both win. At most ``LOCK_READ_MAX`` bytes
of a lock are read, and a lock is never followed through a symlink.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import json
import os
import secrets
import socket
import stat
from dataclasses import asdict, dataclass
from pathlib import Path

from cuesheet.domain.limits import LOCK_GRACE_SECONDS, LOCK_READ_MAX
from cuesheet.store.errors import ProjectError

DEFAULT_MAX_AGE = dt.timedelta(hours=12)


@dataclass(frozen=True)
class LockOwner:
    user: str
    host: str
    pid: int
    since: str  # ISO time, UTC

    def describe(self) -> str:
        since = self.since.replace("T", " ")[:16]
        if not self.host:  # empty or unreadable: named by when it last changed
            return f"an unknown writer (its lock file cannot be read; last changed {since} UTC)"
        return f"{self.user} on {self.host} (process {self.pid}) since {since} UTC"


class LockedError(ProjectError):
    """Someone else has the project open for writing."""

    def __init__(self, path: Path, owner: LockOwner, stale: bool) -> None:
        self.path, self.owner, self.stale = path, owner, stale
        state = "a stale lock left by" if stale else "open for writing by"
        owner_text = owner.describe()
        hint = "; break the stale lock to continue" if stale else "; open it read-only or save a copy"
        super().__init__(f"{path}: is {state} {owner_text}{hint}")


def lock_path(project: Path) -> Path:
    return project.with_name(f".~lock.{project.name}#")


def me() -> LockOwner:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown user"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return LockOwner(user, socket.gethostname(), os.getpid(), now)


def read_owner(project: Path) -> LockOwner | None:
    """Who holds the project's lock; None when there is no lock."""
    found = _examine(project)
    return found[0] if found else None


def is_stale(owner: LockOwner, max_age: dt.timedelta = DEFAULT_MAX_AGE) -> bool:
    try:
        since = dt.datetime.fromisoformat(owner.since)
    except ValueError:
        return True
    age = dt.datetime.now(dt.UTC) - since
    if not owner.host:  # unreadable: live while it may still be being written
        return age > dt.timedelta(seconds=LOCK_GRACE_SECONDS)
    if owner.host == socket.gethostname():
        return not _alive(owner.pid)
    return age > max_age


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else
    except OverflowError:
        return False
    return True


class ProjectLock:
    """Held while a project is open for writing; ``release`` removes it if it is still ours."""

    def __init__(self, project: Path, owner: LockOwner) -> None:
        self.project, self.owner = project, owner

    @classmethod
    def acquire(
        cls, project: Path, break_stale: bool = False, max_age: dt.timedelta = DEFAULT_MAX_AGE
    ) -> ProjectLock:
        owner = me()
        for _ in range(4):
            if _place(project, owner):
                return cls(project, owner)
            found = _examine(project)
            if found is None:
                continue  # released between our two calls: try again
            current, facts = found
            stale = is_stale(current, max_age)
            if not (stale and break_stale):
                raise LockedError(project, current, stale)
            _break(project, current, facts)
        raise ProjectError(f"{project}: cannot be locked for writing (the lock keeps changing)")

    def release(self) -> None:
        found = _examine(self.project)
        if found is not None and found[0] == self.owner:
            lock_path(self.project).unlink(missing_ok=True)


def _cannot(project: Path, error: OSError) -> ProjectError:
    return ProjectError(f"{project}: cannot be locked for writing ({error.strerror or error})")


def _place(project: Path, owner: LockOwner) -> bool:
    """Put a complete lock into place; False when one is already there."""
    path = lock_path(project)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    data = json.dumps(asdict(owner)).encode()
    try:
        _write_new(temporary, data)
        os.link(temporary, path, follow_symlinks=False)
        return True
    except FileExistsError:
        return False
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV):
            raise _cannot(project, error) from None
    finally:
        temporary.unlink(missing_ok=True)
    # No hard links here (some network drives): create in place; the grace period covers the moment
    # the lock is empty, and what could not be written is removed.
    try:
        _write_new(path, data)
    except FileExistsError:
        return False
    except OSError as error:
        raise _cannot(project, error) from None
    return True


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (never an existing one) holding ``data``; nothing is left when that fails."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        try:
            if os.write(descriptor, data) != len(data):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        finally:
            os.close(descriptor)
    except OSError:
        path.unlink(missing_ok=True)
        raise


def _examine(project: Path) -> tuple[LockOwner, os.stat_result] | None:
    """The lock's owner and the facts of the very file it was read from; None when there is none.
    An empty, foreign, over-long or symlinked lock has an unknown owner dated by its last change."""
    path = lock_path(project)
    try:
        facts = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _cannot(project, error) from None
    if stat.S_ISDIR(facts.st_mode):
        raise ProjectError(
            f"{project}: cannot be locked for writing: its lock {path.name!r} is a folder; remove it"
        )
    data = b""
    if stat.S_ISREG(facts.st_mode):
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            return None
        except OSError:
            descriptor = -1
        if descriptor >= 0:
            try:
                facts = os.fstat(descriptor)
                data = os.read(descriptor, LOCK_READ_MAX + 1) if stat.S_ISREG(facts.st_mode) else b""
            except OSError:
                data = b""
            finally:
                os.close(descriptor)
    return _owner(data, facts), facts


def _owner(data: bytes, facts: os.stat_result) -> LockOwner:
    if 0 < len(data) <= LOCK_READ_MAX:
        try:
            record = json.loads(data.decode("utf-8"))
            return LockOwner(
                str(record["user"])[:100],
                str(record["host"])[:255],
                int(record["pid"]),
                str(record["since"])[:40],
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            pass
    changed = dt.datetime.fromtimestamp(facts.st_mtime, dt.UTC).replace(microsecond=0)
    return LockOwner("unknown", "", 0, changed.isoformat())


def _same(a: os.stat_result, b: os.stat_result) -> bool:
    # Not the inode alone: a removed lock's inode number is often reused at once by the next lock.
    keys = ("st_dev", "st_ino", "st_mtime_ns", "st_size", "st_mode")
    return all(getattr(a, key) == getattr(b, key) for key in keys)


def _break(project: Path, judged: LockOwner, facts: os.stat_result) -> None:
    """Remove the lock judged stale, and only that one: renamed aside (one breaker gets it), checked
    to be the same file with the same owner, then removed; a newer lock taken by mistake goes back."""
    path = lock_path(project)
    aside = path.with_name(f"{path.name}.stale.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        if not _same(os.lstat(path), facts):
            return  # it changed since we judged it: judge again
        os.rename(path, aside)
    except FileNotFoundError:
        return  # another breaker took it first
    except OSError as error:
        raise _cannot(project, error) from None
    try:
        taken = os.lstat(aside)
        owner = _owner(_read_plain(aside, taken), taken)
        if _same(taken, facts) and owner == judged:
            return
        with contextlib.suppress(FileExistsError):  # someone's live lock: put it back
            os.link(aside, path, follow_symlinks=False)
    finally:
        aside.unlink(missing_ok=True)


def _read_plain(path: Path, facts: os.stat_result) -> bytes:
    if not stat.S_ISREG(facts.st_mode):
        return b""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return b""
    try:
        return os.read(descriptor, LOCK_READ_MAX + 1)
    except OSError:
        return b""
    finally:
        os.close(descriptor)
