"""What a film is: exact rate, start timecode, length in frames, picture and sound (PyAV).

VLC reports rates wrongly (23.926 for 23.976) and knows nothing of the ``tmcd`` start timecode, so
the project's rate and start always come from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuesheet.domain.limits import clip_text
from cuesheet.domain.timecode import FrameRate, TimecodeError, format_timecode, parse_timecode
from cuesheet.media import cadence
from cuesheet.media.picture_shape import MAX_SHOWN, Shape, shape_of

if TYPE_CHECKING:  # PyAV is imported when first used (its libraries take ~0.2 s to load)
    from av import VideoFrame, VideoStream
    from av.container import InputContainer


class MediaError(Exception):
    """A film that cannot be used; ``str()`` is one line naming the problem."""


@dataclass(frozen=True)
class AudioStreamInfo:
    index: int
    channels: int
    sample_rate: int
    language: str = ""
    title: str = ""  # the stream's title, else its handler's name ("Music stem", "SoundHandler")
    layout: str = ""  # the channel layout ("stereo", "5.1", "mono")


@dataclass(frozen=True)
class MediaInfo:
    path: Path
    size: int
    rate: FrameRate
    start_frame: int  # absolute frame of the first picture (the tmcd start timecode)
    start_timecode: str | None  # as written in the file, None when the file has none
    duration_frames: int
    width: int
    height: int
    video_codec: str
    audio_streams: list[AudioStreamInfo] = field(default_factory=list)
    variable_frame_rate: bool = False
    shape: Shape | None = None  # aspect, rotation, fields (None: square, upright, progressive)

    def as_json(self) -> dict[str, object]:
        """The ``cuesheet probe --json`` form; these keys are a public contract."""
        return {
            "rate": self.rate.ratio,
            "drop_frame": self.rate.drop_frame,
            "start_timecode": format_timecode(self.start_frame, self.rate),
            "duration_frames": self.duration_frames,
            "width": self.width,
            "height": self.height,
            "video_codec": self.video_codec,
            "audio_streams": [
                {
                    "index": a.index,
                    "channels": a.channels,
                    "sample_rate": a.sample_rate,
                    "language": a.language,
                    "title": a.title,
                    "layout": a.layout,
                }
                for a in self.audio_streams
            ],
            "variable_frame_rate": self.variable_frame_rate,
            **(self.shape or Shape(self.width, self.height)).as_json(),
        }


def probe(path: Path) -> MediaInfo:
    """Read a film's facts, or raise MediaError naming what is wrong."""
    path = Path(path)
    with _opened(path, "film") as container:
        if not container.streams.video:
            raise MediaError(f"{path}: has no video stream")
        video = container.streams.video[0]
        if video.codec_context is None or video.codec_context.codec is None:
            raise MediaError(f"{path}: video codec not supported (no decoder for it in this build)")
        check_picture_size(path, video.codec_context.width, video.codec_context.height)
        first = _check_decodes(container, video, path)
        variable, usual = _cadence(container, video)
        measured = usual if variable else None
        rate_value = measured or video.average_rate or video.guessed_rate or video.base_rate
        if not rate_value:
            raise MediaError(f"{path}: frame rate unknown")
        timecode = _start_timecode(container)
        rate = _frame_rate(Fraction(rate_value), timecode)
        return MediaInfo(
            path=path,
            size=path.stat().st_size,
            rate=rate,
            start_frame=_start_frame(timecode, rate),
            start_timecode=timecode,
            duration_frames=_duration_frames(container, video, rate, variable),
            width=video.codec_context.width,
            height=video.codec_context.height,
            shape=shape_of(video, first),
            video_codec=video.codec_context.codec.name,
            audio_streams=_audio_streams(container),
            variable_frame_rate=variable,
        )


def sound_streams(path: Path) -> list[AudioStreamInfo]:
    """The audio streams of any media file, a sound file too (a film's new cut heard, issue #13)."""
    path = Path(path)
    with _opened(path, "file") as container:
        return _audio_streams(container)


def _opened(path: Path, what: str) -> Any:
    """``path`` opened with PyAV (checked first: a regular file), or MediaError in one line."""
    import av  # deferred: PyAV's libraries load in ~0.2 s, not needed for most commands

    check_path(path)
    try:
        return av.open(str(path), metadata_errors="replace", timeout=5)
    except (av.error.FFmpegError, OSError) as error:
        raise MediaError(f"{path}: not a playable {what} ({_reason(error)})") from None


def _audio_streams(container: Any) -> list[AudioStreamInfo]:
    return [
        AudioStreamInfo(
            index=s.index,
            channels=s.codec_context.channels,
            sample_rate=s.codec_context.sample_rate,
            language=clip_text(s.metadata.get("language", ""), 40),
            title=clip_text(_title(s.metadata), 200),
            layout=_layout(s),
        )
        for s in container.streams.audio
    ]


