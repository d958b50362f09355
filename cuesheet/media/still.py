"""Stills: the exact picture at a timecode, as shown (display aspect, upright, one picture of an
interlaced frame), as PNG (licence requests attach scene stills)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cuesheet.domain.timecode import format_timecode, parse_timecode
from cuesheet.media.frames import FrameSource
from cuesheet.media.probe import MediaError, probe

if TYPE_CHECKING:
    import numpy as np


def png_bytes(rgb: np.ndarray) -> bytes:
    """Encode an RGB array (H, W, 3) as PNG with PyAV's own encoder (no imaging library needed)."""
    import av

    picture = av.VideoFrame.from_ndarray(rgb, format="rgb24")
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = picture.width, picture.height, "rgb24"
    return b"".join(bytes(packet) for packet in [*codec.encode(picture), *codec.encode(None)])


def still(film: Path, timecode: str) -> tuple[bytes, int]:
    """The PNG of the frame labelled ``timecode`` in the film's own timecode, and its frame number."""
    info = probe(film)
    frame = parse_timecode(timecode, info.rate) - info.start_frame
    if not 0 <= frame < info.duration_frames:
        first = format_timecode(info.start_frame, info.rate)
        last = format_timecode(info.start_frame + info.duration_frames - 1, info.rate)
        raise MediaError(f"{film}: {timecode.strip()} is outside the film ({first} – {last})")
    with FrameSource(film, rate=info.rate.rate) as source:
        return png_bytes(source.rgb(frame)), frame
