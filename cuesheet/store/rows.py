"""Domain objects to table rows and back, derived from the fields' declarations (domain.fields).

Each codec says how a kind of value is written and read; a row is the values of a class's declared
fields in declaration order (``schema.stored_columns``), read back from plain ``sqlite3`` tuples.
Every value a row holds is checked on the way in.

Reading a received file: a value that cannot mean anything (a rate of ``1e50000000``, an unknown
usage code) refuses the file; one that is merely outside the bounds of ``domain.limits`` is clamped,
so the project still opens and its user can repair it (validation flags cues outside the film):
texts are clipped, positions clamped, an unreadable share loads as 0 and an unreadable fee as unknown.

Reading is the cost of opening a project (300,000 values at 50,000 cues), so each decoder checks
the usual case first (a text within its bound, an integer in range) and shares and fees, which
repeat, are parsed once per distinct text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cached_property
from typing import Any, TypeVar

from cuesheet.domain.fields import Codec, Declared, declared
from cuesheet.domain.limits import (
    FEE_MAX,
    TEXT_MAX,
    BoundsError,
    clip_text,
    max_frames,
    parse_bounded_decimal,
)
from cuesheet.domain.project import Settings
from cuesheet.domain.timecode import FrameRate

Values = Sequence[Any]
Decode = Callable[[Any], Any]
T = TypeVar("T")

_INTEGER = re.compile(r"[+-]?\d+")
INT64 = 2**63 - 1


# -- writing ----------------------------------------------------------------------------------


def rate_row(rate: FrameRate) -> tuple[str, int]:
    return rate.ratio, int(rate.drop_frame)


def encode(item: Any) -> list[Any]:
    """The values of ``item``'s declared fields as stored, in column order."""
    values: list[Any] = []
    for d in declared(type(item)):
        value = getattr(item, d.name)
        codec = d.codec
        if codec is Codec.CHOICE:
            values.append(None if value is None else value.value)
        elif codec is Codec.SHARE or codec is Codec.FEE:
            values.append(None if value is None else str(value))
        elif codec is Codec.FLAG:
            values.append(int(value))
        elif codec is Codec.RATE or codec is Codec.FILM_RATE:
            values += rate_row(value) if value is not None else (None, 0)
        else:
            values.append(value)
    return values


def settings_rows(settings: Settings) -> list[tuple[str, str]]:
    """(key, value) rows: one per field of Settings, keyed by the field's name."""
    values = ((d.column, getattr(settings, d.name)) for d in declared(Settings))
    return [(column, "" if value is None else value.value) for column, value in values]  # "": none chosen


# -- reading: single values -------------------------------------------------------------------


def rate_from(text: object, drop: object) -> FrameRate:
    """A stored ``num/den`` rate, read as bounded integers (never ``Fraction(text)``: ``1e50000000``)."""
    return FrameRate.from_ratio(text_of(text), bool(int_of(drop, 0, 1)))


def text_of(value: object, limit: int = TEXT_MAX) -> str:
    return clip_text(str(value), limit)


def int_of(value: object, low: int, high: int) -> int:
    """A stored integer clamped to ``low``…``high``; a REAL or digits stored as text are clamped
    too (1e308, 5,000 nines), anything else is not a number (ValueError)."""
    if isinstance(value, float) and value == value:  # not NaN
        number = high if value >= high else low if value <= low else int(value)
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        text = value.strip()
        huge = len(text.lstrip("+-")) > 19
        number = (low if text.startswith("-") else high) if huge else int(text)
    elif isinstance(value, int):
        number = value
    else:
        raise ValueError(f"not a whole number: {text_of(value)[:40]!r}")
    return max(low, min(high, number))


def _share(value: object) -> Decimal:
    """A stored share, or 0 when it is not a bounded number (validation then flags the work)."""
    try:
        return parse_bounded_decimal(text_of(value), "share", Decimal(100))
    except BoundsError:
        return Decimal(0)


