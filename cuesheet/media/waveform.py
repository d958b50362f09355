"""Waveform peaks: audio decoded by PyAV off the GUI thread, min/max per block, a zoom pyramid, a cache.

Level 0 holds the min and max of every ``BLOCK`` samples (mono: the extremes over all channels);
each further level merges ``FANOUT`` blocks, so any zoom draws from a level with about one block per
pixel. The job reports progress, hands out partial peaks while it runs, can be cancelled, and keeps
its result in a cache keyed by the file's size, modification time, a hash of three 64 KiB blocks and
the stream, so reopening a project draws the waveform at once.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from cuesheet.media.probe import MediaError

if TYPE_CHECKING:  # PyAV is imported when first used (its libraries take ~0.2 s to load)
    from av import AudioFrame, AudioStream
    from av.container import InputContainer

BLOCK = 256  # samples per level-0 peak (5.3 ms at 48 kHz)
FANOUT = 4
SCALE = 32767
CACHE_VERSION = 1
PARTIAL_FIRST_S = 0.25  # the first partial peaks, so the timeline draws something at once
PARTIAL_EVERY_S = 1.0


@dataclass
class Peaks:
    sample_rate: int
    levels: list[np.ndarray]  # int16 arrays of shape (n, 2): min, max per block (level k: BLOCK * 4**k)
    total_samples: int
    complete: bool = True
    warning: str | None = None
    stream_index: int = 0

    @property
    def seconds(self) -> float:
        return self.total_samples / self.sample_rate if self.sample_rate else 0.0

    def span(self, start_s: float, end_s: float, buckets: int) -> np.ndarray:
        """``buckets`` (min, max) pairs in -1…1 covering ``start_s``–``end_s`` (zeros past the end)."""
        out = np.zeros((buckets, 2), np.float32)
        if buckets <= 0 or end_s <= start_s or not self.levels or not len(self.levels[0]):
            return out
        samples_per_bucket = (end_s - start_s) * self.sample_rate / buckets
        level = 0
        while level + 1 < len(self.levels) and BLOCK * FANOUT ** (level + 1) <= samples_per_bucket:
            level += 1
        data = self.levels[level]
        block = BLOCK * FANOUT**level
        edges = np.linspace(start_s * self.sample_rate / block, end_s * self.sample_rate / block, buckets + 1)
        # A view far from the film (a cue at hour 900) puts edges beyond any integer: bound them first.
        edges = np.clip(np.nan_to_num(edges, posinf=len(data) + 1.0, neginf=-1.0), -1.0, len(data) + 1.0)
        first = np.floor(edges[:-1]).astype(np.int64)
        inside = (first >= 0) & (first < len(data))
        if not inside.any():
            return out
        starts = first[inside]
        # reduceat reduces from each start to the next one: add the end of the span as a last start.
        stop = min(len(data), int(np.ceil(edges[-1])))
        indices = np.append(starts, stop) if stop < len(data) else starts
        mins = np.minimum.reduceat(data[:, 0], indices)[: len(starts)]
        maxs = np.maximum.reduceat(data[:, 1], indices)[: len(starts)]
        out[inside, 0] = mins / SCALE
        out[inside, 1] = maxs / SCALE
        return out


def build_levels(base: np.ndarray) -> list[np.ndarray]:
    levels = [base]
    while len(levels[-1]) > 1024:
        previous = levels[-1]
        usable = len(previous) // FANOUT * FANOUT
        grouped = previous[:usable].reshape(-1, FANOUT, 2)
        merged = np.stack([grouped[:, :, 0].min(axis=1), grouped[:, :, 1].max(axis=1)], axis=1)
        if usable < len(previous):
            tail = previous[usable:]
            merged = np.vstack([merged, [[tail[:, 0].min(), tail[:, 1].max()]]])
        levels.append(merged.astype(np.int16))
    return levels


class _Accumulator:
    """Collects decoded audio and folds it into level-0 peaks in large chunks.

    Decoding is the floor; per-frame Python work is what would make the waveform slower than it.
    So a decoded frame costs one call (into FFmpeg's audio FIFO, a C copy), and the conversion and
    min/max run in numpy over ~1.4 s of audio at a time."""

    FOLD_AT = BLOCK * 256

    def __init__(self, sample_rate: int) -> None:
        import av

        self.sample_rate = sample_rate
        self.total = 0
        self._fifo = av.AudioFifo()
        self._blocks: list[np.ndarray] = []

    def add_frames(self, frames: Iterable[AudioFrame]) -> Iterator[None]:
        """Consume decoded frames; yields every 64 frames so the caller can report and cancel."""
        fifo, fold_at = self._fifo, self.FOLD_AT
        for count, frame in enumerate(frames, start=1):
            frame.pts = None  # the FIFO refuses timestamp gaps; peaks only need the samples
            fifo.write(frame)
            if fifo.samples >= fold_at:
                self._fold_read(fold_at)
            if count % 64 == 0:
                yield

    def _fold_read(self, samples: int = 0) -> None:
        """Fold ``samples`` from the FIFO (0: all it holds); a FIFO holding fewer gives nothing."""
        chunk = self._fifo.read(samples)
        if chunk is not None:
            self._fold(chunk)

    def _fold(self, chunk: AudioFrame) -> None:
        samples = _as_float(chunk)
        self.total += samples.shape[1]
        pad = (-samples.shape[1]) % BLOCK
        if pad:
            samples = np.pad(samples, ((0, 0), (0, pad)), mode="edge")
        shaped = samples.reshape(samples.shape[0], -1, BLOCK)
        pair = np.stack([shaped.min(axis=(0, 2)), shaped.max(axis=(0, 2))], axis=1)
        self._blocks.append((np.clip(pair, -1, 1) * SCALE).astype(np.int16))

    def peaks(self, final: bool, stream_index: int) -> Peaks:
        if final and self._fifo.samples:
            self._fold_read()
        base = np.concatenate(self._blocks) if self._blocks else np.zeros((0, 2), np.int16)
        levels = build_levels(base)
        total = self.total + (0 if final else self._fifo.samples)
        return Peaks(self.sample_rate, levels, total, complete=final, stream_index=stream_index)


def compute_peaks(
    path: Path,
    stream_index: int | None = None,
    progress: Callable[[float], None] | None = None,
    partial: Callable[[Peaks], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Peaks | None:
    """Decode one audio stream (the first by default) into peaks; None when cancelled."""
    import av

    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError) as error:
        raise MediaError(f"{path}: cannot be opened ({error})") from None
    with container:
        audio = _audio_stream(container, path, stream_index)
        audio.codec_context.thread_type = "AUTO"
        duration_s = _duration_s(container, audio)
        acc = _Accumulator(audio.codec_context.sample_rate or 48000)
        started = time.monotonic()
        next_partial = started + PARTIAL_FIRST_S
        try:
            for _ in acc.add_frames(container.decode(audio)):
                if time.monotonic() >= next_partial:
                    next_partial = time.monotonic() + PARTIAL_EVERY_S
                    if cancelled and cancelled():
                        return None
                    if progress and duration_s:
                        progress(min(1.0, acc.total / acc.sample_rate / duration_s))
                    if partial:
                        partial(acc.peaks(final=False, stream_index=audio.index))
        except av.error.FFmpegError as error:
            raise MediaError(f"{path}: audio cannot be decoded ({error})") from None
        peaks = acc.peaks(final=True, stream_index=audio.index)
        peaks.warning = _length_warning(container, peaks)
    if progress:
        progress(1.0)
    return peaks


def _audio_stream(container: InputContainer, path: Path, stream_index: int | None) -> AudioStream:
    streams = list(container.streams.audio)
    if not streams:
        raise MediaError(f"{path}: has no audio stream")
    if stream_index is None:
        return streams[0]
    for stream in streams:
        if stream.index == stream_index:
            return stream
    raise MediaError(f"{path}: has no audio stream #{stream_index}")


def _as_float(frame: AudioFrame) -> np.ndarray:
    data = frame.to_ndarray()
    fmt = frame.format.name
    if not frame.format.is_planar:
        data = data.reshape(-1, len(frame.layout.channels)).T
    if fmt.startswith("s16"):
        return data.astype(np.float32) / 32768.0
    if fmt.startswith("s32"):
        return data.astype(np.float32) / 2147483648.0
    if fmt.startswith("u8"):
        return (data.astype(np.float32) - 128.0) / 128.0
    return data.astype(np.float32, copy=False)


def _duration_s(container: InputContainer, audio: AudioStream) -> float:
    if audio.duration and audio.time_base:
        return float(audio.duration * audio.time_base)
    return container.duration / 1_000_000 if container.duration else 0.0


def _length_warning(container: InputContainer, peaks: Peaks) -> str | None:
    if not container.streams.video:
        return None
    video = container.streams.video[0]
    if not (video.duration and video.time_base):
        return None
    picture_s = float(video.duration * video.time_base)
    difference = peaks.seconds - picture_s
    if abs(difference) <= max(0.5, picture_s * 0.005):
        return None
    which = "longer" if difference > 0 else "shorter"
    lengths = f"{peaks.seconds:.1f} s vs {picture_s:.1f} s"
    return f"the sound is {abs(difference):.1f} s {which} than the picture ({lengths})"


# -- cache -------------------------------------------------------------------------------------


def cache_key(path: Path, stream_index: int) -> str:
    """Size, modification time and three sampled blocks: cheap, and a re-export is never mistaken."""
    stat = path.stat()
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{CACHE_VERSION}:{stat.st_size}:{stat.st_mtime_ns}:{stream_index}".encode())
    block = 64 * 1024
    with path.open("rb") as handle:
        for offset in (0, max(0, stat.st_size // 2 - block // 2), max(0, stat.st_size - block)):
            handle.seek(offset)
            digest.update(handle.read(block))
    return digest.hexdigest()


def save_cached(folder: Path, key: str, peaks: Peaks) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    meta = {
        "sample_rate": peaks.sample_rate,
        "total_samples": peaks.total_samples,
        "warning": peaks.warning,
        "stream_index": peaks.stream_index,
        "levels": len(peaks.levels),
    }
    buffer = io.BytesIO()
    arrays = {f"level{i}": level for i, level in enumerate(peaks.levels)}
    # numpy >= 2.2 stubs give savez a keyword ``allow_pickle: bool``, and mypy checks every value of
    # ``**arrays`` against it; the keys are level0, level1…, never that name (and numpy 1.26 has no
    # such parameter, so it cannot be passed to settle the question).
    np.savez(buffer, meta=np.frombuffer(json.dumps(meta).encode(), np.uint8), **arrays)  # type: ignore[arg-type]
    target = folder / f"{key}.npz"
    temporary = folder / f".{key}.{os.getpid()}.tmp"
    temporary.write_bytes(buffer.getvalue())
    os.replace(temporary, target)
    return target


def load_cached(folder: Path, key: str) -> Peaks | None:
    target = folder / f"{key}.npz"
    if not target.is_file():
        return None
    try:
        with np.load(target, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode())
            levels = [data[f"level{i}"] for i in range(int(meta["levels"]))]
    except (OSError, ValueError, KeyError):
        return None  # a damaged cache entry is recomputed, never trusted
    return Peaks(
        int(meta["sample_rate"]),
        levels,
        int(meta["total_samples"]),
        True,
        meta["warning"],
        int(meta["stream_index"]),
    )


def waveform(
    path: Path,
    cache_folder: Path,
    stream_index: int | None = None,
    progress: Callable[[float], None] | None = None,
    partial: Callable[[Peaks], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Peaks | None:
    """Peaks from the cache, or computed (and then cached). Call from a worker thread."""
    path = Path(path)
    key = cache_key(path, -1 if stream_index is None else stream_index)
    cached = load_cached(cache_folder, key)
    if cached is not None:
        return cached
    peaks = compute_peaks(path, stream_index, progress, partial, cancelled)
    if peaks is not None:
        save_cached(cache_folder, key, peaks)
    return peaks
