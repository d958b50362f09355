"""Generated films shaped as editors deliver them (for the tests): anamorphic, rotated, interlaced,
and in the delivery codecs (HEVC 10-bit, DNxHR, XDCAM MPEG-2, open-GOP H.264, VP9, AV1, MJPEG).

Every picture carries its frame number (``synth.draw_index``) as it is meant to be seen: drawn at the
display size and upright, then squeezed to the stored pixels, turned on its side for the rotation
matrix, or woven with another picture in the field shown second. A check that reads the number from
a still therefore reads the picture as shown, not the metadata.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

from cuesheet.domain.timecode import FrameRate, format_timecode, parse_timecode
from cuesheet.media.synth import draw_frame

PAL = FrameRate(Fraction(25))
OTHER_FIELD = 1 << 20  # added to the frame number in the field shown second: a different picture


@dataclass(frozen=True)
class Delivery:
    """How a film is written: ``stored`` pixels; ``sample_aspect`` (a pixel's width over its height);
    ``rotation`` (degrees counterclockwise that turn it upright, written as a display matrix);
    ``fields``: ``tff`` or ``bff`` for an interlaced film, each field a picture of its own."""

    codec: str = "libx264"
    pix_fmt: str = "yuv420p"
    stored: tuple[int, int] = (320, 180)
    sample_aspect: Fraction = Fraction(1)
    rotation: int = 0
    fields: str | None = None
    options: Mapping[str, str] = field(default_factory=dict)
    data_first: bool = False  # a data stream before the picture (broadcast transport streams)

    @property
    def shown(self) -> tuple[int, int]:
        """Width and height as shown: stretched by the sample aspect, then turned upright."""
        width, height = self.stored
        width = round(width * self.sample_aspect / 2) * 2
        return (height, width) if self.rotation % 180 else (width, height)


def write_delivery(
    path: Path,
    delivery: Delivery,
    frames: int = 24,
    rate: FrameRate = PAL,
    start_timecode: str = "01:00:00:00",
) -> Path:
    """A picture-only film of ``frames`` pictures written as ``delivery`` says; returns ``path``."""
    import av

    start = parse_timecode(start_timecode, rate)
    with _scheduling_kept(), av.open(str(path), "w") as container:
        container.metadata["timecode"] = start_timecode
        data = container.add_data_stream() if delivery.data_first else None
        if data is not None:
            data.time_base = Fraction(1, 1000)
        video = container.add_stream(delivery.codec, rate=rate.rate)
        assert isinstance(video, av.VideoStream), delivery.codec  # a picture codec was named
        video.width, video.height = delivery.stored
        video.pix_fmt = delivery.pix_fmt
        if delivery.sample_aspect != 1:
            video.codec_context.sample_aspect_ratio = delivery.sample_aspect
        options: dict[str, object] = dict(delivery.options)
        if delivery.fields:
            options["flags"] = "+ilme+ildct"
            if delivery.codec == "libx264":
                options["x264-params"] = f"interlaced=1:{delivery.fields}=1"
        video.options = options
        if delivery.rotation:
            video.set_display_rotation(delivery.rotation)
        for index in range(frames):
            picture = av.VideoFrame.from_ndarray(_stored(delivery, index, start, rate), format="rgb24")
            picture.pts = index
            container.mux(video.encode(picture))
            if data is not None:
                packet = av.Packet(b"data")
                packet.stream, packet.time_base = data, Fraction(1, 1000)
                packet.pts = packet.dts = int(index / rate.rate * 1000)
                container.mux(packet)
        container.mux(video.encode(None))
    return path


@contextmanager
def _scheduling_kept() -> Iterator[None]:
    """Give the calling thread its scheduling back after encoding: SVT-AV1, run as root, makes it
    real-time (SCHED_FIFO, priority 99), which every process started from it after inherits; a test
    run's later GUI subprocesses then crawled (probe and playback not ready in 6 s)."""
    if not hasattr(os, "sched_getscheduler"):
        yield
        return
    policy, parameters = os.sched_getscheduler(0), os.sched_getparam(0)
    try:
        yield
    finally:
        if (os.sched_getscheduler(0), os.sched_getparam(0)) != (policy, parameters):
            os.sched_setscheduler(0, policy, parameters)


def _stored(delivery: Delivery, index: int, start: int, rate: FrameRate) -> np.ndarray:
    """Frame ``index`` as stored: drawn as shown, squeezed, turned, woven."""
    width, height = delivery.shown
    image = draw_frame(index, format_timecode(start + index, rate), width, height)
    if delivery.fields:
        other = draw_frame(index + OTHER_FIELD, "--:--:--:--", width, height)
        shown_second = 1 if delivery.fields == "tff" else 0  # tff: the top field (even rows) first
        image[shown_second::2] = other[shown_second::2]
    if delivery.rotation:
        image = np.rot90(image, k=-(delivery.rotation // 90))  # shown turned back counterclockwise
    stored_width, stored_height = delivery.stored
    if image.shape[:2] != (stored_height, stored_width):
        image = _resized(image, stored_width, stored_height)
    return np.ascontiguousarray(image)


def _resized(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """Nearest-neighbour resize (the index blocks stay sharp; rows of a woven frame stay rows)."""
    rows = np.arange(height) * image.shape[0] // height
    columns = np.arange(width) * image.shape[1] // width
    return image[rows][:, columns]
