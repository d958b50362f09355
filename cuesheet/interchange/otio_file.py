"""OpenTimelineIO's own files: ``.otio`` (JSON) and ``.otioz`` (a zip of it with media). A file written
by a newer OpenTimelineIO names schemas this one does not know: refused with that reason."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from cuesheet.domain.edit import EditTimeline, TimelineError
from cuesheet.domain.timecode import FrameRate
from cuesheet.interchange.otio_timeline import from_otio
from cuesheet.interchange.timeline_text import TIMELINE_MAX_BYTES, first_line

FORMAT = "OpenTimelineIO"
_ZIP_JSON_MAX = TIMELINE_MAX_BYTES  # the content.otio inside an .otioz, uncompressed


def read_otio(data: bytes, rate: FrameRate) -> EditTimeline:
    if data[:4] == b"PK\x03\x04":
        data = _from_otioz(data)
    import opentimelineio as otio
    from opentimelineio.adapters import otio_json  # the module itself (see aaf.py)

    try:
        read = otio_json.read_from_string(data.decode("utf-8-sig", errors="replace"))
    except otio.exceptions.UnsupportedSchemaError as error:
        raise TimelineError(
            f"written by a newer OpenTimelineIO than this Cuesheet reads ({otio.__version__}): "
            f"{first_line(error)}"
        ) from None
    except Exception as error:  # JSON errors, unknown structures: one line
        raise TimelineError(f"not a readable OTIO file ({first_line(error)})") from None
    timelines = [read] if isinstance(read, otio.schema.Timeline) else list(
        read.find_children(descended_from_type=otio.schema.Timeline, shallow_search=True)
    ) if hasattr(read, "find_children") else []  # fmt: skip
    if not timelines:
        raise TimelineError("the OTIO file holds no timeline")
    # A timeline OTIO made from FCP XML keeps <enabled>FALSE</enabled> in its FCP metadata only.
    disabled = re.search(rb'"enabled"\s*:\s*"false"', data, re.IGNORECASE) is not None
    edit = from_otio(timelines[0], FORMAT, rate, None, disabled_in_metadata=disabled)
    if len(timelines) > 1:
        edit.notes.append(f"the file holds {len(timelines)} timelines; the first was read")
    return edit


def _from_otioz(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            info = archive.getinfo("content.otio")
            if info.file_size > _ZIP_JSON_MAX:
                raise TimelineError(f"content.otio unpacks to {info.file_size:,} bytes; too large to read")
            return archive.read(info)
    except (zipfile.BadZipFile, KeyError) as error:
        raise TimelineError(f"not an .otioz bundle ({first_line(error)})") from None
