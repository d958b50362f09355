"""libVLC's messages through Python logging: warnings and worse only, a few lines per minute per source.

Left alone, libVLC prints every message to stderr, and so does ALSA's library beneath it: without a
sound card that was 24,000 lines in ten minutes. Here libVLC's log callback and ALSA's error handler
hand their messages to the ``cuesheet.vlc`` and ``cuesheet.alsa`` loggers instead, rate-limited by
``RateLimit``. Both callbacks run on libVLC's threads: they format plain strings and call no libVLC.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

LINES_PER_WINDOW = 5  # per source (VLC module, or ALSA) ...
WINDOW_S = 60.0  # ... per minute; the rest are counted and reported once
VLC_WARNING, VLC_ERROR = 3, 4  # libvlc_log_level; NOTICE (2) and DEBUG (0) are dropped

vlc_logger = logging.getLogger("cuesheet.vlc")
alsa_logger = logging.getLogger("cuesheet.alsa")
# Quiet unless the application configures logging (as ``--quiet`` kept libVLC): without a handler,
# Python would print every warning ("unknown box type tmcd") on each start.
for _logger in (vlc_logger, alsa_logger):
    _logger.addHandler(logging.NullHandler())


class RateLimit:
    """At most ``lines`` messages per source in each window; then one line saying how many were held.

    Thread-safe: libVLC logs from several threads at once."""

    def __init__(
        self,
        lines: int | None = None,
        window_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.lines = LINES_PER_WINDOW if lines is None else lines
        self.window_s = WINDOW_S if window_s is None else window_s
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int, int]] = {}  # source: (window start, shown, held)

    def admit(self, source: str) -> tuple[bool, int]:
        """Whether to show this message, and how many from ``source`` were held in the window just
        ended (to be reported now, before it)."""
        now = self._clock()
        with self._lock:
            start, shown, held = self._windows.get(source, (now, 0, 0))
            reported = 0
            if now - start >= self.window_s:
                start, shown, reported, held = now, 0, held, 0
            if shown < self.lines:
                self._windows[source] = (start, shown + 1, held)
                return True, reported
            self._windows[source] = (start, shown, held + 1)
            return False, reported

    def drain(self) -> dict[str, int]:
        """Held counts not reported yet (at shutdown), and forget them."""
        with self._lock:
            held = {source: h for source, (_, _, h) in self._windows.items() if h}
            self._windows = {s: (start, shown, 0) for s, (start, shown, _) in self._windows.items()}
        return held


_limit = RateLimit()


def emit(
    logger: logging.Logger, level: int, source: str, message: str, limit: RateLimit | None = None
) -> None:
    allowed, held = (limit or _limit).admit(source)
    if held:
        logger.log(logging.WARNING, "%s: suppressed %d similar messages", source, held)
    if allowed:
        logger.log(level, "%s: %s", source, message)


def report_held() -> None:
    """Say how many messages are still held (called when the player closes)."""
    for source, held in _limit.drain().items():
        logger = alsa_logger if source == "alsa" else vlc_logger
        logger.warning("%s: suppressed %d similar messages", source, held)


# --- libVLC: libvlc_log_set(instance, callback, data) -------------------------------------------------
_LOG_CB = ctypes.CFUNCTYPE(
    None, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p
)
_callbacks: list[Any] = []  # ctypes callbacks must outlive every instance that may call them
_vlc_callback: Any = None
_vsnprintf: Any = None
_get_context: Any = None


def _c_vsnprintf() -> Any:
    if sys.platform == "win32":
        function = ctypes.cdll.msvcrt._vsnprintf
    else:
        function = ctypes.CDLL(None).vsnprintf  # libc is in the process's global namespace
    function.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p]
    function.restype = ctypes.c_int
    return function


def _on_vlc_message(
    _data: int | None, level: int, context: int | None, fmt: bytes | None, args: int | None
) -> None:
    if level < VLC_WARNING or fmt is None:
        return  # before formatting: debug messages are many
    try:
        buffer = ctypes.create_string_buffer(1024)
        _vsnprintf(buffer, len(buffer), fmt, args)  # consumes args: called once only
        module = ctypes.c_char_p()
        if context:
            _get_context(context, ctypes.byref(module), None, None)
        source = (module.value or b"vlc").decode(errors="replace")
        level_name = logging.ERROR if level >= VLC_ERROR else logging.WARNING
        emit(vlc_logger, level_name, source, buffer.value.decode(errors="replace").strip())
    except Exception:  # it must not unwind into libVLC's thread
        pass


def route_vlc_log(vlc: Any, instance: Any) -> None:
    """Send ``instance``'s messages to Python logging instead of stderr."""
    global _vsnprintf, _get_context, _vlc_callback
    if _vlc_callback is None:
        _vsnprintf = _c_vsnprintf()
        _get_context = ctypes.CFUNCTYPE(
            None,
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_char_p),
            ctypes.POINTER(ctypes.c_char_p),
            ctypes.POINTER(ctypes.c_uint),
        )(("libvlc_log_get_context", vlc.dll))
        _vlc_callback = _LOG_CB(_on_vlc_message)
    log_set = ctypes.CFUNCTYPE(None, ctypes.c_void_p, _LOG_CB, ctypes.c_void_p)(("libvlc_log_set", vlc.dll))
    log_set(instance, _vlc_callback, None)
    route_alsa_errors()


# --- ALSA: snd_lib_error_set_handler(handler) -----------------------------------------------------------
# The handler is variadic; declared with its fixed arguments only (the values of ``fmt``'s
# conversions are not readable from Python), it still gets where, what and the error number.
_ALSA_CB = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)
_alsa_lock = threading.Lock()


def _on_alsa_error(
    file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes | None
) -> None:
    try:
        where = (
            f"{(file or b'?').decode(errors='replace')}:{line} {(function or b'').decode(errors='replace')}"
        )
        text = (fmt or b"").decode(errors="replace")
        emit(alsa_logger, logging.WARNING, "alsa", f"{text} ({where}{f', errno {err}' if err else ''})")
    except Exception:  # it must not unwind into libVLC's thread
        pass


def route_alsa_errors() -> None:
    """ALSA's library prints its errors itself, not through libVLC: give it a handler too (Linux)."""
    if not sys.platform.startswith("linux"):
        return
    with _alsa_lock:
        if _callbacks:
            return
        try:
            asound = ctypes.CDLL("libasound.so.2")  # the copy libVLC's ALSA plugin will use
        except OSError:
            return  # no ALSA here: libVLC cannot use it either
        handler = _ALSA_CB(_on_alsa_error)
        _callbacks.append(handler)
        asound.snd_lib_error_set_handler(handler)
