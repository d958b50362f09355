"""Checks of the production header's identifiers and dates (issue #15 §1): what a society's system
refuses when the sheet is keyed in. Each is a warning, naming the field and what it should be.

ISAN and EIDR carry ISO 7064 MOD 37,36 check characters (verified on the registries' published
examples: ISAN 0000-0000-D07A-0090-Q-0000-0000-X, EIDR 10.5240/7791-8534-2C23-9030-8610-5)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from cuesheet.domain.project import Production

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_EIDR = re.compile(r"10\.5240/((?:[0-9A-F]{4}-){5})([0-9A-Z])")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_YEAR = re.compile(r"[0-9]{4}")  # ASCII digits: \d and int() take ٢٠٢٦ too
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # fromisoformat takes 2026-W01-1 too

Problem = tuple[str, str, str]  # code, message, fix


def mod37_36(characters: str) -> str:
    """The ISO 7064 MOD 37,36 check character of hexadecimal ``characters``."""
    product = 36
    for character in characters:
        total = (product + _ALPHABET.index(character)) % 36 or 36
        product = total * 2 % 37
    return _ALPHABET[(37 - product) % 36]


def isan_problem(text: str) -> str | None:
    """Why ``text`` is no ISAN (``ISAN 0000-0000-D07A-0090-Q``, with or without the version part
    ``-0000-0000-X``), or None."""
    compact = re.sub(r"[\s-]", "", text.strip().upper().removeprefix("ISAN"))
    if not re.fullmatch(r"[0-9A-F]{16}[0-9A-Z]([0-9A-F]{8}[0-9A-Z])?", compact):
        return "is not 16 hexadecimal digits and a check character (ISAN 0000-0000-D07A-0090-Q)"
    if compact[16] != mod37_36(compact[:16]):
        return f"has the check character {compact[16]}, not {mod37_36(compact[:16])}: a digit is mistyped"
    if len(compact) > 17 and compact[25] != mod37_36(compact[:16] + compact[17:25]):
        return "has a version part whose check character does not match: a digit is mistyped"
    return None


def eidr_problem(text: str) -> str | None:
    """Why ``text`` is no EIDR content ID (``10.5240/7791-8534-2C23-9030-8610-5``), or None."""
    found = _EIDR.fullmatch(text.strip().upper())
    if found is None:
        return "is not an EIDR content ID (10.5240/XXXX-XXXX-XXXX-XXXX-XXXX-C)"
    digits, given = found.group(1).replace("-", ""), found.group(2)
    if given != mod37_36(digits):
        return f"has the check character {given}, not {mod37_36(digits)}: a digit is mistyped"
    return None


def header_problems(production: Production) -> Iterator[Problem]:
    if production.isan.strip() and (why := isan_problem(production.isan)):
        yield "BAD_ISAN", f"the ISAN {why}", "copy the ISAN from the registry's record"
    if production.eidr.strip() and (why := eidr_problem(production.eidr)):
        yield "BAD_EIDR", f"the EIDR {why}", "copy the EIDR ID from the registry's record"
    year = production.year.strip()
    if year and not (_YEAR.fullmatch(year) and 1870 <= int(year) <= dt.date.today().year + 10):
        yield (
            "BAD_YEAR",
            f"the year of production {year[:20]!r} is not a year",
            "enter four digits, e.g. 2026",
        )
    for label, value in (("first release", production.first_release), ("prepared", production.prepared_date)):
        if value.strip() and not _iso_date(value.strip()):
            yield "BAD_DATE", f"the {label} date {value[:20]!r} is not a date", "enter it as YYYY-MM-DD"
    email = production.prepared_email.strip()
    if email and not _EMAIL.fullmatch(email):
        yield "BAD_EMAIL", f"the preparer's e-mail {email[:40]!r} is not an address", "enter name@domain"


def _iso_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
