"""The main window: picture, cue table, transport and timeline, wired to one session.

The window only arranges and connects: actions come from the registry, cue edits from
``CueEditing``, the film (playback, pictures, waveform) from ``MediaSession``, and what the views
show of the project (selection, open In, playhead) lives in one ``ViewState`` they observe.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QImage, QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from cuesheet.domain.commands import Change
from cuesheet.domain.marking import DEFAULT_REACTION_DELAY_MS, MAX_REACTION_DELAY_MS
from cuesheet.store.lock import LockedError
from cuesheet.ui import heap, window_drops, window_state
from cuesheet.ui.actions import A, ActionRegistry
from cuesheet.ui.cue_editing import CueEditing
from cuesheet.ui.file_actions import FileActions
from cuesheet.ui.filing_actions import FilingActions
from cuesheet.ui.focus import FocusHome, install_app_filter, remove_app_filter
from cuesheet.ui.import_actions import ImportActions
from cuesheet.ui.media_session import MediaSession
from cuesheet.ui.navigation import Navigation
from cuesheet.ui.project_watch import ProjectWatch
from cuesheet.ui.session import Session
from cuesheet.ui.sound_streams import SoundStreamMenu
from cuesheet.ui.undo_labels import UndoLabels
from cuesheet.ui.window_actions import handlers
from cuesheet.ui.window_dialogs import REACTION_DELAY_KEY, warn_not_saved
from cuesheet.ui.window_layout import WindowLayout


class MainWindow(WindowLayout):
    def __init__(
        self, session: Session, settings: QSettings | None = None, headless: bool | None = None
    ) -> None:
        # The panels run edits through CueEditing, made below: looked up when an edit happens.
        super().__init__(lambda command: self.editing.run(command), lambda text: self._status(text))
        self.session = session
        self.settings = settings or QSettings()
        self.headless = (
            QApplication.platformName() not in ("xcb", "windows", "cocoa") if headless is None else headless
        )
        self.media = MediaSession(self.headless)
        self.navigation = Navigation(session, self.state, self.media)  # converts to media frames
        self.editing = CueEditing(session, self.state, self.navigation.playhead)
        self.registry = ActionRegistry(self, self.settings)
        self.files = FileActions(self, session, self.settings, self.editing.run, self.open_project)
        self.imports = ImportActions(self, session, self.state, self.editing.run, self.open_project)
        self.filing = FilingActions(self, session, self.editing.run)
        self.k_held = False  # K held down: J and L step single frames (Avid, Resolve)
        self.focus_home = FocusHome(self, self.picture)
        self.watch = ProjectWatch(session, self)  # a read-only window follows the writer's commits
        menus = self.registry.build_menus(self.menuBar())
        menus["&File"].insertMenu(self.registry.actions[A.SAVE_COPY], self.files.recent_menu)
        menus["&Playback"].addMenu(
            SoundStreamMenu(self, session, lambda: self.media.sound_streams, self.editing.run)
        )
        self.registry.connect(handlers(self))
        self.undo_labels = UndoLabels(session, self.registry.actions[A.UNDO], self.registry.actions[A.REDO])
        self._connect()
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        window_state.restore_layout(self.settings, self, self.splitters)
        self.editing.reaction_delay_ms = window_state.integer(
            self.settings, REACTION_DELAY_KEY, DEFAULT_REACTION_DELAY_MS, 0, MAX_REACTION_DELAY_MS
        )
        install_app_filter(self)
        self._show_project()

    def _connect(self) -> None:
        self.session.project_changed.connect(self._show_project)
        self.session.edited.connect(self._on_edited)
        self.session.reloaded.connect(self._on_reloaded)
        self.editing.status.connect(self._status)
        self.files.status.connect(self._status)
        self.imports.status.connect(self._status)
        self.filing.status.connect(self._status)
        self.state.selection_changed.connect(self._on_selection)
        self.media.position_changed.connect(self._on_position)
        self.media.picture_ready.connect(self._on_picture)
        self.media.playing_changed.connect(self._on_playing)
        self.media.message.connect(self._status)
        self.media.peaks_ready.connect(self.timeline.show_peaks)
        self.media.problem.connect(self._show_problem)
        self.timeline.seek_requested.connect(self.navigation.seek)
        self.state.playhead_changed.connect(self._on_playhead)
        self.timeline.cue_selected.connect(self.select_cue)
        self.findings.cue_chosen.connect(self.navigation.go_to_cue)
        self.findings.status_changed.connect(self.model.set_status)
        self.findings.filing_changed.connect(self.cue_table.show_filing)
        self.inspector.refused.connect(self._status)
        self.findings.counts_changed.connect(
            lambda errors, warnings: self.side_tabs.setTabText(3, f"Problems ({errors + warnings})")
        )
        self.timeline.edit_requested.connect(self.editing.run)
        self.timeline.drag_refused.connect(self.editing.writable)
        self.cue_table.cue_selected.connect(self.state.select)
        self.transport.play_clicked.connect(self.toggle_play)
        self.transport.speed_changed.connect(self.media.set_speed)
        self.transport.volume_changed.connect(self.media.set_volume)
        self.transport.mute_toggled.connect(self.media.set_mute)
        self.timecode.returnPressed.connect(self._typed_position)
        self.locate_button.clicked.connect(lambda: self.files.locate_film())

    # -- project -----------------------------------------------------------------------------

    def open_project(self, path: Path) -> bool:
        try:
            with heap.paused():  # no collection over the objects being read; they are frozen after
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
        self.cue_table.show_sheet(self.session.sheet)
        self.findings.set_project(project, self.session.sheet)
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
        self.timeline.set_project(project, start, frames, self.session.sheet)
        self._open_media()
        self._update_summary()
        self.timeline.zoom_to_fit()
        saved = window_state.view(self.settings, self._project_key("zoom"))
        if saved is not None:  # as the user left it
            self.timeline.set_view(*saved)

    def _open_media(self) -> None:
        project, film = self.session.project, self.session.media_path
        assert project is not None
        problem = None
        if project.media is None:
            problem = "No film is linked to this project."
        elif film is None:
            problem = f"Film not found: {project.media.path}. Cues can be edited; to watch, locate the film."
        else:
            stream = project.media.audio_stream if project.media else None
            problem = self.media.open(film, project.production.rate, self.picture, stream)
        if self.session.read_only:
            problem = (
                "Read-only: this project is open elsewhere or not writable. File ▸ Save a copy as… to edit."
            )
        self.banner.setText(escape(problem) if problem else "")
        self.banner.setVisible(bool(problem))
        self.locate_button.setVisible(project.media is not None and film is None)
        self.media.seek(window_state.integer(self.settings, self._project_key("playhead"), 0))

    def _update_summary(self) -> None:
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
        # The rows the sheet says moved or changed, not every row (the table keeps its selection).
        self.cue_table.follow(self.session.delta, self.state.selected)
        self.timeline.follow(self.session.delta)
        if self.inspector.cue is None or change.concerns(self.inspector.cue):  # not filled twice a mark
            self._show_inspector()
        self._update_summary()
        self.findings.schedule()  # the Problems list and the Status column, checked in the background

    def _on_reloaded(self, change: Change) -> None:
        project = self.session.project  # a new object, read from the file: every view takes it
        self.cue_table.show_sheet(self.session.sheet)
        self.findings.set_project(project, self.session.sheet)
        self.timeline.show_sheet(project, self.session.sheet)
        self.editing.follow()
        self._on_edited(change, "reload")

    def _show_inspector(self) -> None:
        project = self.session.project
        cue = project.cues.get(self.editing.selected or "") if project else None
        self.inspector.show_cue(project, cue)
        self.licences.show_cue(project, cue)

    # -- playhead and pictures ---------------------------------------------------------------

    def _show_problem(self, text: str) -> None:
        """A problem found once the film was opened (unreadable, no libVLC); read-only says more."""
        if not self.session.read_only:
            self.banner.setText(escape(text))
            self.banner.setVisible(True)

    def _on_playhead(self, frame: int) -> None:
        project = self.session.project
        if project is not None:
            self.timecode.show_timecode(project.production.timecode(frame))

    def _on_position(self, media_frame: int) -> None:
        if not self.media.playing or self.headless:
            rect = self.picture.frames.size()
            self.media.request_picture(media_frame, rect.width(), rect.height())

    def toggle_play(self) -> None:
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

    def _typed_position(self) -> None:
        error = self.navigation.typed(self.timecode.text())
        if error:
            self._status(error)
        else:
            self.timecode.clearFocus()

    def go_to(self) -> None:
        self.timecode.setFocus()
        self.timecode.selectAll()

    # -- selection ---------------------------------------------------------------------------

    def select_cue(self, cue_id: str) -> None:
        self.state.select(cue_id)
        self.cue_table.select(cue_id)  # also when already selected: the row scrolls into view

    def _on_selection(self, cue_id: str | None) -> None:
        self._show_inspector()
        if cue_id is not None:
            self.cue_table.select(cue_id)

    # -- files -------------------------------------------------------------------------------

    def _project_key(self, name: str) -> str:
        return f"project/{str(self.session.path).replace('/', '|')}/{name}"

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        window_drops.drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        window_drops.drop(self, event)

    def _status(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Key presses, releases and shortcut overrides: the K press reaches us as a ShortcutOverride
        # (its shortcut then consumes the press).
        if isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_K and not event.isAutoRepeat():
            self.k_held = event.type() != QEvent.Type.KeyRelease
        return False

    def toggle_colour_by_theme(self) -> None:
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
        warn_not_saved(self, self.session.close())
        super().closeEvent(event)
