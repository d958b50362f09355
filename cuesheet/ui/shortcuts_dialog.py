"""Keyboard shortcuts, editable; only the ones that differ from the defaults are stored."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QKeySequenceEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cuesheet.ui.actions import SPECS, A, ActionRegistry


class ShortcutsDialog(QDialog):
    def __init__(self, registry: ActionRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.registry = registry
        self.edits: dict[A, QKeySequenceEdit] = {}
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        for spec in SPECS:
            edit = QKeySequenceEdit(QKeySequence(", ".join(registry.shortcuts(spec.id))))
            self.edits[spec.id] = edit
            form.addRow(spec.text.replace("&", ""), edit)
        scroll = QScrollArea()
        scroll.setWidget(form_widget)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self._defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(520, 600)

    def _defaults(self) -> None:
        for action_id, edit in self.edits.items():
            edit.setKeySequence(QKeySequence(", ".join(self.registry.default(action_id))))

    def _save(self) -> None:
        for action_id, edit in self.edits.items():
            text = edit.keySequence().toString()
            keys = tuple(k.strip() for k in text.split(", ") if k.strip())
            self.registry.set_shortcuts(action_id, keys)
        self.accept()
