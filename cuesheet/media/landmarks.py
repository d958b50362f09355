"""Spectral-peak landmarks of a sound, and the candidates they vote for (issue #13).

A sound (mono, ``SAMPLE_RATE``) is cut into STFT frames (1024 samples, hop 256: ~86 a second), in
chunks so that a two-hour film never holds its whole spectrogram. From each chunk come:
- **peaks**: bins that are the loudest in their neighbourhood (±``PEAK_BINS`` bins, ±``PEAK_FRAMES``
  frames), the strongest ``PEAKS_PER_SECOND`` of each second kept;
- **bands**: a compact log spectrum (``BANDS`` log-spaced bands a frame, float16) that the check
  of a candidate compares frame by frame (media.spotting).

Peaks are paired into landmarks, hashed as (f1, f2 - f1, dt): robust to level, EQ and what plays over
them. A recording's landmarks go into an ``Index``; the film's landmarks look themselves up there,
and every match votes for (recording, offset = film frame - recording frame). Offsets that gather
``MIN_VOTES`` votes within ``WINDOW_S`` of the film are candidates. See ../shared/guide/listening.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 22050
FFT, HOP = 1024, 256
FRAMES_PER_SECOND = SAMPLE_RATE / HOP  # ~86.1
LOW_BIN, HIGH_BIN = 4, 256  # ~86 Hz to ~5.5 kHz: where music's partials stand out of speech
PEAK_BINS, PEAK_FRAMES = 4, 4
PEAKS_PER_SECOND = 80
FAN_OUT, DT_MAX, DF_MAX = 12, 63, 63  # each peak pairs with up to 12 later ones within 0.73 s, ±63 bins
WINDOW_S, MIN_VOTES = 10.0, 5
PIECE_S = 60.0  # votes are gathered this much of the film at a time (``Index.candidates``)
GAP_S = 60.0  # with ``apart``: an alignment's votes this far apart make two candidates
OFFSET_SLACK = 2  # frames of offset that count as one alignment
BANDS = 252
QUANT_F, QUANT_T = 1, 1  # hash resolution in bins and frames
CHUNK_FRAMES = 2048  # ~24 s a chunk
COMMON_HASH = 300  # a hash found this often in the library says nothing (silence, a drone)

Alignment = tuple[int, "Candidate", np.ndarray]  # its offset key, the candidate, votes per nearby offset
Votes = tuple[np.ndarray, np.ndarray, np.ndarray]  # recording, offset (film - recording frame), film frame
_WINDOW = np.hanning(FFT).astype(np.float32)
_EDGES = np.unique(np.geomspace(LOW_BIN, HIGH_BIN, BANDS + 1).astype(int))
COLUMNS = len(_EDGES) - 1  # the bands a frame has: the low ones' edges fall on the same bins


@dataclass(slots=True)
class Analysis:
    """A sound's landmarks (hash, anchor frame) and its band spectrum, frame by frame. A library's
    recordings keep their spectrum on disk (``reload``) and hold none: 200 three-minute recordings'
    are 1.6 GB, and the search needs one recording's at a time."""

    hashes: np.ndarray  # uint32
    times: np.ndarray  # int32, the anchor's frame
    bands: np.ndarray  # float16, frames × bands (no rows when ``reload`` reads them)
    frames: int
    reload: Callable[[], np.ndarray] | None = None

    @property
    def seconds(self) -> float:
        return self.frames / FRAMES_PER_SECOND

    def spectrum(self) -> np.ndarray:
        """The bands, read again where they are kept when this analysis holds none."""
        return self.bands if self.reload is None else self.reload()

    def without_bands(self, reload: Callable[[], np.ndarray]) -> Analysis:
        return Analysis(self.hashes, self.times, np.empty((0, COLUMNS), np.float16), self.frames, reload)


