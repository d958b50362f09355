"""Every user action in one registry: id, text, default shortcuts, menu. Menus are lists of ids.

Shortcuts are configurable; a user's choice is stored in QSettings only where it differs from the
default (Frescobaldi's habit), so changing a default later reaches everyone who did not override it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from importlib import import_module

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget


class A(Enum):
    NEW = "file.new"
    OPEN = "file.open"
    SAVE_COPY = "file.save_copy"
    IMPORT_CSV = "file.import_csv"
    IMPORT_PROJECT = "file.import_project"
    IMPORT_TIMELINE = "file.import_timeline"
    CONFORM = "cue.conform"
    FIND_MUSIC = "cue.find_music"
    CHECK_BY_EAR = "cue.check_by_ear"
    RESTORE_BACKUP = "file.restore_backup"
    EXPORT_CSV = "file.export_csv"
    EXPORT_XLSX = "file.export_xlsx"
    EXPORT_JSON = "file.export_json"
    MARK_FILED = "file.mark_filed"
    FILINGS = "file.filings"
    EXPORT_PDF = "file.export_pdf"
    EXPORT_LICENSING_PDF = "file.export_licensing_pdf"
    EXPORT_LICENSING_CSV = "file.export_licensing_csv"
    EXPORT_LICENSING_XLSX = "file.export_licensing_xlsx"
    QUIT = "file.quit"
    UNDO = "edit.undo"
    REDO = "edit.redo"
    DELETE = "edit.delete"
    PRODUCTION = "edit.production"
    AGREEMENTS = "edit.agreements"
    PLAY_PAUSE = "play.toggle"
    PLAY_PAUSE_ALWAYS = "play.toggle_always"
    SHUTTLE_BACK = "play.shuttle_back"
    SHUTTLE_STOP = "play.shuttle_stop"
    SHUTTLE_FORWARD = "play.shuttle_forward"
    FRAME_BACK = "play.frame_back"
    FRAME_FORWARD = "play.frame_forward"
    SECOND_BACK = "play.second_back"
    SECOND_FORWARD = "play.second_forward"
    GO_TO = "play.go_to"
    LOOP = "play.loop"
    REACTION_DELAY = "play.reaction_delay"
    MARK_IN = "cue.mark_in"
    MARK_OUT = "cue.mark_out"
    HAND_OVER = "cue.hand_over"
    TRIM_IN = "cue.trim_in"
    TRIM_OUT = "cue.trim_out"
    GO_IN = "cue.go_in"
    GO_OUT = "cue.go_out"
    PREVIOUS_CUE = "cue.previous"
    NEXT_CUE = "cue.next"
    NUDGE_BACK = "cue.nudge_back"
    NUDGE_FORWARD = "cue.nudge_forward"
    TAG_SCORE = "cue.tag_score"
    TAG_LICENSED = "cue.tag_licensed"
    TAG_LIBRARY = "cue.tag_library"
    ZOOM_IN = "view.zoom_in"
    ZOOM_OUT = "view.zoom_out"
    ZOOM_FIT = "view.zoom_fit"
    COLOUR_BY_THEME = "view.colour_by_theme"
    SHORTCUTS = "view.shortcuts"
    ABOUT = "help.about"


@dataclass(frozen=True)
class ActionSpec:
    id: A
    text: str
    shortcuts: tuple[str, ...] = ()


SPECS = [
    ActionSpec(A.NEW, "&New from film…", ("Ctrl+N",)),
    ActionSpec(A.OPEN, "&Open…", ("Ctrl+O",)),
    ActionSpec(A.SAVE_COPY, "Save a &copy as…", ("Ctrl+Shift+S",)),
    ActionSpec(A.IMPORT_TIMELINE, "Import editor's &timeline…", ("Ctrl+I",)),
    ActionSpec(A.IMPORT_CSV, "&Import cue sheet CSV…"),
    ActionSpec(A.CONFORM, "Con&form to a new cut…"),
    ActionSpec(A.FIND_MUSIC, "Find m&usic in the film…"),
    ActionSpec(A.CHECK_BY_EAR, "Check cues against the film's &sound"),
    ActionSpec(A.IMPORT_PROJECT, "Import cues from another pro&ject…", ("Ctrl+Shift+I",)),
    ActionSpec(A.RESTORE_BACKUP, "Restore a &backup…"),
    ActionSpec(A.EXPORT_PDF, "Export cue sheet &PDF…", ("Ctrl+P",)),
    ActionSpec(A.EXPORT_CSV, "Export cue sheet &CSV…", ("Ctrl+E",)),
    ActionSpec(A.EXPORT_XLSX, "Export cue sheet for E&xcel (.xlsx)…"),
    ActionSpec(A.EXPORT_JSON, "Export cue sheet as &JSON…"),
    ActionSpec(A.MARK_FILED, "&Mark as filed…"),
    ActionSpec(A.FILINGS, "Filin&gs…"),
    ActionSpec(A.EXPORT_LICENSING_PDF, "Export &licensing report PDF…"),
    ActionSpec(A.EXPORT_LICENSING_CSV, "Export licensing report CS&V…"),
    ActionSpec(A.EXPORT_LICENSING_XLSX, "Export licensing report for Excel (.xlsx)…"),
    ActionSpec(A.QUIT, "&Quit", ("Ctrl+Q",)),
    ActionSpec(A.UNDO, "&Undo", ("Ctrl+Z",)),
    ActionSpec(A.REDO, "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y")),
    ActionSpec(A.DELETE, "&Delete cue", ("Delete",)),
    ActionSpec(A.PRODUCTION, "&Production and sheet settings…", ("Ctrl+,",)),
    ActionSpec(A.AGREEMENTS, "Composer &agreements…"),
    ActionSpec(A.PLAY_PAUSE, "&Play / pause", ("Space",)),
    ActionSpec(A.PLAY_PAUSE_ALWAYS, "Play / pause (in text fields too)", ("Ctrl+Space",)),
    ActionSpec(A.SHUTTLE_BACK, "Shuttle &backward", ("J",)),
    ActionSpec(A.SHUTTLE_STOP, "Shuttle &stop", ("K",)),
    ActionSpec(A.SHUTTLE_FORWARD, "Shuttle &forward", ("L",)),
    ActionSpec(A.FRAME_BACK, "Previous frame", ("Left", ",")),
    ActionSpec(A.FRAME_FORWARD, "Next frame", ("Right", ".")),
    ActionSpec(A.SECOND_BACK, "Back one second", ("Shift+Left",)),
    ActionSpec(A.SECOND_FORWARD, "Forward one second", ("Shift+Right",)),
    ActionSpec(A.GO_TO, "&Go to timecode…", ("Ctrl+G", "=")),
    ActionSpec(A.LOOP, "&Loop the selected cue", ("\\",)),
    ActionSpec(A.REACTION_DELAY, "Reaction &delay for marks while playing…"),
    ActionSpec(A.MARK_IN, "Mark &In (open a cue)", ("I",)),
    ActionSpec(A.MARK_OUT, "Mark &Out (close the cue)", ("O",)),
    ActionSpec(A.HAND_OVER, "&Hand over to the next cue", ("M",)),
    ActionSpec(A.TRIM_IN, "Set In of the selected cue to the playhead", ("[",)),
    ActionSpec(A.TRIM_OUT, "Set Out of the selected cue to the playhead", ("]",)),
    ActionSpec(A.GO_IN, "Go to the cue's In", ("Shift+I",)),
    ActionSpec(A.GO_OUT, "Go to the cue's Out", ("Shift+O",)),
    ActionSpec(A.PREVIOUS_CUE, "Previous cue", ("<",)),
    ActionSpec(A.NEXT_CUE, "Next cue", (">",)),
    ActionSpec(A.NUDGE_BACK, "Nudge the last edge back one frame", ("Alt+Left",)),
    ActionSpec(A.NUDGE_FORWARD, "Nudge the last edge forward one frame", ("Alt+Right",)),
    ActionSpec(A.TAG_SCORE, "Tag as &Score", ("Ctrl+1",)),
    ActionSpec(A.TAG_LICENSED, "Tag as &Licensed", ("Ctrl+2",)),
    ActionSpec(A.TAG_LIBRARY, "Tag as Li&brary", ("Ctrl+3",)),
    ActionSpec(A.ZOOM_IN, "Zoom &in", ("+", "Ctrl+=")),
    ActionSpec(A.ZOOM_OUT, "Zoom &out", ("-",)),
    ActionSpec(A.ZOOM_FIT, "Zoom to &fit", ("Ctrl+0",)),
    ActionSpec(A.COLOUR_BY_THEME, "&Colour cues by theme"),
    ActionSpec(A.SHORTCUTS, "&Keyboard shortcuts…"),
    ActionSpec(A.ABOUT, "&About Cuesheet"),
]
SPEC = {spec.id: spec for spec in SPECS}
CHECKABLE = {A.COLOUR_BY_THEME}
# Dialogs that need only the window: (module, function called with it), imported when first used,
# connected by the registry so the window's module does not grow with each one.
WINDOW_DIALOGS = {A.AGREEMENTS: ("cuesheet.ui.agreements_dialog", "open_agreements")}

MENUS: list[tuple[str, list[A | None]]] = [
    ("&File", [A.NEW, A.OPEN, None, A.SAVE_COPY, A.RESTORE_BACKUP, None, A.IMPORT_TIMELINE, A.IMPORT_CSV,
               A.IMPORT_PROJECT,
               None, A.EXPORT_PDF, A.EXPORT_CSV, A.EXPORT_XLSX, A.EXPORT_JSON, A.EXPORT_LICENSING_PDF,
               A.EXPORT_LICENSING_CSV, A.EXPORT_LICENSING_XLSX, None, A.MARK_FILED, A.FILINGS, None, A.QUIT]),
    ("&Edit", [A.UNDO, A.REDO, None, A.DELETE, None, A.PRODUCTION, A.AGREEMENTS]),
    ("&Playback", [A.PLAY_PAUSE, A.PLAY_PAUSE_ALWAYS, None, A.SHUTTLE_BACK, A.SHUTTLE_STOP,
                   A.SHUTTLE_FORWARD, None, A.FRAME_BACK, A.FRAME_FORWARD, A.SECOND_BACK,
                   A.SECOND_FORWARD, None, A.GO_TO, A.LOOP, None, A.REACTION_DELAY]),
    ("&Cue", [A.MARK_IN, A.MARK_OUT, A.HAND_OVER, None, A.TRIM_IN, A.TRIM_OUT, A.NUDGE_BACK,
              A.NUDGE_FORWARD, None, A.GO_IN, A.GO_OUT, A.PREVIOUS_CUE, A.NEXT_CUE, None,
              A.TAG_SCORE, A.TAG_LICENSED, A.TAG_LIBRARY, None, A.FIND_MUSIC, A.CHECK_BY_EAR,
              A.CONFORM]),
    ("&View", [A.ZOOM_IN, A.ZOOM_OUT, A.ZOOM_FIT, None, A.COLOUR_BY_THEME, None, A.SHORTCUTS]),
    ("&Help", [A.ABOUT]),
]  # fmt: skip


class ActionRegistry:
    def __init__(self, parent: QWidget, settings: QSettings) -> None:
        self._parent = parent
        self._settings = settings
        self.actions: dict[A, QAction] = {}
        for spec in SPECS:
            action = QAction(spec.text, parent)
            action.setShortcuts([QKeySequence(k) for k in self.shortcuts(spec.id)])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setCheckable(spec.id in CHECKABLE)
            parent.addAction(action)
            self.actions[spec.id] = action
        for action_id, (module, function) in WINDOW_DIALOGS.items():
            self.actions[action_id].triggered.connect(
                lambda _=False, m=module, f=function: getattr(import_module(m), f)(parent)
            )

    def shortcuts(self, action_id: A) -> tuple[str, ...]:
        stored = self._settings.value(f"shortcuts/{action_id.value}")
        if isinstance(stored, str):
            return tuple(k for k in stored.split(";") if k)
        return SPEC[action_id].shortcuts

    def set_shortcuts(self, action_id: A, keys: tuple[str, ...]) -> None:
        """Store a user's shortcut only when it differs from the default."""
        if keys == SPEC[action_id].shortcuts:
            self._settings.remove(f"shortcuts/{action_id.value}")
        else:
            self._settings.setValue(f"shortcuts/{action_id.value}", ";".join(keys))
        self.actions[action_id].setShortcuts([QKeySequence(k) for k in keys])

    def default(self, action_id: A) -> tuple[str, ...]:
        return SPEC[action_id].shortcuts

    def connect(self, handlers: dict[A, Callable[[], object]]) -> None:
        for action_id, handler in handlers.items():
            self.actions[action_id].triggered.connect(lambda _=False, h=handler: h())

    def build_menus(self, menu_bar: QMenuBar) -> dict[str, QMenu]:
        menus: dict[str, QMenu] = {}
        for title, ids in MENUS:
            menu = menus[title] = menu_bar.addMenu(title)
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions[action_id])
        return menus
