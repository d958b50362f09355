"""The timeline's lane (cue bands and waveform) composed as one opaque image with numpy, and the
cues' places on it (``Spans``).

Blending translucent rectangles with QPainter costs ~0.1 ms each in Qt's software raster engine;
5,000 cues and a waveform then take hundreds of milliseconds. Composing the pixels here and drawing
one opaque image keeps a full repaint within a few milliseconds at any zoom.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtGui import QImage

from cuesheet.domain.cue import Cue
from cuesheet.domain.sheet import Delta, Line

# Colours as B, G, R, A (the byte order of QImage.Format_RGB32 on little-endian machines).
BACKGROUND = (0x22, 0x1F, 0x1E, 0xFF)
WAVE = (0x70, 0x63, 0x5C, 0xFF)
OPEN = (0x5C, 0x54, 0x50, 0xFF)


def column_origins(width: int, spans: np.ndarray) -> np.ndarray:
    """For each pixel column, the index of the origin drawn there (-1: none). ``spans`` rows are
    (x0, x1, origin index) in pixels; later spans win, as later-drawn rectangles would."""
    data = np.asarray(spans, dtype=np.float64).reshape(-1, 3)
    return placed_origins(width, data[:, 0].copy(), data[:, 1].copy(), data[:, 2])


def placed_origins(width: int, x0: np.ndarray, x1: np.ndarray, colours: np.ndarray) -> np.ndarray:
    """``column_origins`` of spans given as columns (float64 ``x0`` and ``x1``, which it may change):
    at 50,000 cues, stacking them into rows and copying them again was half the time."""
    columns = np.full(width, -1, np.int16)
    if not len(x0):
        return columns
    # Far cues map to huge (or, past float range, infinite) pixels: bound them before any int cast.
    for x in (x0, x1):
        if not np.isfinite(x).all():
            np.nan_to_num(x, copy=False, posinf=1e18, neginf=-1e18)
    first = np.clip(np.floor(x0, out=x0), 0, width).astype(np.int64)
    last = np.clip(np.maximum(np.ceil(x1, out=x1), first + 1), 0, width).astype(np.int64)
    origins = colours.astype(np.int16)
    lengths = last - first
    if lengths.sum() <= 16 * width:  # every covered pixel once: exact "last wins" without a loop
        rows = np.repeat(np.arange(len(first)), lengths)
        starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        pixels = np.repeat(first, lengths) + np.arange(len(rows)) - starts
        winner = np.full(width, -1, np.int64)
        np.maximum.at(winner, pixels, rows)
        shown = winner >= 0
        columns[shown] = origins[winner[shown]]
        return columns
    if len(x0) <= 4 * width:  # few but wide (zoomed in): paint them in order
        for a, b, origin in zip(first, last, origins, strict=True):
            columns[a:b] = origin
        return columns
    for origin in np.unique(origins):  # very many and wide: coverage per origin, in origin order
        chosen = origins == origin
        opened = np.bincount(first[chosen], minlength=width + 1)
        edges = opened - np.bincount(last[chosen], minlength=width + 1)
        columns[np.cumsum(edges[:width]) > 0] = origin
    return columns


class Spans:
    """The cues as the lane places them, in the sheet's order: starts, ends and colour indexes as
    arrays (zoomed out, thousands of cues are placed without a Python loop). Kept in step with the
    sheet's ``Delta``: an edit touches the rows it names, not every cue."""

    def __init__(self) -> None:
        self.cues: list[Cue] = []
        self.starts = self.ends = self.colours = np.zeros(0)
        self.longest = 0  # frames: the longest cue (a cue starting this far left can still show)

    def rebuild(self, cues: list[Cue], colour: Callable[[Cue], int]) -> None:
        self.cues = list(cues)
        self.starts = np.fromiter((c.start for c in cues), np.float64, len(cues))
        self.ends = np.fromiter((c.end for c in cues), np.float64, len(cues))
        self.colours = np.fromiter(map(colour, cues), np.float64, len(cues))
        self._measure()

    def follow(self, delta: Delta, lines: list[Line], colour: Callable[[Cue], int]) -> None:
        if len(delta.removed) + len(delta.inserted) > 64:  # an import: one pass is cheaper
            self.rebuild([line.cue for line in lines], colour)
            return
        for row in delta.removed:  # highest first
            del self.cues[row]
        if delta.removed:
            self.starts, self.ends, self.colours = (np.delete(a, list(delta.removed)) for a in self._arrays())
        for row in delta.inserted:  # ascending, final rows
            cue = lines[row].cue
            self.cues.insert(row, cue)
            self.starts = np.insert(self.starts, row, cue.start)
            self.ends = np.insert(self.ends, row, cue.end)
            self.colours = np.insert(self.colours, row, colour(cue))
        for row in delta.changed:
            cue = self.cues[row] = lines[row].cue
            self.starts[row], self.ends[row], self.colours[row] = cue.start, cue.end, colour(cue)
        self._measure()

    def between(self, first: float, last: float) -> tuple[int, int]:
        """Rows of the cues that may show between two frames: starting from ``first`` less the
        longest cue, up to ``last``."""
        lo = int(np.searchsorted(self.starts, first - self.longest, "left"))
        return lo, int(np.searchsorted(self.starts, last, "right"))

    def columns(
        self,
        lo: int,
        hi: int,
        left: float,
        frames_per_px: float,
        width: int,
        preview: tuple[int, int, int] | None,
    ) -> np.ndarray:
        """``column_origins`` of rows ``lo``…``hi`` placed in a view starting at frame ``left``;
        ``preview``: (row, start, end) drawn instead of the stored in/out (a drag)."""
        x0, x1 = (self.starts[lo:hi] - left) / frames_per_px, (self.ends[lo:hi] - left) / frames_per_px
        if preview is not None and lo <= preview[0] < hi:
            x0[preview[0] - lo] = (preview[1] - left) / frames_per_px
            x1[preview[0] - lo] = (preview[2] - left) / frames_per_px
        return placed_origins(width, x0, x1, self.colours[lo:hi])

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.starts, self.ends, self.colours

    def _measure(self) -> None:
        self.longest = int((self.ends - self.starts).max()) if len(self.cues) else 0


