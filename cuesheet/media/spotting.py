"""Where known recordings play in a film's sound (issue #13): landmark candidates (media.landmarks),
each checked and bounded by comparing the film's band spectrum with the recording's, aligned at the
candidate's offset, frame by frame.

The check: both spectra have each band's slow average (``SLOW_S``) taken out, so what is compared is
how the sound moves, not its colour; the cosine of the two frames gives a similarity curve. The same
curve at ``NULL_OFFSETS`` wrong offsets is what chance gives: the recording plays where its own
alignment beats every wrong one in more than ``WIN_SHARE`` of the frames around (``SMOOTH_S``), for
at least ``MIN_LENGTH_S`` (by chance it wins one frame in nine).
That found 9 of 9 excerpts under dialogue with no false match where Chromaprint found 6
(../shared/guide/listening.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cuesheet.media.landmarks import (
    FRAMES_PER_SECOND,
    MIN_VOTES,
    SAMPLE_RATE,
    Analysis,
    Candidate,
    Index,
    candidates,
)

SLOW_S = 2.0
SMOOTH_S = 1.5
WIN_SHARE = 0.3  # chance is 1 in 9
KEEP_SHARE = 0.25  # a finding's share over its whole length, at the least (``_needed_share``)
CHANCE = 1 / 9  # how often the right alignment wins a frame by chance (one of NULL_OFFSETS + 1)
WIN_FRAMES = 20  # frames over which one frame's win says much the same as the next (~0.23 s)
SURE = 4.0  # a short finding's share stands this many spreads above chance
KEEP_LIKENESS = -0.08  # and how far, on average, its similarity stands above the best wrong alignment
BRIDGE_S = 3.0
MIN_LENGTH_S = 3.0
REACH_S = 30.0  # how far beyond its votes a candidate's stretch is looked for
SAME_SOUND = (
    0.5  # frame similarity of one sound on both sides (a re-edit): near 1 where it is, near 0 where not
)
# A film matched against its own re-edit: the same sound gives hundreds of votes a second, and
# dialogue and reused music give thousands of weak alignments that only cost time to check.
SAME_SOUND_VOTES = 20
NULL_OFFSETS = (-977, -613, -389, -241, 263, 419, 701, 1013)  # frames: wrong alignments, 3–12 s off


@dataclass(frozen=True, slots=True)
class Finding:
    recording: int  # its position in the library
    start: float  # film seconds
    end: float
    offset: float  # seconds into the recording at ``start``
    confidence: float  # 0–1


class Cancelled(Exception):
    """The one who asked stopped waiting (``cancelled`` said so)."""


def spot(
    film: Analysis,
    library: list[Analysis],
    min_length_s: float = MIN_LENGTH_S,
    cancelled: Callable[[], bool] | None = None,
    min_votes: int = MIN_VOTES,
) -> list[Finding]:
    """Where each recording of ``library`` plays in ``film``, longest evidence first resolved;
    ``cancelled`` is asked between candidates (raises Cancelled when it says so); ``min_votes``:
    what makes a candidate (``SAME_SOUND_VOTES`` when the film is matched against its own sound)."""
    index = Index(library)
    normalised: dict[int, np.ndarray] = {}  # a recording's, once; the film's only around a candidate
    found: list[tuple[float, Finding]] = []
    for candidate in candidates(*index.votes(film), min_votes=min_votes):
        if cancelled is not None and cancelled():
            raise Cancelled("stopped")
        number = candidate.recording
        if number not in normalised:
            normalised[number] = _normalised(library[number].bands)
        found += _check(film.bands, normalised[number], candidate, min_length_s)
    return _resolve(found)


def _normalised(bands: np.ndarray) -> np.ndarray:
    """Each band less its slow average, each frame scaled to unit length (float32)."""
    values = bands.astype(np.float32)
    if not len(values):
        return values
    width = max(1, int(SLOW_S * FRAMES_PER_SECOND))
    kernel = np.ones(width, np.float32) / width
    slow = np.apply_along_axis(lambda column: np.convolve(column, kernel, mode="same"), 0, values)
    moving = values - slow
    moving -= moving.mean(axis=1, keepdims=True)  # a hit that lifts every bin (a drum, a door) says little
    norms = np.linalg.norm(moving, axis=1, keepdims=True)
    return moving / np.maximum(norms, 1e-6)


def _similarity(film: np.ndarray, recording: np.ndarray, offset: int, first: int, last: int) -> np.ndarray:
    """The cosine of film frame t and recording frame t - offset, for t in [first, last); 0 where
    the recording has no frame."""
    out = np.zeros(max(0, last - first), np.float32)
    lo, hi = max(first, offset), min(last, offset + len(recording), len(film))
    if hi > lo:
        out[lo - first : hi - first] = np.einsum(
            "ij,ij->i", film[lo:hi], recording[lo - offset : hi - offset]
        )
    return out


def _check(
    film_bands: np.ndarray, recording: np.ndarray, candidate: Candidate, min_length_s: float
) -> list[tuple[float, Finding]]:
    reach = int(REACH_S * FRAMES_PER_SECOND)
    first = max(0, candidate.first - reach, candidate.offset)
    last = min(len(film_bands), candidate.last + reach, candidate.offset + len(recording))
    if last - first < min_length_s * FRAMES_PER_SECOND:
        return []
    # The film normalised around the candidate only (a two-hour film's is ~600 MB as float32).
    pad = int(SLOW_S * FRAMES_PER_SECOND)
    lo = max(0, first - pad)
    film = _normalised(film_bands[lo : min(len(film_bands), last + pad)])
    offset, begin, stop = candidate.offset - lo, first - lo, last - lo
    curve = _similarity(film, recording, offset, begin, stop)
    wrong = np.max(
        [_similarity(film, recording, offset + shift, begin, stop) for shift in NULL_OFFSETS], axis=0
    )
    # Where the recording plays, its own alignment beats every wrong one nearly always; elsewhere
    # one time in len(NULL_OFFSETS) + 1. The share of wins over SMOOTH_S, centred, crosses one
    # half where the recording starts and stops.
    width = max(1, int(SMOOTH_S * FRAMES_PER_SECOND))
    wins = np.convolve((curve > wrong).astype(np.float32), np.ones(width, np.float32) / width, mode="same")
    above = np.concatenate([[False], wins > WIN_SHARE, [False]])
    edges = np.flatnonzero(np.diff(above.astype(np.int8)))
    runs = _bridged(list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True)))
    found = []
    for start, end in runs:
        if end - start < min_length_s * FRAMES_PER_SECOND:
            continue
        share = float(wins[start:end].mean())
        likeness = float((curve - wrong)[start:end].mean())  # how far its alignment stands above
        if share < _needed_share(end - start) or likeness < KEEP_LIKENESS:  # chance, or a likeness
            continue
        at, until = first + int(start), first + int(end)
        finding = Finding(
            candidate.recording,
            at / FRAMES_PER_SECOND,
            until / FRAMES_PER_SECOND,
            (at - candidate.offset) / FRAMES_PER_SECOND,
            share,
        )
        found.append((share * (end - start), finding))
    return found


def _needed_share(frames: int) -> float:
    """The share a finding this long must reach: the fewer its frames, the more chance can lift
    its share (its spread shrinks with the square root of the independent frames in it). A 3 s
    finding needs ~0.46, a 10 s one the floor; so a few seconds of another recording that
    resembles one that plays do not pass for it."""
    spread = (CHANCE * (1 - CHANCE) * WIN_FRAMES / max(1, frames)) ** 0.5
    return max(KEEP_SHARE, CHANCE + SURE * spread)


def _bridged(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs closer than ``BRIDGE_S`` joined: a word said loud over the music is not its end."""
    joined: list[tuple[int, int]] = []
    gap = int(BRIDGE_S * FRAMES_PER_SECOND)
    for start, end in runs:
        if joined and start - joined[-1][1] <= gap:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _resolve(found: list[tuple[float, Finding]]) -> list[Finding]:
    """One finding per stretch of the film: the strongest evidence claims its stretch, and a weaker
    one that overlaps it by half its own length or more is dropped (a repeat at another offset,
    another recording that resembles it)."""
    kept: list[Finding] = []
    for _, finding in sorted(found, key=lambda item: -item[0]):
        length = finding.end - finding.start
        overlap = max((min(k.end, finding.end) - max(k.start, finding.start) for k in kept), default=0.0)
        if overlap < length / 2:
            kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.recording))


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


