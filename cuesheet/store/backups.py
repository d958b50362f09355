"""Rolling backups: a copy of each project as it was when opened for writing, last N kept.

Kept in the user's data folder (``backups/<project name>/``), not beside the project, so a shared
drive does not fill with copies; restoring writes a new file and never replaces the project.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

from cuesheet.paths import user_data_dir
from cuesheet.store.errors import ProjectError

KEEP = 10


def folder_for(project: Path) -> Path:
    # The name plus a short hash of the full path: two "Film.cuesheet" in different folders differ.
    digest = hashlib.blake2b(str(Path(project).resolve()).encode(), digest_size=4).hexdigest()
    return user_data_dir() / "backups" / f"{Path(project).stem}-{digest}"


def take(project: Path, write_copy, keep: int = KEEP) -> Path:  # type: ignore[no-untyped-def]
    """Write a backup with ``write_copy(target)`` (a consistent SQLite copy) and prune old ones."""
    folder = folder_for(project)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{Path(project).stem} {stamp}.cuesheet"
    write_copy(target)
    for old in list_backups(project)[keep:]:
        old.unlink(missing_ok=True)
    return target


def list_backups(project: Path) -> list[Path]:
    """Newest first."""
    folder = folder_for(project)
    return sorted(folder.glob("*.cuesheet"), reverse=True) if folder.is_dir() else []


def taken_at(backup: Path) -> dt.datetime | None:
    """When a backup was taken, from its name (``<stem> YYYYmmdd-HHMMSS-ffffff.cuesheet``)."""
    try:
        return dt.datetime.strptime(backup.stem.rsplit(" ", 1)[-1], "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return None


def restore(backup: Path, target: Path) -> Path:
    """Copy a backup to ``target`` (a new file: the project itself is never overwritten)."""
    if target.exists():
        raise ProjectError(f"{target}: already exists; restore to a new name")
    shutil.copy2(backup, target)
    return target
