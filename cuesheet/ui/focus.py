"""Where the keys go: to the picture, so Space, arrows, I and O play and mark from the first minute.

Text fields take the keys only while the user is typing in them; Esc in one (the filter, an
inspector field, the go-to timecode) drops what was typed where the field can revert, and hands
the keys back to the picture — as Esc leaves a field in NLEs.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)


class FocusHome(QObject):
    """Keeps ``home`` (the picture) as the window's keyboard focus outside typing."""

    def __init__(self, window: QWidget, home: QWidget) -> None:
        super().__init__(window)
        self.window, self.home = window, home
        home.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # clicking the picture takes the keys
        install_app_filter(self)
        home.setFocus()  # taken when the window is first activated (else Qt picks the first field)

    def uninstall(self) -> None:
        remove_app_filter(self)

    def go_home(self) -> None:
        self.home.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and watched is self.window:
            self.uninstall()
        elif (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and isinstance(watched, TEXT_FIELDS)
            and watched is QApplication.focusWidget()
            and self.window.isAncestorOf(watched)
            and not _in_item_view(watched)  # a table cell's editor: Esc cancels that edit, as usual
        ):
            # Revert first: leaving the field then commits nothing (editingFinished sees no change).
            field = watched.parentWidget() if isinstance(watched.parentWidget(), QComboBox) else watched
            revert = getattr(field, "revert", None)
            if callable(revert):
                revert()
            self.go_home()
            return True
        return False


def install_app_filter(watcher: QObject) -> None:
    """Let ``watcher`` see every event of the running application (widgets exist only inside one)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QApplication is running")
    app.installEventFilter(watcher)


def remove_app_filter(watcher: QObject) -> None:
    app = QCoreApplication.instance()
    if app is not None:  # none left: nothing to remove it from
        app.removeEventFilter(watcher)


def _in_item_view(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False
