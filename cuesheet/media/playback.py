"""Picture and sound while playing, through libVLC (python-vlc), speaking milliseconds and events.

libVLC calls its event callbacks on its own threads, and sometimes synchronously inside
``set_time()``. The callbacks here only copy plain values into a ``PlayerEvent`` and hand it to the
listener; they never call back into libVLC. The UI's listener re-emits them as Qt signals queued to
the GUI thread.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

INSTALL_HINT = (
    "install VLC 3 (Debian/Ubuntu: apt-get install libvlc5 vlc-plugin-base vlc-plugin-video-output)"
)


READ_AHEAD_MS = 50


class PlaybackUnavailable(Exception):
    """libVLC cannot play here; ``str()`` says why and what to install."""


class EventKind(Enum):
    PLAYING = "playing"
    PAUSED = "paused"
    STOPPED = "stopped"
    ENDED = "ended"
    ERROR = "error"
    TIME = "time"  # value: VLC's time in ms
    LENGTH = "length"  # value: length in ms


@dataclass(frozen=True)
class PlayerEvent:
    kind: EventKind
    value: int = 0


Listener = Callable[[PlayerEvent], None]

_vlc_module: Any = None
_vlc_error: str | None = None
_lock = threading.Lock()
# libVLC instances and players are made and released one at a time: two made at once on worker
# threads (a film opened again while the last opening still made its player: a relink, another
# sound stream) crashed in libvlc_media_player_new.
_life = threading.Lock()


def load_vlc() -> Any:
    """The python-vlc module, or PlaybackUnavailable with the reason (libVLC absent or broken)."""
    global _vlc_module, _vlc_error
    with _lock:
        if _vlc_module is None and _vlc_error is None:
            try:
                import vlc

                _vlc_module = vlc
            except (ImportError, OSError, NotImplementedError, AttributeError) as error:
                _vlc_error = f"playback unavailable: libVLC not found ({error}); {INSTALL_HINT}"
    if _vlc_error:
        raise PlaybackUnavailable(_vlc_error)
    return _vlc_module


def vlc_arguments(headless: bool) -> list[str]:
    arguments = ["--quiet", "--no-video-title-show", "--no-snapshot-preview", "--no-osd"]
    # VLC reads 300 ms ahead before its picture moves, while our clock runs from "Playing": the
    # picture started up to 13 frames behind the clock. A local film needs little read-ahead.
    arguments.append(f"--file-caching={READ_AHEAD_MS}")
    # An interlaced film (flagged so by its stream) is deinterlaced while playing, with the filter
    # the paused pictures use (picture_shape), not VLC's default choice.
    arguments += ["--deinterlace=-1", "--deinterlace-mode=yadif"]
    if headless:
        arguments += ["--vout=dummy", "--aout=dummy"]
    if sys.platform.startswith("linux"):
        arguments.append("--no-xlib")  # Qt owns X11; libVLC must not call XInitThreads itself
    return arguments


def create_instance(headless: bool = False) -> Any:
    vlc = load_vlc()
    instance = vlc.Instance(vlc_arguments(headless))
    if instance is None:
        # libvlc_new() returns NULL when the plugins are missing or an option is unknown.
        raise PlaybackUnavailable(
            f"playback unavailable: libVLC could not start (plugins missing?); {INSTALL_HINT}"
        )
    from cuesheet.media import vlc_log  # ctypes callbacks: loaded with libVLC, not at start-up

    # Not stderr: a missing sound card alone is thousands of lines per minute (see vlc_log).
    # A libVLC or C library without these calls still plays, logging to stderr.
    with contextlib.suppress(AttributeError, OSError):
        vlc_log.route_vlc_log(vlc, instance)
    return instance


class VlcPlayback:
    """One media player. All methods are for the owning (GUI) thread."""

    def __init__(self, listener: Listener | None = None, headless: bool = False) -> None:
        self._vlc = load_vlc()
        with _life:
            self._instance = create_instance(headless)
            self._player = self._instance.media_player_new()
        self._listener = listener
        self._attach_events()
        if not headless:
            self._player.video_set_mouse_input(False)  # or libVLC swallows clicks and keys on Windows
            self._player.video_set_key_input(False)

    def _attach_events(self) -> None:
        kinds = {
            "MediaPlayerPlaying": EventKind.PLAYING,
            "MediaPlayerPaused": EventKind.PAUSED,
            "MediaPlayerStopped": EventKind.STOPPED,
            "MediaPlayerEndReached": EventKind.ENDED,
            "MediaPlayerEncounteredError": EventKind.ERROR,
            "MediaPlayerTimeChanged": EventKind.TIME,
            "MediaPlayerLengthChanged": EventKind.LENGTH,
        }
        manager = self._player.event_manager()
        for name, kind in kinds.items():
            manager.event_attach(getattr(self._vlc.EventType, name), self._on_event, kind)

    def _on_event(self, event: Any, kind: EventKind) -> None:
        # On a libVLC thread: copy plain values, hand them on, touch nothing else.
        value = 0
        if kind is EventKind.TIME:
            value = int(event.u.new_time)
        elif kind is EventKind.LENGTH:
            value = int(event.u.new_length)
        listener = self._listener
        if listener is not None:
            listener(PlayerEvent(kind, value))

    def load(self, path: Path, audio_track: int | None = None) -> None:
        """``audio_track``: which of the film's sound streams plays, counted among them from 0."""
        if not Path(path).is_file():
            raise PlaybackUnavailable(f"{path}: no such film")
        media = self._instance.media_new_path(os.fspath(path))
        if audio_track is not None:
            media.add_option(f":audio-track={int(audio_track)}")
        self._player.set_media(media)
        media.release()

    def set_window(self, handle: int) -> None:
        """Draw into a native window: X11 window id, Windows HWND or macOS NSView pointer."""
        if sys.platform.startswith("linux"):
            self._player.set_xwindow(handle)
        elif sys.platform == "win32":
            self._player.set_hwnd(handle)
        elif sys.platform == "darwin":
            self._player.set_nsobject(handle)

    def play(self) -> None:
        if self._player.play() == -1:
            raise PlaybackUnavailable("playback failed to start (the film could not be opened by libVLC)")

    def pause(self) -> None:
        self._player.set_pause(1)

    def stop(self) -> None:
        self._player.stop()

    def set_time(self, ms: int) -> None:
        self._player.set_time(int(ms))

    def time_ms(self) -> int:
        return int(self._player.get_time())

    def length_ms(self) -> int:
        return int(self._player.get_length())

    @property
    def started(self) -> bool:
        """Media opened and not stopped (playing or paused): seeks take effect."""
        state = self._player.get_state()
        return state in (self._vlc.State.Playing, self._vlc.State.Paused)

    def is_playing(self) -> bool:
        return bool(self._player.is_playing())

    def set_rate(self, rate: float) -> None:
        self._player.set_rate(float(rate))

    def set_volume(self, percent: int) -> None:
        self._player.audio_set_volume(max(0, min(200, int(percent))))

    def set_mute(self, mute: bool) -> None:
        self._player.audio_set_mute(bool(mute))

    def snapshot(self, path: Path, width: int = 0, height: int = 0) -> bool:
        """What libVLC shows now, saved as PNG (works with the dummy output: testable headless)."""
        return self._player.video_take_snapshot(0, os.fspath(path), width, height) == 0

    def close(self) -> None:
        self._listener = None  # late callbacks from libVLC's threads now go nowhere
        self._player.stop()
        with _life:
            self._player.release()
            self._instance.release()
        from cuesheet.media import vlc_log

        vlc_log.report_held()
