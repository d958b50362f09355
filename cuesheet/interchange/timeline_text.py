"""What the text readers of editors' timelines (EDL, Pro Tools session text) share: decoding bytes
whose encoding no file states, and reading a timecode within the project's bounds."""

from __future__ import annotations

from urllib.parse import unquote, urlparse

from cuesheet.domain.edit import TimelineError
from cuesheet.domain.limits import TEXT_MAX, max_frames
from cuesheet.domain.timecode import FrameRate, TimecodeError, parse_timecode

TIMELINE_MAX_BYTES = 64 * 1024 * 1024  # a 3,000-event EDL is ~0.5 MB; a film's session text ~2 MB
MAX_CLIPS = 200_000  # far above any film's timeline; a bound on memory, not a guess at real files


def decode(data: bytes) -> str:
    """The text of ``data``: UTF-8 (with or without a byte-order mark), else Windows-1252, which every
    byte decodes in (Avid and Pro Tools on Windows; Mac Roman text reads as the same letters where it
    matters: digits, timecodes, tabs). A NUL byte means a binary file, refused."""
    if len(data) > TIMELINE_MAX_BYTES:
        raise TimelineError(
            f"the file is {len(data):,} bytes; the largest timeline read is {TIMELINE_MAX_BYTES:,} bytes"
        )
    if b"\x00" in data:
        raise TimelineError("the file is binary (it contains NUL bytes), not a text timeline")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def text_field(value: str) -> str:
    """A name read from a timeline: trimmed, control characters dropped, at most TEXT_MAX characters."""
    value = value.strip()[: TEXT_MAX * 4]  # what a name could keep, before it is looked at
    if value.isascii() and value.isprintable():  # nearly every name: nothing to drop
        return value[:TEXT_MAX]
    cleaned = "".join(c for c in value if c >= " " and c != "\x7f")
    return cleaned[:TEXT_MAX]


def file_name(path_or_url: str) -> str:
    """A source file's name without its folders, from a path (``/``, ``\\``) or a ``file://`` URL."""
    path = unquote(urlparse(path_or_url).path) if "://" in path_or_url else path_or_url
    return text_field(path.replace("\\", "/").rsplit("/", 1)[-1])


def first_line(error: BaseException) -> str:
    """What an adapter or parser raised, as one line for the user (its type when it says nothing)."""
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]


def timecode(text: str, rate: FrameRate, line: int) -> int:
    """The frame of ``text`` at ``rate``, bounded like every position in a project."""
    try:
        frame = parse_timecode(text, rate)
    except TimecodeError as error:
        raise TimelineError(f"line {line}: {error}") from None
    if abs(frame) > max_frames(rate.rate):
        raise TimelineError(f"line {line}: {text.strip()} is beyond the longest timeline read (1,000 hours)")
    return frame
