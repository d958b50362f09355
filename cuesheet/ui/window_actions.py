"""What each menu item and shortcut does in the main window: one table from action to handler (the
registry in ``ui.actions`` holds the names, keys and menus)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cuesheet.domain.usage import Origin
from cuesheet.ui import window_dialogs as dialogs
from cuesheet.ui.actions import A

if TYPE_CHECKING:
    from cuesheet.ui.main_window import MainWindow


def handlers(w: MainWindow) -> dict[A, Callable[[], object]]:
    e, m, n = w.editing, w.media, w.navigation
    return {
        A.OPEN: w.files.choose_project,
        A.NEW: w.files.new_from_film,
        A.SAVE_COPY: w.files.save_copy,
        A.IMPORT_TIMELINE: w.imports.import_timeline,
        A.CONFORM: w.imports.conform,
        A.FIND_MUSIC: w.imports.find_music,
        A.CHECK_BY_EAR: w.imports.check_by_ear,
        A.IMPORT_CSV: w.imports.import_csv,
        A.IMPORT_PROJECT: w.imports.import_project,
        A.RESTORE_BACKUP: w.imports.restore_backup,
        A.EXPORT_CSV: w.files.export_csv,
        A.EXPORT_XLSX: lambda: w.files.export("xlsx"),
        A.EXPORT_JSON: lambda: w.files.export("json"),
        A.MARK_FILED: w.filing.mark_filed,
        A.FILINGS: w.filing.show_filings,
        A.EXPORT_PDF: w.files.export_pdf,
        A.EXPORT_LICENSING_PDF: lambda: w.files.export("licensing-pdf"),
        A.EXPORT_LICENSING_CSV: lambda: w.files.export("licensing-csv"),
        A.EXPORT_LICENSING_XLSX: lambda: w.files.export("licensing-xlsx"),
        A.LOOP: lambda: w.navigation.toggle_loop(w.toggle_play),
        A.REACTION_DELAY: lambda: dialogs.ask_reaction_delay(w),
        A.QUIT: w.close,
        A.UNDO: e.undo,
        A.REDO: e.redo,
        A.DELETE: e.delete,
        A.PLAY_PAUSE: w.toggle_play,
        A.PLAY_PAUSE_ALWAYS: w.toggle_play,
        A.SHUTTLE_BACK: lambda: m.step(-1) if w.k_held else m.shuttle(-1),  # K held + J: one frame
        A.SHUTTLE_STOP: lambda: m.shuttle(0),
        A.SHUTTLE_FORWARD: lambda: m.step(1) if w.k_held else m.shuttle(1),
        A.COLOUR_BY_THEME: w.toggle_colour_by_theme,
        A.PRODUCTION: lambda: dialogs.edit_production(w),
        A.SHORTCUTS: lambda: dialogs.edit_shortcuts(w),
        A.FRAME_BACK: lambda: m.step(-1),
        A.FRAME_FORWARD: lambda: m.step(1),
        A.SECOND_BACK: lambda: n.step_seconds(-1),
        A.SECOND_FORWARD: lambda: n.step_seconds(1),
        A.GO_TO: w.go_to,
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
        A.ZOOM_IN: lambda: w.timeline.zoom(0.5),
        A.ZOOM_OUT: lambda: w.timeline.zoom(2.0),
        A.ZOOM_FIT: w.timeline.zoom_to_fit,
        A.ABOUT: lambda: dialogs.about(w),
    }
