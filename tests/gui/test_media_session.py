"""The media session starts nothing slow before the picture is painted: the film is probed, libVLC
made and the waveform read by background jobs afterwards, and what the user does meanwhile holds."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from cuesheet.domain.timecode import FrameRate
from cuesheet.media.playback import PlaybackUnavailable, VlcPlayback
from cuesheet.media.player import Player
from cuesheet.ui.media_session import MediaSession
from cuesheet.ui.picture_view import PictureView

RATE = FrameRate.parse("23.976")


@pytest.fixture
def picture(qtbot) -> PictureView:  # type: ignore[no-untyped-def]
    view = PictureView()
    qtbot.addWidget(view)
    return view


def test_nothing_slow_until_the_picture_is_painted(  # type: ignore[no-untyped-def]
    qtbot, picture: PictureView, film: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_on: list[threading.Thread] = []

    def make_playback(self: Player) -> VlcPlayback:
        made_on.append(threading.current_thread())
        raise PlaybackUnavailable("playback unavailable: not in this test")

    monkeypatch.setattr(Player, "make_playback", make_playback)
    media = MediaSession(headless=True)
    try:
        assert media.open(film, RATE, picture) is None
        media.seek(30)  # the saved playhead, before anything knows the film's length
        assert media.player is None and media.renderer is None and made_on == []
        assert media.position() == 30
        picture.show()
        qtbot.waitUntil(lambda: media.unavailable is not None, timeout=5000)
        assert made_on and made_on[0] is not threading.main_thread()  # libVLC off the GUI thread
        assert media.player is not None and media.position() == 30
    finally:
        media.close()


def test_play_pressed_before_libvlc_is_ready(  # type: ignore[no-untyped-def]
    qtbot, picture: PictureView, film: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()

    def make_playback(self: Player) -> VlcPlayback:
        gate.wait(5)  # libVLC still starting while the user presses Play
        raise PlaybackUnavailable("playback unavailable: libVLC not found")

    monkeypatch.setattr(Player, "make_playback", make_playback)
    media = MediaSession(headless=True)
    heard: list[bool] = []
    problems: list[str] = []
    media.playing_changed.connect(heard.append)
    media.problem.connect(problems.append)
    try:
        media.open(film, RATE, picture)
        media.toggle()  # before the picture was ever painted: starts the background work itself
        media.step(5)  # a step forgets the waiting Play; the window hears that nothing plays
        assert heard == [False] and media.position() == 5
        media.toggle()
        qtbot.waitUntil(lambda: media.player is not None, timeout=5000)
        assert not media.playing
        gate.set()
        qtbot.waitUntil(lambda: bool(problems), timeout=5000)
        assert heard == [False, False] and not media.playing
        assert media.unavailable == "playback unavailable: libVLC not found"
        assert problems == [f"{media.unavailable}. Pictures and marking still work; playing does not."]
        media.step(-200)  # clamped by the player now that the film is known
        assert media.position() == 0
    finally:
        gate.set()
        media.close()


def test_a_film_that_cannot_be_read_is_reported_later(  # type: ignore[no-untyped-def]
    qtbot, picture: PictureView, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00" * 5000)
    media = MediaSession(headless=True)
    problems: list[str] = []
    media.problem.connect(problems.append)
    try:
        assert (
            media.open(tmp_path / "missing.mp4", RATE, picture) == f"{tmp_path / 'missing.mp4'}: no such file"
        )
        assert media.open(broken, RATE, picture) is None  # the quick checks pass; PyAV reads it later
        picture.show()
        qtbot.waitUntil(lambda: bool(problems), timeout=5000)
        assert "not a playable film" in problems[0] and media.unavailable == problems[0]
        media.toggle()
        assert not media.playing
    finally:
        media.close()