def tightened(
    film: Analysis, recording: Analysis, finding: Finding, level: float = SAME_SOUND
) -> Finding | None:
    """For the same sound on both sides (a film and its re-edit): the finding bounded by where the
    aligned spectra are alike frame by frame (``level``), to an analysis frame (~12 ms), not by the
    smoothed share that found it (half a second or more). The longest such stretch inside the
    finding is kept; None when it has none."""
    fps = FRAMES_PER_SECOND
    first, last = int(finding.start * fps), int(finding.end * fps)
    offset = first - round(finding.offset * fps)  # film frame - recording frame
    pad = int(SLOW_S * fps)
    lo, hi = max(0, first - pad), min(len(film.bands), last + pad)
    curve = _similarity(_normalised(film.bands[lo:hi]), _normalised(recording.bands), offset - lo, 0, hi - lo)
    alike = np.convolve((curve > level).astype(np.float32), np.ones(5, np.float32), mode="same") >= 3
    inside = np.concatenate([[False], alike[first - lo : last - lo], [False]])
    edges = np.flatnonzero(np.diff(inside.astype(np.int8)))
    if not len(edges):
        return None
    runs = list(zip(edges[::2], edges[1::2], strict=True))
    start, end = max(runs, key=lambda run: run[1] - run[0])
    at, until = first + int(start), first + int(end)
    # Grown outwards too: the smoothed share may have stopped short of where the sound stops.
    while at - 1 - lo >= 0 and alike[at - 1 - lo]:
        at -= 1
    while until - lo < len(alike) and alike[until - lo]:
        until += 1
    return Finding(finding.recording, at / fps, until / fps, (at - offset) / fps, finding.confidence)
