"""The player the app drives: one object speaking frames, exact when paused, smooth when playing.

Paused, stepping or scrubbing, the position is the frame number held here (the picture shown is that
frame, decoded by ``FrameSource``). Playing, it is the ``PlaybackClock`` fed by libVLC's time. VLC is
re-synchronised with ``set_time`` when playback resumes. Without libVLC, everything but playing
still works, and ``unavailable`` says why.

libVLC takes a quarter of a second to start: with ``later=True`` the player starts without it, and
``make_playback`` (any thread) then ``attach`` (the owning thread) give it one; until then it holds
the frame, the speed and the film to hand over, and ``ready`` is False.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from cuesheet.domain.timecode import FrameRate, frames_to_ms
from cuesheet.media.clock import PlaybackClock
from cuesheet.media.playback import EventKind, PlaybackUnavailable, PlayerEvent, VlcPlayback

_HALTS = (EventKind.PAUSED, EventKind.STOPPED, EventKind.ENDED, EventKind.ERROR)


class Player:
    def __init__(
        self,
        rate: FrameRate,
        frame_count: int,
        headless: bool = False,
        on_event: Callable[[PlayerEvent], None] | None = None,
        later: bool = False,
    ) -> None:
        self.rate = rate
        self.headless = headless
        self.frame_count = frame_count
        self.clock = PlaybackClock(rate)
        self._frame = 0
        self._speed = 1.0
        self._on_event = on_event
        self._events: list[PlayerEvent] = []
        self._events_lock = threading.Lock()
        self.unavailable: str | None = None
        self._vlc: VlcPlayback | None = None
        self._film: Path | None = None
        self._audio_track: int | None = None  # which sound stream plays (load)
        if not later:
            try:
                self.attach(self.make_playback())
            except PlaybackUnavailable as error:
                self.unavailable = str(error)

    def make_playback(self) -> VlcPlayback:
        """A libVLC player for this one (slow: may run on a worker thread); PlaybackUnavailable
        says why there is none."""
        return VlcPlayback(self._queue_event, headless=self.headless)

    def attach(self, vlc: VlcPlayback) -> None:
        """Play through ``vlc`` from now on, with the film and speed already chosen; a film libVLC
        cannot open leaves the player ``unavailable``."""
        try:
            vlc.set_rate(self._speed)
            if self._film is not None:
                vlc.load(self._film, self._audio_track)
        except PlaybackUnavailable as error:
            vlc.close()
            self.unavailable = str(error)
            return
        self._vlc = vlc

    @property
    def ready(self) -> bool:
        """libVLC is attached, or known to be missing (``unavailable``)."""
        return self._vlc is not None or self.unavailable is not None

    @property
    def speed(self) -> float:
        return self._speed

    # Events from libVLC threads are queued; ``pump`` (called from the owning thread's timer)
    # applies them. ``on_event`` is also called on VLC's thread, for a Qt signal to carry across.
    def _queue_event(self, event: PlayerEvent) -> None:
        with self._events_lock:
            self._events.append(event)
        if self._on_event is not None:
            self._on_event(event)

    def pump(self) -> list[PlayerEvent]:
        with self._events_lock:
            events, self._events = self._events, []
        for event in events:
            if event.kind is EventKind.PLAYING:
                self.clock.run(self._speed)
            elif event.kind is EventKind.TIME and self.clock.running:
                self.clock.release()
            elif event.kind in _HALTS and self.clock.running:
                self._frame = self._clamp(self.clock.hold())
        return events

    def load(self, path: Path, audio_track: int | None = None) -> None:
        """``audio_track``: the sound stream played, counted among the film's sound streams."""
        self._film, self._frame, self._audio_track = path, 0, audio_track
        self.clock.seek(0)
        if self._vlc is not None:
            self._vlc.load(path, audio_track)

    def set_window(self, handle: int) -> None:
        if self._vlc is not None:
            self._vlc.set_window(handle)

    @property
    def playing(self) -> bool:
        return self.clock.running

    def position(self) -> int:
        """The frame to show and to mark: exact when paused, the app clock while playing."""
        if self.clock.running and self._vlc is not None:
            self.clock.observe(self._vlc.time_ms())
            return self._clamp(self.clock.position())
        return self._frame

    def vlc_time_ms(self) -> int | None:
        """VLC's own coarse time (what the clock follows while playing); None without libVLC."""
        return None if self._vlc is None else self._vlc.time_ms()

    def play(self) -> None:
        if self._vlc is None:
            raise PlaybackUnavailable(self.unavailable or "playback unavailable")
        if self._frame >= self.frame_count - 1:
            self._frame = 0
        self.clock.seek(self._frame)
        self._vlc.set_rate(self._speed)
        target = frames_to_ms(self._frame, self.rate)
        if self._vlc.started:
            self._vlc.set_time(target)  # paused: move first, then resume from there
            self._vlc.play()
        else:
            # Stopped, libVLC ignores set_time; start playing, then move (not at all from 0).
            self._vlc.play()
            if target:
                self._vlc.set_time(target)

    def pause(self) -> int:
        """Stop on the frame the clock is at; that frame is then shown exactly."""
        if self.clock.running:
            self._frame = self._clamp(self.position())
            self.clock.hold()
            self.clock.seek(self._frame)
        if self._vlc is not None:
            self._vlc.pause()
        return self._frame

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def seek(self, frame: int) -> int:
        self._frame = self._clamp(frame)
        self.clock.seek(self._frame)
        if self.playing and self._vlc is not None:
            self._vlc.set_time(frames_to_ms(self._frame, self.rate))
        return self._frame

    def step(self, frames: int) -> int:
        """Frame stepping pauses playback, as in every NLE."""
        if self.playing:
            self.pause()
        return self.seek(self._frame + frames)

    def set_speed(self, speed: float) -> None:
        self._speed = speed
        self.clock.set_speed(speed)
        if self._vlc is not None:
            self._vlc.set_rate(speed)

    def set_volume(self, percent: int) -> None:
        if self._vlc is not None:
            self._vlc.set_volume(percent)

    def set_mute(self, mute: bool) -> None:
        if self._vlc is not None:
            self._vlc.set_mute(mute)

    def snapshot(self, path: Path) -> bool:
        return self._vlc is not None and self._vlc.snapshot(path)

    def close(self) -> None:
        if self._vlc is not None:
            self._vlc.close()
            self._vlc = None

    def _clamp(self, frame: int) -> int:
        return max(0, min(self.frame_count - 1, frame))