def analyse(samples: np.ndarray) -> Analysis:
    """The landmarks and bands of mono float samples at ``SAMPLE_RATE``."""
    hashes, times, bands = [], [], []
    carried = np.empty((0, 3), np.int32)  # the last chunk's peaks, to pair across the seam
    total = 0
    for first, magnitude in _chunks(samples):
        total = first + len(magnitude)
        log = np.log1p(magnitude[:, LOW_BIN:HIGH_BIN] * 100.0)
        bands.append(_bands(log).astype(np.float16))
        found = _peaks(log, first)
        h, t, target = _pairs(np.concatenate([carried, found]) if len(carried) else found)
        new = target >= first  # a pair of two carried peaks was made with the chunk before
        hashes.append(h[new])
        times.append(t[new])
        carried = found[found[:, 0] >= total - DT_MAX] if len(found) else carried[:0]
    if not bands:
        return Analysis(np.empty(0, np.uint32), np.empty(0, np.int32), np.empty((0, COLUMNS), np.float16), 0)
    all_hashes, all_times = np.concatenate(hashes), np.concatenate(times)
    unique = np.unique(np.stack([all_hashes.astype(np.int64), all_times.astype(np.int64)]), axis=1)
    return Analysis(unique[0].astype(np.uint32), unique[1].astype(np.int32), np.concatenate(bands), total)


