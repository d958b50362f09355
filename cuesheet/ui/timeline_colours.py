"""The timeline's colours: per origin, or per theme (motif). No numpy here: the window paints its
first picture before the lane (timeline_lane.py, numpy) is loaded."""

from __future__ import annotations

import zlib

from PySide6.QtGui import QColor

from cuesheet.domain.cue import Cue
from cuesheet.domain.usage import Origin

ORIGIN_COLOURS = {
    Origin.SCORE: QColor("#4a90d9"),
    Origin.LICENSED: QColor("#e0803a"),
    Origin.LIBRARY: QColor("#5fb36b"),
    Origin.PUBLIC_DOMAIN: QColor("#9b7fc7"),
}
ORIGIN_INDEX = {origin: index for index, origin in enumerate(ORIGIN_COLOURS)}
MOTIF_COLOURS = ("#d9534f", "#f0ad4e", "#5bc0de", "#9c6ade", "#4caf7d", "#e377c2", "#bcbd22", "#17becf")
NO_MOTIF = "#6b6f78"
OUTLINE = QColor("#15161a")
LANE_BACKGROUND = QColor("#1e1f22")  # timeline_lane.BACKGROUND, for the lane before cues are placed


def bgra(hex_colour: str) -> tuple[int, int, int, int]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return (b, g, r, 0xFF)


# Origins first, then grey for "no theme", then one colour per theme in the project's list.
PALETTE = (
    [bgra(c.name()) for c in ORIGIN_COLOURS.values()] + [bgra(NO_MOTIF)] + [bgra(c) for c in MOTIF_COLOURS]
)


def colour_index(cue: Cue, motifs: list[str] | None) -> int:
    """The cue's colour in ``PALETTE``: by origin, or (``motifs``: the project's themes) by theme."""
    if motifs is None:
        return ORIGIN_INDEX[cue.origin]
    if not cue.motif:
        return len(ORIGIN_COLOURS)  # grey: no theme
    # A theme not in the project's list still gets a stable colour (crc32: same on every run).
    known = motifs.index(cue.motif) if cue.motif in motifs else len(motifs) + zlib.crc32(cue.motif.encode())
    return len(ORIGIN_COLOURS) + 1 + known % len(MOTIF_COLOURS)
