"""The whole sheet as JSON (issue #15 §4): for the systems that re-key a cue sheet, and to carry a
project between machines as text.

One object: the production header, the settings, the totals, every cue in sequence order, and the
works, recordings, parties, licences and composer agreements they name. Each entity carries its
declared fields under their column names (``domain.fields.plain``: what ``cuesheet import`` reads
back, so export → import → export gives the same bytes) and, beside them, what the sheet computes
and prints — a cue's sequence number, printed title, timecodes, carved and printed durations as
ISO 8601 (``PT1M31S``), its usage code and the DDEX terms for its origin, use and vocals — which an
import ignores. ``resources/cuesheet.schema.json`` (``reports.sheet_schema``) describes it.

The DDEX terms are the allowed values of DDEX's ``CueOrigin``, ``CueUseType`` and ``CueVocalType``
as we read them in its published schemas; the file is not a DDEX message and claims no conformance.
Collections are written in id order and cues in sequence order, so two exports of one project
compare line by line.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from cuesheet import __version__
from cuesheet.domain.fields import plain
from cuesheet.domain.profiles import sung
from cuesheet.domain.project import Project
from cuesheet.domain.revisions import Revision
from cuesheet.domain.sheet import Line, Sheet
from cuesheet.domain.timecode import FrameRate, format_timecode, frames_to_ms
from cuesheet.domain.usage import Origin, UsageCode, Vocals

FORMAT = "cuesheet-sheet"  # what ``format`` says: an import recognises the file by it
FORMAT_VERSION = 1  # raised when a reader of this version would misread a newer file

DDEX_ORIGIN = {
    Origin.SCORE: "SpeciallyCommissionedMusic",
    Origin.LICENSED: "PreexistingMusic",
    Origin.LIBRARY: "LibraryMusic",
    Origin.PUBLIC_DOMAIN: "PreexistingMusic",  # DDEX has no public-domain origin: it pre-exists
}
DDEX_USE = {
    UsageCode.BI: "Background",
    UsageCode.BV: "Background",
    UsageCode.VI: "OnScreenMusic",
    UsageCode.VV: "OnScreenMusic",
    UsageCode.MT: "Theme",
    UsageCode.ET: "Theme",
    UsageCode.LOGO: "AudioLogo",
}


_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode  # C speed: no indent


def cue_sheet_json(project: Project, revision: Revision | None = None) -> bytes:
    """The document with one key of it, or one entity of a list, per line: as readable as an
    indented file and line by line comparable, at the speed of the C encoder (at 50,000 cues the
    whole export took 11.8 s indenting every level, 5.3 s so)."""
    parts = []
    document = sheet_document(project)
    if revision is not None:  # computed, as the PDF's banner: an import ignores it
        document["revision"] = revision.as_json()
    for key, value in document.items():
        if isinstance(value, list) and value:
            listed = ",\n  ".join(_DUMPS(item) for item in value)
            parts.append(f"{_DUMPS(key)}: [\n  {listed}\n ]")
        else:
            parts.append(f"{_DUMPS(key)}: {_DUMPS(value)}")
    return ("{\n " + ",\n ".join(parts) + "\n}\n").encode("utf-8")


def sheet_document(project: Project) -> dict[str, Any]:
    sheet = Sheet.of(project)
    production = project.production
    rate = production.rate
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generator": f"Cuesheet {__version__}",
        "production": {
            **plain(production),
            "start_timecode": format_timecode(production.start_frame, rate),
            "running_time_duration": frames_duration(production.running_time, rate),
        },
        "settings": plain(project.settings),
        "film": None if project.media is None else plain(project.media),
        "totals": _totals(sheet, rate),
        "cues": [_cue(line, number, project, rate) for number, line in enumerate(sheet, start=1)],
        "works": [_work(project, work_id) for work_id in sorted(project.works)],
        "recordings": _each(project.recordings),
        "parties": _each(project.parties),
        "licences": [
            {**plain(licence), "id": licence.id, "history": [plain(step) for step in licence.history]}
            for _, licence in sorted(project.licences.items())
        ],
        "agreements": _each(project.agreements),
        "motifs": list(project.motifs),
    }


def iso_duration(seconds: Fraction | int) -> str:
    """ISO 8601 ``PT…`` for a non-negative duration, to the millisecond: ``PT1H2M3.5S``, ``PT0S``."""
    if type(seconds) is int:
        return _iso(seconds * 1000)
    return _iso(int(Fraction(seconds) * 1000 + Fraction(1, 2)))  # half a millisecond up


def frames_duration(frames: int, rate: FrameRate) -> str:
    """``iso_duration`` of ``frames`` at ``rate`` (to the millisecond, as ``frames_to_ms``)."""
    return _iso(frames_to_ms(frames, rate))


def _iso(ms: int) -> str:
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    whole, ms = divmod(ms, 1000)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if whole or ms or text == "PT":
        text += f"{whole}.{ms:03d}".rstrip("0").rstrip(".") + "S"
    return text


def _totals(sheet: Sheet, rate: FrameRate) -> dict[str, Any]:
    return {
        "cues": len(sheet),
        "music_frames": sheet.frames,
        "music_seconds": sheet.total,  # the sum of the printed lines, as the PDF's total
        "music_duration": iso_duration(sheet.total),
        "by_usage": {code.value: seconds for code, seconds in sheet.by_usage.items()},
    }


def _cue(line: Line, number: int, project: Project, rate: FrameRate) -> dict[str, Any]:
    cue = line.cue
    usage = line.usage
    vocal = sung(usage, cue.vocals is Vocals.VOCAL)
    return {
        "sequence": number,
        **plain(cue),
        "id": cue.id,
        "title": line.printed_title,
        "tc_in": format_timecode(cue.start, rate),
        "tc_out": format_timecode(cue.end, rate),
        "length_frames": cue.end - cue.start,
        "duration_frames": line.frames,  # carved: ends where the next cue starts
        "duration_exact": frames_duration(line.frames, rate),
        "duration_seconds": line.seconds,
        "duration": iso_duration(line.seconds),  # as printed, rounded under the project's rule
        "carved": line.carved,
        "usage": usage.value,
        "ddex": {
            "CueOrigin": DDEX_ORIGIN[cue.origin],
            "CueUseType": DDEX_USE[usage],
            "CueVocalType": "Vocal" if vocal else "Instrumental",
        },
    }


def _work(project: Project, work_id: str) -> dict[str, Any]:
    work = project.works[work_id]
    interests = []
    for interest in work.interests:
        party = project.parties.get(interest.party_id)
        named = {"name": party.name, "society": party.society, "ipi": party.ipi} if party else {}
        interests.append({**plain(interest), **named})  # the party's facts repeated: read-only
    return {**plain(work), "id": work.id, "interests": interests}


def _each(items: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**plain(item), "id": item_id} for item_id, item in sorted(items.items())]