def _chunks(samples: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """(first frame, magnitudes frames × bins) of the STFT, ``CHUNK_FRAMES`` frames at a time."""
    samples = np.asarray(samples, np.float32)
    frames = max(0, 1 + (len(samples) - FFT) // HOP)
    for first in range(0, frames, CHUNK_FRAMES):
        count = min(CHUNK_FRAMES, frames - first)
        start = first * HOP
        piece = samples[start : start + (count - 1) * HOP + FFT]
        windows = np.lib.stride_tricks.sliding_window_view(piece, FFT)[::HOP][:count]
        yield first, np.abs(np.fft.rfft(windows * _WINDOW, axis=1)).astype(np.float32)


def _bands(log: np.ndarray) -> np.ndarray:
    edges = _EDGES - LOW_BIN
    sums = np.add.reduceat(log, edges[:-1], axis=1)
    return sums / np.diff(edges)


def _peaks(log: np.ndarray, first: int) -> np.ndarray:
    """(frame, bin, strength×100) of the local maxima of ``log``, the strongest per second kept."""
    local = _sliding_max(_sliding_max(log, PEAK_BINS, axis=1), PEAK_FRAMES, axis=0)
    floor = log.mean()
    frame, band = np.nonzero((log == local) & (log > floor))
    if not len(frame):
        return np.empty((0, 3), np.int32)
    strength = log[frame, band]
    second = (frame / FRAMES_PER_SECOND).astype(np.int64)
    order = np.lexsort((-strength, second))
    rank = np.arange(len(order)) - np.searchsorted(second[order], second[order])
    kept = order[rank < PEAKS_PER_SECOND]
    kept = kept[np.argsort(frame[kept], kind="stable")]
    return np.stack(
        [frame[kept] + first, band[kept], (strength[kept] * 100).astype(np.int64)], axis=1
    ).astype(np.int32)


def _sliding_max(values: np.ndarray, reach: int, axis: int) -> np.ndarray:
    """The maximum within ±``reach`` along ``axis`` (edges padded with -inf)."""
    pad = [(0, 0), (0, 0)]
    pad[axis] = (reach, reach)
    padded = np.pad(values, pad, constant_values=-np.inf)
    out = values.copy()
    length = values.shape[axis]
    for shift in range(2 * reach + 1):
        part = padded[shift : shift + length] if axis == 0 else padded[:, shift : shift + length]
        np.maximum(out, part, out=out)
    return out


def _pairs(peaks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hashes, anchor frames and target frames of each peak paired with the next ``FAN_OUT`` peaks
    in range."""
    if len(peaks) < 2:
        return np.empty(0, np.uint32), np.empty(0, np.int32), np.empty(0, np.int32)
    hashes, times, targets = [], [], []
    for step in range(1, FAN_OUT + 1):
        a, b = peaks[:-step], peaks[step:]
        dt = b[:, 0] - a[:, 0]
        df = b[:, 1] - a[:, 1]
        ok = (dt > 0) & (dt <= DT_MAX) & (np.abs(df) <= DF_MAX)
        h = (
            (a[ok, 1].astype(np.uint32) << 14)
            | ((df[ok] + DF_MAX).astype(np.uint32) << 6)
            | dt[ok].astype(np.uint32)
        )
        hashes.append(h)
        times.append(a[ok, 0])
        targets.append(b[ok, 0])
    return np.concatenate(hashes), np.concatenate(times).astype(np.int32), np.concatenate(targets)


class Index:
    """The landmarks of a library of recordings, sorted by hash for lookup: one 64-bit word each,
    hash, recording and frame packed (``_HASH_SHIFT``), sorted in place (200 three-minute recordings
    are ~25 million landmarks: 200 MB so, where three arrays and an argsort took 700 MB)."""

    def __init__(self, analyses: Iterable[Analysis]) -> None:
        listed = list(analyses)
        if len(listed) > 1 << (_HASH_SHIFT - _TIME_BITS):
            raise ValueError(f"{len(listed)} recordings: more than an index holds")
        self.packed = np.empty(sum(len(a.hashes) for a in listed), np.uint64)
        at = 0
        for number, analysis in enumerate(listed):
            if len(analysis.times) and int(analysis.times.max()) >= 1 << _TIME_BITS:
                raise ValueError("a recording longer than an index holds")
            word = analysis.hashes.astype(np.uint64) << np.uint64(_HASH_SHIFT)
            word |= np.uint64(number << _TIME_BITS) | analysis.times.astype(np.uint64)
            self.packed[at : at + len(word)] = word
            at += len(word)
        self.packed.sort()

    def votes(self, film: Analysis, most: int | None = None, near: bool = True) -> Votes:
        """Every match of the film's landmarks: (recording, offset in frames, film frame). ``near``:
        a landmark also matches those one frame longer or shorter (a room's reverb and a mix move
        a peak by a frame: a 12 s excerpt at -6 dB in a room had 3 exact matches; bench-listen found
        57 of 59 excerpts with these, 53 without). ``most``: at most about that many, the matches of
        the commonest hashes left out first (a film matched against its two-hour re-edit makes ~40
        million, mostly of hashes found many times; the rare ones carry the evidence)."""
        left, counts, film_times = self._matches(film.hashes, film.times, near)
        useful = (counts > 0) & (counts <= _cap(counts, most))
        return self._votes(left[useful], counts[useful], film_times[useful])

    def _matches(self, hashes: np.ndarray, times: np.ndarray, near: bool) -> tuple[np.ndarray, ...]:
        """Where each landmark's matches start in the index, how many there are, and its frame."""
        hashes = hashes.astype(np.uint64)
        if near:  # dt is the hash's low bits: one more or less is the neighbour (dt 0 never occurs,
            # so a hash less one never wraps into another; hashes stay under 2^22)
            hashes = np.concatenate([hashes, hashes - np.uint64(1), hashes + np.uint64(1)])
            times = np.tile(times, 3)
        shift = np.uint64(_HASH_SHIFT)
        left = np.searchsorted(self.packed, hashes << shift, "left")
        right = np.searchsorted(self.packed, (hashes + np.uint64(1)) << shift, "left")
        return left, right - left, times

    def _votes(self, left: np.ndarray, counts: np.ndarray, film_times: np.ndarray) -> Votes:
        if not len(counts):
            empty = np.empty(0, np.int64)
            return empty, empty, empty
        starts = np.repeat(left - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
        words = self.packed[starts + np.arange(counts.sum())]
        recording = ((words >> np.uint64(_TIME_BITS)) & np.uint64(_RECORDINGS_MASK)).astype(np.int64)
        at = np.repeat(film_times, counts).astype(np.int64)
        return recording, at - (words & np.uint64(_TIME_MASK)).astype(np.int64), at

    def candidates(
        self, film: Analysis, min_votes: int = MIN_VOTES, most: int | None = None, near: bool = True,
        apart: bool = False, between: Callable[[], None] | None = None,
    ) -> list[Candidate]:  # fmt: skip
        """``candidates`` of the film's votes (``votes``' ``most`` and ``near``), gathered a
        ``PIECE_S`` of the film at a time (a two-hour film against 200 recordings makes ~100
        million votes, gigabytes at once), each piece's votes counted with the ``WINDOW_S`` either
        side of it as context (so a window is as dense as in the whole film). An alignment found in
        several pieces is one candidate again (``_joined``). ``between`` is called before each
        piece (it may raise to stop the search)."""
        cap = COMMON_HASH if most is None else _cap(self._matches(film.hashes, film.times, near)[1], most)
        order = np.argsort(film.times, kind="stable")
        times, hashes = film.times[order], film.hashes[order]
        piece, window = int(PIECE_S * FRAMES_PER_SECOND), int(WINDOW_S * FRAMES_PER_SECOND)
        found: list[Alignment] = []
        for start in np.unique(times.astype(np.int64) // piece).tolist():  # the pieces that have landmarks
            start *= piece
            if between is not None:
                between()
            lo, hi = np.searchsorted(times, [start - window, start + piece + window])
            left, counts, at = self._matches(hashes[lo:hi], times[lo:hi], near)
            useful = (counts > 0) & (counts <= cap)
            votes = self._votes(left[useful], counts[useful], at[useful])
            found += _alignments(*votes, min_votes, apart, (start, start + piece))
        return _joined(found, apart)


_TIME_BITS, _HASH_SHIFT = 26, 42  # a word: hash (22 bits) | recording (16) | frame (26: 216 hours)
HASH_BITS, MOST_FRAMES = 64 - _HASH_SHIFT, 1 << _TIME_BITS  # what an index holds
_TIME_MASK, _RECORDINGS_MASK = (1 << _TIME_BITS) - 1, (1 << (_HASH_SHIFT - _TIME_BITS)) - 1


def _cap(counts: np.ndarray, most: int | None) -> int:
    """The highest count of matches a hash may have (``COMMON_HASH`` at most) so that the matches
    of all hashes up to it come to no more than ``most`` (at least the unique hashes' matches)."""
    if most is None:
        return COMMON_HASH
    used = counts[(counts > 0) & (counts <= COMMON_HASH)]
    total = np.cumsum(np.bincount(used, weights=used, minlength=COMMON_HASH + 1))
    fits = np.flatnonzero(total <= most)
    return max(1, int(fits[-1])) if len(fits) else 1


@dataclass(frozen=True, slots=True)
class Candidate:
    recording: int
    offset: int  # film frame - recording frame
    first: int  # film frames where its votes fell
    last: int
    votes: int


def candidates(
    recording: np.ndarray, offset: np.ndarray, at: np.ndarray, min_votes: int = MIN_VOTES, apart: bool = False
) -> list[Candidate]:
    """Alignments that gather ``min_votes`` votes within any ``WINDOW_S`` of the film; with
    ``apart``, an alignment's votes more than ``GAP_S`` apart are candidates of their own.

    One alignment's votes spread over a few frames of offset (a reverb smears the peaks' timing,
    and an offset falls between analysis frames): each vote counts for its offset and those within
    ``OFFSET_SLACK`` frames of it, and of neighbouring alignments that share votes only the one with
    most is kept. The window slides: fixed windows and fixed offset bins split a short excerpt's
    dozen votes into groups under the threshold, and it went unchecked (bench-listen: 5 of 24
    excerpts). Offsets are never chained into one group: in a film matched against itself (conform
    by sound) every offset has votes, and chaining merged them all."""
    return _strongest([c for _, c, _ in _alignments(recording, offset, at, min_votes, apart)])


def _alignments(
    recording: np.ndarray, offset: np.ndarray, at: np.ndarray, min_votes: int, apart: bool,
    counted: tuple[int, int] | None = None,
) -> list[Alignment]:  # fmt: skip
    """``candidates`` before the strongest are chosen, each with its alignment (the offset its votes
    were gathered at) and how many of its votes lie at each offset near it; ``counted``: only the
    votes of those film frames make candidates, the others only tell how dense the windows around
    them are."""
    if not len(at):
        return []
    spread = np.arange(-OFFSET_SLACK, OFFSET_SLACK + 1)
    source = np.repeat(np.arange(len(at)), len(spread))  # each vote, once per offset it counts for
    rec = np.asarray(recording, np.int64)[source]
    off = (np.asarray(offset, np.int64)[:, None] + spread).ravel()
    when = np.asarray(at, np.int64)[source]
    order = np.lexsort((when, off, rec))  # each alignment's votes side by side, in film order
    rec, off, when, source = rec[order], off[order], when[order], source[order]
    group = np.cumsum(np.concatenate([[0], (np.diff(rec) != 0) | (np.diff(off) != 0)]))
    key = group * (1 << 40) + when  # film frames stay far below 2^40
    window = int(WINDOW_S * FRAMES_PER_SECOND)
    ends = np.searchsorted(key, key + window, "left")  # each vote's window: votes i … end - 1
    dense = np.flatnonzero(ends - np.arange(len(key)) >= min_votes)
    if not len(dense):
        return []
    marks = np.zeros(len(key) + 1, np.int64)
    np.add.at(marks, dense, 1)
    np.add.at(marks, ends[dense], -1)
    kept = np.flatnonzero(np.cumsum(marks[:-1]) > 0)  # votes inside some window dense enough
    if counted is not None:
        kept = kept[(when[kept] >= counted[0]) & (when[kept] < counted[1])]
        if not len(kept):
            return []
    # ``apart``: in a film matched against itself, music heard twice aligns at one offset in
    # scattered places, and one candidate spanning them was checked over the whole film. Not when
    # spotting: music that plays on under a minute of loud dialogue is one finding, not two.
    cut = np.diff(group[kept]) != 0
    if apart:
        cut |= np.diff(when[kept]) > int(GAP_S * FRAMES_PER_SECOND)
    bounds = np.flatnonzero(cut) + 1
    found = []
    for m in np.split(kept, bounds):
        alignment, offsets = int(off[m[0]]), np.asarray(offset)[source[m]]
        near = np.bincount(offsets - alignment + 2 * OFFSET_SLACK, minlength=4 * OFFSET_SLACK + 1)
        candidate = Candidate(int(rec[m[0]]), round(float(np.median(offsets))), int(when[m].min()),
                              int(when[m].max()), len(m))  # fmt: skip
        found.append((alignment, candidate, near))
    return found


def _strongest(found: list[Candidate]) -> list[Candidate]:
    """Of alignments of one recording within twice ``OFFSET_SLACK`` frames whose stretches of the
    film overlap (the same votes counted for neighbouring offsets), the one with most votes."""
    kept: dict[tuple[int, int], list[Candidate]] = {}
    chosen = []
    near = range(-2 * OFFSET_SLACK, 2 * OFFSET_SLACK + 1)
    for candidate in sorted(found, key=lambda c: -c.votes):
        rivals = (r for d in near for r in kept.get((candidate.recording, candidate.offset + d), ()))
        if any(r.first <= candidate.last and candidate.first <= r.last for r in rivals):
            continue
        kept.setdefault((candidate.recording, candidate.offset), []).append(candidate)
        chosen.append(candidate)
    return chosen


def _joined(found: list[Alignment], apart: bool) -> list[Candidate]:
    """Candidates of one alignment found in neighbouring pieces of the film as one, as
    ``candidates`` over the whole film makes it: spanning both, their votes added, the offset the
    median of all their votes; with ``apart``, only those less than ``GAP_S`` apart. Then the
    strongest, ties decided in the same order."""
    gap = int(GAP_S * FRAMES_PER_SECOND) if apart else None
    joined: list[Alignment] = []
    latest: dict[tuple[int, int], int] = {}  # (recording, alignment): its latest joined candidate
    for alignment, c, near in sorted(found, key=lambda f: (f[1].recording, f[0], f[1].first)):
        at = latest.get((c.recording, alignment))
        if at is None or (gap is not None and c.first - joined[at][1].last > gap):
            latest[c.recording, alignment] = len(joined)
            joined.append((alignment, c, near))
            continue
        j, counts = joined[at][1], joined[at][2] + near
        offset = _median(alignment - 2 * OFFSET_SLACK, counts)
        joined[at] = (
            alignment,
            Candidate(c.recording, offset, j.first, max(j.last, c.last), j.votes + c.votes),
            counts,
        )
    return _strongest([c for _, c, _ in joined])


def _median(first: int, counts: np.ndarray) -> int:
    """The median of values ``first``, ``first`` + 1, … counted ``counts`` times, rounded as
    ``round(np.median(values))`` rounds it."""
    total, running = int(counts.sum()), np.cumsum(counts)
    low = int(np.searchsorted(running, (total - 1) // 2, side="right"))
    high = int(np.searchsorted(running, total // 2, side="right"))
    return round(((first + low) + (first + high)) / 2)
