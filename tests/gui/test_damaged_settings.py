"""A damaged or hand-edited settings file never stops the window from opening: each value that is
not what we wrote is ignored (or kept in range) and the window opens with its defaults (issue #14)."""

from __future__ import annotations

from pathlib import Path

from cuesheet.domain.marking import DEFAULT_REACTION_DELAY_MS, MAX_REACTION_DELAY_MS
from cuesheet.ui.main_window import MainWindow
from cuesheet.ui.session import Session


def test_garbage_settings_open_with_defaults(qtbot, tmp_path: Path, project_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    ini = tmp_path / "damaged.ini"
    key = f"project/{str(project_path).replace('/', '|')}"
    ini.write_text(
        "[General]\n"
        "window\\geometry=not bytes\nwindow\\top=12\nrecent=@Invalid(), 7\n"
        "marking\\reaction_delay_ms=lots\n"
        f"{key.replace('|', '%7C')}\\playhead=9999999999999999999999999999999999999999999\n"
        f'{key.replace("|", "%7C")}\\zoom="nan,inf"\n',
        encoding="utf-8",
    )
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    window = MainWindow(Session(), settings, headless=True)
    qtbot.addWidget(window)
    assert window.editing.reaction_delay_ms == DEFAULT_REACTION_DELAY_MS
    assert window.open_project(project_path)
    assert window.timeline.frames_per_px > 0 and window.files.recent()[:1] == [str(project_path)]
    settings.setValue("marking/reaction_delay_ms", 10**9)
    again = MainWindow(Session(), settings, headless=True)
    qtbot.addWidget(again)
    assert again.editing.reaction_delay_ms == MAX_REACTION_DELAY_MS
