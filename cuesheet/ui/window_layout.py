"""The main window's widgets and how they are laid out: picture and cue list side by side (the list
over the inspector, licences and problems), the transport, the timeline. Nothing here is wired to a
project; ``MainWindow`` connects what it builds on top."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cuesheet.domain.commands import Command
from cuesheet.ui.cue_table import CueTable
from cuesheet.ui.findings_panel import FindingsPanel
from cuesheet.ui.first_paint import FirstPaint
from cuesheet.ui.inspector import Inspector
from cuesheet.ui.licences_panel import LicencesPanel
from cuesheet.ui.picture_view import PictureView
from cuesheet.ui.timeline import Timeline
from cuesheet.ui.transport import Transport
from cuesheet.ui.view_state import ViewState


class WindowLayout(QMainWindow):
    """``run``: how a panel's edit is run (one command, one undo step); ``status``: a status message."""

    def __init__(self, run: Callable[[Command], object], status: Callable[[str], None]) -> None:
        super().__init__()
        self.first_paint = FirstPaint(self)  # background work is held until the window is up
        self.state = ViewState()  # selection, open In, playhead, filter: what every view observes
        self.picture = PictureView()
        self.cue_table = CueTable(run, status)
        self.model, self.proxy = self.cue_table.model, self.cue_table.proxy
        self.table, self.filter = self.cue_table.table, self.cue_table.filter
        self.inspector = Inspector(run)
        cues = QSplitter(Qt.Orientation.Vertical)
        self.findings = FindingsPanel(self.first_paint.later)
        self.side_tabs = QTabWidget()
        inspector_scroll = QScrollArea()  # the form is tall; small screens scroll it, not the window
        inspector_scroll.setWidget(self.inspector)
        inspector_scroll.setWidgetResizable(True)
        inspector_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.side_tabs.addTab(inspector_scroll, "Cue")
        self.side_tabs.addTab(self.inspector.interests, "Writers && publishers")
        self.licences = LicencesPanel(run, status)
        self.side_tabs.addTab(self.licences, "Licences")
        self.side_tabs.addTab(self.findings, "Problems")
        cues.addWidget(self.cue_table)
        cues.addWidget(self.side_tabs)
        cues.setStretchFactor(0, 2)
        cues.setStretchFactor(1, 3)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#5a4a1a;color:#fff;padding:6px")
        self.banner.hide()
        self.locate_button = QPushButton("Locate film…")
        self.locate_button.hide()
        self.transport = Transport()
        self.summary, self.timecode = self.transport.summary, self.transport.timecode
        self.timeline = Timeline(self.state)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.picture)
        top.addWidget(cues)
        top.setSizes([600, 700])
        self.splitters = {"top": top, "cues": cues}
        central = QWidget()
        layout = QVBoxLayout(central)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.locate_button)
        layout.addLayout(banner_row)
        layout.addWidget(top, 3)
        layout.addWidget(self.transport)
        layout.addWidget(self.timeline, 1)
        self.setCentralWidget(central)