def _title(metadata: dict[str, str]) -> str:
    return " ".join(
        (metadata.get("title") or metadata.get("name") or metadata.get("handler_name") or "").split()
    )


def _layout(stream: object) -> str:
    layout = getattr(getattr(stream, "codec_context", None), "layout", None)
    return str(getattr(layout, "name", "") or "")


def check_picture_size(path: Path, width: int, height: int) -> None:
    """A stored picture larger than any shown (a few-KB file can state 16000x16000: 4 s, 1.4 GB)."""
    if max(width, height) > MAX_SHOWN:
        raise MediaError(
            f"{path}: its picture is {width}x{height}; Cuesheet shows up to {MAX_SHOWN} pixels a side"
        )


def check_path(path: Path) -> None:
    """The quick checks (no PyAV): a file, not a folder, not empty; MediaError otherwise."""
    if not path.exists():
        raise MediaError(f"{path}: no such file")
    if path.is_dir():
        raise MediaError(f"{path}: is a folder, not a film")
    if path.stat().st_size == 0:
        raise MediaError(f"{path}: is an empty file")


def _check_decodes(container: InputContainer, video: VideoStream, path: Path) -> VideoFrame:
    """Decode the first picture (returned) and reach the last packets: a film that cannot is
    refused now, not when the user scrubs to its end."""
    import av

    try:
        first = next(iter(container.decode(video)), None)
        if first is None:
            raise MediaError(f"{path}: no picture could be decoded")
        if video.duration and video.duration > 0 and not _reaches_end(container, video, video.duration):
            raise MediaError(f"{path}: is truncated (it ends before its stated length)")
    except av.error.FFmpegError as error:
        raise MediaError(f"{path}: cannot be decoded ({_reason(error)})") from None
    return first


def _reaches_end(container: InputContainer, video: VideoStream, duration: int) -> bool:
    """Read the last GOP's packets: their timestamps must reach the stated end of the stream."""
    end = (video.start_time or 0) + duration
    rate, time_base = video.average_rate, video.time_base
    frame_ticks = int(1 / (rate * time_base)) if rate and time_base else 0
    last = _last_end(container, video, end)
    return last is not None and last >= end - max(1, frame_ticks * 3 // 2)


def _last_end(container: InputContainer, video: VideoStream, end: int) -> int | None:
    """When the last picture ends, read from the packets before ``end`` (stream ticks). A transport
    stream is sought by bytes and can land inside the last GOP, or past its last picture: then back
    off further, until a keyframe is read (from time 0 of a film that short). A file that marks no
    keyframe is judged by its last minute's packets, never read whole."""
    start = video.start_time or 0
    second = int(1 / video.time_base) if video.time_base else 1
    unmarked = None
    for back in (1, 2 * second, 10 * second, 60 * second):
        whole = end - back <= start
        if whole:
            container.seek(0)  # time 0 of the file, before its first picture
        else:
            container.seek(end - back, stream=video, backward=True)
        last, any_last = _last_stamps(container.demux(video))
        if last is not None:
            return last
        unmarked = any_last if any_last is not None else unmarked
        if whole:
            break
    return unmarked


def _last_stamps(packets: Iterable[Any]) -> tuple[int | None, int | None]:
    """When the last picture ends (its stamp and its own duration: a phone holds its last picture
    for seconds; another packet's duration says nothing of the end) among the packets from the
    first keyframe on, and among all of them."""
    last = any_last = None  # (stamp, end) of the latest picture
    keyframe = False
    for packet in packets:
        if not packet.size or packet.pts is None:
            continue
        keyframe = keyframe or packet.is_keyframe
        picture = (packet.pts, packet.pts + max(0, packet.duration or 0))
        any_last = picture if any_last is None else max(any_last, picture)
        if keyframe:
            last = picture if last is None else max(last, picture)
    return (last[1] if last else None), (any_last[1] if any_last else None)


PROBED_FRAMES = 600
MIDDLE_FRAMES = 200
REORDER_DEPTH = 16  # H.264/HEVC decode at most 16 pictures ahead of the one displayed


def _cadence(container: InputContainer, video: VideoStream) -> tuple[bool, Fraction | None]:
    """Whether the frame rate is variable (phone footage, screen recordings), and the standard rate
    nearest the duration most frames last. Read from the first pictures and from the middle of the
    film: a film may change rate after its opening (its average rate then differs from both)."""
    time_base = Fraction(video.time_base) if video.time_base else Fraction(0)
    windows = [_stamps(container, video, None, PROBED_FRAMES)]
    if video.duration and video.duration > 0 and windows[0]:
        middle = (video.start_time or 0) + video.duration // 2
        if middle > windows[0][-1]:  # a short film is read whole already: not counted twice
            windows.append(
                [s for s in _stamps(container, video, middle, MIDDLE_FRAMES) if s > windows[0][-1]]
            )
    container.seek(0)
    tolerance = cadence.millisecond(time_base)
    usual = cadence.usual_duration(windows, time_base)
    variable = not all(cadence.on_a_grid(stamps, tolerance) for stamps in windows)
    average = video.average_rate
    if not variable and usual and average and abs(Fraction(average) * usual - 1) > Fraction(1, 100):
        variable = True  # regular in each window, but at another rate on the whole
    return variable, cadence.standard_rate(1 / usual) if usual else None


def _stamps(container: InputContainer, video: VideoStream, at: int | None, count: int) -> list[int]:
    """Presentation stamps of ``count`` pictures from the first keyframe at or after ``at`` (None:
    the start of the file), ascending. The start is sought as time 0 of the file: a transport
    stream sought to its video's start time lands past its first pictures."""
    if at is None:
        container.seek(0)
    else:
        container.seek(at, stream=video, backward=True)
    first: int | None = None  # pictures before the first keyframe read belong to a GOP not read
    stamps: list[int] = []
    for read, packet in enumerate(container.demux(video)):
        if read >= 4 * count + REORDER_DEPTH:
            break  # no keyframe soon (a long GOP, or none marked): this stretch tells nothing
        if packet.pts is None or not packet.size:
            continue
        if first is None and packet.is_keyframe:
            first = packet.pts
        if first is not None and packet.pts >= first:
            stamps.append(packet.pts)
        if len(stamps) >= count + REORDER_DEPTH:
            break
    # Packets come in decode order: with B-frames the last ones read run ahead of pictures not yet
    # read. Past the reorder depth none can be missing, so keep the earliest in presentation order.
    return sorted(stamps)[:count]


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)


