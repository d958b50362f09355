"""The open film: playback, exact pictures and the waveform, behind one object for the window.

Without a film every method is a harmless no-op, so the window never has to ask first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from cuesheet.domain.timecode import FrameRate
from cuesheet.media.probe import MediaError, probe
from cuesheet.media.waveform import waveform
from cuesheet.paths import user_data_dir
from cuesheet.ui.frame_worker import FrameRenderer
from cuesheet.ui.picture_view import PictureView
from cuesheet.ui.player_controller import PlayerController


class _WaveformSignals(QObject):
    progress = Signal(float)
    partial = Signal(object)
    done = Signal(object)
    failed = Signal(str)


class _WaveformJob(QRunnable):
    def __init__(self, film: Path) -> None:
        super().__init__()
        self.film = film
        self.signals = _WaveformSignals()
        self.cancelled = False

    def run(self) -> None:
        try:
            peaks = waveform(
                self.film,
                user_data_dir() / "waveforms",
                progress=self.signals.progress.emit,
                partial=self.signals.partial.emit,
                cancelled=lambda: self.cancelled,
            )
        except MediaError as error:
            self.signals.failed.emit(str(error))
            return
        if peaks is not None:
            self.signals.done.emit(peaks)


class MediaSession(QObject):
    position_changed = Signal(int)  # media frame
    picture_ready = Signal(int, QImage)
    playing_changed = Signal(bool)
    message = Signal(str)
    peaks_ready = Signal(object)

    def __init__(self, headless: bool) -> None:
        super().__init__()
        self.headless = headless
        self.player: PlayerController | None = None
        self.renderer: FrameRenderer | None = None
        self._job: _WaveformJob | None = None
        # The transport's settings, kept here so that a film opened later plays the same way.
        self.speed, self.volume, self.muted = 1.0, 100, False

    def open(self, film: Path, rate: FrameRate, picture: PictureView) -> str | None:
        """Open ``film``; returns a problem to show, or None."""
        self.close()
        try:
            info = probe(film)
        except MediaError as error:
            return str(error)
        if info.rate != rate:
            self.message.emit(f"The film runs at {info.rate} fps but the project at {rate} fps")
        self.player = PlayerController(film, info.rate, info.duration_frames, headless=self.headless)
        if not self.headless and not self.player.unavailable:
            self.player.set_window(picture.video_handle())
        self.player.position_changed.connect(self.position_changed)
        self.player.set_speed(self.speed)
        self.player.set_volume(self.volume)
        self.player.set_mute(self.muted)
        self.player.playing_changed.connect(self.playing_changed)
        self.player.message.connect(self.message)
        self.renderer = FrameRenderer(film)
        self.renderer.picture_ready.connect(self.picture_ready)
        self.renderer.failed.connect(self.message)
        self._start_waveform(film)
        return None

    def _start_waveform(self, film: Path) -> None:
        job = _WaveformJob(film)
        job.signals.partial.connect(self.peaks_ready)
        job.signals.done.connect(self.peaks_ready)
        job.signals.done.connect(lambda peaks: self._waveform_done(peaks))
        job.signals.progress.connect(lambda f: self.message.emit(f"Waveform {f:.0%}"))
        job.signals.failed.connect(self.message)
        self._job = job
        QThreadPool.globalInstance().start(job)

    def _waveform_done(self, peaks: object) -> None:
        warning = getattr(peaks, "warning", None)
        self.message.emit(f"Warning: {warning}" if warning else "Waveform ready")

    @property
    def unavailable(self) -> str | None:
        return self.player.unavailable if self.player else None

    @property
    def playing(self) -> bool:
        return bool(self.player and self.player.playing)

    def position(self) -> int:
        return self.player.position() if self.player else 0

    def toggle(self) -> None:
        if self.player:
            self.player.toggle()

    def shuttle(self, direction: int) -> None:
        if self.player:
            self.player.shuttle(direction)

    def step(self, frames: int) -> None:
        if self.player:
            self.player.step(frames)

    def seek(self, frame: int) -> None:
        if self.player:
            self.player.seek(frame)  # Player clamps to the film

    def set_speed(self, speed: float) -> None:
        self.speed = speed
        if self.player:
            self.player.set_speed(speed)

    def set_volume(self, percent: int) -> None:
        self.volume = percent
        if self.player:
            self.player.set_volume(percent)

    def set_mute(self, mute: bool) -> None:
        self.muted = mute
        if self.player:
            self.player.set_mute(mute)

    def request_picture(self, frame: int, width: int, height: int) -> None:
        if self.renderer:
            self.renderer.request(frame, width, height)

    def close(self) -> None:
        if self._job is not None:
            self._job.cancelled = True
            self._job = None
        if self.player is not None:
            self.player.close()
            self.player = None
        if self.renderer is not None:
            self.renderer.shutdown()
            self.renderer = None
