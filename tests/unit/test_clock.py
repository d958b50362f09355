"""The playback clock on a fake monotonic time: smooth, monotonic, frame-snapped, corrected."""

from __future__ import annotations

import itertools
from fractions import Fraction

from cuesheet.domain.timecode import FrameRate
from cuesheet.media.clock import FIRST_PICTURE_S, PlaybackClock

RATE = FrameRate(Fraction(24000, 1001))


class FakeTime:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def playing(start: int = 0) -> tuple[PlaybackClock, FakeTime]:
    """A clock playing from ``start``, VLC's time already moving (its first report came)."""
    now = FakeTime()
    clock = PlaybackClock(RATE, now)
    clock.seek(start)
    clock.run()
    clock.release()
    return clock, now


def test_the_position_waits_for_vlc_to_start_showing_pictures() -> None:
    """After Playing, VLC's first picture comes a few frames later (measured: 2-4 frames behind the
    clock for half a second): the position stands until VLC reports its first time, then moves."""
    now = FakeTime()
    clock = PlaybackClock(RATE, now)
    clock.seek(100)
    clock.run()
    now.t += 0.2
    assert clock.position() == 100 and clock.running  # playing, but nothing shown yet
    clock.release()
    now.t += 1.0
    assert abs(clock.position() - (100 + 24)) <= 1  # a second on from when VLC started
    clock.seek(200)
    clock.run()
    now.t += FIRST_PICTURE_S + 0.25  # VLC never reports: the position moves anyway after the wait
    assert abs(clock.position() - (200 + 6)) <= 1


def test_extrapolates_between_coarse_reports() -> None:
    clock, now = playing()
    positions = []
    vlc_ms = 0
    for tick in range(1, 301):  # 300 polls of 16 ms = 4.8 s
        now.t += 0.016
        if tick % 25 == 0:  # VLC reports every 400 ms, exactly on time
            vlc_ms = round(tick * 16)
            clock.observe(vlc_ms)
        positions.append(clock.position())
    steps = [b - a for a, b in itertools.pairwise(positions)]
    assert min(steps) >= 0 and max(steps) <= 1
    assert abs(positions[-1] - 4.8 * 24000 / 1001) <= 1


def test_corrections_are_bled_in_not_jumped() -> None:
    clock, now = playing()
    now.t += 0.5
    before = clock.position()
    clock.observe(800)  # VLC is 300 ms ahead of us
    now.t += 0.016
    after = clock.position()
    assert after - before <= 1
    for tick in range(1, 101):
        now.t += 0.016
        if tick % 25 == 0:
            clock.observe(800 + tick * 16)  # VLC keeps its lead
        clock.position()
    assert abs(clock.position() - round((800 + 101 * 16) * 24 / 1001)) <= 1  # caught up


def test_a_clock_ahead_of_the_picture_waits_for_it() -> None:
    # VLC's picture starts late (its read-ahead, a busy machine): the clock ran 300 ms ahead.
    clock, now = playing()
    now.t += 0.5
    clock.observe(200)
    held = clock.position()
    for tick in range(1, 21):  # 320 ms, VLC reporting on time
        now.t += 0.016
        if tick % 10 == 0:
            clock.observe(200 + tick * 16)
        assert clock.position() >= held
        held = clock.position()
    assert abs(clock.position() - round((200 + 20 * 16) * 24 / 1001)) <= 1


def test_never_backwards_while_playing() -> None:
    clock, now = playing(100)
    now.t += 1.0
    ahead = clock.position()
    clock.observe(4000)  # VLC reports a time behind us (input time lagging)
    for _ in range(30):
        now.t += 0.016
        assert clock.position() >= ahead
        ahead = clock.position()


def test_stale_reports_after_a_seek_are_ignored() -> None:
    clock, now = playing(2400)
    now.t += 0.1
    clock.observe(0)  # VLC still reports where it was before the seek
    now.t += 0.016
    assert clock.position() >= 2400
    clock.observe(100_100)  # near the target: accepted from now on
    now.t += 0.1
    assert 2400 <= clock.position() <= 2405


def test_seek_may_go_backwards_and_hold_freezes() -> None:
    clock, now = playing(500)
    now.t += 1
    assert clock.position() > 500
    clock.seek(10)
    assert clock.position() == 10
    now.t += 1
    held = clock.hold()
    now.t += 5
    assert clock.position() == held and not clock.running


def test_stops_extrapolating_when_vlc_stalls() -> None:
    clock, now = playing()
    clock.observe(0)
    now.t += 10  # no report for 10 s (buffering)
    assert clock.position() <= round(1.0 * 24000 / 1001) + 1


def test_speed() -> None:
    clock, now = playing()
    clock.set_speed(2.0)
    now.t += 0.5
    clock.observe(1000)
    assert abs(clock.position() - 24) <= 1
