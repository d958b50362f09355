"""Frame-exact pictures: the picture of frame N, decoded by PyAV.

libVLC's paused seeks land up to four frames off on H.264 with B-frames, so whenever playback is
paused, stepping or scrubbing, the app shows pictures from here. Frame N is the N-th picture in
presentation order; in a variable-rate film it is the picture on screen N frames of the project's
rate after the first (``cadence.Moments``). An index of every video packet (read once, without
decoding) maps a picture to its timestamp and finds the keyframe to start from; decoding then runs
forward to it. Decoded pictures are kept in an LRU cache, and the decoder stays positioned, so
stepping forward decodes one picture and stepping backward is usually a cache hit. Pictures are
given as shown (``picture_shape``): display aspect, upright, fields made one picture.

A ``FrameSource`` is not thread-safe: one worker owns it.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from cuesheet.media import cadence
from cuesheet.media.picture_shape import Shape, shape_of, upright_rgb
from cuesheet.media.probe import MediaError, check_picture_size

DEFAULT_CACHE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class PacketIndex:
    pts: list[int]  # presentation timestamp of frame N, in the stream's time base
    keyframes: list[int]  # frame numbers that are keyframes, ascending
    end: int | None = None  # when the last picture stops being shown (a packet's stamp + duration)

    def keyframe_at_or_before(self, frame: int) -> int:
        position = bisect.bisect_right(self.keyframes, frame) - 1
        return self.keyframes[max(0, position)]

    def previous_keyframe(self, keyframe: int) -> int | None:
        position = bisect.bisect_left(self.keyframes, keyframe) - 1
        return self.keyframes[position] if position >= 0 else None


def scan_packets(container: Any, stream: Any) -> PacketIndex:
    """Every video packet's pts and keyframe flag, in presentation order (demux only, no decode)."""
    packets = [
        (p.pts, p.is_keyframe, p.duration) for p in container.demux(stream) if p.pts is not None and p.size
    ]
    packets.sort()
    pts = [p for p, _, _ in packets]
    keyframes = [n for n, (_, key, _) in enumerate(packets) if key] or [0]
    last = packets[-1] if packets else None  # the latest picture's own duration ends the film
    end = last[0] + last[2] if last is not None and last[2] and last[2] > 0 else None
    container.seek(0)
    return PacketIndex(pts, keyframes, end)


