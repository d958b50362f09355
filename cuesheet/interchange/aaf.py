"""AAF from Avid Media Composer, Pro Tools, Premiere and Resolve, read by OpenTimelineIO's AAF adapter
(through pyaaf2). The sequence's start timecode is read with pyaaf2 from the composition's timecode
slot when OTIO gives none. An AAF is a compound file that may carry gigabytes of embedded media, so
it is read from its path, never loaded whole."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any

from cuesheet.domain.edit import EditTimeline, TimelineError
from cuesheet.domain.timecode import FrameRate
from cuesheet.interchange.otio_timeline import from_otio
from cuesheet.interchange.timeline_text import first_line

FORMAT = "AAF"
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file (AAF's container)


def read_aaf(path: Path, rate: FrameRate) -> EditTimeline:
    with open(path, "rb") as file:
        if file.read(8) != MAGIC:
            raise TimelineError("not an AAF file (no compound-file header)")
    start = _start_timecode(path, rate)
    import opentimelineio as otio

    # The adapter module itself, not OTIO's plugin registry (package metadata and a JSON manifest
    # beside the module's source, neither of which a packaged app has).
    from otio_aaf_adapter.adapters import advanced_authoring_format as adapter

    said = io.StringIO()
    with _quiet(), redirect_stdout(said):  # the adapter prints what it cannot place to stdout
        try:
            read = adapter.read_from_file(str(path))
        except Exception as error:  # pyaaf2 and the adapter raise what the file's structure provokes
            raise TimelineError(f"not a readable AAF composition ({first_line(error)})") from None
    timelines = [read] if isinstance(read, otio.schema.Timeline) else list(
        read.find_children(descended_from_type=otio.schema.Timeline, shallow_search=True))  # fmt: skip
    if not timelines:
        raise TimelineError("the AAF holds no composition (sequence)")
    timeline = timelines[0]
    drop = start[1] if start else None
    first = None if timeline.global_start_time is not None or start is None else start[0]
    edit = from_otio(timeline, FORMAT, rate, drop, first)
    printed = [line.strip() for line in said.getvalue().splitlines() if line.strip()]
    if printed:
        edit.notes.append(
            f"the AAF reader passed over {len(printed)} item(s) it could not place ({printed[0][:80]})"
        )
    if len(timelines) > 1:
        edit.notes.append(
            f"the file holds {len(timelines)} compositions; the first, {timeline.name!r}, was read"
        )
    return edit


def _start_timecode(path: Path, rate: FrameRate) -> tuple[int, bool] | None:
    """(first frame, drop frame) from the first top-level composition's timecode, if it has one at
    the project's timecode rate."""
    import aaf2

    try:
        with _quiet(), aaf2.open(str(path), "r") as file:
            for mob in file.content.toplevel():
                for slot in mob.slots:
                    found = _timecode_in(slot.segment, aaf2)
                    if found is not None and int(found.fps) == rate.nominal:
                        return int(found.start), bool(found.drop)
                return None
    except Exception as error:  # a damaged compound file: said once, in one line
        raise TimelineError(f"not a readable AAF file ({first_line(error)})") from None
    return None


def _timecode_in(segment: Any, aaf2: Any) -> Any:
    if isinstance(segment, aaf2.components.Timecode):
        return segment
    for index, component in enumerate(getattr(segment, "components", ())):
        if index >= 16:  # a timecode track holds one segment; never walk a long sequence for it
            break
        if isinstance(component, aaf2.components.Timecode):
            return component
    return None


@contextmanager
def _quiet() -> Iterator[None]:
    """The adapter logs through the root logger ("Fraction(0,0) not mathematically plausible"):
    not the user's concern while a file is read."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)
