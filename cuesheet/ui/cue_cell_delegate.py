"""Painting the cue table's cells: one call into the model per cell and each text laid out once.

Qt's own delegate asks the model for about ten roles per cell (a Python call each) and lays every
text out again on each paint (Unicode itemising and harfbuzz shaping): at 5,000 cues that was ~5 ms
of each repaint of a table showing 45 cells, and the table repaints after every mark and edit
(issue #14: key O to the cue visible ≤ 16 ms). Here the cell's text, alignment and italics come from
``CueTableModel.cell``, and a text elided to its column's width is kept as a ``QStaticText``; the
selection, hover and focus frame are still drawn by the style, and editing is Qt's as before. A
right-to-left or unprintable text (a Hebrew title, a line break from an import) is painted by Qt's
delegate, which lays those out as a QStaticText does not.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QTableView,
)

from cuesheet.ui.cue_table_model import CueTableModel

_KEPT = 4096  # laid-out texts kept: several screens of cells; the next scroll lays out again
_State = QStyle.StateFlag
ACTIVE, ENABLED = _State.State_Active.value, _State.State_Enabled.value  # plain ints: a flag's & is slow
SELECTED, FOCUS = _State.State_Selected.value, _State.State_HasFocus.value
_PANEL, _FOCUS_FRAME = QStyle.PrimitiveElement.PE_PanelItemViewItem, QStyle.PrimitiveElement.PE_FrameFocusRect
_MARGIN = QStyle.PixelMetric.PM_FocusFrameHMargin
_QT = "qt"  # in place of a laid-out text: Qt's delegate paints this cell
Laid = tuple[QStaticText, int] | str  # the text shown and the height of its line, or _QT
_RTL = frozenset(("R", "AL", "RLE", "RLO", "RLI"))


def laid_out_as_qt_does(text: str) -> bool:
    """A QStaticText shows the text as Qt's delegate would: it is printable (Qt shows a title's
    line break as "…" after its first line) and has no right-to-left character (Qt lays such a
    text out in its own direction, a QStaticText left to right)."""
    if text.isascii():
        return text.isprintable()
    return text.isprintable() and not any(unicodedata.bidirectional(c) in _RTL for c in text)


class CueCellDelegate(QStyledItemDelegate):
    def __init__(self, model: CueTableModel, view: QTableView) -> None:
        super().__init__(view)
        self._model, self._view = model, view
        self._laid_out: dict[tuple[str, int, bool], Laid] = {}
        self._fonts: tuple[QFont, QFont] | None = None  # upright, italic: the view's font
        self._pens: dict[tuple[int, int], QColor] = {}  # by (palette's cache key, state bits)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        text, right, italic = self._model.cell(index.row(), index.column())
        view = self._view
        style = view.style()
        rect = option.rect
        margin = style.pixelMetric(_MARGIN, None, view) + 1  # Qt's text margin, each side
        font = self._font(option.font, italic)
        laid = self._text(text, rect.width() - 2 * margin, italic, font) if text else None
        if isinstance(laid, str):  # _QT (see laid_out_as_qt_does): painted by Qt itself
            super().paint(painter, option, index)
            return
        state = option.state.value
        style.drawPrimitive(_PANEL, option, painter, view)
        if laid is not None:
            shown, line = laid
            x = rect.right() - margin - shown.size().width() + 1 if right else rect.left() + margin
            y = rect.top() + (rect.height() - line) // 2  # as Qt centres: whole pixels
            painter.save()
            painter.setFont(font)
            painter.setPen(self._pen(option.palette, state))
            painter.drawStaticText(QPointF(x, y), shown)
            painter.restore()
        if state & FOCUS:  # the current cell: the frame Qt's delegate draws (QCommonStyle's recipe)
            frame = QStyleOptionFocusRect()
            frame.initFrom(view)
            frame.rect, frame.palette = rect, option.palette
            frame.state = option.state | _State.State_KeyboardFocusChange | _State.State_Item
            group = QPalette.ColorGroup.Normal if state & ENABLED else QPalette.ColorGroup.Disabled
            role = QPalette.ColorRole.Highlight if state & SELECTED else QPalette.ColorRole.Window
            frame.backgroundColor = option.palette.color(group, role)
            style.drawPrimitive(_FOCUS_FRAME, frame, painter, view)

    def _font(self, font: QFont, italic: bool) -> QFont:
        fonts = self._fonts
        if fonts is None or fonts[0] != font:  # the view's font changed: lay every text out again
            slanted = QFont(font)
            slanted.setItalic(True)
            self._fonts = fonts = (QFont(font), slanted)
            self._laid_out.clear()
        return fonts[italic]

    def _pen(self, palette: QPalette, state: int) -> QColor:
        key = (palette.cacheKey(), state & (ACTIVE | ENABLED | SELECTED))
        colour = self._pens.get(key)
        if colour is None:
            group = QPalette.ColorGroup.Active if state & ACTIVE else QPalette.ColorGroup.Inactive
            if not state & ENABLED:
                group = QPalette.ColorGroup.Disabled
            role = QPalette.ColorRole.HighlightedText if state & SELECTED else QPalette.ColorRole.Text
            colour = self._pens[key] = palette.color(group, role)
            if len(self._pens) > 64:  # a palette per theme change: a handful at most
                self._pens = {key: colour}
        return colour

    def _text(self, text: str, width: int, italic: bool, font: QFont) -> Laid:
        """The text laid out for ``width`` and the height of its line, or ``_QT`` when Qt's
        delegate must paint it."""
        key = (text, width, italic)
        laid = self._laid_out.get(key)
        if laid is None:
            if len(self._laid_out) >= _KEPT:
                self._laid_out.clear()
            if laid_out_as_qt_does(text):
                elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, max(0, width))
                shown = _static(elided, font)
                # Qt's line is as tall as the whole text's fonts (a CJK fallback font is taller):
                # the part shown is centred on that line, as Qt centres it.
                whole = shown if text.isascii() else _static(text, font)
                laid = (shown, int(whole.size().height()))
            else:
                laid = _QT
            self._laid_out[key] = laid
        return laid


def _static(text: str, font: QFont) -> QStaticText:
    laid = QStaticText(text)
    laid.setTextFormat(Qt.TextFormat.PlainText)
    laid.prepare(font=font)
    return laid