def lane_image(
    width: int,
    height: int,
    band: tuple[int, int],
    columns: np.ndarray,
    palette: list[tuple[int, int, int, int]],
    buckets: np.ndarray | None,
    open_span: tuple[float, float] | None,
) -> QImage:
    """The lane: background, the open cue, cue bands (rows ``band``), the waveform on top.
    ``buckets`` are (min, max) per column in -1…1 (``Peaks.span``). Pixels are composed as 32-bit
    words a row at a time (the rows above, in and below the band each repeat one row's colours)."""
    colours, darker = _words(palette), _words(_darker(palette))
    background, wave_colour = _word(BACKGROUND), _word(WAVE)
    top, bottom = max(0, band[0]), min(height, band[1])
    covered = columns >= 0
    chosen = np.where(covered, columns, 0)
    band_row = np.full(width, background, np.uint32)  # one row of the band: open cue, then cues
    if open_span is not None:
        a, b = (int(np.clip(np.nan_to_num(v, posinf=width, neginf=0), 0, width)) for v in open_span)
        band_row[a : max(a + 1, b)] = _word(OPEN)
    band_row = np.where(covered, colours[chosen], band_row)
    pixels = np.empty((height, width), np.uint32)
    pixels[:top] = background
    pixels[top:bottom] = band_row
    pixels[bottom:] = background
    if buckets is not None and len(buckets) == width:
        middle, half = height / 2, height / 2 - 4
        upper = np.round(middle - buckets[:, 1] * half).astype(np.int32)
        lower = np.round(middle - buckets[:, 0] * half).astype(np.int32)
        upper[buckets[:, 1] <= buckets[:, 0]] = height  # silence: no line
        rows = np.arange(height, dtype=np.int32)[:, None]
        wave = (rows >= upper) & (rows <= lower)
        # Over a cue, the waveform is the cue's colour, darker.
        on_band = np.where(covered, darker[chosen], wave_colour)
        pixels[:top][wave[:top]] = wave_colour
        pixels[bottom:][wave[bottom:]] = wave_colour
        np.copyto(pixels[top:bottom], on_band, where=wave[top:bottom])
    image = QImage(pixels.data, width, height, width * 4, QImage.Format.Format_RGB32)
    return image.copy()  # the numpy buffer is about to go away


def _word(colour: tuple[int, int, int, int]) -> int:
    """B, G, R, A bytes as the 32-bit pixel they make on a little-endian machine."""
    b, g, r, a = colour
    return b | g << 8 | r << 16 | a << 24


def _words(palette: list[tuple[int, int, int, int]]) -> np.ndarray:
    return np.array([_word(colour) for colour in palette], np.uint32)


def _darker(palette: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    return [(int(b * 0.55), int(g * 0.55), int(r * 0.55), 0xFF) for b, g, r, _ in palette]
