"""Playback through libVLC (headless dummy outputs) on the app's clock; and life without libVLC."""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

import pytest

from cuesheet.domain.timecode import FrameRate, ms_to_frames
from cuesheet.media import playback
from cuesheet.media.frames import FrameSource
from cuesheet.media.playback import PlaybackUnavailable
from cuesheet.media.player import Player
from cuesheet.media.synth import read_index
from tests.media.conftest import SPECS, Clip


@pytest.fixture(scope="session")
def vlc_ready() -> None:
    try:
        playback.create_instance(headless=True).release()
    except PlaybackUnavailable as error:
        pytest.skip(f"skipped: libVLC missing ({error})")


@pytest.fixture
def plain_clip(clip_folder: Path) -> Clip:
    from cuesheet.media.synth import write_film
    from tests.media.conftest import BURSTS

    rate_text, start, _ = SPECS["2398"]
    path = clip_folder / "playback.mp4"
    if not path.exists():
        write_film(path, 6, FrameRate.parse(rate_text), (192, 108), start, BURSTS, gop=24)
    return Clip(path, rate_text, start, 144, False)


def _poll(player: Player, seconds: float) -> list[tuple[float, int, bool, int | None]]:
    samples = []
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        player.pump()
        samples.append((time.monotonic(), player.position(), player.playing, player.vlc_time_ms()))
        time.sleep(0.016)
    return samples


@pytest.mark.vlc
def test_playing_position_is_smooth_and_true(vlc_ready: None, plain_clip: Clip, tmp_path: Path) -> None:
    # Judged against what VLC itself reports and the time between polls, never against an absolute
    # wall-clock budget: a busy machine delays polls and VLC alike (2.2 frames off the wall clock
    # once failed CI). The wall-clock floor (2 frames over 10 s) is ./dev bench's.
    player = Player(FrameRate.parse(plain_clip.rate), plain_clip.frames, headless=True)
    rate = float(player.rate.rate)
    try:
        player.load(plain_clip.path)
        player.seek(24)
        player.play()
        samples = _poll(player, 2.5)
        for (t0, f0, _, _), (t1, f1, _, _) in itertools.pairwise(samples):
            assert f1 >= f0, "the position went backwards"
            # The clock runs at most 1.5x to catch up with VLC: no leap, however late the poll.
            assert f1 - f0 <= (t1 - t0) * rate * 1.5 + 1, f"the position jumped {f1 - f0} frames"
        running = [s for s in samples if s[2]]
        assert running, "VLC never reported Playing"
        fresh = [
            (t1 - t0, f1, ms_to_frames(vlc_ms, player.rate))
            for (t0, _, _, before), (t1, f1, _, vlc_ms) in itertools.pairwise(running)
            if vlc_ms is not None and vlc_ms != before and vlc_ms > 0
        ]
        assert len(fresh) >= 3, f"VLC reported its time only {len(fresh)} times in 2.5 s"
        for gap, shown, reported in fresh[1:]:  # the first report after a seek may be stale
            # VLC's new time changed at some moment since the previous poll: allow that gap.
            assert abs(shown - reported) <= 3 + gap * rate, (shown, reported, gap)
        advanced = running[-1][1] - running[0][1]
        assert 0.5 < advanced / ((running[-1][0] - running[0][0]) * rate) < 1.5  # a hang-sized check
        snapshot = tmp_path / "vlc.png"
        shown_by_clock = player.position()
        assert player.snapshot(snapshot)
        import av

        with av.open(str(snapshot)) as png:
            shown_by_vlc = read_index(next(png.decode(video=0)).to_ndarray(format="rgb24"))
        # VLC's picture and the app's clock: hang-sized here (a second); the floor is ./dev bench's.
        assert abs(shown_by_vlc - shown_by_clock) <= 24
        held = player.pause()
        time.sleep(0.3)
        player.pump()
        assert player.position() == held and not player.playing
        with FrameSource(plain_clip.path) as source:
            assert read_index(source.rgb(held)) == held  # paused: the exact frame is what is shown
    finally:
        player.close()


@pytest.mark.vlc
def test_resume_after_stepping_resyncs_vlc(vlc_ready: None, plain_clip: Clip) -> None:
    player = Player(FrameRate.parse(plain_clip.rate), plain_clip.frames, headless=True)
    try:
        player.load(plain_clip.path)
        player.play()
        _poll(player, 0.5)
        player.pause()
        assert player.step(-5) >= 0
        target = player.seek(96)
        player.play()
        samples = _poll(player, 0.8)
        frames = [f for _, f, _, _ in samples]
        assert frames[0] >= target and min(b - a for a, b in itertools.pairwise(frames)) >= 0
        assert frames[-1] - target <= 24  # it resumed from the held frame, not from where VLC was
    finally:
        player.close()


def test_vlc_reads_ahead_little() -> None:
    # With VLC's default 300 ms the picture started up to 13 frames behind the clock (Xvfb, 2x).
    caching = [a for a in playback.vlc_arguments(headless=False) if a.startswith("--file-caching=")]
    assert caching and int(caching[0].split("=")[1]) <= 100


def test_without_libvlc_everything_but_playing_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(playback, "_vlc_module", None)
    monkeypatch.setattr(playback, "_vlc_error", None)
    monkeypatch.setitem(sys.modules, "vlc", None)  # import vlc now raises ImportError
    player = Player(FrameRate.parse("24"), 100, headless=True)
    assert player.unavailable and player.unavailable.startswith("playback unavailable")
    assert "install VLC 3" in player.unavailable
    assert player.step(5) == 5 and player.seek(200) == 99
    with pytest.raises(PlaybackUnavailable, match="playback unavailable"):
        player.play()


def test_instance_none_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        vlc = playback.load_vlc()
    except PlaybackUnavailable:
        pytest.skip("skipped: libVLC missing")
    monkeypatch.setattr(vlc, "Instance", lambda *args: None)
    player = Player(FrameRate.parse("24"), 10, headless=True)
    assert player.unavailable and "libVLC could not start" in player.unavailable
