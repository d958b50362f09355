"""Generated films for the demo and the tests (PyAV, no ffmpeg binary, nothing committed).

Each picture carries its timecode burnt in (seven-segment digits) and its frame index as a row of
black/white blocks (bit 0 at the left), so a test can read back which frame it was shown. Audio is
music-like (pads, beats, arpeggios) inside the given segments and silent between them, so the
waveform shows where music is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from cuesheet.domain.timecode import FrameRate, format_timecode, parse_timecode

if TYPE_CHECKING:  # PyAV is imported when first used: only the demo and tests make films
    from av import AudioStream
    from av.container import OutputContainer

INDEX_BITS = 24
SAMPLE_RATE = 48000
FILM_RATE = FrameRate(Fraction(24000, 1001))

# Seven segments a-g as (x0, y0, x1, y1) in a 4 x 7 grid; which segments each digit lights.
_SEGMENTS = {
    "a": (0, 0, 4, 1), "b": (3, 0, 4, 4), "c": (3, 3, 4, 7), "d": (0, 6, 4, 7),
    "e": (0, 3, 1, 7), "f": (0, 0, 1, 4), "g": (0, 3, 4, 4),
}  # fmt: skip
_DIGITS = {
    "0": "abcdef", "1": "bc", "2": "abdeg", "3": "abcdg", "4": "bcfg", "5": "acdfg",
    "6": "acdefg", "7": "abc", "8": "abcdefg", "9": "abcdfg", "-": "g",
}  # fmt: skip


@dataclass(frozen=True)
class Segment:
    """Music between ``start`` and ``end`` seconds of the film, in one of three styles."""

    start: float
    end: float
    style: str = "pad"  # "pad" (score-like), "beat" (a song), "arp" (library-like), "tone" (a test burst)
    root_hz: float = 220.0


def write_film(
    path: Path,
    seconds: float,
    rate: FrameRate = FILM_RATE,
    size: tuple[int, int] = (640, 360),
    start_timecode: str = "01:00:00:00",
    segments: Sequence[Segment] = (),
    b_frames: bool = False,
    progress: Callable[[float], None] | None = None,
    gop: int | None = None,
    faststart: bool = False,
    audio_seconds: float | None = None,
    detail: bool = False,
    soundtrack: np.ndarray | None = None,
    stems: Sequence[tuple[str, np.ndarray]] = (),
) -> Path:
    """Write an H.264/AAC .mp4 or .mov with a ``tmcd`` start timecode; returns ``path``.

    ``gop`` sets the keyframe interval (1 = intra-only; default x264's 250); ``faststart`` puts the
    index at the front, as web exports do; ``audio_seconds`` makes the sound shorter or longer than
    the picture (``0``: no audio stream at all); ``detail`` paints moving grain over the picture, so
    that it compresses and decodes like camera footage rather than flat colour (for benchmarks);
    ``soundtrack``: the film's sound itself (mono or 2 × samples, float, at ``SAMPLE_RATE``) instead of
    the segments' tones (for listening tests); ``stems``: more sound streams after the first, each
    (its title, its sound as ``soundtrack``), as a mix and its music stem are delivered."""
    import av  # deferred: only the demo and tests make films

    frame_count = round(Fraction(seconds) * rate.rate)
    start = parse_timecode(start_timecode, rate)
    width, height = size
    if soundtrack is not None:
        audio = np.atleast_2d(np.asarray(soundtrack, np.float32))
        audio = np.repeat(audio, 2, axis=0) if audio.shape[0] == 1 else audio
    else:
        audio = render_audio(seconds if audio_seconds is None else audio_seconds, segments)
    time_base = Fraction(rate.rate.denominator, rate.rate.numerator)
    grain = None
    if detail:
        grain = np.random.default_rng(7).integers(0, 64, (height + 64, width + 64), dtype=np.uint8)
    options = {"movflags": "+faststart"} if faststart else {}
    with av.open(str(path), "w", options=options) as container:
        container.metadata["timecode"] = start_timecode
        video = container.add_stream("libx264", rate=rate.rate)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {
            "preset": "veryfast",
            "crf": "28",
            "bf": "3" if b_frames else "0",  # 3: what editors' x264 exports use
            **({"g": str(gop), "keyint_min": str(gop)} if gop else {}),
        }
        sound = container.add_stream("aac", rate=SAMPLE_RATE, layout="stereo") if audio.shape[1] else None
        audio_done = 0
        stem_streams: list[AudioStream] = []
        stem_sounds: list[np.ndarray] = []
        for title, stem in stems:
            stream = container.add_stream("aac", rate=SAMPLE_RATE, layout="stereo")
            stream.metadata["title"] = stream.metadata["handler_name"] = title
            samples = np.atleast_2d(np.asarray(stem, np.float32))
            stem_streams.append(stream)
            stem_sounds.append(np.repeat(samples, 2, axis=0) if samples.shape[0] == 1 else samples)
        stems_done = [0] * len(stem_streams)
        for index in range(frame_count):
            image = draw_frame(index, format_timecode(start + index, rate), width, height)
            if detail:
                _add_grain(image, index, grain)
            picture = av.VideoFrame.from_ndarray(image, format="rgb24")
            picture.pts, picture.time_base = index, time_base
            container.mux(video.encode(picture))
            audio_due = round(Fraction(index + 1) * SAMPLE_RATE / rate.rate)
            audio_done = _encode_audio(container, sound, audio, audio_done, audio_due)
            for n, (stem_stream, samples) in enumerate(zip(stem_streams, stem_sounds, strict=True)):
                stems_done[n] = _encode_audio(container, stem_stream, samples, stems_done[n], audio_due)
            if progress and index % 24 == 0:
                progress(index / frame_count)
        _encode_audio(container, sound, audio, audio_done, audio.shape[1])
        for stem_stream, samples, done in zip(stem_streams, stem_sounds, stems_done, strict=True):
            _encode_audio(container, stem_stream, samples, done, samples.shape[1])
        container.mux(video.encode(None))
        for stream in [*([sound] if sound is not None else []), *stem_streams]:
            container.mux(stream.encode(None))
    if progress:
        progress(1.0)
    return path


def write_variable_film(
    path: Path,
    frame_ticks: Sequence[int],
    time_base: Fraction,
    size: tuple[int, int] = (64, 36),
    codec: str = "libx264",
) -> Path:
    """A picture-only film whose frame ``i`` lasts ``frame_ticks[i]`` ticks of ``time_base``
    (variable frame rate, as phones and screen recorders write), the last one too (a recorder that
    stops on a still screen holds its last picture); the container (by ``path``'s suffix) may
    store the stamps in its own time base (Matroska: milliseconds; AVI: the frame rate)."""
    import av

    width, height = size
    with av.open(str(path), "w") as container:
        video = container.add_stream(codec, rate=round(1 / (time_base * min(frame_ticks))))
        assert isinstance(video, av.VideoStream), codec
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.codec_context.time_base = time_base  # the encoder keeps our timestamps as they are
        video.options = {"preset": "veryfast", "bf": "0"} if codec == "libx264" else {"bf": "0"}
        packets = []
        pts = 0
        for index, ticks in enumerate(frame_ticks):
            image = draw_frame(index, format_timecode(index, FILM_RATE), width, height)
            picture = av.VideoFrame.from_ndarray(image, format="rgb24")
            picture.pts, picture.time_base = pts, time_base
            packets += video.encode(picture)
            pts += ticks
        packets += video.encode(None)
        for packet, ticks in zip(packets, frame_ticks, strict=True):  # no B-frames: in picture order
            packet.duration = ticks
            container.mux(packet)
    return path


def _encode_audio(
    container: OutputContainer, stream: AudioStream | None, audio: np.ndarray, done: int, due: int
) -> int:
    import av

    chunk = 1024  # AAC frame size
    due = min(due, audio.shape[1])
    while stream is not None and done + chunk <= due:
        frame = av.AudioFrame.from_ndarray(audio[:, done : done + chunk], format="fltp", layout="stereo")
        frame.sample_rate, frame.pts = SAMPLE_RATE, done
        container.mux(stream.encode(frame))
        done += chunk
    return done


def draw_frame(index: int, timecode: str, width: int, height: int) -> np.ndarray:
    """One RGB picture: a slowly changing background, the frame index blocks, the timecode."""
    hue = (index * 3) % 256
    image = np.empty((height, width, 3), np.uint8)
    image[:] = (40 + hue // 4, 50, 90 - hue // 8)
    draw_index(image, index)
    digit_height = max(14, min(height // 6, width // 16))
    left = max(0, (width - text_width(timecode, digit_height)) // 2)
    draw_text(image, timecode, left, (height - digit_height) // 2, digit_height)
    return image


def _add_grain(image: np.ndarray, index: int, grain: np.ndarray | None) -> None:
    """Texture that moves a little every frame, below the index band (which must stay readable)."""
    assert grain is not None
    height, width = image.shape[:2]
    band = max(8, (width // INDEX_BITS) // 2) + 2
    dx, dy = (index * 3) % 64, (index * 2) % 64
    patch = grain[dy + band : dy + height, dx : dx + width, None]
    image[band:] = np.clip(image[band:].astype(np.int16) + patch - 32, 0, 255).astype(np.uint8)


def draw_index(image: np.ndarray, index: int) -> None:
    block = image.shape[1] // INDEX_BITS
    band = max(8, block // 2)
    for bit in range(INDEX_BITS):
        value = 255 if (index >> bit) & 1 else 0
        image[:band, bit * block : (bit + 1) * block] = value


def read_index(image: np.ndarray) -> int:
    """The frame index painted by ``draw_index`` (tolerates compression noise)."""
    block = image.shape[1] // INDEX_BITS
    band = max(8, block // 2)
    index = 0
    for bit in range(INDEX_BITS):
        patch = image[2 : band - 2, bit * block + 2 : (bit + 1) * block - 2]
        if patch.mean() > 127:
            index |= 1 << bit
    return index


def _advance(char: str, unit: int) -> int:
    return unit * 3 if char in ":;" else unit * 6


def text_width(text: str, height: int) -> int:
    unit = max(1, height // 7)
    return sum(_advance(char, unit) for char in text)


def draw_text(image: np.ndarray, text: str, x: int, y: int, height: int) -> None:
    unit = max(1, height // 7)
    for char in text:
        if char in _DIGITS:
            for name in _DIGITS[char]:
                x0, y0, x1, y1 = _SEGMENTS[name]
                image[y + y0 * unit : y + y1 * unit, x + x0 * unit : x + x1 * unit] = 235
        elif char in ":;":
            image[y + 2 * unit : y + 3 * unit, x + unit : x + 2 * unit] = 235
            low = 5 if char == ":" else 6
            image[y + low * unit : y + (low + 1) * unit, x + unit : x + 2 * unit] = 235
        x += _advance(char, unit)


def render_audio(seconds: float, segments: Sequence[Segment]) -> np.ndarray:
    """Stereo float32 samples, shape (2, n): music in the segments, near-silence elsewhere."""
    total = round(seconds * SAMPLE_RATE)
    mono = np.zeros(total, np.float32)
    for segment in segments:
        first = max(0, int(segment.start * SAMPLE_RATE))
        last = min(total, int(segment.end * SAMPLE_RATE))
        if last > first:
            t = np.arange(last - first, dtype=np.float64) / SAMPLE_RATE
            mono[first:last] += _STYLES[segment.style](t, segment.root_hz).astype(np.float32)
    return np.stack([mono, mono * 0.9]).clip(-1, 1)


def _fade(t: np.ndarray, seconds: float = 0.4) -> np.ndarray:
    length = t[-1] if len(t) else 0.0
    return np.minimum(1.0, np.minimum(t / seconds, (length - t) / seconds).clip(0))


def _pad(t: np.ndarray, root: float) -> np.ndarray:
    chord = sum(np.sin(2 * np.pi * root * ratio * t) for ratio in (1.0, 1.25, 1.5, 2.0))
    swell = 0.6 + 0.4 * np.sin(2 * np.pi * 0.25 * t)
    return 0.12 * chord * swell * _fade(t, 1.5)


def _beat(t: np.ndarray, root: float) -> np.ndarray:
    beat = (t * 2.0) % 1.0  # 120 bpm
    kick = np.sin(2 * np.pi * 55 * t) * np.exp(-beat * 12)
    notes = root * np.array([1.0, 1.5, 1.333, 1.25])[(t * 2).astype(int) % 4]
    melody = 0.5 * np.sin(2 * np.pi * notes * t) * np.exp(-beat * 3)
    return 0.35 * (kick + melody) * _fade(t)


def _arp(t: np.ndarray, root: float) -> np.ndarray:
    step = (t * 8).astype(int) % 4
    notes = root * np.array([1.0, 1.25, 1.5, 2.0])[step]
    envelope = np.exp(-((t * 8) % 1.0) * 4)
    return 0.3 * np.sin(2 * np.pi * notes * t) * envelope * _fade(t)


def _tone(t: np.ndarray, root: float) -> np.ndarray:
    return 0.5 * np.sin(2 * np.pi * root * t)  # hard edges: where it starts is measurable


_STYLES: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    "pad": _pad,
    "beat": _beat,
    "arp": _arp,
    "tone": _tone,
}
