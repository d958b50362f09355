"""The one path every edit takes: apply, persist, record for undo, announce.

``Document`` owns the project and its undo stack. Persistence is injected (the store's project file
in the app, nothing in unit tests), so this module stays free of SQLite; the UI subscribes to changes
and turns them into Qt signals.

A window may commit an edit after announcing it (``commit_later``): the views paint the edit while the
disk is still syncing, instead of after (a commit's fsyncs were the largest part of a key's time at
5,000 cues, and more on a shared drive). The edit's rows are written before the announcement, so an
edit the file refuses is never shown; a commit that fails afterwards takes the edit back out of the
project, the undo stack and the views (``Reason.TAKEN_BACK``), and ``flush`` raises its error.
Every edit, undo and redo flushes the one before it first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol, runtime_checkable

from cuesheet.domain.commands import Change, Command
from cuesheet.domain.project import Project


class Persister(Protocol):
    def persist(self, project: Project, change: Change) -> None:
        """Write the touched entities in one transaction, or raise and write nothing."""


@runtime_checkable
class SplitPersister(Persister, Protocol):
    """A persister that can write a change and commit it later."""

    def write(self, project: Project, change: Change) -> None:
        """Write the touched entities in a transaction left open, or raise and write nothing."""

    def commit(self) -> None:
        """End the open transaction, or raise with nothing of it written."""


class Reason(Enum):
    DO = "do"
    UNDO = "undo"
    REDO = "redo"
    TAKEN_BACK = "taken back"  # written but not committed: out of memory and views again


Listener = Callable[[Change, Reason], None]


@dataclass(slots=True)
class _Pending:
    """An edit written and announced, its commit still to come; what taking it back restores."""

    backward: Callable[[Project], Change]
    done: list[Command]
    undone: list[Command]


class Document:
    def __init__(
        self,
        project: Project,
        persister: Persister | None = None,
        limit: int = 500,
        commit_later: bool = False,
    ) -> None:
        self.project = project
        self._persister = persister
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._limit = limit
        self._listeners: list[Listener] = []
        self.revision = 0  # counts changes (do, undo, redo): work prepared on a snapshot checks it
        self._later: SplitPersister | None = None  # commits after the announcement when set
        if commit_later:
            if not isinstance(persister, SplitPersister):
                raise TypeError("commit_later needs a persister that can write and commit apart")
            self._later = persister
        self._pending: _Pending | None = None

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def execute(self, command: Command) -> Change:
        self.flush()
        change = self._run(command.apply, command.revert)
        self._done.append(command)
        del self._done[: -self._limit]
        self._undone.clear()
        self._announce(change, Reason.DO)
        return change

    def undo(self) -> Change | None:
        self.flush()
        if not self._done:
            return None
        command = self._done[-1]
        change = self._run(command.revert, command.apply)
        self._undone.append(self._done.pop())
        self._announce(change, Reason.UNDO)
        return change

    def redo(self) -> Change | None:
        self.flush()
        if not self._undone:
            return None
        command = self._undone[-1]
        change = self._run(command.apply, command.revert)
        self._done.append(self._undone.pop())
        self._announce(change, Reason.REDO)
        return change

    @property
    def undo_text(self) -> str | None:
        return self._done[-1].text if self._done else None

    @property
    def redo_text(self) -> str | None:
        return self._undone[-1].text if self._undone else None

    @property
    def pending(self) -> bool:
        """An edit is announced and not yet committed (``commit_later``)."""
        return self._pending is not None

    def flush(self) -> None:
        """Commit the edit written and not yet committed, if any; when the commit fails, the edit
        is taken back (announced as ``TAKEN_BACK``) and the commit's error raised."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        try:
            assert self._later is not None  # only a split persister leaves an edit pending
            self._later.commit()
        except BaseException:
            change = pending.backward(self.project)  # memory as the file still is
            self._done, self._undone = pending.done, pending.undone
            self._announce(change, Reason.TAKEN_BACK)
            raise

    def _run(self, forward: Callable[[Project], Change], backward: Callable[[Project], Change]) -> Change:
        change = forward(self.project)
        if self._persister is not None:
            try:
                if self._later is not None:
                    self._later.write(self.project, change)
                    # The stacks as they are before the caller pushes the command: what a failed
                    # commit restores.
                    self._pending = _Pending(backward, list(self._done), list(self._undone))
                else:
                    self._persister.persist(self.project, change)
            except BaseException:
                # Not on disk means not done: put memory back as the file still is.
                backward(self.project)
                raise
        return change

    def _announce(self, change: Change, reason: Reason) -> None:
        self.revision += 1
        for listener in list(self._listeners):
            listener(change, reason)
