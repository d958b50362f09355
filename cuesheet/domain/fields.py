"""Each stored field declared once, on its dataclass: its label, its column and how it is stored.

A field carries ``meta(...)`` in its dataclass metadata::

    isrc: str = field(default="", metadata=meta("ISRC"))
    start: int = field(metadata=meta("In", FRAMES))

and everything that used to list the fields by hand reads the declarations instead: the store's
schema columns and row codecs (``store.rows``, ``store.schema``), the report columns that are one
field each (the licensing report) and the panels' labels. Structural fields — an entity's ``id``,
a work's interests, a licence's history — carry no ``meta`` and stay where their structure is
handled. The column order of a table is the declaration order (the file format: reordering fields
changes it, and every project file would be refused; a test pins it).

The codec names the kind of value, not a storage type (the domain knows no SQLite): the store maps
each codec to how it writes and reads it, and reading applies the bounds of ``domain.limits``.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, fields
from enum import Enum
from types import UnionType
from typing import Any

from cuesheet.domain.limits import TEXT_MAX


class Codec(Enum):
    TEXT = "text"  # str, at most ``bound`` characters
    REF = "ref"  # str | None: the id of another entity, None for none
    INT = "int"  # a non-negative count (a file's size)
    FRAMES = "frames"  # a position in frames, within ±``limits.max_frames`` at the project's rate
    LENGTH = "length"  # a duration in frames, 0…``limits.max_frames``
    FLAG = "flag"  # bool
    CHOICE = "choice"  # an Enum member (None too, when the field's type allows it), by its value
    SHARE = "share"  # Decimal percent, 0–100 (unreadable: 0)
    FEE = "fee"  # Decimal | None, 0–``limits.FEE_MAX`` (unreadable: unknown)
    RATE = "rate"  # FrameRate, as its ratio and drop-frame flag (two columns: ``rate``, ``drop_frame``)
    FILM_RATE = "film_rate"  # FrameRate | None as RATE; unusable: forgotten (it only helps recognise)
    INDEX = "index"  # int | None: a stream's index in a file, 0…2^63; None (or unusable): none chosen


TEXT, REF, INT, FRAMES, LENGTH = Codec.TEXT, Codec.REF, Codec.INT, Codec.FRAMES, Codec.LENGTH
FLAG, CHOICE, SHARE, FEE, RATE, FILM_RATE, INDEX = (
    Codec.FLAG, Codec.CHOICE, Codec.SHARE, Codec.FEE, Codec.RATE, Codec.FILM_RATE, Codec.INDEX,
)  # fmt: skip
_KEY = "cuesheet"


@dataclass(frozen=True, slots=True)
class Meta:
    label: str  # what a person reads: a panel's label, a report's column header
    codec: Codec
    column: str  # the store column ("" = the field's name)
    bound: int  # TEXT: the longest text, in characters


def meta(label: str, codec: Codec = TEXT, *, column: str = "", bound: int = TEXT_MAX) -> dict[str, Meta]:
    """A field's metadata: ``field(default=…, metadata=meta("Label", CODEC))``."""
    return {_KEY: Meta(label, codec, column, bound)}


@dataclass(frozen=True, slots=True)
class Declared:
    """One declared field of a dataclass, resolved: its name and ``Meta``, its column and, for a
    CHOICE, the Enum it holds and whether None is allowed."""

    name: str
    label: str
    codec: Codec
    column: str
    bound: int
    choices: type[Enum] | None
    optional: bool

    @property
    def columns(self) -> tuple[str, ...]:
        """The store columns it takes (a rate takes two)."""
        return (self.column, "drop_frame") if self.codec in (RATE, FILM_RATE) else (self.column,)


def declared(cls: type) -> tuple[Declared, ...]:
    """``cls``'s declared fields in declaration order (fields without ``meta`` left out)."""
    found = _DECLARED.get(cls)
    if found is None:
        found = _DECLARED[cls] = _resolve(cls)
    return found


_DECLARED: dict[type, tuple[Declared, ...]] = {}


def _resolve(cls: type) -> tuple[Declared, ...]:
    hints = typing.get_type_hints(cls)
    found = []
    for f in fields(cls):
        info = f.metadata.get(_KEY)
        if info is None:
            continue
        choices, optional = _enum_of(hints[f.name])
        if info.codec is CHOICE and choices is None:
            raise TypeError(f"{cls.__name__}.{f.name}: a CHOICE field must hold an Enum")
        found.append(
            Declared(f.name, info.label, info.codec, info.column or f.name, info.bound, choices, optional)
        )
    return tuple(found)


def labels(cls: type) -> dict[str, str]:
    """Field name → label, for every declared field of ``cls``."""
    return {d.name: d.label for d in declared(cls)}


def _enum_of(hint: Any) -> tuple[type[Enum] | None, bool]:
    """(the Enum in ``X`` or ``X | None``, whether None is allowed)."""
    args = (
        typing.get_args(hint)
        if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union
        else ()
    )
    optional = type(None) in args
    members = [a for a in args if a is not type(None)] if args else [hint]
    enum = (
        members[0]
        if len(members) == 1 and isinstance(members[0], type) and issubclass(members[0], Enum)
        else None
    )
    return enum, optional


def plain(item: Any) -> dict[str, Any]:
    """``item``'s declared fields as plain values by column — text, whole numbers, booleans, None;
    a choice by its value, a share or fee as exact decimal text, a rate as its ``num/den`` ratio
    and a ``drop_frame`` flag — what a machine-readable export writes (``store.rows`` reads each
    back within its bounds)."""
    plan = _PLAIN.get(type(item))
    if plan is None:
        plan = _PLAIN[type(item)] = [(d.column, d.name, _plain_kind(d)) for d in declared(type(item))]
    values: dict[str, Any] = {}
    for column, name, kind in plan:  # a 50,000-cue export asks this 250,000 times
        value = getattr(item, name)
        if kind == 0 or value is None:
            values[column] = value
        elif kind == 1:
            values[column] = value.value
        elif kind == 2:
            values[column] = format(value, "f")  # plain notation: 0E-7 is 0.0000000
        else:
            values[column] = value.ratio
        if kind == 3:
            values["drop_frame"] = value is not None and value.drop_frame
    return values


_PLAIN: dict[type, list[tuple[str, str, int]]] = {}


def _plain_kind(d: Declared) -> int:
    """0: as it is; 1: a choice's value; 2: a decimal's text; 3: a rate."""
    if d.codec is CHOICE:
        return 1
    if d.codec is SHARE or d.codec is FEE:
        return 2
    return 3 if d.codec is RATE or d.codec is FILM_RATE else 0


def plain_value(d: Declared, value: Any) -> Any:
    """One value of ``d`` as ``plain`` writes it (a rate: its ratio; its flag is a column apart)."""
    kind = _plain_kind(d)
    if value is None or kind == 0:
        return value
    return value.value if kind == 1 else format(value, "f") if kind == 2 else value.ratio
