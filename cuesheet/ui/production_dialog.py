"""The production header and the sheet's settings, edited as one undoable step each."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from cuesheet.domain.commands import ChangeShareConvention, Command, EditProduction, EditSettings, Group
from cuesheet.domain.cue_numbers import Numbering
from cuesheet.domain.durations import Rounding
from cuesheet.domain.fields import declared
from cuesheet.domain.profiles import Profile, RollUp
from cuesheet.domain.project import PRODUCTION_TYPES, Production, Project, ShareConvention
from cuesheet.ui.dialog_frame import with_ok_cancel

# The header's text fields by tab, in the order a cue sheet's header lists them; labels are the
# fields' own (domain.project), with the form a date takes.
TABS = {
    "Production": ("title", "aka", "series", "episode_title", "episode_number", "production_number",
                   "production_type", "company", "distributor", "country", "year", "first_release",
                   "version", "isan", "eidr"),
    "Prepared by": ("prepared_by", "prepared_company", "prepared_email", "prepared_phone", "prepared_date"),
}  # fmt: skip
HINTS = {"first_release": " (YYYY-MM-DD)", "prepared_date": " (YYYY-MM-DD)"}
PLACEHOLDERS = {"prepared_date": "empty: the day of each export", "isan": "ISAN 0000-0000-D07A-0090-Q",
                "eidr": "10.5240/XXXX-XXXX-XXXX-XXXX-XXXX-C"}  # fmt: skip
LABELS = {d.name: d.label + HINTS.get(d.name, "") for d in declared(Production)}
CHOICES: dict[str, tuple[str, list[tuple[str, Enum | None]]]] = {  # setting: (label, [(option, value)])
    "profile": ("Society profile", [("None (no header field required)", None),
                                    *((profile.label, profile) for profile in Profile)]),
    "share_convention": ("Shares", [("Per side (writers 100 %, publishers 100 %)", ShareConvention.PER_SIDE),
                                    ("Whole work (writers + publishers 100 %)", ShareConvention.WHOLE_WORK)]),
    "rounding": ("Durations", [("Round partial seconds up", Rounding.UP),
                               ("Round to nearest", Rounding.NEAREST), ("Round down", Rounding.DOWN)]),
    "numbering": ("Cue numbers", [("Per reel (1M01, 2M01)", Numbering.PER_REEL),
                                  ("Continuous (M01, M02)", Numbering.CONTINUOUS)]),
    "roll_up": ("Commissioned cues", [("Each on its own line", RollUp.NONE),
                                      ("Rolled up by ownership (UK broadcasters)", RollUp.COMMISSIONED)]),
}  # fmt: skip


class ProductionDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Production and sheet settings")
        self.project = project
        self.texts: dict[str, QLineEdit] = {}
        self.choices: dict[str, QComboBox] = {}
        tabs = QTabWidget()
        for tab, names in TABS.items():
            page = QWidget()
            fields = QFormLayout(page)
            for name in names:
                fields.addRow(LABELS[name], self._field(name))
            tabs.addTab(page, tab)
        page = QWidget()
        form = QFormLayout(page)
        tabs.addTab(page, "Sheet")
        for name, (label, options) in CHOICES.items():
            combo = QComboBox()
            for text, value in options:
                combo.addItem(text, value)
            combo.setCurrentIndex(combo.findData(getattr(project.settings, name)))
            self.choices[name] = combo
            form.addRow(label, combo)
        with_ok_cancel(self, tabs)

    def _field(self, name: str) -> QWidget:
        """A line for the field; the type is also a list of the usual ones, and any text."""
        value = getattr(self.project.production, name)
        if name != "production_type":
            self.texts[name] = QLineEdit(value)
            self.texts[name].setPlaceholderText(PLACEHOLDERS.get(name, ""))
            return self.texts[name]
        combo = QComboBox()
        combo.setEditable(True)
        combo.addItems(PRODUCTION_TYPES)
        combo.setEditText(value)
        line = combo.lineEdit()
        assert line is not None  # an editable combo has one
        self.texts[name] = line
        return combo

    def command(self) -> Command | None:
        """What the user changed, as one undo step (None if nothing)."""
        steps = self._steps()
        if len(steps) <= 1:
            return steps[0] if steps else None
        return Group("Change production details and settings", steps)

    def _steps(self) -> list[Command]:
        """One command for the header, one per kind of setting."""
        production = {  # a field left as it was shown is no change, even with blanks around it
            name: edit.text().strip()
            for name, edit in self.texts.items()
            if edit.text() != getattr(self.project.production, name)
            and edit.text().strip() != getattr(self.project.production, name)
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
