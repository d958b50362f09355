"""Generated clips for the media tests (made once per session; nothing is committed)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from cuesheet.domain.timecode import FrameRate
from cuesheet.media.synth import Segment, write_film

BURSTS = (Segment(1.0, 1.5, "tone", 440.0), Segment(2.5, 3.0, "tone", 880.0))


@dataclass(frozen=True)
class Clip:
    path: Path
    rate: str
    start_tc: str
    frames: int
    b_frames: bool


SPECS = {
    "2398": ("23.976", "01:00:00:00", False),
    "2398_bframes": ("23.976", "01:00:00:00", True),
    "25_bframes": ("25", "10:00:00:00", True),
    "2997df": ("29.97df", "00:00:58;00", False),  # crosses 00:01:00;02, the first dropped labels
}


@pytest.fixture(scope="session")
def clip_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clips")


@pytest.fixture(scope="session", params=sorted(SPECS))
def clip(request: pytest.FixtureRequest, clip_folder: Path) -> Clip:
    rate_text, start, b_frames = SPECS[request.param]
    rate = FrameRate.parse(rate_text)
    path = clip_folder / f"clip_{request.param}.mov"
    if not path.exists():
        write_film(path, 4, rate, (192, 108), start, BURSTS, b_frames=b_frames, gop=24)
    frames = round(4 * rate.rate)
    return Clip(path, rate_text, start, frames, b_frames)


@pytest.fixture(scope="session")
def broken(clip_folder: Path, short_film: Path) -> dict[str, Path]:
    """Films that must be refused, each with what makes it bad."""
    folder = clip_folder / "broken"
    folder.mkdir(exist_ok=True)
    data = short_film.read_bytes()
    files = {
        "empty": b"",
        "random": bytes(range(256)) * 64,
        "text": b"WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n",
        "truncated": data[: len(data) // 2],
    }
    paths = {}
    for name, content in files.items():
        paths[name] = folder / f"{name}.mp4"
        paths[name].write_bytes(content)
    codec_at = [m.start() for m in re.finditer(b"avc1", data)][-1]  # the sample description's codec
    paths["unsupported"] = folder / "unsupported.mp4"
    paths["unsupported"].write_bytes(data[:codec_at] + b"zzzz" + data[codec_at + 4 :])
    fast = write_film(folder / "fast.mp4", 3, size=(160, 90), faststart=True, gop=24)
    cut = fast.read_bytes()
    paths["truncated_faststart"] = folder / "truncated_faststart.mp4"
    paths["truncated_faststart"].write_bytes(cut[: len(cut) - 400])
    paths["no_video"] = _audio_only(folder / "no_video.m4a")
    paths["folder"] = folder / "folder.mp4"
    paths["folder"].mkdir(exist_ok=True)
    paths["missing"] = folder / "missing.mp4"
    return paths


def _audio_only(path: Path) -> Path:
    import av
    import numpy as np

    with av.open(str(path), "w") as container:
        stream = container.add_stream("aac", rate=48000, layout="stereo")
        for index in range(20):
            frame = av.AudioFrame.from_ndarray(
                np.zeros((2, 1024), np.float32), format="fltp", layout="stereo"
            )
            frame.sample_rate, frame.pts = 48000, index * 1024
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path
