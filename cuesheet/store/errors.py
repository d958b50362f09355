"""Errors the store raises; each message is one sentence a user can act on."""

from __future__ import annotations


class ProjectError(Exception):
    """A project file cannot be opened, created or written; ``str()`` says why."""


class NotAProjectError(ProjectError):
    """The file is not a Cuesheet project (not SQLite, or another program's SQLite file)."""


class DamagedProjectError(ProjectError):
    """The file is a Cuesheet project but truncated or corrupt."""


class NewerProjectError(ProjectError):
    """The file was written by a newer Cuesheet."""


class InterruptedProjectError(ProjectError):
    """A writer stopped mid-save (its journal is beside the file) and this reader may not roll it back."""

    def __init__(self, path: object) -> None:
        super().__init__(
            f"{path}: was interrupted while being written (its journal is beside it); the last saved "
            "state is intact: open it for writing once to recover it"
        )