def _start_timecode(container: InputContainer) -> str | None:
    for stream in container.streams:
        if "timecode" in stream.metadata:
            return str(stream.metadata["timecode"])
    return container.metadata.get("timecode")


def _frame_rate(rate: Fraction, timecode: str | None) -> FrameRate:
    # Containers store 23.976 as 24000/1001 but sometimes as a rounded ratio; snap to NTSC rates.
    for ntsc in (Fraction(24000, 1001), Fraction(30000, 1001), Fraction(60000, 1001)):
        if abs(rate - ntsc) < Fraction(1, 1000):
            rate = ntsc
    drop = bool(timecode and ";" in timecode and rate.denominator == 1001 and rate.numerator != 24000)
    return FrameRate(rate, drop)


def _start_frame(timecode: str | None, rate: FrameRate) -> int:
    if not timecode:
        return 0
    try:
        return parse_timecode(timecode.replace(".", ":"), rate)
    except TimecodeError:
        return 0


def _duration_frames(container: InputContainer, video: VideoStream, rate: FrameRate, variable: bool) -> int:
    """Frames at the project's rate: the pictures counted, or (variable rate: frames are moments)
    the frames that begin before the film ends; a film that states no length (a WebM recorded
    live) is measured by reading its packets."""
    if video.frames and not variable:
        return int(video.frames)
    if video.duration is not None and video.time_base:
        seconds = Fraction(video.duration) * video.time_base
    elif container.duration is not None and video.time_base:
        # The file's length counts its sound too (Matroska states only that): the picture's end
        # is read from its last packets.
        stated = (video.start_time or 0) + int(Fraction(container.duration, 1_000_000) / video.time_base)
        last = _last_end(container, video, stated)
        seconds = Fraction(last - (video.start_time or 0)) * video.time_base if last else Fraction(0)
    else:
        seconds = _measured_seconds(container, video)
    if variable:
        return cadence.frames_until(seconds, Fraction(1), rate.rate)
    return round(seconds * rate.rate)


SCANNED_PACKETS = 300_000  # 2.8 hours at 30 frames a second (~2 s): a longer one's length stays unknown


def _measured_seconds(container: InputContainer, video: VideoStream) -> Fraction:
    """From the first picture to the end of the last, read from the packets (no decoding)."""
    if not video.time_base:
        return Fraction(0)
    container.seek(0)
    first = last = None
    for count, packet in enumerate(container.demux(video)):
        if count >= SCANNED_PACKETS:
            return Fraction(0)
        if packet.pts is None or not packet.size:
            continue
        end = packet.pts + max(0, packet.duration or 0)
        first = packet.pts if first is None else min(first, packet.pts)
        last = end if last is None else max(last, end)
    return Fraction(last - first) * video.time_base if first is not None and last is not None else Fraction(0)
