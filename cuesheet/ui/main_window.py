"""The main window: picture, cue table, transport and timeline, wired to one session.

The window only arranges and connects: actions come from the registry, cue edits from
``CueEditing``, playback from ``PlayerController``, pictures from ``FrameRenderer``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QImage, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cuesheet.domain.commands import Change
from cuesheet.domain.cue import Cue
from cuesheet.domain.usage import Origin
from cuesheet.media.waveform import Peaks
from cuesheet.store.lock import LockedError
from cuesheet.ui import window_dialogs as dialogs
from cuesheet.ui import window_state
from cuesheet.ui.actions import A, ActionRegistry
from cuesheet.ui.cue_editing import CueEditing
from cuesheet.ui.cue_table import CueTable
from cuesheet.ui.file_actions import FileActions
from cuesheet.ui.findings_panel import FindingsPanel
from cuesheet.ui.focus import FocusHome, install_app_filter, remove_app_filter
from cuesheet.ui.import_actions import ImportActions
from cuesheet.ui.inspector import Inspector
from cuesheet.ui.licences_panel import LicencesPanel
from cuesheet.ui.media_session import MediaSession
from cuesheet.ui.navigation import Navigation
from cuesheet.ui.picture_view import PictureView
from cuesheet.ui.project_watch import ProjectWatch
from cuesheet.ui.session import Session
from cuesheet.ui.timeline import Timeline
from cuesheet.ui.transport import Transport
from cuesheet.ui.undo_labels import UndoLabels
from cuesheet.ui.view_state import ViewState


class MainWindow(QMainWindow):
    def __init__(
        self, session: Session, settings: QSettings | None = None, headless: bool | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.settings = settings or QSettings()
        self.headless = (
            QApplication.platformName() not in ("xcb", "windows", "cocoa") if headless is None else headless
        )
        self.media = MediaSession(self.headless)
        self.state = ViewState()  # selection, open In, playhead, filter: what every view observes
        self.navigation = Navigation(session, self.state, self.media)  # converts to media frames
        self.editing = CueEditing(session, self.state, self.navigation.playhead)
        self.registry = ActionRegistry(self, self.settings)
        self.files = FileActions(self, session, self.settings, self.editing.run, self.open_project)
        self.imports = ImportActions(self, session, self.editing.run, self.open_project)
        self._k_held = False  # K held down: J and L step single frames (Avid, Resolve)
        self._build_widgets()
        self.focus_home = FocusHome(self, self.picture)
        self.watch = ProjectWatch(session, self)  # a read-only window follows the writer's commits
        menus = self.registry.build_menus(self.menuBar())
        menus["&File"].insertMenu(self.registry.actions[A.SAVE_COPY], self.files.recent_menu)
        self.registry.connect(self._handlers())
        self.undo_labels = UndoLabels(session, self.registry.actions[A.UNDO], self.registry.actions[A.REDO])
        self._connect()
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        window_state.restore_layout(self.settings, self, self.splitters)
        self.editing.reaction_delay_ms = window_state.integer(self.settings, "marking/reaction_delay_ms", 150)
        install_app_filter(self)
        self._show_project()

    # -- layout ------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.picture = PictureView()
        self.cue_table = CueTable(self.editing.run, self._status)
        self.model, self.proxy = self.cue_table.model, self.cue_table.proxy
        self.table, self.filter = self.cue_table.table, self.cue_table.filter
        self.inspector = Inspector(self.editing.run)
        cues = QSplitter(Qt.Orientation.Vertical)
        self.findings = FindingsPanel()
        self.side_tabs = QTabWidget()
        inspector_scroll = QScrollArea()  # the form is tall; small screens scroll it, not the window
        inspector_scroll.setWidget(self.inspector)
        inspector_scroll.setWidgetResizable(True)
        inspector_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.side_tabs.addTab(inspector_scroll, "Cue")
        self.side_tabs.addTab(self.inspector.interests, "Writers && publishers")
        self.licences = LicencesPanel(self.editing.run, self._status)
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
        self.timeline = Timeline()
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

    def _handlers(self) -> dict[A, Callable[[], object]]:
        e, m, n = self.editing, self.media, self.navigation
        return {
            A.OPEN: self.files.choose_project,
            A.NEW: self.files.new_from_film,
            A.SAVE_COPY: self.files.save_copy,
            A.IMPORT_CSV: self.imports.import_csv,
            A.IMPORT_PROJECT: self.imports.import_project,
            A.RESTORE_BACKUP: self.imports.restore_backup,
            A.EXPORT_CSV: self.files.export_csv,
            A.EXPORT_XLSX: lambda: self.files.export("xlsx"),
            A.EXPORT_PDF: self.files.export_pdf,
            A.EXPORT_LICENSING_PDF: lambda: self.files.export("licensing-pdf"),
            A.EXPORT_LICENSING_CSV: lambda: self.files.export("licensing-csv"),
            A.EXPORT_LICENSING_XLSX: lambda: self.files.export("licensing-xlsx"),
            A.LOOP: lambda: self.navigation.toggle_loop(self._toggle_play),
            A.REACTION_DELAY: lambda: dialogs.ask_reaction_delay(self),
            A.QUIT: self.close,
            A.UNDO: e.undo,
            A.REDO: e.redo,
            A.DELETE: e.delete,
            A.PLAY_PAUSE: self._toggle_play,
            A.PLAY_PAUSE_ALWAYS: self._toggle_play,
            A.SHUTTLE_BACK: lambda: m.step(-1) if self._k_held else m.shuttle(-1),  # K held + J: one frame
            A.SHUTTLE_STOP: lambda: m.shuttle(0),
            A.SHUTTLE_FORWARD: lambda: m.step(1) if self._k_held else m.shuttle(1),
            A.COLOUR_BY_THEME: self._toggle_colour_by_theme,
            A.PRODUCTION: lambda: dialogs.edit_production(self),
            A.SHORTCUTS: lambda: dialogs.edit_shortcuts(self),
            A.FRAME_BACK: lambda: m.step(-1),
            A.FRAME_FORWARD: lambda: m.step(1),
            A.SECOND_BACK: lambda: n.step_seconds(-1),
            A.SECOND_FORWARD: lambda: n.step_seconds(1),
            A.GO_TO: self._go_to,
            A.MARK_IN: e.mark_in,
            A.MARK_OUT: e.mark_out,
            A.HAND_OVER: e.hand_over,
            A.TRIM_IN: lambda: e.trim("start"),
            A.TRIM_OUT: lambda: e.trim("end"),
            A.NUDGE_BACK: lambda: e.nudge(-1),
            A.NUDGE_FORWARD: lambda: e.nudge(1),
            A.GO_IN: lambda: n.go_to_edge("start"),
            A.GO_OUT: lambda: n.go_to_edge("end"),
            A.PREVIOUS_CUE: lambda: n.neighbour(-1),
            A.NEXT_CUE: lambda: n.neighbour(1),
            A.TAG_SCORE: lambda: e.tag(Origin.SCORE),
            A.TAG_LICENSED: lambda: e.tag(Origin.LICENSED),
            A.TAG_LIBRARY: lambda: e.tag(Origin.LIBRARY),
            A.ZOOM_IN: lambda: self.timeline.zoom(0.5),
            A.ZOOM_OUT: lambda: self.timeline.zoom(2.0),
            A.ZOOM_FIT: self.timeline.zoom_to_fit,
            A.ABOUT: lambda: dialogs.about(self),
        }

    def _connect(self) -> None:
        self.session.project_changed.connect(self._show_project)
        self.session.edited.connect(self._on_edited)
        self.session.reloaded.connect(self._on_reloaded)
        self.editing.status.connect(self._status)
        self.files.status.connect(self._status)
        self.imports.status.connect(self._status)
        self.state.open_in_changed.connect(self._on_open_changed)
        self.state.selection_changed.connect(self._on_selection)
        self.media.position_changed.connect(self._on_position)
        self.media.picture_ready.connect(self._on_picture)
        self.media.playing_changed.connect(self._on_playing)
        self.media.message.connect(self._status)
        self.media.peaks_ready.connect(self._on_peaks)
        self.timeline.seek_requested.connect(self.navigation.seek)
        self.state.playhead_changed.connect(self._on_playhead)
        self.timeline.cue_selected.connect(self.select_cue)
        self.findings.cue_chosen.connect(self.navigation.go_to_cue)
        self.findings.findings_changed.connect(self.model.set_findings)
        self.inspector.refused.connect(self._status)
        self.findings.counts_changed.connect(
            lambda errors, warnings: self.side_tabs.setTabText(3, f"Problems ({errors + warnings})")
        )
        self.timeline.edit_requested.connect(self.editing.run)
        self.timeline.drag_refused.connect(self.editing.writable)
        self.cue_table.cue_selected.connect(self._on_table_selection)
        self.transport.play_clicked.connect(self._toggle_play)
        self.transport.speed_changed.connect(self.media.set_speed)
        self.transport.volume_changed.connect(self.media.set_volume)
        self.transport.mute_toggled.connect(self.media.set_mute)
        self.timecode.returnPressed.connect(self._typed_position)
        self.locate_button.clicked.connect(lambda: self.files.locate_film())

    # -- project -----------------------------------------------------------------------------

    def open_project(self, path: Path) -> bool:
        try:
            error = self.session.open(path)
        except LockedError as locked:
            error = self.files.open_locked(path, locked)
            if error is None and self.session.path is None:
                return False  # the user cancelled
        if error:
            QMessageBox.warning(self, "Cannot open project", error)
            return False
        self.files.remember(path)
        return True

    def _show_project(self) -> None:
        project = self.session.project
        self.cue_table.sheet = self.session.sheet
        self.model.set_project(project)
        self.findings.set_project(project)
        self.media.close()
        if project is None or self.session.path is None:
            self.setWindowTitle("Cuesheet")
            self.summary.setText("No project open: File ▸ Open…, or run 'cuesheet demo'.")
            self.timeline.set_project(None, 0, 0)
            return
        read_only = " (read-only)" if self.session.read_only else ""
        self.setWindowTitle(f"{self.session.path.name}{read_only} — Cuesheet")
        self.timeline.read_only = self.session.read_only
        self.focus_home.go_home()
        start = project.production.start_frame
        frames = project.media.duration_frames if project.media else project.production.running_time
        self.timeline.set_project(project, start, frames)
        self._open_media()
        self._update_summary()
        self.timeline.zoom_to_fit()
        zoom = self.settings.value(self._project_key("zoom"))
        if isinstance(zoom, str) and zoom.count(",") == 1:  # as the user left it
            frames_per_px, left = (float(v) for v in zoom.split(","))
            self.timeline.set_view(frames_per_px, left)

    def _open_media(self) -> None:
        project, film = self.session.project, self.session.media_path
        assert project is not None
        problem = None
        if project.media is None:
            problem = "No film is linked to this project."
        elif film is None:
            problem = f"Film not found: {project.media.path}. Cues can be edited; to watch, locate the film."
        else:
            problem = self.media.open(film, project.production.rate, self.picture)
        if self.session.read_only:
            problem = (
                "Read-only: this project is open elsewhere or not writable. File ▸ Save a copy as… to edit."
            )
        elif problem is None and self.media.unavailable:
            problem = f"{self.media.unavailable}. Pictures and marking still work; playing does not."
        self.banner.setText(escape(problem) if problem else "")
        self.banner.setVisible(bool(problem))
        self.locate_button.setVisible(project.media is not None and film is None)
        self.media.seek(window_state.integer(self.settings, self._project_key("playhead"), 0))

    def _update_summary(self, ordered: list[Cue] | None = None) -> None:
        project = self.session.project
        if project is None:
            return
        p = project.production
        music = self.session.sheet.total_text if self.session.sheet else ""  # as printed
        self.summary.setText(
            f"<b>{escape(p.title)}</b> · {p.rate} fps · {len(project.cues)} cues · music {music}"
        )

    def _on_edited(self, change: Change, reason: str) -> None:
        if change.media:
            self._open_media()
        ordered = self.session.sheet.cues() if self.session.sheet else []  # in sheet order, no sort
        if change.cues or change.works or change.parties or change.licences or change.settings:
            selected = self.editing.selected
            self.model.reload(ordered)
            self.timeline.cues_changed(ordered)
            if selected:
                self.select_cue(selected)
        self._show_inspector()
        self._update_summary(ordered)
        self.findings.schedule()

    def _on_reloaded(self, change: Change) -> None:
        project = self.session.project  # a new object, read from the file: every view takes it
        self.cue_table.sheet = self.session.sheet
        self.model.set_project(project)
        self.findings.set_project(project)
        self.timeline.project = project
        self.editing.follow()
        self._on_edited(change, "reload")

    def _show_inspector(self) -> None:
        project = self.session.project
        cue = project.cues.get(self.editing.selected or "") if project else None
        self.inspector.show_cue(project, cue)
        self.licences.show_cue(project, cue)

    # -- playhead and pictures ---------------------------------------------------------------

    def _on_playhead(self, frame: int) -> None:
        self.timeline.set_playhead(frame)
        project = self.session.project
        if project is not None:
            self.timecode.show_timecode(project.production.timecode(frame))

    def _on_position(self, media_frame: int) -> None:
        if not self.media.playing or self.headless:
            rect = self.picture.frames.size()
            self.media.request_picture(media_frame, rect.width(), rect.height())

    def _toggle_play(self) -> None:
        # Map VLC's surface before it starts: a surface mapped later can stay on its first picture.
        if not self.media.playing and not self.headless and not self.media.unavailable:
            self.picture.show_video()
        self.media.toggle()

    def _on_picture(self, media_frame: int, image: QImage) -> None:
        self.picture.frames.show_picture(media_frame, image)

    def _on_playing(self, playing: bool) -> None:
        if not playing:
            self.navigation.loop = None
        self.transport.show_playing(playing)
        if playing and not self.headless and not self.media.unavailable:
            self.picture.show_video()
        else:
            self.picture.show_frames()

    def _on_peaks(self, peaks: Peaks) -> None:
        self.timeline.peaks = peaks
        self.timeline.update()

    def _on_open_changed(self, start: int | None) -> None:
        self.timeline.open_start = start
        self.timeline.update()

    def _typed_position(self) -> None:
        error = self.navigation.typed(self.timecode.text())
        if error:
            self._status(error)
        else:
            self.timecode.clearFocus()

    def _go_to(self) -> None:
        self.timecode.setFocus()
        self.timecode.selectAll()

    # -- selection ---------------------------------------------------------------------------

    def select_cue(self, cue_id: str) -> None:
        self.state.select(cue_id)
        self.cue_table.select(cue_id)  # also when already selected: the row scrolls into view

    def _on_selection(self, cue_id: str | None) -> None:
        self.timeline.selected = cue_id
        self.timeline.update()
        self._show_inspector()
        if cue_id is not None:
            self.cue_table.select(cue_id)

    def _on_table_selection(self, cue_id: str) -> None:
        self.state.select(cue_id)

    # -- files -------------------------------------------------------------------------------

    def _project_key(self, name: str) -> str:
        return f"project/{str(self.session.path).replace('/', '|')}/{name}"

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            path = Path(url.toLocalFile())
            if path.suffix == ".cuesheet":
                self.open_project(path)
            elif path.is_file():
                self.files.new_from_film(path)  # a film dropped on the window starts a project
            return

    def _status(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Key presses, releases and shortcut overrides: the K press reaches us as a ShortcutOverride
        # (its shortcut then consumes the press).
        if isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_K and not event.isAutoRepeat():
            self._k_held = event.type() != QEvent.Type.KeyRelease
        return False

    def _toggle_colour_by_theme(self) -> None:
        self.timeline.colour_by_motif = self.registry.actions[A.COLOUR_BY_THEME].isChecked()
        self.timeline.cues_changed()

    def closeEvent(self, event: QCloseEvent) -> None:
        remove_app_filter(self)
        window_state.save_layout(self.settings, self, self.splitters)
        if self.session.path is not None:
            self.settings.setValue(self._project_key("playhead"), self.media.position())
            if not self.timeline.fits:
                view = f"{self.timeline.frames_per_px},{self.timeline.left_frame}"
                self.settings.setValue(self._project_key("zoom"), view)
        self.media.close()
        self.session.close()
        super().closeEvent(event)
