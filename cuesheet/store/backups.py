"""Rolling backups: a copy of each project as it was when opened for writing, last N kept.

Kept in the user's data folder (``backups/<project name>/``), not beside the project, so a shared
drive does not fill with copies; restoring writes a new file and never replaces the project.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from cuesheet.paths import user_data_dir
from cuesheet.store.errors import ProjectError

KEEP = 10


def folder_for(project: Path) -> Path:
    # The name plus a short hash of the full path: two "Film.cuesheet" in different folders differ.
    digest = hashlib.blake2b(str(Path(project).resolve()).encode(), digest_size=4).hexdigest()
    return user_data_dir() / "backups" / f"{Path(project).stem}-{digest}"


def take(project: Path, write_copy: Callable[[Path], object], keep: int = KEEP, note: str = "") -> Path:
    """Write a backup with ``write_copy(target)`` and prune the oldest beyond ``keep``. A backup with a
    ``note`` (the copy taken before a file-format upgrade) is listed with it and never pruned."""
    folder = folder_for(project)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{Path(project).stem} {stamp}{' ' + note if note else ''}.cuesheet"
    write_copy(target)
    for old in [b for b in list_backups(project) if not note_of(b)][keep:]:
        old.unlink(missing_ok=True)
    return target


def list_backups(project: Path) -> list[Path]:
    """Newest first."""
    folder = folder_for(project)
    return sorted(folder.glob("*.cuesheet"), reverse=True) if folder.is_dir() else []


_NAME = re.compile(r" (\d{8}-\d{6}-\d{6})( .*)?$")  # "<stem> YYYYmmdd-HHMMSS-ffffff[ note]"


def taken_at(backup: Path) -> dt.datetime | None:
    """When a backup was taken, from its name."""
    match = _NAME.search(backup.stem)
    return dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S-%f") if match else None


def note_of(backup: Path) -> str:
    match = _NAME.search(backup.stem)
    return (match.group(2) or "").strip() if match else ""


def restore(backup: Path, target: Path) -> Path:
    """Copy a backup to ``target`` (a new file: the project itself is never overwritten)."""
    if target.exists():
        raise ProjectError(f"{target}: already exists; restore to a new name")
    shutil.copy2(backup, target)
    return target
