"""The transport bar: play/pause, the editable current timecode, speed, volume and mute."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QToolButton,
    QWidget,
)

SPEEDS = (0.5, 1.0, 1.5, 2.0)


class TimecodeField(QLineEdit):
    """The editable current time: not overwritten while focused; Esc reverts."""

    def __init__(self) -> None:
        super().__init__()
        self.current = ""
        self.setFixedWidth(120)
        self.setToolTip("Type 01:02:03:04, +48 (frames), +1. (one second); Enter to go, Esc to cancel")

    def show_timecode(self, text: str) -> None:
        self.current = text
        if not self.hasFocus():
            self.setText(text)

    def revert(self) -> None:
        """Drop what was typed: show the current time again."""
        self.setText(self.current)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:  # the window's FocusHome usually sees Esc first
            self.clearFocus()
            self.revert()
            return
        super().keyPressEvent(event)


class Transport(QWidget):
    play_clicked = Signal()
    speed_changed = Signal(float)
    volume_changed = Signal(int)
    mute_toggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.play_button = QPushButton("Play")
        self.play_button.clicked.connect(self.play_clicked)
        self.timecode = TimecodeField()
        self.speed = QComboBox()
        for speed in SPEEDS:
            self.speed.addItem(f"{speed:g}×", speed)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.setToolTip("Playback speed")
        self.speed.activated.connect(lambda _: self.speed_changed.emit(self.speed.currentData()))
        self.mute = QToolButton()
        self.mute.setText("Mute")
        self.mute.setCheckable(True)
        self.mute.toggled.connect(self.mute_toggled)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(100)
        self.volume.setFixedWidth(90)
        self.volume.setToolTip("Volume")
        self.volume.valueChanged.connect(self.volume_changed)
        self.summary = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.play_button, self.timecode, self.speed, self.mute, self.volume, self.summary):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_playing(self, playing: bool) -> None:
        self.play_button.setText("Pause" if playing else "Play")