class FrameSource:
    def __init__(
        self, path: Path, cache_bytes: int = DEFAULT_CACHE_BYTES, rate: Fraction | None = None
    ) -> None:
        """``rate``: the project's, at which a variable-rate film's frames are moments (default:
        the standard rate nearest the duration most of its pictures last, as ``probe`` reports)."""
        import av

        self.path = Path(path)
        try:
            self._container = av.open(str(self.path))
        except (av.error.FFmpegError, OSError) as error:
            raise MediaError(f"{self.path}: cannot be opened ({error})") from None
        if not self._container.streams.video:
            self._container.close()
            raise MediaError(f"{self.path}: has no video stream")
        self._stream = self._container.streams.video[0]
        context = self._stream.codec_context
        try:
            check_picture_size(self.path, context.width, context.height)
        except MediaError:
            self._container.close()
            raise
        self._stream.thread_type = "AUTO"
        try:
            self.index = scan_packets(self._container, self._stream)
        except av.error.FFmpegError as error:
            self._container.close()
            raise MediaError(f"{self.path}: cannot be read ({error.strerror or error})") from None
        self._frame_of_pts = {pts: n for n, pts in enumerate(self.index.pts)}
        self._cache: OrderedDict[int, Any] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._frame_bytes = max(
            1, self._stream.codec_context.width * self._stream.codec_context.height * 3 // 2
        )
        self._decoder: Iterator[Any] | None = None
        self._last_decoded = -1
        self.decoded_count = 0  # pictures decoded so far (for tests and benchmarks)
        try:
            if not self.index.pts:
                raise MediaError(f"{self.path}: has no pictures")
            self.moments = self._moments(rate)
            self.shape: Shape = self._shape()
        except BaseException:
            self._container.close()
            raise

    def _shape(self) -> Shape:
        """From the first picture that decodes among the first keyframes (a stream cut inside a GOP
        starts with pictures that cannot), else from the stream alone (upright as stored)."""
        for keyframe in dict.fromkeys([0, *self.index.keyframes[:3]]):  # 0 is usually the first
            try:
                return shape_of(self._stream, self._picture(keyframe))
            except MediaError:
                continue
        return shape_of(self._stream, None)

    def _moments(self, rate: Fraction | None) -> cadence.Moments | None:
        """Moments when the pictures are not on a regular grid (variable frame rate), else None."""
        time_base = Fraction(self._stream.time_base) if self._stream.time_base else None
        pts, end = self.index.pts, self.index.end
        step = Fraction(pts[-1] - pts[0], len(pts) - 1) if len(pts) > 1 else None
        held = end is not None and step is not None and end - pts[-1] > step * 3 / 2  # held for seconds
        if not time_base or (not held and cadence.on_a_grid(pts, cadence.millisecond(time_base))):
            return None
        if self._stream.duration and self._stream.duration > 0:  # the length probe measures
            end = max(end or 0, pts[0] + self._stream.duration)
        rate = rate or cadence.usual_rate([pts], time_base)
        return cadence.Moments(pts, time_base, rate, end) if rate else None

    @property
    def size(self) -> tuple[int, int]:
        """The picture's width and height as shown (display aspect, upright)."""
        return self.shape.display_size

    @property
    def frame_count(self) -> int:
        return self.moments.frame_count if self.moments else len(self.index.pts)

    def close(self) -> None:
        self._decoder = None
        self._cache.clear()
        self._container.close()

    def __enter__(self) -> FrameSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- pictures ------------------------------------------------------------------------------

    def frame(self, number: int) -> Any:
        """The decoded ``av.VideoFrame`` shown at frame ``number`` (0 = the first picture), as
        stored (see ``rgb`` for it as shown)."""
        if not 0 <= number < self.frame_count:
            raise MediaError(f"{self.path}: frame {number} is outside the film (0–{self.frame_count - 1})")
        return self._picture(self.moments.picture_at(number) if self.moments else number)

    def rgb(self, number: int, width: int | None = None, height: int | None = None) -> np.ndarray:
        """Frame ``number`` as shown, an RGB array (H, W, 3), at ``width`` × ``height`` when given."""
        size = (width, height) if width and height else None
        return upright_rgb(self.frame(number), self.shape, self._stream, size)

    def _picture(self, number: int) -> Any:
        """The ``number``-th picture in presentation order; MediaError when it cannot be decoded."""
        import av

        try:
            return self._decoded(number)
        except av.error.FFmpegError as error:  # damaged data: one line, as every refusal
            self._decoder = None
            raise MediaError(
                f"{self.path}: frame {number} cannot be decoded ({error.strerror or error})"
            ) from None

    def _decoded(self, number: int) -> Any:
        cached = self._cache.get(number)
        if cached is not None:
            self._cache.move_to_end(number)
            return cached
        keyframe = self.index.keyframe_at_or_before(number)
        if not (self._decoder is not None and keyframe <= self._last_decoded < number):
            self._seek(keyframe, number)
        found = self._decode_until(number)
        if found is None:
            raise MediaError(f"{self.path}: frame {number} could not be decoded (the file may be damaged)")
        return found

    # -- decoding ------------------------------------------------------------------------------

    def _seek(self, keyframe: int, target: int) -> None:
        """Position the decoder at ``keyframe``; if the demuxer lands later than ``target`` (it can
        seek by decode time; a transport stream seeks by bytes), step back one keyframe at a time,
        and last to the start of the file."""
        start: int | None = keyframe
        while True:
            if start is None:
                self._container.seek(0)  # time 0 of the file: before its first picture
            else:
                self._container.seek(self.index.pts[start], stream=self._stream, backward=True)
            self._decoder = self._container.decode(self._stream)
            self._last_decoded = -1
            first = self._next_frame()
            if first is not None and first <= target:
                return
            if start is None:
                raise MediaError(f"{self.path}: cannot seek to frame {target}")
            start = self.index.previous_keyframe(start)

    def _next_frame(self) -> int | None:
        assert self._decoder is not None
        for picture in self._decoder:
            number = self._frame_of_pts.get(picture.pts)
            if number is None:
                continue  # a picture with no packet of its own (should not happen)
            self.decoded_count += 1
            self._remember(number, picture)
            self._last_decoded = number
            return number
        self._decoder = None
        return None

    def _decode_until(self, target: int) -> Any:
        while target not in self._cache:
            if self._decoder is None or self._next_frame() is None:
                return None
            if self._last_decoded > target and target not in self._cache:
                return None  # passed it without seeing it: a missing frame
        self._cache.move_to_end(target)
        return self._cache[target]

    def _remember(self, number: int, picture: Any) -> None:
        self._cache[number] = picture
        self._cache.move_to_end(number)
        while len(self._cache) * self._frame_bytes > self._cache_bytes and len(self._cache) > 2:
            self._cache.popitem(last=False)
