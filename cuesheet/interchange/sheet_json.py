"""Reading a sheet exported as JSON (``reports.cue_sheet_json``) back into a project (issue #15 §4).

The file is received, so nothing in it is trusted: it is read whole up to ``JSON_MAX_BYTES`` and
about ``VALUES_MAX`` values (commas counted on the bytes before parsing: a file of 40 million empty
strings would take gigabytes as Python objects), its numbers are parsed bounded (a 5,000-digit integer, a
40-digit decimal, ``1e999999999`` or ``NaN`` are refused; a decimal stays exact), text must be
Unicode (a lone surrogate escape is refused), every value must have the JSON type its field
declares and a code must be one of its field's, and each is then read as a project file's value is
(``store.rows``: texts clipped, positions clamped). Collections hold at most ``ITEMS_MAX`` items.
Ids must be unique and every reference must name an entity of the file. What the sheet computes (titles,
timecodes, durations, usage, DDEX terms) is ignored: the stored facts decide, so export → import →
export gives the same file. A file from a newer format version is refused with that reason.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, TypeVar

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.cue import Cue
from cuesheet.domain.fields import Codec, Declared, declared, plain_value
from cuesheet.domain.licences import Licence, StatusChange
from cuesheet.domain.limits import TEXT_MAX, clip_text
from cuesheet.domain.project import MediaRef, Production, Project
from cuesheet.domain.rights import Interest, Party, Recording, Work
from cuesheet.domain.timecode import FrameRate
from cuesheet.reports.cue_sheet_json import FORMAT, FORMAT_VERSION
from cuesheet.store import rows
from cuesheet.store.errors import ProjectError

JSON_MAX_BYTES = 128 * 1024 * 1024  # a 50,000-cue sheet is 67–80 MB and reads at ~400 MB peak
VALUES_MAX = 8_000_000  # commas (one after each value but a last): ~3.5 million at 50,000 cues
ITEMS_MAX = 200_000  # per collection (cues, works, …): four times a 50,000-cue sheet
CHILDREN_MAX = 1_000  # a work's interests, a licence's history
_DIGITS_MAX = 20  # a whole number longer than this is no position, size or count
_DECIMAL_MAX = 40  # characters of a decimal (limits.parse_bounded_decimal reads no longer)
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")  # an escaped surrogate: checked after parsing
T = TypeVar("T")
_EXPECTED = {  # codec: the JSON types its value may have, and what the message calls them
    Codec.TEXT: ((str,), "text"),
    Codec.REF: ((str, type(None)), "an id or null"),
    Codec.INT: ((int,), "a whole number"),
    Codec.INDEX: ((int, type(None)), "a stream index or null"),
    Codec.FRAMES: ((int,), "a whole number of frames"),
    Codec.LENGTH: ((int,), "a whole number of frames"),
    Codec.FLAG: ((bool,), "true or false"),
    Codec.CHOICE: ((str, type(None)), "a code"),
    Codec.SHARE: ((str, int, Decimal), "a number"),
    Codec.FEE: ((str, int, Decimal, type(None)), "a number or null"),
}


class SheetJsonError(ProjectError):
    """The file is no sheet this version can read; the message says where and why, in one line."""


_FORMAT_KEY = re.compile(rb'"format"\s*:\s*"' + FORMAT.encode() + rb'"')


def is_sheet_json(head: bytes, suffix: str = "") -> bool:
    """Whether a file starting with ``head`` (its first few KB) is read as an exported sheet: an
    object naming our format near its start, or any object in a ``.json`` file (reformatted or
    key-sorted by a tool, its format key may come late; the reader then says what it is)."""
    text = _text_start(head)
    if not text.startswith("{"):
        return False
    return bool(_FORMAT_KEY.search(text.encode("utf-8", "replace"))) or (
        suffix.lower() == ".json" and '"OTIO_SCHEMA"' not in text
    )


def _text_start(head: bytes) -> str:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, "replace").lstrip()
    return head.decode("utf-8", "replace").lstrip()


def _decoded(data: bytes) -> str:
    """The text of the file: UTF-8 (with or without its BOM), or UTF-16 with its BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def read_sheet_json(data: bytes, source: str = "") -> Project:
    where = f"{source}: " if source else ""
    if len(data) > JSON_MAX_BYTES:
        raise SheetJsonError(f"{where}is larger than {JSON_MAX_BYTES // 2**20} MB; no sheet is")
    if data.count(b",") > VALUES_MAX:  # a comma in a text counts too: an upper bound, cheaply
        raise SheetJsonError(f"{where}holds more than {VALUES_MAX:,} values; no sheet does")
    try:
        document = json.loads(_decoded(data), parse_int=_whole, parse_float=_decimal,
                              parse_constant=_refuse_constant)  # fmt: skip
        if _SURROGATE.search(data):  # rare: a text escaped as \ud83d\ude00; a lone one is no text
            json.dumps(document, ensure_ascii=False).encode("utf-8")
        return _Read(document).project()
    except SheetJsonError as error:
        raise SheetJsonError(f"{where}{error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SheetJsonError(f"{where}is not JSON text ({error})") from None
    except UnicodeEncodeError:
        raise SheetJsonError(f"{where}holds a lone surrogate escape, which is no Unicode text") from None
    except RecursionError:
        raise SheetJsonError(f"{where}is nested too deeply to be a sheet") from None


def _whole(text: str) -> int:
    if len(text.lstrip("-")) > _DIGITS_MAX:
        raise SheetJsonError(f"the number {text[:24]}… is too long")
    return int(text)


def _decimal(text: str) -> Decimal:
    """A share or fee written as a number: bounded before it is made (``1e999999999`` written out
    in full is a gigabyte)."""
    value = Decimal(text) if len(text) <= _DECIMAL_MAX else None
    if value is None or not -_DIGITS_MAX <= value.adjusted() <= _DIGITS_MAX:
        raise SheetJsonError(f"the number {text[:24]} is out of any range a sheet uses")
    return value


def _refuse_constant(name: str) -> None:
    raise SheetJsonError(f"{name} is not a number a sheet holds")


class _Read:
    def __init__(self, document: Any) -> None:
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise SheetJsonError(f'is not a sheet exported by Cuesheet (no "format": "{FORMAT}")')
        version = document.get("format_version")
        if type(version) is not int or version < 1:
            raise SheetJsonError("has no format_version")
        if version > FORMAT_VERSION:
            raise SheetJsonError(
                f"was written by a newer Cuesheet (sheet format {version}; this version reads up to "
                f"{FORMAT_VERSION}): open it with that version"
            )
        self.document = document

    def project(self) -> Project:
        header = self._object(self.document.get("production"), "production")
        rate = self._rate(header, "production")
        self.reader = rows.Reader(rate)
        film = self.document.get("film")
        film_row = None if film is None else self._object(film, "film")
        media = None if film_row is None else MediaRef(*self._values(MediaRef, film_row, "film"))
        project = Project(
            production=Production(*self._values(Production, header, "production")),
            settings=self._settings(),
            media=media,
            motifs=[clip_text(self._text(m, f"motifs[{n}]")) for n, m in enumerate(self._list("motifs"))],
        )  # fmt: skip
        project.parties = self._entities("parties", Party)
        project.recordings = self._entities("recordings", Recording)
        project.agreements = self._entities("agreements", ComposerAgreement)
        project.works = self._entities("works", Work, ("interests", Interest))
        project.licences = self._entities("licences", Licence, ("history", StatusChange))
        project.cues = self._entities("cues", Cue)
        _References(project).check()
        return project

    # -- collections --------------------------------------------------------------------------

    def _entities(self, key: str, cls: type[T], children: tuple[str, type] | None = None) -> dict[str, T]:
        found: dict[str, T] = {}
        for n, item in enumerate(self._list(key)):
            path = f"{key}[{n}]"
            obj = self._object(item, path)
            item_id = self._text(obj.get("id"), f"{path}.id")
            if not 0 < len(item_id) <= TEXT_MAX:
                raise SheetJsonError(f"{path}.id: must be 1 to {TEXT_MAX} characters")
            if item_id in found:
                raise SheetJsonError(f"{path}.id: {item_id!r} is used twice")
            with _at(path):
                found[item_id] = self._entity(cls, obj, path, item_id, children)
        return found

    def _entity(
        self, cls: type[T], obj: dict[str, Any], path: str, item_id: str, children: tuple[str, type] | None
    ) -> T:
        more: dict[str, Any] = {}
        if children is not None:  # a work's interests, a licence's history
            name, child = children
            listed = obj.get(name, [])
            if not isinstance(listed, list):
                raise SheetJsonError(f"{path}.{name}: expected a list")
            if len(listed) > CHILDREN_MAX:
                raise SheetJsonError(f"{path}.{name}: holds more than {CHILDREN_MAX:,} items")
            paths = [f"{path}.{name}[{i}]" for i in range(len(listed))]
            more[name] = self.reader.children(child, [
                (None, i, *self._row(child, self._object(c, at), at))
                for i, (c, at) in enumerate(zip(listed, paths, strict=True))
            ])  # fmt: skip
        return self.reader.entity(cls, [*self._row(cls, obj, path), item_id], **more)

    def _list(self, key: str) -> list[Any]:
        value = self.document.get(key, [])
        if not isinstance(value, list):
            raise SheetJsonError(f"{key}: expected a list")
        if len(value) > ITEMS_MAX:
            raise SheetJsonError(f"{key}: holds {len(value):,} items; a sheet holds at most {ITEMS_MAX:,}")
        return value

    # -- values -------------------------------------------------------------------------------

    def _values(self, cls: type, obj: dict[str, Any], path: str) -> list[Any]:
        """A single row's values (the production's, the film's: a rate takes two columns)."""
        with _at(path):
            return self.reader.values(cls, self._row(cls, obj, path))

    def _row(self, cls: type, obj: dict[str, Any], path: str) -> list[Any]:
        """``obj``'s values in ``cls``'s column order, each of the JSON type its field declares."""
        row: list[Any] = []
        for d, default, codes in _defaults(cls):
            if d.codec in (Codec.RATE, Codec.FILM_RATE):
                row += [obj.get(d.column), _drop_frame(obj, path)]
                continue
            value = obj.get(d.column, default)
            if value is dataclasses.MISSING:
                raise SheetJsonError(f"{path}.{d.column}: is missing")
            types, what = _EXPECTED[d.codec]
            if type(value) not in types or (value is None and d.codec is Codec.REF and not d.optional):
                raise SheetJsonError(f"{path}.{d.column}: expected {what}, found {_kind(value)}")
            if codes is not None and value not in codes and (value not in (None, "") or not d.optional):
                listed = ", ".join(codes)
                shown = "null" if value is None else repr(str(value)[:40])
                raise SheetJsonError(f"{path}.{d.column}: {shown} is not one of {listed}")
            row.append(format(value, "f") if isinstance(value, Decimal) else value)  # 1E+2: 100
        return row

    def _rate(self, header: dict[str, Any], path: str) -> FrameRate:
        ratio = header.get("rate")
        if not isinstance(ratio, str):
            raise SheetJsonError(f'{path}.rate: expected a rate such as "24000/1001"')
        try:
            return rows.rate_from(ratio, _drop_frame(header, path))
        except ValueError as error:
            raise SheetJsonError(f"{path}.rate: {error}") from None

    def _settings(self) -> Any:
        obj = self._object(self.document.get("settings", {}), "settings")
        # Settings are preferences: a value this version does not know keeps its default.
        return rows.settings_from([(k, v) for k, v in obj.items() if v is None or isinstance(v, str)])

    @staticmethod
    def _object(value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise SheetJsonError(f"{path}: expected an object, found {_kind(value)}")
        return value

    @staticmethod
    def _text(value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise SheetJsonError(f"{path}: expected text, found {_kind(value)}")
        return value


@contextmanager
def _at(path: str) -> Iterator[None]:
    """A value the store's readers refuse (an unknown code, a rate that is none), named by where."""
    try:
        yield
    except SheetJsonError:
        raise
    except (ValueError, TypeError) as error:
        raise SheetJsonError(f"{path}: {error}") from None


def _drop_frame(obj: dict[str, Any], path: str) -> bool:
    value = obj.get("drop_frame", False)
    if type(value) is not bool:
        raise SheetJsonError(f"{path}.drop_frame: expected true or false, found {_kind(value)}")
    return value


_DEFAULTS: dict[type, list[tuple[Declared, Any, dict[str, None] | None]]] = {}


def _defaults(cls: type) -> list[tuple[Declared, Any, dict[str, None] | None]]:
    """Each declared field with its value when the file leaves it out, as ``plain`` writes it
    (``dataclasses.MISSING``: the field has no default, the file must give it), and a choice's codes."""
    found = _DEFAULTS.get(cls)
    if found is None:
        by_name = {f.name: f for f in dataclasses.fields(cls)}
        found = []
        for d in declared(cls):
            f = by_name[d.name]
            if f.default is not dataclasses.MISSING:
                default = plain_value(d, f.default)
            elif f.default_factory is not dataclasses.MISSING:
                default = plain_value(d, f.default_factory())
            else:
                default = dataclasses.MISSING
            codes = None if d.choices is None else dict.fromkeys(str(m.value) for m in d.choices)
            found.append((d, default, codes))
        _DEFAULTS[cls] = found
    return found


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


class _References:
    """Every id a cue, work or licence names is an entity of the file."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def check(self) -> None:
        p = self.project
        for n, cue in enumerate(p.cues.values()):
            self._names(p.works, cue.work_id, f"cue {cue.number or n + 1}", "work")
            self._names(p.recordings, cue.recording_id, f"cue {cue.number or n + 1}", "recording")
            self._names(p.agreements, cue.agreement_id, f"cue {cue.number or n + 1}", "agreement")
        for work in p.works.values():
            for interest in work.interests:
                self._names(p.parties, interest.party_id, f"work {work.title!r}", "party")
        for licence in p.licences.values():
            self._names(p.works, licence.work_id, f"licence {licence.id}", "work")
            self._names(p.recordings, licence.recording_id, f"licence {licence.id}", "recording")
            self._names(p.parties, licence.party_id, f"licence {licence.id}", "party")

    @staticmethod
    def _names(items: dict[str, Any], ref: str | None, who: str, kind: str) -> None:
        if ref is not None and ref not in items:
            raise SheetJsonError(f"{who} names {kind} {ref[:40]!r}, which the file does not hold")
