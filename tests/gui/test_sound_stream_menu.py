"""Playback ▸ Sound stream (issue #18 §3): the film's streams, the chosen one checked, a choice one step."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cuesheet.media import synth
from cuesheet.project_service import create_project
from cuesheet.ui.actions import A
from cuesheet.ui.sound_streams import SoundStreamMenu


def test_the_sound_stream_menu_lists_the_streams_and_a_choice_is_one_step(open_window, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    tone = 0.1 * np.sin(2 * np.pi * 440 * np.arange(4 * synth.SAMPLE_RATE) / synth.SAMPLE_RATE)
    film = synth.write_film(tmp_path / "stems.mp4", 4, size=(160, 90), stems=[("Music stem", tone)])
    project_path = tmp_path / "stems.cuesheet"
    create_project(project_path, "Stems", None, None, film)
    window = open_window(project_path)
    qtbot.waitUntil(lambda: len(window.media.sound_streams) == 2, timeout=10_000)
    menu = next(m for m in window.findChildren(SoundStreamMenu))
    menu.fill()
    actions = menu.actions()
    assert [a.text() for a in actions] == ["1: SoundHandler (stereo)", "2: Music stem (stereo)"]
    assert [a.isChecked() for a in actions] == [False, True]  # titled as music: the default
    actions[0].trigger()
    project = window.session.project
    assert (project.media.audio_stream, project.media.audio_title) == (1, "SoundHandler")
    assert window.session.document.undo_text == "Listen to sound stream 1"
    qtbot.waitUntil(lambda: len(window.media.sound_streams) == 2, timeout=10_000)  # the film opened again
    window.registry.actions[A.UNDO].trigger()
    assert project.media.audio_stream == 2
