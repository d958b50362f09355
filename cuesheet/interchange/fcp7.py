"""Final Cut Pro 7 XML (xmeml), as Premiere, Resolve, Hiero and FCP 7 write it, read by OpenTimelineIO's
FCP adapter once the XML has passed the safe parser. What the adapter keeps only in metadata is read
from there: disabled clips and tracks (``<enabled>FALSE</enabled>``), the drop-frame display format,
and ``<pathurl>`` for the source file's name."""

from __future__ import annotations

import copy
import re
from typing import Any
from xml.etree.ElementTree import Element

from cuesheet.domain.edit import EditTimeline, TimelineError
from cuesheet.domain.timecode import FrameRate
from cuesheet.interchange import safe_xml
from cuesheet.interchange.otio_timeline import from_otio
from cuesheet.interchange.timeline_text import first_line

FORMAT = "FCP 7 XML"


def read_fcp7(data: bytes, rate: FrameRate) -> EditTimeline:
    root = safe_xml.parse(data)
    if root.tag != "xmeml":
        raise TimelineError(f"<{str(root.tag)[:40]}>: not an FCP 7 XML file (its root is <xmeml>)")
    if root.find(".//sequence") is None:
        raise TimelineError("xmeml: the file holds no <sequence>")
    import opentimelineio as otio

    # The adapter's module comes through OTIO's plugin registry: it imports OTIO relatively and loads
    # only as opentimelineio.adapters.fcp_xml (the packaged app carries its source and metadata).
    # Its parser is given the tree already parsed safely, not the text to parse again.
    try:
        _add_track_rates(root)
        sequences = _parser(otio.adapters.from_name("fcp_xml").module(), root).top_level_sequences()
    except Exception as error:  # the adapter raises what its parsing meets; each is one line here
        raise TimelineError(f"xmeml: {first_line(error)}") from None
    timelines = [t for t in sequences if isinstance(t, otio.schema.Timeline)]
    if not timelines:
        raise TimelineError("xmeml: no sequence could be read")
    timeline = timelines[0]
    disabled = re.search(rb"<enabled>\s*false", data, re.IGNORECASE) is not None
    edit = from_otio(timeline, FORMAT, rate, _drop_frame(timeline), disabled_in_metadata=disabled)
    if len(timelines) > 1:
        edit.notes.append(
            f"the file holds {len(timelines)} sequences; the first, {timeline.name!r}, was read"
        )
    return edit


def _parser(adapter: Any, root: Element) -> Any:
    """The adapter's parser, describing each source file once. Premiere and FCP 7 describe a file
    in full where a clip first uses it and refer to it by id after; the adapter built its media
    reference, the file's whole element turned into metadata, again for every clip (a third of
    reading a 3,000-clip track of 40 songs). A reference is the same for every clip of that file
    at the same rate (a file without a rate of its own takes the clip's), so one is shared."""
    rate_of = getattr(adapter, "_rate_from_context", None)

    class Parser(adapter.FCP7XMLParser):  # type: ignore[misc]  # the adapter is untyped
        def __init__(self, root: Element) -> None:
            super().__init__(root)
            self.references: dict[tuple[int, Any], Any] = {}

        def media_reference_for_file_element(self, file_element: Element, context: Any) -> Any:
            if rate_of is None:  # another version of the adapter: no sharing, as it was
                return super().media_reference_for_file_element(file_element, context)
            key = (id(file_element), rate_of(context.context_pushing_element(file_element)))
            found = self.references.get(key)
            if found is None:
                found = self.references[key] = super().media_reference_for_file_element(file_element, context)
            return found

    return Parser(root)


def _add_track_rates(root: Element) -> None:
    """Give each <track> the <rate> of its sequence. The adapter looks a clip's rate up through its
    track, and a track without one of its own was searched child by child for every clip: a
    3,000-clip track took a second. Stating the inherited rate changes nothing else."""
    for sequence in root.iter("sequence"):  # nested sequences (in a clipitem) too
        rate = sequence.find("rate")
        for track in sequence.iterfind("media/*/track"):
            if rate is not None and track.find("rate") is None:
                track.insert(0, copy.deepcopy(rate))


def _drop_frame(timeline: Any) -> bool | None:
    found = timeline.metadata.get("fcp_xml", {}).get("timecode", {})
    shown = found.get("displayformat") if hasattr(found, "get") else None
    return None if shown is None else str(shown).upper() == "DF"
