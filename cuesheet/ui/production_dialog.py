"""The production header and the sheet's settings, edited as one undoable step each."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from cuesheet.domain.commands import ChangeShareConvention, Command, EditProduction, EditSettings, Group
from cuesheet.domain.cue_numbers import Numbering
from cuesheet.domain.durations import Rounding
from cuesheet.domain.project import Project, ShareConvention

TEXT_FIELDS = {
    "title": "Title", "aka": "Also known as", "episode_title": "Episode title",
    "episode_number": "Episode no.", "production_number": "Production no.", "production_type": "Type",
    "company": "Production company", "first_release": "First release (YYYY-MM-DD)", "version": "Version",
    "prepared_by": "Prepared by",
}  # fmt: skip
CHOICES: dict[str, tuple[str, list[tuple[str, Enum]]]] = {  # setting: (label, [(option, value)])
    "share_convention": ("Shares", [("Per side (writers 100 %, publishers 100 %)", ShareConvention.PER_SIDE),
                                    ("Whole work (writers + publishers 100 %)", ShareConvention.WHOLE_WORK)]),
    "rounding": ("Durations", [("Round partial seconds up", Rounding.UP),
                               ("Round to nearest", Rounding.NEAREST), ("Round down", Rounding.DOWN)]),
    "numbering": ("Cue numbers", [("Per reel (1M01, 2M01)", Numbering.PER_REEL),
                                  ("Continuous (M01, M02)", Numbering.CONTINUOUS)]),
}  # fmt: skip


class ProductionDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Production and sheet settings")
        self.project = project
        self.texts = {name: QLineEdit(getattr(project.production, name)) for name in TEXT_FIELDS}
        self.choices: dict[str, QComboBox] = {}
        form = QFormLayout(self)
        for name, label in TEXT_FIELDS.items():
            form.addRow(label, self.texts[name])
        for name, (label, options) in CHOICES.items():
            combo = QComboBox()
            for text, value in options:
                combo.addItem(text, value)
            combo.setCurrentIndex(combo.findData(getattr(project.settings, name)))
            self.choices[name] = combo
            form.addRow(label, combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def command(self) -> Command | None:
        """What the user changed, as one undo step (None if nothing)."""
        steps = self._steps()
        if len(steps) <= 1:
            return steps[0] if steps else None
        return Group("Change production details and settings", steps)

    def _steps(self) -> list[Command]:
        """One command for the header, one per kind of setting."""
        production = {
            name: edit.text().strip()
            for name, edit in self.texts.items()
            if edit.text().strip() != getattr(self.project.production, name)
        }
        settings = {
            name: combo.currentData()
            for name, combo in self.choices.items()
            if combo.currentData() is not getattr(self.project.settings, name)
        }
        found: list[Command] = []
        if production.get("title") == "":
            production.pop("title")  # a production always has a title
        if production:
            header = EditProduction(**production)
            header.text = "Change production details"
            found.append(header)
        convention = settings.pop("share_convention", None)
        if convention is not None:  # restates every work's shares
            found.append(ChangeShareConvention(convention))
        if settings:
            sheet = EditSettings(**settings)
            sheet.text = "Change sheet settings"
            found.append(sheet)
        return found
