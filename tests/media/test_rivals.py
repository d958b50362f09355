"""Of two recordings aligned over one stretch of the film, the more alike names it (media.rivals)."""

from __future__ import annotations

import numpy as np

from cuesheet.media.aligned import Normalised
from cuesheet.media.found import Finding, resolve
from cuesheet.media.landmarks import COLUMNS, FRAMES_PER_SECOND, Analysis, Candidate
from cuesheet.media.rivals import uncontested


def _sound(bands: np.ndarray) -> Analysis:
    return Analysis(np.empty(0, np.uint32), np.empty(0, np.int32), bands.astype(np.float16), len(bands))


def test_a_lookalike_found_where_another_recording_is_aligned_and_more_alike_gives_way() -> None:
    rng = np.random.default_rng(7)
    played = rng.random((3000, COLUMNS)) * 4
    lookalike = 0.5 * played + 0.5 * rng.random((3000, COLUMNS)) * 4  # never in the film
    film = rng.random((4000, COLUMNS)) * 4
    film[1000:1600] = played[200:800] + rng.random((600, COLUMNS))  # recording 0 plays, under noise
    library = [_sound(played), _sound(lookalike)]
    alignment = 1000 - 200  # film frame less recording frame, for both
    start, end, into = 1000 / FRAMES_PER_SECOND, 1600 / FRAMES_PER_SECOND, 200 / FRAMES_PER_SECOND
    wrong, right = Finding(1, start, end, into, 0.45), Finding(0, start + 1, end - 2, into + 1, 0.35)
    listed = [Candidate(0, alignment, 1050, 1500, 12), Candidate(1, alignment, 1100, 1450, 5)]

    # The lookalike's finding has the more evidence: resolving alone keeps it, over the right one.
    found = [(0.45 * 7.0, wrong), (0.35 * 4.0, right)]
    assert resolve(found) == [wrong]
    assert uncontested(found, listed, film, library, Normalised()) == [right]
    # Alone, with the played recording's candidate over it, it is still not kept.
    assert uncontested([found[0]], listed, film, library, Normalised()) == []
    # The right finding stays with the lookalike's candidate over it, even one of more votes.
    more = [listed[0], Candidate(1, alignment, 1100, 1450, 30)]
    assert uncontested([found[1]], more, film, library, Normalised()) == [right]
    # A rival of fewer votes than the finding's own candidate is not weighed; nor is no rival.
    fewer = [Candidate(0, alignment, 1050, 1500, 4), listed[1]]
    assert uncontested([found[0]], fewer, film, library, Normalised()) == [wrong]
    assert uncontested([found[0]], listed[1:], film, library, Normalised()) == [wrong]


def test_each_recordings_spectrum_is_read_once_while_findings_are_weighed() -> None:
    rng = np.random.default_rng(8)
    played = rng.random((3000, COLUMNS)) * 4
    lookalike = 0.5 * played + 0.5 * rng.random((3000, COLUMNS)) * 4
    film = rng.random((4000, COLUMNS)) * 4
    film[1000:1600] = played[200:800]
    film[2500:3100] = played[1200:1800]  # it plays twice
    reads = {0: 0, 1: 0}

    def kept(n: int, bands: np.ndarray) -> Analysis:
        def reload() -> np.ndarray:
            reads[n] += 1
            return bands.astype(np.float16)

        return _sound(bands).without_bands(reload)

    library = [kept(0, played), kept(1, lookalike)]
    fps = FRAMES_PER_SECOND
    twice = [
        Finding(0, 1000 / fps, 1600 / fps, 200 / fps, 0.5),
        Finding(0, 2500 / fps, 3100 / fps, 1200 / fps, 0.5),
    ]
    listed = [Candidate(0, 800, 1050, 1500, 12), Candidate(1, 800, 1100, 1450, 30),
              Candidate(1, 801, 1100, 1450, 29), Candidate(0, 1300, 2550, 3000, 12),
              Candidate(1, 1300, 2600, 3000, 30)]  # fmt: skip
    found = [(3.0, twice[0]), (3.0, twice[1])]
    assert uncontested(found, listed, film, library, Normalised()) == twice  # the lookalike weighed, thrice
    assert reads == {0: 1, 1: 1}
