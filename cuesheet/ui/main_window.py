"""The main window. Until the watch-and-mark work lands it shows the production and its cue list."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cuesheet import __version__
from cuesheet.domain.durations import format_duration
from cuesheet.ui.cue_table_model import SORT_ROLE, TITLE, CueTableModel
from cuesheet.ui.session import Session


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.model = CueTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self._build_menus()
        session.project_changed.connect(self._show_project)
        self.resize(1100, 650)
        self._show_project()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._add(file_menu, "&Open…", QKeySequence.StandardKey.Open, self._choose_project)
        file_menu.addSeparator()
        self._add(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        help_menu = self.menuBar().addMenu("&Help")
        self._add(help_menu, "&About Cuesheet", None, self._about)

    def _add(self, menu, text, shortcut, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _show_project(self) -> None:
        project = self.session.project
        self.model.set_project(project)
        if project is None or self.session.path is None:
            self.setWindowTitle("Cuesheet")
            self.summary.setText("No project open. File ▸ Open… or run 'cuesheet demo'.")
            return
        p = project.production
        self.setWindowTitle(f"{self.session.path.name} — Cuesheet")
        film = self.session.media_path
        film_text = str(film) if film else ("not found" if project.media else "none linked")
        music = format_duration(project.music_duration(), p.rate, project.settings.rounding)
        self.summary.setText(
            f"<b>{escape(p.title)}</b> · {p.rate} fps · starts {p.timecode(p.start_frame)} · "
            f"{len(project.cues)} cues · music {music} · film: {escape(film_text)}"
        )
        self.proxy.sort(0)

    def _choose_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open project", "", "Cuesheet projects (*.cuesheet)")
        if name:
            self.open_project(Path(name))

    def open_project(self, path: Path) -> bool:
        error = self.session.open(path)
        if error:
            QMessageBox.warning(self, "Cannot open project", error)
            return False
        return True

    def _about(self) -> None:
        QMessageBox.about(self, "About Cuesheet", f"Cuesheet {__version__}\nMusic cue sheets for picture.")

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.session.close()
        super().closeEvent(event)
