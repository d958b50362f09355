"""Who has a project open for writing: a sibling lock file, in the LibreOffice manner.

``.~lock.NAME#`` next to the project names the user, host, process and time. It works across
machines on a shared drive (SQLite's own locks do not say who, and are unreliable on network
filesystems). A lock is stale when its process is gone on this host, or when it is older than
``max_age`` on another host; a stale lock is broken only when the caller says so (after the user
confirmed). Created with O_EXCL, so two openers cannot both win.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
from dataclasses import asdict, dataclass
from pathlib import Path

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
        return f"{self.user} on {self.host} (process {self.pid}) since {since} UTC"


class LockedError(ProjectError):
    """Someone else has the project open for writing."""

    def __init__(self, path: Path, owner: LockOwner, stale: bool) -> None:
        self.path, self.owner, self.stale = path, owner, stale
        state = "a stale lock left by" if stale else "open for writing by"
        hint = "; break the stale lock to continue" if stale else "; open it read-only or save a copy"
        super().__init__(f"{path}: is {state} {owner.describe()}{hint}")


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
    try:
        data = json.loads(lock_path(project).read_text(encoding="utf-8"))
        return LockOwner(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # Unreadable or foreign content: treat as a lock of unknown owner, old enough to be stale.
        return LockOwner("unknown", "unknown", 0, "1970-01-01T00:00:00+00:00")


def is_stale(owner: LockOwner, max_age: dt.timedelta = DEFAULT_MAX_AGE) -> bool:
    if owner.host == socket.gethostname():
        return not _alive(owner.pid)
    try:
        since = dt.datetime.fromisoformat(owner.since)
    except ValueError:
        return True
    return dt.datetime.now(dt.UTC) - since > max_age


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else
    return True


class ProjectLock:
    """Held while a project is open for writing; ``release`` removes it if it is still ours."""

    def __init__(self, project: Path, owner: LockOwner) -> None:
        self.project, self.owner = project, owner

    @classmethod
    def acquire(
        cls, project: Path, break_stale: bool = False, max_age: dt.timedelta = DEFAULT_MAX_AGE
    ) -> ProjectLock:
        path = lock_path(project)
        owner = me()
        for _ in range(2):
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                current = read_owner(project)
                if current is None:
                    continue  # released between our two calls: try again
                stale = is_stale(current, max_age)
                if not (stale and break_stale):
                    raise LockedError(project, current, stale) from None
                path.unlink(missing_ok=True)
                continue
            except OSError as error:
                raise ProjectError(
                    f"{project}: cannot be locked for writing ({error.strerror or error})"
                ) from None
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(asdict(owner), handle)
            return cls(project, owner)
        raise ProjectError(f"{project}: cannot be locked for writing (the lock keeps changing)")

    def release(self) -> None:
        if read_owner(self.project) == self.owner:
            lock_path(self.project).unlink(missing_ok=True)
