"""A finding's edges: out from where the wins put them, for as long as the film carries the
recording's loudest bands (media.finding_edges), on band spectra made here."""

from __future__ import annotations

import numpy as np

from cuesheet.media.finding_edges import EXTEND_REACH_S, extended
from cuesheet.media.landmarks import BANDS, FRAMES_PER_SECOND

FPS = FRAMES_PER_SECOND
OFFSET = 1000  # film frame of the recording's first frame


def _scene(seed: int = 3) -> tuple[np.ndarray, np.ndarray, int, int]:
    """A recording's bands, and a film's: room tone, the recording from ``start`` to ``end`` (1.5
    units down), and speech over both edges, loud in a random half of the bands each frame."""
    rng = np.random.default_rng(seed)
    recording = rng.uniform(0.5, 3.5, (3000, BANDS)).astype(np.float16)
    film = rng.uniform(0.0, 0.3, (6000, BANDS)).astype(np.float32)
    start, end = OFFSET + 400, OFFSET + 2200
    film[start:end] = np.maximum(film[start:end], recording[start - OFFSET : end - OFFSET] - 1.5)
    for lo, hi in ((start - 300, start + 300), (end - 300, end + 300)):
        loud = rng.random((hi - lo, BANDS)) < 0.5
        film[lo:hi] = np.where(loud, np.maximum(film[lo:hi], 4.0), film[lo:hi])
    return film.astype(np.float16), recording, start, end


def test_edges_found_short_under_speech_go_out_to_where_the_music_starts_and_stops() -> None:
    film, recording, start, end = _scene()
    late, early = start + int(3 * FPS), end - int(2 * FPS)  # as the wins put them under speech
    new_start, new_end = extended(film, recording, OFFSET, late, early)
    assert abs(new_start - start) <= 3 and abs(new_end - end) <= 3, (new_start - start, new_end - end)


def test_edges_where_the_music_is_not_stay_or_come_no_further_than_it() -> None:
    film, recording, start, end = _scene()
    kept = extended(film, recording, OFFSET, start, end)  # already right: kept, to the smoothing
    assert abs(kept[0] - start) <= 3 and abs(kept[1] - end) <= 3, kept
    # Music everywhere the reach looks: the edge moves out by the reach at most.
    reach = int(EXTEND_REACH_S * FPS)
    long = np.random.default_rng(5).uniform(0.5, 3.5, (4 * reach, BANDS)).astype(np.float16)
    heard = np.zeros((OFFSET + 5 * reach, BANDS), np.float32)
    heard[OFFSET : OFFSET + len(long)] = long.astype(np.float32) - 1.5
    a, b = OFFSET + 3 * reach // 2, OFFSET + 5 * reach // 2
    new_start, new_end = extended(heard.astype(np.float16), long, OFFSET, a, b)
    assert abs(new_start - (a - reach)) <= 2 and abs(new_end - (b + reach)) <= 2, (new_start, new_end)
    everywhere = np.maximum(film.astype(np.float32), 0)
    everywhere[OFFSET : OFFSET + len(recording)] = recording.astype(np.float32) - 1.5
    music = everywhere.astype(np.float16)
    # Never before the recording's first frame or past its last (to the smoothing's 2 frames).
    new_start, new_end = extended(music, recording, OFFSET, OFFSET + 10, OFFSET + 2990)
    assert OFFSET <= new_start <= OFFSET + 2, new_start
    assert OFFSET + len(recording) - 2 <= new_end <= OFFSET + len(recording), new_end


def test_a_finding_outside_what_both_have_is_left_as_it_is() -> None:
    film, recording, start, end = _scene()
    assert extended(film, recording, OFFSET, OFFSET - 50, OFFSET + 500) == (OFFSET - 50, OFFSET + 500)
    assert extended(film, recording, OFFSET, start, start + 2) == (start, start + 2)
    assert extended(film, recording[:, :10], OFFSET, start, end) == (start, end)
