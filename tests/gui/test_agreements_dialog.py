"""Composer agreements in the window: the dialog from the Edit menu, one undo step per change, and the
inspector's choice of agreement for a score cue."""

from __future__ import annotations

from pathlib import Path

from cuesheet.domain.usage import Origin
from cuesheet.store.project_file import ProjectFile
from cuesheet.ui.actions import A
from cuesheet.ui.agreements_dialog import AgreementsDialog


def _dialog(window) -> AgreementsDialog:  # type: ignore[no-untyped-def]
    window.registry.actions[A.AGREEMENTS].trigger()  # wired by the registry, not the window
    dialogs = [d for d in window.findChildren(AgreementsDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_add_edit_remove_each_one_undo_step(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    project = window.session.project
    dialog = _dialog(window)
    assert dialog.table.rowCount() == 0
    dialog.texts["composer"].setText("Marlow, Ada")
    dialog.texts["reference"].setText("HL-2026-01")
    dialog.texts["date"].setText("10/01/2026")
    dialog.add_button.click()
    assert project.agreements == {} and "not a date" in dialog.message.text()  # refused, nothing saved
    dialog.texts["date"].setText("2026-01-10")
    dialog.add_button.click()
    (agreement,) = project.agreements.values()
    assert (agreement.composer, agreement.reference, agreement.date) == (
        "Marlow, Ada",
        "HL-2026-01",
        "2026-01-10",
    )
    assert dialog.table.rowCount() == 1 and dialog.selected_id() == agreement.id
    assert window.session.document.undo_text == "Add composer agreement"

    dialog.texts["reference"].setText("HL-2026-02")
    dialog.covers_all.setChecked(False)
    dialog.save_button.click()
    edited = project.agreements[agreement.id]  # an edit replaces the item it changes
    assert edited.reference == "HL-2026-02" and not edited.covers_all
    window.registry.actions[A.UNDO].trigger()  # both fields back in one step; the dialog follows
    assert project.agreements[agreement.id] is agreement and agreement.reference == "HL-2026-01"
    assert dialog.table.item(0, 1).text() == "HL-2026-01"

    dialog.table.selectRow(0)
    dialog.remove_button.click()
    assert project.agreements == {} and dialog.table.rowCount() == 0
    window.registry.actions[A.UNDO].trigger()
    assert project.agreements == {agreement.id: agreement} and dialog.table.rowCount() == 1
    dialog.close()
    qtbot.waitUntil(lambda: not window.session.document.pending)  # committed once painted
    sheet, reread = ProjectFile.open(window.session.path, read_only=True)  # on disk as shown
    sheet.close()
    assert reread.agreements == project.agreements


def test_inspector_names_the_agreement_of_a_score_cue(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from cuesheet.domain.agreement_commands import AddAgreement
    from cuesheet.domain.agreements import ComposerAgreement
    from tests.gui.test_inspector_and_files import mark

    window = open_window(project_path)
    cue_id = mark(window, qtbot, 10, 50)
    project = window.session.project
    cue = project.cues[cue_id]
    assert cue.origin is Origin.SCORE
    agreement = ComposerAgreement("Ng, Lee", "ADD-7", covers_all=False)
    window.editing.run(AddAgreement(agreement))
    combo = window.inspector.agreement
    assert combo.isEnabled() and combo.currentData() is None  # the production's rule
    combo.setCurrentIndex(combo.findData(agreement.id))
    combo.activated.emit(combo.currentIndex())
    assert project.cues[cue_id].agreement_id == agreement.id
    window.registry.actions[A.UNDO].trigger()
    assert project.cues[cue_id].agreement_id is None and combo.currentData() is None
