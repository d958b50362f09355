"""The app's playback clock: a smooth, frame-snapped position from libVLC's coarse time.

libVLC's ``get_time()`` moves in 250–500 ms steps. While playing, the position is extrapolated from
the last reported value with a monotonic clock; when VLC reports a new value, the difference is not
jumped but bled in (the clock runs up to 1.5× speed to catch up, and stands still while it is ahead),
so the position never runs backwards and never leaps, except after an explicit seek. After a seek,
VLC keeps reporting its old time for a few hundred milliseconds; reports far from the target are
ignored until one agrees.
If VLC stops reporting (buffering, a stall), extrapolation stops one second past its last report.
After Playing the position stands until VLC's time first moves (its first picture comes 2-4 frames
later; the clock running from Playing showed the picture that far behind for half a second).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from cuesheet.domain.timecode import FrameRate, frames_to_ms, ms_to_frames

SNAP_IF_OFF_BY_MS = 1000  # further off than this (a seek VLC made itself), jump instead of slewing
MAX_SLEW = 0.5  # catching up: correct at most half of each step's advance (never leap)
MAX_HOLD_BACK = 1.0  # ahead of the picture: stand still until it catches up (never run backwards)
STALL_AFTER_MS = 1000  # stop extrapolating this far past VLC's last report
FIRST_PICTURE_S = 0.5  # after Playing, wait this long at most for VLC's first reported time


class PlaybackClock:
    def __init__(self, rate: FrameRate, now: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self._now = now
        self._speed = 1.0
        self._running = False
        self._estimate_ms = 0.0
        self._wall = now()
        self._pending_ms = 0.0
        self._reported_ms: int | None = None
        self._reported_wall = self._wall
        self._confirmed = False
        self._last_frame = 0
        self._held_since: float | None = None  # playing, but VLC has shown nothing yet

    # -- control (GUI thread) --------------------------------------------------------------

    def seek(self, frame: int) -> None:
        """Jump to ``frame`` (the one time the position may go backwards)."""
        self._estimate_ms = float(frames_to_ms(frame, self.rate))
        self._wall = self._now()
        self._pending_ms = 0.0
        self._reported_ms = None
        self._reported_wall = self._wall
        self._confirmed = False  # until VLC reports a time near the target, its reports are stale
        self._last_frame = frame
        self._held_since = None

    def run(self, speed: float = 1.0) -> None:
        """Playback has started (VLC said Playing). The position stands still until VLC reports its
        first time (``release``; its picture comes a few frames after Playing), at most
        ``FIRST_PICTURE_S``, then extrapolates."""
        self._advance()
        self._speed = speed
        self._running = True
        self._reported_wall = self._now()
        self._held_since = self._now()

    def release(self) -> None:
        """VLC's time has started to move: the position moves from here."""
        if self._held_since is not None:
            self._held_since = None
            self._wall = self._reported_wall = self._now()

    def hold(self) -> int:
        """Playback paused or stopped: freeze on the current frame and return it."""
        frame = self.position()
        self._running = False
        self._pending_ms = 0.0
        self.seek(frame)
        return frame

    def set_speed(self, speed: float) -> None:
        self._advance()
        self._speed = speed

    def observe(self, vlc_ms: int) -> None:
        """VLC's time (milliseconds from the start of the media), polled or from its event."""
        if vlc_ms == self._reported_ms:
            return
        self._advance()
        error = vlc_ms - self._estimate_ms
        if not self._confirmed:
            # Right after play() or a seek VLC still reports where it was (often 0) for a while.
            if abs(error) > SNAP_IF_OFF_BY_MS:
                return
            self._confirmed = True
        self._reported_ms = vlc_ms
        self._reported_wall = self._wall
        if abs(error) > SNAP_IF_OFF_BY_MS:
            self._estimate_ms, self._pending_ms = float(vlc_ms), 0.0
        else:
            self._pending_ms = error

    # -- reading ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    def position(self) -> int:
        """The current frame, on the frame grid; never less than the last answer unless seeked."""
        self._advance()
        frame = ms_to_frames(round(self._estimate_ms), self.rate)
        if self._running:
            frame = max(frame, self._last_frame)
        self._last_frame = frame
        return frame

    def _advance(self) -> None:
        now = self._now()
        held = self._held_since
        if held is not None:
            if now - held < FIRST_PICTURE_S:
                self._wall = now
                return
            self._held_since, self._wall = None, held + FIRST_PICTURE_S
        elapsed_ms = (now - self._wall) * 1000.0
        self._wall = now
        if not self._running or elapsed_ms <= 0:
            return
        overdue_ms = (now - self._reported_wall) * 1000.0 - STALL_AFTER_MS
        if overdue_ms > 0:
            elapsed_ms = max(0.0, elapsed_ms - overdue_ms)
        advance = elapsed_ms * self._speed
        correction = max(-advance * MAX_HOLD_BACK, min(advance * MAX_SLEW, self._pending_ms))
        self._pending_ms -= correction
        self._estimate_ms += advance + correction
