"""The one path every edit takes: apply, persist, record for undo, announce.

``Document`` owns the project and its undo stack. Persistence is injected (the store's project file
in the app, nothing in unit tests), so this module stays free of SQLite; the UI subscribes to changes
and turns them into Qt signals.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Protocol

from cuesheet.domain.commands import Change, Command
from cuesheet.domain.project import Project


class Persister(Protocol):
    def persist(self, project: Project, change: Change) -> None:
        """Write the touched entities in one transaction, or raise and write nothing."""


class Reason(Enum):
    DO = "do"
    UNDO = "undo"
    REDO = "redo"


Listener = Callable[[Change, Reason], None]


class Document:
    def __init__(self, project: Project, persister: Persister | None = None, limit: int = 500) -> None:
        self.project = project
        self._persister = persister
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._limit = limit
        self._listeners: list[Listener] = []
        self.revision = 0  # counts changes (do, undo, redo): work prepared on a snapshot checks it

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def execute(self, command: Command) -> Change:
        change = self._run(command.apply, command.revert)
        self._done.append(command)
        del self._done[: -self._limit]
        self._undone.clear()
        self._announce(change, Reason.DO)
        return change

    def undo(self) -> Change | None:
        if not self._done:
            return None
        command = self._done[-1]
        change = self._run(command.revert, command.apply)
        self._undone.append(self._done.pop())
        self._announce(change, Reason.UNDO)
        return change

    def redo(self) -> Change | None:
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

    def _run(self, forward: Callable[[Project], Change], backward: Callable[[Project], Change]) -> Change:
        change = forward(self.project)
        if self._persister is not None:
            try:
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
