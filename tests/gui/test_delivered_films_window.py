"""Films as delivered, in the window (issue #18): a variable-rate film is stepped through by moments
and says so under its picture; a rotated film is shown upright."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt

from cuesheet.media.synth import write_variable_film
from cuesheet.media.synth_delivery import Delivery, write_delivery
from cuesheet.project_service import create_project
from tests.gui.conftest import image_index

TICKS = [4] * 60 + [5] * 48  # 2 s at 30 frames a second, then 2 s at 24 (1/120 s ticks)


def _shown_at(frame: int) -> int:
    """The picture on screen at ``frame`` / 30 s: the last whose presentation time is not after it."""
    starts = np.cumsum([0, *TICKS[:-1]])
    return int(np.searchsorted(starts, frame * 4, side="right")) - 1


def test_stepping_a_variable_rate_film_shows_the_picture_of_each_moment(
    open_window,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    film = write_variable_film(tmp_path / "phone.mp4", TICKS, Fraction(1, 120), size=(192, 108))
    path = tmp_path / "Promo.cuesheet"
    create_project(path, "Promo", None, None, film)
    window = open_window(path)
    assert window.session.project.production.rate.rate == 30  # not the average, 27
    qtbot.waitUntil(lambda: "Variable frame rate" in window.picture.frames.notice, timeout=5000)
    assert "30 fps" in window.picture.frames.notice
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # +1 s
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    shown = []
    for _ in range(8):  # into the 24 fps part: every fifth step holds the picture
        qtbot.keyClick(window, Qt.Key.Key_Right)
        frame = window.media.position()
        qtbot.waitUntil(lambda frame=frame: window.picture.frames.frame == frame, timeout=5000)
        shown.append((frame, image_index(window.picture.frames.image)))
    assert shown == [(frame, _shown_at(frame)) for frame in range(61, 69)]
    assert len({picture for _, picture in shown}) < len(shown)  # a held picture: moments, not pictures


def test_a_rotated_film_is_shown_upright_in_the_window(open_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    film = write_delivery(tmp_path / "portrait.mp4", Delivery(stored=(640, 360), rotation=-90), 12)
    path = tmp_path / "Portrait.cuesheet"
    create_project(path, "Portrait", None, None, film)
    window = open_window(path)
    for _ in range(5):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.picture.frames.frame == 5, timeout=5000)
    image = window.picture.frames.image
    assert image.height() > image.width()  # portrait, as the phone held it
    assert image_index(image) == 5
    assert window.picture.frames.notice == ""
