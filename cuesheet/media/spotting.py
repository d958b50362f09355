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

from cuesheet.media.aligned import SLOW_S, Normalised, normalised, normalised_rows, similarity
from cuesheet.media.finding_edges import edges_of_wins, extended
from cuesheet.media.found import BRIDGE_S, Finding, frame_at, resolve
from cuesheet.media.landmarks import (
    FRAMES_PER_SECOND,
    MIN_VOTES,
    Analysis,
    Candidate,
    Index,
)
from cuesheet.media.pace import MOST_DRIFT, drift
from cuesheet.media.rivals import uncontested

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
    (``finding_edges``; a re-edit's are tightened by correlation instead). Of the recordings
    aligned over a stretch, the most alike names it (``rivals``; not with ``one_source``)."""

    def stop_if_asked() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("stopped")

    index = Index(library)
    prepared = Normalised()
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
        checked = _check(film.bands, held[1], candidate, min_length_s, prepared, refine_edges, in_parts)
        found += checked
        if heard is not None and checked and time.monotonic() >= told + HEARD_EVERY_S:
            heard(resolve(found, one_source))  # quadratic in the findings: not after each one
            told = time.monotonic()
        if one_source:
            claimed += [(frame_at(f.start), frame_at(f.end)) for _, f in checked]
    if one_source:  # a film against its own re-edit: no other recording to weigh against
        return resolve(found, one_source)
    return uncontested(found, listed, film.bands, library, prepared)


def _check(
    film_bands: np.ndarray,
    recording_bands: np.ndarray,
    candidate: Candidate,
    min_length_s: float,
    prepared: Normalised,
    refine_edges: bool = True,
    in_parts: bool = True,
) -> list[tuple[float, Finding]]:
    reach = int(REACH_S * FRAMES_PER_SECOND)
    first = max(0, candidate.first - reach, candidate.offset)
    last = min(len(film_bands), candidate.last + reach, candidate.offset + len(recording_bands))
    if last - first < min_length_s * FRAMES_PER_SECOND:
        return []
    # The film and the recording normalised as ``prepared`` keeps them: whole when short (a
    # ten-minute film's ~1,000 library candidates each normalised its stretch again: most of the search),
    # else around the candidate only (a two-hour film's is ~350 MB as float32); the recording where
    # this alignment and the wrong ones meet it.
    film, at = prepared.rows(film_bands, first, last)
    lo, hi = first - candidate.offset, last - candidate.offset  # the recording's frames at the offset
    recording, origin = prepared.rows(recording_bands, lo - max(NULL_OFFSETS), hi - min(NULL_OFFSETS))
    offset, begin, stop = candidate.offset + origin - at, first - at, last - at
    curve = similarity(film, recording, offset, begin, stop)
    wrong = np.max(
        [similarity(film, recording, offset + shift, begin, stop) for shift in NULL_OFFSETS], axis=0
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
    finding is kept; None when it has none, or when its alignment drifts (``pace``)."""
    fps = FRAMES_PER_SECOND
    first, last = frame_at(finding.start), frame_at(finding.end)  # frames / fps: int() lost one
    offset = first - frame_at(finding.offset)  # film frame - recording frame
    pad = int(SLOW_S * fps)
    lo, hi = max(0, first - pad), min(len(film.bands), last + pad)
    # The recording normalised where it meets [lo, hi) only: whole, a two-hour film's took seconds.
    at_lo = max(0, lo - offset - 4)  # a frame either side for the shift, three more for ``pace``
    bands = recording.spectrum()
    near = normalised_rows(bands, at_lo, max(at_lo, min(len(bands), hi - offset + 4)))
    here = normalised(film.bands[lo:hi])
    # The votes' offset is a whole frame, the cut's a fraction of one: of the two frames either
    # side, the alignment most alike over the finding (half a frame off, a noisy stretch's frames
    # fell under ``level`` and a 90 s stretch shrank to 2 s; bench-conform --minutes 30).
    curves = {shift: similarity(here, near, offset + shift + at_lo - lo, 0, hi - lo) for shift in (0, -1, 1)}
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
    if drift(here, near, offset + at_lo - lo, at - lo, until - lo) > MOST_DRIFT:
        return None  # the same words said again at another pace, not the old film's sound moved
    return Finding(finding.recording, at / fps, until / fps, (at - offset) / fps, finding.confidence)
