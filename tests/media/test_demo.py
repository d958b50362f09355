"""The built-in demo: a generated film that probes as it should, and a project spotting it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cuesheet.demo import FILM_NAME, MUSIC, ensure_demo
from cuesheet.media.probe import MediaError, probe
from cuesheet.media.synth import read_index
from cuesheet.project_service import summary
from cuesheet.store.project_file import ProjectFile


def test_demo_is_generated_once_and_keeps_edits(_private_data_dir: Path) -> None:
    project_path = ensure_demo()
    film = project_path.parent / FILM_NAME
    info = probe(film)
    assert str(info.rate) == "23.976" and info.start_timecode == "01:00:00:00"
    assert info.duration_frames == 1439
    assert info.audio_streams and info.audio_streams[0].sample_rate == 48000
    facts = summary(project_path)
    assert facts["cues"] == 5 and facts["media"]["found"] is True
    sheet, project = ProjectFile.open(project_path)
    origins = {cue.origin.value for cue in project.cues.values()}
    assert origins == {"score", "licensed", "library"}
    sheet.close()
    stamp = film.stat().st_mtime_ns
    assert ensure_demo() == project_path
    assert film.stat().st_mtime_ns == stamp  # not regenerated


def test_demo_audio_has_music_where_the_cues_are(_private_data_dir: Path) -> None:
    import av

    film = ensure_demo().parent / FILM_NAME
    with av.open(str(film)) as container:
        samples = np.concatenate([f.to_ndarray()[0] for f in container.decode(audio=0)])
    rate = 48000

    def loudness(start: float, end: float) -> float:
        return float(np.sqrt(np.mean(samples[int(start * rate) : int(end * rate)] ** 2)))

    for segment in MUSIC:
        middle = (segment.start + segment.end) / 2
        assert loudness(middle - 0.5, middle + 0.5) > 0.02
    assert loudness(0.2, 1.5) < 0.001  # silence before the first cue


def test_frames_carry_their_index(short_film: Path) -> None:
    import av

    with av.open(str(short_film)) as container:
        indices = [read_index(frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]
    assert indices == list(range(len(indices))) and len(indices) == 72


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"\x00" * 5000, "not a playable film"),
        (b"RIFF....WAVEfmt " * 10, "not a playable film"),
    ],
)
def test_probe_refuses_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.mp4"
    path.write_bytes(content)
    with pytest.raises(MediaError, match=message):
        probe(path)
