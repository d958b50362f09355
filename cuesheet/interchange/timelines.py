"""Any editor's timeline a user brings, recognised by its content (not its name: a ``.edl`` that is
really XML is read as XML) and read into the one plain structure (domain.edit)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from cuesheet.domain.edit import EditTimeline, TimelineError
from cuesheet.domain.timecode import FrameRate
from cuesheet.interchange.timeline_text import TIMELINE_MAX_BYTES

FORMATS_READ = (
    "CMX 3600 EDL, FCP 7 XML (xmeml), FCPXML, AAF, OpenTimelineIO (.otio, .otioz), Pro Tools session text"
)
_XML_ROOT = re.compile(rb"<(?!\?|!)\s*([A-Za-z_][\w.-]*)")
_EDL_EVENT = re.compile(rb"^\s*\d{1,6}\s+\S+\s+\S+\s+\S+.*\d\d[:;]\d\d[:;]\d\d[:;]\d\d\s*$", re.MULTILINE)


def read_timeline(path: Path, rate: FrameRate) -> EditTimeline:
    """The timeline in ``path`` read at the project's ``rate``. Raises TimelineError in one line,
    without the file's name (the caller puts it in front)."""
    try:
        facts = os.stat(path)
    except FileNotFoundError:
        raise TimelineError("no such file") from None
    except OSError as error:
        raise TimelineError(f"cannot be read ({error.strerror or error})") from None
    if stat.S_ISDIR(facts.st_mode) and path.suffix.lower() == ".fcpxmld":
        return read_timeline(path / "Info.fcpxml", rate)  # Final Cut's bundle: the project inside
    if stat.S_ISDIR(facts.st_mode):
        raise TimelineError("is a folder, not a timeline file")
    if not stat.S_ISREG(facts.st_mode):
        raise TimelineError("is not a regular file (a device, pipe or socket)")
    with open(path, "rb") as file:
        head = file.read(4096)
    kind = sniff(head)
    if kind == "aaf":
        from cuesheet.interchange.aaf import read_aaf

        return read_aaf(path, rate)
    if facts.st_size > TIMELINE_MAX_BYTES:
        raise TimelineError(
            f"is {facts.st_size:,} bytes; the largest timeline read is {TIMELINE_MAX_BYTES:,}"
        )
    data = path.read_bytes()
    if kind is None and _EDL_EVENT.search(data[:262144]):
        kind = "edl"
    if kind == "edl":
        from cuesheet.interchange.edl import read_edl

        return read_edl(data, rate)
    if kind == "protools":
        from cuesheet.interchange.protools import read_protools_text

        return read_protools_text(data, rate)
    if kind == "fcp7":
        from cuesheet.interchange.fcp7 import read_fcp7

        return read_fcp7(data, rate)
    if kind == "otio":
        from cuesheet.interchange.otio_file import read_otio

        return read_otio(data, rate)
    if kind == "fcpxml":
        from cuesheet.interchange.fcpxml import read_fcpxml

        return read_fcpxml(data, rate)
    if b"\x00" in head:
        raise TimelineError(f"a binary file, not a timeline; Cuesheet reads {FORMATS_READ}")
    raise TimelineError(f"not a timeline Cuesheet recognises; it reads {FORMATS_READ}")


def sniff(head: bytes) -> str | None:
    """The format ``head`` (the file's first bytes) shows, or None (EDLs are found by their events)."""
    from cuesheet.interchange.aaf import MAGIC

    if head.startswith(MAGIC):
        return "aaf"
    if head.startswith(b"PK\x03\x04"):
        return "otio"  # .otioz: a zip holding content.otio
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        root = _XML_ROOT.search(_after_prolog(text))
        name = root.group(1).lower() if root else b""
        return {b"xmeml": "fcp7", b"fcpxml": "fcpxml"}.get(name, "xml")
    if text.startswith(b"{") and b"OTIO_SCHEMA" in text:
        return "otio"
    if text.upper().startswith(b"SESSION NAME:"):
        return "protools"
    if text.upper().startswith((b"TITLE:", b"FCM:")):
        return "edl"
    return None


def _after_prolog(text: bytes) -> bytes:
    """The XML after its declaration, comments and DOCTYPE (the root element's name follows)."""
    return re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", b"", text, flags=re.DOTALL)
