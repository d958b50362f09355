"""The inspector: the selected cue's fields, in reading order, each change one undoable command.

Text fields commit on Enter or when focus leaves them (not on every keystroke, so one edit is one
undo step); choices commit at once. A field being typed in is never overwritten by a refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from cuesheet.domain.agreement_commands import SetCueAgreement
from cuesheet.domain.commands import Command, EditCue, EditRecording, EditWork
from cuesheet.domain.cue import Cue
from cuesheet.domain.fields import labels
from cuesheet.domain.limits import max_frames
from cuesheet.domain.position_entry import parse_position
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Recording, normalize_code
from cuesheet.domain.timecode import FrameRate, format_timecode
from cuesheet.domain.usage import Origin, Perception, ThemeRole, UsageCode, Vocals
from cuesheet.ui.interests_editor import InterestsEditor

# The recording side: what a master licence and a library licence are about (labels: domain.fields).
RECORDING_FIELDS = labels(Recording)
CUE_LABELS = labels(Cue)
TIMECODE_HELP = "01:02:03:04, or relative: +48 (frames), -1. (one second); Enter to set, Esc to cancel"
THEME_LABELS = {
    ThemeRole.NONE: "—",
    ThemeRole.MAIN_TITLE: "Main title",
    ThemeRole.END_TITLE: "End title",
    ThemeRole.LOGO: "Logo",
}


class _Text(QLineEdit):
    committed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._shown = ""
        self.editingFinished.connect(self._finish)

    def show_value(self, text: str, force: bool = False) -> None:
        # Focused but unchanged since last shown (e.g. after Enter): not being typed in, so refresh.
        if force or not self.hasFocus() or self.text() == self._shown:
            self.setText(text)
        self._shown = text

    def revert(self) -> None:
        """Drop what was typed (Esc): the field shows the stored value again and commits nothing."""
        self.setText(self._shown)

    def _finish(self) -> None:
        if self.text().strip() != self._shown:
            self.committed.emit(self.text().strip())


class _Notes(QPlainTextEdit):
    committed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._shown = ""
        self.setTabChangesFocus(True)
        self.setFixedHeight(64)

    def show_value(self, text: str) -> None:
        self._shown = text
        if not self.hasFocus():
            self.setPlainText(text)

    def revert(self) -> None:
        self.setPlainText(self._shown)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.toPlainText() != self._shown:
            self.committed.emit(self.toPlainText())


class Inspector(QWidget):
    refused = Signal(str)  # an edit that could not be made, for the status bar

    def __init__(self, run: Callable[[Command], object]) -> None:
        super().__init__()
        self._run = run
        self.project: Project | None = None
        self.cue: Cue | None = None
        self._loading = False
        self.number, self.title, self.scene = _Text(), _Text(), _Text()
        self.tc_in, self.tc_out, self.tc_duration = _Text(), _Text(), _Text()
        for field in (self.tc_in, self.tc_out, self.tc_duration):
            field.setToolTip(TIMECODE_HELP)
        self.origin = self._combo([(o.label, o) for o in Origin])
        self.perception = self._combo([("Background", Perception.BACKGROUND), ("Visual", Perception.VISUAL)])
        self.vocals = self._combo([("Instrumental", Vocals.INSTRUMENTAL), ("Vocal", Vocals.VOCAL)])
        self.theme = self._combo([(label, role) for role, label in THEME_LABELS.items()])
        codes = [(f"{code.value} — {code.description}", code) for code in UsageCode]
        self.usage = self._combo([("Derived", None), *codes])
        self.derived = QLabel()
        self.motif = QComboBox()
        self.motif.setEditable(True)
        self.notes = _Notes()
        self.agreement = QComboBox()  # score: the composer agreement that covers it
        self.recording = {name: _Text() for name in RECORDING_FIELDS}
        # Shown in its own tab by the window; kept in step with the selected cue here.
        self.interests = InterestsEditor(run, lambda message: self.refused.emit(message))
        form = QFormLayout(self)
        cue = CUE_LABELS
        for label, widget in [
            (cue["number"], self.number), ("Title", self.title), (cue["start"], self.tc_in),
            (cue["end"], self.tc_out), ("Duration", self.tc_duration), (cue["origin"], self.origin),
            (cue["perception"], self.perception), (cue["vocals"], self.vocals),
            (cue["theme_role"], self.theme), (cue["usage_override"], self.usage), ("", self.derived),
            (cue["scene"], self.scene), (cue["motif"], self.motif), (cue["notes"], self.notes),
        ]:  # fmt: skip
            form.addRow(label, widget)
        form.addRow(cue["agreement_id"], self.agreement)
        self.source = QLabel()  # where an imported cue came from: the editor's file, clip, tracks
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Source", self.source)
        self.conform_note = _Text()  # what a conform flagged; cleared by the user once checked
        self.conform_note.setPlaceholderText("—")
        form.addRow(cue["conform_note"], self.conform_note)
        for name, label in RECORDING_FIELDS.items():
            form.addRow(label, self.recording[name])
        self._wire()
        self.show_cue(None, None)

    def _combo(self, items: list[tuple[str, Any]]) -> QComboBox:
        combo = QComboBox()
        for label, value in items:
            combo.addItem(label, value)
        return combo

    def _wire(self) -> None:
        self.number.committed.connect(lambda text: self._edit_cue("number", text, "Renumber cue"))
        self.title.committed.connect(self._edit_title)
        self.tc_in.committed.connect(lambda text: self._edit_timing("In", text))
        self.tc_out.committed.connect(lambda text: self._edit_timing("Out", text))
        self.tc_duration.committed.connect(lambda text: self._edit_timing("duration", text))
        self.scene.committed.connect(lambda text: self._edit_cue("scene", text, "Change scene"))
        self.notes.committed.connect(lambda text: self._edit_cue("notes", text, "Change notes"))
        self.conform_note.committed.connect(
            lambda text: self._edit_cue("conform_note", text, "Change conform note")
        )
        for name, field in self.recording.items():
            field.committed.connect(lambda text, n=name: self._edit_recording(n, text))
        for combo, name in [
            (self.origin, "origin"), (self.perception, "perception"), (self.vocals, "vocals"),
            (self.theme, "theme_role"), (self.usage, "usage_override"),
        ]:  # fmt: skip
            combo.activated.connect(lambda _, c=combo, n=name: self._edit_cue(n, c.currentData(), None))
        self.agreement.activated.connect(lambda _: self._set_agreement(self.agreement.currentData()))
        motif_text = self.motif.lineEdit()
        assert motif_text is not None  # the combo box is editable
        motif_text.editingFinished.connect(
            lambda: self._edit_cue("motif", self.motif.currentText().strip(), "Change theme")
        )

    def show_cue(self, project: Project | None, cue: Cue | None) -> None:
        self.project, self.cue = project, cue
        self.setEnabled(cue is not None)
        self._loading = True
        try:
            self._fill(project, cue)
        finally:
            self._loading = False

    def _fill(self, project: Project | None, cue: Cue | None) -> None:
        self._fill_agreement(project, cue)
        self.number.show_value(cue.number if cue else "")
        self.title.show_value(project.title_of(cue) if project and cue else "")
        self.scene.show_value(cue.scene if cue else "")
        self._show_timing(project, cue)
        self.notes.show_value(cue.notes if cue else "")
        self.source.setText(source_text(cue) if cue else "")
        self.conform_note.show_value(cue.conform_note if cue else "")
        self.interests.show_work(project, project.works.get(cue.work_id) if project and cue else None)
        recording = project.recordings.get(cue.recording_id) if project and cue and cue.recording_id else None
        for name, field in self.recording.items():
            field.show_value(getattr(recording, name) if recording else "")
        if cue is None:
            self.derived.setText("")
            return
        for combo, value in [
            (self.origin, cue.origin), (self.perception, cue.perception), (self.vocals, cue.vocals),
            (self.theme, cue.theme_role), (self.usage, cue.usage_override),
        ]:  # fmt: skip
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.derived.setText(f"Usage on the cue sheet: {cue.usage.value} ({cue.usage.description})")
        if not self.motif.hasFocus():
            self.motif.clear()
            self.motif.addItems(["", *(project.motifs if project else [])])
            self.motif.setCurrentText(cue.motif)

    def _fill_agreement(self, project: Project | None, cue: Cue | None) -> None:
        """Score only: the agreement the cue names, else the production's rule (domain.agreements)."""
        self.agreement.clear()
        self.agreement.addItem("The production's agreement", None)
        for agreement in sorted(project.agreements.values(), key=lambda a: a.label) if project else []:
            self.agreement.addItem(agreement.label, agreement.id)
        named = self.agreement.findData(cue.agreement_id) if cue and cue.agreement_id else 0
        self.agreement.setCurrentIndex(max(0, named))
        self.agreement.setEnabled(cue is not None and cue.origin is Origin.SCORE)

    def _set_agreement(self, agreement_id: str | None) -> None:
        if not self._loading and self.cue is not None and self.cue.agreement_id != agreement_id:
            self._run(SetCueAgreement(self.cue.id, agreement_id))

    def _edit_cue(self, name: str, value: Any, text: str | None) -> None:
        if self._loading or self.cue is None or getattr(self.cue, name) == value:
            return
        command = EditCue(self.cue.id, **{name: value})
        command.text = text or f"Change {name.replace('_', ' ')}"
        self._run(command)

    def _show_timing(self, project: Project | None, cue: Cue | None, force: bool = False) -> None:
        rate = project.production.rate if project else None
        for field, frames in [
            (self.tc_in, cue.start if cue else None), (self.tc_out, cue.end if cue else None),
            (self.tc_duration, cue.duration if cue else None),
        ]:  # fmt: skip
            field.show_value(format_timecode(frames, rate) if rate and frames is not None else "", force)

    def _edit_timing(self, which: str, text: str) -> None:
        """In, Out or duration typed as timecode (``+``/``-`` relative to the value shown): one
        EditCue; impossible input is refused with the reason and the field shows the cue again."""
        if self._loading or self.cue is None or self.project is None:
            return
        cue, rate = self.cue, self.project.production.rate
        try:
            start, end = _timing(which, text, cue, rate)
        except ValueError as error:
            self.refused.emit(f"{which} not changed: {error}")
        else:
            if (start, end) != (cue.start, cue.end):
                command = EditCue(cue.id, start=start, end=end)
                command.text = f"Set cue {which}"
                self._run(command)
        self._show_timing(self.project, self.project.cues.get(cue.id), force=True)

    def _edit_recording(self, name: str, text: str) -> None:
        if self._loading or self.cue is None or self.project is None:
            return
        value = normalize_code(text) if name == "isrc" else text
        recording = self.project.recordings.get(self.cue.recording_id) if self.cue.recording_id else None
        if (getattr(recording, name) if recording else "") != value:
            self._run(EditRecording(self.cue.id, **{name: value}))

    def _edit_title(self, title: str) -> None:
        if self._loading or self.cue is None or self.project is None:
            return
        work = self.project.works.get(self.cue.work_id)
        if work is not None and work.title != title:
            command = EditWork(work.id, title=title)
            command.text = "Rename work"
            self._run(command)


