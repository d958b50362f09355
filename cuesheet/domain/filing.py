"""A filed sheet (issue #15 §2): a sheet is filed with a society, queried, corrected and filed again.

"Mark as filed" keeps a ``Filing`` in the project: when, with whom, by whom, a note, the version it
was filed as, and a frozen copy of the sheet (the JSON sheet, ``reports.cue_sheet_json``, packed),
from which any filed version can be exported again. ``domain.revisions`` compares the sheet with
the last filing. The first filing is the Original; each later one is "Revised n", n counting the
filings made before it.
"""

from __future__ import annotations

import base64
import zlib
from dataclasses import dataclass, field

from cuesheet.domain.fields import INT, meta
from cuesheet.domain.limits import NOTE_MAX
from cuesheet.domain.rights import new_id

SHEET_MAX = 64 * 1024 * 1024  # characters of a frozen sheet as stored (a 50,000-cue sheet: ~6 M)
SHEET_UNPACKED_MAX = 128 * 1024 * 1024  # what one may unpack to (the JSON reader's own limit)


@dataclass(slots=True)
class Filing:
    number: int = field(metadata=meta("No.", INT))  # 1 for the first filing
    filed_on: str = field(metadata=meta("Filed on"))  # ISO date
    recipient: str = field(default="", metadata=meta("Filed with"))  # ASCAP, PRS, a broadcaster
    filed_by: str = field(default="", metadata=meta("Filed by"))
    note: str = field(default="", metadata=meta("Note", bound=NOTE_MAX))
    version: str = field(default="", metadata=meta("Version"))  # as filed: "Original", "Revised 1"
    sheet: str = field(default="", metadata=meta("Sheet", bound=SHEET_MAX), repr=False)  # packed JSON
    id: str = field(default_factory=new_id)


def version_label(filings_before: int) -> str:
    """What a sheet filed after ``filings_before`` filings is called."""
    return "Original" if filings_before == 0 else f"Revised {filings_before}"


def pack(sheet_json: bytes) -> str:
    """The frozen sheet as stored: zlib, then base64 (a text column; JSON packs ~12:1)."""
    return base64.b64encode(zlib.compress(sheet_json, 6)).decode("ascii")


def unpack(packed: str) -> bytes:
    """The frozen sheet's JSON; ValueError when the stored text is damaged (the project still opens:
    only this filing's copy cannot be exported)."""
    try:
        data = base64.b64decode(packed.encode("ascii"), validate=True)
        inflater = zlib.decompressobj()
        sheet = inflater.decompress(data, SHEET_UNPACKED_MAX)
    except (ValueError, zlib.error, UnicodeEncodeError) as error:
        raise ValueError(f"the filed copy is damaged ({error})") from None
    if inflater.unconsumed_tail:
        raise ValueError("the filed copy unpacks to more than any sheet holds")
    if not inflater.eof:
        raise ValueError("the filed copy is cut short")
    return sheet
