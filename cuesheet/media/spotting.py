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

import time
from collections.abc import Callable

import numpy as np

from cuesheet.media.finding_edges import edges_of_wins, extended
from cuesheet.media.found import BRIDGE_S, Finding, frame_at, resolve
from cuesheet.media.landmarks import (
    FRAMES_PER_SECOND,
    MIN_VOTES,
    Analysis,
    Candidate,
    Index,
)

SLOW_S = 2.0
SMOOTH_S = 1.5
WIN_SHARE = 0.3  # chance is 1 in 9
KEEP_SHARE = 0.25  # a finding's share over its whole length, at the least (``_needed_share``)
WIN_FRAMES = 20  # frames over which one frame's win says much the same as the next (~0.23 s)
SURE = 4.0  # a short finding's share stands this many spreads above chance
KEEP_LIKENESS = -0.08  # and how far, on average, its similarity stands above the best wrong alignment
CLEAR = 6.0  # unless its share stands this many spreads above chance (``_passing``)
MIN_LENGTH_S = 3.0
REACH_S = 30.0  # how far beyond its votes a candidate's stretch is looked for
SAME_SOUND = (
    0.5  # frame similarity of one sound on both sides (a re-edit): near 1 where it is, near 0 where not
)
# A film matched against its own re-edit: the same sound gives hundreds of votes a second, and
# dialogue and reused music give thousands of weak alignments that only cost time to check.
SAME_SOUND_VOTES = 20
# And the votes counted, at most, the rarest hashes' first: a two-hour re-edit makes ~40 million,
# and a million still gives each second of it over a hundred (at ten minutes none is left out).
SAME_SOUND_MOST_VOTES = 1_000_000
HEARD_EVERY_S = 0.25  # ``heard`` is told the findings so far at most this often
NULL_OFFSETS = (-977, -613, -389, -241, 263, 419, 701, 1013)  # frames: wrong alignments, 3–12 s off
CHANCE = 1 / (len(NULL_OFFSETS) + 1)  # how often the right alignment wins a frame by chance: 1 in 9


class Cancelled(Exception):
    """The one who asked stopped waiting (``cancelled`` said so)."""


def spot(
    film: Analysis,
    library: list[Analysis],
    min_length_s: float = MIN_LENGTH_S,
    cancelled: Callable[[], bool] | None = None,
    min_votes: int = MIN_VOTES,
    one_source: bool = False,
    heard: Callable[[list[Finding]], None] | None = None,
    progress: Callable[[float], None] | None = None,
    refine_edges: bool = True,
) -> list[Finding]:
    """Where each recording of ``library`` plays in ``film``, longest evidence first resolved;
    ``cancelled`` is asked between candidates (raises Cancelled when it says so); ``min_votes``:
    what makes a candidate (``SAME_SOUND_VOTES`` when the film is matched against its own sound).
    ``one_source``: each stretch of the film plays one place of the library (a re-edit of a film
    against the film): the votes of the rarest hashes only (``SAME_SOUND_MOST_VOTES``), an
    alignment's far-apart votes as candidates of their own (``candidates``' ``apart``), and a
    candidate whose votes all fall inside a stretch already found, at more votes, is not checked
    (a ten-minute re-edit: 535 candidates, all but a few dozen such). ``heard`` is told the
    findings so far, resolved as the result is, when the search makes one, at most every
    ``HEARD_EVERY_S`` (a later, stronger one may still displace one; the result is the last
    word); ``progress`` the share of candidates checked; ``refine_edges``: each finding's edges
    moved to the change point of its wins, then out while the film carries the recording
    (``finding_edges``; a re-edit's are tightened by correlation instead)."""

    def stop_if_asked() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("stopped")

    index = Index(library)
    normalised = _Normalised()
    found: list[tuple[float, Finding]] = []
    claimed: list[tuple[int, int]] = []  # film frames found, with ``one_source``
    told = -HEARD_EVERY_S  # when ``heard`` was last told: the first finding is told at once
    # A re-edit's sound is the film's own, peak for peak: only exact landmarks.
    most = SAME_SOUND_MOST_VOTES if one_source else None
    listed = index.candidates(
        film, min_votes, most, near=not one_source, apart=one_source, between=stop_if_asked
    )
    del index  # the library's landmarks are done with (200 recordings': 200 MB)
    in_parts = not one_source  # a re-edit's runs are judged whole (``_passing``)
    if not one_source:  # each recording's candidates together: its spectrum is read once
        listed.sort(key=lambda c: c.recording)
    held: tuple[int, np.ndarray] = (-1, film.bands)
    for done, candidate in enumerate(listed):
        stop_if_asked()
        if progress is not None:
            progress(done / len(listed))
        if one_source and any(a <= candidate.first and candidate.last < b for a, b in claimed):
            continue
        if held[0] != candidate.recording:
            held = (candidate.recording, library[candidate.recording].spectrum())
        checked = _check(film.bands, held[1], candidate, min_length_s, normalised, refine_edges, in_parts)
        found += checked
        if heard is not None and checked and time.monotonic() >= told + HEARD_EVERY_S:
            heard(resolve(found, one_source))  # quadratic in the findings: not after each one
            told = time.monotonic()
        if one_source:
            claimed += [(frame_at(f.start), frame_at(f.end)) for _, f in checked]
    return resolve(found, one_source)