def _timing(which: str, text: str, cue: Cue, rate: FrameRate) -> tuple[int, int]:
    """The cue's (start, end) after typing ``text`` into its In, Out or duration; raises ValueError
    (TimecodeError is one) with the reason."""
    limit = max_frames(rate.rate)
    current = {"In": cue.start, "Out": cue.end, "duration": cue.duration}[which]
    value = parse_position(text, rate, current)
    if abs(value) > limit:
        raise ValueError(f"{text.strip()!r} is beyond {format_timecode(limit, rate)}")
    if which == "In" and value >= cue.end:
        raise ValueError(f"the In must be before the Out ({format_timecode(cue.end, rate)})")
    if which == "Out" and value <= cue.start:
        raise ValueError(f"the Out must be after the In ({format_timecode(cue.start, rate)})")
    if which == "duration" and value <= 0:
        raise ValueError("a cue must be longer than 0 frames")
    if which == "In":
        return value, cue.end
    if which == "Out":
        return cue.start, value
    return cue.start, cue.start + value


def source_text(cue: Cue) -> str:
    """An imported cue's source, as the inspector shows it ("" for a cue marked by hand)."""
    parts = [cue.source_file, f"clip {cue.source_clip}" if cue.source_clip else "", cue.source_tracks]
    return " · ".join(part for part in parts if part)