def _fee(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        return parse_bounded_decimal(text_of(value), "fee", FEE_MAX)
    except BoundsError:
        return None  # unknown, as if never entered


def _film_rate(text: object, drop: object) -> FrameRate | None:
    """The film's rate as recorded; an unusable one is forgotten (it only helps to recognise it)."""
    try:
        return rate_from(text, drop) if text else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Rule:
    """How one column is read: ``usual`` when ``guard`` holds (the value as we write it), else
    ``slow``, which clamps, clips or refuses any other stored value. Both are Python expressions in
    ``{v}`` (the stored value) and ``{K}`` (``table``), so a row's rules compile into one function
    (``Reader``): opening reads 300,000 values at 50,000 cues, and a call per value was half of it."""

    guard: str
    usual: str
    slow: Decode
    table: dict[Any, Any] | None = None

    @cached_property
    def read(self) -> Decode:
        """The rule as a function of one value."""
        return _compiled((self,))

    def __call__(self, value: Any) -> Any:
        return self.read(value)


def _text(bound: int) -> Rule:
    return Rule(f"type({{v}}) is str and len({{v}}) <= {bound}", "{v}", lambda v: text_of(v, bound))


def _ref(optional: bool) -> Rule:
    if not optional:
        return _text(TEXT_MAX)
    # "" names nothing, like None (None is the usual case: most cues have no recording, no agreement).
    return Rule(f"{{v}} is None or (type({{v}}) is str and 0 < len({{v}}) <= {TEXT_MAX})", "{v}",
                lambda v: None if v == "" else text_of(v))  # fmt: skip


def _integer(low: int, high: int) -> Rule:
    return Rule(f"type({{v}}) is int and {low} <= {{v}} <= {high}", "{v}", lambda v: int_of(v, low, high))


def _choice(enum: type[Enum], optional: bool) -> Rule:
    def slow(value: Any) -> Any:
        if optional and not value:
            return None
        raise ValueError(f"{text_of(value)[:40]!r} is not a valid {enum.__qualname__}")

    members: dict[Any, Any] = {member.value: member for member in enum}
    if optional:  # None, the usual "none chosen" (a cue's usage override), read without a call
        members[None] = None
    return Rule("{v} in {K}", "{K}[{v}]", slow, members)


def _memo(parse: Decode) -> Rule:
    """``parse``, remembering its result per stored text (a Decimal is immutable: shared safely)."""
    seen: dict[Any, Any] = {}

    def slow(value: Any) -> Any:
        result = parse(value)
        if type(value) is str:
            seen[value] = result
        return result

    return Rule("{v} in {K}", "{K}[{v}]", slow, seen)


_index = Rule("{v} is None or (type({v}) is int and 0 <= {v} <= " + str(INT64) + ")", "{v}",
              lambda v: None)  # fmt: skip  # unusable: none chosen, the default stream then
_FLAG = Rule("type({v}) is int", "{v} >= 1", lambda v: bool(int_of(v, 0, 1)))


def decoder(d: Declared, frames: int) -> Rule:
    """How ``d``'s stored value is read, positions bounded to ±``frames`` (RATE: see ``Reader``)."""
    codec = d.codec
    if codec is Codec.TEXT:
        return _text(d.bound)
    if codec is Codec.REF:
        return _ref(d.optional)
    if codec is Codec.CHOICE:
        assert d.choices is not None  # checked when declared
        return _choice(d.choices, d.optional)
    if codec is Codec.FRAMES:
        return _integer(-frames, frames)
    if codec is Codec.LENGTH:
        return _integer(0, frames)
    if codec is Codec.INT:
        return _integer(0, INT64)
    if codec is Codec.INDEX:
        return _index
    if codec is Codec.FLAG:
        return _FLAG
    if codec is Codec.SHARE:
        return _memo(_share)
    if codec is Codec.FEE:
        return _memo(_fee)
    raise ValueError(f"{d.name}: {codec} spans two columns")


def _compiled(rules: tuple[Rule, ...], make: type | None = None, skip: int = 0, keyword: str = "") -> Decode:
    """One function reading a row (a value, when ``make`` is None): ``skip`` leading columns
    ignored, then a column per rule, the values given to ``make`` (the last one as ``keyword``
    when named), with the function's keyword arguments (a work's interests)."""
    names = [f"v{n}" for n in range(len(rules))]
    scope: dict[str, Any] = {"make": make}
    parts = []
    for n, (name, rule) in enumerate(zip(names, rules, strict=True)):
        scope[f"s{n}"], scope[f"K{n}"] = rule.slow, rule.table
        guard, usual = (x.format(v=name, K=f"K{n}") for x in (rule.guard, rule.usual))
        parts.append(f"({usual}) if ({guard}) else s{n}({name})")
    if make is None:
        source = f"def read(v0):\n    return {parts[0]}\n"
    else:
        if keyword:
            parts[-1] = f"{keyword}={parts[-1]}"
        unpack = ", ".join(["_"] * skip + names)
        source = f"def read(row, **more):\n    {unpack}, = row\n    return make({', '.join(parts)}, **more)\n"
    exec(source, scope)  # source made here from the rules above, never from a file
    read: Decode = scope["read"]
    return read


# -- reading: rows ----------------------------------------------------------------------------


class Reader:
    """Reads rows of one project: positions are bounded at its rate (``limits.max_frames``)."""

    def __init__(self, rate: FrameRate) -> None:
        self._frames = max_frames(rate.rate)
        self._readers: dict[tuple[type, str], Callable[..., Any]] = {}

    def values(self, cls: type, row: Values) -> list[Any]:
        """The decoded values of ``cls``'s declared fields, from ``row``'s first columns (slowly:
        for the production's and the film's single rows, whose rate takes two columns)."""
        values: list[Any] = []
        column = 0
        for d in declared(cls):
            if d.codec is Codec.RATE:
                values.append(rate_from(row[column], row[column + 1]))
            elif d.codec is Codec.FILM_RATE:
                values.append(_film_rate(row[column], row[column + 1]))
            else:
                values.append(decoder(d, self._frames)(row[column]))
            column += len(d.columns)
        return values

    def entity(self, cls: type[T], row: Values, **structural: Any) -> T:
        """An entity from its declared columns followed by its id (``structural``: the fields it
        has besides, such as a work's interests)."""
        item: T = self._reader(cls, "entity")(row, **structural)
        return item

    def children(self, cls: type[T], rows: list[Values]) -> list[T]:
        """A parent's list (interests, history) from its rows, each (parent id, position, declared
        columns…), in the list's order (the rows are read ordered by position)."""
        read = self._reader(cls, "child")
        return [read(row) for row in rows]

    def _reader(self, cls: type, shape: str) -> Decode:
        found = self._readers.get((cls, shape))
        if found is None:
            rules = tuple(decoder(d, self._frames) for d in declared(cls))
            if shape == "entity":  # the declared columns, then the id
                found = _compiled((*rules, _id), cls, keyword="id")
            else:  # the parent's id and the position, then the declared columns
                found = _compiled(rules, cls, skip=2)
            self._readers[cls, shape] = found
        return found


_id = _text(TEXT_MAX)


def settings_from(rows: list[Values]) -> Settings:
    """Settings from (key, value) rows; a setting without a row, or with a value this version does
    not know (a society profile a newer Cuesheet added, a planted word), keeps its default: a
    setting is a preference its user sees and changes in the production dialog, not a reason to
    refuse the whole project."""
    stored = {text_of(key): value for key, value in rows}
    defaults = Settings()
    values = {d.name: _setting(d, stored, getattr(defaults, d.name)) for d in declared(Settings)}
    return Settings(**values)


def _setting(d: Declared, stored: dict[str, Any], default: Any) -> Any:
    if d.column not in stored:
        return default
    try:
        return decoder(d, 0)(stored[d.column])
    except ValueError:
        return default
