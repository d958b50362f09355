"""``cuesheet doctor``: what this installation runs on — for bug reports and for the packaged app's
smoke test, which must show that the bundled libVLC, not a system one, is the one in use."""

from __future__ import annotations

import logging
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

from cuesheet import __version__
from cuesheet.media.playback import PlaybackUnavailable, VlcPlayback, load_vlc


def mapped_files() -> list[str]:
    """Every file this process has mapped: the libraries really loaded (Linux: /proc/self/maps)."""
    maps = Path("/proc/self/maps")
    if not maps.exists():
        return []
    files: dict[str, None] = {}  # ordered, unique
    for line in maps.read_text(errors="replace").splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6 and parts[5].startswith("/"):
            files[parts[5]] = None
    return list(files)


def vlc_folders() -> list[str]:
    """Folders of every libVLC file (library, core, plugins) this process has loaded so far."""
    return sorted({str(Path(f).parent) for f in mapped_files() if "vlc" in f.lower()})


def facts() -> dict[str, Any]:
    """Versions and where libVLC and the PDF fonts come from (Qt's versions are added by the CLI)."""
    from cuesheet.reports.errors import FontError
    from cuesheet.reports.fonts import register

    report: dict[str, Any] = {
        "version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "bundled": bool(getattr(sys, "frozen", False)),
    }
    try:
        vlc = load_vlc()
        files = mapped_files()

        def loaded(fragment: str) -> str:
            return next((f for f in files if fragment in Path(f).name), "")

        report["libvlc"] = {
            "version": vlc.libvlc_get_version().decode(errors="replace"),
            "library": loaded("libvlc.so") or os.environ.get("PYTHON_VLC_LIB_PATH", ""),
            "core": loaded("libvlccore"),
            "plugins": os.environ.get("VLC_PLUGIN_PATH", "") or getattr(vlc, "plugin_path", "") or "",
        }
    except PlaybackUnavailable as error:
        report["libvlc"] = {"error": str(error)}
    try:
        report["pdf_fonts"] = sorted(register())
    except FontError as error:
        report["pdf_fonts"] = {"error": str(error)}
    return report


def play(film: Path, seconds: float = 1.0, timeout: float = 10.0) -> dict[str, Any]:
    """Play ``film`` headless (no window, no sound device) for a moment; how far libVLC got."""
    if not film.is_file():
        raise PlaybackUnavailable(f"{film}: no such file")
    heard = _Heard()
    loggers = [logging.getLogger(name) for name in ("cuesheet.vlc", "cuesheet.alsa")]
    for logger in loggers:
        logger.addHandler(heard)
    playback = VlcPlayback(headless=True)
    try:
        playback.load(film)
        playback.play()
        started = time.monotonic()
        while time.monotonic() - started < timeout and playback.time_ms() < seconds * 1000:
            time.sleep(0.02)
        reached = playback.time_ms()
        playback.stop()
    finally:
        playback.close()
        for logger in loggers:
            logger.removeHandler(heard)
    if reached < seconds * 1000:
        raise PlaybackUnavailable(f"{film}: libVLC played only {reached} ms in {timeout:.0f} s")
    # libVLC's warnings go to Python logging, silent unless configured: a bug report shows them here.
    return {"film": str(film), "played_ms": reached, "vlc_messages": heard.lines[:20]}


class _Heard(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname.lower()}: {record.getMessage()}")
