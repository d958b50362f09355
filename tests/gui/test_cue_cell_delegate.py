"""The cue table's own cell painter looks exactly like Qt's delegate: the same pixels for plain,
right-aligned, elided (at the letter: the table does not wrap words), italic (carved) and selected
cells and the current cell's focus frame, in right-to-left, CJK and two-line titles too, and it
follows the view's font (issue #14: it paints a cell with one call into the model)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QStyledItemDelegate

from cuesheet.domain.commands import AddCues
from cuesheet.domain.cue import Cue
from cuesheet.domain.rights import Work
from cuesheet.ui.cue_cell_delegate import CueCellDelegate
from cuesheet.ui.cue_table_model import DURATION, STATUS, TITLE


def shot(view) -> QImage:  # type: ignore[no-untyped-def]
    view.viewport().repaint()
    return view.viewport().grab().toImage()


def test_cells_paint_as_qt_paints_them(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    project = window.session.project
    rate = project.production.rate.nominal
    start = project.production.start_frame + rate
    works = [
        Work("A title long enough to be cut short in its column " * 2),
        Work("שיר הנמל של הלילה הארוך"),  # right to left
        Work("Harbour 港口之光 テーマ"),  # CJK
        Work("Two lines\nof a title"),  # from an import: Qt shows "Two lines…"
    ]
    cues = [
        Cue(start, start + 3 * rate, works[0].id, "1M01"),  # runs into the next: carved, italic
        Cue(start + 2 * rate, start + 4 * rate, works[1].id, "1M02"),
        Cue(start + 5 * rate, start + 6 * rate, works[2].id, "1M03"),
        Cue(start + 7 * rate, start + 8 * rate, works[3].id, "1M04"),
    ]
    window.session.execute(AddCues(cues, works))
    view, model = window.table, window.model
    qtbot.waitUntil(lambda: model.rowCount() == 4 and model.cell(0, STATUS)[0] != "", timeout=10_000)
    window.select_cue(cues[1].id)
    view.setFocus()
    text, right, italic = model.cell(0, DURATION)
    assert right and italic and text.endswith("✂")
    assert isinstance(view.itemDelegate(), CueCellDelegate) and not view.wordWrap()
    for font_size in (None, 15):
        if font_size is not None:  # a larger font: every text laid out again, centred as Qt does
            font = QFont(view.font())
            font.setPointSize(font_size)
            view.setFont(font)
            view.verticalHeader().setDefaultSectionSize(30)
        ours = shot(view)
        delegate = view.itemDelegate()
        view.setItemDelegate(QStyledItemDelegate(view))
        theirs = shot(view)
        view.setItemDelegate(delegate)
        assert ours == theirs, f"the cells differ from Qt's at font size {font_size}"
    title = model.cell(0, TITLE)[0]
    assert ours != QImage() and len(title) > 60  # the long title is there, elided in the picture
