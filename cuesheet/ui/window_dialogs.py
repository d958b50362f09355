"""The window's small dialogs (production, shortcuts, reaction delay, about, not saved at close), kept
out of its layout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox

from cuesheet import __version__
from cuesheet.domain.marking import MAX_REACTION_DELAY_MS

REACTION_DELAY_KEY = "marking/reaction_delay_ms"

if TYPE_CHECKING:
    from cuesheet.ui.main_window import MainWindow


def edit_production(window: MainWindow) -> None:
    project = window.session.project
    if project is None:
        return
    from cuesheet.ui.production_dialog import ProductionDialog  # loaded when asked for, not at start

    dialog = ProductionDialog(project, window)
    command = dialog.command() if dialog.exec() else None
    if command is not None:
        window.editing.run(command)  # one undo step, however much changed


def edit_shortcuts(window: MainWindow) -> None:
    from cuesheet.ui.shortcuts_dialog import ShortcutsDialog

    ShortcutsDialog(window.registry, window).exec()


def ask_reaction_delay(window: MainWindow) -> None:
    value, ok = QInputDialog.getInt(
        window, "Reaction delay", "Subtract from marks made while playing (ms):",
        window.editing.reaction_delay_ms, 0, MAX_REACTION_DELAY_MS, 10,
    )  # fmt: skip
    if ok:
        window.editing.reaction_delay_ms = value
        window.settings.setValue(REACTION_DELAY_KEY, value)


def about(window: MainWindow) -> None:
    QMessageBox.about(window, "About Cuesheet", f"Cuesheet {__version__}\nMusic cue sheets for picture.")


def warn_not_saved(window: MainWindow, error: str | None) -> None:
    """At close, when the last edit's commit failed (``Session.close``: it was taken back): said
    in a box, since the status bar that says it otherwise goes with the window."""
    if error is not None:
        message = f"The last edit could not be saved and was taken back: {error}"
        QMessageBox.warning(window, "Not saved", message)
