"""Films with several sound streams (issue #18 §3): a mix, a dialogue stem and a music stem.

The film is made here: the mix holds room tone, the dialogue stem speech-like noise, and only the
music stem holds a recording, so that every check hears which stream was read, not its metadata."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cuesheet.media import synth
from cuesheet.media.landmarks import SAMPLE_RATE as RATE
from cuesheet.media.probe import MediaError, probe, sound_streams
from cuesheet.media.sound_file import read_sound
from cuesheet.media.waveform import waveform
from tests.media.test_spotting import recording, speech_like, write_wav
from tests.unit.test_cli import assert_one_line_error, run

SECONDS = 30


def _at_48k(sound: np.ndarray) -> np.ndarray:
    return np.interp(
        np.arange(SECONDS * synth.SAMPLE_RATE) * RATE / synth.SAMPLE_RATE, np.arange(len(sound)), sound
    )


@pytest.fixture(scope="module")
def stems(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("stems")
    song = recording(11, 40.0)
    write_wav(folder / "song.wav", song, 44100)
    music = np.zeros(SECONDS * RATE, np.float32)
    music[6 * RATE : 21 * RATE] = song[2 * RATE : 17 * RATE]  # 6-21 s: the song from 2 s
    rng = np.random.default_rng(3)
    room = (0.003 * rng.standard_normal(SECONDS * RATE)).astype(np.float32)
    speech = speech_like(rng, SECONDS).astype(np.float32)
    film = synth.write_film(
        folder / "stems.mov", SECONDS, size=(160, 90), soundtrack=_at_48k(room),
        stems=[("Dialogue", _at_48k(speech)), ("Music stem", _at_48k(music))],
    )  # fmt: skip
    return film, folder / "song.wav"


def test_probe_lists_each_sound_stream_with_its_title_and_layout(stems: tuple[Path, Path]) -> None:
    film, song = stems
    shown = json.loads(run("probe", film, "--json").stdout)["audio_streams"]
    assert [(s["index"], s["title"], s["layout"], s["channels"]) for s in shown][1:] == [
        (2, "Dialogue", "stereo", 2), (3, "Music stem", "stereo", 2)]  # fmt: skip
    assert [s.index for s in probe(film).audio_streams] == [1, 2, 3]
    # A new cut heard for conform by sound may be its sound alone: its streams, without a picture.
    assert [(s.index, s.title) for s in sound_streams(film)][1:] == [(2, "Dialogue"), (3, "Music stem")]
    assert [s.index for s in sound_streams(song)] == [0]
    with pytest.raises(MediaError, match="has no video stream"):
        probe(song)


def test_a_new_project_listens_to_the_music_stem_unless_told(
    stems: tuple[Path, Path], tmp_path: Path
) -> None:
    film, _ = stems
    default, chosen = tmp_path / "default.cuesheet", tmp_path / "chosen.cuesheet"
    assert run("new", default, "--title", "F", "--media", film).returncode == 0
    assert json.loads(run("info", default, "--json").stdout)["audio_stream"] == 3  # titled "Music stem"
    assert run("new", chosen, "--title", "F", "--media", film, "--audio-stream", "2").returncode == 0
    assert json.loads(run("info", chosen, "--json").stdout)["audio_stream"] == 2
    wrong = run("new", tmp_path / "x.cuesheet", "--title", "F", "--media", film, "--audio-stream", "7")
    assert_one_line_error(wrong, "has no sound stream 7; its sound streams are 1, 2, 3")


def test_the_chosen_stream_is_the_one_read_drawn_and_listened_to(
    stems: tuple[Path, Path], tmp_path: Path
) -> None:
    film, song = stems
    mix, music = read_sound(film, 1), read_sound(film, 3)
    loud = slice(8 * RATE, 19 * RATE)
    assert np.abs(music[loud]).mean() > 5 * np.abs(mix[loud]).mean()  # the song plays in the stem only
    peaks_mix = waveform(film, tmp_path / "w", stream_index=1)
    peaks_music = waveform(film, tmp_path / "w", stream_index=3)
    assert peaks_mix is not None and peaks_music is not None
    assert peaks_music.stream_index == 3 and peaks_mix.stream_index == 1
    assert np.abs(peaks_music.levels[0]).max() > 5 * np.abs(peaks_mix.levels[0]).max()
    # Spotting hears the song only through the music stem the project chose.
    for stream, found in ((3, 1), (1, 0)):
        project = tmp_path / f"s{stream}.cuesheet"
        assert (
            run("new", project, "--title", "F", "--media", film, "--audio-stream", str(stream)).returncode
            == 0
        )
        rows = json.loads(run("spot", project, song, "--json").stdout)
        assert len(rows) == found, (stream, rows)


def test_a_relinked_cut_keeps_the_stream_of_the_same_title(tmp_path: Path) -> None:
    """A new cut's streams may come in another order: a relink (and conform by sound, which hears
    the new cut through the stream the relink keeps) takes the one titled as the project's, else the
    default choice."""
    from dataclasses import replace

    from cuesheet.project_service import film_link
    from cuesheet.store.project_file import ProjectFile

    tone = 0.1 * np.sin(2 * np.pi * 440 * np.arange(2 * synth.SAMPLE_RATE) / synth.SAMPLE_RATE)
    dialogue, music = ("Dialogue", tone), ("Music", tone)
    old = synth.write_film(tmp_path / "old.mp4", 2, size=(64, 36), stems=[dialogue, music])
    new = synth.write_film(tmp_path / "new.mp4", 2, size=(64, 36), stems=[music, dialogue])
    project = tmp_path / "p.cuesheet"
    assert run("new", project, "--title", "F", "--media", old, "--audio-stream", "3").returncode == 0
    file, read = ProjectFile.open(project, read_only=True)
    file.close()
    link = read.media
    assert link is not None and (link.audio_stream, link.audio_title) == (3, "Music")
    assert (
        film_link(project, new, link).audio_stream == 2
    )  # "Music": third in the old film, second in the new
    dialogue_link = replace(link, audio_stream=2, audio_title="Dialogue")
    assert film_link(project, new, dialogue_link).audio_stream == 3  # "Dialogue"
    assert film_link(project, new, None).audio_stream == 2  # none chosen: the stream titled as music


def test_the_chosen_stream_reaches_libvlc_when_the_player_is_made_after_the_film_is_loaded() -> None:
    """The window loads the film first and makes libVLC's player on a worker later (``later``);
    the player then opens the film with the chosen stream too (it was opened with the first)."""
    from cuesheet.domain.timecode import FrameRate
    from cuesheet.media.player import Player

    class Recorded:
        def __init__(self) -> None:
            self.loads: list[tuple[Path, int | None]] = []

        def set_rate(self, rate: float) -> None:
            pass

        def load(self, path: Path, audio_track: int | None = None) -> None:
            self.loads.append((path, audio_track))

    player = Player(FrameRate.parse("24"), 100, headless=True, later=True)
    player.load(Path("/films/cut.mov"), 2)
    vlc = Recorded()
    player.attach(vlc)  # type: ignore[arg-type]
    assert vlc.loads == [(Path("/films/cut.mov"), 2)]
