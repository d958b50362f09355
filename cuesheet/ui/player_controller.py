"""The film in the window: playback, the playhead, J/K/L shuttle, and the picture to show.

Positions here are media frames (0 = the film's first picture); the window adds the project's
start frame for timecodes. libVLC's events arrive on its threads and cross to the GUI thread as a
queued Qt signal; a 16 ms timer samples the app-owned clock while playing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from cuesheet.domain.timecode import FrameRate
from cuesheet.media.playback import PlaybackUnavailable, PlayerEvent
from cuesheet.media.player import Player

SHUTTLE_SPEEDS = (1.0, 2.0, 4.0, 8.0)


class PlayerController(QObject):
    position_changed = Signal(int)
    playing_changed = Signal(bool)
    message = Signal(str)
    _vlc_event = Signal(object)

    def __init__(self, film: Path, rate: FrameRate, frame_count: int, headless: bool = False) -> None:
        super().__init__()
        self._vlc_event.connect(self._on_vlc_event, Qt.ConnectionType.QueuedConnection)
        self.player = Player(rate, frame_count, headless=headless, on_event=self._vlc_event.emit)
        self.player.load(film)
        self._timer = QTimer(self)
        self._timer.setInterval(16)
        self._timer.timeout.connect(self._tick)
        self._last = 0
        self._announced = False  # the playing state last emitted
        self._shuttle = 0  # -n … +n: J/L presses; 0 = K (stopped)
        self.speed = 1.0  # the chosen play speed (the speed box); J/L shuttles on top of it

    @property
    def unavailable(self) -> str | None:
        return self.player.unavailable

    @property
    def playing(self) -> bool:
        return self.player.playing

    def position(self) -> int:
        return self.player.position()

    def set_window(self, handle: int) -> None:
        self.player.set_window(handle)

    # -- transport ---------------------------------------------------------------------------

    def play(self) -> None:
        try:
            self.player.play()
        except PlaybackUnavailable as error:
            self.message.emit(str(error))
            return
        self._timer.start()

    def pause(self) -> None:
        self._shuttle = 0
        self.player.pause()
        self._timer.stop()
        self._emit_position(force=True)
        self._announce()

    def toggle(self) -> None:
        if self.player.playing or self._timer.isActive():
            self.pause()
        else:
            self.player.set_speed(self.speed)  # back from any shuttle speed to the chosen one
            self.play()

    def seek(self, frame: int) -> None:
        self.player.seek(frame)
        self._emit_position(force=True)

    def step(self, frames: int) -> None:
        self.player.step(frames)
        self._timer.stop()
        self._emit_position(force=True)
        self._announce()

    def shuttle(self, direction: int) -> None:
        """J (-1) / K (0) / L (+1); repeated J or L goes faster. Reverse play is stepping backwards
        on the exact pictures (libVLC 3 cannot play backwards)."""
        if direction == 0:
            self.pause()
            return
        if (self._shuttle > 0) != (direction > 0):
            self._shuttle = 0
        self._shuttle = max(-len(SHUTTLE_SPEEDS), min(len(SHUTTLE_SPEEDS), self._shuttle + direction))
        speed = SHUTTLE_SPEEDS[abs(self._shuttle) - 1]
        if direction > 0:
            self.player.set_speed(speed)
            if not self.player.playing:
                self.play()
        else:
            self.pause()
            self._shuttle = -abs(self._shuttle)
            self.step(-round(speed * 10))

    def set_speed(self, speed: float) -> None:
        self.speed = speed
        self.player.set_speed(speed)

    def set_volume(self, percent: int) -> None:
        self.player.set_volume(percent)

    def set_mute(self, mute: bool) -> None:
        self.player.set_mute(mute)

    def close(self) -> None:
        self._timer.stop()
        self.player.close()

    # -- clock -------------------------------------------------------------------------------

    def _on_vlc_event(self, event: PlayerEvent) -> None:
        self.player.pump()
        self._announce()

    def _tick(self) -> None:
        self.player.pump()
        self._announce()
        self._emit_position()

    def _announce(self) -> None:
        """Emit the playing state when it differs from the last one emitted. Compared with what was
        announced, not with the state before this pump: the timer's pump may apply VLC's Playing
        before the queued event arrives, and the window then never switched to VLC's picture."""
        playing = self.player.playing
        if playing == self._announced:
            return
        self._announced = playing
        if not playing:
            self._timer.stop()
            self._emit_position(force=True)
        self.playing_changed.emit(playing)

    def _emit_position(self, force: bool = False) -> None:
        frame = self.player.position()
        if force or frame != self._last:
            self._last = frame
            self.position_changed.emit(frame)
