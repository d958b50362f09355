"""Edit ▸ Undo and Redo say what they will undo or redo ("Undo Trim cue"), and are greyed when there
is nothing to undo or redo (as every editor does), following the session's history."""

from __future__ import annotations

from PySide6.QtGui import QAction

from cuesheet.ui.session import Session


class UndoLabels:
    def __init__(self, session: Session, undo: QAction, redo: QAction) -> None:
        self.session, self.undo, self.redo = session, undo, redo
        session.project_changed.connect(self.refresh)
        session.edited.connect(lambda *_: self.refresh())
        session.reloaded.connect(lambda *_: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        document = self.session.document
        writable = document is not None and not self.session.read_only
        for action, verb, text in (
            (self.undo, "&Undo", document.undo_text if document else None),
            (self.redo, "&Redo", document.redo_text if document else None),
        ):
            # "&&": a text such as "Rename R&B" must not make an accelerator.
            action.setText(f"{verb} {text.replace('&', '&&')}" if text else verb)
            action.setEnabled(writable and text is not None)