class _Normalised:
    """Sounds (the film, recordings) normalised whole, the most recently used kept up to ``BUDGET``
    bytes (200 recordings' would be gigabytes); one longer than ``LONG_FRAMES`` (a feature film, or
    a film as the recording its re-edit is matched against) is normalised around each candidate
    only (a two-hour film's is ~350 MB)."""

    BUDGET = 256 << 20
    LONG_FRAMES = int(15 * 60 * FRAMES_PER_SECOND)

    def __init__(self) -> None:
        self._kept: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # by id of the bands, in order of use

    def rows(self, bands: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, int]:
        """Normalised rows of ``bands`` covering [lo, hi) where it has them, and the frame of
        the recording that the first row returned is."""
        if len(bands) > self.LONG_FRAMES:
            lo, hi = max(0, lo), min(len(bands), hi)
            return normalised_rows(bands, lo, max(lo, hi)), lo
        kept = self._kept.pop(id(bands), None)
        if kept is None:
            kept = (bands, normalised(bands))  # the bands kept too, so that their id stays theirs
            while self._kept and self._bytes() + kept[1].nbytes > self.BUDGET:
                del self._kept[next(iter(self._kept))]
        self._kept[id(bands)] = kept
        return kept[1], 0

    def _bytes(self) -> int:
        return sum(b.nbytes + w.nbytes for b, w in self._kept.values())


def normalised(bands: np.ndarray) -> np.ndarray:
    """Each band less its slow average (``SLOW_S``, centred, zeros beyond the ends), each frame
    less its mean and scaled to unit length (float32). Digital silence holds no sound: its frames
    stay zero and are not in the average (music cut to silence was otherwise compared, for its last
    second, against an average half made of the silence after it, and found ending 0.9 s early)."""
    values = bands.astype(np.float32)
    if not len(values):
        return values
    silent = np.logical_not(values.any(axis=1))
    moving = values - _slow(values, silent if silent.any() else None)
    moving[silent] = 0
    moving -= moving.mean(axis=1, keepdims=True)  # a hit that lifts every bin (a drum, a door) says little
    norms = np.sqrt(np.einsum("ij,ij->i", moving, moving))[:, None]
    return moving / np.maximum(norms, 1e-6)


