"""The frame most of our dialogs share: their content above OK and Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLayout, QVBoxLayout, QWidget


def with_ok_cancel(dialog: QDialog, content: QWidget | QLayout) -> QDialogButtonBox:
    """Lay ``content`` out above OK / Cancel (Enter accepts, Escape rejects); returns the buttons."""
    ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
    buttons = QDialogButtonBox(ok | cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    if isinstance(content, QLayout):
        layout.addLayout(content)
    else:
        layout.addWidget(content)
    layout.addWidget(buttons)
    return buttons
