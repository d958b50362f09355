"""The open film: playback, the playhead, J/K/L shuttle, exact pictures and the waveform, behind
one object for the window. Without a film every method is a harmless no-op.

Positions are media frames (0 = the film's first picture). Nothing slow happens in ``open``: once
the picture has first been painted (or on the first Play), background jobs probe the film, start
libVLC (a quarter of a second) and read the waveform. Until the player exists the playhead is held
here; a Play pressed before libVLC is ready starts as soon as it is. libVLC's events arrive on its
threads and cross to the GUI thread as a queued signal; a 16 ms timer samples the clock while
playing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage

from cuesheet.domain.timecode import FrameRate
from cuesheet.media.playback import PlaybackUnavailable, PlayerEvent
from cuesheet.media.probe import AudioStreamInfo, MediaError, MediaInfo, check_path, probe
from cuesheet.paths import user_data_dir
from cuesheet.ui.jobs import Job, Jobs, Task
from cuesheet.ui.picture_view import PictureView

if TYPE_CHECKING:  # the player and the decoder load with the film's background work
    from cuesheet.media.playback import VlcPlayback
    from cuesheet.media.player import Player
    from cuesheet.ui.frame_worker import FrameRenderer

SHUTTLE_SPEEDS = (1.0, 2.0, 4.0, 8.0)
_UNPAINTED_START_MS = 500  # a window whose picture is never painted (hidden) still gets its film


class MediaSession(QObject):
    # A media frame, as a Python int: a seek made before the film is probed (the ruler clicked far
    # out) is not yet clamped to the film, and a Qt int stops at 2^31.
    position_changed = Signal(object)
    picture_ready = Signal(int, QImage)
    playing_changed = Signal(bool)
    message = Signal(str)
    peaks_ready = Signal(object)
    problem = Signal(str)  # found after open() returned (film unreadable, no libVLC): for the banner
    _vlc_event = Signal(object)

    def __init__(self, headless: bool) -> None:
        super().__init__()
        self.headless = headless
        self.jobs = Jobs(self)
        self.jobs.status.connect(self.message)
        self._vlc_event.connect(self._on_vlc_event, Qt.ConnectionType.QueuedConnection)
        self.player: Player | None = None
        self.renderer: FrameRenderer | None = None
        # The transport's settings, kept here so that a film opened later plays the same way.
        self.speed, self.volume, self.muted = 1.0, 100, False
        self._film: Path | None = None
        self._stream: int | None = None  # the sound stream drawn and played (None: the first)
        self.sound_streams: list[AudioStreamInfo] = []
        self._rate: FrameRate | None = None
        self._picture: PictureView | None = None
        self._background: list[Job] = []  # probe, waveform: cancelled with the film
        self._started = False  # the background jobs for this film were started
        self._frame = 0  # the playhead until the player exists
        self._wanted_picture: tuple[int, int, int] | None = None  # asked before the decoder runs
        self._play_when_ready = False
        self._unavailable: str | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(16)
        self._timer.timeout.connect(self._tick)
        self._fallback = QTimer(self, singleShot=True, interval=_UNPAINTED_START_MS)
        self._fallback.timeout.connect(self._start_background)
        self._last = 0
        self._announced = False  # the playing state last emitted
        self._shuttle = 0  # -n … +n: J/L presses; 0 = K (stopped)

    # -- the film ------------------------------------------------------------------------------

    def open(
        self, film: Path, rate: FrameRate, picture: PictureView, stream: int | None = None
    ) -> str | None:
        """Open ``film``; returns a problem to show now, or None (later ones come as ``problem``).
        ``stream``: the sound stream drawn and played (None: the first)."""
        self.close()
        picture.frames.show_notice("")
        self._stream, self.sound_streams = stream, []
        try:
            check_path(film)
        except MediaError as error:
            return str(error)
        self._film, self._rate, self._picture = film, rate, picture
        picture.frames.installEventFilter(self)  # started after its next paint,
        picture.frames.update()  # which comes at once in a window already shown
        self._fallback.start()
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and self._picture is not None
            and watched is self._picture.frames
        ):
            QTimer.singleShot(0, self._start_background)  # once this paint is on the screen
        return False

    def _start_background(self) -> None:
        film = self._film
        if self._started or film is None:
            return
        self._started = True
        self._fallback.stop()
        if self._picture is not None:
            self._picture.frames.removeEventFilter(self)
        from cuesheet.ui.frame_worker import FrameRenderer

        self.renderer = FrameRenderer(film, self.jobs, self._rate.rate if self._rate else None)
        self.renderer.picture_ready.connect(self.picture_ready)
        self.renderer.failed.connect(self.message)
        if self._wanted_picture is not None:
            self.renderer.request(*self._wanted_picture)
        self._background.append(
            self.jobs.run(
                "Reading the film", lambda task: probe(film), self._probed, self._refused, quiet=True
            )
        )
        self._start_waveform(film)

    def _probed(self, info: MediaInfo) -> None:
        self.sound_streams = list(info.audio_streams)  # what Playback ▸ Sound stream offers
        if self._rate is not None and info.rate != self._rate:
            self.message.emit(f"The film runs at {info.rate} fps but the project at {self._rate} fps")
        if info.variable_frame_rate and self._picture is not None:  # said once, under the picture
            rate = self._rate or info.rate
            self._picture.frames.show_notice(
                f"Variable frame rate: timecodes are moments at {rate} fps",
                f"The film's pictures do not come at a steady rate. A timecode at {rate} fps names "
                "a moment, and shows the picture on screen at that moment.",
            )
        from cuesheet.media.player import Player

        player = Player(info.rate, info.duration_frames, self.headless, self._vlc_event.emit, later=True)
        indexes = [s.index for s in info.audio_streams]  # libVLC counts the sound streams from 0
        player.load(info.path, indexes.index(self._stream) if self._stream in indexes else None)
        player.set_speed(self.speed)
        self.player = player
        self.seek(self._frame)  # the playhead held so far, now within the film
        self.jobs.run(
            "Starting playback",
            lambda task: player.make_playback(),
            lambda vlc: self._attach(player, vlc),
            lambda reason: self._no_playback(player, reason),
            quiet=True,
        )

    def _refused(self, reason: str) -> None:
        self._unavailable = reason  # the film cannot be read: nothing to play
        self.message.emit(reason)
        self.problem.emit(reason)
        self._stop_waiting()

    def _attach(self, player: Player, vlc: VlcPlayback) -> None:
        if player is not self.player:  # another film (or none) meanwhile
            vlc.close()
            return
        player.attach(vlc)
        if player.unavailable:
            self._no_playback(player, player.unavailable)
            return
        if not self.headless and self._picture is not None:
            player.set_window(self._picture.video_handle())
        player.set_volume(self.volume)
        player.set_mute(self.muted)
        if self._play_when_ready:
            self._play_when_ready = False
            self._play()

    def _no_playback(self, player: Player, reason: str) -> None:
        if player is not self.player:
            return
        player.unavailable = self._unavailable = reason
        text = f"{reason}. Pictures and marking still work; playing does not."
        self.message.emit(text)
        self.problem.emit(text)
        self._stop_waiting()

    def _stop_waiting(self) -> None:
        """Forget a Play waiting for libVLC; the window may have shown the (black) video surface
        for it, and hears that nothing plays."""
        if self._play_when_ready:
            self._play_when_ready = False
            self.playing_changed.emit(False)

    def _start_waveform(self, film: Path) -> None:
        from cuesheet.media.waveform import waveform  # numpy and PyAV: not needed to show the window

        def work(task: Task) -> object:
            return waveform(
                film,
                user_data_dir() / "waveforms",
                stream_index=self._stream,
                progress=task.report,
                partial=task.partial,
                cancelled=lambda: task.cancelled,
            )

        def done(peaks: object) -> None:
            if peaks is None:
                return
            self.peaks_ready.emit(peaks)
            warning = getattr(peaks, "warning", None)
            self.message.emit(f"Warning: {warning}" if warning else "Waveform ready")

        self._background.append(
            self.jobs.run("Reading the waveform…", work, done, self.message.emit, self.peaks_ready.emit)
        )

    def close(self) -> None:
        for job in self._background:
            job.cancel()
        self._background.clear()
        self._timer.stop()
        self._fallback.stop()
        if self._picture is not None:
            self._picture.frames.removeEventFilter(self)
        if self.player is not None:
            self.player.close()
        if self.renderer is not None:
            self.renderer.shutdown()
        self.player = self.renderer = self._film = self._picture = self._wanted_picture = None
        self._started = self._play_when_ready = self._announced = False
        self._frame = self._shuttle = 0
        self._unavailable = None

    # -- state ---------------------------------------------------------------------------------

    @property
    def unavailable(self) -> str | None:
        """Why this film cannot play (libVLC missing or refusing it); None while not yet known."""
        return self._unavailable

    @property
    def playing(self) -> bool:
        return bool(self.player and self.player.playing)

    def position(self) -> int:
        return self.player.position() if self.player else self._frame

    def request_picture(self, frame: int, width: int, height: int) -> None:
        if self.renderer is not None:
            self.renderer.request(frame, width, height)
        elif self._film is not None:
            self._wanted_picture = (frame, width, height)

    # -- transport -----------------------------------------------------------------------------

    def toggle(self) -> None:
        if self._film is None:
            return
        if self.playing or self._timer.isActive() or self._play_when_ready:
            self.pause()
        else:
            if self.player is not None:
                self.player.set_speed(self.speed)  # back from any shuttle speed to the chosen one
            self._play()

    def seek(self, frame: int) -> None:
        if self._film is None:
            return
        if self.player is None:
            self._frame = max(0, frame)
        else:
            self.player.seek(frame)  # Player clamps to the film
        self._emit_position(force=True)

    def step(self, frames: int) -> None:
        """Frame stepping pauses playback, as in every NLE."""
        if self._film is None:
            return
        self._stop_waiting()
        if self.player is None:
            self._frame = max(0, self._frame + frames)
        else:
            self.player.step(frames)
        self._timer.stop()
        self._emit_position(force=True)
        self._announce()

    def shuttle(self, direction: int) -> None:
        """J (-1) / K (0) / L (+1); repeated J or L goes faster. Reverse play is stepping backwards
        on the exact pictures (libVLC 3 cannot play backwards)."""
        if self._film is None:
            return
        if direction == 0:
            self.pause()
            return
        if (self._shuttle > 0) != (direction > 0):
            self._shuttle = 0
        self._shuttle = max(-len(SHUTTLE_SPEEDS), min(len(SHUTTLE_SPEEDS), self._shuttle + direction))
        speed = SHUTTLE_SPEEDS[abs(self._shuttle) - 1]
        if direction > 0:
            if self.player is not None:
                self.player.set_speed(speed)
            if not self.playing:
                self._play()
        else:
            self.pause()
            self._shuttle = -abs(self._shuttle)
            self.step(-round(speed * 10))

    def pause(self) -> None:
        self._shuttle = 0
        self._stop_waiting()
        if self.player is not None:
            self.player.pause()
        self._timer.stop()
        self._emit_position(force=True)
        self._announce()

    def set_speed(self, speed: float) -> None:
        self.speed = speed
        if self.player is not None:
            self.player.set_speed(speed)

    def set_volume(self, percent: int) -> None:
        self.volume = percent
        if self.player is not None:
            self.player.set_volume(percent)

    def set_mute(self, mute: bool) -> None:
        self.muted = mute
        if self.player is not None:
            self.player.set_mute(mute)

    def _play(self) -> None:
        if self._unavailable is not None:
            self.message.emit(self._unavailable)
            return
        if self.player is None or not self.player.ready:
            self._play_when_ready = True
            self._start_background()  # pressed before the picture was painted: start now
            return
        try:
            self.player.play()
        except PlaybackUnavailable as error:
            self.message.emit(str(error))
            return
        self._timer.start()

    # -- clock ---------------------------------------------------------------------------------

    def _on_vlc_event(self, event: PlayerEvent) -> None:
        if self.player is not None:
            self.player.pump()
            self._announce()

    def _tick(self) -> None:
        if self.player is not None:
            self.player.pump()
            self._announce()
            self._emit_position()

    def _announce(self) -> None:
        """Emit the playing state when it differs from the last one emitted. Compared with what was
        announced, not with the state before this pump: the timer's pump may apply VLC's Playing
        before the queued event arrives, and the window then never switched to VLC's picture."""
        playing = self.playing
        if playing == self._announced:
            return
        self._announced = playing
        if not playing:
            self._timer.stop()
            self._emit_position(force=True)
        self.playing_changed.emit(playing)

    def _emit_position(self, force: bool = False) -> None:
        frame = self.position()
        if force or frame != self._last:
            self._last = frame
            self.position_changed.emit(frame)