def normalised_rows(bands: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """``normalised(bands)[lo:hi]``, computed from those rows and the slow average's reach only."""
    pad = int(SLOW_S * FRAMES_PER_SECOND)
    first = max(0, lo - pad)
    return normalised(bands[first : min(len(bands), hi + pad)])[lo - first : hi - first]


def _slow(values: np.ndarray, silent: np.ndarray | None = None) -> np.ndarray:
    """Each column's moving average over ``SLOW_S`` as ``np.convolve(column, ones(w) / w, "same")``
    gives it (the window [i + h - w + 1, i + h], h = (w - 1) // 2, zeros beyond the ends), from a
    running sum: one pass over the frames, not a convolution per band (2× faster). In float64, so
    that digital silence averages to exactly 0 (a sum that does not move subtracts to nothing)
    and a long recording's sums keep their last digits. ``silent``: frames left out of the count."""
    width = max(1, int(SLOW_S * FRAMES_PER_SECOND))
    count, bands = values.shape
    half = (width - 1) // 2
    sums = np.zeros((count + width, bands), np.float64)
    sums[width - half : width - half + count] = values
    np.cumsum(sums, axis=0, out=sums)
    counted: np.ndarray | float = width
    if silent is not None:
        left_out = np.zeros(count + width, np.float64)
        left_out[width - half : width - half + count] = silent
        np.cumsum(left_out, out=left_out)
        counted = np.maximum(width - (left_out[width:] - left_out[:-width]), 1)[:, None]
    return ((sums[width:] - sums[:-width]) / counted).astype(np.float32)


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
    film_bands: np.ndarray,
    recording_bands: np.ndarray,
    candidate: Candidate,
    min_length_s: float,
    normalised: _Normalised,
    refine_edges: bool = True,
    in_parts: bool = True,
) -> list[tuple[float, Finding]]:
    reach = int(REACH_S * FRAMES_PER_SECOND)
    first = max(0, candidate.first - reach, candidate.offset)
    last = min(len(film_bands), candidate.last + reach, candidate.offset + len(recording_bands))
    if last - first < min_length_s * FRAMES_PER_SECOND:
        return []
    # The film and the recording normalised as ``normalised`` keeps them: whole when short (a
    # ten-minute film's ~1,000 library candidates each normalised its stretch again: most of the search),
    # else around the candidate only (a two-hour film's is ~350 MB as float32); the recording where
    # this alignment and the wrong ones meet it.
    film, at = normalised.rows(film_bands, first, last)
    lo, hi = first - candidate.offset, last - candidate.offset  # the recording's frames at the offset
    recording, origin = normalised.rows(recording_bands, lo - max(NULL_OFFSETS), hi - min(NULL_OFFSETS))
    offset, begin, stop = candidate.offset + origin - at, first - at, last - at
    curve = _similarity(film, recording, offset, begin, stop)
    wrong = np.max(
        [_similarity(film, recording, offset + shift, begin, stop) for shift in NULL_OFFSETS], axis=0
    )
    # Where the recording plays, its own alignment beats every wrong one nearly always; elsewhere
    # one time in len(NULL_OFFSETS) + 1. The share of wins over SMOOTH_S, centred, crosses one
    # half where the recording starts and stops.
    width = max(1, int(SMOOTH_S * FRAMES_PER_SECOND))
    won = curve > wrong
    wins = np.convolve(won.astype(np.float32), np.ones(width, np.float32) / width, mode="same")
    above = np.concatenate([[False], wins > WIN_SHARE, [False]])
    edges = np.flatnonzero(np.diff(above.astype(np.int8)))
    runs = list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))
    found = []
    shortest = int(min_length_s * FRAMES_PER_SECOND)
    for start, end, share in _passing(runs, wins, curve - wrong, shortest, in_parts):
        if refine_edges:
            start, end = edges_of_wins(won, start, end, CHANCE)
        evidence = share * (end - start)  # what the wins say: an extension adds no evidence
        at, until = first + int(start), first + int(end)
        if refine_edges:
            at, until = extended(film_bands, recording_bands, candidate.offset, at, until)
        finding = Finding(
            candidate.recording,
            at / FRAMES_PER_SECOND,
            until / FRAMES_PER_SECOND,
            (at - candidate.offset) / FRAMES_PER_SECOND,
            share,
        )
        found.append((evidence, finding))
    return found


def _needed_share(frames: int) -> float:
    """The share a finding this long must reach: the fewer its frames, the more chance can lift
    its share (its spread shrinks with the square root of the independent frames in it). A 3 s
    finding needs ~0.46, a 10 s one the floor; so a few seconds of another recording that
    resembles one that plays do not pass for it."""
    return max(KEEP_SHARE, CHANCE + SURE * _spread(frames))


def _spread(frames: int) -> float:
    """How far chance alone moves the share of wins over this many frames (one standard deviation)."""
    return (CHANCE * (1 - CHANCE) * WIN_FRAMES / max(1, frames)) ** 0.5


