"""What keeps listening bounded on a long film (issue #13: a 2-hour conform within 2 minutes, a
2-hour film and 200 recordings in bounded memory): spectra normalised around each candidate only,
votes capped to the rarest hashes, an alignment heard in two far places checked as two, and a
re-edit's search skipping what is already found. Each must give the findings the plain search gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cuesheet.media import aligned, landmarks, spotting
from cuesheet.media.aligned import normalised, normalised_rows
from cuesheet.media.finding_edges import edges_of_wins
from cuesheet.media.landmarks import FRAMES_PER_SECOND, GAP_S, Analysis, Index, analyse, candidates
from cuesheet.media.spotting import SAME_SOUND_VOTES, spot
from tests.media.test_spotting import RATE, recording


def test_the_slow_average_is_each_bands_convolution_and_digital_silence_stays_zero() -> None:
    rng = np.random.default_rng(4)
    for count in (172, 173, 2000):
        values = (rng.random((count, 9)) * 5 + np.linspace(0, 3, count)[:, None]).astype(np.float32)
        values[count // 2 :] = 0  # the sound stops dead
        width = int(aligned.SLOW_S * FRAMES_PER_SECOND)
        kernel = np.ones(width, np.float32) / width
        expected = np.stack([np.convolve(band, kernel, mode="same") for band in values.T], axis=1)
        slow = aligned._slow(values)
        assert np.abs(slow - expected).max() < 1e-5
        # Where the window holds silence only, exactly nothing moves: normalised, no noise is
        # blown up to unit length (a finding then ran on into the silence after its music).
        assert not slow[count // 2 + width :].any()
        assert not normalised(values)[count // 2 + width :].any()


def test_rows_normalised_around_a_span_are_the_whole_sounds_rows() -> None:
    bands = (np.random.default_rng(5).random((3000, 12)) * 4).astype(np.float16)
    whole = normalised(bands)
    for lo, hi in ((0, 100), (500, 900), (2900, 3000), (1000, 1000)):
        assert np.allclose(normalised_rows(bands, lo, hi), whole[lo:hi], atol=1e-5)


def _film_with_excerpts() -> tuple[Analysis, list[Analysis]]:
    songs = [recording(seed, 40.0) for seed in (31, 32)]
    film = np.zeros(120 * RATE, np.float32)
    film[10 * RATE : 30 * RATE] += songs[0][5 * RATE : 25 * RATE]
    film[70 * RATE : 95 * RATE] += 0.5 * songs[1][10 * RATE : 35 * RATE]
    return analyse(film), [analyse(song) for song in songs]


def test_a_long_recording_normalised_around_each_candidate_finds_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    film, library = _film_with_excerpts()
    whole = spot(film, library)
    assert [(f.recording, round(f.start), round(f.end)) for f in whole] == [(0, 10, 30), (1, 70, 95)]
    largest = []

    def counted(bands: np.ndarray) -> np.ndarray:
        largest.append(len(bands))
        return normalised(bands)

    monkeypatch.setattr(aligned.Normalised, "LONG_FRAMES", 0)  # every recording counts as a film
    monkeypatch.setattr(aligned, "normalised", counted)
    assert spot(film, library) == whole
    assert max(largest) < len(film.bands)  # never the film whole either


def test_votes_over_a_budget_keep_the_rarest_hashes_and_a_frame_longer_or_shorter_matches() -> None:
    # Hashes are (f1 << 14 | df << 6 | dt). In the library: one hash once, one three times, one
    # fifty times, each with dt 10; the film's three landmarks are the same.
    once, thrice, often = (n << 14 | 40 << 6 | 10 for n in (7, 8, 9))
    hashes = np.array([once] + [thrice] * 3 + [often] * 50, np.uint32)
    library = Analysis(hashes, np.arange(len(hashes), dtype=np.int32), np.zeros((0, 1), np.float16), 60)
    times = np.array([100, 200, 300], np.int32)
    film = Analysis(np.array([once, thrice, often], np.uint32), times, np.zeros((0, 1), np.float16), 400)
    index = Index([library])
    assert len(index.votes(film)[0]) == 54
    assert sorted(set(index.votes(film, most=4)[2].tolist())) == [100, 200]  # 1 + 3 votes
    assert index.votes(film, most=3)[2].tolist() == [100]
    assert index.votes(film, most=0)[2].tolist() == [100]  # the unique hashes always vote
    # The same pairs a frame longer (dt 11) or shorter (dt 9), as a room's reverb leaves them.
    for dt in (9, 11):
        moved = Analysis(film.hashes - 10 + dt, times, film.bands, 400)
        assert len(index.votes(moved)[0]) == 54
        assert len(index.votes(moved, near=False)[0]) == 0
    assert len(index.votes(Analysis(film.hashes + 2, times, film.bands, 400))[0]) == 0  # two frames: no


def test_an_alignment_heard_in_two_far_places_is_two_candidates_in_a_re_edit() -> None:
    gap = int(GAP_S * FRAMES_PER_SECOND)
    near = np.arange(20) * 8
    at = np.concatenate([near, near + 2 * gap])
    found = candidates(np.zeros(len(at), np.int64), np.full(len(at), 900), at, apart=True)
    assert sorted((c.first, c.last, c.votes) for c in found) == [
        (0, int(near[-1]), 20),
        (2 * gap, 2 * gap + int(near[-1]), 20),
    ]
    close = np.concatenate([near, near + gap // 2])  # within GAP_S: one alignment, as before
    assert len(candidates(np.zeros(len(close), np.int64), np.full(len(close), 900), close, apart=True)) == 1
    # Spotting keeps them one: music that plays on under a minute of loud dialogue is one finding.
    (whole,) = candidates(np.zeros(len(at), np.int64), np.full(len(at), 900), at)
    assert (whole.first, whole.last, whole.votes) == (0, 2 * gap + int(near[-1]), 40)


def test_a_re_edit_searched_as_one_source_finds_what_the_whole_search_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Six shots of sound re-cut (one dropped, two swapped, one shortened): the search that skips
    candidates inside stretches already found, over the rarest hashes' votes, finds the same
    stretches as the search that checks every candidate over every vote."""
    shots = [recording(400 + n, 12.0) for n in range(6)]
    old = analyse(np.concatenate(shots))
    new = analyse(np.concatenate([shots[0], shots[3], shots[2], shots[4][: 6 * RATE], shots[5]]))
    checked = []
    original = spotting._check

    def counting(*args: object) -> object:
        checked.append(args)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(spotting, "_check", counting)
    # Edges as a re-edit's are found (tightened by correlation after, not moved by ``_edges``).
    everything = spot(new, [old], min_length_s=1.0, min_votes=SAME_SOUND_VOTES, refine_edges=False)
    all_checks = len(checked)
    checked.clear()
    monkeypatch.setattr(spotting, "SAME_SOUND_MOST_VOTES", len(landmarks.Index([old]).votes(new)[0]) // 3)
    pruned = spot(
        new, [old], min_length_s=1.0, min_votes=SAME_SOUND_VOTES, one_source=True, refine_edges=False
    )
    assert [(round(f.start), round(f.end), round(f.offset)) for f in pruned] == [
        (round(f.start), round(f.end), round(f.offset)) for f in everything
    ]
    assert len(pruned) >= 4 and len(checked) < all_checks


def test_a_stretch_found_a_frame_off_is_tightened_at_its_true_alignment() -> None:
    """A cut moves sound by any number of samples and the analysis hops 256 at a time, so a
    candidate's whole-frame offset (the median of its votes) may be a frame off the nearest one to
    the truth, where the aligned spectra of busy sound are less alike frame by frame. Tightened,
    the stretch keeps its whole length and reports the alignment nearest the truth."""
    from cuesheet.media.landmarks import HOP
    from cuesheet.media.spotting import Finding, tightened

    rng = np.random.default_rng(8)
    old = recording(41, 60.0) * 0.4 + 0.15 * rng.standard_normal(60 * RATE).astype(np.float32)
    part = HOP // 2 - 25  # samples: 0.4 of a frame, as in bench-conform's misses
    new = np.concatenate([np.zeros(5 * RATE + part, np.float32), old[20 * RATE : 50 * RATE]])
    film, source = analyse(new), analyse(old)
    at = round(5.5 * FRAMES_PER_SECOND)
    truth = (5 * RATE + part - 20 * RATE) / HOP  # film frame - old frame, a fraction
    for off_by in (-1, 1):
        offset = round(truth) + off_by
        found = Finding(0, at / FRAMES_PER_SECOND, 34.5, (at - offset) / FRAMES_PER_SECOND, 1.0)
        tight = tightened(film, source, found)
        assert tight is not None and tight.end - tight.start > 28.0, (off_by, tight)
        reported = tight.start * FRAMES_PER_SECOND - tight.offset * FRAMES_PER_SECOND
        assert abs(reported - truth) < 0.5, (off_by, reported, truth)


def test_the_findings_so_far_are_told_at_once_then_at_most_every_quarter_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Resolving the findings so far is quadratic in them: told after every one, a search with a
    thousand spent minutes on it. The first is told at once; then only after HEARD_EVERY_S."""
    film, library = _film_with_excerpts()
    told: list[int] = []
    now = [100.0]
    monkeypatch.setattr(spotting.time, "monotonic", lambda: now[0])
    found = spot(film, library, heard=lambda so_far: told.append(len(so_far)))
    assert len(found) == 2 and told == [1]  # the clock stood still: only the first was told
    told.clear()

    def ticking() -> float:
        now[0] += spotting.HEARD_EVERY_S
        return now[0]

    monkeypatch.setattr(spotting.time, "monotonic", ticking)
    assert spot(film, library, heard=lambda so_far: told.append(len(so_far))) == found
    assert told[0] == 1 and told[-1] == 2  # the clock moving on: each finding as it came


@pytest.mark.parametrize("one_source", [False, True])
def test_votes_gathered_a_piece_of_the_film_at_a_time_find_what_the_whole_film_finds(
    monkeypatch: pytest.MonkeyPatch, one_source: bool
) -> None:
    """A two-hour film against 200 recordings makes ~100 million votes: they are gathered a minute
    of the film at a time, and an alignment found in neighbouring pieces is joined again, exactly
    as the whole film's votes make it."""
    film, library = _film_with_excerpts()
    if one_source:  # the film's re-edit: its second half first
        halves = analyse(np.concatenate([recording(31, 40.0)[20 * RATE :], recording(31, 40.0)[: 20 * RATE]]))
        film, library = halves, [analyse(recording(31, 40.0))]
    search = {"one_source": one_source, "min_length_s": 1.0}
    index = Index(library)

    def listed() -> list[tuple[int, int, int, int, int]]:  # every candidate, in order
        found = index.candidates(film, near=not one_source, apart=one_source)
        return [(c.recording, c.offset, c.first, c.last, c.votes) for c in found]

    monkeypatch.setattr(landmarks, "PIECE_S", 10_000.0)
    whole, candidates_whole = spot(film, library, **search), listed()  # type: ignore[arg-type]
    monkeypatch.setattr(landmarks, "PIECE_S", 7.0)  # pieces shorter than what is found
    assert spot(film, library, **search) == whole  # type: ignore[arg-type]
    assert listed() == candidates_whole  # offsets the median of all votes, ties in the same order
    plain = candidates(*index.votes(film, near=not one_source), apart=one_source)  # no pieces at all
    assert candidates_whole == [(c.recording, c.offset, c.first, c.last, c.votes) for c in plain]
    assert len(whole) == 2


def test_a_librarys_spectra_stay_on_disk_until_the_search_checks_them(tmp_path: Path) -> None:
    from cuesheet.media.analysis_cache import analysis_of
    from tests.media.test_spotting import write_wav

    film, _ = _film_with_excerpts()
    paths = []
    for n, seed in enumerate((31, 32)):
        paths.append(tmp_path / f"song{n}.wav")
        write_wav(paths[-1], recording(seed, 40.0), RATE)
    cache = tmp_path / "cache"
    made = [analysis_of(path, cache, bands=False) for path in paths]  # analysed now
    read = [analysis_of(path, cache, bands=False) for path in paths]  # read from the cache
    for analysis in (*made, *read):
        assert len(analysis.bands) == 0 and analysis.spectrum().shape == (analysis.frames, landmarks.COLUMNS)
    assert [(f.recording, round(f.start), round(f.end)) for f in spot(film, read)] == [
        (0, 10, 30),
        (1, 70, 95),
    ]
    for entry in cache.iterdir():  # the cache emptied or spoilt under a search: nothing checked, no error
        entry.write_bytes(b"PK\x03\x04 not what was read")
    assert read[0].spectrum().shape == (0, landmarks.COLUMNS)
    assert spot(film, read) == []
    again = analysis_of(paths[0], cache, bands=False)  # a spoilt entry is analysed again, and replaced
    assert again.spectrum().shape == (again.frames, landmarks.COLUMNS) and again.frames == made[0].frames


@pytest.mark.parametrize(
    "planted",
    ["huge bands", "frames not a number", "frames an array", "a time before the sound", "a hash too wide",
     "spoilt bands", "cut-short bands"],
)  # fmt: skip
def test_a_spoilt_or_planted_analysis_entry_is_analysed_again(tmp_path: Path, planted: str) -> None:
    """Nothing an entry holds is trusted: its members' types and shapes are read from their headers
    before anything is allocated (a header claiming 2^40 rows), its numbers are bounded, and an
    entry whose spectrum turns out unreadable during a search is removed, so the next run
    analyses the recording again instead of passing it over every time."""
    import io
    import zipfile

    from cuesheet.media.analysis_cache import analysis_of
    from tests.media.test_spotting import write_wav

    song = tmp_path / "song.wav"
    write_wav(song, recording(31, 20.0), RATE)
    cache = tmp_path / "cache"
    made = analysis_of(song, cache)
    (entry,) = cache.iterdir()
    arrays = dict(np.load(entry))
    if planted == "huge bands":
        buffer = io.BytesIO()
        np.lib.format.write_array_header_2_0(
            buffer, {"descr": "<f2", "fortran_order": False, "shape": (1 << 40, 143)}
        )
        with zipfile.ZipFile(entry, "w") as book:
            for name in ("hashes", "times", "frames"):
                with book.open(f"{name}.npy", "w") as member:
                    np.lib.format.write_array(member, arrays[name])
            book.writestr("bands.npy", buffer.getvalue() + b"\0" * 64)
    elif planted in ("spoilt bands", "cut-short bands"):
        header = io.BytesIO()
        np.lib.format.write_array(header, arrays["bands"])
        cut = header.getvalue()[:-10] if planted == "cut-short bands" else b"\x93NUMPY not an array"
        with zipfile.ZipFile(entry, "w") as book:
            for name in ("hashes", "times", "frames"):
                with book.open(f"{name}.npy", "w") as member:
                    np.lib.format.write_array(member, arrays[name])
            book.writestr("bands.npy", cut)
        light = analysis_of(song, cache, bands=False)  # the header is checked now, the rest when read
        if planted == "cut-short bands":
            assert light.spectrum().shape == (0, landmarks.COLUMNS) and not entry.exists()
        else:
            assert light.spectrum().shape == made.bands.shape  # analysed again at once
    else:
        arrays = {**arrays, **{
            "frames not a number": {"frames": np.array(np.inf)},
            "frames an array": {"frames": np.array([5, 6])},
            "a time before the sound": {"times": arrays["times"] - arrays["times"].max() - 1},
            "a hash too wide": {"hashes": arrays["hashes"] | np.uint32(1 << 30)},
        }[planted]}  # fmt: skip
        np.savez(entry.with_suffix(""), **arrays)
    again = analysis_of(song, cache)
    assert np.array_equal(again.hashes, made.hashes) and np.array_equal(again.bands, made.bands)
    assert np.array_equal(analysis_of(song, cache).times, made.times)  # written again, read back


def test_a_findings_edges_move_to_where_its_wins_change_from_chance() -> None:
    # Frames where the recording's alignment wins: one in nine by chance, 60 % where it plays
    # (frames 600-1400, ~7 s to ~16 s). The smoothed share blurs the edges by its width and a
    # chance run beside them is bridged in: given 520-1480, the edges go back to the change.
    rng = np.random.default_rng(3)
    won = rng.random(2000) < spotting.CHANCE
    won[600:1400] = rng.random(800) < 0.6
    start, end = edges_of_wins(won, 520, 1480, spotting.CHANCE)
    assert abs(start - 600) <= 10 and abs(end - 1400) <= 10  # 0.12 s; they were 80 frames out
    assert edges_of_wins(won, 650, 1350, spotting.CHANCE) == (start, end)  # from inside too
