"""A sound file's samples as listening reads them (issue #13): one audio stream, mono, at the
landmarks' ``SAMPLE_RATE``, decoded with PyAV."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cuesheet.media.landmarks import SAMPLE_RATE


def read_sound(path: Path, stream_index: int | None = None, max_seconds: float = 4 * 3600) -> np.ndarray:
    """One audio stream of ``path`` (the first by default), mixed to mono at ``SAMPLE_RATE``, as
    float32; at most ``max_seconds`` (a longer file is read that far)."""
    import av

    from cuesheet.media.probe import MediaError

    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError) as error:
        raise MediaError(f"{path}: cannot be opened ({error})") from None
    with container:
        chosen = [s for s in container.streams.audio if stream_index is None or s.index == stream_index]
        if not chosen:
            raise MediaError(
                f"{path}: has no audio stream{'' if stream_index is None else f' {stream_index}'}"
            )
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        limit = int(max_seconds * SAMPLE_RATE)
        stream = chosen[0]
        expected = float(stream.duration * stream.time_base) if stream.duration and stream.time_base else 0.0
        # Filled in place, not gathered and joined: a two-hour film is 635 MB once, not twice.
        samples = np.empty(min(limit, int(expected * SAMPLE_RATE) + SAMPLE_RATE), np.float32)
        total = 0
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    piece = out.to_ndarray().reshape(-1)[: limit - total]
                    if total + len(piece) > len(samples):
                        samples = np.resize(samples, min(limit, max(total + len(piece), 2 * len(samples))))
                    samples[total : total + len(piece)] = piece
                    total += len(piece)
                if total >= limit:
                    break
        except av.error.FFmpegError as error:
            raise MediaError(f"{path}: cannot be decoded ({error})") from None
    return samples[:total]