def _passing(
    runs: list[tuple[int, int]], wins: np.ndarray, above: np.ndarray, min_frames: int, in_parts: bool = True
) -> list[tuple[int, int, float]]:
    """(start, end, share of wins) of the runs that pass as the recording playing: runs closer
    than ``BRIDGE_S`` joined (a word said loud over the music is not its end), each joined run
    tested whole and, when it fails, in the runs it joined, each on its own (chance wins seconds
    after a short excerpt were bridged onto it and brought its share and likeness down with them:
    bench-listen seed 4, a 5 s excerpt at -3 dB in an 11.8 s run); not ``in_parts`` (a re-edit
    against its film, whose shots of a second count): the joined run only (bench-conform --seed 2
    judged in parts: stretches of 1.4 s of music the old film plays twice, two cues split wrongly).
    ``above``: by how much the alignment's similarity beats the best wrong one's, frame by frame.

    A run passes when its share of wins is beyond chance (``_needed_share``) and its similarity
    stands near the best wrong alignment's or above (``KEEP_LIKENESS``: a few seconds of a
    recording that resembles the one playing win often, by little), unless the share is so far
    beyond chance (``CLEAR`` spreads) that no resemblance explains it: music 12 dB under speech
    wins a third of its frames for 20 s, by little each time, and was lost (bench-listen seed 14).
    Of the 2,436 runs on no excerpt in seeds 1-8 none was that clear, and 16 true runs were."""

    def share_if_passing(start: int, end: int) -> float | None:
        if end - start < min_frames:
            return None
        share = float(wins[start:end].mean())
        likeness = float(above[start:end].mean())  # how far its alignment stands above
        clear = share - CHANCE >= CLEAR * _spread(end - start)
        passing = share >= _needed_share(end - start) and (likeness >= KEEP_LIKENESS or clear)
        return share if passing else None

    passed = []
    for parts in _bridged(runs):
        whole = (parts[0][0], parts[-1][1])
        share = share_if_passing(*whole)
        if share is not None:
            passed.append((*whole, share))
        elif in_parts and len(parts) > 1:
            judged = [(start, end, share_if_passing(start, end)) for start, end in parts]
            passed += [(start, end, s) for start, end, s in judged if s is not None]
    return passed


def _bridged(runs: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Runs closer than ``BRIDGE_S`` together, in order."""
    joined: list[list[tuple[int, int]]] = []
    gap = int(BRIDGE_S * FRAMES_PER_SECOND)
    for start, end in runs:
        if joined and start - joined[-1][-1][1] <= gap:
            joined[-1].append((start, end))
        else:
            joined.append([(start, end)])
    return joined


def tightened(
    film: Analysis, recording: Analysis, finding: Finding, level: float = SAME_SOUND
) -> Finding | None:
    """For the same sound on both sides (a film and its re-edit): the finding bounded by where the
    aligned spectra are alike frame by frame (``level``), to an analysis frame (~12 ms), not by the
    smoothed share that found it (half a second or more). The longest such stretch inside the
    finding is kept; None when it has none."""
    fps = FRAMES_PER_SECOND
    first, last = frame_at(finding.start), frame_at(finding.end)  # frames / fps: int() lost one
    offset = first - frame_at(finding.offset)  # film frame - recording frame
    pad = int(SLOW_S * fps)
    lo, hi = max(0, first - pad), min(len(film.bands), last + pad)
    # The recording normalised where it meets [lo, hi) only: whole, a two-hour film's took seconds.
    at_lo = max(0, lo - offset - 1)
    bands = recording.spectrum()
    near = normalised_rows(bands, at_lo, max(at_lo, min(len(bands), hi - offset + 1)))
    here = normalised(film.bands[lo:hi])
    # The votes' offset is a whole frame, the cut's a fraction of one: of the two frames either
    # side, the alignment most alike over the finding (half a frame off, a noisy stretch's frames
    # fell under ``level`` and a 90 s stretch shrank to 2 s; bench-conform --minutes 30).
    curves = {shift: _similarity(here, near, offset + shift + at_lo - lo, 0, hi - lo) for shift in (0, -1, 1)}
    shift = max(curves, key=lambda s: float(curves[s][first - lo : last - lo].mean()))
    curve, offset = curves[shift], offset + shift
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
