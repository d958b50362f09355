"""The JSON Schema of the exported sheet (``cue_sheet_json``), made from the fields' declarations so
it cannot drift from what is written: ``resources/cuesheet.schema.json`` is this module's output
(``python -m cuesheet.reports.sheet_schema > resources/cuesheet.schema.json``; a test compares them,
and another validates exports against the file).

Objects are closed (``additionalProperties: false``): a field the writer adds without adding it
here fails the tests instead of reaching a reader that does not expect it.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.cue import Cue
from cuesheet.domain.fields import Codec, Declared, declared
from cuesheet.domain.licences import Licence, StatusChange
from cuesheet.domain.limits import TEXT_MAX
from cuesheet.domain.project import MediaRef, Production, Settings
from cuesheet.domain.rights import Interest, Party, Recording, Work
from cuesheet.domain.usage import UsageCode
from cuesheet.reports.cue_sheet_json import DDEX_ORIGIN, DDEX_USE, FORMAT, FORMAT_VERSION

SCHEMA_ID = "https://cuesheet.app/schema/cuesheet-sheet-1.json"  # a name, not a promise to serve it
_DECIMAL = {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$"}
_ISO_DURATION = {"type": "string", "pattern": r"^PT(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]{1,3})?S)?$"}
_TIMECODE = {"type": "string", "pattern": r"^-?[0-9]{2,4}:[0-9]{2}:[0-9]{2}[:;][0-9]{2,3}$"}  # to ±1,000 h
_ID = {"type": "string", "minLength": 1, "maxLength": TEXT_MAX}
_COUNT = {"type": "integer", "minimum": 0}


def schema() -> dict[str, Any]:
    cue = _entity(Cue, {
        "sequence": ({"type": "integer", "minimum": 1}, "Its line on the sheet, 1 first."),
        "title": ({"type": "string"}, "The title as printed ('(untitled)' when the work has none)."),
        "tc_in": (_TIMECODE, "In, as printed."),
        "tc_out": (_TIMECODE, "Out (exclusive), as printed."),
        "length_frames": ({"type": "integer"}, "Out minus In (validation flags an Out before the In)."),
        "duration_frames": (_COUNT, "The duration counted: ends where the next cue starts."),
        "duration_exact": (_ISO_DURATION, "duration_frames in seconds, to the millisecond."),
        "duration_seconds": (_COUNT, "The printed duration: whole seconds under the project's rounding."),
        "duration": (_ISO_DURATION, "duration_seconds as ISO 8601."),
        "carved": ({"type": "boolean"}, "The next cue starts before this one ends."),
        "usage": ({"enum": [code.value for code in UsageCode]}, "The usage code printed (US)."),
        "ddex": (_object({
            "CueOrigin": {"enum": sorted(set(DDEX_ORIGIN.values()))},
            "CueUseType": {"enum": sorted(set(DDEX_USE.values()))},
            "CueVocalType": {"enum": ["Instrumental", "Vocal"]},
        }), "The DDEX terms for origin, use and vocals (computed)."),
    })  # fmt: skip
    named = {  # the party's facts repeated beside each interest
        "name": ({"type": "string"}, "The party's name (computed)."),
        "society": ({"type": "string"}, "The party's society (computed)."),
        "ipi": ({"type": "string"}, "The party's IPI name number (computed)."),
    }
    interest = _entity(Interest, named, ids=False, partial=True)
    work = _entity(Work, {"interests": ({"type": "array", "items": interest},
                                        "Writers and publishers with their shares.")})  # fmt: skip
    licence = _entity(Licence, {"history": ({"type": "array", "items": _entity(StatusChange, ids=False)},
                                            "Each change of status, oldest first.")})  # fmt: skip
    production = _entity(Production, {
        "start_timecode": (_TIMECODE, "Where the picture starts, as timecode."),
        "running_time_duration": (_ISO_DURATION, "running_time in seconds."),
    }, ids=False)  # fmt: skip
    totals = _object({
        "cues": _COUNT, "music_frames": _COUNT, "music_seconds": _COUNT, "music_duration": _ISO_DURATION,
        "by_usage": {"type": "object", "propertyNames": {"enum": [c.value for c in UsageCode]},
                     "additionalProperties": _COUNT},
    })  # fmt: skip
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Cuesheet: a film's music cue sheet",
        "description": "Written by `cuesheet export --format json`, read by `cuesheet import`. Fields "
        "marked computed are what the sheet prints and are ignored on import. The DDEX terms are "
        "DDEX's allowed values as we read them; the file is not a DDEX message.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "format_version", "production", "cues", "works"],
        "properties": {
            "format": {"const": FORMAT},
            "format_version": {"const": FORMAT_VERSION},
            "generator": {"type": "string"},
            "production": production,
            "settings": _entity(Settings, ids=False),
            "film": {"anyOf": [{"type": "null"}, _entity(MediaRef, ids=False)]},
            "totals": totals,
            "cues": {"type": "array", "items": cue},
            "works": {"type": "array", "items": work},
            "recordings": {"type": "array", "items": _entity(Recording)},
            "parties": {"type": "array", "items": _entity(Party)},
            "licences": {"type": "array", "items": licence},
            "agreements": {"type": "array", "items": _entity(ComposerAgreement)},
            "motifs": {"type": "array", "items": {"type": "string"}},
            "revision": {
                **_REVISION,
                "description": "Present when the sheet has been filed: its "
                "version against the last filing and the changes since (computed).",
            },
        },
    }


def _entity(
    cls: type,
    extra: dict[str, tuple[dict[str, Any], str]] | None = None,
    ids: bool = True,
    partial: bool = False,
) -> dict[str, Any]:
    """``cls``'s declared fields (required: those without a default), its ``id``, and ``extra``
    (computed, so optional on import); ``partial``: the extras may be absent."""
    defaults = {f.name: f for f in dataclasses.fields(cls)}
    properties: dict[str, Any] = {}
    required: list[str] = []
    for d in declared(cls):
        properties.update(_field(d))
        f = defaults[d.name]
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(d.column)
    if ids:
        properties["id"] = _ID
        required.append("id")
    for name, (spec, text) in (extra or {}).items():
        properties[name] = {**spec, "description": text}
        if not partial:
            required.append(name)
    return {"type": "object", "additionalProperties": False, "required": required, "properties": properties}


def _field(d: Declared) -> dict[str, Any]:
    codec, described = d.codec, {"description": d.label}
    if codec in (Codec.RATE, Codec.FILM_RATE):
        ratio = {"type": "string", "pattern": r"^[0-9]+/[0-9]+$"}
        rate = ratio if codec is Codec.RATE else {"anyOf": [{"type": "null"}, ratio]}
        return {d.column: {**rate, **described},
                "drop_frame": {"type": "boolean", "description": "Drop-frame timecode"}}  # fmt: skip
    spec: dict[str, Any]
    if codec is Codec.TEXT:
        spec = {"type": "string", "maxLength": d.bound}
    elif codec is Codec.REF:
        spec = {"anyOf": [{"type": "null"}, _ID]} if d.optional else _ID
    elif codec is Codec.FRAMES:
        spec = {"type": "integer"}
    elif codec in (Codec.INT, Codec.LENGTH):
        spec = _COUNT
    elif codec is Codec.INDEX:
        spec = {"anyOf": [{"type": "null"}, _COUNT]}
    elif codec is Codec.FLAG:
        spec = {"type": "boolean"}
    elif codec is Codec.CHOICE:
        assert d.choices is not None
        spec = {"enum": [*(m.value for m in d.choices), *([None] if d.optional else [])]}
    elif codec is Codec.SHARE:
        spec = _DECIMAL
    else:  # FEE
        spec = {"anyOf": [{"type": "null"}, _DECIMAL]}
    return {d.column: {**spec, **described}}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": list(properties),
            "properties": properties}  # fmt: skip


_REVISION = _object({
    "label": {"type": "string"}, "revised": {"type": "boolean"}, "filings": _COUNT,
    "against": _object({"number": _COUNT, "version": {"type": "string"}, "filed_on": {"type": "string"},
                        "recipient": {"type": "string"}}),
    "changes": {"type": "array", "items": _object({
        "what": {"enum": ["added", "removed", "changed", "header"]}, "cue": {"type": "string"},
        "title": {"type": "string"}, "span": {"type": "string"}, "details": {"type": "string"}})},
})  # fmt: skip


def schema_text() -> str:
    return json.dumps(schema(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
